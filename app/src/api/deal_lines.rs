//! A deal's "Productos" section: what the lines being edited come to,
//! saving them, and the catalogue's products offered as the seller types.
//! Each function checks session, plan and permissions itself (see
//! [`crate::ssr::deals::lines`]).
use crate::domain::deal_lines::{LineInput, LinesView, ProductChoice};
use crate::error::AppError;
use leptos::prelude::*;

/// What `lines` would come to on the deal `deal_id` (the server's figures,
/// as the caller writes money); nothing is stored. Every refused field is
/// named (`lines.2.quantity`) in one answer.
#[server(endpoint = "preview_deal_lines")]
pub async fn preview_deal_lines(
    deal_id: i64,
    // An empty list travels as no field at all.
    #[server(default)] lines: Vec<LineInput>,
    value_from_lines: bool,
) -> Result<LinesView, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::lines::preview(&state.db, &actor, deal_id, &lines, value_from_lines).await
}

/// Saves `lines` as the lines of the deal seen at `version`, its value
/// following their subtotal when `value_from_lines`; returns its version.
#[server(endpoint = "save_deal_lines")]
pub async fn save_deal_lines(
    deal_id: i64,
    version: i64,
    #[server(default)] lines: Vec<LineInput>,
    value_from_lines: bool,
) -> Result<i64, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::lines::save(
        &state.db,
        &state.live,
        &actor,
        deal_id,
        version,
        &lines,
        value_from_lines,
    )
    .await
}

/// Up to 8 active products whose SKU or name has every word of `q`, priced
/// for a deal in `currency`.
#[server(endpoint = "suggest_products")]
pub async fn suggest_products(q: String, currency: String) -> Result<Vec<ProductChoice>, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::lines::suggest_products(&state.db, &actor, &q, &currency).await
}
