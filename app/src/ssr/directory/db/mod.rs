//! The account's organizations and contacts as the REST API lists them:
//! pages in id order after a cursor, optionally matching a text.
pub mod bulk;
pub mod tags;
use crate::domain::deal_status::DealStatus;
use crate::domain::directory::{
    ContactListRow, DirectoryRow, OrganizationContact, OrganizationListRow,
};
use crate::domain::fiscal::Fiscal;
use crate::error::AppError;
use crate::ssr::db::Dialect;
use crate::ssr::db::Ex;
use crate::ssr::db::dynamic::{self, Sql};
use crate::ssr::db::search;
use crate::ssr::query::NameCursor;
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
    #[sqlx(flatten)]
    pub fiscal: Fiscal,
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
        "SELECT id, name, tax_id, phone, email, address, lifecycle, owner_id, legal_name, \
           tax_country, tax_system, tax_zip, cfdi_use FROM organizations "
    };
}

macro_rules! contact_select {
    () => {
        "SELECT id, organization_id, name, job_title, email, phone, lifecycle, owner_id FROM contacts "
    };
}

/// Up to `limit` organizations after id `after`, in id order, with every
/// searched word (see [`crate::domain::search::words`]) when given.
pub async fn organizations(
    ex: &mut Ex<'_>,
    account_id: i64,
    words: Option<&[String]>,
    after: i64,
    limit: i64,
) -> Result<Vec<OrganizationRow>, AppError> {
    let f = DirectoryFilter {
        account_id,
        words,
        ..DirectoryFilter::default()
    };
    let columns = "o.id, o.name, o.tax_id, o.phone, o.email, o.address, o.lifecycle, o.owner_id, \
         o.legal_name, o.tax_country, o.tax_system, o.tax_zip, o.cfdi_use";
    by_id(ex, Listed::Organizations, &f, columns, after, limit).await
}

/// Up to `limit` contacts after id `after`, in id order, with every
/// searched word in their name or email when given.
pub async fn contacts(
    ex: &mut Ex<'_>,
    account_id: i64,
    words: Option<&[String]>,
    after: i64,
    limit: i64,
) -> Result<Vec<ContactRow>, AppError> {
    let f = DirectoryFilter {
        account_id,
        words,
        ..DirectoryFilter::default()
    };
    let columns =
        "c.id, c.organization_id, c.name, c.job_title, c.email, c.phone, c.lifecycle, c.owner_id";
    by_id(ex, Listed::Contacts, &f, columns, after, limit).await
}

/// Up to `limit` records of the filter after id `after`, in id order.
async fn by_id<T>(
    ex: &mut Ex<'_>,
    listed: Listed,
    f: &DirectoryFilter<'_>,
    columns: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<T>, AppError>
where
    T: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let mut sql = Sql::default();
    let (from, conditions) = listed.source(f, &mut sql, ex.dialect());
    let id = listed.id_column(f, ex.dialect());
    let (after, limit) = (sql.arg(after), sql.arg(limit));
    sql.push(&format!(
        "SELECT {columns} {from} WHERE {conditions} AND {id} > {after} ORDER BY {id} LIMIT {limit}"
    ));
    Ok(dynamic::fetch_all(ex, sql).await?)
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
    pub fiscal: Fiscal,
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
           owner_id, created_at, updated_at, legal_name, tax_country, tax_system, tax_zip, cfdi_use) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, $14) RETURNING id",
        account_id,
        &o.name,
        &o.tax_id,
        &o.phone,
        &o.email,
        &o.address,
        &o.lifecycle,
        o.owner_id,
        now,
        &o.fiscal.legal_name,
        &o.fiscal.tax_country,
        &o.fiscal.tax_system,
        &o.fiscal.tax_zip,
        &o.fiscal.cfdi_use
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
           lifecycle = $8, owner_id = $9, updated_at = $10, legal_name = $11, tax_country = $12, \
           tax_system = $13, tax_zip = $14, cfdi_use = $15 WHERE account_id = $1 AND id = $2",
        account_id,
        id,
        &o.name,
        &o.tax_id,
        &o.phone,
        &o.email,
        &o.address,
        &o.lifecycle,
        o.owner_id,
        now,
        &o.fiscal.legal_name,
        &o.fiscal.tax_country,
        &o.fiscal.tax_system,
        &o.fiscal.tax_zip,
        &o.fiscal.cfdi_use
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
    #[sqlx(flatten)]
    pub fiscal: Fiscal,
}

