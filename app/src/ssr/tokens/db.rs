//! Personal API tokens; only a SHA-256 of each token is stored.
use crate::error::AppError;
use crate::ssr::auth::db::sessions::{ActorRow, actor_columns};
use crate::ssr::db::Ex;
use crate::{execute, fetch_optional, fetch_scalar};

pub struct NewToken<'a> {
    pub account_id: i64,
    pub user_id: i64,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub prefix: &'a str,
    /// When it stops working; `None`: when revoked.
    pub expires_at: Option<i64>,
}

pub async fn insert(ex: &mut Ex<'_>, t: &NewToken<'_>, now: i64) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO api_tokens (account_id, user_id, name, token_hash, prefix, created_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        t.account_id,
        t.user_id,
        t.name,
        t.token_hash,
        t.prefix,
        now,
        t.expires_at
    )?)
}

/// The active user behind a live (not revoked, not expired at `now`)
/// token, with the token's id and when it was last used.
pub async fn actor(
    ex: &mut Ex<'_>,
    token_hash: &str,
    now: i64,
) -> Result<Option<(i64, Option<i64>, ActorRow)>, AppError> {
    const SQL: &str = concat!(
        "SELECT t.id AS token_id, t.last_used_at, ",
        actor_columns!(),
        "FROM api_tokens t JOIN users u ON u.id = t.user_id \
         JOIN roles r ON r.id = u.role_id JOIN accounts a ON a.id = u.account_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL \
         AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.active"
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        token_id: i64,
        last_used_at: Option<i64>,
        #[sqlx(flatten)]
        actor: ActorRow,
    }
    Ok(fetch_optional!(ex, Row, SQL, token_hash, now)?
        .map(|r| (r.token_id, r.last_used_at, r.actor)))
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

/// One of a user's tokens, as their page lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub expires_at: Option<i64>,
}

/// A user's tokens, newest first.
pub async fn list(ex: &mut Ex<'_>, user_id: i64) -> Result<Vec<TokenRow>, AppError> {
    Ok(crate::fetch_all!(
        ex,
        TokenRow,
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at, expires_at FROM api_tokens \
         WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
        user_id
    )?)
}

/// Revokes a live token of the user; `NotFound` for any other id.
pub async fn revoke(
    ex: &mut Ex<'_>,
    user_id: i64,
    token_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let changed = execute!(
        ex,
        "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
        token_id,
        user_id,
        now
    )?;
    if changed == 1 {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Revokes every live token of a user of the account at `now`.
pub async fn revoke_all(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
    now: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE api_tokens SET revoked_at = $3 \
         WHERE account_id = $1 AND user_id = $2 AND revoked_at IS NULL",
        account_id,
        user_id,
        now
    )?;
    Ok(())
}
