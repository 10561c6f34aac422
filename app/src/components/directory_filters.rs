//! What the `/clientes` and `/contactos` lists share: the filter form
//! (text, lifecycle, owner, tag; a plain GET form, no WASM), the user's
//! saved filters, the count and the pager (also the other lists').
use crate::components::labels::lifecycle_label;
use crate::components::links::with_query;
use crate::components::record_form::PostButton;
use crate::domain::directory::{DirectoryQuery, LIFECYCLES, ListPages, SavedFilter};
use crate::i18n::*;
use leptos::prelude::*;

/// `base?…` for the query's filters, on its first page or (`at`) the page
/// after (`true`) or before a row.
pub fn directory_href(base: &str, query: &DirectoryQuery, at: Option<(bool, &str)>) -> String {
    let (after, before) = match at {
        Some((true, row)) => (Some(row.to_string()), None),
        Some((false, row)) => (None, Some(row.to_string())),
        None => (None, None),
    };
    with_query(
        base,
        &[
            ("q", query.q.clone()),
            ("lifecycle", query.lifecycle.clone()),
            ("owner", query.owner.clone()),
            ("tag", query.tag.clone()),
            ("after", after),
            ("before", before),
        ],
    )
}

/// How many a directory list matches ("Más de 1,000" past its cap; newest
/// first while searching), or why a search found nothing.
#[component]
pub fn ListCount(pages: ListPages, noun: String, searching: bool) -> impl IntoView {
    let i18n = use_i18n();
    if pages.short_search {
        return view! {
            <p class="muted" role="status">
                {t!(i18n, deals.short_search)}
            </p>
        }
        .into_any();
    }
    let count = crate::domain::money::group_digits(pages.total.max(0) as u128);
    let count = if pages.more_than {
        t_string!(i18n, deals.more_than, count = count).to_string()
    } else {
        count
    };
    let order = searching.then(|| view! { <span>" · " {t!(i18n, deals.newest_first)}</span> });
    view! {
        <p class="muted" data-total=pages.total data-more-than=pages.more_than.to_string()>
            {count}
            " "
            {noun}
            {order}
        </p>
    }
    .into_any()
}

/// The pager of a directory list at `base`.
#[component]
pub fn DirectoryPager(
    base: &'static str,
    query: DirectoryQuery,
    pages: ListPages,
) -> impl IntoView {
    let previous = pages
        .previous
        .as_deref()
        .map(|at| directory_href(base, &query, Some((false, at))));
    let next = pages
        .next
        .as_deref()
        .map(|at| directory_href(base, &query, Some((true, at))));
    view! { <CursorPager previous next /> }
}

/// The filter form of a directory list at `base`, its text field labelled
/// `search`.
#[component]
pub fn DirectoryFilters(
    base: &'static str,
    search: String,
    query: DirectoryQuery,
    owners: Vec<(i64, String)>,
    tags: Vec<String>,
    saved: Vec<SavedFilter>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen_tag = query.tag.clone().unwrap_or_default();
    let tags = tags
        .into_iter()
        .map(|t| {
            let selected = t.to_lowercase() == chosen_tag.to_lowercase();
            let label = t.clone();
            view! {
                <option value=t selected=selected>
                    {label}
                </option>
            }
        })
        .collect_view();
    // The filters shown, as a saved filter keeps them (no page).
    let current = directory_href(base, &query, None);
    let current = current.split_once('?').map(|(_, q)| q.to_string());
    let page_key = base.trim_start_matches('/').to_string();
    let delete = t_string!(i18n, filters.delete).to_string();
    let saved = saved
        .into_iter()
        .map(|f| {
            view! {
                <li class="saved-filter">
                    <a href=f.href>{f.name.clone()}</a>
                    <PostButton
                        action="/api/delete_filter"
                        fields=vec![("id", f.id.to_string())]
                        text=delete.clone()
                    />
                </li>
            }
        })
        .collect_view();
    // A plain form: the server saves it and shows this page again.
    let save = current.map(|query| {
        view! {
            <form class="inline-form save-filter" method="post" action="/api/save_filter">
                <input type="hidden" name="page" value=page_key />
                <input type="hidden" name="query" value=query />
                <input
                    type="text"
                    name="name"
                    required
                    maxlength="60"
                    aria-label=t_string!(i18n, filters.prompt)
                    placeholder=t_string!(i18n, filters.prompt)
                />
                <button type="submit" class="button button-ghost">
                    {t!(i18n, filters.save)}
                </button>
            </form>
        }
    });
    let chosen_lifecycle = query.lifecycle.clone().unwrap_or_default();
    let chosen_owner = query.owner.clone().unwrap_or_default();
    let lifecycles = LIFECYCLES
        .iter()
        .map(|l| {
            view! {
                <option value=*l selected=chosen_lifecycle == *l>
                    {lifecycle_label(i18n, l)}
                </option>
            }
        })
        .collect_view();
    let owners = owners
        .into_iter()
        .map(|(id, name)| {
            let id = id.to_string();
            let selected = id == chosen_owner;
            view! {
                <option value=id selected=selected>
                    {name}
                </option>
            }
        })
        .collect_view();
    view! {
        <form class="board-filters" method="get" action=base>
            <label>
                <span>{search}</span>
                <input
                    type="search"
                    name="q"
                    maxlength="100"
                    value=query.q.clone().unwrap_or_default()
                />
            </label>
            <label>
                <span>{t!(i18n, clientes.lifecycle)}</span>
                <select name="lifecycle">
                    <option value="">{t!(i18n, deals.all)}</option>
                    {lifecycles}
                </select>
            </label>
            <label>
                <span>{t!(i18n, embudo.owner)}</span>
                <select name="owner">
                    <option value="">{t!(i18n, embudo.all_owners)}</option>
                    {owners}
                </select>
            </label>
            <label>
                <span>{t!(i18n, filters.tag)}</span>
                <select name="tag">
                    <option value="">{t!(i18n, filters.all_tags)}</option>
                    {tags}
                </select>
            </label>
            <button type="submit" class="button button-primary">
                {t!(i18n, embudo.apply)}
            </button>
        </form>
        <div class="saved-filters">
            <span class="muted">{t!(i18n, filters.saved)}</span>
            <ul>{saved}</ul>
            {save}
        </div>
    }
}

/// Previous / next links of a keyset list (no page numbers: every page
/// costs the same to read however deep it is).
#[component]
pub fn CursorPager(previous: Option<String>, next: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let previous = previous.map(|href| {
        view! {
            <a rel="prev" href=href>
                {t!(i18n, deals.previous)}
            </a>
        }
    });
    let next = next.map(|href| {
        view! {
            <a rel="next" href=href>
                {t!(i18n, deals.next)}
            </a>
        }
    });
    view! { <nav class="pager">{previous} {next}</nav> }
}
