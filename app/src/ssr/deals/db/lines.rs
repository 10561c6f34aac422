//! The SQL of lines — a deal's, and the copies its quotes and notas de
//! venta keep (the same columns, see [`LinesTable`]): read in their order,
//! written or replaced whole, and a deal's counted (a deal with lines keeps
//! its currency).
use crate::domain::deal_lines::MAX_LINES;
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all, fetch_optional, fetch_scalar, insert_many};

/// A line as stored: quantity in thousandths, discount in hundredths of a
/// percent, money in minor units of the deal's currency.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct LineRow {
    pub product_id: Option<i64>,
    pub sku: Option<String>,
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub discount_bp: i64,
    /// An IVA rate's code.
    pub iva: String,
    pub subtotal_minor: i64,
    pub iva_minor: i64,
    pub total_minor: i64,
}

/// What a deal's lines depend on: who owns it (who may see and edit
/// them), its pipeline, its currency (theirs), whether its value follows
/// them, and its version.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct LinesDeal {
    pub owner_id: i64,
    /// Whose open boards hear of a change.
    pub pipeline_id: i64,
    pub currency: String,
    /// To the account's currency, as stored.
    pub exchange_rate: String,
    pub value_from_lines: bool,
    pub version: i64,
}

/// That of the account's deal `deal_id` (a foreign id is not found).
pub async fn deal(ex: &mut Ex<'_>, account_id: i64, deal_id: i64) -> Result<LinesDeal, AppError> {
    fetch_optional!(
        ex,
        LinesDeal,
        "SELECT owner_id, pipeline_id, currency, exchange_rate, value_from_lines, version FROM deals \
         WHERE account_id = $1 AND id = $2",
        account_id,
        deal_id
    )?
    .ok_or(AppError::NotFound)
}

/// A table of lines and whose they are: a deal's, a quote's, a nota de
/// venta's (the same columns; copied from one to the other).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinesTable {
    Deal,
    Quote,
    SaleNote,
}

impl LinesTable {
    /// The table and the column naming whose lines they are.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            LinesTable::Deal => ("deal_lines", "deal_id"),
            LinesTable::Quote => ("quote_lines", "quote_id"),
            LinesTable::SaleNote => ("sale_note_lines", "sale_note_id"),
        }
    }
}

/// The lines of `owner` in `table`, in their order (at most [`MAX_LINES`]).
pub async fn of(
    ex: &mut Ex<'_>,
    table: LinesTable,
    account_id: i64,
    owner: i64,
) -> Result<Vec<LineRow>, AppError> {
    let (name, column) = table.names();
    let sql = format!(
        "SELECT product_id, sku, description, quantity_milli, unit_price_minor, discount_bp, iva, \
           subtotal_minor, iva_minor, total_minor \
         FROM {name} WHERE account_id = $1 AND {column} = $2 ORDER BY position LIMIT $3"
    );
    Ok(fetch_all!(
        ex,
        LineRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        owner,
        MAX_LINES as i64
    )?)
}

/// Adds `rows`, in this order, as the lines of `owner` in `table`.
pub async fn insert(
    ex: &mut Ex<'_>,
    table: LinesTable,
    account_id: i64,
    owner: i64,
    rows: &[LineRow],
) -> Result<(), AppError> {
    let (name, column) = table.names();
    let head = format!(
        "INSERT INTO {name} (account_id, {column}, position, product_id, sku, description, \
           quantity_milli, unit_price_minor, discount_bp, iva, subtotal_minor, iva_minor, total_minor)"
    );
    let numbered: Vec<(i64, &LineRow)> = (1..).zip(rows).collect();
    insert_many!(ex, &head, numbered, |r| [
        account_id,
        owner,
        r.0,
        r.1.product_id,
        &r.1.sku,
        &r.1.description,
        r.1.quantity_milli,
        r.1.unit_price_minor,
        r.1.discount_bp,
        &r.1.iva,
        r.1.subtotal_minor,
        r.1.iva_minor,
        r.1.total_minor
    ])
}

/// Puts `rows`, in this order, in place of the lines of `owner` in `table`.
pub async fn replace(
    ex: &mut Ex<'_>,
    table: LinesTable,
    account_id: i64,
    owner: i64,
    rows: &[LineRow],
) -> Result<(), AppError> {
    let (name, column) = table.names();
    let sql = format!("DELETE FROM {name} WHERE account_id = $1 AND {column} = $2");
    execute!(ex, sqlx::AssertSqlSafe(sql), account_id, owner)?;
    insert(ex, table, account_id, owner, rows).await
}

/// The deal's lines in their order.
pub async fn lines(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
) -> Result<Vec<LineRow>, AppError> {
    of(ex, LinesTable::Deal, account_id, deal_id).await
}

/// How many lines the deal has.
pub async fn count(ex: &mut Ex<'_>, account_id: i64, deal_id: i64) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM deal_lines WHERE account_id = $1 AND deal_id = $2",
        account_id,
        deal_id
    )?)
}
