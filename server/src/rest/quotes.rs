//! Quotes (cotizaciones) of `/api/v1`, the same operations as their pages
//! ([`app::ssr::quotes`]): `GET /quotes` (the caller's, by state, in id
//! order) and `POST /quotes` (a draft of a deal: its lines and customer
//! copied); `GET /quotes/{id}`, `PATCH` of a draft's validity, contact,
//! notes and terms, `PUT /quotes/{id}/lines`; `POST /quotes/{id}/send`
//! (frozen; `email` mails its contact through the relay), `/accept`,
//! `/reject` (the customer's answer taken by the seller) and `/cancel`,
//! each with the `version` read (409 when it moved); `POST
//! /quotes/{id}/sale-note`, its nota de venta. `GET /quotes/{id}/pdf`: the
//! PDF its customer keeps. Through the customer's link, no sign-in (an
//! unknown link is not found): `GET /public/quotes/{token}/pdf` and
//! `POST /public/quotes/{token}/accept` or `/reject`.
use super::body::{Body, Field, words};
use super::deal_lines::{DealLine, line_out, read_lines};
use super::extract::{Authed, Crm, Id, Params};
use super::{ApiError, ApiResult, Page, PageParams, iso, next_cursor};
use app::domain::money::major;
use app::domain::quotes::{QuoteAction, QuoteInput, QuoteState, folio};
use app::error::{AppError, Problems};
use app::ssr::auth::guard::Actor;
use app::ssr::deals::db::lines::LineRow;
use app::ssr::mail;
use app::ssr::quotes::db::QuoteRow;
use app::ssr::quotes::edit::{self, Decision};
use app::ssr::quotes::{page, public};
use app::ssr::state::AppState;
use axum::Json;
use axum::body::Body as RawBody;
use axum::extract::{Path, State};
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::openapi::schema::ObjectBuilder;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_quotes, create_quote))
        .routes(routes!(get_quote, update_quote))
        .routes(routes!(put_quote_lines))
        .routes(routes!(send_quote))
        .routes(routes!(accept_quote))
        .routes(routes!(reject_quote))
        .routes(routes!(cancel_quote))
        .routes(routes!(quote_sale_note))
        .routes(routes!(quote_pdf))
        .routes(routes!(public_quote_pdf))
        .routes(routes!(public_accept))
        .routes(routes!(public_reject))
}

fn state_words() -> ObjectBuilder {
    words(&QuoteState::ALL.map(QuoteState::code), "", false)
}

fn state_filter() -> ObjectBuilder {
    words(&QuoteState::ALL.map(QuoteState::code), "", true)
}

/// The customer's link in a path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct Link {
    /// The customer's link: 43 characters of URL-safe base64.
    #[allow(dead_code)]
    token: String,
}

/// The customer a quote names (copied from its deal; frozen once sent).
#[derive(Serialize, ToSchema)]
struct QuoteCustomer {
    #[schema(required = true)]
    organization_id: Option<i64>,
    #[schema(required = true)]
    name: Option<String>,
    #[schema(required = true)]
    tax_id: Option<String>,
    #[schema(required = true)]
    address: Option<String>,
    #[schema(required = true)]
    contact_id: Option<i64>,
    #[schema(required = true)]
    contact_name: Option<String>,
    #[schema(required = true)]
    contact_email: Option<String>,
}

/// A quote; money as decimal strings of its currency.
#[derive(Serialize, ToSchema)]
struct Quote {
    id: i64,
    /// `COT-000123`.
    folio: String,
    deal_id: i64,
    /// Its version: send it back to change it.
    version: i64,
    #[schema(schema_with = state_words)]
    state: String,
    /// The last day it holds (the account's days).
    #[schema(format = Date)]
    valid_until: String,
    currency: String,
    exchange_rate: String,
    customer: QuoteCustomer,
    #[schema(required = true)]
    notes: Option<String>,
    #[schema(required = true)]
    terms: Option<String>,
    subtotal: String,
    iva: String,
    total: String,
    /// Absent in a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    lines: Option<Vec<DealLine>>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(required = true, format = DateTime)]
    sent_at: Option<String>,
    #[schema(required = true, format = DateTime)]
    decided_at: Option<String>,
    /// Who accepted or rejected it.
    #[schema(required = true)]
    decided_by: Option<String>,
    #[schema(required = true)]
    decision_comment: Option<String>,
    /// The customer's link, once sent (for whoever may edit it).
    #[schema(required = true)]
    public_url: Option<String>,
    /// Its nota de venta (absent in a list).
    #[serde(skip_serializing_if = "Option::is_none")]
    sale_note_id: Option<i64>,
}

