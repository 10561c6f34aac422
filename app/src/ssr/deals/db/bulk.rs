//! Deals, their history events and comments written many at a time (the
//! demo seeder and the CSV import), and what an import looks up before it
//! writes them.
use crate::domain::deal_event::DealEvent;
use crate::domain::deal_status::DealStatus;
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{fetch_all, insert_many};

pub struct BulkDeal {
    pub id: i64,
    pub account_id: i64,
    pub key: String,
    pub title: String,
    pub value_minor: i64,
    pub currency: String,
    /// Units of the account's currency per unit of `currency`.
    pub exchange_rate: String,
    pub base_value_minor: i64,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub position: f64,
    pub status: DealStatus,
    pub lost_reason_id: Option<i64>,
    pub owner_id: i64,
    pub organization_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub expected_close_date: Option<String>,
    pub priority: Option<&'static str>,
    pub source: Option<&'static str>,
    pub created_at: i64,
    pub updated_at: i64,
    pub stage_entered_at: i64,
    pub won_at: Option<i64>,
    pub lost_at: Option<i64>,
    pub version: i64,
}

pub async fn insert_deals(ex: &mut Ex<'_>, rows: &[BulkDeal]) -> Result<(), AppError> {
    insert_many!(
        ex,
        "INSERT INTO deals (id, account_id, key, title, value_minor, currency, exchange_rate, base_value_minor, pipeline_id, \
         stage_id, position, status, lost_reason_id, owner_id, organization_id, contact_id, expected_close_date, priority, \
         source, created_at, updated_at, stage_entered_at, won_at, lost_at, version)",
        rows,
        |r| [
            r.id,
            r.account_id,
            &r.key,
            &r.title,
            r.value_minor,
            &r.currency,
            &r.exchange_rate,
            r.base_value_minor,
            r.pipeline_id,
            r.stage_id,
            r.position,
            r.status,
            r.lost_reason_id,
            r.owner_id,
            r.organization_id,
            r.contact_id,
            &r.expected_close_date,
            r.priority,
            r.source,
            r.created_at,
            r.updated_at,
            r.stage_entered_at,
            r.won_at,
            r.lost_at,
            r.version
        ]
    )
}

/// A deal's history event, in its stored form.
pub struct BulkEvent {
    pub account_id: i64,
    pub deal_id: i64,
    pub kind: &'static str,
    pub actor_id: i64,
    pub at: i64,
    pub data: String,
}

impl BulkEvent {
    pub fn new(account_id: i64, deal_id: i64, actor_id: i64, at: i64, event: &DealEvent) -> Self {
        let (kind, data) = crate::ssr::deals::db::events::stored(event);
        BulkEvent {
            account_id,
            deal_id,
            kind,
            actor_id,
            at,
            data,
        }
    }
}

pub async fn insert_events(ex: &mut Ex<'_>, rows: &[BulkEvent]) -> Result<(), AppError> {
    insert_many!(
        ex,
        "INSERT INTO deal_events (account_id, deal_id, kind, actor_id, at, data)",
        rows,
        |r| [r.account_id, r.deal_id, r.kind, r.actor_id, r.at, &r.data]
    )
}

pub struct BulkComment {
    pub account_id: i64,
    pub deal_id: i64,
    pub author_id: i64,
    pub body: &'static str,
    pub created_at: i64,
}

pub async fn insert_comments(ex: &mut Ex<'_>, rows: &[BulkComment]) -> Result<(), AppError> {
    insert_many!(
        ex,
        "INSERT INTO deal_comments (account_id, deal_id, author_id, body, created_at)",
        rows,
        |r| [r.account_id, r.deal_id, r.author_id, r.body, r.created_at]
    )
}

/// Every deal key of the account.
pub async fn deal_keys(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<String>, AppError> {
    Ok(fetch_all!(
        ex,
        (String,),
        "SELECT key FROM deals WHERE account_id = $1",
        account_id
    )?
    .into_iter()
    .map(|(k,)| k)
    .collect())
}

/// The last board position of each stage that has open deals:
/// (stage id, position).
pub async fn stage_ends(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<(i64, f64)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, f64),
        "SELECT stage_id, MAX(position) FROM deals WHERE account_id = $1 AND status = 'open' \
         GROUP BY stage_id",
        account_id
    )?)
}
