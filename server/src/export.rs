//! CSV exports with the imports' columns (so an export re-imports): deals
//! (of a filter), organizations, contacts and products, read from the database a chunk
//! at a time; used by the REST exports and `embudo export`. Cells a
//! spreadsheet would run as formulas are neutralised.
use crate::import::directory::{CONTACT_COLUMNS, ORGANIZATION_COLUMNS};
use crate::import::products::PRODUCT_COLUMNS;
use crate::rest::iso;
use app::domain::csv;
use app::domain::import::DEAL_COLUMNS;
use app::domain::money::major;
use app::error::AppError;
use app::ssr::db::Db;
use app::ssr::db::bulk;
use app::ssr::deals::db::api::{self as deal_api, ApiDealFilter, ExportNames, ExportRow};
use app::ssr::directory::db as directory;
use app::ssr::products::db as products;
use std::collections::HashMap;

/// Records read from the database per chunk.
const CHUNK: i64 = 5_000;

/// What an export lists.
#[derive(Clone, Debug)]
pub enum Export {
    Deals(ApiDealFilter),
    Organizations { account_id: i64 },
    Contacts { account_id: i64 },
    Products { account_id: i64 },
}

impl Export {
    /// Every deal of the account.
    pub fn all_deals(account_id: i64) -> Export {
        Export::Deals(ApiDealFilter {
            account_id,
            owner_id: None,
            status: None,
            pipeline_id: None,
            stage_id: None,
            search: None,
            after_id: 0,
            until_id: None,
            limit: CHUNK,
        })
    }

    /// The id ranges `(after, until]` of the chunks, from the account's
    /// largest id of the table: each holds at most [`CHUNK`] records, and
    /// they can be read at the same time.
    pub async fn ranges(&self, db: &Db) -> Result<Vec<(i64, i64)>, AppError> {
        let (table, account_id) = match self {
            Export::Deals(f) => ("deals", f.account_id),
            Export::Organizations { account_id } => ("organizations", *account_id),
            Export::Contacts { account_id } => ("contacts", *account_id),
            Export::Products { account_id } => ("products", *account_id),
        };
        let mut conn = db.read().await?;
        let last = bulk::account_max_id(&mut conn.ex(), table, account_id).await?;
        Ok((0..=last / CHUNK)
            .map(|i| (i * CHUNK, (i + 1) * CHUNK))
            .collect())
    }

    /// The header row.
    pub fn header(&self) -> String {
        match self {
            Export::Deals(_) => csv::row(DEAL_COLUMNS),
            Export::Organizations { .. } => csv::row(ORGANIZATION_COLUMNS),
            Export::Contacts { .. } => csv::row(CONTACT_COLUMNS),
            Export::Products { .. } => csv::row(PRODUCT_COLUMNS),
        }
    }

