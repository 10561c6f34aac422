//! `GET/POST /api/v1/organizations` and `GET/POST /api/v1/contacts`: the
//! account's organizations and contacts, a page at a time (`limit`,
//! `cursor`), with an optional text (`q`: name, or a contact's email), and
//! `GET/PATCH/DELETE` of each by id. Writes go through the checks the
//! pages' forms use ([`app::ssr::directory::edit`]): a PATCH changes only the
//! fields it sends.
use super::body::{Body, Field, words};
use super::extract::{Authed, Crm, Id, Params};
use super::{ApiError, ApiResult, Page, PageParams, next_cursor, search_words};
use app::domain::directory::LIFECYCLES;
use app::domain::directory_input::{ContactInput, OrganizationInput};
use app::domain::sat;
use app::domain::tax_id::TAX_COUNTRIES;
use app::error::{AppError, Problems};
use app::ssr::auth::guard::Actor;
use app::ssr::db::Ex;
use app::ssr::directory::db::tags::{self, Tagged};
use app::ssr::directory::db::{self as directory, ContactRow, OrganizationRow};
use app::ssr::directory::edit as directory_edit;
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
        .routes(routes!(list_organizations, create_organization))
        .routes(routes!(
            get_organization,
            update_organization,
            delete_organization
        ))
        .routes(routes!(list_contacts, create_contact))
        .routes(routes!(get_contact, update_contact, delete_contact))
}

fn lifecycle() -> ObjectBuilder {
    words(&LIFECYCLES, "", false)
}

fn lifecycle_input() -> ObjectBuilder {
    words(&LIFECYCLES, "", true)
}

fn country_codes() -> Vec<&'static str> {
    TAX_COUNTRIES.iter().map(|c| c.code).collect()
}

const COUNTRY: &str = "The country of the tax id (ISO 3166-1 alpha-2): MX reads an RFC, \
     AR a CUIT, CL a RUT, CO and GT a NIT, EC and PE a RUC, US an EIN.";
const REGIME: &str = "Régimen fiscal (SAT c_RegimenFiscal).";
const USE: &str = "The use of CFDI (SAT c_UsoCFDI); on an organization, the one its invoices take.";

fn tax_country() -> ObjectBuilder {
    words(&country_codes(), COUNTRY, false)
}

fn tax_country_input() -> ObjectBuilder {
    words(&country_codes(), COUNTRY, true)
}

fn tax_system() -> ObjectBuilder {
    words(&sat::regime_codes(), REGIME, true)
}

pub(super) fn cfdi_use() -> ObjectBuilder {
    words(&sat::use_codes(), USE, true)
}

/// An organization (cliente) with its tags.
#[derive(Serialize, ToSchema)]
struct Organization {
    id: i64,
    name: String,
    #[schema(required = true)]
    tax_id: Option<String>,
    #[schema(required = true)]
    phone: Option<String>,
    #[schema(required = true)]
    email: Option<String>,
    #[schema(required = true)]
    address: Option<String>,
    #[schema(schema_with = lifecycle)]
    lifecycle: String,
    #[schema(required = true)]
    owner_id: Option<i64>,
    tags: Vec<String>,
    /// Razón social, as on the Constancia de Situación Fiscal.
    #[schema(required = true)]
    legal_name: Option<String>,
    #[schema(schema_with = tax_country)]
    tax_country: String,
    #[schema(required = true, schema_with = tax_system)]
    tax_system: Option<String>,
    /// Código postal fiscal.
    #[schema(required = true)]
    tax_zip: Option<String>,
    #[schema(required = true, schema_with = cfdi_use)]
    cfdi_use: Option<String>,
}

impl Organization {
    fn new(o: OrganizationRow, tags: Vec<String>) -> Organization {
        Organization {
            id: o.id,
            name: o.name,
            tax_id: o.tax_id,
            phone: o.phone,
            email: o.email,
            address: o.address,
            lifecycle: o.lifecycle,
            owner_id: o.owner_id,
            tags,
            legal_name: o.fiscal.legal_name,
            tax_country: o.fiscal.tax_country,
            tax_system: o.fiscal.tax_system,
            tax_zip: o.fiscal.tax_zip,
            cfdi_use: o.fiscal.cfdi_use,
        }
    }
}

