//! What the organization and contact pages share: the list's frame
//! (filters, count, table, pager), the query string they read, the frame of
//! one record's page (facts, activities, deals, history) and the tags and
//! lifecycle parts of their forms.
use crate::components::activity_list::ActivityRows;
use crate::components::directory_filters::{DirectoryFilters, DirectoryPager, ListCount};
use crate::components::labels::{action_label, changed_fields, lifecycle_label, status_label};
use crate::components::record_form::{FormField, Input};
use crate::domain::activities::ActivityListRow;
use crate::domain::directory::{
    DirectoryList, DirectoryQuery, LIFECYCLES, RecordChange, RelatedDeal,
};
use crate::i18n::*;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The query string of a directory list.
pub fn directory_query() -> DirectoryQuery {
    let q = use_query_map().get_untracked();
    DirectoryQuery {
        q: q.get("q"),
        lifecycle: q.get("lifecycle"),
        owner: q.get("owner"),
        tag: q.get("tag"),
        after: q.get("after"),
        before: q.get("before"),
    }
}

/// The id of a record's path (a malformed one is a record that does not
/// exist: none).
pub fn record_id(param: Option<String>) -> Option<i64> {
    param?.parse().ok()
}

/// What a directory list's page shows around its rows.
pub struct ListFrame {
    /// The list's path (`/clientes`).
    pub base: &'static str,
    /// The search box's placeholder and the noun of the count.
    pub search: String,
    pub noun: String,
    /// The button that adds a record, when the viewer may.
    pub new_button: Option<AnyView>,
    /// The table's column headings.
    pub head: Vec<String>,
}

/// A directory list: the new button, filters, count, the table of `rows`
/// and the pager.
pub fn directory_table<R>(
    frame: ListFrame,
    query: DirectoryQuery,
    list: DirectoryList<R>,
    rows: AnyView,
) -> impl IntoView {
    let ListFrame {
        base,
        search,
        noun,
        new_button,
        head,
    } = frame;
    let searching = query.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    let head = head
        .into_iter()
        .map(|h| view! { <th scope="col">{h}</th> })
        .collect_view();
    view! {
        {new_button.map(|b| view! { <div class="page-actions">{b}</div> })}
        <DirectoryFilters
            base
            search
            query=query.clone()
            owners=list.owners
            tags=list.tags
            saved=list.saved
        />
        <ListCount pages=list.pages.clone() noun searching />
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <DirectoryPager base query pages=list.pages />
    }
}

/// The page of one organization or contact (under the way back to its
/// list, which [`back_link`] draws): its name, what may be done to it, its
/// facts, what only its kind has (`children`), then its activities, deals
/// and history.
#[component]
pub fn RecordDetail(
    name: String,
    actions: AnyView,
    facts: Vec<(String, AnyView)>,
    activities: Vec<ActivityListRow>,
    may_add: bool,
    deals: Vec<RelatedDeal>,
    history: Vec<RecordChange>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let facts = facts
        .into_iter()
        .map(|(label, value)| {
            view! {
                <dt>{label}</dt>
                <dd>{value}</dd>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{name} · Embudo") />
        <h1>{name.clone()}</h1>
        <div class="page-actions">{actions}</div>
        <section class="card">
            <dl class="facts">{facts}</dl>
        </section>
        {children.map(|c| c())}
        <h2>{t!(i18n, clientes.activities)}</h2>
        <RecordActivities rows=activities may_edit=may_add />
        <h2>{t!(i18n, clientes.deals)}</h2>
        <RelatedDeals deals />
        <h2>{t!(i18n, clientes.history)}</h2>
        <RecordHistory changes=history />
    }
}

/// The way back to a list, above a record's page (and its error, when it
/// cannot be shown).
pub fn back_link(href: &'static str, text: String) -> impl IntoView {
    view! {
        <p>
            <a href=href>{text}</a>
        </p>
    }
}

/// An optional text fact, empty when missing.
pub fn text_fact(label: String, value: &Option<String>) -> (String, AnyView) {
    (label, value.clone().unwrap_or_default().into_any())
}

/// The lifecycle choices of a form, in the page's language.
fn lifecycle_choices(i18n: I18nContext<Locale>) -> Vec<(String, String)> {
    LIFECYCLES
        .iter()
        .map(|l| (l.to_string(), lifecycle_label(i18n, l)))
        .collect()
}

/// The lifecycle field of a form (a new record is a prospect).
pub fn lifecycle_field(i18n: I18nContext<Locale>, lifecycle: Option<&str>) -> FormField {
    FormField::new(
        "lifecycle",
        t_string!(i18n, clientes.lifecycle),
        Input::Select,
        Some(lifecycle.unwrap_or("prospecto").to_string()),
    )
    .with_choices(lifecycle_choices(i18n))
}

/// The tags field of a form: comma-separated.
pub fn tags_field(i18n: I18nContext<Locale>, tags: Option<&[String]>) -> FormField {
    FormField::new(
        "tags",
        t_string!(i18n, filters.tags_input),
        Input::Text,
        tags.map(|t| t.join(", ")),
    )
}

/// A record's tags, as small chips.
#[component]
pub fn TagChips(tags: Vec<String>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <span class="tags">
                {tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
            </span>
        }
    })
}

/// The pending activities of an organization or contact, or a note when
/// there are none.
#[component]
fn RecordActivities(rows: Vec<ActivityListRow>, may_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        Either::Left(view! { <p class="muted">{t!(i18n, clientes.no_activities)}</p> })
    } else {
        Either::Right(view! { <ActivityRows rows may_edit /> })
    }
}

/// What was done to an organization or contact, newest first, or a note
/// when nothing was noted.
#[component]
pub fn RecordHistory(changes: Vec<RecordChange>) -> impl IntoView {
    let i18n = use_i18n();
    if changes.is_empty() {
        return Either::Left(view! { <p class="muted">{t!(i18n, clientes.no_history)}</p> });
    }
    let items = changes
        .into_iter()
        .map(|c| {
            let who = c
                .actor
                .map(|a| format!(" · {} {a}", t_string!(i18n, deal.by)));
            let what = changed_fields(i18n, &c.fields).map(|f| format!(" ({f})"));
            view! {
                <li data-action=c.action.clone()>
                    <time>{c.at}</time>
                    <span class="history-what">
                        {action_label(i18n, "", &c.action)} ": " {c.detail} {what}
                    </span>
                    <span class="muted">{who}</span>
                </li>
            }
        })
        .collect_view();
    Either::Right(view! { <ol class="history record-history">{items}</ol> })
}

/// The deals of an organization or contact, or a note when there are none.
#[component]
fn RelatedDeals(deals: Vec<RelatedDeal>) -> impl IntoView {
    let i18n = use_i18n();
    if deals.is_empty() {
        return Either::Left(view! { <p class="muted">{t!(i18n, clientes.no_deals)}</p> });
    }
    Either::Right(view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, deals.col_title)}</th>
                        <th scope="col">{t!(i18n, deal.value)}</th>
                        <th scope="col">{t!(i18n, deal.stage)}</th>
                        <th scope="col">{t!(i18n, deal.status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {deals
                        .iter()
                        .map(|d| {
                            view! {
                                <tr data-deal-key=d.key.clone()>
                                    <td>
                                        <a href=format!(
                                            "/crm/tratos/{}",
                                            d.key,
                                        )>{d.title.clone()}</a>
                                        <br />
                                        <span class="muted">{d.key.clone()}</span>
                                    </td>
                                    <td class="num">{d.value.clone()}</td>
                                    <td>{d.stage.clone()}</td>
                                    <td>{status_label(i18n, d.status)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    })
}
