//! The dashboard's reads: small range scans of the `stats_*` aggregates
//! (see [`crate::ssr::deals::db::stats`]). `owner_id` 0 means the whole team (the
//! rollup rows).
use crate::error::AppError;
use crate::fetch_all;
use crate::ssr::db::Ex;

/// Open deals of one stage and owner at some instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenRow {
    pub stage_id: i64,
    pub owner_id: i64,
    pub deal_count: i64,
    pub value_total: i64,
}

/// Wins of one local day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WonDay {
    pub day: i64,
    pub deal_count: i64,
    pub value_total: i64,
    pub win_ms_total: i64,
}

/// Deals created on one local day, and how many of them are won now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedDay {
    pub day: i64,
    pub deal_count: i64,
    pub won_count: i64,
}

/// Deals lost in the window for one reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LostRow {
    pub reason_id: i64,
    pub deal_count: i64,
    pub value_total: i64,
}

/// Which figures to read: local days and their first instants (UTC ms).
#[derive(Clone, Copy, Debug)]
pub struct Span {
    pub account_id: i64,
    /// One owner, or 0 for the whole team.
    pub owner_id: i64,
    /// First and last day of the window, and first day of the previous one.
    pub first_day: i64,
    pub last_day: i64,
    /// The last day of the month of `last_day`, and that month's number.
    pub last_month_end: i64,
    pub last_month: i64,
    pub previous_first_day: i64,
    /// Instants at which the window starts and ends, and the previous starts.
    pub start_ms: i64,
    pub end_ms: i64,
    pub previous_start_ms: i64,
}

/// Every sum the dashboard needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DashboardRows {
    /// Open at the end of the window, per stage and owner (all owners).
    pub open: Vec<OpenRow>,
    /// Open at the end of the previous window (count, value), owner or team.
    pub open_before: (i64, i64),
    /// From the previous window's first day on.
    pub won: Vec<WonDay>,
    pub created: Vec<CreatedDay>,
    /// In the window.
    pub lost: Vec<LostRow>,
    /// Won deals that lived longer than a whole window, counted across the
    /// window's end and across the previous window's end.
    pub long_wins: i64,
    pub long_wins_before: i64,
}

