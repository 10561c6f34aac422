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

/// A page number, 1 when absent.
pub fn page(value: &Option<String>) -> Result<i64, AppError> {
    match trimmed(value) {
        "" => Ok(1),
        text => text
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| AppError::field("page", "invalid")),
    }
}

/// How many pages of `per` hold `total` rows.
pub fn pages(total: i64, per: i64) -> i64 {
    (total + per - 1) / per
}
