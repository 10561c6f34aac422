//! Users of the account and their roles, and one's own password.
use crate::domain::settings::RoleSetting;
use crate::error::AppError;
use crate::model::UserView;
use leptos::prelude::*;

/// Users of the caller's account (needs `account.users.manage`).
#[server(endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<UserView>, AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::users::db as users;

    let (state, actor) = require(Need::Perm(Permission::UsersManage)).await?;
    let mut conn = state.db.read().await?;
    users::list(&mut conn.ex(), actor.account_id).await
}

/// Roles of the caller's account with what they grant and how many users
/// hold them (needs `account.users.manage`).
#[server(endpoint = "list_roles")]
pub async fn list_roles() -> Result<Vec<RoleSetting>, AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::users::db::roles;

    let (state, actor) = require(Need::Perm(Permission::UsersManage)).await?;
    let mut conn = state.db.read().await?;
    Ok(roles::list(&mut conn.ex(), actor.account_id)
        .await?
        .into_iter()
        .map(|(id, name, builtin, permissions, users)| RoleSetting {
            id,
            name,
            builtin,
            permissions,
            users,
        })
        .collect())
}

/// Creates a user of the caller's account with a role (by name) and a
/// first password they can change later.
#[server(endpoint = "create_user")]
pub async fn create_user(
    name: String,
    user_email: String,
    password: String,
    role: String,
) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::users::admin::{NewUserForm, create};

    let (state, actor) = require(Need::Perm(Permission::UsersManage)).await?;
    let form = NewUserForm {
        name: &name,
        email: &user_email,
        password: &password,
        role: &role,
    };
    create(&state.db, &actor, &form).await?;
    Ok(())
}

/// Gives another user of the account another role.
#[server(endpoint = "set_user_role")]
pub async fn set_user_role(id: i64, role_id: i64) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Perm(Permission::UsersManage)).await?;
    crate::ssr::users::admin::set_role(&state.db, &actor, id, role_id).await
}

/// Deactivates (`active` = `false`: sessions end, tokens are revoked) or
/// activates another user of the account.
#[server(endpoint = "set_user_active")]
pub async fn set_user_active(id: i64, active: String) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Perm(Permission::UsersManage)).await?;
    let active = match active.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::field("active", "invalid")),
    };
    crate::ssr::users::admin::set_active(&state.db, &actor, id, active).await
}

/// Adds a custom role (no `id`) or changes one: its name and, as checked
/// boxes named `permissions[<permission>]`, what it grants.
#[server(endpoint = "save_role")]
pub async fn save_role(
    id: Option<i64>,
    role_name: String,
    permissions: Option<std::collections::BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Perm(Permission::UsersManage)).await?;
    let granted: Vec<String> = permissions.unwrap_or_default().into_keys().collect();
    crate::ssr::users::admin::save_role(&state.db, &actor, id, &role_name, &granted).await?;
    Ok(())
}

/// Deletes a custom role nobody holds.
#[server(endpoint = "delete_role")]
pub async fn delete_role(id: i64) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Perm(Permission::UsersManage)).await?;
    crate::ssr::users::admin::delete_role(&state.db, &actor, id).await
}

/// Gives another user of the account a new password; their sessions end.
#[server(endpoint = "reset_password")]
pub async fn reset_password(id: i64, password: String) -> Result<(), AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Perm(Permission::UsersManage)).await?;
    crate::ssr::users::admin::reset_password(&state.db, &actor, id, &password).await
}

/// Changes the caller's own password, given the current one; their other
/// sessions end, this one stays.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::credential::{self, Credential};
    use crate::ssr::auth::guard::{Need, request_context, require};

    let (state, actor) = require(Need::Signed).await?;
    let (_, parts) = request_context()?;
    let session = match credential::from_headers(&parts.headers) {
        Some(Credential::Session(id)) => Some(credential::digest(&id)),
        _ => None,
    };
    crate::ssr::users::admin::change_own_password(
        &state.db,
        &actor,
        &current_password,
        &new_password,
        session.as_deref(),
    )
    .await?;
    leptos_axum::redirect("/cuenta/contrasena?cambiada=1");
    Ok(())
}