/// `row` as the API answers it (with `lines` and its note when read alone).
fn quote_of(
    state: &AppState,
    actor: &Actor,
    row: &QuoteRow,
    lines: Option<&[LineRow]>,
    note: Option<i64>,
) -> Quote {
    let money = |minor: i64| major(minor, &row.currency).to_string();
    let shown = QuoteState::on(&row.state, &row.valid_until, actor.clock.today());
    let base = &state.settings.public_url;
    Quote {
        id: row.id,
        folio: folio(row.folio),
        deal_id: row.deal_id,
        version: row.version,
        state: shown.code().to_string(),
        valid_until: row.valid_until.clone(),
        currency: row.currency.clone(),
        exchange_rate: row.exchange_rate.clone(),
        customer: QuoteCustomer {
            organization_id: row.organization_id,
            name: row.customer_name.clone(),
            tax_id: row.customer_tax_id.clone(),
            address: row.customer_address.clone(),
            contact_id: row.contact_id,
            contact_name: row.contact_name.clone(),
            contact_email: row.contact_email.clone(),
        },
        notes: row.notes.clone(),
        terms: row.terms.clone(),
        subtotal: money(row.subtotal_minor),
        iva: money(row.iva_minor),
        total: money(row.total_minor),
        lines: lines.map(|l| l.iter().map(|r| line_out(r, &row.currency)).collect()),
        created_at: iso(Some(row.created_at)).unwrap_or_default(),
        sent_at: iso(row.sent_at),
        decided_at: iso(row.decided_at),
        decided_by: row.decided_by_name.clone(),
        decision_comment: row.decision_comment.clone(),
        public_url: row
            .public_token
            .as_ref()
            .filter(|_| actor.may_edit_deal(row.owner_id))
            .map(|t| format!("{base}/q/{t}")),
        sale_note_id: note,
    }
}

/// The quote `id` as the API answers it.
async fn answer(state: &AppState, actor: &Actor, id: i64) -> ApiResult<Quote> {
    let (row, lines, note) = page::stored(&state.db, actor, id).await?;
    Ok(Json(quote_of(state, actor, &row, Some(&lines), note)))
}

/// Query string of the list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// Only the quotes in this state (expired: sent, past their validity).
    #[param(schema_with = state_filter)]
    state: Option<String>,
}

/// Quotes of the deals the caller sees, in id order
#[utoipa::path(get, path = "/quotes", params(ListParams, PageParams),
    responses((status = 200, body = Page<Quote>), (status = 400), (status = 422)))]
async fn list_quotes(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Params(p): Params<ListParams>,
    Params(paging): Params<PageParams>,
) -> ApiResult<Page<Quote>> {
    let mut problems = Problems::default();
    let (after, limit) = paging.read(&mut problems);
    let wanted = p.state.as_deref().filter(|s| !s.is_empty());
    let by_state = problems.word("state", wanted, QuoteState::parse);
    problems.finish()?;
    let (rows, more) = page::api_page(&state.db, &actor, by_state, after, limit).await?;
    let next = more.then(|| next_cursor(&rows, limit, |r| r.id)).flatten();
    let items = rows
        .iter()
        .map(|r| quote_of(&state, &actor, r, None, None))
        .collect();
    Ok(Json(Page { items, next }))
}

/// A new quote of a deal.
#[derive(Deserialize, ToSchema)]
struct QuoteCreate {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    deal_id: Field<i64>,
}

/// Quote a deal: a draft with its lines, customer and currency, valid 30 days
#[utoipa::path(post, path = "/quotes", request_body = QuoteCreate,
    responses((status = 201, body = Quote), (status = 400), (status = 403), (status = 404), (status = 413), (status = 422)))]
async fn create_quote(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Body(body): Body<QuoteCreate>,
) -> Result<(StatusCode, Json<Quote>), ApiError> {
    let mut problems = Problems::default();
    let deal_id = body.deal_id.require("deal_id", &mut problems);
    problems.finish()?;
    let deal_id = deal_id.ok_or(AppError::Internal)?;
    let id = edit::create(&state.db, &actor, deal_id).await?;
    Ok((StatusCode::CREATED, answer(&state, &actor, id).await?))
}

/// One quote with its lines
#[utoipa::path(get, path = "/quotes/{id}", params(Id),
    responses((status = 200, body = Quote), (status = 400), (status = 404)))]
