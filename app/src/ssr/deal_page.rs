//! The deal page for a user: details, history with names, comments and
//! activities; adding a comment and reopening. A role without
//! `crm.deals.view_all` sees only its own deals, and changes only those it
//! may edit.
use crate::domain::deal::{
    ActivityView, CommentView, DealList, DealListQuery, DealListRow, DealPage, HistoryEntry,
    HistoryKind, LIST_PAGE, MAX_COMMENT,
};
use crate::domain::money::{format_deal_value, format_money, from_minor};
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::dashboard::time_zone;
use crate::ssr::db::deal_page::{self as q, EventRecord};
use crate::ssr::db::deals::{self, DealChange};
use crate::ssr::db::{Db, Ex};
use crate::ssr::live::Live;
use crate::ssr::now_ms;
use chrono::TimeZone;
use chrono_tz::Tz;
use std::collections::HashMap;

/// `27/11/2026 14:05` in the account's time zone.
pub(crate) fn local_time(tz: Tz, ms: i64) -> String {
    tz.timestamp_millis_opt(ms)
        .single()
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// The particulars of a history event, with ids turned into names.
pub(crate) fn detail(e: &EventRecord, names: &HashMap<(String, i64), String>) -> Option<String> {
    let data: serde_json::Value = serde_json::from_str(&e.data).ok()?;
    let name = |kind: &str, key: &str| -> Option<String> {
        let id = data.get(key)?.as_i64()?;
        Some(
            names
                .get(&(kind.to_string(), id))
                .cloned()
                .unwrap_or_else(|| format!("#{id}")),
        )
    };
    let money = |key: &str| Some(format_money(from_minor(data.get(key)?.as_i64()?)));
    match HistoryKind::from_event(&e.kind) {
        HistoryKind::Created => name("stage", "stage_id"),
        HistoryKind::StageChanged => Some(format!(
            "{} → {}",
            name("stage", "from")?,
            name("stage", "to")?
        )),
        HistoryKind::Lost => name("reason", "reason_id"),
        HistoryKind::ValueChanged => Some(format!("{} → {}", money("from")?, money("to")?)),
        HistoryKind::OwnerChanged => Some(format!(
            "{} → {}",
            name("user", "from")?,
            name("user", "to")?
        )),
        HistoryKind::TitleChanged
        | HistoryKind::CurrencyChanged
        | HistoryKind::CloseDateChanged => {
            let text = |key: &str| match data.get(key) {
                Some(serde_json::Value::String(s)) => s.clone(),
                _ => "—".to_string(),
            };
            Some(format!("{} → {}", text("from"), text("to")))
        }
        HistoryKind::Won | HistoryKind::Reopened | HistoryKind::Other => None,
    }
}

/// Refuses a deal the actor may not change (another account's is missing).
async fn check_edit(ex: &mut Ex<'_>, actor: &Actor, deal_id: i64) -> Result<(), AppError> {
    let owner = deals::owner_of(ex, actor.account_id, deal_id).await?;
    if !actor.may_edit_deal(owner) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// The most history events and comments the deal page shows (the newest).
pub const PAGE_ITEMS: i64 = 100;

/// The page of the deal with `key` (another account's is not found).
pub async fn page(db: &Db, actor: &Actor, key: &str) -> Result<DealPage, AppError> {
    let tz = time_zone(&actor.row.time_zone)?;
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let d = q::by_key(&mut ex, actor.account_id, key.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.may_see_deal(d.owner_id) {
        return Err(AppError::Forbidden);
    }
    let names: HashMap<(String, i64), String> = q::names(&mut ex, actor.account_id)
        .await?
        .into_iter()
        .map(|(kind, id, name)| ((kind, id), name))
        .collect();
    // The newest of each, oldest first: a deal with years of history
    // opens as fast as a new one.
    let mut events = q::latest_events(&mut ex, actor.account_id, d.id, PAGE_ITEMS + 1).await?;
    let earlier_history = events.len() as i64 > PAGE_ITEMS;
    events.truncate(PAGE_ITEMS as usize);
    let history = events
        .iter()
        .rev()
        .map(|e| HistoryEntry {
            at: local_time(tz, e.at),
            actor: e.actor.clone(),
            kind: HistoryKind::from_event(&e.kind),
            detail: detail(e, &names),
        })
        .collect();
    let mut comments = q::latest_comments(&mut ex, actor.account_id, d.id, PAGE_ITEMS + 1).await?;
    let earlier_comments = comments.len() as i64 > PAGE_ITEMS;
    comments.truncate(PAGE_ITEMS as usize);
    let comments = comments
        .into_iter()
        .rev()
        .map(|c| CommentView {
            author: c.author,
            at: local_time(tz, c.created_at),
            body: c.body,
        })
        .collect();
    let activities = q::activities(&mut ex, actor.account_id, d.id)
        .await?
        .into_iter()
        .map(|a| ActivityView {
            subject: a.subject,
            due: a.due_at.map(|t| local_time(tz, t)),
            done: a.done,
        })
        .collect();
    let can_edit = actor.may_edit_deal(d.owner_id);
    let form = if can_edit {
        Some(crate::ssr::deal_form::form(&mut ex, actor, &d).await?)
    } else {
        None
    };
    let value = format_deal_value(d.value_minor, &d.currency, &actor.row.currency);
    Ok(DealPage {
        id: d.id,
        can_edit,
        form,
        key: d.key,
        title: d.title,
        value,
        status: d.status,
        pipeline: d.pipeline,
        stage: d.stage,
        owner: d.owner,
        organization: d.organization,
        contact: d.contact,
        expected_close_date: d.expected_close_date,
        created: local_time(tz, d.created_at),
        closed: d.won_at.or(d.lost_at).map(|t| local_time(tz, t)),
        lost_reason: d.lost_reason,
        lost_note: d.lost_note,
        version: d.version,
        history,
        earlier_history,
        comments,
        earlier_comments,
        activities,
    })
}

/// Adds a comment (1 to 5,000 characters) to a deal the caller may edit.
pub async fn comment(db: &Db, actor: &Actor, deal_id: i64, body: &str) -> Result<(), AppError> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > MAX_COMMENT {
        return Err(AppError::field("body", "length"));
    }
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    check_edit(&mut ex, actor, deal_id).await?;
    q::add_comment(
        &mut ex,
        actor.account_id,
        deal_id,
        actor.user_id,
        body,
        now_ms(),
    )
    .await?;
    tx.commit().await
}

/// Reopens a won or lost deal the caller saw at `version`.
pub async fn reopen(
    db: &Db,
    live: &Live,
    actor: &Actor,
    deal_id: i64,
    version: i64,
) -> Result<i64, AppError> {
    let tz = time_zone(&actor.row.time_zone)?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    check_edit(&mut ex, actor, deal_id).await?;
    let version = deals::update(
        &mut ex,
        actor.account_id,
        tz,
        actor.user_id,
        deal_id,
        version,
        &DealChange::Reopen,
        now_ms(),
    )
    .await?;
    let pipeline_id = deals::pipeline_of(&mut ex, actor.account_id, deal_id).await?;
    tx.commit().await?;
    // Back on its board.
    live.publish(db, actor.account_id, pipeline_id).await;
    Ok(version)
}

/// One page of the deals the caller may see, as `query` asks; every value
/// of the query string is checked and a wrong one is named.
pub async fn list(db: &Db, actor: &Actor, query: &DealListQuery) -> Result<DealList, AppError> {
    use crate::ssr::db::deal_list::{self, COUNT_CAP, ListFilter, SEARCH_COUNT_CAP, Sort};
    let status = match query.status.as_deref().unwrap_or("") {
        "" => None,
        "open" => Some("open"),
        "won" => Some("won"),
        "lost" => Some("lost"),
        _ => return Err(AppError::field("status", "invalid")),
    };
    let sort = match query.sort.as_deref().unwrap_or("") {
        "" | "created" => Sort::Created,
        "value" => Sort::Value,
        "title" => Sort::Title,
        _ => return Err(AppError::field("sort", "invalid")),
    };
    let descending = match query.dir.as_deref().unwrap_or("") {
        "" => sort != Sort::Title,
        "desc" => true,
        "asc" => false,
        _ => return Err(AppError::field("dir", "invalid")),
    };
    let typed = query.q.as_deref().map(str::trim).unwrap_or("");
    if typed.chars().count() > 100 {
        return Err(AppError::field("q", "too_long"));
    }
    let search = crate::domain::search::words(typed);
    let searching = search.is_some();
    let cursor = match (query.after.as_deref(), query.before.as_deref()) {
        (Some(_), Some(_)) => return Err(AppError::field("before", "invalid")),
        (Some(at), None) => Some(parse_cursor(at, sort, searching, false, "after")?),
        (None, Some(at)) => Some(parse_cursor(at, sort, searching, true, "before")?),
        (None, None) => None,
    };
    let owner = match query.owner.as_deref().map(str::trim).unwrap_or("") {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .map_err(|_| AppError::field("owner", "invalid"))?,
        ),
    };
    let own_only = actor.own_deals_only();
    let filter = ListFilter {
        account_id: actor.account_id,
        owner_id: own_only.or(owner),
        status,
        search,
        sort,
        descending,
        cursor: cursor.clone(),
        limit: LIST_PAGE,
    };
    let tz = time_zone(&actor.row.time_zone)?;
    let mut conn = db.read().await?;
    let short_search = !typed.is_empty() && !searching;
    let (page, total) = if short_search {
        (
            deal_list::ListPage {
                rows: vec![],
                more: false,
            },
            0,
        )
    } else {
        deal_list::page(&mut conn.ex(), &filter).await?
    };
    let owners = if own_only.is_none() {
        crate::ssr::db::users::active_names(&mut conn.ex(), actor.account_id).await?
    } else {
        vec![]
    };
    let at = |r: &deal_list::ListRow| match (searching, sort) {
        (true, _) => format!("{}.{}", r.id, r.id),
        (false, Sort::Created) => format!("{}.{}", r.id, r.created_at),
        (false, Sort::Value) => format!("{}.{}", r.id, r.base_value_minor),
        (false, Sort::Title) => format!("{}.{}", r.id, r.title),
    };
    let (first, last) = (page.rows.first().map(at), page.rows.last().map(at));
    let backward = cursor.as_ref().is_some_and(|c| c.backward);
    let (previous, next) = match (&cursor, backward) {
        (None, _) => (None, page.more.then_some(last).flatten()),
        (Some(_), false) => (first, page.more.then_some(last).flatten()),
        (Some(_), true) => (page.more.then_some(first).flatten(), last),
    };
    let rows = page.rows;
    let rows = rows
        .into_iter()
        .map(|r| {
            let value = format_deal_value(r.value_minor, &r.currency, &actor.row.currency);
            DealListRow {
                key: r.key,
                title: r.title,
                organization: r.organization,
                value,
                status: r.status,
                stage: r.stage,
                owner: r.owner,
                created: local_time(tz, r.created_at),
            }
        })
        .collect();
    let cap = if searching {
        SEARCH_COUNT_CAP
    } else {
        COUNT_CAP
    };
    Ok(DealList {
        owners,
        rows,
        total: total.min(cap),
        more_than: total > cap,
        previous,
        next,
        short_search,
    })
}

/// A pager's `<id>.<sort key>` (the key an integer but for titles).
fn parse_cursor(
    text: &str,
    sort: crate::ssr::db::deal_list::Sort,
    searching: bool,
    backward: bool,
    field: &'static str,
) -> Result<crate::ssr::db::deal_list::Cursor, AppError> {
    use crate::ssr::db::deal_list::{Cursor, Sort};
    use crate::ssr::db::dynamic::Arg;
    let invalid = || AppError::field(field, "invalid");
    let (id, key) = text.split_once('.').ok_or_else(invalid)?;
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(invalid)?;
    let key = if !searching && sort == Sort::Title {
        if key.chars().count() > 200 {
            return Err(invalid());
        }
        Arg::Text(key.to_string())
    } else {
        Arg::Int(key.parse::<i64>().map_err(|_| invalid())?)
    };
    Ok(Cursor { key, id, backward })
}
