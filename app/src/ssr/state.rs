//! State every handler and server function reaches.
use super::{db::Db, limits::Limits, live::Live, settings::Settings};
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
}

impl AppState {
    /// The state over `db` with these settings and site options; starts
    /// the live updates and the sweeping of the allowances.
    pub fn new(db: Db, settings: Settings, leptos_options: LeptosOptions) -> AppState {
        let limits = Limits::new(&settings);
        limits.start_sweeping();
        AppState {
            live: Live::start(&db),
            db,
            settings: Arc::new(settings),
            leptos_options,
            limits,
        }
    }
}
