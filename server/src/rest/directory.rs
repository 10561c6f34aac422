//! `GET/POST /api/v1/organizations` and `GET/POST /api/v1/contacts`: the
//! account's organizations and contacts, a page at a time (`limit`,
//! `cursor`), with an optional text (`q`: name, or a contact's email); new
//! ones with every field checked (name, email, phone, Mexican RFC,
//! lifecycle, owner).
use super::body::Fields;
use super::{ApiError, Page, actor, next_cursor, paging};
use app::domain::permission::Permission;
use app::domain::validate::{
    is_valid_email, is_valid_phone, is_valid_rfc, normalize_email, normalize_rfc,
};
use app::error::AppError;
use app::ssr::auth::guard::{Actor, Need};
use app::ssr::db::board::like_pattern;
use app::ssr::db::directory::{self, ContactRow, OrganizationRow};
use app::ssr::db::directory::{NewContact, NewOrganization};
use app::ssr::db::users;
use app::ssr::now_ms;
use app::ssr::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use http::HeaderMap;
use http::StatusCode;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/organizations",
            get(organizations).post(create_organization),
        )
        .route("/organizations/{id}", get(one_organization))
        .route("/contacts", get(contacts).post(create_contact))
        .route("/contacts/{id}", get(one_contact))
}

/// Query string of both lists.
#[derive(Deserialize)]
struct Params {
    q: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// The text pattern, the cursor and the page size asked for.
fn read_params(
    params: Result<Query<Params>, QueryRejection>,
) -> Result<(Option<String>, i64, i64), ApiError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut problems = vec![];
    let (after, limit) = paging(p.limit.as_deref(), p.cursor.as_deref(), &mut problems);
    let q =
        p.q.map(|q| q.trim().to_lowercase())
            .filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        problems.push(app::error::FieldError {
            field: "q".into(),
            code: "too_long".into(),
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Validation(problems).into());
    }
    Ok((q.map(|q| like_pattern(&q)), after, limit))
}

async fn organizations(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Page<OrganizationRow>>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let (pattern, after, limit) = read_params(params)?;
    let mut conn = state.db.read().await?;
    let items = directory::organizations(
        &mut conn.ex(),
        actor.account_id,
        pattern.as_deref(),
        after,
        limit,
    )
    .await?;
    let next = next_cursor(&items, limit, |o| o.id);
    Ok(Json(Page { items, next }))
}

async fn contacts(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Page<ContactRow>>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let (pattern, after, limit) = read_params(params)?;
    let mut conn = state.db.read().await?;
    let items = directory::contacts(
        &mut conn.ex(),
        actor.account_id,
        pattern.as_deref(),
        after,
        limit,
    )
    .await?;
    let next = next_cursor(&items, limit, |c| c.id);
    Ok(Json(Page { items, next }))
}

const LIFECYCLES: [&str; 3] = ["prospecto", "cliente_potencial", "cliente"];

/// What organizations and contacts share: name, email, phone, lifecycle
/// and owner (an active user; another than the caller needs
/// `crm.deals.edit_all`).
struct Person {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    lifecycle: String,
    owner_id: i64,
}

async fn person(state: &AppState, actor: &Actor, f: &mut Fields) -> Result<Person, ApiError> {
    if !(actor.can(Permission::DealsEditOwn) || actor.can(Permission::DealsEditAll)) {
        return Err(AppError::Forbidden.into());
    }
    let name = f.text("name").map(|n| n.trim().to_string());
    match &name {
        None => {
            f.required::<()>("name", None);
        }
        Some(n) if n.is_empty() || n.chars().count() > 200 => f.problem("name", "length"),
        Some(_) => {}
    }
    let email = f.optional_text("email", 254).map(|e| normalize_email(&e));
    if email.as_deref().is_some_and(|e| !is_valid_email(e)) {
        f.problem("email", "invalid_email");
    }
    let phone = f.optional_text("phone", 40);
    if phone.as_deref().is_some_and(|p| !is_valid_phone(p)) {
        f.problem("phone", "invalid_phone");
    }
    let lifecycle = f.text("lifecycle").unwrap_or_else(|| "prospecto".into());
    if !LIFECYCLES.contains(&lifecycle.as_str()) {
        f.problem("lifecycle", "invalid");
    }
    let owner_id = f.int("owner_id").unwrap_or(actor.user_id);
    if owner_id != actor.user_id {
        let mut conn = state.db.read().await?;
        let active = users::active_names(&mut conn.ex(), actor.account_id).await?;
        if !active.iter().any(|(id, _)| *id == owner_id) {
            f.problem("owner_id", "not_found");
        } else if !actor.can(Permission::DealsEditAll) {
            f.problem("owner_id", "not_allowed");
        }
    }
    Ok(Person {
        name: name.unwrap_or_default(),
        email,
        phone,
        lifecycle,
        owner_id,
    })
}

async fn create_organization(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<OrganizationRow>), ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let mut f = Fields::parse(body)?;
    let p = person(&state, &actor, &mut f).await?;
    let tax_id = f.optional_text("tax_id", 13).map(|t| normalize_rfc(&t));
    if tax_id.as_deref().is_some_and(|t| !is_valid_rfc(t)) {
        f.problem("tax_id", "invalid_rfc");
    }
    let address = f.optional_text("address", 500);
    f.finish()?;
    let new = NewOrganization {
        name: p.name,
        tax_id,
        phone: p.phone,
        email: p.email,
        address,
        lifecycle: p.lifecycle,
        owner_id: p.owner_id,
    };
    let mut tx = state.db.begin().await?;
    let id = directory::insert_organization(&mut tx.ex(), actor.account_id, &new, now_ms()).await?;
    let row = directory::organization(&mut tx.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::Internal)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(row)))
}

async fn create_contact(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<ContactRow>), ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let mut f = Fields::parse(body)?;
    let p = person(&state, &actor, &mut f).await?;
    let organization_id = f.int("organization_id");
    let job_title = f.optional_text("job_title", 100);
    f.finish()?;
    let new = NewContact {
        organization_id,
        name: p.name,
        job_title,
        email: p.email,
        phone: p.phone,
        lifecycle: p.lifecycle,
        owner_id: p.owner_id,
    };
    let mut tx = state.db.begin().await?;
    let id = directory::insert_contact(&mut tx.ex(), actor.account_id, &new, now_ms()).await?;
    let row = directory::contact(&mut tx.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::Internal)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(row)))
}

async fn one_organization(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<OrganizationRow>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = state.db.read().await?;
    let row = directory::organization(&mut conn.ex(), actor.account_id, id).await?;
    Ok(Json(row.ok_or(AppError::NotFound)?))
}

async fn one_contact(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ContactRow>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = state.db.read().await?;
    let row = directory::contact(&mut conn.ex(), actor.account_id, id).await?;
    Ok(Json(row.ok_or(AppError::NotFound)?))
}
