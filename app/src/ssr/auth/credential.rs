//! Session ids and API tokens: generation, hashing, and reading them from
//! requests (cookie or `Authorization: Bearer`).
use crate::error::AppError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::HeaderMap;
use http::header::{AUTHORIZATION, COOKIE};
use leptos::prelude::expect_context;
use sha2::{Digest, Sha256};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "embudo_session";
/// Cookie leptos_i18n reads for the interface language.
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";
/// Prefix of personal API tokens, so they are recognisable in logs and scanners.
pub const TOKEN_PREFIX: &str = "emb_";

/// A credential found on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    Session(String),
    Token(String),
}

/// 256 random bits, URL-safe base64.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new API token (shown once).
pub fn new_token() -> String {
    format!("{TOKEN_PREFIX}{}", random_secret())
}

/// What is stored in place of a session id or token.
pub fn digest(secret: &str) -> String {
    let d = Sha256::digest(secret.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Value of a cookie in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The bearer token if present, else the session cookie.
pub fn from_headers(headers: &HeaderMap) -> Option<Credential> {
    if let Some(auth) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let token = auth.strip_prefix("Bearer ").unwrap_or("").trim();
        return Some(Credential::Token(token.to_string()));
    }
    cookie(headers, SESSION_COOKIE)
        .filter(|v| !v.is_empty())
        .map(|v| Credential::Session(v.to_string()))
}

/// `Set-Cookie` value for a new session.
pub fn session_cookie(id: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    session_cookie("", 0, secure)
}

/// `Set-Cookie` value for the interface language (readable by the page).
pub fn locale_cookie(locale: &str) -> String {
    format!("{LOCALE_COOKIE}={locale}; Path=/; SameSite=Lax; Max-Age=31536000")
}

/// Adds a `Set-Cookie` header to the response of the running server function.
pub fn send_cookie(cookie: &str) -> Result<(), AppError> {
    let value = http::HeaderValue::from_str(cookie).map_err(|_| AppError::Internal)?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn secrets_are_long_random_and_digest_is_stable() {
        let a = random_secret();
        assert_eq!(a.len(), 43, "256 bits in base64");
        assert_ne!(a, random_secret());
        assert_eq!(digest("x"), digest("x"));
        assert_eq!(digest("x").len(), 64);
        assert!(new_token().starts_with("emb_"));
    }

    #[test]
    fn reads_cookie_or_bearer() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; embudo_session=abc; b=2"),
        );
        assert_eq!(from_headers(&h), Some(Credential::Session("abc".into())));
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer emb_x"));
        assert_eq!(from_headers(&h), Some(Credential::Token("emb_x".into())));
        assert!(
            session_cookie("id", 60, true).contains("HttpOnly; SameSite=Lax; Max-Age=60; Secure")
        );
        assert!(!session_cookie("id", 60, false).contains("Secure"));
    }
}
