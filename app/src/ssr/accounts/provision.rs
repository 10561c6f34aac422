//! Creating accounts, users and API tokens, with their validation. Used by
//! the CLI and the demo seeder; each operation is one transaction.
use crate::domain::locale::UiLocale;
use crate::domain::money::CURRENCIES;
use crate::domain::permission::BuiltinRole;
use crate::domain::plan::Plan;
use crate::domain::validate::{is_valid_email, normalize_email, password_problem, required_text};
use crate::error::{AppError, Problems};
use crate::ssr::accounts::db as accounts;
use crate::ssr::auth::{credential, password};
use crate::ssr::clock::now_ms;
use crate::ssr::db::Db;
use crate::ssr::db::Ex;
use crate::ssr::pipelines::db as pipelines;
use crate::ssr::pipelines::db::lost_reasons;
use crate::ssr::tokens::db as tokens;
use crate::ssr::users::db as users;
use crate::ssr::users::db::roles;

/// A new account with its first administrator.
pub struct AccountInput<'a> {
    pub name: &'a str,
    pub plan: &'a str,
    pub currency: &'a str,
    pub time_zone: &'a str,
    pub admin_name: &'a str,
    pub admin_email: &'a str,
    pub admin_password: &'a str,
}

/// A new user of an existing account.
pub struct UserInput<'a> {
    pub account_id: i64,
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub password: &'a str,
}

fn check_person(errors: &mut Problems, prefix: &str, name: &str, email: &str, pw: &str) {
    if let Err(code) = required_text(name, 120) {
        errors.add(&format!("{prefix}name"), code);
    }
    if !is_valid_email(&normalize_email(email)) {
        errors.add(&format!("{prefix}email"), "invalid_email");
    }
    if let Some(code) = password_problem(pw) {
        errors.add(&format!("{prefix}password"), code);
    }
}

/// Creates an account with the built-in roles, the default pipeline, the
/// default lost reasons and its admin user. Returns (account id, admin id).
pub async fn create_account(db: &Db, input: &AccountInput<'_>) -> Result<(i64, i64), AppError> {
    let mut errors = Problems::default();
    if let Err(code) = required_text(input.name, 120) {
        errors.add("name", code);
    }
    if input.plan.parse::<Plan>().is_err() {
        errors.add("plan", "unknown_plan");
    }
    // One the product knows the minor unit of (as the account's settings).
    if !CURRENCIES.contains(&input.currency) {
        errors.add("currency", "invalid_currency");
    }
    if required_text(input.time_zone, 64).is_err()
        || input.time_zone.parse::<chrono_tz::Tz>().is_err()
    {
        errors.add("time_zone", "invalid_time_zone");
    }
    check_person(
        &mut errors,
        "admin_",
        input.admin_name,
        input.admin_email,
        input.admin_password,
    );
    errors.finish()?;
    let hash = password::hash(input.admin_password);
    let now = now_ms();
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let account = accounts::NewAccount {
        name: input.name.trim(),
        plan: input.plan,
        currency: input.currency,
        time_zone: input.time_zone,
        locale: UiLocale::Es.as_str(),
    };
    let account_id = accounts::insert(&mut ex, &account, now).await?;
    roles::insert_builtins(&mut ex, account_id).await?;
    pipelines::insert_default(&mut ex, account_id, now).await?;
    lost_reasons::insert_defaults(&mut ex, account_id).await?;
    let admin_role = roles::id_by_name(&mut ex, account_id, BuiltinRole::Admin.key())
        .await?
        .ok_or(AppError::Internal)?;
    let email = normalize_email(input.admin_email);
    let user = users::NewUser {
        account_id,
        email: &email,
        name: input.admin_name.trim(),
        password_hash: &hash,
        role_id: admin_role,
    };
    let admin_id = users::insert(&mut ex, &user, now)
        .await
        .map_err(taken("admin_email"))?;
    tx.commit().await?;
    Ok((account_id, admin_id))
}

/// Creates a user in an account with a role given by name.
pub async fn create_user(db: &Db, input: &UserInput<'_>) -> Result<i64, AppError> {
    let hash = new_password_hash(input.password).await?;
    let mut tx = db.begin().await?;
    let id = add_user(&mut tx.ex(), input, hash.as_deref()).await?;
    tx.commit().await?;
    Ok(id)
}

