//! Creating, editing and deleting organizations (clientes) and contacts,
//! for the pages' forms and the REST API alike. Every field is checked
//! (name, email, phone, Mexican RFC, lifecycle, owner, organization) and
//! every problem named at once. Anyone who may edit deals may add them; an
//! existing one is changed or deleted by its owner (`crm.deals.edit_own`) or
//! by whoever may edit everything (`crm.deals.edit_all`). Deleting one keeps
//! its deals, contacts and activities: they just lose the link. Tags are
//! typed comma-separated (`tags`); each user saves filters of the lists.
use crate::domain::directory_input::{ContactInput, OrganizationInput};
use crate::domain::records::RecordInput;
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::{note, note_saved};
use crate::ssr::db::Db;
use crate::ssr::db::Ex;
use crate::ssr::directory::db::tags::{self, Tagged};
use crate::ssr::directory::db::{
    self as directory, ContactRow, NewContact, NewOrganization, OrganizationRow,
};
use crate::ssr::directory::page::checked_query;
use crate::ssr::users;

/// A record's tags as its form shows them.
async fn tag_text(ex: &mut Ex<'_>, of: Tagged, id: i64) -> Result<String, AppError> {
    let names: Vec<String> = tags::of_records(ex, of, &[id])
        .await?
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    Ok(names.join(", "))
}

/// What a save starts from: the fields sent, laid over the stored record
/// for an edit; the owner it keeps; its fields before, for the history
/// (none for a new record).
struct Start<I> {
    input: I,
    kept: Option<i64>,
    before: Vec<(String, String)>,
}

/// A new record (the actor may add records), or the stored one as its form
/// shows it with its owner (the actor may change what that owner has).
fn start<I: RecordInput>(
    actor: &Actor,
    sent: I,
    stored: Option<(I, Option<i64>)>,
) -> Result<Start<I>, AppError> {
    Ok(match stored {
        None => {
            actor.must_add_records()?;
            Start {
                input: sent,
                kept: None,
                before: vec![],
            }
        }
        Some((stored, owner)) => {
            actor.must_change(owner)?;
            Start {
                before: stored.pairs(),
                input: sent.over(stored),
                kept: owner,
            }
        }
    })
}

/// An organization as its form shows it, with its owner (none: no longer
/// there, as on its page).
fn organization_input(o: &NewOrganization, owner: Option<i64>, tags: String) -> OrganizationInput {
    OrganizationInput {
        name: Some(o.name.clone()),
        tax_id: o.tax_id.clone(),
        phone: o.phone.clone(),
        email: o.email.clone(),
        address: o.address.clone(),
        lifecycle: Some(o.lifecycle.clone()),
        owner_id: owner.map(|o| o.to_string()),
        tags: Some(tags),
        legal_name: o.fiscal.legal_name.clone(),
        tax_country: Some(o.fiscal.tax_country.clone()),
        tax_system: o.fiscal.tax_system.clone(),
        tax_zip: o.fiscal.tax_zip.clone(),
        cfdi_use: o.fiscal.cfdi_use.clone(),
    }
}

/// A contact as its form shows it, with its owner.
fn contact_input(c: &NewContact, owner: Option<i64>, tags: String) -> ContactInput {
    ContactInput {
        organization_id: c.organization_id.map(|id| id.to_string()),
        organization: None,
        name: Some(c.name.clone()),
        job_title: c.job_title.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        lifecycle: Some(c.lifecycle.clone()),
        owner_id: owner.map(|o| o.to_string()),
        tags: Some(tags),
    }
}

impl From<OrganizationRow> for NewOrganization {
    fn from(o: OrganizationRow) -> NewOrganization {
        NewOrganization {
            name: o.name,
            tax_id: o.tax_id,
            phone: o.phone,
            email: o.email,
            address: o.address,
            lifecycle: o.lifecycle,
            owner_id: o.owner_id.unwrap_or_default(),
            fiscal: o.fiscal,
        }
    }
}

impl From<ContactRow> for NewContact {
    fn from(c: ContactRow) -> NewContact {
        NewContact {
            organization_id: c.organization_id,
            name: c.name,
            job_title: c.job_title,
            email: c.email,
            phone: c.phone,
            lifecycle: c.lifecycle,
            owner_id: c.owner_id.unwrap_or_default(),
        }
    }
}

