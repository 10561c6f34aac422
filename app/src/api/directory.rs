//! The organizations (clientes) and contacts pages and their saved filters.
//! Each function checks session and plan itself (see
//! [`crate::ssr::directory`]).
use crate::domain::directory::{
    ContactList, ContactPage, DirectoryQuery, OrganizationList, OrganizationPage,
};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the account's organizations (`/clientes`).
#[server(endpoint = "list_organizations")]
pub async fn list_organizations(query: DirectoryQuery) -> Result<OrganizationList, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory::page::list(&state.db, &actor, &query).await
}

/// One organization with its contacts and deals (`/clientes/{id}`).
#[server(endpoint = "get_organization")]
pub async fn get_organization(id: i64) -> Result<OrganizationPage, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory::page::organization_page(&state.db, &actor, id).await
}

/// One page of the account's contacts (`/contactos`).
#[server(endpoint = "list_contacts")]
pub async fn list_contacts(query: DirectoryQuery) -> Result<ContactList, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory::page::list(&state.db, &actor, &query).await
}

/// One contact with its deals (`/contactos/{id}`).
#[server(endpoint = "get_contact")]
pub async fn get_contact(id: i64) -> Result<ContactPage, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory::page::contact_page(&state.db, &actor, id).await
}

/// Saves the filters of a list page (`clientes`, `contactos`) under a name.
#[server(endpoint = "save_filter")]
pub async fn save_filter(page: String, name: String, query: String) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory::edit::save_filter(&state.db, &actor, &page, &name, &query).await
}

/// Deletes one of the caller's saved filters.
#[server(endpoint = "delete_filter")]
pub async fn delete_filter(id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory::edit::delete_filter(&state.db, &actor, id).await
}

/// The names of up to 8 organizations whose name or RFC has every word of
/// `q` (words of 3 characters or more): the deal form's search as you type.
#[server(endpoint = "suggest_organizations")]
pub async fn suggest_organizations(q: String) -> Result<Vec<String>, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory::page::suggest_organizations(&state.db, &actor, &q).await
}

/// The contacts of the organization named `name` (any case): (id, name),
/// what the deal form offers once its organization is chosen.
#[server(endpoint = "organization_contacts")]
pub async fn organization_contacts(name: String) -> Result<Vec<(i64, String)>, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory::page::contacts_of_named(&state.db, &actor, &name).await
}
