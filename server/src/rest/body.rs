//! A JSON request body read field by field: a body that is not a JSON
//! object is a 400, an oversized one a 413, and every field of the wrong
//! type or missing is named in one 422.
use super::ApiError;
use app::error::{AppError, FieldError};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use http::StatusCode;
use serde_json::{Map, Value};

/// A request body's bytes: one over the route's limit is a 413, any other
/// failure to read it a 400.
pub fn bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, AppError> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::BadRequest(e.body_text())
        }
    })
}

/// The fields of a JSON object body, and the problems found reading them.
pub struct Fields {
    map: Map<String, Value>,
    problems: Vec<FieldError>,
}

impl Fields {
    /// Reads the body as a JSON object.
    pub fn parse(body: Result<Bytes, BytesRejection>) -> Result<Fields, ApiError> {
        let bytes = bytes(body)?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(Fields {
                map,
                problems: vec![],
            }),
            Ok(_) => Err(AppError::BadRequest("the body must be a JSON object".into()).into()),
            Err(e) => Err(AppError::BadRequest(format!("malformed JSON: {e}")).into()),
        }
    }

    /// Records a problem of a field.
    pub fn problem(&mut self, field: &str, code: &str) {
        self.problems.push(FieldError {
            field: field.into(),
            code: code.into(),
        });
    }

    /// Whether the body names this field (even as `null`).
    pub fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// A text field; absent or `null` is `None`.
    pub fn text(&mut self, name: &str) -> Option<String> {
        match self.map.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.problem(name, "must_be_string");
                None
            }
        }
    }

    /// A whole-number field; absent or `null` is `None`.
    pub fn int(&mut self, name: &str) -> Option<i64> {
        match self.map.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
            Some(_) => {
                self.problem(name, "must_be_integer");
                None
            }
        }
    }

    /// A finite number field; absent or `null` is `None`.
    pub fn number(&mut self, name: &str) -> Option<f64> {
        match self.map.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64().filter(|f| f.is_finite()),
            Some(_) => {
                self.problem(name, "must_be_number");
                None
            }
        }
    }

    /// A whole-number field that must be there.
    pub fn required_int(&mut self, name: &str) -> Option<i64> {
        let value = self.int(name);
        self.required(name, value)
    }

    /// `value`, or a `required` problem for `name` when it is absent.
    pub fn required<T>(&mut self, name: &str, value: Option<T>) -> Option<T> {
        if value.is_none() && !self.problems.iter().any(|p| p.field == name) {
            self.problem(name, "required");
        }
        value
    }

    /// Every field as text, the way a form sends it (`null`: empty, a
    /// whole number: its digits), for the checks the pages share. The
    /// fields named in `integers` must be whole numbers, the others
    /// strings; any other value is named in one 422.
    pub fn strings(mut self, integers: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
        let mut sent = vec![];
        for (name, value) in std::mem::take(&mut self.map) {
            let whole = integers.contains(&name.as_str());
            match value {
                Value::Null => sent.push((name, String::new())),
                Value::String(s) if !whole => sent.push((name, s)),
                Value::Number(n) if whole && n.is_i64() => sent.push((name, n.to_string())),
                _ if whole => self.problem(&name, "must_be_integer"),
                _ => self.problem(&name, "must_be_string"),
            }
        }
        self.finish().map(|()| sent)
    }

    /// Every problem found, as one 422; `Ok` when there is none.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.problems).into())
        }
    }
}
