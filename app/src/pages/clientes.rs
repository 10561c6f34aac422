//! `/clientes` (the account's organizations, filtered through the query
//! string: `?q=&lifecycle=&owner=&page=`) and `/clientes/{id}` (one
//! organization with its contacts, activities and deals). Rendered on the
//! server; the forms and buttons that change them are islands.
use crate::api::directory::{get_organization, list_organizations};
use crate::components::activity_list::{NewActivityButton, owner_field};
use crate::components::directory_filters::{DirectoryFilters, DirectoryPager, ListCount};
use crate::components::error_message::ErrorMessage;
use crate::components::labels::lifecycle_label;
use crate::components::notices::UpgradeNotice;
use crate::components::record_form::{FormField, FormWords, Input, PostButton, RecordForm};
use crate::components::session::use_session;
use crate::domain::directory::{DirectoryQuery, LIFECYCLES, OrganizationList, OrganizationPage};
use crate::domain::records::{RecordKind, Rights};
use crate::i18n::*;
use crate::pages::contactos::{RecordActivities, RecordHistory, RelatedDeals};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ClientesPage() -> impl IntoView {
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
                    match list_organizations(query.clone()).await {
                        Ok(list) => Either::Left(view! { <OrganizationTable query list /> }),
                        Err(error) => Either::Right(view! { <ErrorMessage error /> }),
                    }
                })}
            </Suspense>
        })
    } else {
        Either::Right(view! { <UpgradeNotice /> })
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, clientes.title)) />
        <h1>{t!(i18n, clientes.title)}</h1>
        {body}
    }
}

/// The lifecycle choices of a form, in the page's language.
pub fn lifecycle_choices(i18n: I18nContext<Locale>) -> Vec<(String, String)> {
    LIFECYCLES
        .iter()
        .map(|l| (l.to_string(), lifecycle_label(i18n, l)))
        .collect()
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

/// The fields of the organization form (a new one when `org` is none).
fn organization_fields(
    i18n: I18nContext<Locale>,
    org: Option<&OrganizationPage>,
    rights: &Rights,
    me: i64,
) -> Vec<FormField> {
    let value = |f: fn(&OrganizationPage) -> Option<String>| org.and_then(f);
    let mut fields = vec![
        FormField::new(
            "name",
            t_string!(i18n, clientes.name),
            Input::Text,
            value(|o| Some(o.name.clone())),
        ),
        FormField::new(
            "tax_id",
            t_string!(i18n, clientes.tax_id),
            Input::Text,
            value(|o| o.tax_id.clone()),
        ),
        FormField::new(
            "email",
            t_string!(i18n, clientes.email),
            Input::Email,
            value(|o| o.email.clone()),
        ),
        FormField::new(
            "phone",
            t_string!(i18n, clientes.phone),
            Input::Tel,
            value(|o| o.phone.clone()),
        ),
        FormField::new(
            "address",
            t_string!(i18n, clientes.address),
            Input::Area,
            value(|o| o.address.clone()),
        ),
        FormField::new(
            "lifecycle",
            t_string!(i18n, clientes.lifecycle),
            Input::Select,
            Some(value(|o| Some(o.lifecycle.clone())).unwrap_or_else(|| "prospecto".into())),
        )
        .with_choices(lifecycle_choices(i18n)),
        tags_field(i18n, org.map(|o| o.tags.as_slice())),
    ];
    let owner = org.and_then(|o| o.owner_id).unwrap_or(me);
    fields.extend(owner_field(
        "owner_id",
        t_string!(i18n, deal.owner),
        rights,
        owner,
    ));
    fields
}

#[component]
fn OrganizationTable(query: DirectoryQuery, list: OrganizationList) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_session().user_id;
    let new_button = list.rights.may_edit.then(|| {
        let words = FormWords::new(
            i18n,
            t_string!(i18n, clientes.new),
            t_string!(i18n, clientes.new),
        );
        let fields = organization_fields(i18n, None, &list.rights, me);
        view! {
            <div class="page-actions">
                <RecordForm kind=RecordKind::Organization id=None fields words primary=true />
            </div>
        }
    });
    let rows = list
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr data-organization-id=r.id>
                    <td>
                        <a href=format!("/clientes/{}", r.id)>{r.name.clone()}</a>
                        <TagChips tags=r.tags.clone() />
                    </td>
                    <td>{r.tax_id.clone().unwrap_or_default()}</td>
                    <td>
                        {r.email.clone().unwrap_or_default()}<br />
                        <span class="muted">{r.phone.clone().unwrap_or_default()}</span>
                    </td>
                    <td>{lifecycle_label(i18n, &r.lifecycle)}</td>
                    <td>{r.owner.clone().unwrap_or_default()}</td>
                    <td class="num">{r.open_deals}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {new_button}
        <DirectoryFilters
            base="/clientes"
            search=t_string!(i18n, clientes.search).to_string()
            query=query.clone()
            owners=list.owners.clone()
            tags=list.tags.clone()
            saved=list.saved.clone()
        />
        <ListCount
            pages=list.pages.clone()
            noun=t_string!(i18n, clientes.count).to_string()
            searching=query.q.as_deref().is_some_and(|q| !q.trim().is_empty())
        />
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, clientes.name)}</th>
                        <th scope="col">{t!(i18n, clientes.tax_id)}</th>
                        <th scope="col">{t!(i18n, clientes.contact_data)}</th>
                        <th scope="col">{t!(i18n, clientes.lifecycle)}</th>
                        <th scope="col">{t!(i18n, deal.owner)}</th>
                        <th scope="col">{t!(i18n, clientes.open_deals)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <DirectoryPager base="/clientes" query=query.clone() pages=list.pages.clone() />
    }
}

