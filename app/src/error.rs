//! The one error type of the app, shared by server functions, REST and pages.
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A field that failed validation and a stable code saying why
/// (`required`, `too_long`, `invalid_email`, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

/// The one field-error collector: every problem of a form, a REST body or
/// a query string, one per field (the first found), answered together as
/// one [`AppError::Validation`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    /// Records a problem of `field`, unless it already has one.
    pub fn add(&mut self, field: &str, code: &str) {
        if !self.failed(field) {
            self.0.push(FieldError {
                field: field.into(),
                code: code.into(),
            });
        }
    }

    /// Whether `field` already has a problem.
    pub fn failed(&self, field: &str) -> bool {
        self.0.iter().any(|p| p.field == field)
    }

    /// `value`, or a `required` problem for `field` when it is missing
    /// (and has no other problem).
    pub fn required<T>(&mut self, field: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.add(field, "required");
        }
        value
    }

    /// A text that must be there, trimmed, of at most `max` characters
    /// (`value`: as sent; none or blank is `required`).
    pub fn required_text(&mut self, field: &str, value: Option<&str>, max: usize) -> String {
        let value = value.unwrap_or("");
        crate::domain::validate::required_text(value, max).unwrap_or_else(|code| {
            self.add(field, code);
            value.trim().to_string()
        })
    }

    /// An optional text, trimmed, of at most `max` characters (none or
    /// blank: none).
    pub fn optional_text(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let value = value.unwrap_or("").trim();
        if value.chars().count() > max {
            self.add(field, "too_long");
        }
        (!value.is_empty()).then(|| value.to_string())
    }

    /// An optional record id (none or blank: none; anything but a positive
    /// number: `invalid`).
    pub fn id(&mut self, field: &str, value: Option<&str>) -> Option<i64> {
        match value.unwrap_or("").trim() {
            "" => None,
            text => {
                let id = text.parse::<i64>().ok().filter(|id| *id > 0);
                if id.is_none() {
                    self.add(field, "invalid");
                }
                id
            }
        }
    }

    /// The value as `parse` reads it (none or blank: none); a word `parse`
    /// does not know is `invalid`.
    pub fn word<T>(
        &mut self,
        field: &str,
        value: Option<&str>,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        match value.unwrap_or("").trim() {
            "" => None,
            text => {
                let parsed = parse(text);
                if parsed.is_none() {
                    self.add(field, "invalid");
                }
                parsed
            }
        }
    }

    /// One of `choices` (none or blank: `default`).
    pub fn choice(
        &mut self,
        field: &str,
        value: Option<&str>,
        choices: &[&str],
        default: &str,
    ) -> String {
        let value = match value.unwrap_or("").trim() {
            "" => default,
            text => text,
        };
        if !choices.contains(&value) {
            self.add(field, "invalid");
        }
        value.to_string()
    }

    /// The problems found, in the order found.
    pub fn list(&self) -> &[FieldError] {
        &self.0
    }

    /// Every problem found, as one validation error; `Ok` when none.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

/// A bad row of an imported CSV file: its line (the header is line 1), the
/// column, a stable code saying why (`required`, `unknown`, `malformed`, …)
/// and the offending value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RowProblem {
    pub line: u64,
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub column: Option<String>,
    pub code: String,
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub value: Option<String>,
}

