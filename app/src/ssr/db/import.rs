//! What a CSV import looks up before it writes: the account's names of
//! organizations, contacts' emails, deal keys and where each board column
//! ends.
use super::Ex;
use crate::error::AppError;
use crate::fetch_all;

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

/// Every deal key of the account.
pub async fn deal_keys(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<String>, AppError> {
    Ok(fetch_all!(
        ex,
        (String,),
        "SELECT key FROM deals WHERE account_id = $1",
        account_id
    )?
    .into_iter()
    .map(|(k,)| k)
    .collect())
}

/// The last board position of each stage that has open deals:
/// (stage id, position).
pub async fn stage_ends(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<(i64, f64)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, f64),
        "SELECT stage_id, MAX(position) FROM deals WHERE account_id = $1 AND status = 'open' \
         GROUP BY stage_id",
        account_id
    )?)
}