#[component]
pub fn ClientePage() -> impl IntoView {
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
                    Ok(id) => get_organization(id).await,
                    Err(_) => Err(crate::error::AppError::NotFound),
                };
                match found {
                    Ok(org) => {
                        Either::Left(
                            // A malformed id is an organization that does not exist.
                            view! { <OrganizationView org /> },
                        )
                    }
                    Err(error) => Either::Right(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    })
}

#[component]
fn OrganizationView(org: OrganizationPage) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = session.user_id;
    let may_add = session.may_add_records();
    let actions = org.rights.may_edit.then(|| {
        let words = FormWords::new(
            i18n,
            t_string!(i18n, form.edit),
            t_string!(i18n, clientes.edit_heading),
        );
        let fields = organization_fields(i18n, Some(&org), &org.rights, me);
        view! {
            <RecordForm kind=RecordKind::Organization id=Some(org.id) fields words primary=false />
            <PostButton
                action="/api/delete_record"
                fields=vec![("kind", "Organization".to_string()), ("id", org.id.to_string())]
                text=t_string!(i18n, form.delete).to_string()
                confirm=t_string!(i18n, clientes.confirm_delete).to_string()
            />
        }
    });
    let adds = may_add.then(|| {
        let contact_words = FormWords::new(
            i18n,
            t_string!(i18n, contactos.new),
            t_string!(i18n, contactos.new),
        );
        let contact_fields =
            crate::pages::contactos::contact_fields(i18n, None, Some(org.id), &org.rights, me);
        view! {
            <RecordForm
                kind=RecordKind::Contact
                id=None
                fields=contact_fields
                words=contact_words
                primary=false
            />
            <NewActivityButton
                rights=org.rights.clone()
                links=vec![("organization_id", org.id)]
                primary=true
            />
        }
    });
    let contacts = if org.contacts.is_empty() {
        Either::Left(view! { <p class="muted">{t!(i18n, clientes.no_contacts)}</p> })
    } else {
        Either::Right(view! {
            <ul class="contact-list">
                {org
                    .contacts
                    .iter()
                    .map(|c| {
                        view! {
                            <li>
                                <a href=format!("/contactos/{}", c.id)>
                                    <strong>{c.name.clone()}</strong>
                                </a>
                                {c
                                    .job_title
                                    .clone()
                                    .map(|j| {
                                        view! {
                                            " · "
                                            {j}
                                        }
                                    })}
                                <br />
                                <span class="muted">
                                    {c.email.clone().unwrap_or_default()} " "
                                    {c.phone.clone().unwrap_or_default()}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        })
    };
    let title = org.name.clone();
    view! {
        <Title text=format!("{title} · Embudo") />
        <p>
            <a href="/clientes">{t!(i18n, clientes.back)}</a>
        </p>
        <h1>{org.name.clone()}</h1>
        <div class="page-actions">{actions}{adds}</div>
        <section class="card">
            <dl class="facts">
                <dt>{t!(i18n, clientes.tax_id)}</dt>
                <dd>{org.tax_id.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, clientes.email)}</dt>
                <dd>{org.email.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, clientes.phone)}</dt>
                <dd>{org.phone.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, clientes.address)}</dt>
                <dd>{org.address.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, clientes.lifecycle)}</dt>
                <dd>{lifecycle_label(i18n, &org.lifecycle)}</dd>
                <dt>{t!(i18n, deal.owner)}</dt>
                <dd>{org.owner.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, filters.tags)}</dt>
                <dd>
                    <TagChips tags=org.tags.clone() />
                </dd>
            </dl>
        </section>
        <h2>{t!(i18n, clientes.contacts)}</h2>
        {contacts}
        <h2>{t!(i18n, clientes.activities)}</h2>
        <RecordActivities rows=org.activities.clone() may_edit=may_add />
        <h2>{t!(i18n, clientes.deals)}</h2>
        <RelatedDeals deals=org.deals.clone() />
        <h2>{t!(i18n, clientes.history)}</h2>
        <RecordHistory changes=org.history.clone() />
    }
}
