//! `GET/POST /api/v1/organizations` and `GET/POST /api/v1/contacts`: the
//! account's organizations and contacts, a page at a time (`limit`,
//! `cursor`), with an optional text (`q`: name, or a contact's email), and
//! `GET/PATCH/DELETE` of each by id. Writes go through the checks the
//! pages' forms use ([`app::ssr::directory::edit`]): a PATCH changes only the
//! fields it sends.
use super::body::Fields;
use super::{ApiError, Page, actor, next_cursor, paging, search_words};
use app::error::AppError;
use app::ssr::auth::guard::{Actor, Need};
use app::ssr::db::Ex;
use app::ssr::directory::db::tags::{self, Tagged};
use app::ssr::directory::db::{self as directory, ContactRow, OrganizationRow};
use app::ssr::directory::edit as directory_edit;
use app::ssr::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use http::HeaderMap;
use http::StatusCode;
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/organizations",
            get(organizations).post(create_organization),
        )
        .route(
            "/organizations/{id}",
            get(one_organization)
                .patch(update_organization)
                .delete(delete_organization),
        )
        .route("/contacts", get(contacts).post(create_contact))
        .route(
            "/contacts/{id}",
            get(one_contact)
                .patch(update_contact)
                .delete(delete_contact),
        )
}

/// A record as REST answers it: its fields and its tags (by name).
#[derive(Serialize)]
struct WithTags<T> {
    #[serde(flatten)]
    record: T,
    tags: Vec<String>,
}

/// Each record with its tags; `id` tells a record's id.
async fn with_tags<T>(
    ex: &mut Ex<'_>,
    of: Tagged,
    records: Vec<T>,
    id: impl Fn(&T) -> i64,
) -> Result<Vec<WithTags<T>>, AppError> {
    let ids: Vec<i64> = records.iter().map(&id).collect();
    let tagged = tags::of_records(ex, of, &ids).await?;
    Ok(records
        .into_iter()
        .map(|record| {
            let own = id(&record);
            let tags = tagged
                .iter()
                .filter(|(r, _)| *r == own)
                .map(|(_, name)| name.clone())
                .collect();
            WithTags { record, tags }
        })
        .collect())
}

/// Query string of both lists.
#[derive(Deserialize)]
struct Params {
    q: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// The searched words, the cursor and the page size asked for; text
/// without a word of three characters or more is refused.
fn read_params(
    params: Result<Query<Params>, QueryRejection>,
) -> Result<(Option<Vec<String>>, i64, i64), ApiError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut problems = vec![];
    let (after, limit) = paging(p.limit.as_deref(), p.cursor.as_deref(), &mut problems);
    let words = search_words(p.q.as_deref(), &mut problems);
    if !problems.is_empty() {
        return Err(AppError::Validation(problems).into());
    }
    Ok((words, after, limit))
}

async fn organizations(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Page<WithTags<OrganizationRow>>>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let (words, after, limit) = read_params(params)?;
    let mut conn = state.db.read().await?;
    let mut ex = conn.ex();
    let rows =
        directory::organizations(&mut ex, actor.account_id, words.as_deref(), after, limit).await?;
    let next = next_cursor(&rows, limit, |o| o.id);
    let items = with_tags(&mut ex, Tagged::Organization, rows, |o| o.id).await?;
    Ok(Json(Page { items, next }))
}

async fn contacts(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Page<WithTags<ContactRow>>>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let (words, after, limit) = read_params(params)?;
    let mut conn = state.db.read().await?;
    let mut ex = conn.ex();
    let rows =
        directory::contacts(&mut ex, actor.account_id, words.as_deref(), after, limit).await?;
    let next = next_cursor(&rows, limit, |c| c.id);
    let items = with_tags(&mut ex, Tagged::Contact, rows, |c| c.id).await?;
    Ok(Json(Page { items, next }))
}

/// The body fields that are whole numbers (ids).
const ORGANIZATION_INTEGERS: &[&str] = &["owner_id"];
const CONTACT_INTEGERS: &[&str] = &["owner_id", "organization_id"];

/// The id in the path (anything but a number: not found).
fn path_id(id: &str) -> Result<i64, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

type OrganizationJson = Json<WithTags<OrganizationRow>>;
type ContactJson = Json<WithTags<ContactRow>>;

async fn organization_json(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<OrganizationJson, ApiError> {
    let mut conn = state.db.read().await?;
    let mut ex = conn.ex();
    let row = directory::organization(&mut ex, actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut one = with_tags(&mut ex, Tagged::Organization, vec![row], |o| o.id).await?;
    Ok(Json(one.pop().ok_or(AppError::NotFound)?))
}

async fn contact_json(state: &AppState, actor: &Actor, id: i64) -> Result<ContactJson, ApiError> {
    let mut conn = state.db.read().await?;
    let mut ex = conn.ex();
    let row = directory::contact(&mut ex, actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut one = with_tags(&mut ex, Tagged::Contact, vec![row], |c| c.id).await?;
    Ok(Json(one.pop().ok_or(AppError::NotFound)?))
}

async fn create_organization(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, OrganizationJson), ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let sent = Fields::parse(body)?.strings(ORGANIZATION_INTEGERS)?;
    let id = directory_edit::save_organization(&state.db, &actor, None, sent).await?;
    Ok((
        StatusCode::CREATED,
        organization_json(&state, &actor, id).await?,
    ))
}

async fn update_organization(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<OrganizationJson, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id = path_id(&id)?;
    let sent = Fields::parse(body)?.strings(ORGANIZATION_INTEGERS)?;
    directory_edit::save_organization(&state.db, &actor, Some(id), sent).await?;
    organization_json(&state, &actor, id).await
}

async fn delete_organization(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    directory_edit::delete_organization(&state.db, &actor, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn create_contact(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, ContactJson), ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let sent = Fields::parse(body)?.strings(CONTACT_INTEGERS)?;
    let id = directory_edit::save_contact(&state.db, &actor, None, sent).await?;
    Ok((StatusCode::CREATED, contact_json(&state, &actor, id).await?))
}

async fn update_contact(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<ContactJson, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id = path_id(&id)?;
    let sent = Fields::parse(body)?.strings(CONTACT_INTEGERS)?;
    directory_edit::save_contact(&state.db, &actor, Some(id), sent).await?;
    contact_json(&state, &actor, id).await
}

async fn delete_contact(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    directory_edit::delete_contact(&state.db, &actor, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn one_organization(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<OrganizationJson, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    organization_json(&state, &actor, path_id(&id)?).await
}

async fn one_contact(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<ContactJson, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    contact_json(&state, &actor, path_id(&id)?).await
}
