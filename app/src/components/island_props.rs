//! The structs islands receive in their props: word sets translated by the
//! server, chart spots, filter and form choices ([`island_props!`]).
//!
//! An island's props travel as JSON, and serde's derived reader of a struct
//! matches every field by name: for word sets of twenty or thirty fields
//! that is kilobytes of WASM each. A struct declared with [`island_props!`]
//! travels as a JSON array in field order instead, read by position through
//! the element readers they all share. Only for props: answers of server
//! functions and the REST API keep their named fields.

/// Declares a struct (of any serde types) that an island receives, carried
/// as a JSON array in field order.
#[macro_export]
macro_rules! island_props {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $($(#[$field_meta:meta])* $field_vis:vis $field:ident: $ty:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        $vis struct $name {
            $($(#[$field_meta])* $field_vis $field: $ty),*
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeSeq;
                let mut seq = s.serialize_seq(None)?;
                $(seq.serialize_element(&self.$field)?;)*
                seq.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct InOrder;
                impl<'de> ::serde::de::Visitor<'de> for InOrder {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str(concat!("the fields of ", stringify!($name), " in order"))
                    }
                    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(
                        self,
                        mut seq: A,
                    ) -> Result<$name, A::Error> {
                        let short = || {
                            <A::Error as ::serde::de::Error>::custom(concat!(
                                "too few fields for ",
                                stringify!($name)
                            ))
                        };
                        Ok($name {
                            $($field: seq.next_element()?.ok_or_else(short)?),*
                        })
                    }
                }
                d.deserialize_seq(InOrder)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::island_props! {
        struct Sample {
            title: String,
            pub choices: Vec<(String, String)>,
        }
    }

    #[test]
    fn props_travel_in_field_order_and_come_back_whole() {
        let words = Sample {
            title: "Embudo".into(),
            choices: vec![("won".into(), "Ganado".into())],
        };
        let json = serde_json::to_string(&words).unwrap();
        assert_eq!(json, r#"["Embudo",[["won","Ganado"]]]"#);
        assert_eq!(serde_json::from_str::<Sample>(&json).unwrap(), words);
        assert!(serde_json::from_str::<Sample>(r#"["Embudo"]"#).is_err());
    }
}
