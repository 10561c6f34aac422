//! `/cuenta/bitacora`: the account history for whoever manages users,
//! newest first, filtered through the query string
//! (`?user=&entity=&from=&to=&page=`). Rendered on the server; the filters
//! are a plain GET form.
use crate::api::accounts::account_history;
use crate::components::crm_page::PageError;
use crate::components::labels::{action_label, changed_fields, entity_label};
use crate::components::links::{page_value, with_query};
use crate::components::notices::ForbiddenNotice;
use crate::components::session::use_session;
use crate::domain::bitacora::{Bitacora, BitacoraQuery, ENTITIES};
use crate::domain::permission::Permission;
use crate::i18n::*;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BitacoraPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let q = use_query_map().get_untracked();
    let query = BitacoraQuery {
        user: q.get("user"),
        entity: q.get("entity"),
        from: q.get("from"),
        to: q.get("to"),
        page: q.get("page"),
    };
    let body = if session.can(Permission::UsersManage) {
        Either::Left(view! {
            <Suspense fallback=move || {
                view! { <p class="loading">{t!(i18n, shell.loading)}</p> }
            }>
                {Suspend::new(async move {
                    match account_history(query.clone()).await {
                        Ok(history) => Either::Left(view! { <History query history /> }),
                        Err(error) => Either::Right(view! { <PageError error /> }),
                    }
                })}
            </Suspense>
        })
    } else {
        Either::Right(view! { <ForbiddenNotice /> })
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, bitacora.title)) />
        <h1>{t!(i18n, bitacora.title)}</h1>
        <p class="muted">{t!(i18n, bitacora.intro)}</p>
        {body}
    }
}

#[component]
fn History(query: BitacoraQuery, history: Bitacora) -> impl IntoView {
    let i18n = use_i18n();
    let chosen_user = query.user.clone().unwrap_or_default();
    let chosen_entity = query.entity.clone().unwrap_or_default();
    let users = history
        .users
        .iter()
        .map(|(id, name)| {
            view! {
                <option value=id.to_string() selected=id.to_string() == chosen_user>
                    {name.clone()}
                </option>
            }
        })
        .collect_view();
    let entities = ENTITIES
        .iter()
        .map(|e| {
            view! {
                <option value=*e selected=*e == chosen_entity>
                    {entity_label(i18n, e)}
                </option>
            }
        })
        .collect_view();
    let rows = history
        .entries
        .iter()
        .map(|e| {
            let subject = match &e.href {
                Some(href) => view! { <a href=href.clone()>{e.subject.clone()}</a> }.into_any(),
                None => e.subject.clone().into_any(),
            };
            view! {
                <tr data-entity=e.entity.clone() data-action=e.action.clone()>
                    <td class="nowrap">
                        <time>{e.at.clone()}</time>
                    </td>
                    <td>{e.actor.clone().unwrap_or_default()}</td>
                    <td>{entity_label(i18n, &e.entity)}</td>
                    <td>{action_label(i18n, &e.entity, &e.action)}</td>
                    <td>
                        {subject}
                        {e
                            .particulars
                            .clone()
                            .or_else(|| changed_fields(i18n, &e.fields))
                            .map(|p| view! { <span class="muted">" · " {p}</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let href = |page: i64| {
        with_query(
            "/cuenta/bitacora",
            &[
                ("user", query.user.clone()),
                ("entity", query.entity.clone()),
                ("from", query.from.clone()),
                ("to", query.to.clone()),
                ("page", page_value(page)),
            ],
        )
    };
    let newer = (history.page > 1).then(|| {
        view! {
            <a rel="prev" href=href(history.page - 1)>
                {t!(i18n, bitacora.newer)}
            </a>
        }
    });
    let older = history.more.then(|| {
        view! {
            <a rel="next" href=href(history.page + 1)>
                {t!(i18n, bitacora.older)}
            </a>
        }
    });
    let empty = history
        .entries
        .is_empty()
        .then(|| view! { <p class="muted">{t!(i18n, bitacora.empty)}</p> });
    view! {
        <form class="board-filters" method="get" action="/cuenta/bitacora">
            <label>
                <span>{t!(i18n, bitacora.user)}</span>
                <select name="user">
                    <option value="">{t!(i18n, bitacora.anyone)}</option>
                    {users}
                </select>
            </label>
            <label>
                <span>{t!(i18n, bitacora.what)}</span>
                <select name="entity">
                    <option value="">{t!(i18n, bitacora.everything)}</option>
                    {entities}
                </select>
            </label>
            <label>
                <span>{t!(i18n, bitacora.from)}</span>
                <input type="date" name="from" value=query.from.clone().unwrap_or_default() />
            </label>
            <label>
                <span>{t!(i18n, bitacora.to)}</span>
                <input type="date" name="to" value=query.to.clone().unwrap_or_default() />
            </label>
            <button type="submit" class="button button-ghost">
                {t!(i18n, bitacora.filter)}
            </button>
        </form>
        <table class="table bitacora">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, bitacora.when)}</th>
                    <th scope="col">{t!(i18n, bitacora.user)}</th>
                    <th scope="col">{t!(i18n, bitacora.what)}</th>
                    <th scope="col">{t!(i18n, bitacora.action)}</th>
                    <th scope="col">{t!(i18n, bitacora.detail)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {empty}
        <nav class="pager">{newer} " " {older}</nav>
    }
}
