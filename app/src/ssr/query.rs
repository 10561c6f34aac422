//! Checks shared by the list pages' query strings: a wrong value is named,
//! never ignored.
use crate::error::AppError;

/// The trimmed value ("" when absent).
pub fn trimmed(value: &Option<String>) -> &str {
    value.as_deref().map(str::trim).unwrap_or("")
}

/// An optional user id (`owner`).
pub fn owner(value: &Option<String>) -> Result<Option<i64>, AppError> {
    match trimmed(value) {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::field("owner", "invalid")),
    }
}

/// `text` when it has at most `max` characters, else `field` is too long.
pub fn bounded<'a>(text: &'a str, field: &str, max: usize) -> Result<&'a str, AppError> {
    if text.chars().count() > max {
        return Err(AppError::field(field, "too_long"));
    }
    Ok(text)
}

/// `text` when it has no control characters, else `field` is invalid: text
/// bound into a query as it is (PostgreSQL refuses a NUL byte in text).
pub fn plain<'a>(text: &'a str, field: &str) -> Result<&'a str, AppError> {
    if text.chars().any(char::is_control) {
        return Err(AppError::field(field, "invalid"));
    }
    Ok(text)
}
