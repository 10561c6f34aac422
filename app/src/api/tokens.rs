//! Mi cuenta › Tokens: the signed-in user's personal API tokens. Any
//! signed-in user manages their own; a token acts with its user's
//! permissions.
use crate::error::AppError;
use crate::model::TokenView;
use leptos::prelude::*;

/// The caller's tokens, newest first.
#[server(endpoint = "list_tokens")]
pub async fn list_tokens() -> Result<Vec<TokenView>, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    use crate::ssr::tokens::db as tokens;

    let (state, actor) = require(Need::Signed).await?;
    let now = actor.clock.now;
    let mut conn = state.db.read().await?;
    Ok(tokens::list(&mut conn.ex(), actor.user_id)
        .await?
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created: actor.local_time(t.created_at),
            last_used: t.last_used_at.map(|at| actor.local_time(at)),
            revoked: t.revoked_at.is_some(),
            expires: t.expires_at.map(|at| actor.local_time(at)),
            expired: t.expires_at.is_some_and(|at| at <= now),
        })
        .collect())
}

/// Creates a token named `name` that works for `expires_in_days` (empty:
/// until revoked); answers the token itself, shown only now.
#[server(endpoint = "create_token")]
pub async fn create_token(
    name: String,
    expires_in_days: Option<String>,
) -> Result<String, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Signed).await?;
    let (account, user) = (actor.account_id, actor.user_id);
    let days = expires_in_days.unwrap_or_default();
    crate::ssr::accounts::provision::create_own_token(&state.db, account, user, &name, &days).await
}

/// Revokes one of the caller's tokens (any other id is not found).
#[server(endpoint = "revoke_token")]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::tokens::db as tokens;

    let (state, actor) = require(Need::Signed).await?;
    let mut tx = state.db.begin().await?;
    tokens::revoke(&mut tx.ex(), actor.user_id, id, actor.clock.now).await?;
    tx.commit().await?;
    Ok(())
}
