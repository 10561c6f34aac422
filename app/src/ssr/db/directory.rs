//! The account's organizations and contacts as the REST API lists them:
//! pages in id order after a cursor, optionally matching a text.
use super::Ex;
use crate::domain::directory::{ContactListRow, OrganizationContact, OrganizationListRow};
use crate::error::AppError;
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};

/// An organization (cliente).
#[derive(Clone, Debug, serde::Serialize, sqlx::FromRow)]
pub struct OrganizationRow {
    pub id: i64,
    pub name: String,
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub lifecycle: String,
    pub owner_id: Option<i64>,
}

/// A contact (contacto).
#[derive(Clone, Debug, serde::Serialize, sqlx::FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub organization_id: Option<i64>,
    pub name: String,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lifecycle: String,
    pub owner_id: Option<i64>,
}

macro_rules! organization_select {
    () => {
        "SELECT id, name, tax_id, phone, email, address, lifecycle, owner_id FROM organizations "
    };
}

macro_rules! contact_select {
    () => {
        "SELECT id, organization_id, name, job_title, email, phone, lifecycle, owner_id FROM contacts "
    };
}

/// Up to `limit` organizations after id `after`, whose name contains
/// `pattern` (a LIKE pattern) when given.
pub async fn organizations(
    ex: &mut Ex<'_>,
    account_id: i64,
    pattern: Option<&str>,
    after: i64,
    limit: i64,
) -> Result<Vec<OrganizationRow>, AppError> {
    Ok(fetch_all!(
        ex,
        OrganizationRow,
        concat!(
            organization_select!(),
            "WHERE account_id = $1 AND ($2 IS NULL OR LOWER(name) LIKE $2 ESCAPE '\\') \
           AND id > $3 ORDER BY id LIMIT $4"
        ),
        account_id,
        pattern,
        after,
        limit
    )?)
}

/// Up to `limit` contacts after id `after`, whose name or email contains
/// `pattern` (a LIKE pattern) when given.
pub async fn contacts(
    ex: &mut Ex<'_>,
    account_id: i64,
    pattern: Option<&str>,
    after: i64,
    limit: i64,
) -> Result<Vec<ContactRow>, AppError> {
    Ok(fetch_all!(
        ex,
        ContactRow,
        concat!(
            contact_select!(),
            "WHERE account_id = $1 \
           AND ($2 IS NULL OR LOWER(name) LIKE $2 ESCAPE '\\' \
                OR LOWER(COALESCE(email, '')) LIKE $2 ESCAPE '\\') \
           AND id > $3 ORDER BY id LIMIT $4"
        ),
        account_id,
        pattern,
        after,
        limit
    )?)
}

/// A new organization, its fields already checked.
pub struct NewOrganization {
    pub name: String,
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub lifecycle: String,
    pub owner_id: i64,
}

/// Creates an organization of the account; returns its id.
pub async fn insert_organization(
    ex: &mut Ex<'_>,
    account_id: i64,
    o: &NewOrganization,
    now: i64,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO organizations (account_id, name, tax_id, phone, email, address, lifecycle, \
           owner_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        account_id,
        &o.name,
        &o.tax_id,
        &o.phone,
        &o.email,
        &o.address,
        &o.lifecycle,
        o.owner_id,
        now
    )?)
}

/// A new contact, its fields already checked.
pub struct NewContact {
    pub organization_id: Option<i64>,
    pub name: String,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lifecycle: String,
    pub owner_id: i64,
}

/// Creates a contact of the account (its organization already checked to
/// be the account's); returns its id.
pub async fn insert_contact(
    ex: &mut Ex<'_>,
    account_id: i64,
    c: &NewContact,
    now: i64,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO contacts (account_id, organization_id, name, job_title, email, phone, \
           lifecycle, owner_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        account_id,
        c.organization_id,
        &c.name,
        &c.job_title,
        &c.email,
        &c.phone,
        &c.lifecycle,
        c.owner_id,
        now
    )?)
}

/// Writes an edited organization's fields.
pub async fn update_organization(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    o: &NewOrganization,
    now: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE organizations SET name = $3, tax_id = $4, phone = $5, email = $6, address = $7, \
           lifecycle = $8, owner_id = $9, updated_at = $10 WHERE account_id = $1 AND id = $2",
        account_id,
        id,
        &o.name,
        &o.tax_id,
        &o.phone,
        &o.email,
        &o.address,
        &o.lifecycle,
        o.owner_id,
        now
    )?;
    Ok(())
}

/// Writes an edited contact's fields (its organization already checked).
pub async fn update_contact(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    c: &NewContact,
    now: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE contacts SET organization_id = $3, name = $4, job_title = $5, email = $6, \
           phone = $7, lifecycle = $8, owner_id = $9, updated_at = $10 \
         WHERE account_id = $1 AND id = $2",
        account_id,
        id,
        c.organization_id,
        &c.name,
        &c.job_title,
        &c.email,
        &c.phone,
        &c.lifecycle,
        c.owner_id,
        now
    )?;
    Ok(())
}

