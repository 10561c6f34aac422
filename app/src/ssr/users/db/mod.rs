//! Users of an account.
pub mod roles;
use crate::error::AppError;
use crate::model::UserView;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};

/// A new user's fields (the password already hashed).
pub struct NewUser<'a> {
    pub account_id: i64,
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role_id: i64,
}

/// What a login needs to know about a user.
#[derive(Debug, sqlx::FromRow)]
pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
    pub active: bool,
    pub locale: Option<String>,
    pub account_locale: String,
}

pub async fn insert(ex: &mut Ex<'_>, u: &NewUser<'_>, now: i64) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO users (account_id, email, name, password_hash, role_id, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        u.account_id,
        u.email,
        u.name,
        u.password_hash,
        u.role_id,
        true,
        now
    )?)
}

/// Looks a user up by (normalised) email for login.
pub async fn login_row(ex: &mut Ex<'_>, email: &str) -> Result<Option<LoginRow>, AppError> {
    Ok(fetch_optional!(
        ex,
        LoginRow,
        "SELECT u.id, u.password_hash, u.active, u.locale, a.locale AS account_locale \
         FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.email = $1",
        email
    )?)
}

/// Active and inactive users of the account, by name.
pub async fn list(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<UserView>, AppError> {
    let rows = fetch_all!(
        ex,
        (i64, String, String, String, bool),
        "SELECT u.id, u.name, u.email, r.name, u.active FROM users u JOIN roles r ON r.id = u.role_id \
         WHERE u.account_id = $1 ORDER BY u.name, u.id",
        account_id
    )?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, role, active)| UserView {
            id,
            name,
            email,
            role,
            active,
        })
        .collect())
}

/// Active user ids with their role name, for the seeder.
pub async fn active_with_roles(
    ex: &mut Ex<'_>,
    account_id: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, String),
        "SELECT u.id, r.name FROM users u JOIN roles r ON r.id = u.role_id \
         WHERE u.account_id = $1 AND u.active ORDER BY u.id",
        account_id
    )?)
}

/// Active users of the account by name: (id, name).
pub async fn active_names(
    ex: &mut Ex<'_>,
    account_id: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, String),
        "SELECT id, name FROM users WHERE account_id = $1 AND active ORDER BY name, id",
        account_id
    )?)
}

/// Stores the user's interface language.
pub async fn set_locale(ex: &mut Ex<'_>, user_id: i64, locale: &str) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE users SET locale = $2 WHERE id = $1",
        user_id,
        locale
    )?;
    Ok(())
}

/// The user id for an email, if any.
pub async fn id_by_email(ex: &mut Ex<'_>, email: &str) -> Result<Option<i64>, AppError> {
    Ok(fetch_optional!(ex, (i64,), "SELECT id FROM users WHERE email = $1", email)?.map(|r| r.0))
}

/// The account a user belongs to.
pub async fn account_of(ex: &mut Ex<'_>, user_id: i64) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "SELECT account_id FROM users WHERE id = $1",
        user_id
    )?)
}

/// A user of the account: (name, role id, active); a foreign id is `None`.
pub async fn standing(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
) -> Result<Option<(String, i64, bool)>, AppError> {
    Ok(fetch_optional!(
        ex,
        (String, i64, bool),
        "SELECT name, role_id, active FROM users WHERE account_id = $1 AND id = $2",
        account_id,
        user_id
    )?)
}

/// Gives a user of the account another role.
pub async fn set_role(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
    role_id: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE users SET role_id = $3 WHERE account_id = $1 AND id = $2",
        account_id,
        user_id,
        role_id
    )?;
    Ok(())
}

/// Activates or deactivates a user of the account; deactivating also ends
/// their sessions and revokes their API tokens at `now`.
pub async fn set_active(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
    active: bool,
    now: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE users SET active = $3 WHERE account_id = $1 AND id = $2",
        account_id,
        user_id,
        active
    )?;
    if !active {
        execute!(
            ex,
            "DELETE FROM sessions WHERE user_id = $1 \
             AND user_id IN (SELECT id FROM users WHERE account_id = $2)",
            user_id,
            account_id
        )?;
        crate::ssr::tokens::db::revoke_all(ex, account_id, user_id, now).await?;
    }
    Ok(())
}

/// The stored password hash of a user of the account.
pub async fn password_hash(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
) -> Result<Option<String>, AppError> {
    Ok(fetch_optional!(
        ex,
        (String,),
        "SELECT password_hash FROM users WHERE account_id = $1 AND id = $2",
        account_id,
        user_id
    )?
    .map(|r| r.0))
}

/// Sets a user's password hash and ends their sessions but `keep` (the
/// session hash of whoever changes their own password).
pub async fn set_password(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
    hash: &str,
    keep: Option<&str>,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE users SET password_hash = $3 WHERE account_id = $1 AND id = $2",
        account_id,
        user_id,
        hash
    )?;
    execute!(
        ex,
        "DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR id_hash <> $2) \
         AND user_id IN (SELECT id FROM users WHERE account_id = $3)",
        user_id,
        keep,
        account_id
    )?;
    Ok(())
}
