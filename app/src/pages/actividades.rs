//! `/actividades`: pending activities by when they are due (vencidas, hoy,
//! próximas) or the done ones, of one assignee or everyone (a seller: their
//! own), or every activity of one day (`?day=`, from the calendar), filtered
//! through the query string (`?due=&owner=`, `after=`/`before=` from the pager).
//! Rendered on the server; the new-activity form and the done buttons are
//! islands.
use crate::api::activities::list_activities;
use crate::components::activity_list::{ActivityRows, NewActivityButton};
use crate::components::crm_page::crm_page;
use crate::components::directory_filters::CursorPager;
use crate::components::links::with_query;
use crate::domain::activities::{ActivityList, ActivityQuery};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActividadesPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    let query = ActivityQuery {
        due: q.get("due"),
        day: q.get("day"),
        owner: q.get("owner"),
        after: q.get("after"),
        before: q.get("before"),
    };
    crm_page(
        t_string!(i18n, actividades.title).to_string(),
        list_activities(query.clone()),
        move |list| view! { <ActivityTable query list /> },
    )
}

/// `/actividades?…` for the query's filters, the page after (`after`) or
/// before a row.
fn href(query: &ActivityQuery, after: bool, at: &str) -> String {
    let at = Some(at.to_string());
    with_query(
        "/actividades",
        &[
            ("due", query.due.clone()),
            ("day", query.day.clone()),
            ("owner", query.owner.clone()),
            if after { ("after", at) } else { ("before", at) },
        ],
    )
}

#[component]
fn ActivityTable(query: ActivityQuery, list: ActivityList) -> impl IntoView {
    let i18n = use_i18n();
    let due = query.due.clone().unwrap_or_default();
    let chosen_owner = query.owner.clone().unwrap_or_default();
    let option = |value: &'static str, label: String| {
        view! {
            <option value=value selected=due == value>
                {label}
            </option>
        }
    };
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
                <span>{t!(i18n, actividades.assignee)}</span>
                <select name="owner">
                    <option value="">{t!(i18n, embudo.all_owners)}</option>
                    {options}
                </select>
            </label>
        }
    });
    let count = crate::domain::money::group_digits(list.total.max(0) as u128);
    let count = if list.more_than {
        t_string!(i18n, deals.more_than, count = count).to_string()
    } else {
        count
    };
    // One day's activities (from the calendar's "+N más"), pending and done.
    let day = list.day.clone().map(|shown| {
        let text = t_string!(i18n, actividades.of_day, day = shown).to_string();
        view! {
            <p class="notice" role="status">
                {text}
                " "
                <a href="/actividades">{t!(i18n, actividades.all_pending)}</a>
            </p>
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
            <button type="submit" class="button button-primary">
                {t!(i18n, embudo.apply)}
            </button>
        </form>
        <div class="page-actions">
            {new_activity} <a class="button button-ghost" href="/actividades/calendario">
                {t!(i18n, actividades.calendar)}
            </a>
        </div>
        {day}
        <p class="muted" data-total=list.total data-more-than=list.more_than.to_string()>
            {count}
            " "
            {t!(i18n, actividades.count)}
        </p>
        <ActivityRows rows=list.rows.clone() may_edit=list.rights.may_edit />
        <CursorPager
            previous=list.previous.as_deref().map(|at| href(&query, false, at))
            next=list.next.as_deref().map(|at| href(&query, true, at))
        />
    }
}
