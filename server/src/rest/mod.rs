//! REST API v1 (JSON). Every handler authorizes through
//! [`app::ssr::auth::guard::authorize`] with the session cookie or a bearer
//! token; errors use the `{"error": {code, message, fields}}` shape.
use app::domain::permission::Permission;
use app::error::AppError;
use app::ssr::auth::credential;
use app::ssr::auth::guard::{Actor, Need, authorize};
use app::ssr::dashboard;
use app::ssr::pipelines::db as pipelines;
use app::ssr::pipelines::db::lost_reasons;
use app::ssr::state::AppState;
use app::ssr::users::db as users;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

mod activities;
mod body;
mod deals;
mod directory;
mod export;
mod import;

/// An [`AppError`] answered as JSON.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, Json(error_body(&e))).into_response();
        if let AppError::TooManyAttempts(secs) = e
            && let Ok(v) = secs.to_string().parse()
        {
            res.headers_mut().insert(http::header::RETRY_AFTER, v);
        }
        res
    }
}

/// `{"error": {code, message, fields?, rows?, row_error_count?}}`.
fn error_body(e: &AppError) -> Value {
    let mut body = json!({ "error": { "code": e.code(), "message": e.to_string() } });
    match e {
        AppError::Validation(list) => {
            let fields: Map<String, Value> = list
                .iter()
                .map(|f| (f.field.clone(), Value::String(f.code.clone())))
                .collect();
            body["error"]["fields"] = Value::Object(fields);
        }
        AppError::InvalidRows { problems, total } => {
            body["error"]["rows"] = json!(problems);
            body["error"]["row_error_count"] = json!(total);
        }
        _ => {}
    }
    body
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// A list answer: `{"items": […], "next": cursor-or-null}`.
#[derive(Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

impl<T> Page<T> {
    fn all(items: Vec<T>) -> Page<T> {
        Page { items, next: None }
    }
}

/// A UTC instant (ms) as the API writes it: ISO 8601, UTC, milliseconds.
pub(crate) fn iso(ms: Option<i64>) -> Option<String> {
    use chrono::{SecondsFormat, TimeZone, Utc};
    ms.and_then(|ms| Utc.timestamp_millis_opt(ms).single())
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// Most items one page lists, and the default.
const MAX_LIMIT: i64 = 200;
const DEFAULT_LIMIT: i64 = 50;

/// The words of a list's text filter `q` (the same rule as the pages':
/// words of three characters or more, at most 100 characters in all);
/// text without such a word, or too long, is added to `problems`.
fn search_words(
    q: Option<&str>,
    problems: &mut Vec<app::error::FieldError>,
) -> Option<Vec<String>> {
    let q = q.map(str::trim).filter(|q| !q.is_empty())?;
    let words = app::domain::search::words(q);
    let problem = if q.chars().count() > app::domain::search::MAX_QUERY {
        Some("too_long")
    } else if words.is_none() {
        Some("too_short")
    } else {
        None
    };
    if let Some(code) = problem {
        problems.push(app::error::FieldError {
            field: "q".into(),
            code: code.into(),
        });
    }
    words
}

/// The `limit` (1–200, default 50) and `cursor` (an id; default the start)
/// of a list's query string; wrong ones are added to `problems`.
fn paging(
    limit: Option<&str>,
    cursor: Option<&str>,
    problems: &mut Vec<app::error::FieldError>,
) -> (i64, i64) {
    let mut number = |name: &str, raw: Option<&str>, ok: &dyn Fn(i64) -> bool, code: &str| {
        let raw = raw?;
        let parsed = raw.parse::<i64>().ok().filter(|n| ok(*n));
        if parsed.is_none() {
            problems.push(app::error::FieldError {
                field: name.into(),
                code: code.into(),
            });
        }
        parsed
    };
    let after = number("cursor", cursor, &|n| n >= 0, "invalid").unwrap_or(0);
    let limit = number(
        "limit",
        limit,
        &|n| (1..=MAX_LIMIT).contains(&n),
        "out_of_range",
    )
    .unwrap_or(DEFAULT_LIMIT);
    (after, limit)
}

/// The cursor of the page after `items` (none when it was the last).
fn next_cursor<T>(items: &[T], limit: i64, id: impl Fn(&T) -> i64) -> Option<String> {
    (items.len() as i64 == limit)
        .then(|| items.last().map(|i| id(i).to_string()))
        .flatten()
}

async fn actor(state: &AppState, headers: &HeaderMap, need: Need) -> Result<Actor, ApiError> {
    Ok(authorize(state, credential::from_headers(headers), need).await?)
}

/// Routes under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/pipelines", get(list_pipelines))
        .route("/pipelines/{id}", get(get_pipeline))
        .route("/users", get(list_users))
        .route("/lost-reasons", get(list_lost_reasons))
        .route("/dashboard", get(get_dashboard))
        .route(
            "/openapi.json",
            get(|| async { Json(app::ssr::openapi::document()) }),
        )
        .merge(deals::routes())
        .merge(activities::routes())
        .merge(directory::routes())
        .merge(export::routes())
        .merge(import::routes())
        .fallback(|| async { ApiError(AppError::NotFound) })
}

async fn list_pipelines(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Page<app::model::PipelineView>> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let mut conn = state.db.read().await?;
    Ok(Json(Page::all(
        pipelines::list(&mut conn.ex(), actor.account_id).await?,
    )))
}

async fn get_pipeline(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<app::model::PipelineView> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = state.db.read().await?;
    Ok(Json(
        pipelines::get(&mut conn.ex(), actor.account_id, id)
            .await?
            .ok_or(AppError::NotFound)?,
    ))
}

async fn list_users(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Page<app::model::UserView>> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let mut conn = state.db.read().await?;
    Ok(Json(Page::all(
        users::list(&mut conn.ex(), actor.account_id).await?,
    )))
}

/// A lost reason of the account.
#[derive(Serialize)]
struct LostReason {
    id: i64,
    label: String,
}

async fn list_lost_reasons(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Page<LostReason>> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let mut conn = state.db.read().await?;
    let reasons = lost_reasons::list(&mut conn.ex(), actor.account_id)
        .await?
        .into_iter()
        .map(|(id, label)| LostReason { id, label })
        .collect();
    Ok(Json(Page::all(reasons)))
}

/// Query string of `GET /api/v1/dashboard`.
#[derive(Deserialize)]
struct DashboardParams {
    as_of: Option<String>,
    pipeline_id: Option<String>,
}

async fn get_dashboard(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<DashboardParams>, QueryRejection>,
) -> ApiResult<app::domain::dashboard::DashboardSummary> {
    let Query(params) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let actor = actor(&state, &headers, Need::CrmPerm(Permission::DashboardView)).await?;
    // The page's form may send an empty value for "today"; the API may not.
    for (name, value) in [
        ("as_of", &params.as_of),
        ("pipeline_id", &params.pipeline_id),
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err(AppError::field(name, "invalid").into());
        }
    }
    let query = dashboard::query_for(
        &actor,
        params.as_of.as_deref(),
        params.pipeline_id.as_deref(),
    )?;
    Ok(Json(dashboard::summary(&state.db, &query).await?))
}
