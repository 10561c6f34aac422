//! State every handler and server function reaches.
use super::{db::Db, live::Live, settings::Settings};
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
}
