//! `POST /api/v1/import/deals`, `/import/organizations` and
//! `/import/contacts` (`text/csv` body, `?dry_run=true`): the imports, for
//! managers (`crm.deals.edit_all`); `/import/products`, for whoever
//! configures the pipeline (`crm.pipeline.configure`). Answers the report (201, or 200 for a
//! dry run) or every bad row in one 422. A client that accepts
//! `application/x-ndjson` gets a line per progress step instead and the
//! answer as the last line (the import page's progress bar).
use super::body::bytes;
use super::extract::{Authed, ConfigurePipeline, EditAllDeals, Params};
use super::{ApiError, ErrorBody};
use crate::import::{self, Records};
use app::domain::import::{ImportLine, ImportProgress, ImportReport};
use app::error::AppError;
use app::ssr::auth::guard::Actor;
use app::ssr::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::response::{IntoResponse, Response};
use futures::stream;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_deals))
        .routes(routes!(import_organizations))
        .routes(routes!(import_contacts))
        .routes(routes!(import_products))
        .layer(DefaultBodyLimit::max(import::MAX_BYTES))
}

/// Query string of an import.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Check the file and report, writing nothing.
    #[param(value_type = Option<bool>)]
    dry_run: Option<String>,
}

/// Import deals with their history from CSV (all or nothing; 200 on a dry run)
#[utoipa::path(post, path = "/import/deals", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = ImportReport), (status = 200, body = ImportReport, description = "Dry run: what the import would do"),
        (status = 400), (status = 413), (status = 422)))]
async fn import_deals(
    actor: Authed<EditAllDeals>,
    state: State<AppState>,
    params: Params<ImportParams>,
    req: Request,
) -> Result<Response, ApiError> {
    import_records(Records::Deals, actor.0, state, params, req).await
}

/// Import organizations from CSV (all or nothing; 200 on a dry run)
#[utoipa::path(post, path = "/import/organizations", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = ImportReport), (status = 200, body = ImportReport, description = "Dry run: what the import would do"),
        (status = 400), (status = 413), (status = 422)))]
async fn import_organizations(
    actor: Authed<EditAllDeals>,
    state: State<AppState>,
    params: Params<ImportParams>,
    req: Request,
) -> Result<Response, ApiError> {
    import_records(Records::Organizations, actor.0, state, params, req).await
}

/// Import contacts from CSV; missing organizations are created (all or nothing)
#[utoipa::path(post, path = "/import/contacts", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = ImportReport), (status = 200, body = ImportReport, description = "Dry run: what the import would do"),
        (status = 400), (status = 413), (status = 422)))]
async fn import_contacts(
    actor: Authed<EditAllDeals>,
    state: State<AppState>,
    params: Params<ImportParams>,
    req: Request,
) -> Result<Response, ApiError> {
    import_records(Records::Contacts, actor.0, state, params, req).await
}

/// Import products from CSV: a SKU of the catalogue updates that product, another creates one (all or nothing)
#[utoipa::path(post, path = "/import/products", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = ImportReport), (status = 200, body = ImportReport, description = "Dry run: what the import would do"),
        (status = 400), (status = 403), (status = 413), (status = 422)))]
async fn import_products(
    actor: Authed<ConfigurePipeline>,
    state: State<AppState>,
    params: Params<ImportParams>,
    req: Request,
) -> Result<Response, ApiError> {
    import_records(Records::Products, actor.0, state, params, req).await
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
    actor: Actor,
    State(state): State<AppState>,
    Params(p): Params<ImportParams>,
    req: Request,
) -> Result<Response, ApiError> {
    let dry_run = match p.dry_run.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(AppError::field("dry_run", "invalid").into()),
    };
    let headers: HeaderMap = req.headers().clone();
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_lowercase());
    if !kind.as_deref().is_some_and(|k| CSV_TYPES.contains(&k)) {
        return Err(AppError::BadRequest("the body must be text/csv".into()).into());
    }
    let csv = bytes(req, &state).await?;
    let streams = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/x-ndjson"));
    if !streams {
        let report = run(&state, &actor, what, &csv, dry_run, &|_| {}).await?;
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
        let last = match run(&state, &actor, what, &csv, dry_run, &progress).await {
            Ok(report) => json!(ImportLine::Report(report)),
            Err(e) => json!(ErrorBody::of(&e)),
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
    actor: &Actor,
    what: Records,
    csv: &[u8],
    dry_run: bool,
    progress: import::OnProgress<'_>,
) -> Result<ImportReport, AppError> {
    let account_id = actor.account_id;
    let report = import::run(
        &state.db,
        (account_id, actor.user_id),
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
