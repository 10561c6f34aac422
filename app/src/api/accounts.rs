//! The account: its name, currency and time zone, and its history
//! (bitácora), for whoever manages them.
use crate::domain::bitacora::{Bitacora, BitacoraQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// Saves the account's name, base currency (only while it has no deals)
/// and time zone (the dashboard's days follow it).
#[server(endpoint = "save_account")]
pub async fn save_account(
    account_name: String,
    currency: String,
    time_zone: String,
) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Perm(Permission::PlanManage)).await?;
    let sent = (account_name.as_str(), currency.as_str(), time_zone.as_str());
    crate::ssr::accounts::edit::save(&state.db, &actor, sent).await
}

/// A page of the account history (bitácora), newest first, narrowed by the
/// query string's filters (needs `account.users.manage`).
#[server(endpoint = "account_history")]
pub async fn account_history(query: BitacoraQuery) -> Result<Bitacora, AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Perm(Permission::UsersManage)).await?;
    crate::ssr::bitacora::history(&state.db, &actor, &query).await
}
