//! A REST request body: [`Body`] reads a JSON object into a typed struct
//! whose fields are [`Field`]s, so a body that is not a JSON object is a
//! 400, an oversized one a 413, and every field of the wrong type, missing
//! or invalid is named in one 422 (through [`Problems`]). A field tells
//! absent from `null`: a PATCH changes only what it sends. A body whose
//! record is saved as a page's form saves it (activities, organizations,
//! contacts) gives each field's text with [`Field::text`].
use super::ApiError;
use app::error::{AppError, Problems};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use utoipa::openapi::schema::{
    AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, SchemaType, Type,
};

/// A request body's bytes: one over the route's limit is a 413, any other
/// failure to read it a 400.
pub async fn bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, AppError> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::BadRequest(e.body_text())
        }
    })
}

/// A JSON object body read into `T` (whose fields are [`Field`]s, so
/// reading it cannot fail on a field: the handler checks them).
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = bytes(req, state).await?;
        let map = match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                return Err(AppError::BadRequest("the body must be a JSON object".into()).into());
            }
            Err(e) => return Err(AppError::BadRequest(format!("malformed JSON: {e}")).into()),
        };
        T::deserialize(Value::Object(map))
            .map(Body)
            .map_err(|e| AppError::BadRequest(e.to_string()).into())
    }
}

/// One field of a body as sent: absent, `null`, a value, or a value of
/// the wrong JSON type (with the code it is named with when read).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Field<T> {
    #[default]
    Absent,
    Null,
    Value(T),
    Wrong(&'static str),
}

impl<'de, T: DeserializeOwned + Expected> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Null => Field::Null,
            v => T::deserialize(v).map_or(Field::Wrong(T::WRONG), Field::Value),
        })
    }
}

/// A JSON type a field may hold, and the code of a value of another type.
pub trait Expected {
    const WRONG: &'static str;
}

impl Expected for String {
    const WRONG: &'static str = "must_be_string";
}

impl Expected for i64 {
    const WRONG: &'static str = "must_be_integer";
}

impl Expected for f64 {
    const WRONG: &'static str = "must_be_number";
}

impl Expected for bool {
    const WRONG: &'static str = "must_be_boolean";
}

impl Expected for Vec<String> {
    const WRONG: &'static str = "must_be_list_of_strings";
}

impl<T: Expected> Field<T> {
    /// Whether the body names the field (even as `null`).
    pub fn sent(&self) -> bool {
        !matches!(self, Field::Absent)
    }

    /// The value (absent or `null`: none); one of the wrong type is a
    /// problem of `name`.
    pub fn read(self, name: &str, problems: &mut Problems) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            Field::Wrong(code) => {
                problems.add(name, code);
                None
            }
            Field::Absent | Field::Null => None,
        }
    }

    /// The value, which must be there.
    pub fn require(self, name: &str, problems: &mut Problems) -> Option<T> {
        let value = self.read(name, problems);
        problems.required(name, value)
    }
}

impl<T: Expected + ToString> Field<T> {
    /// The field as a page's form sends it: its text (a number as its
    /// digits), `null` as empty, none when absent; one of the wrong type
    /// is a problem of `name`.
    pub fn text(self, name: &str, problems: &mut Problems) -> Option<String> {
        match self {
            Field::Absent => None,
            Field::Null => Some(String::new()),
            Field::Value(v) => Some(v.to_string()),
            Field::Wrong(code) => {
                problems.add(name, code);
                None
            }
        }
    }
}

/// The schema of a text that is one of `words` (`optional`: or `null` or
/// empty, which a body may send for a field it clears or leaves to its
/// default, as a page's form does).
pub fn words(words: &[&str], description: &str, optional: bool) -> ObjectBuilder {
    let mut values: Vec<Value> = words.iter().map(|w| Value::from(*w)).collect();
    let kind = if optional {
        values.extend([Value::from(""), Value::Null]);
        SchemaType::Array(vec![Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .enum_values(Some(values))
        .description((!description.is_empty()).then_some(description))
}

/// An optional date or instant (`format`): `null` or empty is none.
fn optional_time(format: KnownFormat) -> AnyOfBuilder {
    let time = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(format)));
    let empty = ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(0));
    AnyOfBuilder::new()
        .item(time)
        .item(empty)
        .item(ObjectBuilder::new().schema_type(Type::Null))
}

/// An optional date, `YYYY-MM-DD`.
pub fn optional_date() -> AnyOfBuilder {
    optional_time(KnownFormat::Date)
}

/// An optional instant, ISO 8601.
pub fn optional_instant() -> AnyOfBuilder {
    optional_time(KnownFormat::DateTime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Deserialize)]
    #[serde(default)]
    struct Sample {
        title: Field<String>,
        stage_id: Field<i64>,
        position: Field<f64>,
        owner_id: Field<i64>,
    }

    /// The (field, code) pairs of a 422.
    fn named(result: Result<(), ApiError>) -> Vec<String> {
        let Err(ApiError(AppError::Validation(list))) = result else {
            panic!("problems expected");
        };
        list.into_iter()
            .map(|f| format!("{} {}", f.field, f.code))
            .collect()
    }

    #[test]
    fn tells_absent_from_null_and_names_every_wrong_type() {
        let s: Sample =
            serde_json::from_str(r#"{"title": null, "stage_id": "7", "position": 1}"#).unwrap();
        assert_eq!(s.title, Field::Null);
        assert!(s.title.sent() && !s.owner_id.sent());
        let mut p = Problems::default();
        assert_eq!(s.title.read("title", &mut p), None);
        assert_eq!(s.stage_id.require("stage_id", &mut p), None);
        assert_eq!(s.position.read("position", &mut p), Some(1.0));
        assert_eq!(s.owner_id.require("owner_id", &mut p), None);
        assert_eq!(
            named(p.finish().map_err(ApiError)),
            ["stage_id must_be_integer", "owner_id required"]
        );
    }

    #[test]
    fn a_body_goes_to_the_form_as_the_text_of_what_it_sent() {
        let s: Sample =
            serde_json::from_str(r#"{"title": null, "owner_id": 12, "position": 2.5}"#).unwrap();
        let mut p = Problems::default();
        assert_eq!(s.owner_id.text("owner_id", &mut p).as_deref(), Some("12"));
        assert_eq!(s.position.text("position", &mut p).as_deref(), Some("2.5"));
        assert_eq!(s.title.text("title", &mut p).as_deref(), Some(""));
        assert_eq!(s.stage_id.text("stage_id", &mut p), None);
        assert!(p.finish().is_ok());
        let s: Sample = serde_json::from_str(r#"{"title": 5, "stage_id": "x"}"#).unwrap();
        let mut p = Problems::default();
        assert_eq!(s.title.text("title", &mut p), None);
        assert_eq!(s.stage_id.text("stage_id", &mut p), None);
        assert_eq!(
            named(p.finish().map_err(ApiError)),
            ["title must_be_string", "stage_id must_be_integer"]
        );
    }
}
