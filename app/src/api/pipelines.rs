//! Pipelines, their stages and the lost reasons: what the board and the
//! forms offer, and Configuración, for whoever configures the pipeline. Each
//! function checks session, plan and permission itself; saving in
//! Configuración is a plain form's post (the page is shown again).
use crate::domain::settings::{LostReasonSetting, PipelineSetup};
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

/// Every lost reason of the account, retired ones too, in order.
#[server(endpoint = "lost_reason_settings")]
pub async fn lost_reason_settings() -> Result<Vec<LostReasonSetting>, AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::pipelines::db::lost_reasons;

    let (state, actor) = require(Need::CrmPerm(Permission::PipelineConfigure)).await?;
    let mut conn = state.db.read().await?;
    Ok(lost_reasons::settings(&mut conn.ex(), actor.account_id)
        .await?
        .into_iter()
        .map(|(id, label, active)| LostReasonSetting { id, label, active })
        .collect())
}

/// Adds a lost reason (no `id`), or renames one and says whether it is
/// offered (`active` present: a checked box).
#[server(endpoint = "save_lost_reason")]
pub async fn save_lost_reason(
    id: Option<i64>,
    label: String,
    active: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::CrmPerm(Permission::PipelineConfigure)).await?;
    crate::ssr::pipelines::lost_reasons::save(&state.db, &actor, id, &label, active.is_some()).await
}

/// The account's pipelines with their stages and the deals each holds.
#[server(endpoint = "pipeline_settings")]
pub async fn pipeline_settings() -> Result<PipelineSetup, AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::pipelines::db as pipelines;

    let (state, actor) = require(Need::CrmPerm(Permission::PipelineConfigure)).await?;
    let mut conn = state.db.read().await?;
    let mut ex = conn.ex();
    Ok(PipelineSetup {
        pipelines: pipelines::list(&mut ex, actor.account_id).await?,
        deal_counts: pipelines::deal_counts(&mut ex, actor.account_id).await?,
    })
}

/// Adds a pipeline (no `id`; it starts with the default stages) or
/// renames one.
#[server(endpoint = "save_pipeline")]
pub async fn save_pipeline(id: Option<i64>, name: String) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::CrmPerm(Permission::PipelineConfigure)).await?;
    crate::ssr::pipelines::edit::save_pipeline(&state.db, &actor, id, &name).await?;
    Ok(())
}

/// Makes a pipeline the one the board and the dashboard open with.
#[server(endpoint = "default_pipeline")]
pub async fn default_pipeline(id: i64) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::CrmPerm(Permission::PipelineConfigure)).await?;
    crate::ssr::pipelines::edit::make_default(&state.db, &actor, id).await
}

/// Deletes a pipeline holding no deals (never the last one).
#[server(endpoint = "delete_pipeline")]
pub async fn delete_pipeline(id: i64) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::CrmPerm(Permission::PipelineConfigure)).await?;
    crate::ssr::pipelines::edit::delete_pipeline(&state.db, &actor, id).await
}

/// Adds a stage at the end of `pipeline_id` (no `id`) or changes stage
/// `id`: name, colour, win probability, rotting days (empty: none).
#[server(endpoint = "save_stage")]
pub async fn save_stage(
    pipeline_id: Option<i64>,
    id: Option<i64>,
    name: String,
    color: String,
    probability: String,
    rotting_days: String,
) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::CrmPerm(Permission::PipelineConfigure)).await?;
    let sent = crate::ssr::pipelines::edit::StageInput {
        name: &name,
        color: &color,
        probability: &probability,
        rotting_days: &rotting_days,
    };
    crate::ssr::pipelines::edit::save_stage(&state.db, &actor, pipeline_id, id, &sent).await
}

/// Moves a stage one place `up` (earlier) or `down` in its pipeline.
#[server(endpoint = "move_stage")]
pub async fn move_stage(id: i64, direction: String) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::CrmPerm(Permission::PipelineConfigure)).await?;
    let up = match direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::field("direction", "invalid")),
    };
    crate::ssr::pipelines::edit::move_stage(&state.db, &actor, id, up).await
}

/// Deletes a stage; its deals, if any, move first to `move_to`, another
/// stage of the same pipeline (required then).
#[server(endpoint = "delete_stage")]
pub async fn delete_stage(id: i64, move_to: Option<String>) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::CrmPerm(Permission::PipelineConfigure)).await?;
    let move_to = match move_to.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => Some(
            id.parse::<i64>()
                .map_err(|_| AppError::field("move_to", "invalid"))?,
        ),
    };
    let pipeline =
        crate::ssr::pipelines::edit::delete_stage(&state.db, &actor, id, move_to).await?;
    state
        .live
        .publish(&state.db, actor.account_id, pipeline)
        .await;
    Ok(())
}