/// The hash of a new user's password, made before any transaction (see
/// [`password::hash_off_thread`]); none when the password is refused (its
/// problem is named by [`add_user`] with the other fields').
pub async fn new_password_hash(pw: &str) -> Result<Option<String>, AppError> {
    match password_problem(pw) {
        Some(_) => Ok(None),
        None => password::hash_off_thread(pw).await.map(Some),
    }
}

/// Creates a user in an account with a role given by name, in the
/// caller's transaction (every field checked first: name, email, password,
/// role; an email in use anywhere is `taken`); `hash` is the password's,
/// from [`new_password_hash`].
pub async fn add_user(
    ex: &mut Ex<'_>,
    input: &UserInput<'_>,
    hash: Option<&str>,
) -> Result<i64, AppError> {
    let mut errors = Problems::default();
    check_person(&mut errors, "", input.name, input.email, input.password);
    let role_id = roles::id_by_name(ex, input.account_id, input.role).await?;
    if role_id.is_none() {
        errors.add("role", "unknown_role");
    }
    let email = normalize_email(input.email);
    if !errors.failed("email") && users::id_by_email(ex, &email).await?.is_some() {
        errors.add("email", "taken");
    }
    errors.finish()?;
    let role_id = role_id.ok_or(AppError::Internal)?;
    let user = users::NewUser {
        account_id: input.account_id,
        email: &email,
        name: input.name.trim(),
        password_hash: hash.ok_or(AppError::Internal)?,
        role_id,
    };
    users::insert(ex, &user, now_ms())
        .await
        .map_err(taken("email"))
}

/// Creates a personal API token for the user with this email; returns the
/// token, which is shown once and stored only as a digest.
pub async fn create_token(db: &Db, email: &str, name: &str) -> Result<String, AppError> {
    let name = required_text(name, 80).map_err(|code| AppError::field("name", code))?;
    let email = normalize_email(email);
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let user_id = users::id_by_email(&mut ex, &email)
        .await?
        .ok_or_else(|| AppError::field("email", "unknown_user"))?;
    let account_id = users::account_of(&mut ex, user_id).await?;
    let token = issue_token(&mut ex, account_id, user_id, &name, None).await?;
    tx.commit().await?;
    Ok(token)
}

/// The most days a token may be made to last (besides never expiring).
pub const TOKEN_MAX_DAYS: i64 = 3650;

/// Creates a token named `name` for a user (from Mi cuenta › Tokens),
/// working for `expires_in_days` (empty: until revoked); returns it: shown
/// once, stored only as a digest.
pub async fn create_own_token(
    db: &Db,
    account_id: i64,
    user_id: i64,
    name: &str,
    expires_in_days: &str,
) -> Result<String, AppError> {
    let mut errors = Problems::default();
    let name = required_text(name, 80).unwrap_or_else(|code| {
        errors.add("name", code);
        String::new()
    });
    let days = match expires_in_days.trim() {
        "" => None,
        text => {
            let days = text
                .parse::<i64>()
                .ok()
                .filter(|d| (1..=TOKEN_MAX_DAYS).contains(d));
            if days.is_none() {
                errors.add("expires_in_days", "invalid");
            }
            days
        }
    };
    errors.finish()?;
    let expires_at = days.map(|d| now_ms() + d * 86_400_000);
    let mut tx = db.begin().await?;
    let token = issue_token(&mut tx.ex(), account_id, user_id, &name, expires_at).await?;
    tx.commit().await?;
    Ok(token)
}

async fn issue_token(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
    name: &str,
    expires_at: Option<i64>,
) -> Result<String, AppError> {
    let token = credential::new_token();
    let digest = credential::digest(&token);
    let new = tokens::NewToken {
        account_id,
        user_id,
        name,
        token_hash: &digest,
        prefix: &token[..8],
        expires_at,
    };
    tokens::insert(ex, &new, now_ms()).await?;
    Ok(token)
}

/// Maps a unique-violation to "this email is taken".
fn taken(field: &'static str) -> impl Fn(AppError) -> AppError {
    move |e| match e {
        AppError::Conflict(_) => AppError::field(field, "taken"),
        other => other,
    }
}
