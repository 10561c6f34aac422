//! Users and roles of the account, for whoever manages users
//! (`account.users.manage`): users created with a role, given another role,
//! deactivated (their sessions end and their API tokens are revoked at
//! once) and activated again; custom roles named and granted permissions
//! by checkbox. Nobody changes their own role or standing, nor takes
//! "manage users" away from the role they hold, so an account always keeps
//! someone who can manage it. Whoever manages users resets another user's
//! forgotten password; everyone changes their own, given the current one.
//! Nobody grants, assigns or acts on a permission they do not hold: a role
//! is given or saved only with permissions its giver holds, and a user
//! holding more than the actor is not theirs to change, reset or
//! deactivate. Every change is noted in the account history.
use crate::domain::permission::Permission;
use crate::domain::validate::password_problem;
use crate::error::{AppError, FieldError, Problems};
use crate::ssr::accounts::provision::{UserInput, add_user, new_password_hash};
use crate::ssr::auth::guard::Actor;
use crate::ssr::auth::password;
use crate::ssr::bitacora::{note, note_edit};
use crate::ssr::db::Db;
use crate::ssr::tokens::db as tokens;
use crate::ssr::users::db as users;
use crate::ssr::users::db::roles;

/// The most characters of a role's name.
const ROLE_NAME_MAX: usize = 60;

/// Refusal codes: granting a permission the actor does not hold, and
/// acting on a user or role that holds one.
const BEYOND_OWN: &str = "beyond_own";
const OUTRANKS: &str = "outranks";

/// The name and role of another user of the account whom the actor may
/// act on: one holding a permission the actor lacks is refused.
async fn below_actor(
    ex: &mut crate::ssr::db::Ex<'_>,
    actor: &Actor,
    user_id: i64,
) -> Result<String, AppError> {
    let (name, role_id, _) = users::standing(ex, actor.account_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    role_within(ex, actor, role_id, "user", OUTRANKS).await?;
    Ok(name)
}

/// Refuses, as `code` on `field`, a role of the account that grants a
/// permission the actor does not hold.
async fn role_within(
    ex: &mut crate::ssr::db::Ex<'_>,
    actor: &Actor,
    role_id: i64,
    field: &str,
    code: &str,
) -> Result<(), AppError> {
    actor.must_hold_all(&roles::permissions(ex, role_id).await?, field, code)
}

/// A new user's fields as the form sends them.
pub struct NewUserForm<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub role: &'a str,
}

