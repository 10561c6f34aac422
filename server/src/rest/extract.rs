//! The extractors every REST handler starts with: [`Authed`], the caller
//! authorised through [`app::ssr::auth::guard::authorize`] for what the
//! handler needs (named by a type: [`Crm`], [`ViewDashboard`],
//! [`EditAllDeals`], [`ConfigurePipeline`]), and [`Id`], a record id from the path (anything but a
//! number is a record that does not exist: 404, like a foreign one) and
//! [`Params`], a query string (one that cannot be read is a 400).
use super::ApiError;
use app::domain::permission::Permission;
use app::error::AppError;
use app::ssr::auth::credential;
use app::ssr::auth::guard::{Actor, Need, authorize};
use app::ssr::state::AppState;
use axum::extract::{FromRequestParts, Path, Query};
use http::request::Parts;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// What a handler needs from its caller, as a type.
pub trait Requirement {
    const NEED: Need;
}

/// The CRM module, any role.
pub struct Crm;

impl Requirement for Crm {
    const NEED: Need = Need::Crm;
}

/// The CRM module and `crm.dashboard.view`.
pub struct ViewDashboard;

impl Requirement for ViewDashboard {
    const NEED: Need = Need::CrmPerm(Permission::DashboardView);
}

/// The CRM module and `crm.deals.edit_all` (the imports).
pub struct EditAllDeals;

impl Requirement for EditAllDeals {
    const NEED: Need = Need::CrmPerm(Permission::DealsEditAll);
}

/// The CRM module and `crm.pipeline.configure` (the catalogue's import).
pub struct ConfigurePipeline;

impl Requirement for ConfigurePipeline {
    const NEED: Need = Need::CrmPerm(Permission::PipelineConfigure);
}

/// The caller (session cookie or bearer token), holding `R`.
pub struct Authed<R>(pub Actor, pub PhantomData<R>);

impl<R: Requirement> FromRequestParts<AppState> for Authed<R> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let cred = credential::from_headers(&parts.headers);
        Ok(Authed(authorize(state, cred, R::NEED).await?, PhantomData))
    }
}

/// The `{id}` of the path.
#[derive(utoipa::IntoParams)]
#[into_params(names("id"), parameter_in = Path)]
pub struct Id(#[param(minimum = 1)] pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        Ok(Id(raw.parse().map_err(|_| AppError::NotFound)?))
    }
}

/// The query string read into `T` (whose fields are all optional text:
/// the handler checks them and names every wrong one).
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Query(params) = Query::<T>::from_request_parts(parts, state)
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        Ok(Params(params))
    }
}
