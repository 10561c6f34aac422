//! Runtime configuration: `Leptos.toml` (its `[embudo]` table and the
//! `[package.metadata.leptos]` site settings), overridden by `LEPTOS_*`,
//! `DATABASE_URL` and `EMBUDO_*` environment variables.
use app::ssr::mail::Mailer;
use app::ssr::settings::{SecureCookies, Settings, SmtpUrl};
use leptos::config::{LeptosOptions, get_configuration};
use serde::Deserialize;
use std::path::Path;

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Config {
    pub leptos: LeptosOptions,
    pub database_url: String,
    pub settings: Settings,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("site_addr", &self.leptos.site_addr)
            .field("database_url", &redact(&self.database_url))
            .field("settings", &self.settings)
            .finish()
    }
}

/// The `[embudo]` table of Leptos.toml; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct EmbudoTable {
    database_url: Option<String>,
    session_days: Option<i64>,
    session_idle_minutes: Option<i64>,
    secure_cookies: Option<String>,
    proxy_hops: Option<usize>,
    login_max_failures: Option<i64>,
    login_account_max_failures: Option<i64>,
    login_address_max_attempts: Option<i64>,
    login_window_minutes: Option<i64>,
    default_currency: Option<String>,
    default_time_zone: Option<String>,
    api_requests_per_minute: Option<u32>,
    address_requests_per_minute: Option<u32>,
    public_url: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    webhook_allow_nets: Option<Vec<String>>,
    webhook_timeout_seconds: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
struct File {
    #[serde(default)]
    embudo: EmbudoTable,
}

/// Hides the password of a database URL for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn parse_env<T: std::str::FromStr>(name: &str) -> Result<Option<T>, String> {
    env(name)
        .map(|v| {
            v.parse::<T>()
                .map_err(|_| format!("{name}: cannot parse `{v}`"))
        })
        .transpose()
}

