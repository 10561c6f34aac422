//! Accounts (tenants).
pub mod stats;
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{fetch_optional, fetch_scalar};

/// A new account's fields.
pub struct NewAccount<'a> {
    pub name: &'a str,
    pub plan: &'a str,
    pub currency: &'a str,
    pub time_zone: &'a str,
    pub locale: &'a str,
}

/// An account row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub plan: String,
    pub currency: String,
    pub time_zone: String,
    pub locale: String,
}

pub async fn insert(ex: &mut Ex<'_>, a: &NewAccount<'_>, now: i64) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO accounts (name, plan, currency, time_zone, locale, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        a.name,
        a.plan,
        a.currency,
        a.time_zone,
        a.locale,
        now
    )?)
}

/// Columns of [`AccountRow`] (a macro so that `concat!` builds static SQL).
macro_rules! account_select {
    () => {
        "SELECT id, name, plan, currency, time_zone, locale FROM accounts "
    };
}

/// Finds an account by numeric id or, failing that, by exact name.
pub async fn find(ex: &mut Ex<'_>, id_or_name: &str) -> Result<Option<AccountRow>, AppError> {
    if let Ok(id) = id_or_name.parse::<i64>()
        && let Some(a) = fetch_optional!(
            ex,
            AccountRow,
            concat!(account_select!(), "WHERE id = $1"),
            id
        )?
    {
        return Ok(Some(a));
    }
    Ok(fetch_optional!(
        ex,
        AccountRow,
        concat!(account_select!(), "WHERE name = $1 ORDER BY id LIMIT 1"),
        id_or_name
    )?)
}

/// Every account, oldest first.
pub async fn list_all(ex: &mut Ex<'_>) -> Result<Vec<AccountRow>, AppError> {
    Ok(crate::fetch_all!(
        ex,
        AccountRow,
        concat!(account_select!(), "ORDER BY id")
    )?)
}

/// Reserves `count` consecutive deal numbers; returns the first.
pub async fn reserve_deal_numbers(
    ex: &mut Ex<'_>,
    account_id: i64,
    count: i64,
) -> Result<i64, AppError> {
    let next = fetch_scalar!(
        ex,
        i64,
        "UPDATE accounts SET next_deal_number = next_deal_number + $2 WHERE id = $1 RETURNING next_deal_number",
        account_id,
        count
    )?;
    Ok(next - count)
}

/// Reserves the account's next quote folio; a number is never reserved
/// twice (the row is locked until the transaction ends).
pub async fn reserve_quote_number(ex: &mut Ex<'_>, account_id: i64) -> Result<i64, AppError> {
    let next = fetch_scalar!(
        ex,
        i64,
        "UPDATE accounts SET next_quote_number = next_quote_number + 1 WHERE id = $1 \
         RETURNING next_quote_number",
        account_id
    )?;
    Ok(next - 1)
}

/// Reserves the account's next nota de venta folio (as
/// [`reserve_quote_number`]).
pub async fn reserve_sale_note_number(ex: &mut Ex<'_>, account_id: i64) -> Result<i64, AppError> {
    let next = fetch_scalar!(
        ex,
        i64,
        "UPDATE accounts SET next_sale_note_number = next_sale_note_number + 1 WHERE id = $1 \
         RETURNING next_sale_note_number",
        account_id
    )?;
    Ok(next - 1)
}

/// Makes sure the account's next deal number is at least `number` (after
/// deals came in with their own keys).
pub async fn raise_next_deal_number(
    ex: &mut Ex<'_>,
    account_id: i64,
    number: i64,
) -> Result<(), AppError> {
    crate::execute!(
        ex,
        "UPDATE accounts SET next_deal_number = $2 WHERE id = $1 AND next_deal_number < $2",
        account_id,
        number
    )?;
    Ok(())
}

/// Deletes an account and, by cascade, everything in it.
pub async fn delete(ex: &mut Ex<'_>, account_id: i64) -> Result<(), AppError> {
    crate::execute!(ex, "DELETE FROM accounts WHERE id = $1", account_id)?;
    Ok(())
}

/// Sets an account's name, base currency and time zone.
pub async fn update_settings(
    ex: &mut Ex<'_>,
    account_id: i64,
    name: &str,
    currency: &str,
    time_zone: &str,
) -> Result<(), AppError> {
    crate::execute!(
        ex,
        "UPDATE accounts SET name = $2, currency = $3, time_zone = $4 WHERE id = $1",
        account_id,
        name,
        currency,
        time_zone
    )?;
    Ok(())
}
