//! The `/actividades` list: pending activities by when they are due (the
//! account's local days), or the done ones; a seller sees only their own.
//! Every value of the query string is checked and a wrong one is named.
use crate::domain::activities::{ACTIVITY_PAGE, ActivityList, ActivityListRow, ActivityQuery};
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::dashboard::time_zone;
use crate::ssr::db::activities::{self, ActivityListFilter};
use crate::ssr::db::deal_stats::{day_start, local_day};
use crate::ssr::db::{Db, users};
use crate::ssr::deal_page::local_time;
use crate::ssr::{now_ms, query};
use chrono_tz::Tz;

/// The first instant of the account's local day of `now`.
fn today_start(tz: Tz, now: i64) -> i64 {
    day_start(tz, local_day(tz, now))
}

/// When pending activities are due `overdue` (before today), `today` or
/// `upcoming` (after today), the account's local days, as `[from, to)`
/// with either end open; `None` for another word.
pub fn due_window(tz: Tz, now: i64, due: &str) -> Option<(Option<i64>, Option<i64>)> {
    let start = today_start(tz, now);
    let end = day_start(tz, local_day(tz, now) + 1);
    match due {
        "overdue" => Some((None, Some(start))),
        "today" => Some((Some(start), Some(end))),
        "upcoming" => Some((Some(end), None)),
        _ => None,
    }
}

/// One page of activities as `query` asks.
pub async fn list(db: &Db, actor: &Actor, query: &ActivityQuery) -> Result<ActivityList, AppError> {
    let tz = time_zone(&actor.row.time_zone)?;
    let now = now_ms();
    let (done, (from, to)) = match query::trimmed(&query.due) {
        "" => (false, (None, None)),
        "done" => (true, (None, None)),
        due => (
            false,
            due_window(tz, now, due).ok_or_else(|| AppError::field("due", "invalid"))?,
        ),
    };
    let owner = query::owner(&query.owner)?;
    let page = query::page(&query.page)?;
    let own_only = actor.own_deals_only();
    let filter = ActivityListFilter {
        account_id: actor.account_id,
        assigned_to: own_only.or(owner),
        done,
        from,
        to,
    };
    let mut conn = db.read().await?;
    let (rows, total) = activities::list(
        &mut conn.ex(),
        &filter,
        (page - 1) * ACTIVITY_PAGE,
        ACTIVITY_PAGE,
    )
    .await?;
    let owners = if own_only.is_some() {
        vec![]
    } else {
        users::active_names(&mut conn.ex(), actor.account_id).await?
    };
    Ok(ActivityList {
        rows: rows
            .into_iter()
            .map(|r| ActivityListRow {
                id: r.id,
                kind: r.kind,
                subject: r.subject,
                due: r.due_at.map(|t| local_time(tz, t)),
                overdue: !r.done && r.due_at.is_some_and(|t| t < today_start(tz, now)),
                priority: r.priority,
                done: r.done,
                deal_key: r.deal_key,
                deal_title: r.deal_title,
                assignee: r.assignee,
            })
            .collect(),
        total,
        page,
        pages: query::pages(total, ACTIVITY_PAGE),
        owners,
    })
}
