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
    /// A session unused this many minutes ends.
    pub session_idle_minutes: i64,
    /// How often an open live stream checks that its credential still
    /// holds (it closes once it does not).
    pub live_recheck_seconds: u64,
    pub secure_cookies: SecureCookies,
    /// Proxies you run in front of the server, each appending the address
    /// it saw to `X-Forwarded-For`: the client is the entry this many from
    /// the right, and `X-Forwarded-Proto` is believed. 0: no proxy, the
    /// socket's peer is the client and forwarded headers are ignored.
    pub proxy_hops: usize,
    /// Login attempts for one account from one address before refusing.
    pub login_max_failures: i64,
    /// Login attempts for one account from all addresses together before
    /// refusing (guesses spread over many addresses).
    pub login_account_max_failures: i64,
    /// Login attempts from one address for all accounts together before
    /// refusing (one password tried on many accounts).
    pub login_address_max_attempts: i64,
    /// Window, in minutes, over which attempts are counted (and the lock lasts).
    pub login_window_minutes: i64,
    /// Defaults for new accounts.
    pub default_currency: String,
    pub default_time_zone: String,
    /// Requests (REST and server functions) one signed-in user may make
    /// per minute on one server before 429.
    pub api_requests_per_minute: u32,
    /// Requests to `/api/…` one client address may make per minute on one
    /// server before 429 (before any credential is looked at).
    pub address_requests_per_minute: u32,
    /// Where customers reach this install (`https://crm.example.mx`, no
    /// trailing slash): the start of the links sent to them. Empty: the
    /// links are shown as paths.
    pub public_url: String,
    /// The SMTP relay a sent quote's mail goes through (none: quotes are
    /// shared by their link only).
    pub smtp_url: Option<SmtpUrl>,
    /// The mail's sender: `Embudo <cotizaciones@example.mx>` (the seller
    /// is its Reply-To).
    pub mail_from: String,
    /// Networks webhooks may be delivered to although they are loopback,
    /// private or link-local (a self-hosted install's own receivers, e.g.
    /// `127.0.0.0/8`); every other such address is refused.
    pub webhook_allow_nets: Vec<ipnet::IpNet>,
    /// How long one webhook request may take, connection included.
    pub webhook_timeout_seconds: u64,
}

/// An SMTP relay's URL, as lettre reads it: `smtp://host:25` (plain),
/// `smtp://user:password@host:587?tls=required` (STARTTLS), `smtps://…`
/// (TLS from the start). Its password never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl(pub String);

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = match (self.0.find("://"), self.0.rfind('@')) {
            (Some(s), Some(at)) if at > s => format!("{}***{}", &self.0[..s + 3], &self.0[at..]),
            _ => self.0.clone(),
        };
        f.write_str(&shown)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_days: 30,
            session_idle_minutes: 12 * 60,
            live_recheck_seconds: 30,
            secure_cookies: SecureCookies::Auto,
            proxy_hops: 0,
            login_max_failures: 10,
            login_account_max_failures: 50,
            login_address_max_attempts: 100,
            login_window_minutes: 15,
            default_currency: "MXN".into(),
            default_time_zone: "America/Mexico_City".into(),
            api_requests_per_minute: 600,
            address_requests_per_minute: 3000,
            public_url: String::new(),
            smtp_url: None,
            mail_from: "Embudo <no-reply@localhost>".into(),
            webhook_allow_nets: Vec::new(),
            webhook_timeout_seconds: 10,
        }
    }
}
