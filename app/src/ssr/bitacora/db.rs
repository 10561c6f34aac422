//! The account history (bitácora): one row per change of a setting, user,
//! role, organization, contact or activity, written in the change's
//! transaction. Deals keep theirs in `deal_events`; [`page`] reads both.
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all};

/// One change to record.
pub struct Entry<'a> {
    pub account_id: i64,
    pub actor_id: i64,
    /// What was changed: `pipeline`, `stage`, `lost_reason`, `user`, …
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    /// `created`, `updated`, `deleted`, …
    pub action: &'a str,
    /// A short text of what it was done to (a name, a label).
    pub detail: &'a str,
    /// The fields an edit changed, comma-separated.
    pub fields: &'a str,
    pub at: i64,
}

pub async fn record(ex: &mut Ex<'_>, e: &Entry<'_>) -> Result<(), AppError> {
    execute!(
        ex,
        "INSERT INTO audit_log (account_id, actor_id, at, entity, entity_id, action, detail, fields) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        e.account_id,
        e.actor_id,
        e.at,
        e.entity,
        e.entity_id,
        e.action,
        e.detail,
        e.fields
    )?;
    Ok(())
}

/// A row of the account history: settings and records from `audit_log`,
/// deals from `deal_events` (entity `deal`, detail the deal's key and
/// title, action the event's kind, data its particulars).
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct HistoryRow {
    pub at: i64,
    pub actor: Option<String>,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
    pub detail: String,
    pub data: String,
    pub fields: String,
}

/// What the history is narrowed to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryFilter {
    pub actor_id: Option<i64>,
    /// `deal` or an `audit_log` entity.
    pub entity: Option<String>,
    /// Instants, inclusive from and exclusive to.
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Whether deal events are included.
    pub deals: bool,
}

/// The newest `limit` rows of the account history matching `f`, skipping
/// `offset`.
pub async fn page(
    ex: &mut Ex<'_>,
    account_id: i64,
    f: &HistoryFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<HistoryRow>, AppError> {
    // Each side is read newest first along its (account, at) index and
    // cut at the rows this page could need, then merged: a page costs the
    // same however long the history is.
    Ok(fetch_all!(
        ex,
        HistoryRow,
        "SELECT h.at, u.name AS actor, h.entity, h.entity_id, h.action, h.detail, h.data, h.fields FROM ( \
           SELECT * FROM ( \
             SELECT l.at, l.actor_id, l.entity, l.entity_id, l.action, l.detail, '{}' AS data, \
                    l.fields, l.id AS seq, 1 AS src \
             FROM audit_log l WHERE l.account_id = $1 AND ($2 IS NULL OR l.actor_id = $2) \
               AND ($3 IS NULL OR l.entity = $3) AND ($4 IS NULL OR l.at >= $4) AND ($5 IS NULL OR l.at < $5) \
             ORDER BY l.at DESC, l.id DESC LIMIT $6 + $7) a \
           UNION ALL \
           SELECT * FROM ( \
             SELECT e.at, e.actor_id, 'deal' AS entity, e.deal_id AS entity_id, e.kind AS action, \
                    d.key || ' · ' || d.title AS detail, e.data, '' AS fields, e.id AS seq, 0 AS src \
             FROM deal_events e JOIN deals d ON d.id = e.deal_id \
             WHERE e.account_id = $1 AND $8 AND ($2 IS NULL OR e.actor_id = $2) \
               AND ($3 IS NULL OR $3 = 'deal') AND ($4 IS NULL OR e.at >= $4) AND ($5 IS NULL OR e.at < $5) \
             ORDER BY e.at DESC, e.id DESC LIMIT $6 + $7) ev \
         ) h LEFT JOIN users u ON u.id = h.actor_id \
         ORDER BY h.at DESC, h.src DESC, h.seq DESC LIMIT $6 OFFSET $7",
        account_id,
        f.actor_id,
        f.entity.as_deref(),
        f.from,
        f.to,
        limit,
        offset,
        f.deals
    )?)
}

/// The newest changes noted for one record (`entity`, `id`) of the account:
/// (at, actor's name, action, detail, fields changed).
pub async fn of_record(
    ex: &mut Ex<'_>,
    account_id: i64,
    entity: &str,
    id: i64,
) -> Result<Vec<(i64, Option<String>, String, String, String)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, Option<String>, String, String, String),
        "SELECT l.at, u.name, l.action, l.detail, l.fields FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id \
         WHERE l.account_id = $1 AND l.entity = $2 AND l.entity_id = $3 \
         ORDER BY l.at DESC, l.id DESC LIMIT 50",
        account_id,
        entity,
        id
    )?)
}
