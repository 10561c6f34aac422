//! The `/actividades` list (pending activities by when they are due, or the
//! done ones), the calendar (`/actividades/calendario`) and an organization's
//! or contact's activities, in the account's local days; a seller sees only
//! their own. Every value of the query string is checked and a wrong one is
//! named.
use crate::domain::activities::{
    ACTIVITY_PAGE, ActivityList, ActivityListRow, ActivityQuery, Calendar, CalendarDay,
    CalendarItem, CalendarQuery, MONTH_DAY_ITEMS, WEEK_DAY_ITEMS,
};
use crate::domain::dashboard::{day_date, day_number};
use crate::domain::records::Rights;
use crate::error::AppError;
use crate::ssr::activities::db::{self as activities, ActivityCursor, ActivityListFilter};
use crate::ssr::auth::guard::Actor;
use crate::ssr::clock::{day_start, local_day, today_bounds};
use crate::ssr::db::Db;
use crate::ssr::db::Ex;
use crate::ssr::query;
use crate::ssr::users::db as users;
use crate::ssr::users::{record_rights, rights_among};
use chrono::{Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;

/// Matching activities are counted up to this many (a day's too).
const COUNT_CAP: i64 = 1_000;

/// The first instant of the account's local day of `now`.
fn today_start(tz: Tz, now: i64) -> i64 {
    day_start(tz, local_day(tz, now))
}

/// When pending activities are due `overdue` (before today), `today` or
/// `upcoming` (after today), the account's local days, as `[from, to)`
/// with either end open; `None` for another word.
pub fn due_window(tz: Tz, now: i64, due: &str) -> Option<(Option<i64>, Option<i64>)> {
    let (start, end) = today_bounds(tz, now);
    match due {
        "overdue" => Some((None, Some(start))),
        "today" => Some((Some(start), Some(end))),
        "upcoming" => Some((Some(end), None)),
        _ => None,
    }
}

/// The rows as the pages show them: local times, overdue marked.
fn shown(rows: Vec<activities::ActivityListRow>, actor: &Actor) -> Vec<ActivityListRow> {
    let today = today_start(actor.clock.tz, actor.clock.now);
    rows.into_iter()
        .map(|r| ActivityListRow {
            id: r.id,
            kind: r.kind,
            subject: r.subject,
            due: r.due_at.map(|t| actor.local_time(t)),
            overdue: !r.done && r.due_at.is_some_and(|t| t < today),
            priority: r.priority,
            done: r.done,
            deal_key: r.deal_key,
            deal_title: r.deal_title,
            assignee: r.assignee,
        })
        .collect()
}

/// The pending activities of an organization or a contact the actor may
/// see, soonest first (the first 50).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn of_record(
    ex: &mut Ex<'_>,
    actor: &Actor,
    organization_id: Option<i64>,
    contact_id: Option<i64>,
) -> Result<Vec<ActivityListRow>, AppError> {
    let filter = ActivityListFilter {
        account_id: actor.account_id,
        assigned_to: actor.own_deals_only(),
        done: Some(false),
        from: None,
        to: None,
        organization_id,
        contact_id,
    };
    let (rows, _) = activities::list(ex, &filter, None, ACTIVITY_PAGE).await?;
    Ok(shown(rows, actor))
}

/// The assignees a list's filter offers (none for whoever sees only their
/// own activities) and to whom its form may give activities: the account's
/// users read once.
async fn assignees(
    ex: &mut Ex<'_>,
    actor: &Actor,
    own_only: bool,
) -> Result<(Vec<(i64, String)>, Rights), AppError> {
    if own_only {
        return Ok((
            vec![],
            record_rights(ex, actor, actor.may_add_records()).await?,
        ));
    }
    let owners = users::active_names(ex, actor.account_id).await?;
    let rights = rights_among(actor, actor.may_add_records(), &owners);
    Ok((owners, rights))
}

