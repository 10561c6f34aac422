//! REST API v1 (JSON). Every handler takes its caller as an
//! [`extract::Authed`] (the one authorization helper, with the session
//! cookie or a bearer token), its body as typed fields ([`body::Body`]) and
//! answers typed values; errors use the `{"error": {code, message,
//! fields}}` shape. The routes and the OpenAPI document are one object
//! ([`utoipa_axum`]): a route without its documentation cannot exist.
use app::error::{AppError, Problems, RowProblem};
use app::ssr::state::AppState;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use http::StatusCode;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

mod activities;
mod body;
mod deal_lines;
mod deals;
mod directory;
mod document;
mod export;
mod extract;
mod import;
mod pipelines;
mod products;
mod quotes;
mod sale_notes;
mod webhooks;

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
        let mut res = (status, Json(ErrorBody::of(&e))).into_response();
        if let AppError::TooManyAttempts(secs) = e
            && let Ok(v) = secs.to_string().parse()
        {
            res.headers_mut().insert(http::header::RETRY_AFTER, v);
        }
        res
    }
}

/// An error answer.
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong: a stable code, a message, and the invalid fields
/// (`fields`: name → code) or rows of an import.
#[derive(Serialize, ToSchema)]
struct ErrorDetail {
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<Vec<RowProblem>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    row_error_count: Option<usize>,
}

impl ErrorBody {
    pub fn of(e: &AppError) -> ErrorBody {
        let mut detail = ErrorDetail {
            code: e.code(),
            message: e.to_string(),
            fields: None,
            rows: None,
            row_error_count: None,
        };
        match e {
            AppError::Validation(list) => {
                detail.fields = Some(
                    list.iter()
                        .map(|f| (f.field.clone(), f.code.clone()))
                        .collect(),
                );
            }
            AppError::InvalidRows { problems, total } => {
                detail.rows = Some(problems.clone());
                detail.row_error_count = Some(*total);
            }
            _ => {}
        }
        ErrorBody { error: detail }
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// A list answer: `{"items": […], "next": cursor-or-null}`.
#[derive(Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The cursor of the next page; `null` on the last one.
    #[schema(required = true)]
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
/// text without such a word, or too long, is a problem.
fn search_words(q: Option<&str>, problems: &mut Problems) -> Option<Vec<String>> {
    let q = q.map(str::trim).filter(|q| !q.is_empty())?;
    let words = app::domain::search::words(q);
    if q.chars().count() > app::domain::search::MAX_QUERY {
        problems.add("q", "too_long");
    } else if words.is_none() {
        problems.add("q", "too_short");
    }
    words
}

/// `raw` as a whole number that `ok` accepts; anything else is a problem
/// `code` of `name`.
fn number(
    name: &str,
    raw: Option<&str>,
    ok: impl Fn(i64) -> bool,
    code: &str,
    problems: &mut Problems,
) -> Option<i64> {
    let parsed = raw?.parse::<i64>().ok().filter(|n| ok(*n));
    if parsed.is_none() {
        problems.add(name, code);
    }
    parsed
}

/// An id of the query string (a filter); anything else is `invalid`.
fn query_id(name: &str, raw: Option<&str>, problems: &mut Problems) -> Option<i64> {
    number(name, raw, |n| n >= 0, "invalid", problems)
}

/// `?limit=&cursor=` of a paged list.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page (1–200).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200, default = 50)]
    limit: Option<String>,
    /// The `next` of the previous page.
    #[param(value_type = Option<i64>, minimum = 0)]
    cursor: Option<String>,
}

impl PageParams {
    /// The id to list after (default: the start) and the page size
    /// (default 50); wrong ones are problems.
    fn read(&self, problems: &mut Problems) -> (i64, i64) {
        let after = query_id("cursor", self.cursor.as_deref(), problems).unwrap_or(0);
        let limit = number(
            "limit",
            self.limit.as_deref(),
            |n| (1..=MAX_LIMIT).contains(&n),
            "out_of_range",
            problems,
        )
        .unwrap_or(DEFAULT_LIMIT);
        (after, limit)
    }
}

/// The cursor of the page after `items` (none when it was the last).
fn next_cursor<T>(items: &[T], limit: i64, id: impl Fn(&T) -> i64) -> Option<String> {
    (items.len() as i64 == limit)
        .then(|| items.last().map(|i| id(i).to_string()))
        .flatten()
}

/// The routes of `/api/v1` with their OpenAPI document.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(document::base())
        .merge(pipelines::routes())
        .merge(deals::routes())
        .merge(deal_lines::routes())
        .merge(activities::routes())
        .merge(directory::routes())
        .merge(products::routes())
        .merge(quotes::routes())
        .merge(sale_notes::routes())
        .merge(export::routes())
        .merge(import::routes())
        .merge(webhooks::routes())
}

/// A record the outbox stored (its `entity` and object as stored) in the
/// shape this API shows it, for the webhooks' payloads; none: shown as
/// stored (a test message).
pub fn render_record(entity: &str, object: &Value) -> Option<Value> {
    match entity {
        "deal" => deals::render(object),
        "activity" => activities::render(object),
        _ => None,
    }
}

/// Routes under `/api/v1`, and their OpenAPI document (served at
/// `/api/v1/openapi.json`, rendered by `/api/docs`).
pub fn routes() -> (Router<AppState>, Arc<Value>) {
    let (router, doc) = api().split_for_parts();
    let doc = Arc::new(document::finish(doc));
    let served = doc.clone();
    let router = router
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let doc = served.clone();
                async move { Json(doc.as_ref().clone()) }
            }),
        )
        .fallback(|| async { ApiError(AppError::NotFound) });
    (router, doc)
}
