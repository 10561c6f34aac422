//! `GET /api/v1/activities` (`?due=overdue|today|upcoming`, `limit`,
//! `cursor`), `POST /api/v1/activities`, `GET/PATCH/DELETE …/{id}` and
//! `POST …/{id}/done`. Days are the account's local days; a role that sees
//! only its own deals sees, creates and completes only the activities
//! assigned to it. Writes go through the checks the pages' forms use
//! ([`app::ssr::activities::edit`]): a PATCH changes only the fields it sends.
use super::body::{Body, Field, optional_date, optional_instant, words};
use super::extract::{Authed, Crm, Id, Params};
use super::{ApiError, ApiResult, Page, PageParams, iso, next_cursor};
use app::domain::activities::api_word;
use app::domain::activity_input::ActivityInput;
use app::error::Problems;
use app::ssr::activities::db::{self as activities, ActivityFilter, ActivityRow};
use app::ssr::activities::edit as activity_edit;
use app::ssr::activities::page::due_window;
use app::ssr::state::AppState;
use axum::Json;
use axum::extract::State;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::ObjectBuilder;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_activities, create_activity))
        .routes(routes!(get_activity, update_activity, delete_activity))
        .routes(routes!(complete_activity))
}

fn kind_answer() -> ObjectBuilder {
    words(&["call", "email", "message", "meeting", "task"], "", false)
}

fn priority_answer() -> ObjectBuilder {
    words(&["low", "medium", "high"], "", false)
}

fn kind_input() -> ObjectBuilder {
    words(
        &[
            "call", "email", "message", "meeting", "task", "llamada", "correo", "mensaje",
            "reunion", "tarea",
        ],
        "call, email, message, meeting or task (the Spanish words are accepted too).",
        false,
    )
}

pub(super) fn priority_input() -> ObjectBuilder {
    words(
        &["low", "medium", "high", "baja", "media", "alta"],
        "low, medium or high (the Spanish words are accepted too).",
        true,
    )
}

/// An activity (llamada, correo, mensaje, reunión, tarea).
#[derive(Serialize, ToSchema)]
struct Activity {
    id: i64,
    #[schema(schema_with = kind_answer)]
    kind: String,
    subject: String,
    #[schema(format = DateTime)]
    #[schema(required = true)]
    due_at: Option<String>,
    #[schema(schema_with = priority_answer)]
    priority: String,
    assigned_to: i64,
    #[schema(required = true)]
    deal_id: Option<i64>,
    #[schema(required = true)]
    contact_id: Option<i64>,
    #[schema(required = true)]
    organization_id: Option<i64>,
    #[schema(required = true)]
    notes: Option<String>,
    done: bool,
    #[schema(format = DateTime)]
    #[schema(required = true)]
    done_at: Option<String>,
    #[schema(format = DateTime)]
    #[schema(required = true)]
    reminder_at: Option<String>,
}

/// An activity as the outbox stored it ([`ActivityRow`]), shown as this
/// API shows it (none: not a stored activity).
pub(super) fn render(object: &serde_json::Value) -> Option<serde_json::Value> {
    let row: ActivityRow = serde_json::from_value(object.clone()).ok()?;
    serde_json::to_value(Activity::from(row)).ok()
}

impl From<ActivityRow> for Activity {
    fn from(a: ActivityRow) -> Activity {
        Activity {
            id: a.id,
            kind: api_word(&a.kind).to_string(),
            subject: a.subject,
            due_at: iso(a.due_at),
            priority: api_word(&a.priority).to_string(),
            assigned_to: a.assigned_to,
            deal_id: a.deal_id,
            contact_id: a.contact_id,
            organization_id: a.organization_id,
            notes: a.notes,
            done: a.done,
            done_at: iso(a.done_at),
            reminder_at: iso(a.reminder_at),
        }
    }
}

/// Query string of the list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// Open activities due before today, today or later (the account's days).
    #[param(schema_with = due_words)]
    due: Option<String>,
}

fn due_words() -> ObjectBuilder {
    words(&["overdue", "today", "upcoming"], "", false)
}

/// Activities
#[utoipa::path(get, path = "/activities", params(ListParams, PageParams),
    responses((status = 200, body = Page<Activity>), (status = 400), (status = 422)))]
async fn list_activities(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Params(p): Params<ListParams>,
    Params(page): Params<PageParams>,
) -> ApiResult<Page<Activity>> {
    let mut problems = Problems::default();
    let (after_id, limit) = page.read(&mut problems);
    let due = p.due.as_deref().and_then(|due| {
        let window = due_window(actor.clock.tz, actor.clock.now, due);
        if window.is_none() {
            problems.add("due", "invalid");
        }
        window
    });
    problems.finish()?;
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
        items: rows.into_iter().map(Activity::from).collect(),
        next,
    }))
}