/// Deletes an organization (the database unlinks its contacts, deals and
/// activities).
pub async fn delete_organization(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "DELETE FROM organizations WHERE account_id = $1 AND id = $2",
        account_id,
        id
    )?;
    Ok(())
}

/// Deletes a contact (the database unlinks its deals and activities).
pub async fn delete_contact(ex: &mut Ex<'_>, account_id: i64, id: i64) -> Result<(), AppError> {
    execute!(
        ex,
        "DELETE FROM contacts WHERE account_id = $1 AND id = $2",
        account_id,
        id
    )?;
    Ok(())
}

/// The organization of the account with this name (any case).
pub async fn organization_named(
    ex: &mut Ex<'_>,
    account_id: i64,
    name: &str,
) -> Result<Option<i64>, AppError> {
    Ok(fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM organizations WHERE account_id = $1 AND LOWER(name) = LOWER($2) \
         ORDER BY id LIMIT 1",
        account_id,
        name
    )?
    .map(|(id,)| id))
}

/// The contact of the account with this (normalised) email.
pub async fn contact_with_email(
    ex: &mut Ex<'_>,
    account_id: i64,
    email: &str,
) -> Result<Option<i64>, AppError> {
    Ok(fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM contacts WHERE account_id = $1 AND LOWER(email) = LOWER($2) \
         ORDER BY id LIMIT 1",
        account_id,
        email
    )?
    .map(|(id,)| id))
}

/// The organization of the account with this id.
pub async fn organization(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<OrganizationRow>, AppError> {
    Ok(fetch_optional!(
        ex,
        OrganizationRow,
        concat!(organization_select!(), "WHERE account_id = $1 AND id = $2"),
        account_id,
        id
    )?)
}

/// The contact of the account with this id.
pub async fn contact(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<ContactRow>, AppError> {
    Ok(fetch_optional!(
        ex,
        ContactRow,
        concat!(contact_select!(), "WHERE account_id = $1 AND id = $2"),
        account_id,
        id
    )?)
}

/// An organization as its export writes it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrganizationExportRow {
    pub id: i64,
    pub name: String,
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub lifecycle: String,
    pub owner_email: Option<String>,
}

/// Up to `limit` organizations of the account after id `after`, in id order.
pub async fn export_organizations(
    ex: &mut Ex<'_>,
    account_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<OrganizationExportRow>, AppError> {
    Ok(fetch_all!(
        ex,
        OrganizationExportRow,
        "SELECT o.id, o.name, o.tax_id, o.phone, o.email, o.address, o.lifecycle, u.email AS owner_email \
         FROM organizations o LEFT JOIN users u ON u.id = o.owner_id \
         WHERE o.account_id = $1 AND o.id > $2 ORDER BY o.id LIMIT $3",
        account_id,
        after,
        limit
    )?)
}

/// A contact as its export writes it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ContactExportRow {
    pub id: i64,
    pub name: String,
    pub organization: Option<String>,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lifecycle: String,
    pub owner_email: Option<String>,
}

/// Up to `limit` contacts of the account after id `after`, in id order.
pub async fn export_contacts(
    ex: &mut Ex<'_>,
    account_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<ContactExportRow>, AppError> {
    Ok(fetch_all!(
        ex,
        ContactExportRow,
        "SELECT c.id, c.name, o.name AS organization, c.job_title, c.email, c.phone, c.lifecycle, \
           u.email AS owner_email \
         FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id \
         LEFT JOIN users u ON u.id = c.owner_id \
         WHERE c.account_id = $1 AND c.id > $2 ORDER BY c.id LIMIT $3",
        account_id,
        after,
        limit
    )?)
}

/// Which organizations the list shows: a lower-case LIKE `pattern` in the
/// name or tax id, a lifecycle, an owner, a tag (any case).
pub struct DirectoryFilter<'a> {
    pub account_id: i64,
    pub pattern: Option<&'a str>,
    pub lifecycle: Option<&'a str>,
    pub owner_id: Option<i64>,
    pub tag: Option<&'a str>,
}

const ORGANIZATION_MATCHES: &str = "o.account_id = $1 \
    AND ($2 IS NULL OR LOWER(o.name) LIKE $2 ESCAPE '\\' OR LOWER(COALESCE(o.tax_id, '')) LIKE $2 ESCAPE '\\') \
    AND ($3 IS NULL OR o.lifecycle = $3) AND ($4 IS NULL OR o.owner_id = $4) \
    AND ($5 IS NULL OR EXISTS (SELECT 1 FROM organization_tags x JOIN tags t ON t.id = x.tag_id \
         WHERE x.organization_id = o.id AND LOWER(t.name) = LOWER($5)))";

/// One page of the rows `select … WHERE matches ORDER BY order` of a
/// directory filter, and how many match in all (`FROM count_from WHERE
/// matches`); `matches` binds $1 to $5, the page $6 and $7.
async fn filtered_page<T>(
    ex: &mut Ex<'_>,
    f: &DirectoryFilter<'_>,
    (select, count_from, matches, order): (&str, &str, &str, &str),
    offset: i64,
    limit: i64,
) -> Result<(Vec<T>, i64), AppError>
where
    T: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let rows_sql = format!("{select} WHERE {matches} ORDER BY {order} LIMIT $6 OFFSET $7");
    let rows = fetch_all!(
        ex,
        T,
        sqlx::AssertSqlSafe(rows_sql),
        f.account_id,
        f.pattern,
        f.lifecycle,
        f.owner_id,
        f.tag,
        limit,
        offset
    )?;
    let count_sql = format!("SELECT COUNT(*) FROM {count_from} WHERE {matches}");
    let total = fetch_scalar!(
        ex,
        i64,
        sqlx::AssertSqlSafe(count_sql),
        f.account_id,
        f.pattern,
        f.lifecycle,
        f.owner_id,
        f.tag
    )?;
    Ok((rows, total))
}