/// One page of activities as `query` asks.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn list(db: &Db, actor: &Actor, query: &ActivityQuery) -> Result<ActivityList, AppError> {
    let tz = actor.clock.tz;
    let now = actor.clock.now;
    let (mut done, (mut from, mut to)) = match query::trimmed(&query.due) {
        "" => (Some(false), (None, None)),
        "done" => (Some(true), (None, None)),
        due => (
            Some(false),
            due_window(tz, now, due).ok_or_else(|| AppError::field("due", "invalid"))?,
        ),
    };
    let day = parse_date(&query.day, "day")?;
    if let Some(day) = day {
        // Every activity of that day, pending and done.
        let number = day_number(day);
        (done, from, to) = (
            None,
            Some(day_start(tz, number)),
            Some(day_start(tz, number + 1)),
        );
    }
    let owner = query::owner(&query.owner)?;
    let cursor = match (query::trimmed(&query.after), query::trimmed(&query.before)) {
        ("", "") => None,
        (at, "") => Some(parse_cursor(at, false, "after")?),
        ("", at) => Some(parse_cursor(at, true, "before")?),
        _ => return Err(AppError::field("before", "invalid")),
    };
    let own_only = actor.own_deals_only();
    let filter = ActivityListFilter {
        account_id: actor.account_id,
        assigned_to: own_only.or(owner),
        done,
        from,
        to,
        organization_id: None,
        contact_id: None,
    };
    let mut conn = db.read().await?;
    let total = activities::count(&mut conn.ex(), &filter, COUNT_CAP).await?;
    let (rows, more) =
        activities::list(&mut conn.ex(), &filter, cursor.as_ref(), ACTIVITY_PAGE).await?;
    let at = |r: &activities::ActivityListRow| {
        format!(
            "{}.{}",
            r.id,
            r.due_at.map(|d| d.to_string()).unwrap_or_default()
        )
    };
    let (first, last) = (rows.first().map(at), rows.last().map(at));
    let (previous, next) = match &cursor {
        None => (None, more.then_some(last).flatten()),
        Some(c) if !c.backward => (first, more.then_some(last).flatten()),
        Some(_) => (more.then_some(first).flatten(), last),
    };
    let (owners, rights) = assignees(&mut conn.ex(), actor, own_only.is_some()).await?;
    Ok(ActivityList {
        rows: shown(rows, actor),
        total: total.min(COUNT_CAP),
        more_than: total > COUNT_CAP,
        previous,
        next,
        owners,
        day: day.map(|d| actor.formats().date(d)),
        rights,
    })
}

/// A pager's `<id>.<due time>` (the time empty for an undated activity).
fn parse_cursor(
    text: &str,
    backward: bool,
    field: &'static str,
) -> Result<ActivityCursor, AppError> {
    let invalid = || AppError::field(field, "invalid");
    let (id, due) = text.split_once('.').ok_or_else(invalid)?;
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(invalid)?;
    let due_at = match due {
        "" => None,
        t => Some(t.parse::<i64>().map_err(|_| invalid())?),
    };
    Ok(ActivityCursor {
        due_at,
        id,
        backward,
    })
}

/// An optional `YYYY-MM-DD` of the query string.
fn parse_date(value: &Option<String>, field: &'static str) -> Result<Option<NaiveDate>, AppError> {
    match query::trimmed(value) {
        "" => Ok(None),
        d => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .filter(|d| (1900..=9999).contains(&d.year()))
            .map(Some)
            .ok_or_else(|| AppError::field(field, "invalid_date")),
    }
}

/// The days a calendar shows around `anchor`: its week (Monday first), or
/// the whole weeks of its month; and the anchors of the previous and next
/// ones.
fn calendar_span(anchor: NaiveDate, week: bool) -> (NaiveDate, NaiveDate, NaiveDate, NaiveDate) {
    let monday =
        |d: NaiveDate| d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()));
    if week {
        let first = monday(anchor);
        let prev = first - chrono::Days::new(7);
        let next = first + chrono::Days::new(7);
        return (first, first + chrono::Days::new(7), prev, next);
    }
    let month_first = anchor.with_day(1).unwrap_or(anchor);
    let next = month_first + chrono::Months::new(1);
    let prev = month_first - chrono::Months::new(1);
    let last = next.pred_opt().unwrap_or(month_first);
    let end = monday(last) + chrono::Days::new(7);
    (monday(month_first), end, prev, next)
}

