//! `GET /api/v1/activities` (`?due=overdue|today|upcoming`, `limit`,
//! `cursor`), `POST /api/v1/activities` and `POST …/{id}/done`. Days are the
//! account's local days; a role that sees only its own deals sees, creates
//! and completes only the activities assigned to it.
use super::body::Fields;
use super::{ApiError, Page, actor, iso, next_cursor, paging};
use app::domain::permission::Permission;
use app::domain::validate;
use app::error::{AppError, FieldError};
use app::ssr::activity_page::due_window;
use app::ssr::auth::guard::{Actor, Need};
use app::ssr::dashboard::time_zone;
use app::ssr::db::activities::{self, ActivityFilter, ActivityRow, NewActivity};
use app::ssr::db::{deal_api, deals, directory, users};
use app::ssr::now_ms;
use app::ssr::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities", get(list).post(create))
        .route("/activities/{id}/done", post(done))
}

fn activity_json(a: &ActivityRow) -> Value {
    json!({
        "id": a.id,
        "kind": a.kind,
        "subject": a.subject,
        "due_at": iso(a.due_at),
        "priority": a.priority,
        "assigned_to": a.assigned_to,
        "deal_id": a.deal_id,
        "contact_id": a.contact_id,
        "organization_id": a.organization_id,
        "notes": a.notes,
        "done": a.done,
        "done_at": iso(a.done_at),
    })
}

/// Query string of the list.
#[derive(Deserialize)]
struct Params {
    due: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Page<Value>>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let Query(p) = params.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut problems = vec![];
    let (after_id, limit) = paging(p.limit.as_deref(), p.cursor.as_deref(), &mut problems);
    let tz = time_zone(&actor.row.time_zone)?;
    let due = p.due.as_deref().and_then(|due| {
        let window = due_window(tz, now_ms(), due);
        if window.is_none() {
            problems.push(FieldError {
                field: "due".into(),
                code: "invalid".into(),
            });
        }
        window
    });
    if !problems.is_empty() {
        return Err(AppError::Validation(problems).into());
    }
    let filter = ActivityFilter {
        account_id: actor.account_id,
        assigned_to: actor.own_deals_only(),
        due,
        after_id,
        limit,
    };
    let mut conn = state.db.read().await?;
    let rows = activities::page(&mut conn.ex(), &filter).await?;
    let next = next_cursor(&rows, limit, |a| a.id);
    Ok(Json(Page {
        items: rows.iter().map(activity_json).collect(),
        next,
    }))
}

/// The activity with `id` as the caller may change it.
async fn read(state: &AppState, actor: &Actor, id: i64) -> Result<ActivityRow, ApiError> {
    let mut conn = state.db.read().await?;
    let row = activities::get(&mut conn.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if actor
        .own_deals_only()
        .is_some_and(|me| me != row.assigned_to)
    {
        return Err(AppError::Forbidden.into());
    }
    Ok(row)
}

async fn done(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let before = read(&state, &actor, id).await?;
    let mut tx = state.db.begin().await?;
    activities::mark_done(&mut tx.ex(), actor.account_id, id, now_ms()).await?;
    // The deal's card shows its next activity: tell the boards.
    let pipeline = match before.deal_id {
        Some(deal) if !before.done => {
            Some(deals::pipeline_of(&mut tx.ex(), actor.account_id, deal).await?)
        }
        _ => None,
    };
    tx.commit().await?;
    if let Some(pipeline) = pipeline {
        state
            .live
            .publish(&state.db, actor.account_id, pipeline)
            .await;
    }
    Ok(Json(activity_json(&read(&state, &actor, id).await?)))
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let actor = actor(&state, &headers, Need::Crm).await?;
    if !(actor.can(Permission::DealsEditOwn) || actor.can(Permission::DealsEditAll)) {
        return Err(AppError::Forbidden.into());
    }
    let mut f = Fields::parse(body)?;
    let kind = f.text("kind");
    match kind.as_deref() {
        None => {
            f.required::<()>("kind", None);
        }
        Some(k) if !activities::KINDS.contains(&k) => f.problem("kind", "invalid"),
        Some(_) => {}
    }
    let subject = match f.text("subject") {
        None => f.required("subject", None),
        Some(s) => validate::required_text(&s, 200)
            .map_err(|code| f.problem("subject", code))
            .ok(),
    };
    let due_at = f.text("due_at").and_then(|t| {
        let parsed = chrono::DateTime::parse_from_rfc3339(t.trim()).ok();
        if parsed.is_none() {
            f.problem("due_at", "invalid_date");
        }
        parsed.map(|d| d.timestamp_millis())
    });
    let priority = f.text("priority").unwrap_or_else(|| "media".into());
    if !activities::PRIORITIES.contains(&priority.as_str()) {
        f.problem("priority", "invalid");
    }
    let assigned_to = f.int("assigned_to").unwrap_or(actor.user_id);
    let (deal_id, contact_id, organization_id) = (
        f.int("deal_id"),
        f.int("contact_id"),
        f.int("organization_id"),
    );
    let notes = f.optional_text("notes", 5_000);
    // What the activity points at must be the account's (and a seller's own).
    let mut deal_pipeline = None;
    {
        let mut conn = state.db.read().await?;
        let mut ex = conn.ex();
        let account = actor.account_id;
        if assigned_to != actor.user_id {
            let active = users::active_names(&mut ex, account).await?;
            if !active.iter().any(|(id, _)| *id == assigned_to) {
                f.problem("assigned_to", "not_found");
            } else if !actor.can(Permission::DealsEditAll) {
                f.problem("assigned_to", "not_allowed");
            }
        }
        if let Some(id) = deal_id {
            match deal_api::get(&mut ex, account, id).await? {
                None => f.problem("deal_id", "not_found"),
                Some(d) if !actor.may_see_deal(d.owner_id) => f.problem("deal_id", "not_allowed"),
                Some(d) => deal_pipeline = Some(d.pipeline_id),
            }
        }
        if let Some(id) = contact_id
            && directory::contact(&mut ex, account, id).await?.is_none()
        {
            f.problem("contact_id", "not_found");
        }
        if let Some(id) = organization_id
            && directory::organization(&mut ex, account, id)
                .await?
                .is_none()
        {
            f.problem("organization_id", "not_found");
        }
    }
    f.finish()?;
    let new = NewActivity {
        kind: kind.unwrap_or_default(),
        subject: subject.unwrap_or_default(),
        due_at,
        priority,
        assigned_to,
        deal_id,
        contact_id,
        organization_id,
        notes,
    };
    let mut tx = state.db.begin().await?;
    let id = activities::insert(&mut tx.ex(), actor.account_id, &new, now_ms()).await?;
    tx.commit().await?;
    // The deal's card shows its next activity: tell the boards.
    if let Some(pipeline) = deal_pipeline {
        state
            .live
            .publish(&state.db, actor.account_id, pipeline)
            .await;
    }
    let row = read(&state, &actor, id).await?;
    Ok((StatusCode::CREATED, Json(activity_json(&row))))
}
