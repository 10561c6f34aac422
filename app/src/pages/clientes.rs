//! `/clientes` (the account's organizations, filtered through the query
//! string: `?q=&lifecycle=&owner=&tag=`, `after=`/`before=` from the pager)
//! and `/clientes/{id}` (one organization with its contacts, activities and
//! deals). Rendered on the server; the forms and buttons that change them
//! are islands.
use crate::api::directory::{get_organization, list_organizations};
use crate::components::activity_list::{NewActivityButton, owner_field};
use crate::components::crm_page::{crm_content, crm_page};
use crate::components::directory_page::{
    ListFrame, RecordDetail, TagChips, back_link, directory_query, directory_table,
    lifecycle_field, record_id, tags_field, text_fact,
};
use crate::components::labels::{
    country_label, lifecycle_label, regime_choices, regime_label, use_choices, use_label,
};
use crate::components::record_form::{FormField, FormWords, Input, PostButton, RecordForm};
use crate::components::session::use_session;
use crate::domain::directory::{DirectoryQuery, OrganizationList, OrganizationPage};
use crate::domain::records::{RecordKind, Rights};
use crate::domain::tax_id::TAX_COUNTRIES;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::contactos::contact_fields;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ClientesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = directory_query();
    crm_page(
        t_string!(i18n, clientes.title).to_string(),
        list_organizations(query.clone()),
        move |list| view! { <OrganizationTable query list /> },
    )
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
        lifecycle_field(i18n, org.map(|o| o.lifecycle.as_str())),
        tags_field(i18n, org.map(|o| o.tags.as_slice())),
    ];
    fields.extend(fiscal_fields(i18n, org));
    let owner = org.and_then(|o| o.owner_id).unwrap_or(me);
    fields.extend(owner_field(
        "owner_id",
        t_string!(i18n, deal.owner),
        rights,
        owner,
    ));
    fields
}

/// The fiscal fields of the organization form: the tax id and its
/// country, the razón social, the régimen, the postal code and the use
/// of CFDI (the SAT catalogues as choices).
fn fiscal_fields(i18n: I18nContext<Locale>, org: Option<&OrganizationPage>) -> Vec<FormField> {
    let fiscal = org.map(|o| o.fiscal.clone()).unwrap_or_default();
    let none = || Some((String::new(), t_string!(i18n, clientes.none).to_string()));
    let countries = TAX_COUNTRIES
        .iter()
        .map(|c| (c.code.to_string(), country_label(i18n, c.code)))
        .collect();
    let regimes = regime_choices(none());
    let uses = use_choices(none());
    vec![
        FormField::new(
            "tax_id",
            t_string!(i18n, clientes.tax_id_any),
            Input::Text,
            org.and_then(|o| o.tax_id.clone()),
        ),
        FormField::new(
            "tax_country",
            t_string!(i18n, clientes.tax_country),
            Input::Select,
            Some(fiscal.tax_country),
        )
        .with_choices(countries),
        FormField::new(
            "legal_name",
            t_string!(i18n, clientes.legal_name),
            Input::Text,
            fiscal.legal_name,
        )
        .with_hint(t_string!(i18n, clientes.legal_name_hint)),
        FormField::new(
            "tax_system",
            t_string!(i18n, clientes.tax_system),
            Input::Select,
            fiscal.tax_system,
        )
        .with_choices(regimes),
        FormField::new(
            "tax_zip",
            t_string!(i18n, clientes.tax_zip),
            Input::Text,
            fiscal.tax_zip,
        ),
        FormField::new(
            "cfdi_use",
            t_string!(i18n, clientes.cfdi_use),
            Input::Select,
            fiscal.cfdi_use,
        )
        .with_choices(uses),
    ]
}

/// An organization's fiscal data as its page shows it.
fn fiscal_facts(i18n: I18nContext<Locale>, org: &OrganizationPage) -> Vec<(String, AnyView)> {
    let f = &org.fiscal;
    vec![
        text_fact(
            t_string!(i18n, clientes.legal_name).to_string(),
            &f.legal_name,
        ),
        (
            t_string!(i18n, clientes.tax_country).to_string(),
            country_label(i18n, &f.tax_country).into_any(),
        ),
        text_fact(
            t_string!(i18n, clientes.tax_system).to_string(),
            &f.tax_system.as_deref().map(regime_label),
        ),
        text_fact(t_string!(i18n, clientes.tax_zip).to_string(), &f.tax_zip),
        text_fact(
            t_string!(i18n, clientes.cfdi_use).to_string(),
            &f.cfdi_use.as_deref().map(use_label),
        ),
    ]
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
        view! { <RecordForm kind=RecordKind::Organization id=None fields words primary=true /> }
            .into_any()
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
        .collect_view()
        .into_any();
    let frame = ListFrame {
        base: "/clientes",
        search: t_string!(i18n, clientes.search).to_string(),
        noun: t_string!(i18n, clientes.count).to_string(),
        new_button,
        head: vec![
            t_string!(i18n, clientes.name).to_string(),
            t_string!(i18n, clientes.tax_id).to_string(),
            t_string!(i18n, clientes.contact_data).to_string(),
            t_string!(i18n, clientes.lifecycle).to_string(),
            t_string!(i18n, deal.owner).to_string(),
            t_string!(i18n, clientes.open_deals).to_string(),
        ],
    };
    directory_table(frame, query, list, rows)
}

#[component]
pub fn ClientePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().get_untracked().get("id");
    view! {
        {back_link("/clientes", t_string!(i18n, clientes.back).to_string())}
        {crm_content(
            async move {
                match record_id(id) {
                    Some(id) => get_organization(id).await,
                    None => Err(AppError::NotFound),
                }
            },
            |org| view! { <OrganizationView org /> },
        )}
    }
}

#[component]
fn OrganizationView(org: OrganizationPage) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = session.user_id;
    let may_add = session.may_add_records();
    let edit = org.rights.may_edit.then(|| {
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
        let contact_fields = contact_fields(i18n, None, Some(org.id), &org.rights, me);
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
    let mut facts = vec![
        text_fact(
            t_string!(i18n, clientes.tax_id_any).to_string(),
            &org.tax_id,
        ),
        text_fact(t_string!(i18n, clientes.email).to_string(), &org.email),
        text_fact(t_string!(i18n, clientes.phone).to_string(), &org.phone),
        text_fact(t_string!(i18n, clientes.address).to_string(), &org.address),
        (
            t_string!(i18n, clientes.lifecycle).to_string(),
            lifecycle_label(i18n, &org.lifecycle).into_any(),
        ),
        text_fact(t_string!(i18n, deal.owner).to_string(), &org.owner),
        (
            t_string!(i18n, filters.tags).to_string(),
            view! { <TagChips tags=org.tags.clone() /> }.into_any(),
        ),
    ];
    facts.extend(fiscal_facts(i18n, &org));
    view! {
        <RecordDetail
            name=org.name.clone()
            actions=view! {
                {edit}
                {adds}
            }
                .into_any()
            facts
            activities=org.activities.clone()
            may_add
            deals=org.deals.clone()
            history=org.history.clone()
        >
            <h2>{t!(i18n, clientes.contacts)}</h2>
            {contacts}
        </RecordDetail>
    }
}
