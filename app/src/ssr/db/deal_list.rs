//! The `/crm/tratos` list: one page of deals, filtered and sorted.
use super::Ex;
use crate::error::AppError;
use crate::{fetch_all, fetch_scalar};

/// Which deals, in what order. `sort` is one of the whitelisted columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListFilter {
    pub account_id: i64,
    pub owner_id: Option<i64>,
    /// `open`, `won`, `lost` or none for all.
    pub status: Option<&'static str>,
    /// Lower-case text searched in title and key.
    pub search: Option<String>,
    pub sort: Sort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

/// Columns the list sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Created,
    Value,
    Title,
}

impl Sort {
    fn column(self) -> &'static str {
        match self {
            Sort::Created => "d.created_at",
            Sort::Value => "d.base_value_minor",
            Sort::Title => "d.title",
        }
    }
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ListRow {
    pub key: String,
    pub title: String,
    pub value_minor: i64,
    pub currency: String,
    pub status: String,
    pub stage: String,
    pub owner: String,
    pub organization: Option<String>,
    pub created_at: i64,
}

const MATCHES: &str = "d.account_id = $1 AND ($2 IS NULL OR d.owner_id = $2) \
    AND ($3 IS NULL OR d.status = $3) \
    AND ($4 IS NULL OR LOWER(d.title) LIKE $4 ESCAPE '\\' OR LOWER(d.key) LIKE $4 ESCAPE '\\')";

/// One page of matching deals and how many match in all.
pub async fn page(ex: &mut Ex<'_>, f: &ListFilter) -> Result<(Vec<ListRow>, i64), AppError> {
    let pattern = f.search.as_deref().map(super::board::like_pattern);
    let total = fetch_scalar!(
        ex,
        i64,
        sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM deals d WHERE {MATCHES}"
        )),
        f.account_id,
        f.owner_id,
        f.status,
        pattern.clone()
    )?;
    let direction = if f.descending { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT d.key, d.title, d.value_minor, d.currency, d.status, s.name AS stage, u.name AS owner, \
           o.name AS organization, d.created_at \
         FROM deals d JOIN stages s ON s.id = d.stage_id JOIN users u ON u.id = d.owner_id \
         LEFT JOIN organizations o ON o.id = d.organization_id \
         WHERE {MATCHES} ORDER BY {} {direction}, d.id {direction} LIMIT $5 OFFSET $6",
        f.sort.column()
    );
    let rows = fetch_all!(
        ex,
        ListRow,
        sqlx::AssertSqlSafe(sql),
        f.account_id,
        f.owner_id,
        f.status,
        pattern,
        f.limit,
        f.offset
    )?;
    Ok((rows, total))
}
