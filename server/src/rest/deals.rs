//! `/api/v1/deals`: list (filters, cursor), get, create, update (with
//! `version`), delete, move, won, lost, reopen and history. The writes are
//! the same operations the board and the deal page use, so they check the
//! same things and keep history, aggregates and open boards up to date.
use super::body::Fields;
use super::{ApiError, Page, actor, iso, next_cursor, paging, search_words};
use app::domain::board::BoardQuery;
use app::domain::deal::DealInput;
use app::domain::money::from_minor;
use app::error::AppError;
use app::ssr::auth::guard::{Actor, Need};
use app::ssr::deals::board::{self as board, CardDrop};
use app::ssr::deals::db as deals;
use app::ssr::deals::db::api::{self as deal_api, ApiDealFilter, ApiDealRow};
use app::ssr::deals::db::page as deal_page;
use app::ssr::deals::edit as deal_edit;
use app::ssr::pipelines::db::lost_reasons;
use app::ssr::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/deals", get(list).post(create))
        .route("/deals/{id}", get(one).patch(update).delete(remove))
        .route("/deals/{id}/move", post(move_deal))
        .route("/deals/{id}/won", post(won))
        .route("/deals/{id}/lost", post(lost))
        .route("/deals/{id}/reopen", post(reopen))
        .route("/deals/{id}/history", get(history))
}

/// The deal as the API shows it; money as a decimal string.
fn deal_json(d: &ApiDealRow) -> Value {
    json!({
        "id": d.id,
        "key": d.key,
        "title": d.title,
        "value": from_minor(d.value_minor).to_string(),
        "currency": d.currency,
        "exchange_rate": d.exchange_rate,
        "pipeline_id": d.pipeline_id,
        "stage_id": d.stage_id,
        "position": d.position,
        "status": d.status,
        "owner_id": d.owner_id,
        "organization_id": d.organization_id,
        "contact_id": d.contact_id,
        "expected_close_date": d.expected_close_date,
        "created_at": iso(Some(d.created_at)),
        "updated_at": iso(Some(d.updated_at)),
        "won_at": iso(d.won_at),
        "lost_at": iso(d.lost_at),
        "lost_reason_id": d.lost_reason_id,
        "lost_reason": d.lost_reason,
        "lost_note": d.lost_note,
        "version": d.version,
    })
}

/// An id from the path; anything else is a deal that does not exist.
fn deal_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| AppError::NotFound.into())
}

/// The deal with `id` as the caller may see it (another account's: 404;
/// another seller's, for a role that sees only its own: 403).
async fn read(state: &AppState, actor: &Actor, id: i64) -> Result<ApiDealRow, ApiError> {
    let mut conn = state.db.read().await?;
    let row = deal_api::get(&mut conn.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.may_see_deal(row.owner_id) {
        return Err(AppError::Forbidden.into());
    }
    Ok(row)
}

async fn one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    Ok(Json(deal_json(&read(&state, &actor, deal_id(&id)?).await?)))
}

