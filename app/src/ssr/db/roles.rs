//! Roles and their permissions.
use super::Ex;
use crate::domain::permission::{BuiltinRole, Permission};
use crate::error::AppError;
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};

/// Creates a role with the given permissions; returns its id.
pub async fn insert(
    ex: &mut Ex<'_>,
    account_id: i64,
    name: &str,
    builtin: Option<BuiltinRole>,
    permissions: &[Permission],
) -> Result<i64, AppError> {
    let id = fetch_scalar!(
        ex,
        i64,
        "INSERT INTO roles (account_id, name, builtin) VALUES ($1, $2, $3) RETURNING id",
        account_id,
        name,
        builtin.map(BuiltinRole::key)
    )?;
    for p in permissions {
        execute!(
            ex,
            "INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2)",
            id,
            p.name()
        )?;
    }
    Ok(id)
}

/// Creates `admin`, `gerente` and `vendedor` for a new account.
pub async fn insert_builtins(ex: &mut Ex<'_>, account_id: i64) -> Result<(), AppError> {
    for role in BuiltinRole::ALL {
        insert(ex, account_id, role.key(), Some(role), role.permissions()).await?;
    }
    Ok(())
}

/// A role of the account by name (built-in keys are names too).
pub async fn id_by_name(
    ex: &mut Ex<'_>,
    account_id: i64,
    name: &str,
) -> Result<Option<i64>, AppError> {
    Ok(fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM roles WHERE account_id = $1 AND name = $2",
        account_id,
        name
    )?
    .map(|r| r.0))
}

/// The permissions a role grants (unknown names are ignored).
pub async fn permissions(ex: &mut Ex<'_>, role_id: i64) -> Result<Vec<Permission>, AppError> {
    let names = fetch_all!(
        ex,
        (String,),
        "SELECT permission FROM role_permissions WHERE role_id = $1 ORDER BY permission",
        role_id
    )?;
    Ok(names
        .iter()
        .filter_map(|(n,)| Permission::from_name(n))
        .collect())
}