/// A contact (contacto) with its tags.
#[derive(Serialize, ToSchema)]
struct Contact {
    id: i64,
    #[schema(required = true)]
    organization_id: Option<i64>,
    name: String,
    #[schema(required = true)]
    job_title: Option<String>,
    #[schema(required = true)]
    email: Option<String>,
    #[schema(required = true)]
    phone: Option<String>,
    #[schema(schema_with = lifecycle)]
    lifecycle: String,
    #[schema(required = true)]
    owner_id: Option<i64>,
    tags: Vec<String>,
}

impl Contact {
    fn new(c: ContactRow, tags: Vec<String>) -> Contact {
        Contact {
            id: c.id,
            organization_id: c.organization_id,
            name: c.name,
            job_title: c.job_title,
            email: c.email,
            phone: c.phone,
            lifecycle: c.lifecycle,
            owner_id: c.owner_id,
            tags,
        }
    }
}

/// Each record with its tags, made by `make`; `id` tells a record's id.
async fn with_tags<T, R>(
    ex: &mut Ex<'_>,
    of: Tagged,
    records: Vec<T>,
    id: impl Fn(&T) -> i64,
    make: impl Fn(T, Vec<String>) -> R,
) -> Result<Vec<R>, AppError> {
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
            make(record, tags)
        })
        .collect())
}

/// Query string of both lists.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// Words of 3 characters or more, each in the name or RFC (a contact: name or email).
    #[param(max_length = 100)]
    q: Option<String>,
}

impl ListParams {
    /// The searched words, the cursor and the page size asked for; text
    /// without a word of three characters or more is refused.
    fn read(&self, page: &PageParams) -> Result<(Option<Vec<String>>, i64, i64), ApiError> {
        let mut problems = Problems::default();
        let (after, limit) = page.read(&mut problems);
        let words = search_words(self.q.as_deref(), &mut problems);
        problems.finish()?;
        Ok((words, after, limit))
    }
}

/// Organizations (clientes)
#[utoipa::path(get, path = "/organizations", params(ListParams, PageParams),
    responses((status = 200, body = Page<Organization>), (status = 400), (status = 422)))]
async fn list_organizations(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Params(p): Params<ListParams>,
    Params(page): Params<PageParams>,
) -> ApiResult<Page<Organization>> {
    let (words, after, limit) = p.read(&page)?;
    let mut conn = state.db.read().await?;
    let mut ex = conn.ex();
    let rows =
        directory::organizations(&mut ex, actor.account_id, words.as_deref(), after, limit).await?;
    let next = next_cursor(&rows, limit, |o| o.id);
    let items = with_tags(
        &mut ex,
        Tagged::Organization,
        rows,
        |o| o.id,
        Organization::new,
    )
    .await?;
    Ok(Json(Page { items, next }))
}

/// Contacts
#[utoipa::path(get, path = "/contacts", params(ListParams, PageParams),
    responses((status = 200, body = Page<Contact>), (status = 400), (status = 422)))]
async fn list_contacts(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Params(p): Params<ListParams>,
    Params(page): Params<PageParams>,
) -> ApiResult<Page<Contact>> {
    let (words, after, limit) = p.read(&page)?;
    let mut conn = state.db.read().await?;
    let mut ex = conn.ex();
    let rows =
        directory::contacts(&mut ex, actor.account_id, words.as_deref(), after, limit).await?;
    let next = next_cursor(&rows, limit, |c| c.id);
    let items = with_tags(&mut ex, Tagged::Contact, rows, |c| c.id, Contact::new).await?;
    Ok(Json(Page { items, next }))
}