    /// A file name for downloads.
    pub fn file_name(&self) -> &'static str {
        match self {
            Export::Deals(_) => "attachment; filename=\"tratos.csv\"",
            Export::Organizations { .. } => "attachment; filename=\"clientes.csv\"",
            Export::Contacts { .. } => "attachment; filename=\"contactos.csv\"",
            Export::Products { .. } => "attachment; filename=\"productos.csv\"",
        }
    }

    /// What the chunks of this export need besides their rows: the names
    /// of a deal export's ids.
    pub async fn names(&self, db: &Db) -> Result<ExportNames, AppError> {
        match self {
            Export::Deals(f) => {
                let mut conn = db.read().await?;
                deal_api::export_names(&mut conn.ex(), f.account_id).await
            }
            _ => Ok(ExportNames::default()),
        }
    }

    /// The rows of the chunk of ids `(after, until]`.
    pub async fn chunk(
        &self,
        db: &Db,
        names: &ExportNames,
        (after, until): (i64, i64),
    ) -> Result<String, AppError> {
        let mut conn = db.read().await?;
        let text = match self {
            Export::Deals(filter) => {
                let page = ApiDealFilter {
                    after_id: after,
                    until_id: Some(until),
                    limit: CHUNK,
                    ..filter.clone()
                };
                let rows = deal_api::export_page(&mut conn.ex(), &page).await?;
                let mut text = String::with_capacity(rows.len() * 256);
                for row in &rows {
                    push_deal(&mut text, row, names);
                }
                text
            }
            Export::Organizations { account_id } => {
                let rows =
                    directory::export_organizations(&mut conn.ex(), *account_id, after, until)
                        .await?;
                rows.iter()
                    .map(|r| {
                        csv::row([
                            r.name.as_str(),
                            r.tax_id.as_deref().unwrap_or(""),
                            r.phone.as_deref().unwrap_or(""),
                            r.email.as_deref().unwrap_or(""),
                            r.address.as_deref().unwrap_or(""),
                            &r.lifecycle,
                            r.owner_email.as_deref().unwrap_or(""),
                            r.fiscal.legal_name.as_deref().unwrap_or(""),
                            &r.fiscal.tax_country,
                            r.fiscal.tax_system.as_deref().unwrap_or(""),
                            r.fiscal.tax_zip.as_deref().unwrap_or(""),
                            r.fiscal.cfdi_use.as_deref().unwrap_or(""),
                        ])
                    })
                    .collect()
            }
            Export::Contacts { account_id } => {
                let rows =
                    directory::export_contacts(&mut conn.ex(), *account_id, after, until).await?;
                rows.iter()
                    .map(|r| {
                        csv::row([
                            r.name.as_str(),
                            r.organization.as_deref().unwrap_or(""),
                            r.job_title.as_deref().unwrap_or(""),
                            r.email.as_deref().unwrap_or(""),
                            r.phone.as_deref().unwrap_or(""),
                            &r.lifecycle,
                            r.owner_email.as_deref().unwrap_or(""),
                        ])
                    })
                    .collect()
            }
            Export::Products { account_id } => {
                let rows = products::export(&mut conn.ex(), *account_id, after, until).await?;
                rows.iter()
                    .map(|r| {
                        csv::row([
                            r.sku.as_str(),
                            &r.name,
                            r.description.as_deref().unwrap_or(""),
                            &major(r.unit_price_minor, &r.currency).to_string(),
                            &r.currency,
                            &r.iva,
                            r.sat_product_key.as_deref().unwrap_or(""),
                            r.sat_unit_key.as_deref().unwrap_or(""),
                            if r.active { "true" } else { "false" },
                        ])
                    })
                    .collect()
            }
        };
        Ok(text)
    }

    /// Writes the whole export to `out`.
    pub async fn write_all(&self, db: &Db, out: &mut impl std::io::Write) -> Result<(), AppError> {
        let io = |_| AppError::Internal;
        out.write_all(self.header().as_bytes()).map_err(io)?;
        let names = self.names(db).await?;
        for range in self.ranges(db).await? {
            let text = self.chunk(db, &names, range).await?;
            out.write_all(text.as_bytes()).map_err(io)?;
        }
        out.flush().map_err(io)
    }
}

fn instant(ms: Option<i64>) -> String {
    iso(ms).unwrap_or_default()
}

/// Appends a deal's row, its ids written as their names.
fn push_deal(out: &mut String, d: &ExportRow, names: &ExportNames) {
    fn name(map: &HashMap<i64, String>, id: Option<i64>) -> &str {
        id.and_then(|id| map.get(&id)).map_or("", String::as_str)
    }
    let value = major(d.value_minor, &d.currency).to_string();
    let (created, won, lost) = (
        instant(Some(d.created_at)),
        instant(d.won_at),
        instant(d.lost_at),
    );
    csv::push_row(
        out,
        [
            d.key.as_str(),
            &d.title,
            &value,
            &d.currency,
            name(&names.pipelines, Some(d.pipeline_id)),
            name(&names.stages, Some(d.stage_id)),
            d.status.as_str(),
            name(&names.owners, Some(d.owner_id)),
            name(&names.organizations, d.organization_id),
            name(&names.contacts, d.contact_id),
            &created,
            &won,
            &lost,
            name(&names.reasons, d.lost_reason_id),
            d.expected_close_date.as_deref().unwrap_or(""),
            &d.exchange_rate,
        ],
    );
}
