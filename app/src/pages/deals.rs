//! `/crm/tratos`: every deal the user may see, filtered and sorted through
//! the query string (`?status=&owner=&q=&sort=&dir=`, and `after=` or
//! `before=` from the pager); rendered on the server, no WASM.
use crate::api::deals::list_deals;
use crate::components::crm_page::crm_page;
use crate::components::directory_filters::CursorPager;
use crate::components::labels::status_label;
use crate::components::links::with_query;
use crate::domain::deal::{DealList, DealListQuery};
use crate::domain::deal_status::DealStatus;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DealsPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    let query = DealListQuery {
        status: q.get("status"),
        owner: q.get("owner"),
        q: q.get("q"),
        sort: q.get("sort"),
        dir: q.get("dir"),
        after: q.get("after"),
        before: q.get("before"),
    };
    crm_page(
        t_string!(i18n, deals.title).to_string(),
        list_deals(query.clone()),
        move |list| view! { <DealTable query list /> },
    )
}

/// Where a link of the list leads: the first page in some order, or the
/// page after or before a row.
enum To<'a> {
    Order(&'a str, &'a str),
    After(&'a str),
    Before(&'a str),
}

/// `/crm/tratos?…` for the query's filters and order, at `to`.
fn href(query: &DealListQuery, to: To<'_>) -> String {
    let (mut sort, mut dir) = (query.sort.clone(), query.dir.clone());
    let (mut after, mut before) = (None, None);
    match to {
        To::Order(s, d) => (sort, dir) = (Some(s.into()), Some(d.into())),
        To::After(at) => after = Some(at.to_string()),
        To::Before(at) => before = Some(at.to_string()),
    }
    with_query(
        "/crm/tratos",
        &[
            ("status", query.status.clone()),
            ("owner", query.owner.clone()),
            ("q", query.q.clone()),
            ("sort", sort),
            ("dir", dir),
            ("after", after),
            ("before", before),
        ],
    )
}

#[component]
fn DealTable(query: DealListQuery, list: DealList) -> impl IntoView {
    let i18n = use_i18n();
    let status = query.status.clone().unwrap_or_default();
    let sorted = query.sort.clone().unwrap_or_else(|| "created".into());
    // Search results are newest first: the columns do not sort them.
    let searching = query.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    let header = |key: &'static str, label: String| {
        if searching {
            return view! { <th scope="col">{label}</th> }.into_any();
        }
        let descending = query.dir.as_deref() == Some("desc")
            || (query.dir.is_none() && sorted == key && key != "title");
        let dir = if sorted == key && descending {
            "asc"
        } else {
            "desc"
        };
        let aria = (sorted == key).then_some(if descending {
            "descending"
        } else {
            "ascending"
        });
        view! {
            <th scope="col" aria-sort=aria>
                <a href=href(&query, To::Order(key, dir))>{label}</a>
            </th>
        }
        .into_any()
    };
    let rows = list
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr data-deal-key=r.key.clone()>
                    <td>
                        <a href=format!("/crm/tratos/{}", r.key)>{r.title.clone()}</a>
                        <br />
                        <span class="muted">{r.key.clone()}</span>
                    </td>
                    <td>{r.organization.clone().unwrap_or_default()}</td>
                    <td class="num">{r.value.clone()}</td>
                    <td>{r.stage.clone()}</td>
                    <td>{status_label(i18n, r.status)}</td>
                    <td>{r.owner.clone()}</td>
                    <td>{r.created.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let chosen_owner = query.owner.clone().unwrap_or_default();
    let owner_filter = (!list.owners.is_empty()).then(|| {
        let options = list
            .owners
            .iter()
            .map(|(id, name)| {
                let id = id.to_string();
                let selected = id == chosen_owner;
                view! {
                    <option value=id selected=selected>
                        {name.clone()}
                    </option>
                }
            })
            .collect_view();
        view! {
            <label>
                <span>{t!(i18n, embudo.owner)}</span>
                <select name="owner">
                    <option value="">{t!(i18n, embudo.all_owners)}</option>
                    {options}
                </select>
            </label>
        }
    });
    let option = |value: &'static str, label: &'static str| {
        view! {
            <option value=value selected=status == value>
                {label}
            </option>
        }
    };
    let statuses = DealStatus::ALL
        .into_iter()
        .map(|s| option(s.as_str(), status_label(i18n, s)))
        .collect_view();
    view! {
        <form class="board-filters" method="get" action="/crm/tratos">
            <label>
                <span>{t!(i18n, deal.status)}</span>
                <select name="status">{option("", t_string!(i18n, deals.all))} {statuses}</select>
            </label>
            {owner_filter}
            <label>
                <span>{t!(i18n, embudo.search)}</span>
                <input
                    type="search"
                    name="q"
                    maxlength="100"
                    value=query.q.clone().unwrap_or_default()
                />
            </label>
            <input type="hidden" name="sort" value=query.sort.clone().unwrap_or_default() />
            <input type="hidden" name="dir" value=query.dir.clone().unwrap_or_default() />
            <button type="submit" class="button button-primary">
                {t!(i18n, embudo.apply)}
            </button>
        </form>
        {summary(&list, searching)}
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        {header("title", t_string!(i18n, deals.col_title).to_string())}
                        <th scope="col">{t!(i18n, deal.organization)}</th>
                        {header("value", t_string!(i18n, deal.value).to_string())}
                        <th scope="col">{t!(i18n, deal.stage)}</th>
                        <th scope="col">{t!(i18n, deal.status)}</th>
                        <th scope="col">{t!(i18n, deal.owner)}</th>
                        {header("created", t_string!(i18n, deal.created).to_string())}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <CursorPager
            previous=list.previous.as_deref().map(|at| href(&query, To::Before(at)))
            next=list.next.as_deref().map(|at| href(&query, To::After(at)))
        />
    }
}

/// How many deals match ("more than 1,000" past the count's cap), or why a
/// search found nothing.
fn summary(list: &DealList, searching: bool) -> impl IntoView + use<> {
    let i18n = use_i18n();
    if list.short_search {
        return view! {
            <p class="muted" role="status">
                {t!(i18n, deals.short_search)}
            </p>
        }
        .into_any();
    }
    let count = crate::domain::money::group_digits(list.total.max(0) as u128);
    let count = if list.more_than {
        t_string!(i18n, deals.more_than, count = count).to_string()
    } else {
        count
    };
    let order = searching.then(|| view! { <span>" · " {t!(i18n, deals.newest_first)}</span> });
    view! {
        <p class="muted" data-total=list.total data-more-than=list.more_than.to_string()>
            {count}
            " "
            {t!(i18n, embudo.deals)}
            {order}
        </p>
    }
    .into_any()
}
