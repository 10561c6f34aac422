//! Pages of deals whose work does not grow with the account: the
//! `/crm/tratos` list (filters, three sorts, text search) and the id-order
//! pages of the REST API and the export ([`crate::ssr::deals::db::api`]).
//!
//! Every page is a keyset page: the rows after the last one shown, in the
//! order of an index whose leading columns are the filters given (migration
//! 0009 names them). A page of every status reads the three statuses'
//! ranges of that index, each at most one page long, and merges them. Text
//! search reads the full-text index (SQLite FTS5 word prefixes, PostgreSQL
//! `pg_trgm` substrings) newest first. Totals are counted up to [`COUNT_CAP`].
use crate::domain::deal_status::DealStatus;
use crate::error::AppError;
use crate::ssr::db::Dialect;
use crate::ssr::db::Ex;
use crate::ssr::db::dynamic::{self, Arg, Sql};
use crate::ssr::db::search;

/// Matches are counted up to this many; beyond, the list says "more than".
pub const COUNT_CAP: i64 = 1_000;
/// Text search results are counted up to this many: counting walks the
/// text index, and with other filters most of what it meets is skipped.
pub const SEARCH_COUNT_CAP: i64 = 100;

/// Which deals, in what order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListFilter {
    pub account_id: i64,
    pub owner_id: Option<i64>,
    /// `open`, `won`, `lost` or none for all.
    pub status: Option<DealStatus>,
    /// Folded words (see [`crate::domain::search::words`]) each found in the
    /// title, key or organization; the list is then newest first.
    pub search: Option<Vec<String>>,
    pub sort: Sort,
    pub descending: bool,
    pub cursor: Option<Cursor>,
    pub limit: i64,
}

/// Where a page starts: after (or, going back, before) the row with this
/// sort key and id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub key: Arg,
    pub id: i64,
    pub backward: bool,
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
    pub id: i64,
    pub key: String,
    pub title: String,
    pub value_minor: i64,
    pub base_value_minor: i64,
    pub currency: String,
    pub status: DealStatus,
    pub stage: String,
    pub owner: String,
    pub organization: Option<String>,
    pub created_at: i64,
}

/// One page and whether the order goes on past it (in the direction read).
#[derive(Clone, Debug, PartialEq)]
pub struct ListPage {
    pub rows: Vec<ListRow>,
    pub more: bool,
}

/// The ids of one keyset page of deals, written as a `SELECT id, k` in the
/// page's order (`k` the order key).
pub(super) struct Keyset<'a> {
    pub account_id: i64,
    /// Equality filters besides the status: (column, value).
    pub equal: Vec<(&'static str, i64)>,
    pub status: Option<DealStatus>,
    pub search: Option<&'a [String]>,
    /// `d.id` or a column of [`Sort`]; the id breaks ties.
    pub order: &'static str,
    pub descending: bool,
    /// Rows strictly past this (key, id); the key is unused in id order.
    pub after: Option<(Arg, i64)>,
    /// In id order, no id above this one.
    pub until: Option<i64>,
    pub limit: i64,
}

