//! `/api/v1/deals`: list (filters, cursor), get, create, update (with
//! `version`), delete, move, won, lost, reopen and history. The writes are
//! the same operations the board and the deal page use, so they check the
//! same things and keep history, aggregates and open boards up to date.
use super::body::{Body, Field, optional_date, words};
use super::extract::{Authed, Crm, Id, Params};
use super::{ApiError, ApiResult, Page, PageParams, iso, next_cursor, query_id, search_words};
use app::domain::activities::api_word;
use app::domain::board::BoardQuery;
use app::domain::deal::DealInput;
use app::domain::deal_status::DealStatus;
use app::domain::money::major;
use app::error::{AppError, Problems};
use app::ssr::auth::guard::Actor;
use app::ssr::deals::board::{self as board, CardDrop};
use app::ssr::deals::db as deals;
use app::ssr::deals::db::api::{self as deal_api, ApiDealFilter, ApiDealRow};
use app::ssr::deals::db::page as deal_page;
use app::ssr::deals::edit as deal_edit;
use app::ssr::pipelines::db::lost_reasons;
use app::ssr::state::AppState;
use axum::Json;
use axum::extract::State;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_deals, create_deal))
        .routes(routes!(get_deal, update_deal, delete_deal))
        .routes(routes!(move_deal))
        .routes(routes!(win_deal))
        .routes(routes!(lose_deal))
        .routes(routes!(reopen_deal))
        .routes(routes!(deal_history))
}

/// A deal as the API shows it; money as a decimal string.
#[derive(Serialize, ToSchema)]
pub struct Deal {
    id: i64,
    key: String,
    title: String,
    #[schema(pattern = "^[0-9]+(\\.[0-9]{1,2})?$", example = "12345.67")]
    value: String,
    currency: String,
    exchange_rate: String,
    pipeline_id: i64,
    stage_id: i64,
    position: f64,
    status: DealStatus,
    owner_id: i64,
    #[schema(required = true)]
    organization_id: Option<i64>,
    #[schema(required = true)]
    contact_id: Option<i64>,
    #[schema(required = true)]
    description: Option<String>,
    #[schema(schema_with = priority, required = true)]
    priority: Option<String>,
    #[schema(required = true)]
    source: Option<String>,
    #[schema(required = true)]
    expected_close_date: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
    #[schema(format = DateTime)]
    #[schema(required = true)]
    won_at: Option<String>,
    #[schema(format = DateTime)]
    #[schema(required = true)]
    lost_at: Option<String>,
    #[schema(required = true)]
    lost_reason_id: Option<i64>,
    #[schema(required = true)]
    lost_reason: Option<String>,
    #[schema(required = true)]
    lost_note: Option<String>,
    version: i64,
}

impl From<ApiDealRow> for Deal {
    fn from(d: ApiDealRow) -> Deal {
        Deal {
            id: d.id,
            key: d.key,
            title: d.title,
            value: major(d.value_minor, &d.currency).to_string(),
            currency: d.currency,
            exchange_rate: d.exchange_rate,
            pipeline_id: d.pipeline_id,
            stage_id: d.stage_id,
            position: d.position,
            status: d.status,
            owner_id: d.owner_id,
            organization_id: d.organization_id,
            contact_id: d.contact_id,
            description: d.description,
            priority: d.priority.as_deref().map(|p| api_word(p).to_string()),
            source: d.source,
            expected_close_date: d.expected_close_date,
            created_at: iso(Some(d.created_at)).unwrap_or_default(),
            updated_at: iso(Some(d.updated_at)).unwrap_or_default(),
            won_at: iso(d.won_at),
            lost_at: iso(d.lost_at),
            lost_reason_id: d.lost_reason_id,
            lost_reason: d.lost_reason,
            lost_note: d.lost_note,
            version: d.version,
        }
    }
}

/// A deal as the outbox stored it ([`ApiDealRow`]), shown as this API shows
/// it (none: not a stored deal).
pub(super) fn render(object: &Value) -> Option<Value> {
    let row: ApiDealRow = serde_json::from_value(object.clone()).ok()?;
    serde_json::to_value(Deal::from(row)).ok()
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

/// The deal with `id`, as the answer of the operation that changed it.
async fn answer(state: &AppState, actor: &Actor, id: i64) -> ApiResult<Deal> {
    Ok(Json(read(state, actor, id).await?.into()))
}

/// One deal
#[utoipa::path(get, path = "/deals/{id}", params(Id),
    responses((status = 200, body = Deal), (status = 404)))]