/// The organizations of the account with ids in `(after, until]`, in id order.
pub async fn export_organizations(
    ex: &mut Ex<'_>,
    account_id: i64,
    after: i64,
    until: i64,
) -> Result<Vec<OrganizationExportRow>, AppError> {
    Ok(fetch_all!(
        ex,
        OrganizationExportRow,
        "SELECT o.id, o.name, o.tax_id, o.phone, o.email, o.address, o.lifecycle, \
           u.email AS owner_email, o.legal_name, o.tax_country, o.tax_system, o.tax_zip, o.cfdi_use \
         FROM organizations o LEFT JOIN users u ON u.id = o.owner_id \
         WHERE o.account_id = $1 AND o.id > $2 AND o.id <= $3 ORDER BY o.id",
        account_id,
        after,
        until
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

/// The contacts of the account with ids in `(after, until]`, in id order.
pub async fn export_contacts(
    ex: &mut Ex<'_>,
    account_id: i64,
    after: i64,
    until: i64,
) -> Result<Vec<ContactExportRow>, AppError> {
    Ok(fetch_all!(
        ex,
        ContactExportRow,
        "SELECT c.id, c.name, o.name AS organization, c.job_title, c.email, c.phone, c.lifecycle, \
           u.email AS owner_email \
         FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id \
         LEFT JOIN users u ON u.id = c.owner_id \
         WHERE c.account_id = $1 AND c.id > $2 AND c.id <= $3 ORDER BY c.id",
        account_id,
        after,
        until
    )?)
}

/// Which records a directory list shows: every searched word (folded, see
/// [`crate::domain::search::words`]) in the name or tax id (an
/// organization) or the name or email (a contact), a lifecycle, an owner, a
/// tag (any case).
#[derive(Clone, Copy, Debug, Default)]
pub struct DirectoryFilter<'a> {
    pub account_id: i64,
    pub words: Option<&'a [String]>,
    pub lifecycle: Option<&'a str>,
    pub owner_id: Option<i64>,
    pub tag: Option<&'a str>,
}

/// Which directory list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listed {
    Organizations,
    Contacts,
}

impl Listed {
    /// How its records' tags are kept.
    pub fn tagged(self) -> tags::Tagged {
        match self {
            Listed::Organizations => tags::Tagged::Organization,
            Listed::Contacts => tags::Tagged::Contact,
        }
    }

    /// The table with its alias, the alias, the text index (SQLite), the
    /// folded text the trigram index holds (PostgreSQL, migration 0013),
    /// the tag links and their column.
    fn parts(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        match self {
            Listed::Organizations => (
                "organizations o",
                "o",
                "organization_search",
                "o.search_text",
                "organization_tags",
                "organization_id",
            ),
            Listed::Contacts => (
                "contacts c",
                "c",
                "contact_search",
                "c.search_text",
                "contact_tags",
                "contact_id",
            ),
        }
    }

    /// `FROM …` and the conditions of the filter; with a search on SQLite the
    /// text index (`f`) leads.
    fn source(self, f: &DirectoryFilter<'_>, sql: &mut Sql, dialect: Dialect) -> (String, String) {
        let (table, alias, search, folded, tags, tagged) = self.parts();
        let mut from = format!("FROM {table}");
        let mut c = vec![format!("{alias}.account_id = {}", sql.arg(f.account_id))];
        if let Some(words) = f.words {
            match dialect {
                Dialect::Sqlite => {
                    from = format!("FROM {search} f JOIN {table} ON {alias}.id = f.rowid");
                    c.insert(
                        0,
                        format!("f.doc MATCH {}", sql.arg(search::fts_query(words))),
                    );
                }
                Dialect::Postgres => {
                    for w in words {
                        c.push(format!(
                            "{folded} LIKE {}",
                            sql.arg(search::like_pattern(w))
                        ));
                    }
                }
            }
        }
        if let Some(lifecycle) = f.lifecycle {
            c.push(format!("{alias}.lifecycle = {}", sql.arg(lifecycle)));
        }
        if let Some(owner) = f.owner_id {
            c.push(format!("{alias}.owner_id = {}", sql.arg(owner)));
        }
        if let Some(tag) = f.tag {
            c.push(format!(
                "EXISTS (SELECT 1 FROM {tags} x JOIN tags t ON t.id = x.tag_id \
                 WHERE x.{tagged} = {alias}.id AND LOWER(t.name) = LOWER({}))",
                sql.arg(tag)
            ));
        }
        (from, c.join(" AND "))
    }

    /// The id the order follows: the text index's rowid while searching on SQLite.
    fn id_column(self, f: &DirectoryFilter<'_>, dialect: Dialect) -> &'static str {
        match (f.words.is_some() && dialect == Dialect::Sqlite, self) {
            (true, _) => "f.rowid",
            (false, Listed::Organizations) => "o.id",
            (false, Listed::Contacts) => "c.id",
        }
    }
}

/// A row of a directory list as the database reads it: its list, its
/// columns and the joins they need.
pub trait ListedRow:
    DirectoryRow
    + Send
    + Unpin
    + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
    + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
{
    const LISTED: Listed;
    /// The columns (the record aliased `o` or `c`) and their joins.
    const COLUMNS: &'static str;
    const JOINS: &'static str;
}

impl ListedRow for OrganizationListRow {
    const LISTED: Listed = Listed::Organizations;
    /// With its open deals.
    const COLUMNS: &'static str = "o.id, o.name, o.tax_id, o.phone, o.email, o.lifecycle, u.name AS owner, \
           (SELECT COUNT(*) FROM deals d WHERE d.organization_id = o.id AND d.status = 'open') AS open_deals";
    const JOINS: &'static str = "LEFT JOIN users u ON u.id = o.owner_id";
}

impl ListedRow for ContactListRow {
    const LISTED: Listed = Listed::Contacts;
    const COLUMNS: &'static str = "c.id, c.name, c.job_title, c.email, c.phone, c.organization_id, \
       o.name AS organization, c.lifecycle, u.name AS owner";
    const JOINS: &'static str = "LEFT JOIN organizations o ON o.id = c.organization_id \
     LEFT JOIN users u ON u.id = c.owner_id";
}

/// One keyset page of the filter's records by name (newest first while
/// searching), and whether the order goes on past it in the direction read.
pub async fn list_page<T: ListedRow>(
    ex: &mut Ex<'_>,
    f: &DirectoryFilter<'_>,
    cursor: Option<&NameCursor>,
    limit: i64,
) -> Result<(Vec<T>, bool), AppError> {
    let listed = T::LISTED;
    let alias = listed.parts().1;
    let backward = cursor.is_some_and(|c| c.backward);
    let searching = f.words.is_some();
    let descending = searching != backward;
    let (op, dir) = if descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let mut sql = Sql::default();
    let (from, mut conditions) = listed.source(f, &mut sql, ex.dialect());
    let id = listed.id_column(f, ex.dialect());
    if let Some(c) = cursor {
        if searching {
            conditions += &format!(" AND {id} {op} {}", sql.arg(c.id));
        } else {
            let (name, at) = (sql.arg(c.name.clone()), sql.arg(c.id));
            conditions += &format!(" AND ({alias}.name, {alias}.id) {op} ({name}, {at})");
        }
    }
    let order = if searching {
        format!("{id} {dir}")
    } else {
        format!("{alias}.name {dir}, {alias}.id {dir}")
    };
    let limit_arg = sql.arg(limit + 1);
    sql.push(&format!(
        "SELECT {columns} {from} {joins} WHERE {conditions} ORDER BY {order} LIMIT {limit_arg}",
        columns = T::COLUMNS,
        joins = T::JOINS,
    ));
    let mut rows: Vec<T> = dynamic::fetch_all(ex, sql).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    if backward {
        rows.reverse();
    }
    Ok((rows, more))
}

/// How many records of a directory list match, counted up to `cap + 1`.
pub async fn count(
    ex: &mut Ex<'_>,
    listed: Listed,
    f: &DirectoryFilter<'_>,
    cap: i64,
) -> Result<i64, AppError> {
    let mut sql = Sql::default();
    let (from, conditions) = listed.source(f, &mut sql, ex.dialect());
    let cap = sql.arg(cap + 1);
    sql.push(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 AS one {from} WHERE {conditions} LIMIT {cap}) AS n"
    ));
    Ok(dynamic::fetch_scalar(ex, sql).await?)
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
    pub status: DealStatus,
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

/// The contact of the account with this id, as the list shows it.
pub async fn contact_row(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<ContactListRow>, AppError> {
    let sql = format!(
        "SELECT {} FROM contacts c {} WHERE c.account_id = $1 AND c.id = $2",
        ContactListRow::COLUMNS,
        ContactListRow::JOINS
    );
    Ok(fetch_optional!(
        ex,
        ContactListRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        id
    )?)
}