/// Creates a user of the actor's account; returns its id.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn create(db: &Db, actor: &Actor, form: &NewUserForm<'_>) -> Result<i64, AppError> {
    let input = UserInput {
        account_id: actor.account_id,
        email: form.email,
        name: form.name,
        role: form.role,
        password: form.password,
    };
    let hash = new_password_hash(form.password).await?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    if let Some(role_id) = roles::id_by_name(&mut ex, actor.account_id, form.role).await? {
        role_within(&mut ex, actor, role_id, "role", BEYOND_OWN).await?;
    }
    // The user's email field is `user_email` on the page: its messages
    // speak of users, not of contacts.
    let id = add_user(&mut ex, &input, hash.as_deref())
        .await
        .map_err(|e| match e {
            AppError::Validation(list) => AppError::Validation(
                list.into_iter()
                    .map(|p| FieldError {
                        field: if p.field == "email" {
                            "user_email".into()
                        } else {
                            p.field
                        },
                        code: p.code,
                    })
                    .collect(),
            ),
            e => e,
        })?;
    note(
        &mut ex,
        actor,
        "user",
        Some(id),
        "created",
        form.name.trim(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Gives another user of the account the role `role_id` (both what they
/// hold and what the role grants must be the actor's own).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn set_role(db: &Db, actor: &Actor, user_id: i64, role_id: i64) -> Result<(), AppError> {
    if user_id == actor.user_id {
        return Err(AppError::field("role", "own"));
    }
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let name = below_actor(&mut ex, actor, user_id).await?;
    let (role, _) = roles::get(&mut ex, actor.account_id, role_id)
        .await?
        .ok_or_else(|| AppError::field("role", "unknown_role"))?;
    role_within(&mut ex, actor, role_id, "role", BEYOND_OWN).await?;
    users::set_role(&mut ex, actor.account_id, user_id, role_id).await?;
    note(
        &mut ex,
        actor,
        "user",
        Some(user_id),
        "role_changed",
        &format!("{name} → {role}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Activates or deactivates another user of the account.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn set_active(
    db: &Db,
    actor: &Actor,
    user_id: i64,
    active: bool,
) -> Result<(), AppError> {
    if user_id == actor.user_id {
        return Err(AppError::field("user", "own"));
    }
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let name = below_actor(&mut ex, actor, user_id).await?;
    users::set_active(&mut ex, actor.account_id, user_id, active, actor.clock.now).await?;
    let action = if active { "activated" } else { "deactivated" };
    note(&mut ex, actor, "user", Some(user_id), action, &name).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a custom role (no `id`) or changes one: its name and the
/// permissions granted (names as stored), only those the actor holds; a
/// role granting more than the actor holds is not theirs to change.
/// Built-in roles stay as they are.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save_role(
    db: &Db,
    actor: &Actor,
    id: Option<i64>,
    name: &str,
    granted: &[String],
) -> Result<i64, AppError> {
    let mut f = Problems::default();
    let name = f.required_text("role_name", Some(name), ROLE_NAME_MAX);
    let mut permissions = Vec::new();
    for g in granted {
        match Permission::from_name(g) {
            Some(p) if !permissions.contains(&p) => permissions.push(p),
            Some(_) => {}
            None => f.add("permissions", "invalid"),
        }
    }
    if !f.failed("permissions") && !actor.may_grant(&permissions) {
        f.add("permissions", BEYOND_OWN);
    }
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    if !f.failed("role_name")
        && roles::id_by_name(&mut ex, actor.account_id, &name)
            .await?
            .is_some_and(|other| Some(other) != id)
    {
        f.add("role_name", "taken");
    }
    if let Some(id) = id {
        let (_, builtin) = roles::get(&mut ex, actor.account_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if builtin.is_some() {
            return Err(AppError::field("role_name", "builtin"));
        }
        role_within(&mut ex, actor, id, "role_name", OUTRANKS).await?;
        if id == actor.row.role_id && !permissions.contains(&Permission::UsersManage) {
            f.add("permissions", "own_manage");
        }
    }
    f.finish()?;
    let (id, action) = match id {
        None => (
            roles::insert(&mut ex, actor.account_id, &name, None, &permissions).await?,
            "created",
        ),
        Some(id) => {
            roles::update(&mut ex, actor.account_id, id, &name, &permissions).await?;
            (id, "updated")
        }
    };
    let granted: Vec<&str> = permissions.iter().map(|p| p.name()).collect();
    note_edit(&mut ex, actor, "role", Some(id), action, &name, &granted).await?;
    tx.commit().await?;
    Ok(id)
}

/// Deletes a custom role nobody holds (granting nothing the actor lacks).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn delete_role(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let (name, builtin) = roles::get(&mut ex, actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if builtin.is_some() {
        return Err(AppError::field("role_name", "builtin"));
    }
    role_within(&mut ex, actor, id, "role_name", OUTRANKS).await?;
    if !roles::delete(&mut ex, actor.account_id, id).await? {
        return Err(AppError::field("role", "in_use"));
    }
    note(&mut ex, actor, "role", Some(id), "deleted", &name).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives another user of the account (holding nothing the actor lacks) a
/// new password, since they forgot theirs: their sessions end and their
/// API tokens are revoked.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn reset_password(
    db: &Db,
    actor: &Actor,
    user_id: i64,
    password: &str,
) -> Result<(), AppError> {
    if user_id == actor.user_id {
        return Err(AppError::field("user", "own"));
    }
    if let Some(code) = password_problem(password) {
        return Err(AppError::field("password", code));
    }
    let hash = password::hash_off_thread(password).await?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let name = below_actor(&mut ex, actor, user_id).await?;
    users::set_password(&mut ex, actor.account_id, user_id, &hash, None).await?;
    tokens::revoke_all(&mut ex, actor.account_id, user_id, actor.clock.now).await?;
    note(
        &mut ex,
        actor,
        "user",
        Some(user_id),
        "password_reset",
        &name,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the actor's own password, given the current one; their other
/// sessions end (`session`, the hash of this one, stays).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn change_own_password(
    db: &Db,
    actor: &Actor,
    current: &str,
    new: &str,
    session: Option<&str>,
) -> Result<(), AppError> {
    // Argon2 runs off the async workers and outside the transaction.
    let stored = {
        let mut conn = db.read().await?;
        users::password_hash(&mut conn.ex(), actor.account_id, actor.user_id)
            .await?
            .ok_or(AppError::Unauthorized)?
    };
    let mut f = Problems::default();
    if !password::verify_off_thread(current, stored).await? {
        f.add("current_password", "wrong_password");
    }
    if let Some(code) = password_problem(new) {
        f.add("new_password", code);
    }
    f.finish()?;
    let hash = password::hash_off_thread(new).await?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    users::set_password(&mut ex, actor.account_id, actor.user_id, &hash, session).await?;
    note(
        &mut ex,
        actor,
        "user",
        Some(actor.user_id),
        "password_changed",
        &actor.row.name,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