async fn get_deal(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<Deal> {
    answer(&state, &actor, id).await
}

/// Query string of `GET /api/v1/deals` (and of the export).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ListParams {
    /// Words of 3 characters or more, each in the title, key or organization.
    #[param(max_length = 100)]
    q: Option<String>,
    /// Only deals in this status.
    #[param(value_type = Option<DealStatus>)]
    status: Option<String>,
    /// Only deals of this user.
    #[param(value_type = Option<i64>, minimum = 0)]
    owner_id: Option<String>,
    /// Only deals of this pipeline.
    #[param(value_type = Option<i64>, minimum = 0)]
    pipeline_id: Option<String>,
    /// Only deals in this stage.
    #[param(value_type = Option<i64>, minimum = 0)]
    stage_id: Option<String>,
}

/// The deals a list or an export asks for, as the caller may see them;
/// every wrong value of the query string is named.
pub(super) fn filter_from(
    p: &ListParams,
    page: &PageParams,
    actor: &Actor,
) -> Result<ApiDealFilter, ApiError> {
    let mut problems = Problems::default();
    let owner_id = query_id("owner_id", p.owner_id.as_deref(), &mut problems);
    let pipeline_id = query_id("pipeline_id", p.pipeline_id.as_deref(), &mut problems);
    let stage_id = query_id("stage_id", p.stage_id.as_deref(), &mut problems);
    let (after_id, limit) = page.read(&mut problems);
    let search = search_words(p.q.as_deref(), &mut problems);
    let status = p
        .status
        .as_deref()
        .and_then(|s| s.parse::<DealStatus>().ok());
    if p.status.is_some() && status.is_none() {
        problems.add("status", "invalid");
    }
    problems.finish()?;
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

/// Deals, newest id last, a page at a time
#[utoipa::path(get, path = "/deals", params(ListParams, PageParams),
    responses((status = 200, body = Page<Deal>), (status = 400), (status = 422)))]
async fn list_deals(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Params(p): Params<ListParams>,
    Params(page): Params<PageParams>,
) -> ApiResult<Page<Deal>> {
    let filter = filter_from(&p, &page, &actor)?;
    let limit = filter.limit;
    let mut conn = state.db.read().await?;
    let rows = deal_api::page(&mut conn.ex(), &filter).await?;
    let next = next_cursor(&rows, limit, |r| r.id);
    Ok(Json(Page {
        items: rows.into_iter().map(Deal::from).collect(),
        next,
    }))
}

/// The fields of a new deal.
#[derive(Deserialize, ToSchema)]
struct DealCreate {
    #[serde(default)]
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200)]
    title: Field<String>,
    #[serde(default)]
    #[schema(required = true, value_type = String, pattern = "^[0-9]+(\\.[0-9]{1,2})?$", example = "12345.67")]
    value: Field<String>,
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    stage_id: Field<i64>,
    #[serde(flatten)]
    #[schema(inline)]
    rest: DealDetails,
}

/// The changes of a deal: only the fields sent change (`null` leaves one
/// as it is).
#[derive(Deserialize, ToSchema)]
struct DealUpdate {
    /// The version you read.
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200)]
    title: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "^[0-9]+(\\.[0-9]{1,2})?$", example = "12345.67")]
    value: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    stage_id: Field<i64>,
    #[serde(flatten)]
    #[schema(inline)]
    rest: DealDetails,
}

/// The optional fields of a deal.
#[derive(Deserialize, ToSchema)]
struct DealDetails {
    /// ISO 4217 code (empty: the account's currency).
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 3)]
    currency: Field<String>,
    /// Account currency per unit of `currency` (needed for another currency).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    exchange_rate: Field<String>,
    /// Default: the caller.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    owner_id: Field<i64>,
    /// `null` or empty clears it.
    #[serde(default)]
    #[schema(schema_with = optional_date)]
    expected_close_date: Field<String>,
    /// An organization of the account; `null` clears it.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    organization_id: Field<i64>,
    /// An organization by name instead of its id: found in any case, or
    /// created.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 200)]
    organization: Field<String>,
    /// A contact of the account (of the organization, when there is one;
    /// a contact alone brings its organization); `null` clears it.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    contact_id: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 5000)]
    description: Field<String>,
    #[serde(default)]
    /// `null` or empty clears it.
    #[schema(schema_with = super::activities::priority_input)]
    priority: Field<String>,
    /// Where the deal came from (`Sitio web`, `Referido`…).
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    source: Field<String>,
}

fn priority() -> utoipa::openapi::schema::ObjectBuilder {
    words(&["low", "medium", "high"], "", true)
}

