//! The login flow: the login limit (every attempt counted before the
//! password is checked, per account and address and per account), the
//! password check with equal answers and timing for unknown emails, and
//! session creation (a new id at every login).
use super::credential::{self, Credential};
use super::password;
use crate::domain::locale::UiLocale;
use crate::domain::validate::{MAX_EMAIL, MAX_PASSWORD, normalize_email};
use crate::error::{AppError, Problems};
use crate::ssr::auth::db::login_attempts;
use crate::ssr::auth::db::sessions;
use crate::ssr::clock::now_ms;
use crate::ssr::db::Db;
use crate::ssr::settings::{SecureCookies, Settings};
use crate::ssr::users::db as users;
use axum::extract::ConnectInfo;
use http::request::Parts;
use http::{Extensions, HeaderMap};
use std::net::{IpAddr, SocketAddr};

/// A successful login.
pub struct LoggedIn {
    /// The new session id (goes in the cookie, never stored as is).
    pub session_id: String,
    pub locale: UiLocale,
}

/// The client's address as the limits key it: behind `proxy_hops` proxies
/// of ours, the `X-Forwarded-For` entry that many from the right (the one
/// our outermost proxy added: whatever the client wrote is to its left);
/// else, or when that entry is missing or not an address, the socket's
/// peer. IPv6 addresses stand for their /64.
pub fn client_address(headers: &HeaderMap, extensions: &Extensions, settings: &Settings) -> String {
    forwarded_client(headers, settings.proxy_hops).unwrap_or_else(|| {
        extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ci| keyed(ci.0.ip()))
            .unwrap_or_else(|| "unknown".into())
    })
}

/// The `X-Forwarded-For` entry `hops` from the right, across every such
/// header in order; `None` without proxies or such an entry.
fn forwarded_client(headers: &HeaderMap, hops: usize) -> Option<String> {
    if hops == 0 {
        return None;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let entry = entries.get(entries.len().checked_sub(hops)?)?;
    parse_address(entry).map(keyed)
}

/// An address as proxies write it: bare, `ip:port` or `[v6]:port`.
fn parse_address(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = entry.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    entry
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// The key of an address for the limits: IPv4 as it is, IPv6 by its /64
/// (one subscriber's network), so that a block of addresses is one caller.
fn keyed(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{net}/64")
            }
        },
    }
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
            parts.uri.scheme_str() == Some("https")
                || (settings.proxy_hops > 0 && forwarded_https())
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
    let mut missing = Problems::default();
    if email.is_empty() {
        missing.add("email", "required");
    }
    if password.is_empty() {
        missing.add("password", "required");
    }
    if email.len() > MAX_EMAIL {
        missing.add("email", "too_long");
    }
    if password.len() > MAX_PASSWORD {
        missing.add("password", "too_long");
    }
    missing.finish()?;
    let now = now_ms();
    let window_ms = settings.login_window_minutes * 60_000;
    let pair = format!("p:{email} {address}");
    let whole = format!("a:{email}");
    let from = format!("i:{address}");
    // Counted before the password is checked, each count one atomic
    // upsert: parallel guesses each see the ones before. An address already
    // refused is not counted against the account, so another address with
    // the right password still gets in.
    let mut tx = db.begin().await?;
    login_attempts::drop_stale(&mut tx.ex(), now, window_ms).await?;
    // One address guessing across many emails (spraying) is stopped too.
    let limits = [
        (&pair, settings.login_max_failures),
        (&from, settings.login_address_max_attempts),
        (&whole, settings.login_account_max_failures),
    ];
    for (subject, max) in limits {
        let (attempts, started) =
            login_attempts::count(&mut tx.ex(), subject, now, window_ms).await?;
        if attempts > max {
            tx.commit().await?;
            let retry_ms = started + window_ms - now;
            return Err(AppError::TooManyAttempts(
                (retry_ms.max(1000) / 1000) as u64,
            ));
        }
    }
    let user = users::login_row(&mut tx.ex(), &email).await?;
    tx.commit().await?;
    // Hashing runs on a blocking thread: it takes tens of milliseconds.
    let pw = password.to_string();
    let checked = password::off_thread(move || match user {
        Some(u) => {
            let ok = password::verify(&pw, &u.password_hash) && u.active;
            ok.then_some(u)
        }
        None => {
            password::verify_dummy(&pw);
            None
        }
    })
    .await?;
    let Some(user) = checked else {
        return Err(AppError::BadCredentials);
    };
    let mut tx = db.begin().await?;
    login_attempts::forgive(&mut tx.ex(), &pair, [&whole, &from]).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_client_is_the_entry_our_proxies_added() {
        // The client wrote "1.1.1.1"; our one proxy appended what it saw.
        let h = forwarded(&["1.1.1.1, 203.0.113.7"]);
        assert_eq!(forwarded_client(&h, 1).as_deref(), Some("203.0.113.7"));
        assert_eq!(forwarded_client(&h, 2).as_deref(), Some("1.1.1.1"));
        assert_eq!(forwarded_client(&h, 0), None, "no proxy: ignored");
        assert_eq!(forwarded_client(&h, 3), None, "fewer entries than hops");
        // Several headers are one list, in order.
        let h = forwarded(&["9.9.9.9", "198.51.100.2"]);
        assert_eq!(forwarded_client(&h, 1).as_deref(), Some("198.51.100.2"));
        assert_eq!(forwarded_client(&forwarded(&["bogus"]), 1), None);
        // A v6 network is one caller; ports are not part of the address.
        let h = forwarded(&["2001:db8:1:2:3:4:5:6"]);
        assert_eq!(
            forwarded_client(&h, 1).as_deref(),
            Some("2001:db8:1:2::/64")
        );
        let h = forwarded(&["203.0.113.7:5123"]);
        assert_eq!(forwarded_client(&h, 1).as_deref(), Some("203.0.113.7"));
        let h = forwarded(&["[2001:db8::9]:443"]);
        assert_eq!(forwarded_client(&h, 1).as_deref(), Some("2001:db8::/64"));
    }
}
