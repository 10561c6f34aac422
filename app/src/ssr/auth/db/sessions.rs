//! Browser sessions, stored in the database so several app servers share them.
//! Only a SHA-256 of the session id is stored.
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_optional};

/// The signed-in user with account and role, as resolved from a credential.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActorRow {
    pub user_id: i64,
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub locale: Option<String>,
    pub role_id: i64,
    pub role: String,
    pub account_name: String,
    pub plan: String,
    pub currency: String,
    pub time_zone: String,
    pub account_locale: String,
}

/// Columns of [`ActorRow`], joined from `users u`, `roles r`, `accounts a`
/// (a macro so that `concat!` builds static SQL).
macro_rules! actor_columns {
    () => {
        "u.id AS user_id, u.account_id, u.name, u.email, u.locale, u.role_id, r.name AS role, \
         a.name AS account_name, a.plan, a.currency, a.time_zone, a.locale AS account_locale "
    };
}
pub(crate) use actor_columns;

pub async fn insert(
    ex: &mut Ex<'_>,
    id_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $3)",
        id_hash,
        user_id,
        now,
        expires_at
    )?;
    Ok(())
}

pub async fn delete(ex: &mut Ex<'_>, id_hash: &str) -> Result<(), AppError> {
    execute!(ex, "DELETE FROM sessions WHERE id_hash = $1", id_hash)?;
    Ok(())
}

/// The active user behind a live session (not past its lifetime, used
/// after `idle_since`), with when it was last seen.
pub async fn actor(
    ex: &mut Ex<'_>,
    id_hash: &str,
    now: i64,
    idle_since: i64,
) -> Result<Option<(i64, ActorRow)>, AppError> {
    const SQL: &str = concat!(
        "SELECT s.last_seen_at, ",
        actor_columns!(),
        "FROM sessions s JOIN users u ON u.id = s.user_id \
         JOIN roles r ON r.id = u.role_id JOIN accounts a ON a.id = u.account_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.active"
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        last_seen_at: i64,
        #[sqlx(flatten)]
        actor: ActorRow,
    }
    Ok(fetch_optional!(ex, Row, SQL, id_hash, now, idle_since)?.map(|r| (r.last_seen_at, r.actor)))
}

/// Records that a session was used at `now` (it idles from then).
pub async fn touch(ex: &mut Ex<'_>, id_hash: &str, now: i64) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1",
        id_hash,
        now
    )?;
    Ok(())
}
