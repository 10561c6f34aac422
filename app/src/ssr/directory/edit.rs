//! Creating, editing and deleting organizations (clientes) and contacts,
//! for the pages' forms and the REST API alike. Every field is checked
//! (name, email, phone, Mexican RFC, lifecycle, owner, organization) and
//! every problem named at once. Anyone who may edit deals may add them; an
//! existing one is changed or deleted by its owner (`crm.deals.edit_own`) or
//! by whoever may edit everything (`crm.deals.edit_all`). Deleting one keeps
//! its deals, contacts and activities: they just lose the link. Tags are
//! typed comma-separated (`tags`); each user saves filters of the lists.
use crate::domain::directory::LIFECYCLES;
use crate::domain::validate::{
    is_valid_email, is_valid_phone, is_valid_rfc, normalize_email, normalize_rfc,
};
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::{note, note_saved};
use crate::ssr::db::Db;
use crate::ssr::db::Ex;
use crate::ssr::directory::db::tags::{self, Tagged};
use crate::ssr::directory::db::{
    self as directory, ContactRow, NewContact, NewOrganization, OrganizationRow,
};
use crate::ssr::directory::page::{TAG_MAX, checked_query};
use crate::ssr::form::{Form, Sent, pair};

/// What organizations and contacts share, checked.
struct Person {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    lifecycle: String,
    owner_id: i64,
}

/// Reads the shared fields. The owner is the caller when left empty; another
/// user must be an active one of the account and needs
/// `crm.deals.edit_all` (the owner a record already has is kept as is).
async fn person(
    ex: &mut Ex<'_>,
    actor: &Actor,
    f: &mut Form,
    kept_owner: Option<i64>,
) -> Result<Person, AppError> {
    let name = f.required("name", 200);
    let email = f.optional("email", 254).map(|e| normalize_email(&e));
    if email.as_deref().is_some_and(|e| !is_valid_email(e)) {
        f.problem("email", "invalid_email");
    }
    let phone = f.optional("phone", 40);
    if phone.as_deref().is_some_and(|p| !is_valid_phone(p)) {
        f.problem("phone", "invalid_phone");
    }
    let lifecycle = f.choice("lifecycle", &LIFECYCLES, "prospecto");
    let owner_id = f.user(ex, actor, "owner_id", kept_owner).await?;
    Ok(Person {
        name,
        email,
        phone,
        lifecycle,
        owner_id,
    })
}

/// The most tags on one record.
const TAGS_MAX: usize = 10;

/// The tags typed in `tags`, comma-separated: trimmed, each once (any
/// case), at most [`TAGS_MAX`] of at most [`TAG_MAX`] characters.
fn tag_list(f: &mut Form) -> Vec<String> {
    let typed = f.raw("tags").to_string();
    let mut list: Vec<String> = vec![];
    for name in typed.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if name.chars().count() > TAG_MAX {
            f.problem("tags", "too_long");
        } else if !list.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
            list.push(name.to_string());
        }
    }
    if list.len() > TAGS_MAX {
        f.problem("tags", "too_many");
    }
    list
}

/// A record's tags as its form shows them.
async fn tag_value(ex: &mut Ex<'_>, of: Tagged, id: i64) -> Result<(String, String), AppError> {
    let names: Vec<String> = tags::of_records(ex, of, &[id])
        .await?
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    Ok(("tags".to_string(), names.join(", ")))
}

fn organization_values(o: &OrganizationRow) -> Sent {
    vec![
        pair("name", Some(&o.name)),
        pair("tax_id", o.tax_id.as_ref()),
        pair("phone", o.phone.as_ref()),
        pair("email", o.email.as_ref()),
        pair("address", o.address.as_ref()),
        pair("lifecycle", Some(&o.lifecycle)),
        pair("owner_id", o.owner_id),
    ]
}

fn contact_values(c: &ContactRow) -> Sent {
    vec![
        pair("organization_id", c.organization_id),
        pair("name", Some(&c.name)),
        pair("job_title", c.job_title.as_ref()),
        pair("email", c.email.as_ref()),
        pair("phone", c.phone.as_ref()),
        pair("lifecycle", Some(&c.lifecycle)),
        pair("owner_id", c.owner_id),
    ]
}

