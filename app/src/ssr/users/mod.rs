//! Users of an account and their roles.
pub mod admin;
pub mod db;
use crate::domain::permission::Permission;
use crate::domain::records::Rights;
use crate::error::{AppError, Problems};
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

/// The user a record is given to (an owner, an assignee) as `field` names
/// it: the actor when empty; another one must be an active user of the
/// account and the actor needs `crm.deals.edit_all` (`kept`, the one the
/// record already has, stays as it is). A problem goes into `p`.
pub async fn chosen(
    ex: &mut Ex<'_>,
    actor: &Actor,
    p: &mut Problems,
    (field, value): (&str, Option<&str>),
    kept: Option<i64>,
) -> Result<i64, AppError> {
    let user = p.id(field, value).unwrap_or(actor.user_id);
    if user != actor.user_id && Some(user) != kept && !p.failed(field) {
        match db::standing(ex, actor.account_id, user).await? {
            Some((_, _, true)) if !actor.can(Permission::DealsEditAll) => {
                p.add(field, "not_allowed")
            }
            Some((_, _, true)) => {}
            // Another account's, or deactivated.
            _ => p.add(field, "not_found"),
        }
    }
    Ok(user)
}