impl Keyset<'_> {
    fn direction(&self) -> &'static str {
        if self.descending { "DESC" } else { "ASC" }
    }

    /// `FROM … WHERE …` of the filters (with this status), without the cursor.
    fn source(&self, sql: &mut Sql, dialect: Dialect, status: Option<DealStatus>) -> String {
        let mut from = "FROM deals d".to_string();
        let mut conditions = vec![format!("d.account_id = {}", sql.arg(self.account_id))];
        if let Some(words) = self.search {
            match dialect {
                Dialect::Sqlite => {
                    // CROSS JOIN keeps the text index as the outer loop (SQLite
                    // never reorders it): driven from the account's deals, a
                    // range of ids (an export's chunk) probed every deal.
                    from = "FROM deal_search f CROSS JOIN deals d ON d.id = f.rowid".into();
                    conditions.insert(
                        0,
                        format!("f.doc MATCH {}", sql.arg(search::fts_query(words))),
                    );
                }
                Dialect::Postgres => {
                    for w in words {
                        let pattern = sql.arg(search::like_pattern(w));
                        conditions.push(format!("d.search_text LIKE {pattern}"));
                    }
                }
            }
        }
        for (column, value) in &self.equal {
            conditions.push(format!("{column} = {}", sql.arg(*value)));
        }
        if let Some(status) = status {
            conditions.push(format!("d.status = '{status}'"));
        }
        format!("{from} WHERE {}", conditions.join(" AND "))
    }

    /// The page's ids and keys.
    fn write(&self, sql: &mut Sql, dialect: Dialect) -> String {
        let dir = self.direction();
        let op = if self.descending { "<" } else { ">" };
        let limit = sql.arg(self.limit);
        if self.search.is_some() {
            // Newest first through the text index: in rowid order on SQLite.
            let id = match dialect {
                Dialect::Sqlite => "f.rowid",
                Dialect::Postgres => "d.id",
            };
            let source = self.source(sql, dialect, self.status);
            let mut text = format!("SELECT d.id AS id, d.id AS k {source}");
            if let Some((_, after)) = &self.after {
                text += &format!(" AND {id} {op} {}", sql.arg(*after));
            }
            if let Some(until) = self.until {
                text += &format!(" AND {id} <= {}", sql.arg(until));
            }
            return format!("{text} ORDER BY {id} {dir} LIMIT {limit}");
        }
        let mut past = String::new();
        if let Some((key, id)) = &self.after {
            past = if self.order == "d.id" {
                format!(" AND d.id {op} {}", sql.arg(*id))
            } else {
                let (key, id) = (sql.arg(key.clone()), sql.arg(*id));
                format!(" AND ({}, d.id) {op} ({key}, {id})", self.order)
            };
        }
        if let Some(until) = self.until {
            past += &format!(" AND d.id <= {}", sql.arg(until));
        }
        let order = if self.order == "d.id" {
            format!("d.id {dir}")
        } else {
            format!("{} {dir}, d.id {dir}", self.order)
        };
        let one = |status: DealStatus, sql: &mut Sql| {
            let source = self.source(sql, dialect, Some(status));
            format!(
                "SELECT d.id AS id, {} AS k {source}{past} ORDER BY {order} LIMIT {limit}",
                self.order
            )
        };
        // Every deal of the account in id order needs no merge: the account's
        // index is in id order.
        let plain = self.order == "d.id" && self.equal.is_empty();
        match self.status {
            Some(status) => one(status, sql),
            None if plain => {
                let source = self.source(sql, dialect, None);
                format!(
                    "SELECT d.id AS id, d.id AS k {source}{past} ORDER BY {order} LIMIT {limit}"
                )
            }
            None => {
                let parts: Vec<String> = DealStatus::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(i, status)| format!("SELECT id, k FROM ({}) AS s{i}", one(status, sql)))
                    .collect();
                format!(
                    "{} ORDER BY k {dir}, id {dir} LIMIT {limit}",
                    parts.join(" UNION ALL ")
                )
            }
        }
    }

    /// `WITH page AS (…) SELECT {columns} FROM page JOIN deals d …{joins}` in
    /// the page's order.
    pub(super) fn statement(&self, dialect: Dialect, columns: &str, joins: &str) -> Sql {
        let mut sql = Sql::default();
        let page = self.write(&mut sql, dialect);
        let dir = self.direction();
        sql.push(&format!(
            "WITH page AS ({page}) SELECT {columns} FROM page JOIN deals d ON d.id = page.id {joins} \
             ORDER BY page.k {dir}, page.id {dir}"
        ));
        sql
    }

    /// How many deals match, counted up to `cap + 1`.
    async fn count(&self, ex: &mut Ex<'_>, cap: i64) -> Result<i64, AppError> {
        let mut sql = Sql::default();
        let source = self.source(&mut sql, ex.dialect(), self.status);
        let cap = sql.arg(cap + 1);
        sql.push(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 AS one {source} LIMIT {cap}) AS c"
        ));
        Ok(dynamic::fetch_scalar(ex, sql).await?)
    }
}

/// One page of matching deals, and how many match up to [`COUNT_CAP`] + 1
/// ([`SEARCH_COUNT_CAP`] + 1 for a text search).
pub async fn page(ex: &mut Ex<'_>, f: &ListFilter) -> Result<(ListPage, i64), AppError> {
    let backward = f.cursor.as_ref().is_some_and(|c| c.backward);
    let keyset = Keyset {
        account_id: f.account_id,
        equal: f.owner_id.map(|o| ("d.owner_id", o)).into_iter().collect(),
        status: f.status,
        search: f.search.as_deref(),
        order: f.sort.column(),
        // Search results are newest first.
        descending: if f.search.is_some() {
            true
        } else {
            f.descending
        } != backward,
        after: f.cursor.as_ref().map(|c| (c.key.clone(), c.id)),
        until: None,
        limit: f.limit + 1,
    };
    let cap = if f.search.is_some() {
        SEARCH_COUNT_CAP
    } else {
        COUNT_CAP
    };
    let total = keyset.count(ex, cap).await?;
    let sql = keyset.statement(
        ex.dialect(),
        "d.id, d.key, d.title, d.value_minor, d.base_value_minor, d.currency, d.status, \
         s.name AS stage, u.name AS owner, o.name AS organization, d.created_at",
        "JOIN stages s ON s.id = d.stage_id JOIN users u ON u.id = d.owner_id \
         LEFT JOIN organizations o ON o.id = d.organization_id",
    );
    let mut rows: Vec<ListRow> = dynamic::fetch_all(ex, sql).await?;
    let more = rows.len() as i64 > f.limit;
    rows.truncate(f.limit as usize);
    if backward {
        rows.reverse();
    }
    Ok((ListPage { rows, more }, total))
}
