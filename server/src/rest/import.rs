//! `POST /api/v1/import/deals`, `/import/organizations` and
//! `/import/contacts` (`text/csv` body, `?dry_run=true`): the imports, for
//! managers (`crm.deals.edit_all`). Answers the report (201, or 200 for a
//! dry run) or every bad row in one 422. A client that accepts
//! `application/x-ndjson` gets a line per progress step instead and the
//! answer as the last line (the import page's progress bar).
use super::body::bytes;
use super::{ApiError, actor, error_body};
use crate::import::{self, Records};
use app::domain::import::{ImportLine, ImportProgress, ImportReport};
use app::domain::permission::Permission;
use app::error::AppError;
use app::ssr::auth::guard::Need;
use app::ssr::state::AppState;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures::stream;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    let route = |what: Records| {
        post(
            move |state: State<AppState>,
                  headers: HeaderMap,
                  params: Result<Query<ImportParams>, QueryRejection>,
                  body: Result<Bytes, BytesRejection>| {
                import_records(what, state, headers, params, body)
            },
        )
        .layer(DefaultBodyLimit::max(import::MAX_BYTES))
    };
    Router::new()
        .route("/import/deals", route(Records::Deals))
        .route("/import/organizations", route(Records::Organizations))
        .route("/import/contacts", route(Records::Contacts))
}

#[derive(Deserialize)]
pub struct ImportParams {
    dry_run: Option<String>,
}

/// Content types a CSV body may be sent as.
const CSV_TYPES: [&str; 4] = [
    "text/csv",
    "application/csv",
    "text/plain",
    "application/octet-stream",
];

async fn import_records(
    what: Records,
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<ImportParams>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let actor = actor(&state, &headers, Need::CrmPerm(Permission::DealsEditAll)).await?;
    let dry_run = match p.dry_run.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(AppError::field("dry_run", "invalid").into()),
    };
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_lowercase());
    if !kind.as_deref().is_some_and(|k| CSV_TYPES.contains(&k)) {
        return Err(AppError::BadRequest("the body must be text/csv".into()).into());
    }
    let csv = bytes(body)?;
    let (account_id, user_id) = (actor.account_id, actor.user_id);
    let streams = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/x-ndjson"));
    if !streams {
        let report = run(&state, (account_id, user_id), what, &csv, dry_run, &|_| {}).await?;
        let status = if dry_run {
            StatusCode::OK
        } else {
            StatusCode::CREATED
        };
        return Ok((status, axum::Json(report)).into_response());
    }
    let (lines, mut received) = tokio::sync::mpsc::unbounded_channel::<String>();
    tokio::spawn(async move {
        let progress = {
            let lines = lines.clone();
            move |p: ImportProgress| {
                let _ = lines.send(json!(ImportLine::Progress(p)).to_string() + "\n");
            }
        };
        let last = match run(
            &state,
            (account_id, user_id),
            what,
            &csv,
            dry_run,
            &progress,
        )
        .await
        {
            Ok(report) => json!(ImportLine::Report(report)),
            Err(e) => error_body(&e),
        };
        let _ = lines.send(last.to_string() + "\n");
    });
    let body = stream::poll_fn(move |cx| {
        received
            .poll_recv(cx)
            .map(|line| line.map(|l| Ok::<_, std::convert::Infallible>(Bytes::from(l))))
    });
    let mut res = Response::new(Body::from_stream(body));
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(res)
}

/// The import, then the open boards of the pipelines it filled are told.
async fn run(
    state: &AppState,
    (account_id, user_id): (i64, i64),
    what: Records,
    csv: &[u8],
    dry_run: bool,
    progress: import::OnProgress<'_>,
) -> Result<ImportReport, AppError> {
    let report = import::run(
        &state.db,
        (account_id, user_id),
        what,
        csv,
        dry_run,
        progress,
    )
    .await?;
    for pipeline in &report.pipelines {
        state.live.publish(&state.db, account_id, *pipeline).await;
    }
    Ok(report)
}
