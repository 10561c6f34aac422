//! Lost reasons (motivos de no ganado).
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all, fetch_scalar};

/// The reasons every account starts with.
pub const DEFAULTS: [&str; 5] = [
    "Presupuesto insuficiente",
    "Eligió a la competencia",
    "Sin respuesta del cliente",
    "Sin necesidad actual",
    "Otro",
];

/// Creates the default reasons; returns their ids in order.
pub async fn insert_defaults(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::with_capacity(DEFAULTS.len());
    for (i, label) in DEFAULTS.iter().enumerate() {
        ids.push(fetch_scalar!(
            ex,
            i64,
            "INSERT INTO lost_reasons (account_id, label, position) VALUES ($1, $2, $3) RETURNING id",
            account_id,
            *label,
            i as i64
        )?);
    }
    Ok(ids)
}

/// Active reasons of the account, in order: (id, label).
pub async fn list(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, String),
        "SELECT id, label FROM lost_reasons WHERE account_id = $1 AND active ORDER BY position, id",
        account_id
    )?)
}

/// Every reason of the account, inactive ones too: (id, label).
pub async fn all(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, String),
        "SELECT id, label FROM lost_reasons WHERE account_id = $1 ORDER BY position, id",
        account_id
    )?)
}

/// Adds a reason after the others; returns its id.
pub async fn insert(ex: &mut Ex<'_>, account_id: i64, label: &str) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO lost_reasons (account_id, label, position) \
         SELECT $1, $2, COALESCE(MAX(position), -1) + 1 FROM lost_reasons WHERE account_id = $1 \
         RETURNING id",
        account_id,
        label
    )?)
}

/// Every reason of the account as its settings list them: (id, label,
/// active), in order.
pub async fn settings(
    ex: &mut Ex<'_>,
    account_id: i64,
) -> Result<Vec<(i64, String, bool)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, String, bool),
        "SELECT id, label, active FROM lost_reasons WHERE account_id = $1 ORDER BY position, id",
        account_id
    )?)
}

/// The reason of the account with this label (any case), if any.
pub async fn labelled(
    ex: &mut Ex<'_>,
    account_id: i64,
    label: &str,
) -> Result<Option<i64>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64,),
        "SELECT id FROM lost_reasons WHERE account_id = $1 AND LOWER(label) = LOWER($2)",
        account_id,
        label
    )?
    .first()
    .map(|(id,)| *id))
}

/// Renames a reason of the account and sets whether it is offered;
/// answers whether there was one.
pub async fn update(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    label: &str,
    active: bool,
) -> Result<bool, AppError> {
    Ok(execute!(
        ex,
        "UPDATE lost_reasons SET label = $3, active = $4 WHERE account_id = $1 AND id = $2",
        account_id,
        id,
        label,
        active
    )? > 0)
}
