//! Rows written many at a time, by the demo seeder and the CSV imports:
//! many rows per statement, explicit ids so that related rows can be built
//! in memory first (see [`super::dialect::reserve_ids`]).
use super::Ex;
use crate::domain::deal_event::DealEvent;
use crate::domain::deal_status::DealStatus;
use crate::error::AppError;
use crate::{fetch_scalar, insert_many};

/// The largest id in `table` (0 when empty).
pub async fn max_id(ex: &mut Ex<'_>, table: &'static str) -> Result<i64, AppError> {
    let sql = format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table}");
    Ok(fetch_scalar!(ex, i64, sqlx::AssertSqlSafe(sql))?)
}

/// The largest id of the account's rows of `table` (0: none).
pub async fn account_max_id(
    ex: &mut Ex<'_>,
    table: &'static str,
    account_id: i64,
) -> Result<i64, AppError> {
    let sql =
        format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table} WHERE account_id = $1");
    Ok(fetch_scalar!(
        ex,
        i64,
        sqlx::AssertSqlSafe(sql),
        account_id
    )?)
}

pub struct BulkOrganization {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub lifecycle: &'static str,
    pub owner_id: i64,
    pub created_at: i64,
}

impl BulkOrganization {
    /// An organization known only by its name (an import met it in a deal
    /// or a contact).
    pub fn named(id: i64, account_id: i64, name: String, owner_id: i64, created_at: i64) -> Self {
        BulkOrganization {
            id,
            account_id,
            name,
            tax_id: None,
            phone: None,
            email: None,
            address: None,
            lifecycle: "prospecto",
            owner_id,
            created_at,
        }
    }
}

pub async fn insert_organizations(
    ex: &mut Ex<'_>,
    rows: &[BulkOrganization],
) -> Result<(), AppError> {
    insert_many!(
        ex,
        "INSERT INTO organizations (id, account_id, name, tax_id, phone, email, address, lifecycle, owner_id, created_at, updated_at)",
        rows,
        |r| [
            r.id,
            r.account_id,
            &r.name,
            &r.tax_id,
            &r.phone,
            &r.email,
            &r.address,
            r.lifecycle,
            r.owner_id,
            r.created_at,
            r.created_at
        ]
    )
}

pub struct BulkContact {
    pub id: i64,
    pub account_id: i64,
    pub organization_id: Option<i64>,
    pub name: String,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lifecycle: &'static str,
    pub owner_id: i64,
    pub created_at: i64,
}

pub async fn insert_contacts(ex: &mut Ex<'_>, rows: &[BulkContact]) -> Result<(), AppError> {
    insert_many!(
        ex,
        "INSERT INTO contacts (id, account_id, organization_id, name, job_title, email, phone, lifecycle, owner_id, created_at, updated_at)",
        rows,
        |r| [
            r.id,
            r.account_id,
            r.organization_id,
            &r.name,
            &r.job_title,
            &r.email,
            &r.phone,
            r.lifecycle,
            r.owner_id,
            r.created_at,
            r.created_at
        ]
    )
}

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

pub struct BulkActivity {
    pub account_id: i64,
    pub kind: &'static str,
    pub subject: String,
    pub due_at: i64,
    pub priority: &'static str,
    pub assigned_to: i64,
    pub deal_id: i64,
    pub contact_id: i64,
    pub organization_id: i64,
    pub done: bool,
    pub done_at: Option<i64>,
    pub created_at: i64,
}

pub async fn insert_activities(ex: &mut Ex<'_>, rows: &[BulkActivity]) -> Result<(), AppError> {
    insert_many!(
        ex,
        "INSERT INTO activities (account_id, kind, subject, due_at, priority, assigned_to, deal_id, contact_id, \
         organization_id, done, done_at, created_at)",
        rows,
        |r| [
            r.account_id,
            r.kind,
            &r.subject,
            r.due_at,
            r.priority,
            r.assigned_to,
            r.deal_id,
            r.contact_id,
            r.organization_id,
            r.done,
            r.done_at,
            r.created_at
        ]
    )
}
