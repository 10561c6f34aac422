//! Login attempts counted per subject (an email from one address, an email
//! from anywhere) in fixed windows, for the login limit. Each count is one
//! atomic upsert, so parallel attempts each see every earlier one.
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_one};

/// Counts one more attempt of `subject` at `now`; a window that started
/// `window_ms` ago or earlier starts again. Answers the attempts in the
/// window (this one included) and when it started.
pub async fn count(
    ex: &mut Ex<'_>,
    subject: &str,
    now: i64,
    window_ms: i64,
) -> Result<(i64, i64), AppError> {
    Ok(fetch_one!(
        ex,
        (i64, i64),
        "INSERT INTO login_attempts (subject, started_at, attempts) VALUES ($1, $2, 1) \
         ON CONFLICT (subject) DO UPDATE SET \
         attempts = CASE WHEN login_attempts.started_at <= $3 THEN 1 \
                         ELSE login_attempts.attempts + 1 END, \
         started_at = CASE WHEN login_attempts.started_at <= $3 THEN $2 \
                           ELSE login_attempts.started_at END \
         RETURNING attempts, started_at",
        subject,
        now,
        now - window_ms
    )?)
}

/// After a successful login: forgets `pair`'s attempts and takes the one
/// just counted off each of `others` (the account's, the address's).
pub async fn forgive(ex: &mut Ex<'_>, pair: &str, others: [&str; 2]) -> Result<(), AppError> {
    execute!(ex, "DELETE FROM login_attempts WHERE subject = $1", pair)?;
    for subject in others {
        execute!(
            ex,
            "UPDATE login_attempts SET attempts = attempts - 1 WHERE subject = $1 AND attempts > 0",
            subject
        )?;
    }
    Ok(())
}

/// Drops the windows that started `window_ms` before `now` or earlier (a
/// later attempt would start them again anyway): the table holds only the
/// current window's subjects.
pub async fn drop_stale(ex: &mut Ex<'_>, now: i64, window_ms: i64) -> Result<(), AppError> {
    execute!(
        ex,
        "DELETE FROM login_attempts WHERE started_at <= $1",
        now - window_ms
    )?;
    Ok(())
}
