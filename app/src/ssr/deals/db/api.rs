//! Deals as the REST API reads them: one by id, and pages in id order
//! after a cursor.
use crate::domain::deal_status::DealStatus;
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::ssr::db::dynamic::{self, Arg};
use crate::ssr::deals::db::list::Keyset;
use crate::{fetch_all, fetch_optional};
use std::collections::HashMap;

/// A deal with every field the API shows (and the outbox keeps of it, as
/// stored: minor units, epoch milliseconds).
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize)]
pub struct ApiDealRow {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub value_minor: i64,
    pub currency: String,
    pub exchange_rate: String,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub position: f64,
    pub status: DealStatus,
    pub owner_id: i64,
    pub organization_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub description: Option<String>,
    pub priority: Option<String>,
    pub source: Option<String>,
    pub expected_close_date: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub won_at: Option<i64>,
    pub lost_at: Option<i64>,
    pub lost_reason_id: Option<i64>,
    pub lost_reason: Option<String>,
    pub lost_note: Option<String>,
    pub version: i64,
}

/// The columns of an [`ApiDealRow`] (`d` the deal, `r` its lost reason).
macro_rules! api_deal_columns {
    () => {
        "d.id, d.key, d.title, d.value_minor, d.currency, d.exchange_rate, d.pipeline_id, \
           d.stage_id, d.position, d.status, d.owner_id, d.organization_id, d.contact_id, \
           d.description, d.priority, d.source, d.expected_close_date, d.created_at, d.updated_at, \
           CASE WHEN d.status = 'won' THEN d.won_at END AS won_at, \
           CASE WHEN d.status = 'lost' THEN d.lost_at END AS lost_at, \
           CASE WHEN d.status = 'lost' THEN d.lost_reason_id END AS lost_reason_id, \
           r.label AS lost_reason, d.lost_note, d.version"
    };
}

/// How an [`ApiDealRow`] joins its lost reason.
const LOST_REASON: &str =
    "LEFT JOIN lost_reasons r ON r.id = d.lost_reason_id AND d.status = 'lost'";

/// The deal of the account with this id.
pub async fn get(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<ApiDealRow>, AppError> {
    Ok(fetch_optional!(
        ex,
        ApiDealRow,
        concat!(
            "SELECT ",
            api_deal_columns!(),
            " FROM deals d LEFT JOIN lost_reasons r ON r.id = d.lost_reason_id AND d.status = 'lost' \
             WHERE d.account_id = $1 AND d.id = $2"
        ),
        account_id,
        id
    )?)
}

/// The deal as the outbox keeps it: its [`ApiDealRow`] as JSON (a foreign
/// or missing id: not found).
pub async fn snapshot(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<serde_json::Value, AppError> {
    let row = get(ex, account_id, id).await?.ok_or(AppError::NotFound)?;
    serde_json::to_value(row).map_err(|_| AppError::Internal)
}

/// Which deals a page lists.
#[derive(Clone, Debug, Default)]
pub struct ApiDealFilter {
    pub account_id: i64,
    pub owner_id: Option<i64>,
    /// `open`, `won` or `lost`.
    pub status: Option<DealStatus>,
    pub pipeline_id: Option<i64>,
    pub stage_id: Option<i64>,
    /// Words each in the title, key or organization name.
    pub search: Option<Vec<String>>,
    /// Only ids above this one (the cursor).
    pub after_id: i64,
    /// Only ids up to this one (an export's range).
    pub until_id: Option<i64>,
    pub limit: i64,
}

impl ApiDealFilter {
    /// The page as a keyset over the index of its filters (see
    /// [`crate::ssr::deals::db::list`]).
    fn keyset(&self) -> Keyset<'_> {
        let equal = [
            ("d.owner_id", self.owner_id),
            ("d.pipeline_id", self.pipeline_id),
            ("d.stage_id", self.stage_id),
        ]
        .into_iter()
        .filter_map(|(column, value)| value.map(|v| (column, v)))
        .collect();
        Keyset {
            account_id: self.account_id,
            equal,
            status: self.status,
            search: self.search.as_deref(),
            order: "d.id",
            descending: false,
            after: Some((Arg::Int(self.after_id), self.after_id)),
            until: self.until_id,
            limit: self.limit,
        }
    }
}

/// Up to `limit` deals of the filter, in id order.
pub async fn page(ex: &mut Ex<'_>, f: &ApiDealFilter) -> Result<Vec<ApiDealRow>, AppError> {
    let sql = f
        .keyset()
        .statement(ex.dialect(), api_deal_columns!(), LOST_REASON);
    Ok(dynamic::fetch_all(ex, sql).await?)
}

/// A deal as the CSV export reads it: ids where it writes names (see
/// [`export_names`]).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub value_minor: i64,
    pub currency: String,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub status: DealStatus,
    pub owner_id: i64,
    pub organization_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub created_at: i64,
    pub won_at: Option<i64>,
    pub lost_at: Option<i64>,
    pub lost_reason_id: Option<i64>,
    pub expected_close_date: Option<String>,
    pub exchange_rate: String,
}