/// The calendar as `query` asks: a month (default) or a week around a day
/// (default today), every activity of one assignee or everyone (a seller:
/// their own), pending and done, in the account's local days.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn calendar(db: &Db, actor: &Actor, query: &CalendarQuery) -> Result<Calendar, AppError> {
    let tz = actor.clock.tz;
    let now = actor.clock.now;
    let week = match query::trimmed(&query.view) {
        "" | "month" => false,
        "week" => true,
        _ => return Err(AppError::field("view", "invalid")),
    };
    let today = day_date(local_day(tz, now));
    let anchor = parse_date(&query.date, "date")?.unwrap_or(today);
    let owner = query::owner(&query.owner)?;
    let own_only = actor.own_deals_only();
    let (first, end, prev, next) = calendar_span(anchor, week);
    let formats = actor.formats();
    let filter = ActivityListFilter {
        account_id: actor.account_id,
        assigned_to: own_only.or(owner),
        ..ActivityListFilter::default()
    };
    let dates: Vec<NaiveDate> = first.iter_days().take_while(|d| *d < end).collect();
    let bounds: Vec<(i64, i64)> = dates
        .iter()
        .map(|d| {
            (
                day_start(tz, day_number(*d)),
                day_start(tz, day_number(*d) + 1),
            )
        })
        .collect();
    let shown_per_day = if week {
        WEEK_DAY_ITEMS
    } else {
        MONTH_DAY_ITEMS
    };
    let mut conn = db.read().await?;
    let (rows, per_day) =
        activities::by_day(&mut conn.ex(), &filter, &bounds, shown_per_day, COUNT_CAP).await?;
    let today_begins = today_start(tz, now);
    let mut days: Vec<CalendarDay> = dates
        .iter()
        .zip(&per_day)
        .map(|(d, n)| CalendarDay {
            date: d.format("%Y-%m-%d").to_string(),
            day: d.day(),
            in_month: week || d.month() == anchor.month(),
            today: *d == today,
            items: vec![],
            more: (n - shown_per_day).max(0),
        })
        .collect();
    for (index, r) in rows {
        let Some(at) = r.due_at else { continue };
        let local = chrono::DateTime::from_timestamp_millis(at)
            .unwrap_or_default()
            .with_timezone(&tz);
        if let Some(day) = days.get_mut(index) {
            day.items.push(CalendarItem {
                id: r.id,
                kind: r.kind,
                subject: r.subject,
                time: formats.time(local.hour(), local.minute()),
                done: r.done,
                overdue: !r.done && at < today_begins,
            });
        }
    }
    let (owners, rights) = assignees(&mut conn.ex(), actor, own_only.is_some()).await?;
    let format = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let month = formats.month_year(anchor);
    let title = match (week, days.first(), days.last()) {
        (true, Some(first), Some(last)) => format!("{}–{} · {month}", first.day, last.day),
        _ => month,
    };
    Ok(Calendar {
        week,
        date: format(anchor),
        title,
        prev: format(prev),
        next: format(next),
        today: format(today),
        days,
        owners,
        rights,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_start_on_monday() {
        // Friday 27 November 2026: its week is Monday 23 to Sunday 29.
        let (first, end, prev, next) = calendar_span(date("2026-11-27"), true);
        assert_eq!((first, end), (date("2026-11-23"), date("2026-11-30")));
        assert_eq!((prev, next), (date("2026-11-16"), date("2026-11-30")));
    }

    #[test]
    fn a_month_shows_its_whole_weeks() {
        // November 2026 begins on a Sunday and ends on a Monday.
        let (first, end, prev, next) = calendar_span(date("2026-11-27"), false);
        assert_eq!((first, end), (date("2026-10-26"), date("2026-12-07")));
        assert_eq!((prev, next), (date("2026-10-01"), date("2026-12-01")));
        // February 2027 starts on a Monday: four weeks exactly.
        let (first, end, _, _) = calendar_span(date("2027-02-10"), false);
        assert_eq!((first, end), (date("2027-02-01"), date("2027-03-01")));
    }
}
