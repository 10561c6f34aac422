//! The SQL of notas de venta: one note with its deal's key and title (and
//! its quote's folio), a deal's notes, the note of a quote, the copied
//! lines, and the writes: issuing it and setting how it is invoiced.
use crate::domain::lines::Totals;
use crate::domain::quotes::QuoteCustomer;
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::ssr::deals::db::lines::{self, LineRow, LinesTable};
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};

/// A note as stored, with its deal's key and title and its quote's folio.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SaleNoteRow {
    pub id: i64,
    pub deal_id: i64,
    pub deal_key: String,
    pub deal_title: String,
    pub quote_id: Option<i64>,
    pub quote_folio: Option<i64>,
    pub owner_id: i64,
    pub folio: i64,
    pub organization_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub customer_name: Option<String>,
    pub customer_tax_id: Option<String>,
    pub customer_address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub currency: String,
    pub exchange_rate: String,
    pub notes: Option<String>,
    pub subtotal_minor: i64,
    pub iva_minor: i64,
    pub total_minor: i64,
    pub created_at: i64,
    pub payment_form: Option<String>,
    pub payment_method: Option<String>,
    pub cfdi_use: Option<String>,
}

impl SaleNoteRow {
    /// How it is paid and the use of its invoice, as stored (paid at once
    /// when it says nothing).
    pub fn billing(&self) -> crate::domain::sale_notes::Billing {
        crate::domain::sale_notes::Billing {
            payment_form: self.payment_form.clone(),
            payment_method: self
                .payment_method
                .clone()
                .unwrap_or_else(|| crate::domain::sale_notes::DEFAULT_METHOD.to_string()),
            cfdi_use: self.cfdi_use.clone(),
        }
    }

    /// Its customer as it names them.
    pub fn customer(&self) -> QuoteCustomer {
        QuoteCustomer {
            organization_id: self.organization_id,
            name: self.customer_name.clone(),
            tax_id: self.customer_tax_id.clone(),
            address: self.customer_address.clone(),
            contact_id: self.contact_id,
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone(),
        }
    }

    /// The note as a paper (its PDF).
    pub fn paper(&self) -> crate::ssr::paper::Doc {
        crate::ssr::paper::Doc {
            kind: crate::ssr::paper::Kind::SaleNote,
            folio: crate::domain::sale_notes::folio(self.folio),
            dated: self.created_at,
            currency: self.currency.clone(),
            customer: self.customer(),
            totals: Totals {
                subtotal_minor: self.subtotal_minor,
                iva_minor: self.iva_minor,
                total_minor: self.total_minor,
            },
            notes: self.notes.clone(),
            terms: None,
            cancelled: false,
        }
    }
}

const COLUMNS: &str = "n.id, n.deal_id, d.key AS deal_key, d.title AS deal_title, n.quote_id, \
     q.folio AS quote_folio, n.owner_id, n.folio, n.organization_id, n.contact_id, n.customer_name, \
     n.customer_tax_id, n.customer_address, n.contact_name, n.contact_email, n.currency, \
     n.exchange_rate, n.notes, n.subtotal_minor, n.iva_minor, n.total_minor, n.created_at, \
     n.payment_form, n.payment_method, n.cfdi_use";

const FROM: &str =
    "FROM sale_notes n JOIN deals d ON d.id = n.deal_id LEFT JOIN quotes q ON q.id = n.quote_id";

/// The account's note `id` (a foreign id: none).
pub async fn note(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<SaleNoteRow>, AppError> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE n.account_id = $1 AND n.id = $2");
    Ok(fetch_optional!(
        ex,
        SaleNoteRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        id
    )?)
}

/// A deal's newest 100 notes.
pub async fn of_deal(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
) -> Result<Vec<SaleNoteRow>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE n.account_id = $1 AND n.deal_id = $2 ORDER BY n.id DESC LIMIT 100"
    );
    Ok(fetch_all!(
        ex,
        SaleNoteRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        deal_id
    )?)
}

