//! Pipelines and stages (CRM module).
use crate::error::AppError;
use crate::model::PipelineView;
use leptos::prelude::*;

/// Every pipeline of the caller's account with its stages.
#[server(endpoint = "list_pipelines")]
pub async fn list_pipelines() -> Result<Vec<PipelineView>, AppError> {
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::pipelines::db as pipelines;

    let (state, actor) = require(Need::Crm).await?;
    let mut conn = state.db.read().await?;
    pipelines::list(&mut conn.ex(), actor.account_id).await
}

/// One pipeline of the caller's account; any other id is not found.
#[server(endpoint = "get_pipeline")]
pub async fn get_pipeline(id: i64) -> Result<PipelineView, AppError> {
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::pipelines::db as pipelines;

    let (state, actor) = require(Need::Crm).await?;
    let mut conn = state.db.read().await?;
    pipelines::get(&mut conn.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)
}
