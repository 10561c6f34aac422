//! Users of an account and their roles.
pub mod admin;
pub mod db;
use crate::domain::permission::Permission;
use crate::domain::records::Rights;
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::Ex;

/// Whether the actor may add and change records, and the users it may give
/// them to (none but itself without `crm.deals.edit_all`).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn record_rights(
    ex: &mut Ex<'_>,
    actor: &Actor,
    may_edit: bool,
) -> Result<Rights, AppError> {
    let active = if may_edit && actor.can(Permission::DealsEditAll) {
        db::active_names(ex, actor.account_id).await?
    } else {
        vec![]
    };
    Ok(rights_among(actor, may_edit, &active))
}

/// [`record_rights`] for a page that read the account's active users
/// (`active`: id, name) already.
pub fn rights_among(actor: &Actor, may_edit: bool, active: &[(i64, String)]) -> Rights {
    let owners = if may_edit && actor.can(Permission::DealsEditAll) {
        active.to_vec()
    } else {
        vec![]
    };
    Rights { may_edit, owners }
}