/// Everything that can go wrong, as the user or API client should see it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// No valid session or API token.
    #[error("authentication required")]
    Unauthorized,
    /// Wrong email or password (one message for both).
    #[error("wrong email or password")]
    BadCredentials,
    /// Too many failed logins; try again after this many seconds.
    #[error("too many attempts, retry in {0} s")]
    TooManyAttempts(u64),
    /// Signed in, but the role lacks the permission.
    #[error("permission denied")]
    Forbidden,
    /// The account's plan does not include this module.
    #[error("the CRM module requires plan estandar or higher")]
    PlanRequired,
    /// No such record in this account (foreign ids look exactly the same).
    #[error("not found")]
    NotFound,
    /// Some fields are invalid.
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// Rows of an imported file are invalid: the first problems, and how
    /// many there are in all.
    #[error("{total} problems in the file")]
    InvalidRows {
        problems: Vec<RowProblem>,
        total: usize,
    },
    /// The record changed meanwhile (stale version) or a unique value is taken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A state-changing request from another origin.
    #[error("cross-origin request refused")]
    CrossOrigin,
    /// The request itself is malformed.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request body is larger than the server accepts.
    #[error("request body too large")]
    PayloadTooLarge,
    /// Anything internal; details are logged, never sent.
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// One invalid field.
    pub fn field(field: &str, code: &str) -> AppError {
        AppError::Validation(vec![FieldError {
            field: field.into(),
            code: code.into(),
        }])
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::TooManyAttempts(_) => 429,
            AppError::Forbidden | AppError::PlanRequired | AppError::CrossOrigin => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) | AppError::InvalidRows { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::BadRequest(_) => 400,
            AppError::PayloadTooLarge => 413,
            AppError::Internal => 500,
        }
    }

    /// Stable machine code, used by the REST error body and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "unauthorized",
            AppError::BadCredentials => "bad_credentials",
            AppError::TooManyAttempts(_) => "too_many_attempts",
            AppError::Forbidden => "forbidden",
            AppError::PlanRequired => "plan_required",
            AppError::NotFound => "not_found",
            AppError::Validation(_) => "validation",
            AppError::InvalidRows { .. } => "invalid_rows",
            AppError::Conflict(_) => "conflict",
            AppError::CrossOrigin => "cross_origin",
            AppError::BadRequest(_) => "bad_request",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::Internal => "internal",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::BadRequest(m)
            }
            ServerFnErrorErr::MissingArg(m) => {
                AppError::BadRequest(format!("missing argument {m}"))
            }
            _ => AppError::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_client_errors_except_internal() {
        let all = [
            AppError::Unauthorized,
            AppError::BadCredentials,
            AppError::TooManyAttempts(60),
            AppError::Forbidden,
            AppError::PlanRequired,
            AppError::NotFound,
            AppError::field("title", "required"),
            AppError::InvalidRows {
                problems: vec![],
                total: 1,
            },
            AppError::Conflict("version".into()),
            AppError::CrossOrigin,
            AppError::BadRequest("x".into()),
            AppError::PayloadTooLarge,
        ];
        for e in &all {
            assert!((400..500).contains(&e.status()), "{e:?}");
        }
        assert_eq!(AppError::Internal.status(), 500);
        assert_eq!(AppError::PlanRequired.code(), "plan_required");
    }

    #[test]
    fn problems_read_each_field_and_name_each_problem_once() {
        let mut p = Problems::default();
        assert_eq!(p.required_text("name", Some("  Acme  "), 10), "Acme");
        assert_eq!(p.required_text("missing", None, 10), "");
        assert_eq!(
            p.optional_text("name", Some("Acme"), 3),
            Some("Acme".into())
        );
        assert_eq!(p.optional_text("phone", Some("  "), 3), None);
        assert_eq!(p.id("owner", Some("x7")), None);
        assert_eq!(p.id("deal", Some(" 12 ")), Some(12));
        assert_eq!(
            p.choice("kind", Some("fax"), &["llamada"], "llamada"),
            "fax"
        );
        assert_eq!(p.choice("other", None, &["llamada"], "llamada"), "llamada");
        let read = |w: &str| ["call", "low"].iter().position(|k| *k == w);
        assert_eq!(p.word("first", Some(" call "), read), Some(0));
        assert_eq!(p.word("priority", Some("urgent"), read), None);
        let got: Vec<_> = p
            .list()
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("missing", "required"),
                ("name", "too_long"),
                ("owner", "invalid"),
                ("kind", "invalid"),
                ("priority", "invalid"),
            ]
        );
        assert!(matches!(p.finish(), Err(AppError::Validation(list)) if list.len() == 5));
    }
}
