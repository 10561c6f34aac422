//! Runtime settings the server functions need (loaded by the server from
//! Leptos.toml and `EMBUDO_*` variables).

/// When the session cookie carries `Secure`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecureCookies {
    /// When the request arrived over HTTPS (seen directly or via a trusted proxy).
    Auto,
    Always,
    Never,
}

/// Settings shared by every request.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Session lifetime in days.
    pub session_days: i64,
    pub secure_cookies: SecureCookies,
    /// Believe `X-Forwarded-For` / `X-Forwarded-Proto` (only behind a proxy you run).
    pub trust_proxy: bool,
    /// Failed logins for one account from one address before refusing.
    pub login_max_failures: i64,
    /// Window, in minutes, over which failures are counted (and the lock lasts).
    pub login_window_minutes: i64,
    /// Defaults for new accounts.
    pub default_currency: String,
    pub default_time_zone: String,
    /// REST requests one token (or session) may make per minute on one
    /// server before 429.
    pub api_requests_per_minute: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_days: 30,
            secure_cookies: SecureCookies::Auto,
            trust_proxy: false,
            login_max_failures: 10,
            login_window_minutes: 15,
            default_currency: "MXN".into(),
            default_time_zone: "America/Mexico_City".into(),
            api_requests_per_minute: 600,
        }
    }
}
