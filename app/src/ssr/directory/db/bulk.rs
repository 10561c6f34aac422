//! Organizations and contacts written many at a time (the demo seeder and
//! the CSV imports), and what an import looks up before it writes them.
use crate::domain::directory::LIFECYCLES;
use crate::domain::fiscal::Fiscal;
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{fetch_all, insert_many};

pub struct BulkOrganization {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub lifecycle: String,
    pub owner_id: i64,
    pub created_at: i64,
    pub fiscal: Fiscal,
}

impl BulkOrganization {
    /// An organization known only by its name (an import met it in a deal
    /// or a contact).
    pub fn named(id: i64, account_id: i64, name: String, owner_id: i64, created_at: i64) -> Self {
        BulkOrganization {
            id,
            account_id,
            name,
            tax_id: None,
            phone: None,
            email: None,
            address: None,
            lifecycle: LIFECYCLES[0].to_string(),
            owner_id,
            created_at,
            fiscal: Fiscal::default(),
        }
    }
}

pub async fn insert_organizations(
    ex: &mut Ex<'_>,
    rows: &[BulkOrganization],
) -> Result<(), AppError> {
    insert_many!(
        ex,
        "INSERT INTO organizations (id, account_id, name, tax_id, phone, email, address, lifecycle, \
           owner_id, created_at, updated_at, legal_name, tax_country, tax_system, tax_zip, cfdi_use)",
        rows,
        |r| [
            r.id,
            r.account_id,
            &r.name,
            &r.tax_id,
            &r.phone,
            &r.email,
            &r.address,
            &r.lifecycle,
            r.owner_id,
            r.created_at,
            r.created_at,
            &r.fiscal.legal_name,
            &r.fiscal.tax_country,
            &r.fiscal.tax_system,
            &r.fiscal.tax_zip,
            &r.fiscal.cfdi_use
        ]
    )
}

pub struct BulkContact {
    pub id: i64,
    pub account_id: i64,
    pub organization_id: Option<i64>,
    pub name: String,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lifecycle: String,
    pub owner_id: i64,
    pub created_at: i64,
}

pub async fn insert_contacts(ex: &mut Ex<'_>, rows: &[BulkContact]) -> Result<(), AppError> {
    insert_many!(
        ex,
        "INSERT INTO contacts (id, account_id, organization_id, name, job_title, email, phone, lifecycle, owner_id, created_at, updated_at)",
        rows,
        |r| [
            r.id,
            r.account_id,
            r.organization_id,
            &r.name,
            &r.job_title,
            &r.email,
            &r.phone,
            &r.lifecycle,
            r.owner_id,
            r.created_at,
            r.created_at
        ]
    )
}

/// The account's organizations: (id, name), oldest first.
pub async fn organization_names(
    ex: &mut Ex<'_>,
    account_id: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, String),
        "SELECT id, name FROM organizations WHERE account_id = $1 ORDER BY id",
        account_id
    )?)
}

/// The account's contacts that have an email: (id, email), oldest first.
pub async fn contact_emails(
    ex: &mut Ex<'_>,
    account_id: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, String),
        "SELECT id, email FROM contacts WHERE account_id = $1 AND email IS NOT NULL ORDER BY id",
        account_id
    )?)
}