/// Query string of `GET /api/v1/deals` (and of the export).
#[derive(Deserialize)]
pub(super) struct ListParams {
    /// Words in the title, key or organization, as on `/crm/tratos`.
    q: Option<String>,
    status: Option<String>,
    owner_id: Option<String>,
    pipeline_id: Option<String>,
    stage_id: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// The deals a list or an export asks for, as the caller may see them;
/// every wrong value of the query string is named.
pub(super) fn filter_from(p: &ListParams, actor: &Actor) -> Result<ApiDealFilter, ApiError> {
    let mut problems = vec![];
    let mut id = |name: &str, raw: &Option<String>| -> Option<i64> {
        let raw = raw.as_deref()?;
        let parsed = raw.parse::<i64>().ok().filter(|n| *n >= 0);
        if parsed.is_none() {
            problems.push(app::error::FieldError {
                field: name.into(),
                code: "invalid".into(),
            });
        }
        parsed
    };
    let owner_id = id("owner_id", &p.owner_id);
    let pipeline_id = id("pipeline_id", &p.pipeline_id);
    let stage_id = id("stage_id", &p.stage_id);
    let (after_id, limit) = paging(p.limit.as_deref(), p.cursor.as_deref(), &mut problems);
    let search = search_words(p.q.as_deref(), &mut problems);
    let status = p
        .status
        .as_deref()
        .and_then(|s| s.parse::<app::domain::deal_status::DealStatus>().ok());
    if p.status.is_some() && status.is_none() {
        problems.push(app::error::FieldError {
            field: "status".into(),
            code: "invalid".into(),
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Validation(problems).into());
    }
    Ok(ApiDealFilter {
        account_id: actor.account_id,
        // A role that sees only its own deals lists only those.
        owner_id: actor.own_deals_only().or(owner_id),
        status,
        pipeline_id,
        stage_id,
        search,
        after_id,
        until_id: None,
        limit,
    })
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<Page<Value>>, ApiError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let actor = actor(&state, &headers, Need::Crm).await?;
    let filter = filter_from(&p, &actor)?;
    let limit = filter.limit;
    let mut conn = state.db.read().await?;
    let rows = deal_api::page(&mut conn.ex(), &filter).await?;
    let next = next_cursor(&rows, limit, |r| r.id);
    Ok(Json(Page {
        items: rows.iter().map(deal_json).collect(),
        next,
    }))
}

/// The form fields a create or an update carries, over `base`.
fn input(f: &mut Fields, base: DealInput) -> DealInput {
    let title = f.text("title");
    let value = f.text("value");
    let currency = f.text("currency");
    let rate = f.text("exchange_rate");
    let stage = f.int("stage_id");
    let owner = f.int("owner_id");
    let close = if f.has("expected_close_date") {
        Some(f.text("expected_close_date").unwrap_or_default())
    } else {
        None
    };
    let currency_changed = currency.as_ref().is_some_and(|c| *c != base.currency);
    DealInput {
        title: title.unwrap_or(base.title),
        value: value.unwrap_or(base.value),
        exchange_rate: rate.unwrap_or(if currency_changed {
            String::new()
        } else {
            base.exchange_rate
        }),
        currency: currency.unwrap_or(base.currency),
        stage_id: stage.map_or(base.stage_id, |s| s.to_string()),
        owner_id: owner.map_or(base.owner_id, |o| o.to_string()),
        expected_close_date: close.unwrap_or(base.expected_close_date),
    }
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let mut f = Fields::parse(body)?;
    for name in ["title", "value", "stage_id"] {
        if !f.has(name) {
            f.required::<()>(name, None);
        }
    }
    let input = input(&mut f, DealInput::default());
    f.finish()?;
    let id = deal_edit::create(&state.db, &state.live, &actor, &input).await?;
    let row = read(&state, &actor, id).await?;
    Ok((StatusCode::CREATED, Json(deal_json(&row))))
}

async fn update(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id = deal_id(&id)?;
    let mut f = Fields::parse(body)?;
    let version = f.required_int("version");
    let now = read(&state, &actor, id).await?;
    let base = DealInput {
        title: now.title.clone(),
        value: from_minor(now.value_minor).to_string(),
        currency: now.currency.clone(),
        exchange_rate: now.exchange_rate.clone(),
        stage_id: now.stage_id.to_string(),
        owner_id: now.owner_id.to_string(),
        expected_close_date: now.expected_close_date.clone().unwrap_or_default(),
    };
    let input = input(&mut f, base);
    f.finish()?;
    let version = version.unwrap_or_default();
    deal_edit::update(&state.db, &state.live, &actor, id, version, &input).await?;
    Ok(Json(deal_json(&read(&state, &actor, id).await?)))
}

/// Query string of `DELETE /api/v1/deals/{id}`.
#[derive(Deserialize)]
struct VersionParam {
    version: Option<String>,
}

async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    params: Result<Query<VersionParam>, QueryRejection>,
) -> Result<StatusCode, ApiError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id = deal_id(&id)?;
    let version = p
        .version
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| AppError::field("version", "required"))?;
    deal_edit::remove(&state.db, &state.live, &actor, id, version).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moves, wins or loses a deal through the board's operation, then shows it.