async fn organization(state: &AppState, actor: &Actor, id: i64) -> ApiResult<Organization> {
    let mut conn = state.db.read().await?;
    let mut ex = conn.ex();
    let row = directory::organization(&mut ex, actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut one = with_tags(
        &mut ex,
        Tagged::Organization,
        vec![row],
        |o| o.id,
        Organization::new,
    )
    .await?;
    Ok(Json(one.pop().ok_or(AppError::NotFound)?))
}

async fn contact(state: &AppState, actor: &Actor, id: i64) -> ApiResult<Contact> {
    let mut conn = state.db.read().await?;
    let mut ex = conn.ex();
    let row = directory::contact(&mut ex, actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut one = with_tags(&mut ex, Tagged::Contact, vec![row], |c| c.id, Contact::new).await?;
    Ok(Json(one.pop().ok_or(AppError::NotFound)?))
}

/// The fields of a new organization.
#[derive(Deserialize, ToSchema)]
struct OrganizationCreate {
    #[serde(default)]
    #[schema(required = true, value_type = String)]
    name: Field<String>,
    #[serde(flatten)]
    #[schema(inline)]
    rest: OrganizationDetails,
}

/// The changes of an organization: only the fields sent change.
#[derive(Deserialize, ToSchema)]
struct OrganizationUpdate {
    #[serde(default)]
    #[schema(value_type = String)]
    name: Field<String>,
    #[serde(flatten)]
    #[schema(inline)]
    rest: OrganizationDetails,
}

/// The optional fields of an organization (`null` or empty clears one; the
/// lifecycle is then `prospecto`, the owner the caller).
#[derive(Deserialize, ToSchema)]
struct OrganizationDetails {
    /// RFC, or the tax id of `tax_country`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    tax_id: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    phone: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    email: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    address: Field<String>,
    #[serde(default)]
    #[schema(schema_with = lifecycle_input)]
    lifecycle: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    owner_id: Field<i64>,
    /// Comma-separated tags; they replace the record's tags.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    tags: Field<String>,
    /// Razón social, as on the Constancia de Situación Fiscal, without
    /// its régimen societario.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    legal_name: Field<String>,
    /// Empty: MX.
    #[serde(default)]
    #[schema(schema_with = tax_country_input)]
    tax_country: Field<String>,
    #[serde(default)]
    #[schema(schema_with = tax_system)]
    tax_system: Field<String>,
    /// Código postal fiscal (in Mexico 5 digits).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    tax_zip: Field<String>,
    #[serde(default)]
    #[schema(schema_with = cfdi_use)]
    cfdi_use: Field<String>,
}

/// The fields of a new contact.
#[derive(Deserialize, ToSchema)]
struct ContactCreate {
    #[serde(default)]
    #[schema(required = true, value_type = String)]
    name: Field<String>,
    #[serde(flatten)]
    #[schema(inline)]
    rest: ContactDetails,
}

/// The changes of a contact: only the fields sent change.
#[derive(Deserialize, ToSchema)]
struct ContactUpdate {
    #[serde(default)]
    #[schema(value_type = String)]
    name: Field<String>,
    #[serde(flatten)]
    #[schema(inline)]
    rest: ContactDetails,
}

/// The optional fields of a contact (`null` or empty clears one; the
/// lifecycle is then `prospecto`, the owner the caller).
#[derive(Deserialize, ToSchema)]
struct ContactDetails {
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    organization_id: Field<i64>,
    /// An organization by name, instead of its id (created when missing).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    organization: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    job_title: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    email: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    phone: Field<String>,
    #[serde(default)]
    #[schema(schema_with = lifecycle_input)]
    lifecycle: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    owner_id: Field<i64>,
    /// Comma-separated tags; they replace the record's tags.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    tags: Field<String>,
}

impl OrganizationDetails {
    /// The organization these fields and `name` describe; every field of
    /// the wrong type is named in one 422.
    fn input(self, name: Field<String>) -> Result<OrganizationInput, ApiError> {
        let mut p = Problems::default();
        let input = OrganizationInput {
            name: name.text("name", &mut p),
            tax_id: self.tax_id.text("tax_id", &mut p),
            phone: self.phone.text("phone", &mut p),
            email: self.email.text("email", &mut p),
            address: self.address.text("address", &mut p),
            lifecycle: self.lifecycle.text("lifecycle", &mut p),
            owner_id: self.owner_id.text("owner_id", &mut p),
            tags: self.tags.text("tags", &mut p),
            legal_name: self.legal_name.text("legal_name", &mut p),
            tax_country: self.tax_country.text("tax_country", &mut p),
            tax_system: self.tax_system.text("tax_system", &mut p),
            tax_zip: self.tax_zip.text("tax_zip", &mut p),
            cfdi_use: self.cfdi_use.text("cfdi_use", &mut p),
        };
        p.finish()?;
        Ok(input)
    }
}

impl ContactDetails {
    /// The contact these fields and `name` describe; every field of the
    /// wrong type is named in one 422.
    fn input(self, name: Field<String>) -> Result<ContactInput, ApiError> {
        let mut p = Problems::default();
        let input = ContactInput {
            organization_id: self.organization_id.text("organization_id", &mut p),
            organization: self.organization.text("organization", &mut p),
            name: name.text("name", &mut p),
            job_title: self.job_title.text("job_title", &mut p),
            email: self.email.text("email", &mut p),
            phone: self.phone.text("phone", &mut p),
            lifecycle: self.lifecycle.text("lifecycle", &mut p),
            owner_id: self.owner_id.text("owner_id", &mut p),
            tags: self.tags.text("tags", &mut p),
        };
        p.finish()?;
        Ok(input)
    }
}

/// Create an organization
#[utoipa::path(post, path = "/organizations", request_body = OrganizationCreate,
    responses((status = 201, body = Organization), (status = 400), (status = 413), (status = 422)))]
