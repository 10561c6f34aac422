//! `/api/v1/deals/{id}/lines`: a deal's lines (products or free text) with
//! what they come to, read, and replaced whole with the deal's `version`
//! — the same operation as the deal page's "Productos" section, so the
//! figures, the value that follows the subtotal, the history event and
//! the checks are the same.
use super::ApiResult;
use super::body::{Body, Field};
use super::extract::{Authed, Crm, Id};
use app::domain::deal_lines::{LineInput, discount_of, line_field, quantity_of};
use app::domain::money::major;
use app::error::{AppError, Problems};
use app::ssr::auth::guard::Actor;
use app::ssr::deals::db::lines::LineRow;
use app::ssr::deals::lines as service;
use app::ssr::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_lines, put_lines))
}

/// One line of a deal or a document; money as decimal strings of its
/// currency.
#[derive(Serialize, ToSchema)]
pub(super) struct DealLine {
    /// The catalogue product it came from (none: free text, or a product
    /// since deleted).
    #[schema(required = true)]
    product_id: Option<i64>,
    /// The product's SKU when the line was saved.
    #[schema(required = true)]
    sku: Option<String>,
    description: String,
    #[schema(example = "1.5")]
    quantity: String,
    #[schema(example = "1250.50")]
    unit_price: String,
    /// In percent.
    #[schema(example = "10")]
    discount: String,
    /// `16`, `8`, `0` or `exempt`.
    iva: String,
    /// Quantity × unit price less the discount, rounded half up to the
    /// currency's minor unit.
    subtotal: String,
    /// The subtotal × the rate, rounded the same way.
    iva_amount: String,
    total: String,
}

/// A deal's lines and their sums (each the sum of the lines' rounded
/// figures).
#[derive(Serialize, ToSchema)]
struct DealLines {
    deal_id: i64,
    /// The deal's version (send it back to change the lines).
    version: i64,
    /// The deal's currency, which every line is in.
    currency: String,
    /// Whether the deal's value is the lines' subtotal.
    value_from_lines: bool,
    lines: Vec<DealLine>,
    subtotal: String,
    iva: String,
    total: String,
}

/// One line as sent: every field as text; a product may bring the
/// description (its name), the unit price (its price, when it is in the
/// deal's currency) and the IVA (its rate).
#[derive(Deserialize, ToSchema)]
pub(super) struct LineBody {
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    product_id: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    description: Field<String>,
    /// More than 0, up to 3 decimals; absent: 1.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "1.5")]
    quantity: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "1250.50")]
    unit_price: Field<String>,
    /// In percent, 0 to 100, up to 2 decimals.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "10")]
    discount: Field<String>,
    /// `16`, `8`, `0` or `exempt`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    iva: Field<String>,
}

/// The deal's new lines, replacing all of them (an empty list removes them).
#[derive(Deserialize, ToSchema)]
struct LinesBody {
    #[serde(default)]
    #[schema(required = true, value_type = i64)]
    version: Field<i64>,
    /// Whether the deal's value is to be the lines' subtotal; absent: as it is.
    #[serde(default)]
    #[schema(value_type = Option<bool>)]
    value_from_lines: Field<bool>,
    /// At most 200.
    #[schema(required = true, value_type = Vec<LineBody>)]
    #[serde(default)]
    lines: Value,
}

/// The lines of `deal_id` as the API answers them.
async fn answer(state: &AppState, actor: &Actor, deal_id: i64) -> ApiResult<DealLines> {
    let (deal, rows) = service::stored(&state.db, actor, deal_id).await?;
    let money = |minor: i64| major(minor, &deal.currency).to_string();
    let sum = app::ssr::lines::sums(&rows);
    Ok(Json(DealLines {
        deal_id,
        version: deal.version,
        value_from_lines: deal.value_from_lines,
        subtotal: money(sum.subtotal_minor),
        iva: money(sum.iva_minor),
        total: money(sum.total_minor),
        lines: rows.iter().map(|r| line_out(r, &deal.currency)).collect(),
        currency: deal.currency.clone(),
    }))
}

/// `r` as the API answers it, in `currency`.
pub(super) fn line_out(r: &LineRow, currency: &str) -> DealLine {
    let money = |minor: i64| major(minor, currency).to_string();
    DealLine {
        product_id: r.product_id,
        sku: r.sku.clone(),
        description: r.description.clone(),
        quantity: quantity_of(r.quantity_milli).to_string(),
        unit_price: money(r.unit_price_minor),
        discount: discount_of(r.discount_bp).to_string(),
        iva: r.iva.clone(),
        subtotal: money(r.subtotal_minor),
        iva_amount: money(r.iva_minor),
        total: money(r.total_minor),
    }
}

/// The lines a body sent as `lines` (an array of [`LineBody`]), each
/// field of the wrong type named by its line (`lines.2.quantity`).
pub(super) fn read_lines(lines: Value, problems: &mut Problems) -> Vec<LineInput> {
    let items = match lines {
        Value::Array(items) => items,
        Value::Null => {
            problems.add("lines", "required");
            vec![]
        }
        _ => {
            problems.add("lines", "must_be_array");
            vec![]
        }
    };
    let mut inputs = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let Ok(line) = serde_json::from_value::<LineBody>(item) else {
            problems.add(&format!("lines.{i}"), "must_be_object");
            continue;
        };
        let mut text = |f: Field<String>, name: &str| {
            f.text(&line_field(i, name), problems).unwrap_or_default()
        };
        let description = text(line.description, "description");
        let quantity = text(line.quantity, "quantity");
        let unit_price = text(line.unit_price, "unit_price");
        let discount = text(line.discount, "discount");
        let iva = text(line.iva, "iva");
        let product_id = line
            .product_id
            .read(&line_field(i, "product_id"), problems)
            .map(|id| id.to_string())
            .unwrap_or_default();
        inputs.push(LineInput {
            product_id,
            description,
            quantity,
            unit_price,
            discount,
            iva,
        });
    }
    inputs
}

/// A deal's lines and their sums
#[utoipa::path(get, path = "/deals/{id}/lines", params(Id),
    responses((status = 200, body = DealLines), (status = 400), (status = 403), (status = 404)))]
async fn get_lines(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<DealLines> {
    answer(&state, &actor, id).await
}

/// Replace a deal's lines (with the version read); the value follows their
/// subtotal when `value_from_lines`
#[utoipa::path(put, path = "/deals/{id}/lines", params(Id), request_body = LinesBody,
    responses((status = 200, body = DealLines), (status = 400), (status = 403), (status = 404),
        (status = 409), (status = 413), (status = 422)))]
async fn put_lines(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<LinesBody>,
) -> ApiResult<DealLines> {
    let mut problems = Problems::default();
    let version = body.version.require("version", &mut problems);
    let value_from_lines = body
        .value_from_lines
        .read("value_from_lines", &mut problems);
    let inputs = read_lines(body.lines, &mut problems);
    problems.finish()?;
    let version = version.ok_or(AppError::Internal)?;
    let value_from_lines = match value_from_lines {
        Some(v) => v,
        None => {
            service::stored(&state.db, &actor, id)
                .await?
                .0
                .value_from_lines
        }
    };
    service::save(
        &state.db,
        &state.live,
        &actor,
        id,
        version,
        &inputs,
        value_from_lines,
    )
    .await?;
    answer(&state, &actor, id).await
}
