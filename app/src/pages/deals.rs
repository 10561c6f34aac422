//! `/crm/tratos`: every deal the user may see, filtered and sorted through
//! the query string (`?status=&q=&sort=&dir=&page=`); rendered on the
//! server, no WASM.
use crate::api::deal::list_deals;
use crate::components::directory_filters::Pager;
use crate::components::error_message::ErrorMessage;
use crate::components::links::{page_value, with_query};
use crate::components::notices::UpgradeNotice;
use crate::components::session::use_session;
use crate::domain::deal::{DealList, DealListQuery};
use crate::i18n::*;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DealsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let q = use_query_map().get_untracked();
    let query = DealListQuery {
        status: q.get("status"),
        owner: q.get("owner"),
        q: q.get("q"),
        sort: q.get("sort"),
        dir: q.get("dir"),
        page: q.get("page"),
    };
    let body = if session.plan.has_crm() {
        Either::Left(view! {
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, shell.loading)}</p> }>
                {Suspend::new(async move {
                    match list_deals(query.clone()).await {
                        Ok(list) => Either::Left(view! { <DealTable query list /> }),
                        Err(error) => Either::Right(view! { <ErrorMessage error /> }),
                    }
                })}
            </Suspense>
        })
    } else {
        Either::Right(view! { <UpgradeNotice /> })
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, deals.title)) />
        <h1>{t!(i18n, deals.title)}</h1>
        {body}
    }
}

/// `/crm/tratos?…` for the query with some values replaced.
fn href(query: &DealListQuery, sort: Option<&str>, dir: Option<&str>, page: i64) -> String {
    with_query(
        "/crm/tratos",
        &[
            ("status", query.status.clone()),
            ("owner", query.owner.clone()),
            ("q", query.q.clone()),
            ("sort", sort.map(str::to_string).or(query.sort.clone())),
            ("dir", dir.map(str::to_string).or(query.dir.clone())),
            ("page", page_value(page)),
        ],
    )
}

#[component]
fn DealTable(query: DealListQuery, list: DealList) -> impl IntoView {
    let i18n = use_i18n();
    let status = query.status.clone().unwrap_or_default();
    let sorted = query.sort.clone().unwrap_or_else(|| "created".into());
    let header = |key: &'static str, label: String| {
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
                <a href=href(&query, Some(key), Some(dir), 1)>{label}</a>
            </th>
        }
    };
    let status_label = move |s: &str| match s {
        "won" => t_string!(i18n, deal.status_won).to_string(),
        "lost" => t_string!(i18n, deal.status_lost).to_string(),
        _ => t_string!(i18n, deal.status_open).to_string(),
    };
    let rows = list
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr data-deal-key=r.key.clone()>
                    <td><a href=format!("/crm/tratos/{}", r.key)>{r.title.clone()}</a><br /><span class="muted">{r.key.clone()}</span></td>
                    <td>{r.organization.clone().unwrap_or_default()}</td>
                    <td class="num">{r.value.clone()}</td>
                    <td>{r.stage.clone()}</td>
                    <td>{status_label(&r.status)}</td>
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
                view! { <option value=id selected=selected>{name.clone()}</option> }
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
    let option = |value: &'static str, label: String| {
        view! { <option value=value selected=status == value>{label}</option> }
    };
    view! {
        <form class="board-filters" method="get" action="/crm/tratos">
            <label>
                <span>{t!(i18n, deal.status)}</span>
                <select name="status">
                    {option("", t_string!(i18n, deals.all).to_string())}
                    {option("open", status_label("open"))}
                    {option("won", status_label("won"))}
                    {option("lost", status_label("lost"))}
                </select>
            </label>
            {owner_filter}
            <label>
                <span>{t!(i18n, embudo.search)}</span>
                <input type="search" name="q" maxlength="100" value=query.q.clone().unwrap_or_default() />
            </label>
            <input type="hidden" name="sort" value=query.sort.clone().unwrap_or_default() />
            <input type="hidden" name="dir" value=query.dir.clone().unwrap_or_default() />
            <button type="submit" class="button button-primary">{t!(i18n, embudo.apply)}</button>
        </form>
        <p class="muted" data-total=list.total>{list.total} " " {t!(i18n, embudo.deals)}</p>
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
        <Pager page=list.page pages=list.pages prev=href(&query, None, None, list.page - 1) next=href(&query, None, None, list.page + 1) />
    }
}
