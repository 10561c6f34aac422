//! Personal API tokens; only a SHA-256 of each token is stored.
use super::Ex;
use super::sessions::{ActorRow, actor_columns};
use crate::error::AppError;
use crate::{execute, fetch_optional, fetch_scalar};

pub struct NewToken<'a> {
    pub account_id: i64,
    pub user_id: i64,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub prefix: &'a str,
}

pub async fn insert(ex: &mut Ex<'_>, t: &NewToken<'_>, now: i64) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO api_tokens (account_id, user_id, name, token_hash, prefix, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        t.account_id,
        t.user_id,
        t.name,
        t.token_hash,
        t.prefix,
        now
    )?)
}

/// The active user behind a live (not revoked) token, with the token's id.
pub async fn actor(ex: &mut Ex<'_>, token_hash: &str) -> Result<Option<(i64, ActorRow)>, AppError> {
    const SQL: &str = concat!(
        "SELECT t.id AS token_id, ",
        actor_columns!(),
        "FROM api_tokens t JOIN users u ON u.id = t.user_id \
         JOIN roles r ON r.id = u.role_id JOIN accounts a ON a.id = u.account_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active"
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        token_id: i64,
        #[sqlx(flatten)]
        actor: ActorRow,
    }
    Ok(fetch_optional!(ex, Row, SQL, token_hash)?.map(|r| (r.token_id, r.actor)))
}

/// Records when a token was last used.
pub async fn touch(ex: &mut Ex<'_>, token_id: i64, now: i64) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1",
        token_id,
        now
    )?;
    Ok(())
}
