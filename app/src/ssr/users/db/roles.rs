//! Roles and their permissions.
use crate::domain::permission::{BuiltinRole, Permission};
use crate::error::AppError;
use crate::ssr::db::Ex;
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
    grant(ex, id, permissions).await?;
    Ok(id)
}

/// Adds permissions to a role.
async fn grant(ex: &mut Ex<'_>, role_id: i64, permissions: &[Permission]) -> Result<(), AppError> {
    for p in permissions {
        execute!(
            ex,
            "INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2)",
            role_id,
            p.name()
        )?;
    }
    Ok(())
}

/// Creates `admin`, `gerente` and `vendedor` for a new account.
pub async fn insert_builtins(ex: &mut Ex<'_>, account_id: i64) -> Result<(), AppError> {
    for role in BuiltinRole::ALL {
        insert(ex, account_id, role.key(), Some(role), role.permissions()).await?;
    }
    Ok(())
}

/// A role of the account by name, in any case (built-in keys are names
/// too).
pub async fn id_by_name(
    ex: &mut Ex<'_>,
    account_id: i64,
    name: &str,
) -> Result<Option<i64>, AppError> {
    Ok(fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM roles WHERE account_id = $1 AND LOWER(name) = LOWER($2) ORDER BY id LIMIT 1",
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

/// A role of the account as the settings list it: (id, name, built-in
/// key, permission names, users holding it).
pub type RoleRow = (i64, String, Option<String>, Vec<String>, i64);

/// Every role of the account, built-in first, then by name.
pub async fn list(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<RoleRow>, AppError> {
    let roles = fetch_all!(
        ex,
        (i64, String, Option<String>, i64),
        "SELECT r.id, r.name, r.builtin, (SELECT COUNT(*) FROM users u WHERE u.role_id = r.id) \
         FROM roles r WHERE r.account_id = $1 ORDER BY r.builtin IS NULL, r.id",
        account_id
    )?;
    let granted = fetch_all!(
        ex,
        (i64, String),
        "SELECT p.role_id, p.permission FROM role_permissions p JOIN roles r ON r.id = p.role_id \
         WHERE r.account_id = $1 ORDER BY p.permission",
        account_id
    )?;
    Ok(roles
        .into_iter()
        .map(|(id, name, builtin, users)| {
            let perms = granted
                .iter()
                .filter(|(r, _)| *r == id)
                .map(|(_, p)| p.clone())
                .collect();
            (id, name, builtin, perms, users)
        })
        .collect())
}

/// A role of the account: (name, built-in key); a foreign id is `None`.
pub async fn get(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<(String, Option<String>)>, AppError> {
    Ok(fetch_optional!(
        ex,
        (String, Option<String>),
        "SELECT name, builtin FROM roles WHERE account_id = $1 AND id = $2",
        account_id,
        id
    )?)
}

/// Renames a role of the account and sets what it grants.
pub async fn update(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    name: &str,
    permissions: &[Permission],
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE roles SET name = $3 WHERE account_id = $1 AND id = $2",
        account_id,
        id,
        name
    )?;
    execute!(ex, "DELETE FROM role_permissions WHERE role_id = $1", id)?;
    grant(ex, id, permissions).await
}

/// Deletes a role of the account that nobody holds; false otherwise.
pub async fn delete(ex: &mut Ex<'_>, account_id: i64, id: i64) -> Result<bool, AppError> {
    Ok(execute!(
        ex,
        "DELETE FROM roles WHERE account_id = $1 AND id = $2 \
         AND NOT EXISTS (SELECT 1 FROM users WHERE role_id = $2)",
        account_id,
        id
    )? == 1)
}