async fn create_organization(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Body(body): Body<OrganizationCreate>,
) -> Result<(StatusCode, Json<Organization>), ApiError> {
    let sent = body.rest.input(body.name)?;
    let id = directory_edit::save_organization(&state.db, &actor, None, sent).await?;
    Ok((StatusCode::CREATED, organization(&state, &actor, id).await?))
}

/// Change an organization (only the fields sent)
#[utoipa::path(patch, path = "/organizations/{id}", params(Id), request_body = OrganizationUpdate,
    responses((status = 200, body = Organization), (status = 400), (status = 404), (status = 413), (status = 422)))]
async fn update_organization(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<OrganizationUpdate>,
) -> ApiResult<Organization> {
    let sent = body.rest.input(body.name)?;
    directory_edit::save_organization(&state.db, &actor, Some(id), sent).await?;
    organization(&state, &actor, id).await
}

/// Delete an organization (its contacts, deals and activities stay, unlinked)
#[utoipa::path(delete, path = "/organizations/{id}", params(Id),
    responses((status = 204, description = "Deleted"), (status = 404)))]
async fn delete_organization(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    directory_edit::delete_organization(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Create a contact
#[utoipa::path(post, path = "/contacts", request_body = ContactCreate,
    responses((status = 201, body = Contact), (status = 400), (status = 413), (status = 422)))]
async fn create_contact(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Body(body): Body<ContactCreate>,
) -> Result<(StatusCode, Json<Contact>), ApiError> {
    let sent = body.rest.input(body.name)?;
    let id = directory_edit::save_contact(&state.db, &actor, None, sent).await?;
    Ok((StatusCode::CREATED, contact(&state, &actor, id).await?))
}

/// Change a contact (only the fields sent)
#[utoipa::path(patch, path = "/contacts/{id}", params(Id), request_body = ContactUpdate,
    responses((status = 200, body = Contact), (status = 400), (status = 404), (status = 413), (status = 422)))]
async fn update_contact(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
    Body(body): Body<ContactUpdate>,
) -> ApiResult<Contact> {
    let sent = body.rest.input(body.name)?;
    directory_edit::save_contact(&state.db, &actor, Some(id), sent).await?;
    contact(&state, &actor, id).await
}

/// Delete a contact (its deals and activities stay, unlinked)
#[utoipa::path(delete, path = "/contacts/{id}", params(Id),
    responses((status = 204, description = "Deleted"), (status = 404)))]
async fn delete_contact(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    directory_edit::delete_contact(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One organization
#[utoipa::path(get, path = "/organizations/{id}", params(Id),
    responses((status = 200, body = Organization), (status = 404)))]
async fn get_organization(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<Organization> {
    organization(&state, &actor, id).await
}

/// One contact
#[utoipa::path(get, path = "/contacts/{id}", params(Id),
    responses((status = 200, body = Contact), (status = 404)))]
async fn get_contact(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> ApiResult<Contact> {
    contact(&state, &actor, id).await
}
