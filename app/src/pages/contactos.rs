//! `/contactos` (the account's contacts, filtered through the query string:
//! `?q=&lifecycle=&owner=&page=`) and `/contactos/{id}` (one contact with
//! its activities and deals). Rendered on the server; the forms and buttons
//! that change them are islands.
use crate::api::directory::{get_contact, list_contacts};
use crate::components::activity_list::{ActivityRows, NewActivityButton, owner_field};
use crate::components::directory_filters::{DirectoryFilters, DirectoryPager, ListCount};
use crate::components::error_message::ErrorMessage;
use crate::components::labels::{action_label, changed_fields, lifecycle_label, status_label};
use crate::components::notices::UpgradeNotice;
use crate::components::record_form::{FormField, FormWords, Input, PostButton, RecordForm};
use crate::components::session::use_session;
use crate::domain::activities::ActivityListRow;
use crate::domain::directory::{
    ContactList, ContactListRow, ContactPage, DirectoryQuery, RecordChange, RelatedDeal,
};
use crate::domain::records::{RecordKind, Rights};
use crate::i18n::*;
use crate::pages::clientes::{TagChips, lifecycle_choices, tags_field};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ContactosPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let q = use_query_map().get_untracked();
    let query = DirectoryQuery {
        q: q.get("q"),
        lifecycle: q.get("lifecycle"),
        owner: q.get("owner"),
        tag: q.get("tag"),
        after: q.get("after"),
        before: q.get("before"),
    };
    let body = if session.plan.has_crm() {
        Either::Left(view! {
            <Suspense fallback=move || {
                view! { <p class="loading">{t!(i18n, shell.loading)}</p> }
            }>
                {Suspend::new(async move {
                    match list_contacts(query.clone()).await {
                        Ok(list) => Either::Left(view! { <ContactTable query list /> }),
                        Err(error) => Either::Right(view! { <ErrorMessage error /> }),
                    }
                })}
            </Suspense>
        })
    } else {
        Either::Right(view! { <UpgradeNotice /> })
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, contactos.title)) />
        <h1>{t!(i18n, contactos.title)}</h1>
        {body}
    }
}

/// The fields of the contact form (a new one when `contact` is none; of
/// the organization `organization` when given: it is not asked).
pub fn contact_fields(
    i18n: I18nContext<Locale>,
    contact: Option<&ContactPage>,
    organization: Option<i64>,
    rights: &Rights,
    me: i64,
) -> Vec<FormField> {
    let c = contact.map(|p| &p.contact);
    let value = |f: fn(&ContactListRow) -> Option<String>| c.and_then(f);
    let mut fields = vec![
        FormField::new(
            "name",
            t_string!(i18n, contactos.name),
            Input::Text,
            value(|c| Some(c.name.clone())),
        ),
        FormField::new(
            "job_title",
            t_string!(i18n, contactos.job_title),
            Input::Text,
            value(|c| c.job_title.clone()),
        ),
    ];
    fields.push(match organization {
        Some(id) => FormField::new("organization_id", "", Input::Hidden, Some(id.to_string())),
        // By name; the id is cleared so that the name decides.
        None => FormField::new(
            "organization",
            t_string!(i18n, contactos.organization),
            Input::Text,
            value(|c| c.organization.clone()),
        ),
    });
    if organization.is_none() {
        fields.push(FormField::new("organization_id", "", Input::Hidden, None));
    }
    fields.extend([
        FormField::new(
            "email",
            t_string!(i18n, clientes.email),
            Input::Email,
            value(|c| c.email.clone()),
        ),
        FormField::new(
            "phone",
            t_string!(i18n, clientes.phone),
            Input::Tel,
            value(|c| c.phone.clone()),
        ),
        FormField::new(
            "lifecycle",
            t_string!(i18n, clientes.lifecycle),
            Input::Select,
            Some(value(|c| Some(c.lifecycle.clone())).unwrap_or_else(|| "prospecto".into())),
        )
        .with_choices(lifecycle_choices(i18n)),
        tags_field(i18n, c.map(|c| c.tags.as_slice())),
    ]);
    let owner = contact.and_then(|p| p.owner_id).unwrap_or(me);
    fields.extend(owner_field(
        "owner_id",
        t_string!(i18n, deal.owner),
        rights,
        owner,
    ));
    fields
}