async fn get_quote(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<Quote> {
    answer(&state, &actor, id).await
}

/// The changes of a draft: only the fields sent change (`null` or empty
/// clears one).
#[derive(Deserialize, ToSchema)]
struct QuoteUpdate {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
    /// From today to a year ahead.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    valid_until: Field<String>,
    /// A contact of the quote's organization.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    contact_id: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    notes: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    terms: Field<String>,
}

/// Change a draft (with the version read)
#[utoipa::path(patch, path = "/quotes/{id}", params(Id), request_body = QuoteUpdate,
    responses((status = 200, body = Quote), (status = 400), (status = 403), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn update_quote(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<QuoteUpdate>,
) -> ApiResult<Quote> {
    let mut p = Problems::default();
    let version = body.version.require("version", &mut p);
    let sent = QuoteInput {
        valid_until: body.valid_until.text("valid_until", &mut p),
        contact_id: body.contact_id.text("contact_id", &mut p),
        notes: body.notes.text("notes", &mut p),
        terms: body.terms.text("terms", &mut p),
    };
    p.finish()?;
    let version = version.ok_or(AppError::Internal)?;
    edit::save_draft(&state.db, &actor, id, version, sent).await?;
    answer(&state, &actor, id).await
}

/// A draft's new lines, replacing all of them.
#[derive(Deserialize, ToSchema)]
struct QuoteLinesBody {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
    /// At most 200.
    #[schema(required = true, value_type = Vec<super::deal_lines::LineBody>)]
    #[serde(default)]
    lines: Value,
}

/// Replace a draft's lines (with the version read)
#[utoipa::path(put, path = "/quotes/{id}/lines", params(Id), request_body = QuoteLinesBody,
    responses((status = 200, body = Quote), (status = 400), (status = 403), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn put_quote_lines(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<QuoteLinesBody>,
) -> ApiResult<Quote> {
    let mut p = Problems::default();
    let version = body.version.require("version", &mut p);
    let inputs = read_lines(body.lines, &mut p);
    p.finish()?;
    let version = version.ok_or(AppError::Internal)?;
    edit::save_lines(&state.db, &actor, id, version, &inputs).await?;
    answer(&state, &actor, id).await
}

/// A step of a quote, at the version read.
#[derive(Deserialize, ToSchema)]
struct QuoteStep {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
}

/// A send, at the version read.
#[derive(Deserialize, ToSchema)]
struct QuoteSend {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
    /// Also mail the contact the link and the PDF (needs a relay: else 422
    /// `email` `not_configured`; a contact without an address: 422
    /// `contact_id` `no_email`).
    #[serde(default)]
    #[schema(value_type = Option<bool>)]
    email: Field<bool>,
}

/// The customer's answer, taken by the seller (or given through the link).
#[derive(Deserialize, ToSchema)]
struct QuoteAnswer {
    /// Needed through the seller's API, not through the link.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    version: Field<i64>,
    /// Who answered (the caller's name when absent; required through the link).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    name: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    comment: Field<String>,
}

/// Does `action` to the quote `id` at the version sent.
async fn step(
    state: &AppState,
    actor: &Actor,
    id: i64,
    version: Field<i64>,
    action: QuoteAction,
    decision: Decision,
) -> ApiResult<Quote> {
    let mut p = Problems::default();
    let version = version.require("version", &mut p);
    p.finish()?;
    let version = version.ok_or(AppError::Internal)?;
    edit::act(&state.db, actor, id, version, action, decision).await?;
    answer(state, actor, id).await
}

/// Send a draft: frozen from now on, with the customer's link
#[utoipa::path(post, path = "/quotes/{id}/send", params(Id), request_body = QuoteSend,
    responses((status = 200, body = Quote), (status = 400), (status = 403), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn send_quote(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<QuoteSend>,
) -> ApiResult<Quote> {
    let mut p = Problems::default();
    let email = body.email.read("email", &mut p).unwrap_or(false);
    p.finish()?;
    let mailer = match email {
        true => Some(mail::configured(&state.mailer)?),
        false => None,
    };
    let decision = Decision {
        mail_link_base: mailer.map(|_| state.settings.public_url.clone()),
        ..Decision::default()
    };
    let sent = step(
        &state,
        &actor,
        id,
        body.version,
        QuoteAction::Send,
        decision,
    )
    .await?;
    if let Some(m) = mailer {
        m.ring();
    }
    Ok(sent)
}

/// The decision of an answer's body.
fn decision(body: &mut QuoteAnswer, p: &mut Problems) -> Decision {
    let take = |f: &mut Field<String>| std::mem::take(f);
    Decision {
        name: take(&mut body.name).text("name", p),
        comment: take(&mut body.comment).text("comment", p),
        mail_link_base: None,
    }
}

/// The customer's answer `action`, taken by the seller.
async fn taken(
    state: &AppState,
    actor: &Actor,
    id: i64,
    mut body: QuoteAnswer,
    action: QuoteAction,
) -> ApiResult<Quote> {
    let mut p = Problems::default();
    let d = decision(&mut body, &mut p);
    p.finish()?;
    step(state, actor, id, body.version, action, d).await
}

/// Record that the customer accepted a sent quote
#[utoipa::path(post, path = "/quotes/{id}/accept", params(Id), request_body = QuoteAnswer,
    responses((status = 200, body = Quote), (status = 400), (status = 403), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn accept_quote(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<QuoteAnswer>,
) -> ApiResult<Quote> {
    taken(&state, &actor, id, body, QuoteAction::Accept).await
}

/// Record that the customer rejected a sent quote
#[utoipa::path(post, path = "/quotes/{id}/reject", params(Id), request_body = QuoteAnswer,
    responses((status = 200, body = Quote), (status = 400), (status = 403), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn reject_quote(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<QuoteAnswer>,
) -> ApiResult<Quote> {
    taken(&state, &actor, id, body, QuoteAction::Reject).await
}

/// Cancel a quote (its folio stays given)
#[utoipa::path(post, path = "/quotes/{id}/cancel", params(Id), request_body = QuoteStep,
    responses((status = 200, body = Quote), (status = 400), (status = 403), (status = 404), (status = 409), (status = 413), (status = 422)))]
async fn cancel_quote(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<QuoteStep>,
) -> ApiResult<Quote> {
    let d = Decision::default();
    step(&state, &actor, id, body.version, QuoteAction::Cancel, d).await
}

/// Issue the nota de venta of an accepted quote (once)
#[utoipa::path(post, path = "/quotes/{id}/sale-note", params(Id),
    responses((status = 201, body = super::sale_notes::SaleNote), (status = 400), (status = 403), (status = 404), (status = 422)))]
async fn quote_sale_note(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<(StatusCode, Json<super::sale_notes::SaleNote>), ApiError> {
    let note = app::ssr::sale_notes::edit::from_quote(&state.db, &actor, id).await?;
    let issued = super::sale_notes::answer(&state, &actor, note).await?;
    Ok((StatusCode::CREATED, issued))
}

/// The customer's answer through their link.
async fn answered(
    state: &AppState,
    token: &str,
    accept: bool,
    mut body: QuoteAnswer,
) -> Result<StatusCode, ApiError> {
    let mut p = Problems::default();
    let d = decision(&mut body, &mut p);
    p.finish()?;
    let name = d.name.unwrap_or_default();
    let comment = d.comment.unwrap_or_default();
    public::answer(&state.db, &state.live, token, accept, &name, &comment).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept a quote through its customer's link (no sign-in; once)
#[utoipa::path(post, path = "/public/quotes/{token}/accept", params(Link),
    request_body = QuoteAnswer,
    responses((status = 204, description = "Accepted"), (status = 400), (status = 404), (status = 413), (status = 422), (status = 429)))]
async fn public_accept(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Body(body): Body<QuoteAnswer>,
) -> Result<StatusCode, ApiError> {
    answered(&state, &token, true, body).await
}

/// Reject a quote through its customer's link (no sign-in; once)
#[utoipa::path(post, path = "/public/quotes/{token}/reject", params(Link),
    request_body = QuoteAnswer,
    responses((status = 204, description = "Rejected"), (status = 400), (status = 404), (status = 413), (status = 422), (status = 429)))]
async fn public_reject(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Body(body): Body<QuoteAnswer>,
) -> Result<StatusCode, ApiError> {
    answered(&state, &token, false, body).await
}

/// A quote as PDF (its lines, totals and customer as stored: frozen once sent)
#[utoipa::path(get, path = "/quotes/{id}/pdf", params(Id),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404)))]
async fn quote_pdf(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let (name, bytes) = app::ssr::quotes::page::pdf(&state.db, &actor, id).await?;
    Ok(pdf_response(&name, bytes))
}

/// A quote as PDF through its customer's link (no sign-in)
#[utoipa::path(get, path = "/public/quotes/{token}/pdf",
    params(Link),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404)))]
async fn public_quote_pdf(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let (name, bytes) = app::ssr::quotes::public::pdf(&state.db, &token).await?;
    Ok(pdf_response(&name, bytes))
}

/// `bytes` as a PDF named `name` (a folio: letters, digits and a dash).
pub(super) fn pdf_response(name: &str, bytes: Vec<u8>) -> Response {
    let mut res = Response::new(RawBody::from(bytes));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}
