//! The records the pages' forms create, edit and delete.
use serde::{Deserialize, Serialize};

/// Which kind of record a form or a button acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordKind {
    Deal,
    Organization,
    Contact,
    Activity,
    Product,
    /// A quote's draft fields (it is created from its deal).
    Quote,
    /// How a nota de venta is paid and invoiced (it is issued from a
    /// quote or a deal).
    SaleNote,
}

/// What the viewer may do with the records of a page, for the forms it
/// offers: add or change them, and to whom they may be given (empty: only
/// to themselves).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rights {
    pub may_edit: bool,
    pub owners: Vec<(i64, String)>,
}

/// A record as sent (declared with [`record_input!`]).
pub trait RecordInput: Sized {
    /// These fields laid over `base` (an edit over the stored record): a
    /// field not sent keeps the base's.
    fn over(self, base: Self) -> Self;

    /// Each field by name with its text (not sent: empty), as the record's
    /// history compares an edit.
    fn pairs(&self) -> Vec<(String, String)>;
}

/// Declares a record's input: its fields as sent (by a page's form, a REST
/// body or a CSV row), each its text (a number as its digits, `null` as
/// empty); `None`: not sent, so an edit keeps the stored value and a new
/// record takes the default.
macro_rules! record_input {
    ($(#[$meta:meta])* pub struct $name:ident {
        $($(#[$field_meta:meta])* pub $field:ident,)*
    }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: Option<String>,)*
        }

        impl $name {
            /// The fields a page's form sent, by name (others are ignored).
            pub fn from_form(fields: &std::collections::BTreeMap<String, String>) -> $name {
                $name {
                    $($field: fields.get(stringify!($field)).cloned(),)*
                }
            }

        }

        impl $crate::domain::records::RecordInput for $name {
            fn over(self, base: $name) -> $name {
                $name {
                    $($field: self.$field.or(base.$field),)*
                }
            }

            fn pairs(&self) -> Vec<(String, String)> {
                vec![$(
                    (stringify!($field).to_string(), self.$field.clone().unwrap_or_default()),
                )*]
            }
        }
    };
}

pub(crate) use record_input;