/// Creates (`id` none) or edits an organization from the fields sent (an
/// edit keeps the fields not sent); answers its id. Anyone who may add
/// records creates one; an existing one is changed by whoever may change
/// its owner's. The name must not be another organization's of the account
/// (any case).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save_organization(
    db: &Db,
    actor: &Actor,
    id: Option<i64>,
    sent: OrganizationInput,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let stored = match id {
        None => None,
        Some(id) => {
            let row = directory::organization(&mut ex, actor.account_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let (owner, tags) = (
                row.owner_id,
                tag_text(&mut ex, Tagged::Organization, id).await?,
            );
            Some((organization_input(&row.into(), owner, tags), owner))
        }
    };
    let Start {
        input,
        kept,
        before,
    } = start(actor, sent, stored)?;
    let mut p = Problems::default();
    let fields = input.check(&mut p);
    let owner = ("owner_id", input.owner_id.as_deref());
    let owner_id = users::chosen(&mut ex, actor, &mut p, owner, kept).await?;
    if !p.failed("name")
        && directory::organization_named(&mut ex, actor.account_id, &fields.name)
            .await?
            .is_some_and(|other| Some(other) != id)
    {
        p.add("name", "taken");
    }
    p.finish()?;
    let new = NewOrganization {
        name: fields.name,
        tax_id: fields.tax_id,
        phone: fields.phone,
        email: fields.email,
        address: fields.address,
        lifecycle: fields.lifecycle,
        owner_id,
        fiscal: fields.fiscal,
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
    let after = organization_input(&new, Some(owner_id), fields.tags.join(", ")).pairs();
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
    let now = actor.clock.now;
    let of = Tagged::Organization;
    tags::set(&mut ex, actor.account_id, of, saved, &fields.tags, now).await?;
    tx.commit().await?;
    Ok(saved)
}

/// The organization of the account named `name` (any case), or a new
/// one of that name owned by the caller (a prospect, noted in the
/// bitácora): a deal's form creates its customer inline. The name is
/// checked as the organization form checks it.
pub async fn organization_named_or_new(
    ex: &mut Ex<'_>,
    actor: &Actor,
    name: &str,
) -> Result<i64, AppError> {
    if let Some(id) = directory::organization_named(ex, actor.account_id, name).await? {
        return Ok(id);
    }
    actor.must_add_records()?;
    let sent = OrganizationInput {
        name: Some(name.to_string()),
        ..OrganizationInput::default()
    };
    let mut p = Problems::default();
    let fields = sent.check(&mut p);
    if p.failed("name") {
        return Err(AppError::field("organization", "too_long"));
    }
    let new = NewOrganization {
        name: fields.name,
        tax_id: None,
        phone: None,
        email: None,
        address: None,
        lifecycle: fields.lifecycle,
        owner_id: actor.user_id,
        fiscal: fields.fiscal,
    };
    let id = directory::insert_organization(ex, actor.account_id, &new, actor.clock.now).await?;
    note(ex, actor, "organization", Some(id), "created", &new.name).await?;
    Ok(id)
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
    sent: ContactInput,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let stored = match id {
        None => None,
        Some(id) => {
            let row = directory::contact(&mut ex, actor.account_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let (owner, tags) = (row.owner_id, tag_text(&mut ex, Tagged::Contact, id).await?);
            Some((contact_input(&row.into(), owner, tags), owner))
        }
    };
    let Start {
        input,
        kept,
        before,
    } = start(actor, sent, stored)?;
    let mut p = Problems::default();
    let fields = input.check(&mut p);
    let owner = ("owner_id", input.owner_id.as_deref());
    let owner_id = users::chosen(&mut ex, actor, &mut p, owner, kept).await?;
    let mut organization_id = fields.organization_id;
    if let Some(org) = organization_id
        && directory::organization(&mut ex, actor.account_id, org)
            .await?
            .is_none()
    {
        p.add("organization_id", "not_found");
    }
    if organization_id.is_none()
        && let Some(name) = &fields.organization
    {
        organization_id = directory::organization_named(&mut ex, actor.account_id, name).await?;
        if organization_id.is_none() {
            p.add("organization", "not_found");
        }
    }
    if let Some(email) = &fields.email
        && !p.failed("email")
        && directory::contact_with_email(&mut ex, actor.account_id, email)
            .await?
            .is_some_and(|other| Some(other) != id)
    {
        p.add("email", "taken");
    }
    p.finish()?;
    let new = NewContact {
        organization_id,
        name: fields.name,
        job_title: fields.job_title,
        email: fields.email,
        phone: fields.phone,
        lifecycle: fields.lifecycle,
        owner_id,
    };
    let saved = match id {
        None => directory::insert_contact(&mut ex, actor.account_id, &new, actor.clock.now).await?,
        Some(id) => {
            directory::update_contact(&mut ex, actor.account_id, id, &new, actor.clock.now).await?;
            id
        }
    };
    let after = contact_input(&new, Some(owner_id), fields.tags.join(", ")).pairs();
    note_saved(&mut ex, actor, "contact", saved, &new.name, &before, &after).await?;
    let now = actor.clock.now;
    tags::set(
        &mut ex,
        actor.account_id,
        Tagged::Contact,
        saved,
        &fields.tags,
        now,
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
    let mut p = Problems::default();
    let name = p.required_text("name", Some(name), 60);
    if !FILTER_PAGES.contains(&page) {
        p.add("page", "invalid");
    }
    let query = match checked_query(query) {
        Ok(q) => q,
        Err(_) => {
            p.add("query", "invalid");
            String::new()
        }
    };
    p.finish()?;
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
