//! Server-only code. One folder per entity, each owning its operations end
//! to end: service functions (authorise through the [`auth::guard::Actor`],
//! validate with the domain, call the entity's `db` module) and that `db`
//! module, the only place its SQL lives. The files beside the folders are
//! infrastructure (database connection, csrf, live updates, mail, settings,
//! state, request limits, the account's clock) and presentation (charts, and
//! the formats of money and dates).
pub mod accounts;
pub mod activities;
pub mod auth;
pub mod bitacora;
pub mod charts;
pub mod clock;
pub mod csrf;
pub mod dashboard;
pub mod db;
pub mod deals;
pub mod directory;
pub mod format;
pub mod limits;
pub mod lines;
pub mod live;
pub mod mail;
pub mod notifications;
pub mod outbox;
pub mod paper;
pub mod pdf;
pub mod pipelines;
pub mod products;
pub mod query;
pub mod quotes;
pub mod sale_notes;
pub mod settings;
pub mod state;
pub mod tokens;
pub mod users;
pub mod webhooks;
