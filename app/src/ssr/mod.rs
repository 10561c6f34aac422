//! Server-only code: database layer, authentication, shared state.
pub mod account_edit;
pub mod activity_edit;
pub mod activity_page;
pub mod auth;
pub mod bitacora;
pub mod board;
pub mod charts;
pub mod csrf;
pub mod dashboard;
pub mod db;
pub mod deal_form;
pub mod deal_page;
pub mod directory_edit;
pub mod directory_page;
pub mod form;
pub mod limits;
pub mod live;
pub mod lost_reason_edit;
pub mod openapi;
pub mod pipeline_edit;
pub mod provision;
pub mod query;
pub mod settings;
pub mod state;
pub mod user_admin;

/// Milliseconds since the Unix epoch, UTC: the storage format of every timestamp.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
