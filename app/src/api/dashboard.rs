//! CRM > Resumen.
use crate::domain::dashboard::DashboardView;
use crate::domain::locale::UiLocale;
use crate::error::AppError;
use leptos::prelude::*;

/// The seven widgets for the caller's account and their charts, labelled in
/// `locale` (by default the user's language). Needs the CRM plan and
/// `crm.dashboard.view`; without `crm.deals.view_all` only the caller's own
/// deals count. `as_of` is `YYYY-MM-DD`, by default today.
#[server(endpoint = "dashboard")]
pub async fn get_dashboard(
    as_of: Option<String>,
    pipeline_id: Option<String>,
    locale: Option<UiLocale>,
) -> Result<DashboardView, AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::charts;
    use crate::ssr::dashboard;

    let (state, actor) = require(Need::CrmPerm(Permission::DashboardView)).await?;
    let query = dashboard::query_for(&actor, as_of.as_deref(), pipeline_id.as_deref())?;
    let summary = dashboard::summary(&state.db, &query).await?;
    let locale = locale.unwrap_or_else(|| actor.locale());
    let (charts, texts) = charts::dashboard(&summary, locale)?;
    Ok(DashboardView {
        summary,
        charts,
        texts,
    })
}
