//! The organizations (clientes) pages. Each function checks session and
//! plan itself (see [`crate::ssr::directory_page`]).
use crate::domain::directory::{OrganizationList, OrganizationPage, OrganizationQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the account's organizations (`/clientes`).
#[server(endpoint = "list_organizations")]
pub async fn list_organizations(query: OrganizationQuery) -> Result<OrganizationList, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory_page::list(&state.db, &actor, &query).await
}

/// One organization with its contacts and deals (`/clientes/{id}`).
#[server(endpoint = "get_organization")]
pub async fn get_organization(id: i64) -> Result<OrganizationPage, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory_page::page(&state.db, &actor, id).await
}