/// Reads every sum of the dashboard in ONE statement: one round trip and one
/// consistent snapshot, so a deal won meanwhile is never counted both open
/// and won. Each part is a short range scan along a primary key (or, for the
/// long wins, the partial index `deals_long_wins`); the parts are told apart
/// by the first column.
pub async fn read(ex: &mut Ex<'_>, span: &Span) -> Result<DashboardRows, AppError> {
    let rows = fetch_all!(
        ex,
        (i64, i64, i64, i64, i64, i64),
        "SELECT CAST(1 AS BIGINT), stage_id, owner_id, deal_count, value_total, CAST(0 AS BIGINT) \
           FROM stats_open WHERE account_id = $1 \
         UNION ALL \
         SELECT 2, stage_id, owner_id, CAST(SUM(deal_count) AS BIGINT), CAST(SUM(value_total) AS BIGINT), 0 \
           FROM stats_open_change WHERE account_id = $1 AND stage_id <> 0 AND owner_id <> 0 \
           AND day > $3 AND day <= $9 \
           GROUP BY stage_id, owner_id \
         UNION ALL \
         SELECT 2, stage_id, owner_id, CAST(SUM(deal_count) AS BIGINT), CAST(SUM(value_total) AS BIGINT), 0 \
           FROM stats_open_change_month WHERE account_id = $1 AND month > $10 \
           GROUP BY stage_id, owner_id \
         UNION ALL \
         SELECT 3, 0, 0, CAST(COALESCE(SUM(deal_count), 0) AS BIGINT), CAST(COALESCE(SUM(value_total), 0) AS BIGINT), 0 \
           FROM stats_open_change WHERE account_id = $1 AND stage_id = 0 AND owner_id = $2 AND day >= $4 \
         UNION ALL \
         SELECT 4, day, 0, deal_count, value_total, win_ms_total FROM stats_won \
           WHERE account_id = $1 AND owner_id = $2 AND day >= $5 \
         UNION ALL \
         SELECT 5, day, 0, deal_count, won_count, 0 FROM stats_created \
           WHERE account_id = $1 AND owner_id = $2 AND day >= $5 \
         UNION ALL \
         SELECT 6, reason_id, 0, CAST(SUM(deal_count) AS BIGINT), CAST(SUM(value_total) AS BIGINT), 0 \
           FROM stats_lost WHERE account_id = $1 AND owner_id = $2 AND day >= $4 AND day <= $3 \
           GROUP BY reason_id \
         UNION ALL \
         SELECT 7, 0, 0, COUNT(*), 0, 0 FROM deals WHERE account_id = $1 AND status = 'won' \
           AND won_at - created_at > 31449600000 AND created_at < $6 AND won_at >= $7 \
           AND ($2 = 0 OR owner_id = $2) \
         UNION ALL \
         SELECT 8, 0, 0, COUNT(*), 0, 0 FROM deals WHERE account_id = $1 AND status = 'won' \
           AND won_at - created_at > 31449600000 AND created_at < $8 AND won_at >= $6 \
           AND ($2 = 0 OR owner_id = $2)",
        span.account_id,
        span.owner_id,
        span.last_day,
        span.first_day,
        span.previous_first_day,
        span.start_ms,
        span.end_ms,
        span.previous_start_ms,
        span.last_month_end,
        span.last_month
    )?;
    let mut out = DashboardRows::default();
    let mut open_now_total = (0, 0);
    for (part, a, b, n, v, x) in rows {
        match part {
            1 => {
                if span.owner_id == 0 || b == span.owner_id {
                    open_now_total.0 += n;
                    open_now_total.1 += v;
                }
                add_open(&mut out.open, a, b, n, v);
            }
            // Changes after the cut-off day: taken out of what is open now.
            2 => add_open(&mut out.open, a, b, -n, -v),
            3 => out.open_before = (-n, -v),
            4 => out.won.push(WonDay {
                day: a,
                deal_count: n,
                value_total: v,
                win_ms_total: x,
            }),
            5 => out.created.push(CreatedDay {
                day: a,
                deal_count: n,
                won_count: v,
            }),
            6 => out.lost.push(LostRow {
                reason_id: a,
                deal_count: n,
                value_total: v,
            }),
            7 => out.long_wins = n,
            _ => out.long_wins_before = n,
        }
    }
    out.open_before.0 += open_now_total.0;
    out.open_before.1 += open_now_total.1;
    out.open.retain(|o| o.deal_count != 0 || o.value_total != 0);
    Ok(out)
}

/// Adds to the open row of (stage, owner), whichever part came first.
fn add_open(open: &mut Vec<OpenRow>, stage_id: i64, owner_id: i64, n: i64, v: i64) {
    match open
        .iter_mut()
        .find(|o| o.stage_id == stage_id && o.owner_id == owner_id)
    {
        Some(o) => {
            o.deal_count += n;
            o.value_total += v;
        }
        None => open.push(OpenRow {
            stage_id,
            owner_id,
            deal_count: n,
            value_total: v,
        }),
    }
}

/// A user as the dashboard names them.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OwnerName {
    pub id: i64,
    pub name: String,
    pub email: String,
}

/// Every lost reason of the account, active or not: (id, label).
pub async fn reason_labels(
    ex: &mut Ex<'_>,
    account_id: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, String),
        "SELECT id, label FROM lost_reasons WHERE account_id = $1",
        account_id
    )?)
}

/// Every user of the account (deal owners may be inactive now).
pub async fn owner_names(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<OwnerName>, AppError> {
    Ok(fetch_all!(
        ex,
        OwnerName,
        "SELECT id, name, email FROM users WHERE account_id = $1",
        account_id
    )?)
}
