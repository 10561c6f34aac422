//! The login flow: the failed-login limit, the password check with equal
//! answers and timing for unknown emails, and session creation (a new id at
//! every login).
use super::credential::{self, Credential};
use super::password;
use crate::domain::locale::UiLocale;
use crate::domain::validate::normalize_email;
use crate::error::{AppError, FieldError};
use crate::ssr::db::{Db, login_failures, sessions, users};
use crate::ssr::now_ms;
use crate::ssr::settings::{SecureCookies, Settings};
use axum::extract::ConnectInfo;
use http::request::Parts;
use std::net::SocketAddr;

/// A successful login.
pub struct LoggedIn {
    /// The new session id (goes in the cookie, never stored as is).
    pub session_id: String,
    pub locale: UiLocale,
}

/// The client's address: the socket peer, or the first `X-Forwarded-For`
/// entry when the proxy is trusted.
pub fn client_address(parts: &Parts, settings: &Settings) -> String {
    if settings.trust_proxy
        && let Some(first) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return first.to_string();
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Whether session cookies carry `Secure`: as configured, or in `auto` mode
/// when the request arrived over HTTPS (directly or via a trusted proxy).
pub fn cookie_secure(parts: &Parts, settings: &Settings) -> bool {
    let forwarded_https = || {
        parts
            .headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            == Some("https")
    };
    match settings.secure_cookies {
        SecureCookies::Always => true,
        SecureCookies::Never => false,
        SecureCookies::Auto => {
            parts.uri.scheme_str() == Some("https") || (settings.trust_proxy && forwarded_https())
        }
    }
}

/// Checks the credentials and opens a session.
pub async fn login(
    db: &Db,
    settings: &Settings,
    email: &str,
    password: &str,
    address: &str,
    previous: Option<Credential>,
) -> Result<LoggedIn, AppError> {
    let email = normalize_email(email);
    let mut missing = Vec::new();
    if email.is_empty() {
        missing.push(FieldError {
            field: "email".into(),
            code: "required".into(),
        });
    }
    if password.is_empty() {
        missing.push(FieldError {
            field: "password".into(),
            code: "required".into(),
        });
    }
    if !missing.is_empty() {
        return Err(AppError::Validation(missing));
    }
    let now = now_ms();
    let window_ms = settings.login_window_minutes * 60_000;
    let mut conn = db.read().await?;
    let (failures, oldest) =
        login_failures::recent(&mut conn.ex(), &email, address, now - window_ms).await?;
    if failures >= settings.login_max_failures {
        let retry_ms = oldest.unwrap_or(now) + window_ms - now;
        return Err(AppError::TooManyAttempts(
            (retry_ms.max(1000) / 1000) as u64,
        ));
    }
    let user = users::login_row(&mut conn.ex(), &email).await?;
    drop(conn);
    // Hashing runs on a blocking thread: it takes tens of milliseconds.
    let pw = password.to_string();
    let checked = tokio::task::spawn_blocking(move || match user {
        Some(u) => {
            let ok = password::verify(&pw, &u.password_hash) && u.active;
            ok.then_some(u)
        }
        None => {
            password::verify_dummy(&pw);
            None
        }
    })
    .await
    .map_err(|_| AppError::Internal)?;
    let mut tx = db.begin().await?;
    let Some(user) = checked else {
        login_failures::record(&mut tx.ex(), &email, address, now).await?;
        tx.commit().await?;
        return Err(AppError::BadCredentials);
    };
    login_failures::clear(&mut tx.ex(), &email, address, now - window_ms).await?;
    if let Some(Credential::Session(old)) = previous {
        sessions::delete(&mut tx.ex(), &credential::digest(&old)).await?;
    }
    let session_id = credential::random_secret();
    let expires = now + settings.session_days * 86_400_000;
    sessions::insert(
        &mut tx.ex(),
        &credential::digest(&session_id),
        user.id,
        now,
        expires,
    )
    .await?;
    tx.commit().await?;
    let locale = UiLocale::preferred(user.locale.as_deref(), &user.account_locale);
    Ok(LoggedIn { session_id, locale })
}

/// Ends the session behind the credential, if it is one.
pub async fn logout(db: &Db, cred: Option<Credential>) -> Result<(), AppError> {
    if let Some(Credential::Session(id)) = cred {
        let mut tx = db.begin().await?;
        sessions::delete(&mut tx.ex(), &credential::digest(&id)).await?;
        tx.commit().await?;
    }
    Ok(())
}
