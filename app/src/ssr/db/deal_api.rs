//! Deals as the REST API reads them: one by id, and pages in id order
//! after a cursor.
use super::Ex;
use crate::error::AppError;
use crate::{fetch_all, fetch_optional};

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

macro_rules! api_deal_select {
    () => {
        "SELECT d.id, d.key, d.title, d.value_minor, d.currency, d.exchange_rate, d.pipeline_id, \
           d.stage_id, d.position, d.status, d.owner_id, d.organization_id, d.contact_id, \
           d.expected_close_date, d.created_at, d.updated_at, \
           CASE WHEN d.status = 'won' THEN d.won_at END AS won_at, \
           CASE WHEN d.status = 'lost' THEN d.lost_at END AS lost_at, \
           CASE WHEN d.status = 'lost' THEN d.lost_reason_id END AS lost_reason_id, \
           r.label AS lost_reason, d.lost_note, d.version \
         FROM deals d \
         LEFT JOIN lost_reasons r ON r.id = d.lost_reason_id AND d.status = 'lost' "
    };
}

/// The deal of the account with this id.
pub async fn get(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<ApiDealRow>, AppError> {
    Ok(fetch_optional!(
        ex,
        ApiDealRow,
        concat!(api_deal_select!(), "WHERE d.account_id = $1 AND d.id = $2"),
        account_id,
        id
    )?)
}

/// Which deals a page lists.
#[derive(Clone, Debug, Default)]
pub struct ApiDealFilter {
    pub account_id: i64,
    pub owner_id: Option<i64>,
    pub status: Option<String>,
    pub pipeline_id: Option<i64>,
    pub stage_id: Option<i64>,
    /// Only ids above this one (the cursor).
    pub after_id: i64,
    pub limit: i64,
}

/// The conditions of an [`ApiDealFilter`], binds $1 to $7.
macro_rules! filter_where {
    () => {
        "WHERE d.account_id = $1 AND ($2 IS NULL OR d.owner_id = $2) \
           AND ($3 IS NULL OR d.status = $3) AND ($4 IS NULL OR d.pipeline_id = $4) \
           AND ($5 IS NULL OR d.stage_id = $5) AND d.id > $6 \
         ORDER BY d.id LIMIT $7"
    };
}

/// Up to `limit` deals of the filter, in id order.
pub async fn page(ex: &mut Ex<'_>, f: &ApiDealFilter) -> Result<Vec<ApiDealRow>, AppError> {
    Ok(fetch_all!(
        ex,
        ApiDealRow,
        concat!(api_deal_select!(), filter_where!()),
        f.account_id,
        f.owner_id,
        f.status.as_deref(),
        f.pipeline_id,
        f.stage_id,
        f.after_id,
        f.limit
    )?)
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
    Ok(fetch_all!(
        ex,
        ExportRow,
        concat!(
            "SELECT d.id, d.key, d.title, d.value_minor, d.currency, p.name AS pipeline, s.name AS stage, \
           d.status, u.email AS owner_email, o.name AS organization, c.email AS contact_email, \
           d.created_at, CASE WHEN d.status = 'won' THEN d.won_at END AS won_at, \
           CASE WHEN d.status = 'lost' THEN d.lost_at END AS lost_at, \
           r.label AS lost_reason, d.expected_close_date, d.exchange_rate \
         FROM deals d \
         JOIN pipelines p ON p.id = d.pipeline_id \
         JOIN stages s ON s.id = d.stage_id \
         JOIN users u ON u.id = d.owner_id \
         LEFT JOIN organizations o ON o.id = d.organization_id \
         LEFT JOIN contacts c ON c.id = d.contact_id \
         LEFT JOIN lost_reasons r ON r.id = d.lost_reason_id AND d.status = 'lost' \
         ",
            filter_where!()
        ),
        f.account_id,
        f.owner_id,
        f.status.as_deref(),
        f.pipeline_id,
        f.stage_id,
        f.after_id,
        f.limit
    )?)
}
