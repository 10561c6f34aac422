//! `GET/POST /api/v1/products` and `GET/PATCH/DELETE /api/v1/products/{id}`:
//! the account's product catalogue, a page at a time in id order (`limit`,
//! `cursor`), with an optional text (`q`: SKU or name) and status. Anyone
//! of the CRM reads it; writes need `crm.pipeline.configure` and go through
//! the checks of the catalogue's form ([`app::ssr::products::edit`]): a
//! PATCH changes only the fields it sends.
use super::body::{Body, Field, words};
use super::extract::{Authed, Crm, Id, Params};
use super::{ApiError, ApiResult, Page, PageParams, next_cursor, search_words};
use app::domain::lines::IvaRate;
use app::domain::money::major;
use app::domain::products::{ProductInput, ProductRow, STATUSES, status_filter};
use app::error::{AppError, Problems};
use app::ssr::auth::guard::Actor;
use app::ssr::products::db::{self as products, ProductFilter};
use app::ssr::products::edit;
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
        .routes(routes!(list_products, create_product))
        .routes(routes!(get_product, update_product, delete_product))
}

fn iva_codes() -> [&'static str; 4] {
    IvaRate::ALL.map(IvaRate::code)
}

fn iva() -> ObjectBuilder {
    words(
        &iva_codes(),
        "IVA rate: 16 %, 8 % (frontera), 0 % or exento.",
        false,
    )
}

fn iva_input() -> ObjectBuilder {
    words(&iva_codes(), "IVA rate; empty: 16.", true)
}

fn status() -> ObjectBuilder {
    words(&STATUSES, "Only active or only inactive products.", true)
}

/// A product of the catalogue.
#[derive(Serialize, ToSchema)]
struct Product {
    id: i64,
    sku: String,
    name: String,
    #[schema(required = true)]
    description: Option<String>,
    /// The unit price before tax, in the currency's units (`1250.50`).
    unit_price: String,
    /// ISO 4217.
    currency: String,
    #[schema(schema_with = iva)]
    iva: String,
    /// SAT ClaveProdServ.
    #[schema(required = true)]
    sat_product_key: Option<String>,
    /// SAT ClaveUnidad.
    #[schema(required = true)]
    sat_unit_key: Option<String>,
    active: bool,
}

impl From<ProductRow> for Product {
    fn from(p: ProductRow) -> Product {
        Product {
            id: p.id,
            unit_price: major(p.unit_price_minor, &p.currency).to_string(),
            sku: p.sku,
            name: p.name,
            description: p.description,
            currency: p.currency,
            iva: p.iva,
            sat_product_key: p.sat_product_key,
            sat_unit_key: p.sat_unit_key,
            active: p.active,
        }
    }
}

/// Query string of the list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// Words of 3 characters or more, each in the SKU or the name.
    #[param(max_length = 100)]
    q: Option<String>,
    #[param(schema_with = status)]
    status: Option<String>,
}

/// Products
#[utoipa::path(get, path = "/products", params(ListParams, PageParams),
    responses((status = 200, body = Page<Product>), (status = 400), (status = 422)))]
async fn list_products(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Params(p): Params<ListParams>,
    Params(page): Params<PageParams>,
) -> ApiResult<Page<Product>> {
    let mut problems = Problems::default();
    let (after, limit) = page.read(&mut problems);
    let words = search_words(p.q.as_deref(), &mut problems);
    let active = status_filter(&mut problems, p.status.as_deref());
    problems.finish()?;
    let filter = ProductFilter {
        account_id: actor.account_id,
        words: words.as_deref(),
        active,
    };
    let mut conn = state.db.read().await?;
    let rows = products::by_id(&mut conn.ex(), &filter, after, limit).await?;
    let next = next_cursor(&rows, limit, |p| p.id);
    let items = rows.into_iter().map(Product::from).collect();
    Ok(Json(Page { items, next }))
}

async fn product(state: &AppState, actor: &Actor, id: i64) -> ApiResult<Product> {
    let mut conn = state.db.read().await?;
    let row = products::product(&mut conn.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(row.into()))
}

