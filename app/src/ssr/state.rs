//! State every handler and server function reaches.
use super::{db::Db, limits::Limits, live::Live, mail::Mailer, settings::Settings};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Shared by the router (`with_state`) and server functions (`use_context`).
#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub leptos_options: LeptosOptions,
    /// Board changes, for the live updates.
    pub live: Live,
    /// Request allowances per address and per user.
    pub limits: Limits,
    /// The SMTP relay (none: no mail goes out).
    pub mailer: Option<Mailer>,
}

impl AppState {
    /// The state over `db` with these settings and site options; starts
    /// the live updates and the sweeping of the allowances. A relay the
    /// settings cannot name is logged and left out (the server's start
    /// checks it first).
    pub fn new(db: Db, settings: Settings, leptos_options: LeptosOptions) -> AppState {
        let limits = Limits::new(&settings);
        limits.start_sweeping();
        let mailer = Mailer::of(&settings).unwrap_or_else(|e| {
            tracing::error!("no mail: {e}");
            None
        });
        AppState {
            mailer,
            live: Live::start(&db),
            db,
            settings: Arc::new(settings),
            leptos_options,
            limits,
        }
    }
}