impl DealDetails {
    /// The form these fields and `title`, `value` and `stage` make over
    /// `base` (a field not sent keeps its value; another currency asks for
    /// its rate again).
    fn input(
        self,
        (title, value, stage): (Field<String>, Field<String>, Field<i64>),
        base: DealInput,
        problems: &mut Problems,
    ) -> DealInput {
        let clear_close = matches!(self.expected_close_date, Field::Null);
        let title = title.read("title", problems);
        let value = value.read("value", problems);
        let stage = stage.read("stage_id", problems);
        let currency = self.currency.read("currency", problems);
        let rate = self.exchange_rate.read("exchange_rate", problems);
        let owner = self.owner_id.read("owner_id", problems);
        let close = self
            .expected_close_date
            .read("expected_close_date", problems);
        let organization = self.organization.text("organization", problems);
        // A name sent decides the organization, unless an id is sent too.
        let organization_id = self
            .organization_id
            .text("organization_id", problems)
            .or(organization.as_ref().map(|_| String::new()));
        let contact_id = self.contact_id.text("contact_id", problems);
        let description = self.description.text("description", problems);
        let priority = self.priority.text("priority", problems);
        let source = self.source.text("source", problems);
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
            expected_close_date: match close {
                Some(close) => close,
                None if clear_close => String::new(),
                None => base.expected_close_date,
            },
            organization_id: organization_id.unwrap_or(base.organization_id),
            organization: organization.unwrap_or(base.organization),
            contact_id: contact_id.unwrap_or(base.contact_id),
            description: description.unwrap_or(base.description),
            priority: priority.unwrap_or(base.priority),
            source: source.unwrap_or(base.source),
        }
    }
}

/// Create a deal
#[utoipa::path(post, path = "/deals", request_body = DealCreate,
    responses((status = 201, body = Deal), (status = 400), (status = 404), (status = 413), (status = 422)))]
async fn create_deal(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Body(body): Body<DealCreate>,
) -> Result<(StatusCode, Json<Deal>), ApiError> {
    let mut problems = Problems::default();
    for (name, sent) in [
        ("title", body.title.sent()),
        ("value", body.value.sent()),
        ("stage_id", body.stage_id.sent()),
    ] {
        if !sent {
            problems.add(name, "required");
        }
    }
    let sent = (body.title, body.value, body.stage_id);
    let input = body.rest.input(sent, DealInput::default(), &mut problems);
    problems.finish()?;
    let id = deal_edit::create(&state.db, &state.live, &actor, &input).await?;
    Ok((StatusCode::CREATED, answer(&state, &actor, id).await?))
}

/// Change a deal (carries the version you read)
#[utoipa::path(patch, path = "/deals/{id}", params(Id), request_body = DealUpdate,
    responses((status = 200, body = Deal), (status = 400), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn update_deal(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<DealUpdate>,
) -> ApiResult<Deal> {
    let mut problems = Problems::default();
    let version = body.version.require("version", &mut problems);
    let now = read(&state, &actor, id).await?;
    let base = DealInput {
        title: now.title.clone(),
        value: major(now.value_minor, &now.currency).to_string(),
        currency: now.currency.clone(),
        exchange_rate: now.exchange_rate.clone(),
        stage_id: now.stage_id.to_string(),
        owner_id: now.owner_id.to_string(),
        expected_close_date: now.expected_close_date.clone().unwrap_or_default(),
        organization_id: now
            .organization_id
            .map(|i| i.to_string())
            .unwrap_or_default(),
        organization: String::new(),
        contact_id: now.contact_id.map(|i| i.to_string()).unwrap_or_default(),
        description: now.description.clone().unwrap_or_default(),
        priority: now.priority.clone().unwrap_or_default(),
        source: now.source.clone().unwrap_or_default(),
    };
    let sent = (body.title, body.value, body.stage_id);
    let input = body.rest.input(sent, base, &mut problems);
    problems.finish()?;
    let version = version.unwrap_or_default();
    deal_edit::update(&state.db, &state.live, &actor, id, version, &input).await?;
    answer(&state, &actor, id).await
}

/// Query string of `DELETE /api/v1/deals/{id}`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct VersionParam {
    /// The version you read.
    #[param(value_type = i64, required = true)]
    version: Option<String>,
}

/// Delete a deal
#[utoipa::path(delete, path = "/deals/{id}", params(Id, VersionParam),
    responses((status = 204, description = "Deleted"), (status = 400), (status = 404), (status = 409), (status = 422)))]
async fn delete_deal(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Params(p): Params<VersionParam>,
) -> Result<StatusCode, ApiError> {
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
) -> ApiResult<Deal> {
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
    answer(state, actor, id).await
}

/// Where a deal is moved.
#[derive(Deserialize, ToSchema)]
struct DealMove {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    stage_id: Field<i64>,
    /// Place in the column (default: its end).
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    position: Field<f64>,
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
}

