//! `/api/v1/webhooks`: the account's endpoints (list, create, get, change
//! with the `version` read, delete), each one's delivery log (newest
//! first, `cursor`: the last id seen), a resend of a delivery's event and a
//! test message. For whoever holds `account.integrations.manage` and sees
//! every deal ([`app::ssr::webhooks`]).
//!
//! A delivery is a POST of `{id, type, timestamp, data: {object, changes,
//! actor}}` (`object`: the record as this API shows it; `changes`: `{field:
//! {from, to}}`) with the Standard Webhooks headers `webhook-id` (the same
//! on every retry), `webhook-timestamp` and `webhook-signature`.
use super::body::{Body, Field, words};
use super::extract::{Authed, Crm, Id};
use super::{ApiError, ApiResult, Page, iso, query_id};
use app::domain::events::EVENT_KINDS;
use app::error::{AppError, Problems};
use app::ssr::state::AppState;
use app::ssr::webhooks::address::AllowNets;
use app::ssr::webhooks::db::{DeliveryRow, WebhookRow};
use app::ssr::webhooks::{self as hooks, LOG_PAGE, WebhookInput};
use axum::Json;
use axum::extract::{Path, State};
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(get_webhook, update_webhook, delete_webhook))
        .routes(routes!(test_webhook))
        .routes(routes!(list_deliveries))
        .routes(routes!(resend_delivery))
}

fn kinds() -> ArrayBuilder {
    ArrayBuilder::new().items(words(&EVENT_KINDS, "", false))
}

/// A webhook endpoint.
#[derive(Serialize, ToSchema)]
struct Webhook {
    id: i64,
    url: String,
    /// The signing key (`whsec_…`): the receiver checks `webhook-signature`
    /// with it.
    secret: String,
    /// The event kinds it receives; empty: every kind.
    #[schema(schema_with = kinds)]
    kinds: Vec<String>,
    /// Only deals (and their records) of this pipeline; `null`: all.
    #[schema(required = true)]
    pipeline_id: Option<i64>,
    description: String,
    /// Off: nothing is sent (pending deliveries wait for it to be on).
    active: bool,
    /// When its retries ran out and it was switched off.
    #[schema(format = DateTime, required = true)]
    disabled_at: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
    /// Send it back to change the endpoint.
    version: i64,
}

impl From<WebhookRow> for Webhook {
    fn from(w: WebhookRow) -> Webhook {
        let kinds = w.kind_list();
        Webhook {
            id: w.id,
            url: w.url,
            secret: w.secret,
            kinds,
            pipeline_id: w.pipeline_id,
            description: w.description,
            active: w.active,
            disabled_at: iso(w.disabled_at),
            created_at: iso(Some(w.created_at)).unwrap_or_default(),
            updated_at: iso(Some(w.updated_at)).unwrap_or_default(),
            version: w.version,
        }
    }
}

fn states() -> ObjectBuilder {
    words(&["pending", "delivered", "failed"], "", false)
}

/// One event sent (or to send) to an endpoint, with its last attempt.
#[derive(Serialize, ToSchema)]
struct Delivery {
    id: i64,
    /// The `webhook-id` it is sent with.
    message_id: String,
    /// The event's kind.
    #[serde(rename = "type")]
    kind: String,
    /// The record it is about: `deal`, or `webhook` for a test message.
    entity: String,
    entity_id: i64,
    #[schema(schema_with = states)]
    state: String,
    attempts: i64,
    /// When it is tried next (while pending).
    #[schema(format = DateTime, required = true)]
    next_attempt_at: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime, required = true)]
    last_attempt_at: Option<String>,
    /// The HTTP status of the last answer.
    #[schema(required = true)]
    response_status: Option<i64>,
    /// The first 1,024 bytes of the last answer.
    #[schema(required = true)]
    response_body: Option<String>,
    /// Why the last attempt had no answer (timeout, refused address, …).
    #[schema(required = true)]
    error: Option<String>,
    /// How long the last attempt took.
    #[schema(required = true)]
    duration_ms: Option<i64>,
}

impl From<DeliveryRow> for Delivery {
    fn from(d: DeliveryRow) -> Delivery {
        let pending = d.state == "pending";
        Delivery {
            id: d.id,
            message_id: hooks::deliver::message_id(d.event_id),
            kind: d.kind,
            entity: d.entity,
            entity_id: d.entity_id,
            state: d.state,
            attempts: d.attempts,
            next_attempt_at: if pending { iso(Some(d.next_at)) } else { None },
            created_at: iso(Some(d.created_at)).unwrap_or_default(),
            last_attempt_at: iso(d.last_at),
            response_status: d.last_status,
            response_body: d.last_body,
            error: d.last_error,
            duration_ms: d.last_ms,
        }
    }
}

/// The fields of an endpoint; on a change, only those sent change.
#[derive(Deserialize, ToSchema)]
struct WebhookBody {
    /// `https://…` (or `http://`); not an internal address.
    #[serde(default)]
    #[schema(value_type = String, max_length = 2000)]
    url: Field<String>,
    /// Event kinds; empty or `null`: every kind.
    #[serde(default)]
    #[schema(schema_with = kinds)]
    kinds: Field<Vec<String>>,
    /// Only this pipeline's deals; `null`: all.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pipeline_id: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 200)]
    description: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<bool>)]
    active: Field<bool>,
}

/// A change of an endpoint: its fields and the version read.
#[derive(Deserialize, ToSchema)]
struct WebhookUpdate {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
    #[serde(flatten)]
    #[schema(inline)]
    fields: WebhookBody,
}

