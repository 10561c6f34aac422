//! `/contactos` (the account's contacts, filtered through the query string:
//! `?q=&lifecycle=&owner=&tag=`, `after=`/`before=` from the pager) and `/contactos/{id}` (one contact with
//! its activities and deals). Rendered on the server; the forms and buttons
//! that change them are islands.
use crate::api::directory::{get_contact, list_contacts};
use crate::components::activity_list::{NewActivityButton, owner_field};
use crate::components::crm_page::{crm_content, crm_page};
use crate::components::directory_page::{
    ListFrame, RecordDetail, TagChips, back_link, directory_query, directory_table,
    lifecycle_field, record_id, tags_field, text_fact,
};
use crate::components::labels::lifecycle_label;
use crate::components::record_form::{FormField, FormWords, Input, PostButton, RecordForm};
use crate::components::session::use_session;
use crate::domain::directory::{ContactList, ContactListRow, ContactPage, DirectoryQuery};
use crate::domain::records::{RecordKind, Rights};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ContactosPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = directory_query();
    crm_page(
        t_string!(i18n, contactos.title).to_string(),
        list_contacts(query.clone()),
        move |list| view! { <ContactTable query list /> },
    )
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
        lifecycle_field(i18n, c.map(|c| c.lifecycle.as_str())),
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
        view! { <RecordForm kind=RecordKind::Contact id=None fields words primary=true /> }
            .into_any()
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
        .collect_view()
        .into_any();
    let frame = ListFrame {
        base: "/contactos",
        search: t_string!(i18n, contactos.search).to_string(),
        noun: t_string!(i18n, contactos.count).to_string(),
        new_button,
        head: vec![
            t_string!(i18n, contactos.name).to_string(),
            t_string!(i18n, deal.organization).to_string(),
            t_string!(i18n, clientes.contact_data).to_string(),
            t_string!(i18n, clientes.lifecycle).to_string(),
            t_string!(i18n, deal.owner).to_string(),
        ],
    };
    directory_table(frame, query, list, rows)
}

#[component]
pub fn ContactoPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().get_untracked().get("id");
    view! {
        {back_link("/contactos", t_string!(i18n, contactos.back).to_string())}
        {crm_content(
            async move {
                match record_id(id) {
                    Some(id) => get_contact(id).await,
                    None => Err(AppError::NotFound),
                }
            },
            |page| view! { <ContactView page /> },
        )}
    }
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
    let facts = vec![
        text_fact(
            t_string!(i18n, contactos.job_title).to_string(),
            &c.job_title,
        ),
        (
            t_string!(i18n, deal.organization).to_string(),
            organization.into_any(),
        ),
        text_fact(t_string!(i18n, clientes.email).to_string(), &c.email),
        text_fact(t_string!(i18n, clientes.phone).to_string(), &c.phone),
        (
            t_string!(i18n, clientes.lifecycle).to_string(),
            lifecycle_label(i18n, &c.lifecycle).into_any(),
        ),
        text_fact(t_string!(i18n, deal.owner).to_string(), &c.owner),
        (
            t_string!(i18n, filters.tags).to_string(),
            view! { <TagChips tags=c.tags.clone() /> }.into_any(),
        ),
    ];
    view! {
        <RecordDetail
            name=c.name.clone()
            actions=view! {
                {actions}
                {new_activity}
            }
                .into_any()
            facts
            activities=page.activities
            may_add
            deals=page.deals
            history=page.history
        />
    }
}
