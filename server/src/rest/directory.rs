//! `GET /api/v1/organizations` and `GET /api/v1/contacts`: the account's
//! organizations and contacts, a page at a time (`limit`, `cursor`), with
//! an optional text (`q`: name, or a contact's email).
use super::{ApiError, Page, actor, next_cursor, paging};
use app::error::AppError;
use app::ssr::auth::guard::Need;
use app::ssr::db::board::like_pattern;
use app::ssr::db::directory::{self, ContactRow, OrganizationRow};
use app::ssr::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use http::HeaderMap;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/organizations", get(organizations))
        .route("/contacts", get(contacts))
}

/// Query string of both lists.
#[derive(Deserialize)]
struct Params {
    q: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// The text pattern, the cursor and the page size asked for.
fn read_params(
    params: Result<Query<Params>, QueryRejection>,
) -> Result<(Option<String>, i64, i64), ApiError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut problems = vec![];
    let (after, limit) = paging(p.limit.as_deref(), p.cursor.as_deref(), &mut problems);
    let q =
        p.q.map(|q| q.trim().to_lowercase())
            .filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        problems.push(app::error::FieldError {
            field: "q".into(),
            code: "too_long".into(),
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Validation(problems).into());
    }
    Ok((q.map(|q| like_pattern(&q)), after, limit))
}

async fn organizations(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Page<OrganizationRow>>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let (pattern, after, limit) = read_params(params)?;
    let mut conn = state.db.read().await?;
    let items = directory::organizations(
        &mut conn.ex(),
        actor.account_id,
        pattern.as_deref(),
        after,
        limit,
    )
    .await?;
    let next = next_cursor(&items, limit, |o| o.id);
    Ok(Json(Page { items, next }))
}

async fn contacts(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Page<ContactRow>>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let (pattern, after, limit) = read_params(params)?;
    let mut conn = state.db.read().await?;
    let items = directory::contacts(
        &mut conn.ex(),
        actor.account_id,
        pattern.as_deref(),
        after,
        limit,
    )
    .await?;
    let next = next_cursor(&items, limit, |c| c.id);
    Ok(Json(Page { items, next }))
}