/// The note issued from the quote `quote_id`, if any.
pub async fn of_quote(
    ex: &mut Ex<'_>,
    account_id: i64,
    quote_id: i64,
) -> Result<Option<i64>, AppError> {
    Ok(fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM sale_notes WHERE account_id = $1 AND quote_id = $2",
        account_id,
        quote_id
    )?
    .map(|(id,)| id))
}

/// The note issued from the deal `deal_id`'s own lines, if any.
pub async fn of_deal_lines(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
) -> Result<Option<i64>, AppError> {
    Ok(fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM sale_notes WHERE account_id = $1 AND deal_id = $2 AND quote_id IS NULL",
        account_id,
        deal_id
    )?
    .map(|(id,)| id))
}

/// How many notes a deal has (a deal with one is not deleted).
pub async fn count_of_deal(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM sale_notes WHERE account_id = $1 AND deal_id = $2",
        account_id,
        deal_id
    )?)
}

/// Gives a deal's notes to its new owner.
pub async fn set_owner(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    owner_id: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE sale_notes SET owner_id = $1 WHERE account_id = $2 AND deal_id = $3",
        owner_id,
        account_id,
        deal_id
    )?;
    Ok(())
}

/// The note's lines in their order.
pub async fn lines(ex: &mut Ex<'_>, account_id: i64, id: i64) -> Result<Vec<LineRow>, AppError> {
    lines::of(ex, LinesTable::SaleNote, account_id, id).await
}

/// A note to issue, its folio reserved.
#[derive(Clone, Debug)]
pub struct NewSaleNote<'a> {
    pub deal_id: i64,
    pub quote_id: Option<i64>,
    pub owner_id: i64,
    pub folio: i64,
    pub customer: &'a QuoteCustomer,
    pub currency: &'a str,
    pub exchange_rate: &'a str,
    pub notes: Option<&'a str>,
    pub totals: Totals,
    pub created_by: i64,
}

/// Issues a note with its `rows`; answers its id (a quote's second note:
/// `Conflict`).
pub async fn insert(
    ex: &mut Ex<'_>,
    account_id: i64,
    n: &NewSaleNote<'_>,
    rows: &[LineRow],
    now: i64,
) -> Result<i64, AppError> {
    let c = n.customer;
    let id = fetch_scalar!(
        ex,
        i64,
        "INSERT INTO sale_notes (account_id, deal_id, quote_id, owner_id, folio, organization_id, \
           contact_id, customer_name, customer_tax_id, customer_address, contact_name, contact_email, \
           currency, exchange_rate, notes, subtotal_minor, iva_minor, total_minor, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) \
         RETURNING id",
        account_id,
        n.deal_id,
        n.quote_id,
        n.owner_id,
        n.folio,
        c.organization_id,
        c.contact_id,
        &c.name,
        &c.tax_id,
        &c.address,
        &c.contact_name,
        &c.contact_email,
        n.currency,
        n.exchange_rate,
        n.notes,
        n.totals.subtotal_minor,
        n.totals.iva_minor,
        n.totals.total_minor,
        n.created_by,
        now
    )?;
    lines::insert(ex, LinesTable::SaleNote, account_id, id, rows).await?;
    Ok(id)
}

/// Sets how the note `id` is paid and the use of its invoice, if they are
/// still `seen` (as its row had them); false when another write came
/// first.
pub async fn set_billing(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    seen: &SaleNoteRow,
    b: &crate::domain::sale_notes::Billing,
) -> Result<bool, AppError> {
    let written = execute!(
        ex,
        "UPDATE sale_notes SET payment_form = $3, payment_method = $4, cfdi_use = $5 \
         WHERE account_id = $1 AND id = $2 AND COALESCE(payment_form, '') = $6 \
           AND COALESCE(payment_method, '') = $7 AND COALESCE(cfdi_use, '') = $8",
        account_id,
        id,
        &b.payment_form,
        &b.payment_method,
        &b.cfdi_use,
        seen.payment_form.as_deref().unwrap_or(""),
        seen.payment_method.as_deref().unwrap_or(""),
        seen.cfdi_use.as_deref().unwrap_or("")
    )?;
    Ok(written == 1)
}
