//! `GET /api/v1/export/deals`: the deals of the list's filters as CSV (see
//! [`crate::export`]), streamed page by page from the database: a million
//! deals are never held in memory.
use super::deals::{ListParams, filter_from};
use super::{ApiError, actor};
use crate::export::{deal_chunk, deal_header};
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
    Router::new().route("/export/deals", get(export_deals))
}

async fn export_deals(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let actor = actor(&state, &headers, Need::Crm).await?;
    let filter = filter_from(&p, &actor)?;
    // The first chunk is read before answering, so that a failure is a
    // proper error rather than a cut file.
    let (first, mut next) = deal_chunk(&state.db, &filter, 0).await?;
    let head =
        stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(deal_header() + &first)) });
    let db = state.db.clone();
    let rest = stream::unfold(next.take(), move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move {
            let after = after?;
            match deal_chunk(&db, &filter, after).await {
                Ok((text, next)) => Some((Ok(Bytes::from(text)), next)),
                Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
            }
        }
    });
    let mut res = Response::new(Body::from_stream(head.chain(rest)));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"tratos.csv\""),
    );
    Ok(res)
}