/// The form of a new record (the actor may add), or of the stored one (its
/// id, values and owner: the actor may change it) with its tags and the fields
/// sent laid over them; the owner it has, and its values with its tags
/// before the edit (none for a new one).
async fn form_for(
    ex: &mut Ex<'_>,
    actor: &Actor,
    of: Tagged,
    stored: Option<(i64, Sent, Option<i64>)>,
    sent: Sent,
) -> Result<(Form, Option<i64>, Sent), AppError> {
    match stored {
        Some((id, mut values, owner)) => {
            actor.must_change(owner)?;
            values.push(tag_value(ex, of, id).await?);
            let mut f = Form::new(values.clone());
            f.overlay(sent);
            Ok((f, owner, values))
        }
        None => {
            actor.must_add_records()?;
            Ok((Form::new(sent), None, vec![]))
        }
    }
}

/// Creates (`id` none) or edits an organization from the fields sent (an
/// edit keeps the fields not sent); answers its id. The name must not be
/// another organization's of the account (any case).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save_organization(
    db: &Db,
    actor: &Actor,
    id: Option<i64>,
    sent: Sent,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let stored = match id {
        None => None,
        Some(id) => {
            let row = directory::organization(&mut ex, actor.account_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            Some((id, organization_values(&row), row.owner_id))
        }
    };
    let (mut f, kept, before) =
        form_for(&mut ex, actor, Tagged::Organization, stored, sent).await?;
    let p = person(&mut ex, actor, &mut f, kept).await?;
    let tax_id = f.optional("tax_id", 13).map(|t| normalize_rfc(&t));
    if tax_id.as_deref().is_some_and(|t| !is_valid_rfc(t)) {
        f.problem("tax_id", "invalid_rfc");
    }
    let address = f.optional("address", 500);
    let tag_names = tag_list(&mut f);
    if !f.failed("name")
        && directory::organization_named(&mut ex, actor.account_id, &p.name)
            .await?
            .is_some_and(|other| Some(other) != id)
    {
        f.problem("name", "taken");
    }
    f.finish()?;
    let new = NewOrganization {
        name: p.name,
        tax_id,
        phone: p.phone,
        email: p.email,
        address,
        lifecycle: p.lifecycle,
        owner_id: p.owner_id,
    };
    let saved = match id {
        None => {
            directory::insert_organization(&mut ex, actor.account_id, &new, actor.clock.now).await?
        }
        Some(id) => {
            directory::update_organization(&mut ex, actor.account_id, id, &new, actor.clock.now)
                .await?;
            id
        }
    };
    let mut after = organization_values(&OrganizationRow {
        id: saved,
        name: new.name.clone(),
        tax_id: new.tax_id.clone(),
        phone: new.phone.clone(),
        email: new.email.clone(),
        address: new.address.clone(),
        lifecycle: new.lifecycle.clone(),
        owner_id: Some(new.owner_id),
    });
    after.push(("tags".to_string(), tag_names.join(", ")));
    note_saved(
        &mut ex,
        actor,
        "organization",
        saved,
        &new.name,
        &before,
        &after,
    )
    .await?;
    tags::set(
        &mut ex,
        actor.account_id,
        Tagged::Organization,
        saved,
        &tag_names,
        actor.clock.now,
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Creates (`id` none) or edits a contact from the fields sent (an edit
/// keeps the fields not sent); answers its id. Its organization is given by
/// id (`organization_id`) or by its exact name (`organization`, any case);
/// the email must not be another contact's of the account.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save_contact(
    db: &Db,
    actor: &Actor,
    id: Option<i64>,
    sent: Sent,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let stored = match id {
        None => None,
        Some(id) => {
            let row = directory::contact(&mut ex, actor.account_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            Some((id, contact_values(&row), row.owner_id))
        }
    };
    let (mut f, kept, before) = form_for(&mut ex, actor, Tagged::Contact, stored, sent).await?;
    let p = person(&mut ex, actor, &mut f, kept).await?;
    let job_title = f.optional("job_title", 100);
    let tag_names = tag_list(&mut f);
    let mut organization_id = f.id("organization_id");
    if let Some(org) = organization_id
        && directory::organization(&mut ex, actor.account_id, org)
            .await?
            .is_none()
    {
        f.problem("organization_id", "not_found");
    }
    let named = f.optional("organization", 200);
    if organization_id.is_none()
        && let Some(name) = named
    {
        organization_id = directory::organization_named(&mut ex, actor.account_id, &name).await?;
        if organization_id.is_none() {
            f.problem("organization", "not_found");
        }
    }
    if let Some(email) = &p.email
        && !f.failed("email")
        && directory::contact_with_email(&mut ex, actor.account_id, email)
            .await?
            .is_some_and(|other| Some(other) != id)
    {
        f.problem("email", "taken");
    }
    f.finish()?;
    let new = NewContact {
        organization_id,
        name: p.name,
        job_title,
        email: p.email,
        phone: p.phone,
        lifecycle: p.lifecycle,
        owner_id: p.owner_id,
    };
    let saved = match id {
        None => directory::insert_contact(&mut ex, actor.account_id, &new, actor.clock.now).await?,
        Some(id) => {
            directory::update_contact(&mut ex, actor.account_id, id, &new, actor.clock.now).await?;
            id
        }
    };
    let mut after = contact_values(&ContactRow {
        id: saved,
        organization_id: new.organization_id,
        name: new.name.clone(),
        job_title: new.job_title.clone(),
        email: new.email.clone(),
        phone: new.phone.clone(),
        lifecycle: new.lifecycle.clone(),
        owner_id: Some(new.owner_id),
    });
    after.push(("tags".to_string(), tag_names.join(", ")));
    note_saved(&mut ex, actor, "contact", saved, &new.name, &before, &after).await?;
    tags::set(
        &mut ex,
        actor.account_id,
        Tagged::Contact,
        saved,
        &tag_names,
        actor.clock.now,
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Deletes an organization; its contacts, deals and activities stay,
/// without it.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn delete_organization(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let row = directory::organization(&mut tx.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    actor.must_change(row.owner_id)?;
    directory::delete_organization(&mut tx.ex(), actor.account_id, id).await?;
    note(
        &mut tx.ex(),
        actor,
        "organization",
        Some(id),
        "deleted",
        &row.name,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a contact; its deals and activities stay, without it.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn delete_contact(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let row = directory::contact(&mut tx.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    actor.must_change(row.owner_id)?;
    directory::delete_contact(&mut tx.ex(), actor.account_id, id).await?;
    note(
        &mut tx.ex(),
        actor,
        "contact",
        Some(id),
        "deleted",
        &row.name,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The list pages whose filters can be saved.
const FILTER_PAGES: [&str; 2] = ["clientes", "contactos"];
/// The most filters a user keeps on one list page (the page lists them all).
pub const MAX_SAVED_FILTERS: i64 = 100;

/// Saves the query string of a list page under a name, for its user (at
/// most [`MAX_SAVED_FILTERS`] a page).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save_filter(
    db: &Db,
    actor: &Actor,
    page: &str,
    name: &str,
    query: &str,
) -> Result<(), AppError> {
    let mut f = Form::new([("name".to_string(), name.to_string())]);
    let name = f.required("name", 60);
    if !FILTER_PAGES.contains(&page) {
        f.problem("page", "invalid");
    }
    let query = match checked_query(query) {
        Ok(q) => q,
        Err(_) => {
            f.problem("query", "invalid");
            String::new()
        }
    };
    f.finish()?;
    let mut tx = db.begin().await?;
    if tags::saved_filter_count(&mut tx.ex(), actor.user_id, page).await? >= MAX_SAVED_FILTERS {
        return Err(AppError::field("name", "limit_reached"));
    }
    tags::insert_saved_filter(
        &mut tx.ex(),
        actor.account_id,
        actor.user_id,
        (page, &name, &query),
        actor.clock.now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes one of the caller's saved filters (anyone else's: not found).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn delete_filter(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    if !tags::delete_saved_filter(&mut tx.ex(), actor.user_id, id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}
