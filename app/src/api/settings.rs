//! Configuración: the account's lost reasons, for whoever configures the
//! pipeline. Each function checks session, plan and permission itself;
//! saving is a plain form's post (the page is shown again).
use crate::domain::settings::LostReasonSetting;
use crate::error::AppError;
use leptos::prelude::*;

/// Every lost reason of the account, retired ones too, in order.
#[server(endpoint = "lost_reason_settings")]
pub async fn lost_reason_settings() -> Result<Vec<LostReasonSetting>, AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::db::lost_reasons;

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
    crate::ssr::lost_reason_edit::save(&state.db, &actor, id, &label, active.is_some()).await
}
