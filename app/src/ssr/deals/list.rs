//! The `/crm/tratos` list: one keyset page of the deals the caller may see,
//! filtered, searched and sorted as the query string asks.
use crate::domain::deal::{DealList, DealListQuery, DealListRow, LIST_PAGE};
use crate::domain::deal_status::DealStatus;
use crate::domain::search::MAX_QUERY;
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::Db;
use crate::ssr::query;

/// One page of the deals the caller may see, as `query` asks; every value
/// of the query string is checked and a wrong one is named.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn list(db: &Db, actor: &Actor, query: &DealListQuery) -> Result<DealList, AppError> {
    use crate::ssr::deals::db::list::{
        self as deal_list, COUNT_CAP, ListFilter, SEARCH_COUNT_CAP, Sort,
    };
    let status = match query.status.as_deref().unwrap_or("") {
        "" => None,
        word => Some(
            word.parse::<DealStatus>()
                .map_err(|_| AppError::field("status", "invalid"))?,
        ),
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
    let typed = query::bounded(query::trimmed(&query.q), "q", MAX_QUERY)?;
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
        crate::ssr::users::db::active_names(&mut conn.ex(), actor.account_id).await?
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
    let formats = actor.formats();
    let rows = rows
        .into_iter()
        .map(|r| {
            let value = formats.money(r.value_minor, &r.currency);
            DealListRow {
                key: r.key,
                title: r.title,
                organization: r.organization,
                value,
                status: r.status,
                stage: r.stage,
                owner: r.owner,
                created: formats.date_time(actor.clock.tz, r.created_at),
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
    sort: crate::ssr::deals::db::list::Sort,
    searching: bool,
    backward: bool,
    field: &'static str,
) -> Result<crate::ssr::deals::db::list::Cursor, AppError> {
    use crate::ssr::db::dynamic::Arg;
    use crate::ssr::deals::db::list::{Cursor, Sort};
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
        Arg::Text(query::plain(key, field)?.to_string())
    } else {
        Arg::Int(key.parse::<i64>().map_err(|_| invalid())?)
    };
    Ok(Cursor { key, id, backward })
}