async fn close_or_move(
    state: &AppState,
    actor: &Actor,
    id: i64,
    version: i64,
    drop: CardDrop,
) -> Result<Json<Value>, ApiError> {
    // The deal first: another account's is not found, whatever the body says.
    let deal = read(state, actor, id).await?;
    // The board of the target stage's pipeline; to close it, the deal's own.
    let pipeline = match &drop {
        CardDrop::Stage { stage_id, .. } => {
            let mut conn = state.db.read().await?;
            deals::stage_pipeline(&mut conn.ex(), actor.account_id, *stage_id).await?
        }
        _ => deal.pipeline_id,
    };
    let query = BoardQuery {
        pipeline: Some(pipeline),
        ..BoardQuery::default()
    };
    board::move_deal(&state.db, &state.live, actor, &query, id, version, &drop).await?;
    Ok(Json(deal_json(&read(state, actor, id).await?)))
}

async fn move_deal(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id = deal_id(&id)?;
    let mut f = Fields::parse(body)?;
    let stage_id = f.required_int("stage_id");
    let version = f.required_int("version");
    let position = f.number("position");
    f.finish()?;
    let (Some(stage_id), Some(version)) = (stage_id, version) else {
        return Err(AppError::Internal.into());
    };
    let drop = CardDrop::Stage {
        stage_id,
        above: None,
        below: None,
        position,
    };
    close_or_move(&state, &actor, id, version, drop).await
}

async fn won(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id = deal_id(&id)?;
    let mut f = Fields::parse(body)?;
    let version = f.required_int("version");
    f.finish()?;
    let version = version.unwrap_or_default();
    close_or_move(&state, &actor, id, version, CardDrop::Won).await
}

async fn lost(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id = deal_id(&id)?;
    let mut f = Fields::parse(body)?;
    let version = f.required_int("version");
    let reason_id = f.int("lost_reason_id");
    let label = f.text("lost_reason");
    let note = f.text("note");
    if reason_id.is_none() && label.is_none() {
        f.required::<()>("lost_reason_id", None);
    }
    f.finish()?;
    let reason_id = match (reason_id, label) {
        (Some(id), _) => id,
        (None, Some(label)) => {
            let mut conn = state.db.read().await?;
            let reasons: HashMap<String, i64> =
                lost_reasons::list(&mut conn.ex(), actor.account_id)
                    .await?
                    .into_iter()
                    .map(|(id, l)| (l.to_lowercase(), id))
                    .collect();
            *reasons
                .get(&label.trim().to_lowercase())
                .ok_or_else(|| AppError::field("lost_reason", "not_found"))?
        }
        (None, None) => return Err(AppError::Internal.into()),
    };
    let version = version.unwrap_or_default();
    close_or_move(
        &state,
        &actor,
        id,
        version,
        CardDrop::Lost { reason_id, note },
    )
    .await
}

async fn reopen(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id = deal_id(&id)?;
    let mut f = Fields::parse(body)?;
    let version = f.required_int("version");
    f.finish()?;
    read(&state, &actor, id).await?;
    let version = version.unwrap_or_default();
    app::ssr::deals::edit::reopen(&state.db, &state.live, &actor, id, version).await?;
    Ok(Json(deal_json(&read(&state, &actor, id).await?)))
}

async fn history(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    params: Result<Query<PageParams>, QueryRejection>,
) -> Result<Json<Page<Value>>, ApiError> {
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id = deal_id(&id)?;
    let mut problems = vec![];
    let (after, limit) = paging(p.limit.as_deref(), p.cursor.as_deref(), &mut problems);
    if !problems.is_empty() {
        return Err(AppError::Validation(problems).into());
    }
    read(&state, &actor, id).await?;
    let mut conn = state.db.read().await?;
    let events =
        deal_page::events_after(&mut conn.ex(), actor.account_id, id, after, limit).await?;
    let next = next_cursor(&events, limit, |e| e.id);
    let items = events
        .into_iter()
        .map(|e| {
            json!({
                "at": iso(Some(e.at)),
                "kind": e.kind,
                "actor": e.actor,
                "data": serde_json::from_str::<Value>(&e.data).unwrap_or(Value::Null),
            })
        })
        .collect();
    Ok(Json(Page { items, next }))
}

/// `?limit=&cursor=` of a plain paged list.
#[derive(Deserialize)]
struct PageParams {
    limit: Option<String>,
    cursor: Option<String>,
}
