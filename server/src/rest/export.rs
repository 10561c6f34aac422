//! `GET /api/v1/export/deals`: the deals of the list's filters as CSV, with
//! the import's columns (so an export re-imports), streamed page by page
//! from the database: a million deals are never held in memory. Cells a
//! spreadsheet would run as formulas are neutralised.
use super::deals::{ListParams, filter_from};
use super::{ApiError, actor, iso};
use app::domain::csv;
use app::domain::money::from_minor;
use app::error::AppError;
use app::ssr::auth::guard::Need;
use app::ssr::db::Db;
use app::ssr::db::deal_api::{self, ApiDealFilter, ExportRow};
use app::ssr::state::AppState;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use futures::stream::{self, StreamExt};
use http::{HeaderMap, HeaderValue, header};

/// The deal columns of PRODUCT.md §5, in order.
pub const DEAL_COLUMNS: [&str; 15] = [
    "key",
    "title",
    "value",
    "currency",
    "pipeline",
    "stage",
    "status",
    "owner_email",
    "organization",
    "contact_email",
    "created_at",
    "won_at",
    "lost_at",
    "lost_reason",
    "expected_close_date",
];

/// Deals read from the database per chunk of the answer.
const CHUNK: i64 = 1_000;

pub fn routes() -> Router<AppState> {
    Router::new().route("/export/deals", get(export_deals))
}

fn instant(ms: Option<i64>) -> String {
    iso(ms).unwrap_or_default()
}

fn line(d: &ExportRow) -> String {
    let value = from_minor(d.value_minor).to_string();
    let (created, won, lost) = (
        instant(Some(d.created_at)),
        instant(d.won_at),
        instant(d.lost_at),
    );
    csv::row([
        d.key.as_str(),
        &d.title,
        &value,
        &d.currency,
        &d.pipeline,
        &d.stage,
        &d.status,
        &d.owner_email,
        d.organization.as_deref().unwrap_or(""),
        d.contact_email.as_deref().unwrap_or(""),
        &created,
        &won,
        &lost,
        d.lost_reason.as_deref().unwrap_or(""),
        d.expected_close_date.as_deref().unwrap_or(""),
    ])
}

/// The next chunk after deal id `after`, and where the one after starts.
async fn chunk(
    db: &Db,
    filter: &ApiDealFilter,
    after: i64,
) -> Result<(String, Option<i64>), AppError> {
    let page = ApiDealFilter {
        after_id: after,
        limit: CHUNK,
        ..filter.clone()
    };
    let mut conn = db.read().await?;
    let rows = deal_api::export_page(&mut conn.ex(), &page).await?;
    let next = (rows.len() as i64 == CHUNK)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    Ok((rows.iter().map(line).collect(), next))
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
    let (first, mut next) = chunk(&state.db, &filter, 0).await?;
    let head = stream::once(async move {
        Ok::<_, std::io::Error>(Bytes::from(csv::row(DEAL_COLUMNS) + &first))
    });
    let db = state.db.clone();
    let rest = stream::unfold(next.take(), move |after| {
        let (db, filter) = (db.clone(), filter.clone());
        async move {
            let after = after?;
            match chunk(&db, &filter, after).await {
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
