//! Notas de venta: `GET /api/v1/sale-notes/{id}`, a note with its lines
//! as issued; `POST /api/v1/deals/{id}/sale-note`, the note of a won
//! deal's own lines (once; a quote's: `POST /quotes/{id}/sale-note`);
//! `GET /api/v1/sale-notes/{id}/pdf`, the note as the PDF
//! its customer keeps; `GET /api/v1/sale-notes/{id}/cfdi`, the request that
//! would invoice it (Facturapi's "create invoice" body, see
//! [`app::ssr::sale_notes::cfdi`]) with what it still lacks; and
//! `PATCH /api/v1/sale-notes/{id}/billing`, how it is paid and the use of
//! its invoice. Whoever sees the note's deal reads them; whoever may edit
//! it sets its billing.
use super::body::{Body, Field, words};
use super::deal_lines::{DealLine, line_out};
use super::directory::cfdi_use;
use super::extract::{Authed, Crm, Id};
use super::iso;
use super::quotes::pdf_response;
use super::{ApiError, ApiResult};
use app::domain::money::major;
use app::domain::sale_notes::{Billing, BillingInput, folio};
use app::domain::sat::{PAYMENT_FORMS, PAYMENT_METHODS, codes};
use app::error::Problems;
use app::ssr::auth::guard::Actor;
use app::ssr::sale_notes::cfdi::CfdiDraft;
use app::ssr::sale_notes::{edit, page};
use app::ssr::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::ObjectBuilder;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_sale_note))
        .routes(routes!(deal_sale_note))
        .routes(routes!(sale_note_pdf))
        .routes(routes!(sale_note_cfdi))
        .routes(routes!(update_billing))
}

fn payment_form() -> ObjectBuilder {
    words(&codes(&PAYMENT_FORMS), "SAT c_FormaPago.", true)
}

fn payment_method() -> ObjectBuilder {
    words(
        &codes(&PAYMENT_METHODS),
        "SAT c_MetodoPago; empty: PUE.",
        true,
    )
}

/// How a note is paid and the use of its invoice.
#[derive(Serialize, ToSchema)]
struct NoteBilling {
    #[schema(required = true, schema_with = payment_form)]
    payment_form: Option<String>,
    #[schema(schema_with = payment_method)]
    payment_method: String,
    #[schema(required = true, schema_with = cfdi_use)]
    cfdi_use: Option<String>,
}

impl From<Billing> for NoteBilling {
    fn from(b: Billing) -> NoteBilling {
        NoteBilling {
            payment_form: b.payment_form,
            payment_method: b.payment_method,
            cfdi_use: b.cfdi_use,
        }
    }
}

/// The changes of a note's billing: only the fields sent change (`null`
/// or empty clears one). A deferred payment (PPD) takes the form 99, and
/// one paid at once (PUE) any other.
#[derive(Deserialize, ToSchema)]
struct BillingUpdate {
    #[serde(default)]
    #[schema(schema_with = payment_form)]
    payment_form: Field<String>,
    #[serde(default)]
    #[schema(schema_with = payment_method)]
    payment_method: Field<String>,
    #[serde(default)]
    #[schema(schema_with = cfdi_use)]
    cfdi_use: Field<String>,
}

/// A nota de venta as issued; money as decimal strings of its currency.
#[derive(Serialize, ToSchema)]
pub(super) struct SaleNote {
    id: i64,
    /// `NV-000123`.
    folio: String,
    deal_id: i64,
    /// The quote it came from (none: its deal's own lines).
    #[schema(required = true)]
    quote_id: Option<i64>,
    #[schema(required = true)]
    organization_id: Option<i64>,
    #[schema(required = true)]
    customer_name: Option<String>,
    #[schema(required = true)]
    customer_tax_id: Option<String>,
    currency: String,
    exchange_rate: String,
    subtotal: String,
    iva: String,
    total: String,
    lines: Vec<DealLine>,
    billing: NoteBilling,
    #[schema(format = DateTime)]
    issued_at: String,
}

/// The note `id` as the API answers it.
pub(super) async fn answer(state: &AppState, actor: &Actor, id: i64) -> ApiResult<SaleNote> {
    let (row, lines) = page::stored(&state.db, actor, id).await?;
    let money = |minor: i64| major(minor, &row.currency).to_string();
    Ok(Json(SaleNote {
        id: row.id,
        folio: folio(row.folio),
        deal_id: row.deal_id,
        quote_id: row.quote_id,
        organization_id: row.organization_id,
        customer_name: row.customer_name.clone(),
        customer_tax_id: row.customer_tax_id.clone(),
        subtotal: money(row.subtotal_minor),
        iva: money(row.iva_minor),
        total: money(row.total_minor),
        lines: lines.iter().map(|l| line_out(l, &row.currency)).collect(),
        billing: row.billing().into(),
        issued_at: iso(Some(row.created_at)).unwrap_or_default(),
        currency: row.currency,
        exchange_rate: row.exchange_rate,
    }))
}

/// One nota de venta with its lines
#[utoipa::path(get, path = "/sale-notes/{id}", params(Id),
    responses((status = 200, body = SaleNote), (status = 400), (status = 404)))]
async fn get_sale_note(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<SaleNote> {
    answer(&state, &actor, id).await
}

/// Issue the nota de venta of a won deal's own lines (once)
#[utoipa::path(post, path = "/deals/{id}/sale-note", params(Id),
    responses((status = 201, body = SaleNote), (status = 400), (status = 403), (status = 404), (status = 422)))]
async fn deal_sale_note(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<(StatusCode, Json<SaleNote>), ApiError> {
    let note = edit::from_deal(&state.db, &actor, id).await?;
    Ok((StatusCode::CREATED, answer(&state, &actor, note).await?))
}

/// A nota de venta as PDF
#[utoipa::path(get, path = "/sale-notes/{id}/pdf", params(Id),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404)))]
async fn sale_note_pdf(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let (name, bytes) = page::pdf(&state.db, &actor, id).await?;
    Ok(pdf_response(&name, bytes))
}

/// A nota de venta as the request that would invoice it (CFDI 4.0)
///
/// The body of Facturapi's `POST /v2/invoices` in `invoice`, with the
/// note's totals and, in `missing`, every field the invoice still lacks
/// (`ready` when none): the customer's fiscal data and the SAT keys of
/// the lines' products as they are now, the note's lines and amounts as
/// issued. Amounts are exact decimal numbers.
#[utoipa::path(get, path = "/sale-notes/{id}/cfdi", params(Id),
    responses((status = 200, body = CfdiDraft), (status = 404)))]
async fn sale_note_cfdi(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<CfdiDraft> {
    Ok(Json(page::cfdi(&state.db, &actor, id).await?))
}

/// Set how a nota de venta is paid and the use of its invoice
#[utoipa::path(patch, path = "/sale-notes/{id}/billing", params(Id), request_body = BillingUpdate,
    responses((status = 200, body = NoteBilling), (status = 400), (status = 403), (status = 404), (status = 413), (status = 422)))]
async fn update_billing(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<BillingUpdate>,
) -> ApiResult<NoteBilling> {
    let mut p = Problems::default();
    let sent = BillingInput {
        payment_form: body.payment_form.text("payment_form", &mut p),
        payment_method: body.payment_method.text("payment_method", &mut p),
        cfdi_use: body.cfdi_use.text("cfdi_use", &mut p),
    };
    p.finish()?;
    let billing = edit::set_billing(&state.db, &actor, id, sent).await?;
    Ok(Json(billing.into()))
}