/// Up to `limit` deals of the filter for the export, in id order.
pub async fn export_page(ex: &mut Ex<'_>, f: &ApiDealFilter) -> Result<Vec<ExportRow>, AppError> {
    let sql = f.keyset().statement(
        ex.dialect(),
        "d.id, d.key, d.title, d.value_minor, d.currency, d.pipeline_id, d.stage_id, d.status, \
         d.owner_id, d.organization_id, d.contact_id, d.created_at, \
         CASE WHEN d.status = 'won' THEN d.won_at END AS won_at, \
         CASE WHEN d.status = 'lost' THEN d.lost_at END AS lost_at, \
         CASE WHEN d.status = 'lost' THEN d.lost_reason_id END AS lost_reason_id, \
         d.expected_close_date, d.exchange_rate",
        "",
    );
    Ok(dynamic::fetch_all(ex, sql).await?)
}

/// The names an export writes for ids: of the account's pipelines, stages,
/// users (their email), lost reasons, organizations and contacts (their
/// email). Read once per export: looking two of them up for each of a
/// million rows took most of its time, and they grow with the directory,
/// not with the deals.
#[derive(Clone, Debug, Default)]
pub struct ExportNames {
    pub pipelines: HashMap<i64, String>,
    pub stages: HashMap<i64, String>,
    pub owners: HashMap<i64, String>,
    pub reasons: HashMap<i64, String>,
    pub organizations: HashMap<i64, String>,
    pub contacts: HashMap<i64, String>,
}

/// Reads the account's [`ExportNames`].
pub async fn export_names(ex: &mut Ex<'_>, account_id: i64) -> Result<ExportNames, AppError> {
    let rows = fetch_all!(
        ex,
        (String, i64, String),
        "SELECT 'p', id, name FROM pipelines WHERE account_id = $1 \
         UNION ALL SELECT 's', id, name FROM stages WHERE account_id = $1 \
         UNION ALL SELECT 'u', id, email FROM users WHERE account_id = $1 \
         UNION ALL SELECT 'r', id, label FROM lost_reasons WHERE account_id = $1 \
         UNION ALL SELECT 'o', id, name FROM organizations WHERE account_id = $1 \
         UNION ALL SELECT 'c', id, email FROM contacts WHERE account_id = $1 AND email IS NOT NULL",
        account_id
    )?;
    let mut names = ExportNames::default();
    for (kind, id, name) in rows {
        let map = match kind.as_str() {
            "p" => &mut names.pipelines,
            "s" => &mut names.stages,
            "u" => &mut names.owners,
            "r" => &mut names.reasons,
            "o" => &mut names.organizations,
            _ => &mut names.contacts,
        };
        map.insert(id, name);
    }
    Ok(names)
}
