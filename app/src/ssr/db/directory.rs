//! The account's organizations and contacts as the REST API lists them:
//! pages in id order after a cursor, optionally matching a text.
use super::Ex;
use crate::error::AppError;
use crate::fetch_all;

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
        "SELECT id, name, tax_id, phone, email, address, lifecycle, owner_id FROM organizations \
         WHERE account_id = $1 AND ($2 IS NULL OR LOWER(name) LIKE $2 ESCAPE '\\') \
           AND id > $3 ORDER BY id LIMIT $4",
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
        "SELECT id, organization_id, name, job_title, email, phone, lifecycle, owner_id FROM contacts \
         WHERE account_id = $1 \
           AND ($2 IS NULL OR LOWER(name) LIKE $2 ESCAPE '\\' \
                OR LOWER(COALESCE(email, '')) LIKE $2 ESCAPE '\\') \
           AND id > $3 ORDER BY id LIMIT $4",
        account_id,
        pattern,
        after,
        limit
    )?)
}