#[component]
fn ContactTable(query: DirectoryQuery, list: ContactList) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_session().user_id;
    let new_button = list.rights.may_edit.then(|| {
        let words = FormWords::new(
            i18n,
            t_string!(i18n, contactos.new),
            t_string!(i18n, contactos.new),
        );
        let fields = contact_fields(i18n, None, None, &list.rights, me);
        view! {
            <div class="page-actions">
                <RecordForm kind=RecordKind::Contact id=None fields words primary=true />
            </div>
        }
    });
    let rows = list
        .rows
        .iter()
        .map(|r| {
            let organization = r.organization_id.map(|id| {
                view! { <a href=format!("/clientes/{id}")>{r.organization.clone().unwrap_or_default()}</a> }
            });
            view! {
                <tr data-contact-id=r.id>
                    <td>
                        <a href=format!("/contactos/{}", r.id)>{r.name.clone()}</a>
                        <TagChips tags=r.tags.clone() />
                        <br />
                        <span class="muted">{r.job_title.clone().unwrap_or_default()}</span>
                    </td>
                    <td>{organization}</td>
                    <td>
                        {r.email.clone().unwrap_or_default()}<br />
                        <span class="muted">{r.phone.clone().unwrap_or_default()}</span>
                    </td>
                    <td>{lifecycle_label(i18n, &r.lifecycle)}</td>
                    <td>{r.owner.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {new_button}
        <DirectoryFilters
            base="/contactos"
            search=t_string!(i18n, contactos.search).to_string()
            query=query.clone()
            owners=list.owners.clone()
            tags=list.tags.clone()
            saved=list.saved.clone()
        />
        <ListCount
            pages=list.pages.clone()
            noun=t_string!(i18n, contactos.count).to_string()
            searching=query.q.as_deref().is_some_and(|q| !q.trim().is_empty())
        />
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, contactos.name)}</th>
                        <th scope="col">{t!(i18n, deal.organization)}</th>
                        <th scope="col">{t!(i18n, clientes.contact_data)}</th>
                        <th scope="col">{t!(i18n, clientes.lifecycle)}</th>
                        <th scope="col">{t!(i18n, deal.owner)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <DirectoryPager base="/contactos" query=query.clone() pages=list.pages.clone() />
    }
}

#[component]
pub fn ContactoPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    if !session.plan.has_crm() {
        return Either::Right(view! { <UpgradeNotice /> });
    }
    Either::Left(view! {
        <Suspense fallback=move || {
            view! { <p class="loading">{t!(i18n, shell.loading)}</p> }
        }>
            {Suspend::new(async move {
                let found = match id.parse::<i64>() {
                    Ok(id) => get_contact(id).await,
                    Err(_) => Err(crate::error::AppError::NotFound),
                };
                match found {
                    Ok(page) => {
                        Either::Left(
                            // A malformed id is a contact that does not exist.
                            view! { <ContactView page /> },
                        )
                    }
                    Err(error) => Either::Right(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    })
}

#[component]
fn ContactView(page: ContactPage) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = session.user_id;
    let may_add = session.may_add_records();
    let id = page.contact.id;
    let actions = page.rights.may_edit.then(|| {
        let words = FormWords::new(
            i18n,
            t_string!(i18n, form.edit),
            t_string!(i18n, contactos.edit_heading),
        );
        let fields = contact_fields(i18n, Some(&page), None, &page.rights, me);
        view! {
            <RecordForm kind=RecordKind::Contact id=Some(id) fields words primary=false />
            <PostButton
                action="/api/delete_record"
                fields=vec![("kind", "Contact".to_string()), ("id", id.to_string())]
                text=t_string!(i18n, form.delete).to_string()
                confirm=t_string!(i18n, contactos.confirm_delete).to_string()
            />
        }
    });
    let new_activity = may_add.then(|| {
        let mut links = vec![("contact_id", id)];
        links.extend(page.contact.organization_id.map(|o| ("organization_id", o)));
        view! { <NewActivityButton rights=page.rights.clone() links primary=true /> }
    });
    let c = page.contact;
    let organization = c.organization_id.map(|id| {
        view! { <a href=format!("/clientes/{id}")>{c.organization.clone().unwrap_or_default()}</a> }
    });
    let title = c.name.clone();
    view! {
        <Title text=format!("{title} · Embudo") />
        <p>
            <a href="/contactos">{t!(i18n, contactos.back)}</a>
        </p>
        <h1>{c.name.clone()}</h1>
        <div class="page-actions">{actions}{new_activity}</div>
        <section class="card">
            <dl class="facts">
                <dt>{t!(i18n, contactos.job_title)}</dt>
                <dd>{c.job_title.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, deal.organization)}</dt>
                <dd>{organization}</dd>
                <dt>{t!(i18n, clientes.email)}</dt>
                <dd>{c.email.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, clientes.phone)}</dt>
                <dd>{c.phone.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, clientes.lifecycle)}</dt>
                <dd>{lifecycle_label(i18n, &c.lifecycle)}</dd>
                <dt>{t!(i18n, deal.owner)}</dt>
                <dd>{c.owner.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, filters.tags)}</dt>
                <dd>
                    <TagChips tags=c.tags.clone() />
                </dd>
            </dl>
        </section>
        <h2>{t!(i18n, clientes.activities)}</h2>
        <RecordActivities rows=page.activities may_edit=may_add />
        <h2>{t!(i18n, clientes.deals)}</h2>
        <RelatedDeals deals=page.deals />
        <h2>{t!(i18n, clientes.history)}</h2>
        <RecordHistory changes=page.history />
    }
}

/// The pending activities of an organization or contact, or a note when
/// there are none.
#[component]
pub fn RecordActivities(rows: Vec<ActivityListRow>, may_edit: bool) -> impl IntoView {
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
pub fn RelatedDeals(deals: Vec<RelatedDeal>) -> impl IntoView {
    let i18n = use_i18n();
    if deals.is_empty() {
        return Either::Left(view! { <p class="muted">{t!(i18n, clientes.no_deals)}</p> });
    }
    Either::Right(view! {
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
                                    <a href=format!("/crm/tratos/{}", d.key)>{d.title.clone()}</a>
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
    })
}
