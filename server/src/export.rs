//! CSV export of deals with the import's columns (so an export re-imports),
//! read from the database a chunk at a time; used by the REST export and
//! `embudo export`. Cells a spreadsheet would run as formulas are
//! neutralised.
use crate::import::deals::COLUMNS;
use crate::rest::iso;
use app::domain::csv;
use app::domain::money::from_minor;
use app::error::AppError;
use app::ssr::db::Db;
use app::ssr::db::deal_api::{self, ApiDealFilter, ExportRow};

/// Deals read from the database per chunk.
const CHUNK: i64 = 1_000;

/// The header row.
pub fn deal_header() -> String {
    csv::row(COLUMNS)
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
        &d.exchange_rate,
    ])
}

/// The rows of the chunk after deal id `after`, and where the next starts
/// (`None`: this was the last).
pub async fn deal_chunk(
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

/// Writes every deal of the account to `out`.
pub async fn all_deals(
    db: &Db,
    account_id: i64,
    out: &mut impl std::io::Write,
) -> Result<(), AppError> {
    let filter = ApiDealFilter {
        account_id,
        owner_id: None,
        status: None,
        pipeline_id: None,
        stage_id: None,
        after_id: 0,
        limit: CHUNK,
    };
    let io = |_| AppError::Internal;
    out.write_all(deal_header().as_bytes()).map_err(io)?;
    let mut after = Some(0);
    while let Some(from) = after {
        let (text, next) = deal_chunk(db, &filter, from).await?;
        out.write_all(text.as_bytes()).map_err(io)?;
        after = next;
    }
    out.flush().map_err(io)
}
