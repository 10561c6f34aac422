//! What the `/clientes` and `/contactos` lists share: the filter form
//! (text, lifecycle, owner, tag; a plain GET form, no WASM), the user's
//! saved filters and the pager.
use crate::components::labels::lifecycle_label;
use crate::components::links::{page_value, with_query};
use crate::components::record_form::PostButton;
use crate::domain::directory::{DirectoryQuery, LIFECYCLES, SavedFilter};
use crate::i18n::*;
use leptos::prelude::*;

/// `base?…` for the query at another page.
pub fn directory_href(base: &str, query: &DirectoryQuery, page: i64) -> String {
    with_query(
        base,
        &[
            ("q", query.q.clone()),
            ("lifecycle", query.lifecycle.clone()),
            ("owner", query.owner.clone()),
            ("tag", query.tag.clone()),
            ("page", page_value(page)),
        ],
    )
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
            view! { <option value=t selected=selected>{label}</option> }
        })
        .collect_view();
    // The filters shown, as a saved filter keeps them (no page).
    let current = directory_href(base, &query, 1);
    let current = current.split_once('?').map(|(_, q)| q.to_string());
    let page_key = base.trim_start_matches('/').to_string();
    let delete = t_string!(i18n, filters.delete).to_string();
    let saved = saved
        .into_iter()
        .map(|f| {
            view! {
                <li class="saved-filter">
                    <a href=f.href>{f.name.clone()}</a>
                    <PostButton action="/api/delete_filter" fields=vec![("id", f.id.to_string())] text=delete.clone() />
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
                <input type="text" name="name" required maxlength="60" aria-label=t_string!(i18n, filters.prompt) placeholder=t_string!(i18n, filters.prompt) />
                <button type="submit" class="button button-ghost">{t!(i18n, filters.save)}</button>
            </form>
        }
    });
    let chosen_lifecycle = query.lifecycle.clone().unwrap_or_default();
    let chosen_owner = query.owner.clone().unwrap_or_default();
    let lifecycles = LIFECYCLES
        .iter()
        .map(|l| {
            view! { <option value=*l selected=chosen_lifecycle == *l>{lifecycle_label(i18n, l)}</option> }
        })
        .collect_view();
    let owners = owners
        .into_iter()
        .map(|(id, name)| {
            let id = id.to_string();
            let selected = id == chosen_owner;
            view! { <option value=id selected=selected>{name}</option> }
        })
        .collect_view();
    view! {
        <form class="board-filters" method="get" action=base>
            <label>
                <span>{search}</span>
                <input type="search" name="q" maxlength="100" value=query.q.clone().unwrap_or_default() />
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
            <button type="submit" class="button button-primary">{t!(i18n, embudo.apply)}</button>
        </form>
        <div class="saved-filters">
            <span class="muted">{t!(i18n, filters.saved)}</span>
            <ul>{saved}</ul>
            {save}
        </div>
    }
}

/// Previous / next links around "page / pages".
#[component]
pub fn Pager(page: i64, pages: i64, prev: String, next: String) -> impl IntoView {
    let i18n = use_i18n();
    let prev = (page > 1).then(|| view! { <a rel="prev" href=prev>{t!(i18n, deals.previous)}</a> });
    let next = (page < pages).then(|| view! { <a rel="next" href=next>{t!(i18n, deals.next)}</a> });
    view! { <nav class="pager">{prev} <span>{page} " / " {pages.max(1)}</span> {next}</nav> }
}

/// Previous / next links of a keyset list (no page numbers: every page
/// costs the same to read however deep it is).
#[component]
pub fn CursorPager(previous: Option<String>, next: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let previous =
        previous.map(|href| view! { <a rel="prev" href=href>{t!(i18n, deals.previous)}</a> });
    let next = next.map(|href| view! { <a rel="next" href=href>{t!(i18n, deals.next)}</a> });
    view! { <nav class="pager">{previous} {next}</nav> }
}