/// Move a deal to a stage and position
#[utoipa::path(post, path = "/deals/{id}/move", params(Id), request_body = DealMove,
    responses((status = 200, body = Deal), (status = 400), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn move_deal(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<DealMove>,
) -> ApiResult<Deal> {
    let mut problems = Problems::default();
    let stage_id = body.stage_id.require("stage_id", &mut problems);
    let version = body.version.require("version", &mut problems);
    let position = body.position.read("position", &mut problems);
    problems.finish()?;
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

/// The version of the record you read.
#[derive(Deserialize, ToSchema)]
struct Version {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
}

impl Version {
    fn require(self) -> Result<i64, ApiError> {
        let mut problems = Problems::default();
        let version = self.version.require("version", &mut problems);
        problems.finish()?;
        Ok(version.unwrap_or_default())
    }
}

/// When and for how much a deal was won.
#[derive(Deserialize, ToSchema)]
struct DealWon {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
    /// The local day it was won (`YYYY-MM-DD`, today at the latest, not
    /// before it was created); absent: now.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    won_on: Field<String>,
    /// The final value in the deal's currency (a decimal string, before
    /// IVA); absent: its value.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "12500.00")]
    value: Field<String>,
}

/// Mark a deal won, on a day and for a final value
#[utoipa::path(post, path = "/deals/{id}/won", params(Id), request_body = DealWon,
    responses((status = 200, body = Deal), (status = 400), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn win_deal(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<DealWon>,
) -> ApiResult<Deal> {
    let mut problems = Problems::default();
    let version = body.version.require("version", &mut problems);
    let won_on = body.won_on.read("won_on", &mut problems);
    let value = body.value.read("value", &mut problems);
    problems.finish()?;
    let closing = board::closing(
        &actor,
        won_on.as_deref().unwrap_or(""),
        value.as_deref().unwrap_or(""),
    )?;
    close_or_move(
        &state,
        &actor,
        id,
        version.unwrap_or_default(),
        CardDrop::Won(closing),
    )
    .await
}

/// Why a deal was lost: a reason by id or by its label, and a note.
#[derive(Deserialize, ToSchema)]
struct DealLost {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    lost_reason_id: Field<i64>,
    /// The reason's label, instead of its id.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    lost_reason: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    note: Field<String>,
}

/// Mark a deal lost, with a reason
#[utoipa::path(post, path = "/deals/{id}/lost", params(Id), request_body = DealLost,
    responses((status = 200, body = Deal), (status = 400), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn lose_deal(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<DealLost>,
) -> ApiResult<Deal> {
    let mut problems = Problems::default();
    let version = body.version.require("version", &mut problems);
    let reason_id = body.lost_reason_id.read("lost_reason_id", &mut problems);
    let label = body.lost_reason.read("lost_reason", &mut problems);
    let note = body.note.read("note", &mut problems);
    if reason_id.is_none() && label.is_none() {
        problems.required::<()>("lost_reason_id", None);
    }
    problems.finish()?;
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

/// Reopen a won or lost deal
#[utoipa::path(post, path = "/deals/{id}/reopen", params(Id), request_body = Version,
    responses((status = 200, body = Deal), (status = 400), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn reopen_deal(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<Version>,
) -> ApiResult<Deal> {
    let version = body.require()?;
    read(&state, &actor, id).await?;
    deal_edit::reopen(&state.db, &state.live, &actor, id, version).await?;
    answer(&state, &actor, id).await
}

/// One event of a deal's history.
#[derive(Serialize, ToSchema)]
struct HistoryEvent {
    #[schema(format = DateTime)]
    at: String,
    kind: String,
    /// Who did it (none: the system or an import).
    #[schema(required = true)]
    actor: Option<String>,
    /// What changed, by kind.
    #[schema(value_type = Value)]
    data: Value,
}

/// A deal's history, oldest first
#[utoipa::path(get, path = "/deals/{id}/history", params(Id, PageParams),
    responses((status = 200, body = Page<HistoryEvent>), (status = 400), (status = 404), (status = 422)))]
async fn deal_history(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Params(p): Params<PageParams>,
) -> ApiResult<Page<HistoryEvent>> {
    let mut problems = Problems::default();
    let (after, limit) = p.read(&mut problems);
    problems.finish()?;
    read(&state, &actor, id).await?;
    let mut conn = state.db.read().await?;
    let events =
        deal_page::events_after(&mut conn.ex(), actor.account_id, id, after, limit).await?;
    let next = next_cursor(&events, limit, |e| e.id);
    let items = events
        .into_iter()
        .map(|e| HistoryEvent {
            at: iso(Some(e.at)).unwrap_or_default(),
            kind: e.kind,
            actor: e.actor,
            data: serde_json::from_str::<Value>(&e.data).unwrap_or(Value::Null),
        })
        .collect();
    Ok(Json(Page { items, next }))
}
