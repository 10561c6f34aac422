//! The kanban board's reads: per stage the exact count and totals of the
//! open deals that match the filters, and a window of cards in board order.
use crate::error::AppError;
use crate::fetch_all;
use crate::ssr::db::Ex;
use crate::ssr::db::search;

/// What the board shows: one pipeline, optionally one owner and a text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardFilter {
    pub account_id: i64,
    pub pipeline_id: i64,
    /// Only this owner's deals.
    pub owner_id: Option<i64>,
    /// Lower-case text searched in title, key and organization name.
    pub search: Option<String>,
}

/// Count and totals of the open deals of one stage.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StageTotals {
    pub stage_id: i64,
    pub deal_count: i64,
    /// Sum of the values in the account currency (minor units).
    pub value_total: i64,
}

/// One card of the board.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct CardRow {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub value_minor: i64,
    pub currency: String,
    pub stage_id: i64,
    pub position: f64,
    pub owner_id: i64,
    pub owner_name: String,
    pub organization: Option<String>,
    pub stage_entered_at: i64,
    pub version: i64,
    /// The earliest open activity of the deal: when and what.
    pub next_due_at: Option<i64>,
    pub next_subject: Option<String>,
    /// The subtotal of its latest accepted quote in its currency (what
    /// "Ganado" offers as the final value).
    pub accepted_minor: Option<i64>,
    pub value_from_lines: bool,
}

/// Filter conditions shared by the totals and the cards (`d` is the deal,
/// `o` its organization); parameters $1 account, $2 pipeline, $3 owner or
/// NULL, $4 pattern or NULL.
const MATCHES: &str = "d.account_id = $1 AND d.pipeline_id = $2 AND d.status = 'open' \
    AND ($3 IS NULL OR d.owner_id = $3) \
    AND ($4 IS NULL OR LOWER(d.title) LIKE $4 ESCAPE '\\' OR LOWER(d.key) LIKE $4 ESCAPE '\\' \
         OR LOWER(COALESCE(o.name, '')) LIKE $4 ESCAPE '\\')";

/// Count and value of the matching open deals, per stage (stages without
/// deals are absent). Without a search text they come from the dashboard's
/// exact per-stage-and-owner sums (`stats_open`), so a column of a hundred
/// thousand deals costs nothing; a search counts the matching deals.
pub async fn totals(ex: &mut Ex<'_>, f: &BoardFilter) -> Result<Vec<StageTotals>, AppError> {
    if f.search.is_none() {
        return Ok(fetch_all!(
            ex,
            StageTotals,
            "SELECT t.stage_id, CAST(SUM(t.deal_count) AS BIGINT) AS deal_count, \
               CAST(SUM(t.value_total) AS BIGINT) AS value_total \
             FROM stats_open t JOIN stages s ON s.id = t.stage_id \
             WHERE t.account_id = $1 AND s.pipeline_id = $2 AND ($3 IS NULL OR t.owner_id = $3) \
             GROUP BY t.stage_id",
            f.account_id,
            f.pipeline_id,
            f.owner_id
        )?);
    }
    let pattern = f.search.as_deref().map(search::like_pattern);
    let sql = format!(
        "SELECT d.stage_id, CAST(COUNT(*) AS BIGINT) AS deal_count, \
           CAST(COALESCE(SUM(d.base_value_minor), 0) AS BIGINT) AS value_total \
         FROM deals d LEFT JOIN organizations o ON o.id = d.organization_id \
         WHERE {MATCHES} GROUP BY d.stage_id"
    );
    Ok(fetch_all!(
        ex,
        StageTotals,
        sqlx::AssertSqlSafe(sql),
        f.account_id,
        f.pipeline_id,
        f.owner_id,
        pattern
    )?)
}

/// Up to `limit` matching open cards of one stage, of the page asked for,
/// in board order.
pub async fn cards(
    ex: &mut Ex<'_>,
    f: &BoardFilter,
    stage_id: i64,
    page: CardPage,
    limit: i64,
) -> Result<Vec<CardRow>, AppError> {
    let (after, before, order) = match page {
        CardPage::First => (None, None, "d.position, d.id"),
        CardPage::After(p) => (Some(p), None, "d.position, d.id"),
        CardPage::Before(p) => (None, Some(p), "d.position DESC, d.id DESC"),
    };
    let pattern = f.search.as_deref().map(search::like_pattern);
    let sql = format!(
        "SELECT d.id, d.key, d.title, d.value_minor, d.currency, d.stage_id, d.position, d.owner_id, \
           u.name AS owner_name, o.name AS organization, d.stage_entered_at, d.version, \
           (SELECT MIN(a.due_at) FROM activities a WHERE a.deal_id = d.id AND NOT a.done) AS next_due_at, \
           (SELECT a.subject FROM activities a WHERE a.deal_id = d.id AND NOT a.done \
              ORDER BY a.due_at LIMIT 1) AS next_subject, \
           (SELECT q.subtotal_minor FROM quotes q WHERE q.account_id = d.account_id \
              AND q.deal_id = d.id AND q.state = 'accepted' AND q.currency = d.currency \
              ORDER BY q.id DESC LIMIT 1) AS accepted_minor, d.value_from_lines \
         FROM deals d \
         JOIN users u ON u.id = d.owner_id \
         LEFT JOIN organizations o ON o.id = d.organization_id \
         WHERE {MATCHES} AND d.stage_id = $5 AND ($6 IS NULL OR d.position > $6) \
           AND ($8 IS NULL OR d.position < $8) \
         ORDER BY {order} LIMIT $7"
    );
    let mut rows = fetch_all!(
        ex,
        CardRow,
        sqlx::AssertSqlSafe(sql),
        f.account_id,
        f.pipeline_id,
        f.owner_id,
        pattern,
        stage_id,
        after,
        limit,
        before
    )?;
    if before.is_some() {
        rows.reverse();
    }
    Ok(rows)
}

/// Which cards of a column a query reads, in board order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CardPage {
    /// From the top.
    First,
    /// Those after this position.
    After(f64),
    /// Those just before this position (the nearest ones).
    Before(f64),
}
