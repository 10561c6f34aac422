//! `GET /api/v1/export/deals` (the list's filters), `/export/organizations`,
//! `/export/contacts` and `/export/products`: CSV (see [`crate::export`]), streamed chunk by
//! chunk from the database: a million records are never held in memory.
use super::deals::{ListParams, filter_from};
use super::extract::{Authed, Crm, Params};
use super::{ApiError, PageParams};
use crate::export::Export;
use app::ssr::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::response::Response;
use futures::stream::{self, StreamExt};
use http::{HeaderValue, header};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_deals))
        .routes(routes!(export_organizations))
        .routes(routes!(export_contacts))
        .routes(routes!(export_products))
}

/// The deals of the filters as CSV (the import's columns)
#[utoipa::path(get, path = "/export/deals", params(ListParams, PageParams),
    responses((status = 200, body = String, content_type = "text/csv"), (status = 400), (status = 422)))]
async fn export_deals(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Params(p): Params<ListParams>,
    Params(page): Params<PageParams>,
) -> Result<Response, ApiError> {
    let filter = filter_from(&p, &page, &actor)?;
    stream_csv(&state, Export::Deals(filter)).await
}

/// Every organization as CSV (the import's columns)
#[utoipa::path(get, path = "/export/organizations",
    responses((status = 200, body = String, content_type = "text/csv")))]
async fn export_organizations(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
) -> Result<Response, ApiError> {
    let account_id = actor.account_id;
    stream_csv(&state, Export::Organizations { account_id }).await
}

/// Every contact as CSV (the import's columns)
#[utoipa::path(get, path = "/export/contacts",
    responses((status = 200, body = String, content_type = "text/csv")))]
async fn export_contacts(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
) -> Result<Response, ApiError> {
    let account_id = actor.account_id;
    stream_csv(&state, Export::Contacts { account_id }).await
}

/// The product catalogue as CSV (the import's columns)
#[utoipa::path(get, path = "/export/products",
    responses((status = 200, body = String, content_type = "text/csv")))]
async fn export_products(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
) -> Result<Response, ApiError> {
    let account_id = actor.account_id;
    stream_csv(&state, Export::Products { account_id }).await
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