/// The fields of a new activity.
#[derive(Deserialize, ToSchema)]
struct ActivityCreate {
    #[serde(default)]
    #[schema(schema_with = kind_input, required = true)]
    kind: Field<String>,
    #[serde(default)]
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200)]
    subject: Field<String>,
    #[serde(flatten)]
    #[schema(inline)]
    rest: ActivityDetails,
}

/// The changes of an activity: only the fields sent change.
#[derive(Deserialize, ToSchema)]
struct ActivityUpdate {
    #[serde(default)]
    #[schema(schema_with = kind_input)]
    kind: Field<String>,
    #[serde(default)]
    #[schema(value_type = String, min_length = 1, max_length = 200)]
    subject: Field<String>,
    #[serde(flatten)]
    #[schema(inline)]
    rest: ActivityDetails,
}

/// The optional fields of an activity (`null` or empty: none; for the
/// assignee, the caller).
#[derive(Deserialize, ToSchema)]
struct ActivityDetails {
    #[serde(default)]
    #[schema(schema_with = optional_instant)]
    due_at: Field<String>,
    /// The day in the account's time zone, read when `due_at` is empty (as
    /// the page's form sends it).
    #[serde(default)]
    #[schema(schema_with = optional_date)]
    due_date: Field<String>,
    /// `HH:MM` on `due_date` (default: 09:00).
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "09:30")]
    due_time: Field<String>,
    #[serde(default)]
    #[schema(schema_with = priority_input)]
    priority: Field<String>,
    /// Default: the caller.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    assigned_to: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    deal_id: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    contact_id: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    organization_id: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 5000)]
    notes: Field<String>,
    /// Minutes before `due_at` to remind the assignee.
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 43200)]
    reminder: Field<i64>,
}

impl ActivityDetails {
    /// The activity these fields, `kind` and `subject` describe; every
    /// field of the wrong type is named in one 422.
    fn input(self, kind: Field<String>, subject: Field<String>) -> Result<ActivityInput, ApiError> {
        let mut p = Problems::default();
        let input = ActivityInput {
            kind: kind.text("kind", &mut p),
            subject: subject.text("subject", &mut p),
            due_at: self.due_at.text("due_at", &mut p),
            due_date: self.due_date.text("due_date", &mut p),
            due_time: self.due_time.text("due_time", &mut p),
            priority: self.priority.text("priority", &mut p),
            assigned_to: self.assigned_to.text("assigned_to", &mut p),
            deal_id: self.deal_id.text("deal_id", &mut p),
            contact_id: self.contact_id.text("contact_id", &mut p),
            organization_id: self.organization_id.text("organization_id", &mut p),
            notes: self.notes.text("notes", &mut p),
            reminder: self.reminder.text("reminder", &mut p),
        };
        p.finish()?;
        Ok(input)
    }
}

/// One activity
#[utoipa::path(get, path = "/activities/{id}", params(Id),
    responses((status = 200, body = Activity), (status = 404)))]
async fn get_activity(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<Activity> {
    let row = activity_edit::readable(&state, &actor, id).await?;
    Ok(Json(row.into()))
}

/// Mark an activity done
#[utoipa::path(post, path = "/activities/{id}/done", params(Id),
    responses((status = 200, body = Activity), (status = 404)))]
async fn complete_activity(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<Activity> {
    let row = activity_edit::complete(&state, &actor, id).await?;
    Ok(Json(row.into()))
}

/// Create an activity (llamada, correo, mensaje, reunión, tarea)
#[utoipa::path(post, path = "/activities", request_body = ActivityCreate,
    responses((status = 201, body = Activity), (status = 400), (status = 413), (status = 422)))]
async fn create_activity(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Body(body): Body<ActivityCreate>,
) -> Result<(StatusCode, Json<Activity>), ApiError> {
    let sent = body.rest.input(body.kind, body.subject)?;
    let id = activity_edit::save(&state, &actor, None, sent).await?;
    let row = activity_edit::readable(&state, &actor, id).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// Change an activity (only the fields sent)
#[utoipa::path(patch, path = "/activities/{id}", params(Id), request_body = ActivityUpdate,
    responses((status = 200, body = Activity), (status = 400), (status = 404), (status = 413), (status = 422)))]
async fn update_activity(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<ActivityUpdate>,
) -> ApiResult<Activity> {
    let sent = body.rest.input(body.kind, body.subject)?;
    activity_edit::save(&state, &actor, Some(id), sent).await?;
    Ok(Json(
        activity_edit::readable(&state, &actor, id).await?.into(),
    ))
}

/// Delete an activity
#[utoipa::path(delete, path = "/activities/{id}", params(Id),
    responses((status = 204, description = "Deleted"), (status = 404)))]
async fn delete_activity(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    activity_edit::delete(&state, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
