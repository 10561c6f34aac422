//! Failed logins per (email, address), for the login limit.
use super::Ex;
use crate::error::AppError;
use crate::{execute, fetch_one};

/// Number of failures since `since`, and the oldest of them.
pub async fn recent(
    ex: &mut Ex<'_>,
    email: &str,
    address: &str,
    since: i64,
) -> Result<(i64, Option<i64>), AppError> {
    Ok(fetch_one!(
        ex,
        (i64, Option<i64>),
        "SELECT COUNT(*), MIN(at) FROM login_failures WHERE email = $1 AND address = $2 AND at > $3",
        email,
        address,
        since
    )?)
}

pub async fn record(ex: &mut Ex<'_>, email: &str, address: &str, at: i64) -> Result<(), AppError> {
    execute!(
        ex,
        "INSERT INTO login_failures (email, address, at) VALUES ($1, $2, $3)",
        email,
        address,
        at
    )?;
    Ok(())
}

/// Forgets the failures of a successful (email, address) and any stale ones.
pub async fn clear(
    ex: &mut Ex<'_>,
    email: &str,
    address: &str,
    stale_before: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "DELETE FROM login_failures WHERE (email = $1 AND address = $2) OR at <= $3",
        email,
        address,
        stale_before
    )?;
    Ok(())
}
