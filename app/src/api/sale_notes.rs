//! Notas de venta: one note's page, and issuing one from an accepted quote
//! or a won deal's lines (plain form posts, after which the browser goes
//! to the note). Each function checks session, plan and permissions itself
//! (see [`crate::ssr::sale_notes::edit`]).
use crate::domain::sale_notes::SaleNotePage;
use crate::error::AppError;
use leptos::prelude::*;

/// One note's page (`/crm/notas/{id}`).
#[server(endpoint = "get_sale_note")]
pub async fn get_sale_note(id: i64) -> Result<SaleNotePage, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::sale_notes::page::note_page(&state.db, &actor, id).await
}

/// Issues the nota de venta of the accepted quote `quote_id`.
#[server(endpoint = "sale_note_from_quote")]
pub async fn sale_note_from_quote(quote_id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    let id = crate::ssr::sale_notes::edit::from_quote(&state.db, &actor, quote_id).await?;
    leptos_axum::redirect(&format!("/crm/notas/{id}"));
    Ok(())
}

/// Issues the nota de venta of the won deal `deal_id`'s lines.
#[server(endpoint = "sale_note_from_deal")]
pub async fn sale_note_from_deal(deal_id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    let id = crate::ssr::sale_notes::edit::from_deal(&state.db, &actor, deal_id).await?;
    leptos_axum::redirect(&format!("/crm/notas/{id}"));
    Ok(())
}