impl WebhookBody {
    fn input(self, p: &mut Problems) -> WebhookInput {
        WebhookInput {
            url: self.url.read("url", p),
            kinds: match self.kinds {
                Field::Null => Some(Vec::new()),
                k => k.read("kinds", p),
            },
            pipeline_id: self
                .pipeline_id
                .sent()
                .then(|| self.pipeline_id.read("pipeline_id", p)),
            description: match self.description {
                Field::Null => Some(String::new()),
                d => d.read("description", p),
            },
            active: self.active.read("active", p),
        }
    }
}

fn allow(state: &AppState) -> AllowNets {
    AllowNets::new(state.settings.webhook_allow_nets.clone())
}

/// Webhook endpoints
#[utoipa::path(get, path = "/webhooks",
    responses((status = 200, body = Page<Webhook>), (status = 403)))]
async fn list_webhooks(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
) -> ApiResult<Page<Webhook>> {
    let rows = hooks::list(&state.db, &actor).await?;
    Ok(Json(Page {
        items: rows.into_iter().map(Webhook::from).collect(),
        next: None,
    }))
}

/// Add a webhook endpoint (its secret is made here)
#[utoipa::path(post, path = "/webhooks", request_body = WebhookBody,
    responses((status = 201, body = Webhook), (status = 400), (status = 403), (status = 413), (status = 422)))]
async fn create_webhook(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Body(body): Body<WebhookBody>,
) -> Result<(StatusCode, Json<Webhook>), ApiError> {
    let mut p = Problems::default();
    let input = body.input(&mut p);
    p.finish()?;
    let row = hooks::create(&state.db, &actor, &allow(&state), &input).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// A webhook endpoint
#[utoipa::path(get, path = "/webhooks/{id}", params(Id),
    responses((status = 200, body = Webhook), (status = 403), (status = 404)))]
async fn get_webhook(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<Webhook> {
    Ok(Json(hooks::get(&state.db, &actor, id).await?.into()))
}

/// Change a webhook endpoint (with the version read; `active: true` after
/// it was switched off resumes its pending deliveries)
#[utoipa::path(patch, path = "/webhooks/{id}", params(Id), request_body = WebhookUpdate,
    responses((status = 200, body = Webhook), (status = 400), (status = 403), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn update_webhook(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<WebhookUpdate>,
) -> ApiResult<Webhook> {
    let mut p = Problems::default();
    let version = body.version.require("version", &mut p);
    let input = body.fields.input(&mut p);
    p.finish()?;
    let version = version.ok_or(AppError::Internal)?;
    let row = hooks::update(&state.db, &actor, &allow(&state), id, version, &input).await?;
    Ok(Json(row.into()))
}

/// Delete a webhook endpoint and its log
#[utoipa::path(delete, path = "/webhooks/{id}", params(Id),
    responses((status = 204, description = "Deleted"), (status = 403), (status = 404)))]
async fn delete_webhook(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    hooks::delete(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A queued delivery.
#[derive(Serialize, ToSchema)]
struct Queued {
    /// The delivery's id in the endpoint's log.
    delivery_id: i64,
}

/// Send the endpoint a test message (`webhook.test`)
#[utoipa::path(post, path = "/webhooks/{id}/test", params(Id),
    responses((status = 202, body = Queued), (status = 403), (status = 404)))]
async fn test_webhook(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<(StatusCode, Json<Queued>), ApiError> {
    let delivery_id = hooks::test(&state.db, &actor, id).await?;
    Ok((StatusCode::ACCEPTED, Json(Queued { delivery_id })))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct LogParams {
    /// The `next` of the previous page.
    #[param(value_type = Option<i64>, minimum = 1)]
    cursor: Option<String>,
}

/// An endpoint's deliveries, newest first (50 a page)
#[utoipa::path(get, path = "/webhooks/{id}/deliveries", params(Id, LogParams),
    responses((status = 200, body = Page<Delivery>), (status = 400), (status = 403), (status = 404), (status = 422)))]
async fn list_deliveries(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    super::extract::Params(q): super::extract::Params<LogParams>,
) -> ApiResult<Page<Delivery>> {
    let mut p = Problems::default();
    let before = query_id("cursor", q.cursor.as_deref(), &mut p);
    p.finish()?;
    let rows = hooks::log(&state.db, &actor, id, before).await?;
    let next = (rows.len() as i64 == LOG_PAGE)
        .then(|| rows.last().map(|d| d.id.to_string()))
        .flatten();
    Ok(Json(Page {
        items: rows.into_iter().map(Delivery::from).collect(),
        next,
    }))
}

/// The path of one delivery of one endpoint (ids that are not numbers:
/// not found, as a missing one).
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
struct DeliveryPath {
    /// The endpoint's id.
    #[param(minimum = 1)]
    id: i64,
    /// The delivery's id.
    #[param(minimum = 1)]
    delivery_id: i64,
}

/// Send a delivery's event again (same `webhook-id`)
#[utoipa::path(post, path = "/webhooks/{id}/deliveries/{delivery_id}/resend", params(DeliveryPath),
    responses((status = 202, body = Queued), (status = 403), (status = 404)))]
async fn resend_delivery(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Path((id, delivery_id)): Path<(String, String)>,
) -> Result<(StatusCode, Json<Queued>), ApiError> {
    let number = |raw: &str| raw.parse::<i64>().map_err(|_| AppError::NotFound);
    let (id, delivery_id) = (number(&id)?, number(&delivery_id)?);
    let queued = hooks::resend(&state.db, &actor, id, delivery_id).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Queued {
            delivery_id: queued,
        }),
    ))
}
