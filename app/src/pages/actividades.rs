//! `/actividades`: pending activities by when they are due (vencidas, hoy,
//! próximas) or the done ones, of one assignee or everyone (a seller: their
//! own), filtered through the query string (`?due=&owner=&page=`).
//! Rendered on the server; the new-activity form and the done buttons are
//! islands.
use crate::api::activities::list_activities;
use crate::components::activity_list::{ActivityRows, NewActivityButton};
use crate::components::directory_filters::Pager;
use crate::components::error_message::ErrorMessage;
use crate::components::links::{page_value, with_query};
use crate::components::notices::UpgradeNotice;
use crate::components::session::use_session;
use crate::domain::activities::{ActivityList, ActivityQuery};
use crate::i18n::*;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActividadesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let q = use_query_map().get_untracked();
    let query = ActivityQuery {
        due: q.get("due"),
        owner: q.get("owner"),
        page: q.get("page"),
    };
    let body = if session.plan.has_crm() {
        Either::Left(view! {
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, shell.loading)}</p> }>
                {Suspend::new(async move {
                    match list_activities(query.clone()).await {
                        Ok(list) => Either::Left(view! { <ActivityTable query list /> }),
                        Err(error) => Either::Right(view! { <ErrorMessage error /> }),
                    }
                })}
            </Suspense>
        })
    } else {
        Either::Right(view! { <UpgradeNotice /> })
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, actividades.title)) />
        <h1>{t!(i18n, actividades.title)}</h1>
        {body}
    }
}

fn href(query: &ActivityQuery, page: i64) -> String {
    with_query(
        "/actividades",
        &[
            ("due", query.due.clone()),
            ("owner", query.owner.clone()),
            ("page", page_value(page)),
        ],
    )
}

#[component]
fn ActivityTable(query: ActivityQuery, list: ActivityList) -> impl IntoView {
    let i18n = use_i18n();
    let due = query.due.clone().unwrap_or_default();
    let chosen_owner = query.owner.clone().unwrap_or_default();
    let option = |value: &'static str, label: String| {
        view! { <option value=value selected=due == value>{label}</option> }
    };
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
                <span>{t!(i18n, actividades.assignee)}</span>
                <select name="owner">
                    <option value="">{t!(i18n, embudo.all_owners)}</option>
                    {options}
                </select>
            </label>
        }
    });
    let new_activity = list.rights.may_edit.then(|| {
        view! { <NewActivityButton rights=list.rights.clone() links=vec![] primary=true /> }
    });
    view! {
        <form class="board-filters" method="get" action="/actividades">
            <label>
                <span>{t!(i18n, actividades.due)}</span>
                <select name="due">
                    {option("", t_string!(i18n, actividades.pending).to_string())}
                    {option("overdue", t_string!(i18n, actividades.overdue).to_string())}
                    {option("today", t_string!(i18n, actividades.today).to_string())}
                    {option("upcoming", t_string!(i18n, actividades.upcoming).to_string())}
                    {option("done", t_string!(i18n, actividades.done).to_string())}
                </select>
            </label>
            {owner_filter}
            <button type="submit" class="button button-primary">{t!(i18n, embudo.apply)}</button>
        </form>
        <div class="page-actions">
            {new_activity}
            <a class="button button-ghost" href="/actividades/calendario">{t!(i18n, actividades.calendar)}</a>
        </div>
        <p class="muted" data-total=list.total>{list.total} " " {t!(i18n, actividades.count)}</p>
        <ActivityRows rows=list.rows.clone() may_edit=list.rights.may_edit />
        <Pager page=list.page pages=list.pages prev=href(&query, list.page - 1) next=href(&query, list.page + 1) />
    }
}
