//! `GET /api/v1/pipelines` (with their stages), `/users`, `/lost-reasons`
//! and `/dashboard`: what a client needs to know about the account to work
//! its deals, and the Resumen figures.
use super::extract::{Authed, Crm, Id, Params, ViewDashboard};
use super::{ApiResult, Page};
use app::domain::dashboard::DashboardSummary;
use app::error::{AppError, Problems};
use app::model::{PipelineView, UserView};
use app::ssr::dashboard;
use app::ssr::pipelines::db as pipelines;
use app::ssr::pipelines::db::lost_reasons;
use app::ssr::state::AppState;
use app::ssr::users::db as users;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_pipelines))
        .routes(routes!(get_pipeline))
        .routes(routes!(list_users))
        .routes(routes!(list_lost_reasons))
        .routes(routes!(get_dashboard))
}

/// Pipelines with their stages
#[utoipa::path(get, path = "/pipelines", responses((status = 200, body = Page<PipelineView>)))]
async fn list_pipelines(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
) -> ApiResult<Page<PipelineView>> {
    let mut conn = state.db.read().await?;
    Ok(Json(Page::all(
        pipelines::list(&mut conn.ex(), actor.account_id).await?,
    )))
}

/// One pipeline with its stages
#[utoipa::path(get, path = "/pipelines/{id}", params(Id),
    responses((status = 200, body = PipelineView), (status = 404)))]
async fn get_pipeline(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<PipelineView> {
    let mut conn = state.db.read().await?;
    Ok(Json(
        pipelines::get(&mut conn.ex(), actor.account_id, id)
            .await?
            .ok_or(AppError::NotFound)?,
    ))
}

/// Users of the account
#[utoipa::path(get, path = "/users", responses((status = 200, body = Page<UserView>)))]
async fn list_users(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
) -> ApiResult<Page<UserView>> {
    let mut conn = state.db.read().await?;
    Ok(Json(Page::all(
        users::list(&mut conn.ex(), actor.account_id).await?,
    )))
}

/// A lost reason of the account.
#[derive(Serialize, ToSchema)]
struct LostReason {
    id: i64,
    label: String,
}

/// Active lost reasons
#[utoipa::path(get, path = "/lost-reasons", responses((status = 200, body = Page<LostReason>)))]
async fn list_lost_reasons(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
) -> ApiResult<Page<LostReason>> {
    let mut conn = state.db.read().await?;
    let reasons = lost_reasons::list(&mut conn.ex(), actor.account_id)
        .await?
        .into_iter()
        .map(|(id, label)| LostReason { id, label })
        .collect();
    Ok(Json(Page::all(reasons)))
}

/// Query string of `GET /api/v1/dashboard`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct DashboardParams {
    /// Last day of the window (default: today in the account's time zone).
    #[param(value_type = Option<chrono::NaiveDate>)]
    as_of: Option<String>,
    /// Pipeline of the funnel (default: the main one).
    #[param(value_type = Option<i64>, minimum = 0)]
    pipeline_id: Option<String>,
}

/// The seven widgets of CRM > Resumen
#[utoipa::path(get, path = "/dashboard", params(DashboardParams),
    responses((status = 200, body = DashboardSummary), (status = 400), (status = 404), (status = 422)))]
async fn get_dashboard(
    Authed(actor, ..): Authed<ViewDashboard>,
    State(state): State<AppState>,
    Params(params): Params<DashboardParams>,
) -> ApiResult<DashboardSummary> {
    // The page's form may send an empty value for "today"; the API may not.
    let mut problems = Problems::default();
    for (name, value) in [
        ("as_of", &params.as_of),
        ("pipeline_id", &params.pipeline_id),
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            problems.add(name, "invalid");
        }
    }
    problems.finish()?;
    let query = dashboard::query_for(
        &actor,
        params.as_of.as_deref(),
        params.pipeline_id.as_deref(),
    )?;
    Ok(Json(dashboard::summary(&state.db, &query).await?))
}
