//! `GET /api/v1/export/deals` (the list's filters), `/export/organizations`
//! and `/export/contacts`: CSV (see [`crate::export`]), streamed chunk by
//! chunk from the database: a million records are never held in memory.
use super::deals::{ListParams, filter_from};
use super::{ApiError, actor};
use crate::export::Export;
use app::error::AppError;
use app::ssr::auth::guard::Need;
use app::ssr::state::AppState;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use futures::stream::{self, StreamExt};
use http::{HeaderMap, HeaderValue, header};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/export/deals", get(export_deals))
        .route("/export/organizations", get(export_organizations))
        .route("/export/contacts", get(export_contacts))
}

async fn export_deals(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let actor = actor(&state, &headers, Need::Crm).await?;
    let filter = filter_from(&p, &actor)?;
    stream_csv(&state, Export::Deals(filter)).await
}

async fn export_organizations(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let account_id = actor.account_id;
    stream_csv(&state, Export::Organizations { account_id }).await
}

async fn export_contacts(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let account_id = actor.account_id;
    stream_csv(&state, Export::Contacts { account_id }).await
}

async fn stream_csv(state: &AppState, export: Export) -> Result<Response, ApiError> {
    // The first chunk is read before answering, so that a failure is a
    // proper error rather than a cut file.
    let names = std::sync::Arc::new(export.names(&state.db).await?);
    let mut ranges = export.ranges(&state.db).await?.into_iter();
    let first = match ranges.next() {
        Some(range) => export.chunk(&state.db, &names, range).await?,
        None => String::new(),
    };
    let head_text = export.header() + &first;
    let head = stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(head_text)) });
    let disposition = export.file_name();
    // The next chunks are read two at a time (two connections) while the
    // last is sent; the stream holds at most those, so memory stays that of
    // a few chunks however many records there are.
    let db = state.db.clone();
    let rest = stream::iter(ranges)
        .map(move |range| {
            let (db, export, names) = (db.clone(), export.clone(), names.clone());
            async move {
                export
                    .chunk(&db, &names, range)
                    .await
                    .map(Bytes::from)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            }
        })
        .buffered(2);
    // Fused: a body layer (compression) may ask again after the end.
    let mut res = Response::new(Body::from_stream(head.chain(rest).fuse()));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static(disposition),
    );
    Ok(res)
}