/// The fields of a new product.
#[derive(Deserialize, ToSchema)]
struct ProductCreate {
    #[serde(default)]
    #[schema(required = true, value_type = String, max_length = 40)]
    sku: Field<String>,
    #[serde(default)]
    #[schema(required = true, value_type = String)]
    name: Field<String>,
    /// The unit price before tax, in the currency's units (`1250.50`).
    #[serde(default)]
    #[schema(required = true, value_type = String)]
    unit_price: Field<String>,
    #[serde(flatten)]
    #[schema(inline)]
    rest: ProductDetails,
}

/// The changes of a product: only the fields sent change.
#[derive(Deserialize, ToSchema)]
struct ProductUpdate {
    #[serde(default)]
    #[schema(value_type = String, max_length = 40)]
    sku: Field<String>,
    #[serde(default)]
    #[schema(value_type = String)]
    name: Field<String>,
    #[serde(default)]
    #[schema(value_type = String)]
    unit_price: Field<String>,
    #[serde(flatten)]
    #[schema(inline)]
    rest: ProductDetails,
}

/// The optional fields of a product (`null` or empty clears one; the
/// currency is then the account's, the IVA 16 %, the product active).
#[derive(Deserialize, ToSchema)]
struct ProductDetails {
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    description: Field<String>,
    /// ISO 4217.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    currency: Field<String>,
    #[serde(default)]
    #[schema(schema_with = iva_input)]
    iva: Field<String>,
    /// SAT ClaveProdServ: 8 digits.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    sat_product_key: Field<String>,
    /// SAT ClaveUnidad (H87, E48…).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    sat_unit_key: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<bool>)]
    active: Field<bool>,
}

impl ProductDetails {
    /// The product these fields and the required ones describe; every
    /// field of the wrong type is named in one 422.
    fn input(
        self,
        (sku, name, unit_price): (Field<String>, Field<String>, Field<String>),
    ) -> Result<ProductInput, ApiError> {
        let mut p = Problems::default();
        let input = ProductInput {
            sku: sku.text("sku", &mut p),
            name: name.text("name", &mut p),
            description: self.description.text("description", &mut p),
            unit_price: unit_price.text("unit_price", &mut p),
            currency: self.currency.text("currency", &mut p),
            iva: self.iva.text("iva", &mut p),
            sat_product_key: self.sat_product_key.text("sat_product_key", &mut p),
            sat_unit_key: self.sat_unit_key.text("sat_unit_key", &mut p),
            active: self.active.text("active", &mut p),
        };
        p.finish()?;
        Ok(input)
    }
}

/// Create a product
#[utoipa::path(post, path = "/products", request_body = ProductCreate,
    responses((status = 201, body = Product), (status = 400), (status = 403), (status = 413), (status = 422)))]
async fn create_product(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Body(body): Body<ProductCreate>,
) -> Result<(StatusCode, Json<Product>), ApiError> {
    let sent = body.rest.input((body.sku, body.name, body.unit_price))?;
    let id = edit::save(&state.db, &actor, None, sent).await?;
    Ok((StatusCode::CREATED, product(&state, &actor, id).await?))
}

/// Change a product (only the fields sent)
#[utoipa::path(patch, path = "/products/{id}", params(Id), request_body = ProductUpdate,
    responses((status = 200, body = Product), (status = 400), (status = 403), (status = 404), (status = 413), (status = 422)))]
async fn update_product(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<ProductUpdate>,
) -> ApiResult<Product> {
    let sent = body.rest.input((body.sku, body.name, body.unit_price))?;
    edit::save(&state.db, &actor, Some(id), sent).await?;
    product(&state, &actor, id).await
}

/// Delete a product (lines that took it keep what they copied)
#[utoipa::path(delete, path = "/products/{id}", params(Id),
    responses((status = 204, description = "Deleted"), (status = 403), (status = 404)))]
async fn delete_product(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    edit::delete(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One product
#[utoipa::path(get, path = "/products/{id}", params(Id),
    responses((status = 200, body = Product), (status = 404)))]
async fn get_product(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<Product> {
    product(&state, &actor, id).await
}
