//! Deals as the REST API reads them: one by id, and pages in id order
//! after a cursor.
use super::Ex;
use super::deal_list::Keyset;
use super::dynamic::{self, Arg};
use crate::error::AppError;
use crate::fetch_optional;

/// A deal with every field the API shows.
#[derive(Clone, Debug, sqlx::FromRow)]
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
    pub status: String,
    pub owner_id: i64,
    pub organization_id: Option<i64>,
    pub contact_id: Option<i64>,
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
           d.expected_close_date, d.created_at, d.updated_at, \
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

/// Which deals a page lists.
#[derive(Clone, Debug, Default)]
pub struct ApiDealFilter {
    pub account_id: i64,
    pub owner_id: Option<i64>,
    /// `open`, `won` or `lost`.
    pub status: Option<&'static str>,
    pub pipeline_id: Option<i64>,
    pub stage_id: Option<i64>,
    /// Only ids above this one (the cursor).
    pub after_id: i64,
    pub limit: i64,
}

impl ApiDealFilter {
    /// The page as a keyset over the index of its filters (see
    /// [`super::deal_list`]).
    fn keyset(&self) -> Keyset<'static> {
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
            search: None,
            order: "d.id",
            descending: false,
            after: Some((Arg::Int(self.after_id), self.after_id)),
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

/// A deal as the CSV export writes it: names instead of ids.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub value_minor: i64,
    pub currency: String,
    pub pipeline: String,
    pub stage: String,
    pub status: String,
    pub owner_email: String,
    pub organization: Option<String>,
    pub contact_email: Option<String>,
    pub created_at: i64,
    pub won_at: Option<i64>,
    pub lost_at: Option<i64>,
    pub lost_reason: Option<String>,
    pub expected_close_date: Option<String>,
    pub exchange_rate: String,
}

/// Up to `limit` deals of the filter for the export, in id order.
pub async fn export_page(ex: &mut Ex<'_>, f: &ApiDealFilter) -> Result<Vec<ExportRow>, AppError> {
    let joins = format!(
        "JOIN pipelines p ON p.id = d.pipeline_id \
         JOIN stages s ON s.id = d.stage_id \
         JOIN users u ON u.id = d.owner_id \
         LEFT JOIN organizations o ON o.id = d.organization_id \
         LEFT JOIN contacts c ON c.id = d.contact_id {LOST_REASON}"
    );
    let sql = f.keyset().statement(
        ex.dialect(),
        "d.id, d.key, d.title, d.value_minor, d.currency, p.name AS pipeline, s.name AS stage, \
         d.status, u.email AS owner_email, o.name AS organization, c.email AS contact_email, \
         d.created_at, CASE WHEN d.status = 'won' THEN d.won_at END AS won_at, \
         CASE WHEN d.status = 'lost' THEN d.lost_at END AS lost_at, \
         r.label AS lost_reason, d.expected_close_date, d.exchange_rate",
        &joins,
    );
    Ok(dynamic::fetch_all(ex, sql).await?)
}