/// One page of the filter's organizations by name, with their open deals,
/// and how many match in all.
pub async fn organization_list(
    ex: &mut Ex<'_>,
    f: &DirectoryFilter<'_>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<OrganizationListRow>, i64), AppError> {
    let select = "SELECT o.id, o.name, o.tax_id, o.phone, o.email, o.lifecycle, u.name AS owner, \
           (SELECT COUNT(*) FROM deals d WHERE d.organization_id = o.id AND d.status = 'open') AS open_deals \
         FROM organizations o LEFT JOIN users u ON u.id = o.owner_id";
    let sql = (
        select,
        "organizations o",
        ORGANIZATION_MATCHES,
        "o.name, o.id",
    );
    filtered_page(ex, f, sql, offset, limit).await
}

/// The contacts of an organization, by name: (name, job title, email, phone).
pub async fn organization_contacts(
    ex: &mut Ex<'_>,
    account_id: i64,
    organization_id: i64,
) -> Result<Vec<OrganizationContact>, AppError> {
    Ok(fetch_all!(
        ex,
        OrganizationContact,
        "SELECT id, name, job_title, email, phone FROM contacts \
         WHERE account_id = $1 AND organization_id = $2 ORDER BY name, id LIMIT 200",
        account_id,
        organization_id
    )?)
}

/// A deal as an organization's or contact's page lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DealBriefRow {
    pub key: String,
    pub title: String,
    pub value_minor: i64,
    pub currency: String,
    pub status: String,
    pub stage: String,
}

/// Whose deals a page lists.
#[derive(Clone, Copy, Debug)]
pub enum DealsOf {
    Organization(i64),
    Contact(i64),
}

/// The newest 200 deals of an organization or contact (only `owner_id`'s
/// when given).
pub async fn related_deals(
    ex: &mut Ex<'_>,
    account_id: i64,
    of: DealsOf,
    owner_id: Option<i64>,
) -> Result<Vec<DealBriefRow>, AppError> {
    let (column, id) = match of {
        DealsOf::Organization(id) => ("organization_id", id),
        DealsOf::Contact(id) => ("contact_id", id),
    };
    let sql = format!(
        "SELECT d.key, d.title, d.value_minor, d.currency, d.status, s.name AS stage \
         FROM deals d JOIN stages s ON s.id = d.stage_id \
         WHERE d.account_id = $1 AND d.{column} = $2 AND ($3 IS NULL OR d.owner_id = $3) \
         ORDER BY d.created_at DESC, d.id DESC LIMIT 200"
    );
    Ok(fetch_all!(
        ex,
        DealBriefRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        id,
        owner_id
    )?)
}

const CONTACT_MATCHES: &str = "c.account_id = $1 \
    AND ($2 IS NULL OR LOWER(c.name) LIKE $2 ESCAPE '\\' OR LOWER(COALESCE(c.email, '')) LIKE $2 ESCAPE '\\') \
    AND ($3 IS NULL OR c.lifecycle = $3) AND ($4 IS NULL OR c.owner_id = $4) \
    AND ($5 IS NULL OR EXISTS (SELECT 1 FROM contact_tags x JOIN tags t ON t.id = x.tag_id \
         WHERE x.contact_id = c.id AND LOWER(t.name) = LOWER($5)))";

const CONTACT_LIST_SELECT: &str = "SELECT c.id, c.name, c.job_title, c.email, c.phone, c.organization_id, \
       o.name AS organization, c.lifecycle, u.name AS owner \
     FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id \
     LEFT JOIN users u ON u.id = c.owner_id";

/// One page of the filter's contacts by name (the pattern searches name
/// and email), and how many match in all.
pub async fn contact_list(
    ex: &mut Ex<'_>,
    f: &DirectoryFilter<'_>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ContactListRow>, i64), AppError> {
    let sql = (
        CONTACT_LIST_SELECT,
        "contacts c",
        CONTACT_MATCHES,
        "c.name, c.id",
    );
    filtered_page(ex, f, sql, offset, limit).await
}

/// The contact of the account with this id, as the list shows it.
pub async fn contact_row(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<ContactListRow>, AppError> {
    let sql = format!("{CONTACT_LIST_SELECT} WHERE c.account_id = $1 AND c.id = $2");
    Ok(fetch_optional!(
        ex,
        ContactListRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        id
    )?)
}
