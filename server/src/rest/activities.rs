//! `GET /api/v1/activities` (`?due=overdue|today|upcoming`, `limit`,
//! `cursor`), `POST /api/v1/activities`, `GET/PATCH/DELETE …/{id}` and
//! `POST …/{id}/done`. Days are the account's local days; a role that sees
//! only its own deals sees, creates and completes only the activities
//! assigned to it. Writes go through the checks the pages' forms use
//! ([`app::ssr::activities::edit`]): a PATCH changes only the fields it sends.
use super::body::Fields;
use super::{ApiError, Page, actor, iso, next_cursor, paging};
use app::domain::activities::api_word;
use app::error::{AppError, FieldError};
use app::ssr::activities::db::{self as activities, ActivityFilter, ActivityRow};
use app::ssr::activities::edit as activity_edit;
use app::ssr::activities::page::due_window;
use app::ssr::auth::guard::Need;
use app::ssr::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities", get(list).post(create))
        .route("/activities/{id}", get(one).patch(update).delete(remove))
        .route("/activities/{id}/done", post(done))
}

fn activity_json(a: &ActivityRow) -> Value {
    json!({
        "id": a.id,
        "kind": api_word(&a.kind),
        "subject": a.subject,
        "due_at": iso(a.due_at),
        "priority": api_word(&a.priority),
        "assigned_to": a.assigned_to,
        "deal_id": a.deal_id,
        "contact_id": a.contact_id,
        "organization_id": a.organization_id,
        "notes": a.notes,
        "done": a.done,
        "done_at": iso(a.done_at),
        "reminder_at": iso(a.reminder_at),
    })
}

/// Query string of the list.
#[derive(Deserialize)]
struct Params {
    due: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Page<Value>>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut problems = vec![];
    let (after_id, limit) = paging(p.limit.as_deref(), p.cursor.as_deref(), &mut problems);
    let tz = actor.clock.tz;
    let due = p.due.as_deref().and_then(|due| {
        let window = due_window(tz, actor.clock.now, due);
        if window.is_none() {
            problems.push(FieldError {
                field: "due".into(),
                code: "invalid".into(),
            });
        }
        window
    });
    if !problems.is_empty() {
        return Err(AppError::Validation(problems).into());
    }
    let filter = ActivityFilter {
        account_id: actor.account_id,
        assigned_to: actor.own_deals_only(),
        due,
        after_id,
        limit,
    };
    let mut conn = state.db.read().await?;
    let rows = activities::page(&mut conn.ex(), &filter).await?;
    let next = next_cursor(&rows, limit, |a| a.id);
    Ok(Json(Page {
        items: rows.iter().map(activity_json).collect(),
        next,
    }))
}

/// The body fields that are whole numbers (ids, minutes).
const ACTIVITY_INTEGERS: &[&str] = &[
    "assigned_to",
    "deal_id",
    "contact_id",
    "organization_id",
    "reminder",
];

async fn one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let row = activity_edit::readable(&state, &actor, id).await?;
    Ok(Json(activity_json(&row)))
}

async fn done(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let row = activity_edit::complete(&state, &actor, id).await?;
    Ok(Json(activity_json(&row)))
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let sent = Fields::parse(body)?.strings(ACTIVITY_INTEGERS)?;
    let id = activity_edit::save(&state, &actor, None, sent).await?;
    let row = activity_edit::readable(&state, &actor, id).await?;
    Ok((StatusCode::CREATED, Json(activity_json(&row))))
}

async fn update(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let sent = Fields::parse(body)?.strings(ACTIVITY_INTEGERS)?;
    activity_edit::save(&state, &actor, Some(id), sent).await?;
    Ok(Json(activity_json(
        &activity_edit::readable(&state, &actor, id).await?,
    )))
}

async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    activity_edit::delete(&state, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
