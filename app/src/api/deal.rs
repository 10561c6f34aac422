//! One deal: its page, comments and reopening. Each function checks
//! session, plan and permissions itself (see [`crate::ssr::deals::page`]).
use crate::domain::deal::{DealInput, DealList, DealListQuery, DealPage};
use crate::error::AppError;
use leptos::prelude::*;

/// The deal with this key (`T-000123`) with its history, comments and
/// activities.
#[server(endpoint = "deal")]
pub async fn get_deal(key: String) -> Result<DealPage, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::page::page(&state.db, &actor, &key).await
}

/// Adds a comment to a deal.
#[server(endpoint = "add_comment")]
pub async fn add_comment(deal_id: i64, body: String) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::edit::comment(&state.db, &actor, deal_id, &body).await
}

/// Reopens a won or lost deal seen at `version`; returns the new version.
#[server(endpoint = "reopen_deal")]
pub async fn reopen_deal(deal_id: i64, version: i64) -> Result<i64, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::edit::reopen(&state.db, &state.live, &actor, deal_id, version).await
}

/// Creates a deal from the "Nuevo trato" form; returns its id. Every
/// refused field is named in one answer.
#[server(endpoint = "create_deal")]
pub async fn create_deal(input: DealInput) -> Result<i64, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::edit::create(&state.db, &state.live, &actor, &input).await
}

/// Applies the "Editar trato" form to a deal seen at `version`; returns the
/// new version. Every refused field is named in one answer; a stale version
/// is a conflict and changes nothing.
#[server(endpoint = "update_deal")]
pub async fn update_deal(deal_id: i64, version: i64, input: DealInput) -> Result<i64, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::edit::update(&state.db, &state.live, &actor, deal_id, version, &input).await
}

/// One page of the deals the caller may see (`/crm/tratos`).
#[server(endpoint = "list_deals")]
pub async fn list_deals(query: DealListQuery) -> Result<DealList, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::list::list(&state.db, &actor, &query).await
}