/// Loads the configuration from `path` (default `Leptos.toml`, or the file
/// named by `EMBUDO_CONFIG`) and the environment.
pub fn load() -> Result<Config, String> {
    let path = env("EMBUDO_CONFIG").unwrap_or_else(|| "Leptos.toml".into());
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    // Only the [embudo] table is ours; the Leptos section is read by leptos_config.
    let ours = text.split("[package.metadata.leptos]").next().unwrap_or("");
    let file: File = toml::from_str(ours).map_err(|e| format!("{path}: {e}"))?;
    let leptos = get_configuration(Some(&path))
        .map_err(|e| format!("{path}: {e}"))?
        .leptos_options;
    let t = file.embudo;
    let defaults = Settings::default();
    let secure = match env("EMBUDO_SECURE_COOKIES").or(t.secure_cookies).as_deref() {
        None | Some("auto") => SecureCookies::Auto,
        Some("always") => SecureCookies::Always,
        Some("never") => SecureCookies::Never,
        Some(other) => {
            return Err(format!(
                "secure-cookies: `{other}` is not auto, always or never"
            ));
        }
    };
    let settings = Settings {
        session_days: parse_env("EMBUDO_SESSION_DAYS")?
            .or(t.session_days)
            .unwrap_or(defaults.session_days),
        session_idle_minutes: parse_env("EMBUDO_SESSION_IDLE_MINUTES")?
            .or(t.session_idle_minutes)
            .unwrap_or(defaults.session_idle_minutes),
        secure_cookies: secure,
        proxy_hops: parse_env("EMBUDO_PROXY_HOPS")?
            .or(t.proxy_hops)
            .unwrap_or(defaults.proxy_hops),
        login_max_failures: parse_env("EMBUDO_LOGIN_MAX_FAILURES")?
            .or(t.login_max_failures)
            .unwrap_or(defaults.login_max_failures),
        login_account_max_failures: parse_env("EMBUDO_LOGIN_ACCOUNT_MAX_FAILURES")?
            .or(t.login_account_max_failures)
            .unwrap_or(defaults.login_account_max_failures),
        login_address_max_attempts: parse_env("EMBUDO_LOGIN_ADDRESS_MAX_ATTEMPTS")?
            .or(t.login_address_max_attempts)
            .unwrap_or(defaults.login_address_max_attempts),
        login_window_minutes: parse_env("EMBUDO_LOGIN_WINDOW_MINUTES")?
            .or(t.login_window_minutes)
            .unwrap_or(defaults.login_window_minutes),
        default_currency: env("EMBUDO_DEFAULT_CURRENCY")
            .or(t.default_currency)
            .unwrap_or(defaults.default_currency),
        default_time_zone: env("EMBUDO_DEFAULT_TIME_ZONE")
            .or(t.default_time_zone)
            .unwrap_or(defaults.default_time_zone),
        api_requests_per_minute: parse_env("EMBUDO_API_REQUESTS_PER_MINUTE")?
            .or(t.api_requests_per_minute)
            .unwrap_or(defaults.api_requests_per_minute),
        address_requests_per_minute: parse_env("EMBUDO_ADDRESS_REQUESTS_PER_MINUTE")?
            .or(t.address_requests_per_minute)
            .unwrap_or(defaults.address_requests_per_minute),
        public_url: env("EMBUDO_PUBLIC_URL")
            .or(t.public_url)
            .unwrap_or_else(|| format!("http://{}", leptos.site_addr))
            .trim_end_matches('/')
            .to_string(),
        smtp_url: env("EMBUDO_SMTP_URL").or(t.smtp_url).map(SmtpUrl),
        mail_from: env("EMBUDO_MAIL_FROM")
            .or(t.mail_from)
            .unwrap_or(defaults.mail_from),
        webhook_allow_nets: allow_nets(
            env("EMBUDO_WEBHOOK_ALLOW_NETS")
                .map(|v| v.split(',').map(str::to_string).collect())
                .or(t.webhook_allow_nets)
                .unwrap_or_default(),
        )?,
        webhook_timeout_seconds: parse_env("EMBUDO_WEBHOOK_TIMEOUT_SECONDS")?
            .or(t.webhook_timeout_seconds)
            .unwrap_or(defaults.webhook_timeout_seconds),
        ..defaults
    };
    // A relay or sender lettre cannot read stops the start, named.
    Mailer::of(&settings)?;
    if !(settings.public_url.starts_with("http://") || settings.public_url.starts_with("https://"))
    {
        return Err("public-url must start with http:// or https://".into());
    }
    if settings.session_days < 1
        || settings.session_idle_minutes < 1
        || settings.login_max_failures < 1
        || settings.login_account_max_failures < 1
        || settings.login_address_max_attempts < 1
        || settings.login_window_minutes < 1
        || settings.api_requests_per_minute < 1
        || settings.address_requests_per_minute < 1
        || settings.webhook_timeout_seconds < 1
    {
        return Err("session-days, session-idle-minutes, login-max-failures, \
             login-account-max-failures, login-address-max-attempts, login-window-minutes, api-requests-per-minute, \
             address-requests-per-minute and webhook-timeout-seconds must be at least 1"
            .into());
    }
    let database_url = env("DATABASE_URL")
        .or(t.database_url)
        .unwrap_or_else(|| "sqlite:data/embudo.db".into());
    Ok(Config {
        leptos,
        database_url,
        settings,
    })
}

/// The networks webhooks may reach although private (`webhook-allow-nets`):
/// CIDR blocks such as `127.0.0.0/8` or `10.1.2.3/32`, each named when it
/// cannot be read.
fn allow_nets(listed: Vec<String>) -> Result<Vec<ipnet::IpNet>, String> {
    listed
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .map(|n| {
            n.parse().map_err(|_| {
                format!("webhook-allow-nets: `{n}` is not a network such as 127.0.0.0/8")
            })
        })
        .collect()
}

/// For SQLite URLs, creates the folder that will hold the file.
pub fn ensure_sqlite_dir(url: &str) -> Result<(), String> {
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return Ok(());
    };
    let path = rest
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/embudo"),
            "postgres://app:***@db:5432/embudo"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1:5433/x"),
            "postgres://postgres@127.0.0.1:5433/x"
        );
        assert_eq!(redact("sqlite:data/embudo.db"), "sqlite:data/embudo.db");
    }
}
