//! The product catalogue's pages (`/crm/productos`). Each function checks
//! session and plan itself; the writes go through the one record form
//! ([`crate::api::records`]).
use crate::domain::products::{ProductList, ProductPage, ProductQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the catalogue.
#[server(endpoint = "list_products")]
pub async fn list_products(query: ProductQuery) -> Result<ProductList, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::products::page::list(&state.db, &actor, &query).await
}

/// One product with its history (`/crm/productos/{id}`).
#[server(endpoint = "get_product")]
pub async fn get_product(id: i64) -> Result<ProductPage, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::products::page::product_page(&state.db, &actor, id).await
}
