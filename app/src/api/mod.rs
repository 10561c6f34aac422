//! Server functions, one module per entity (`records`: the one record
//! form's save and delete; `auth` and `session`: signing in and the
//! session's language): thin endpoints that authorize, call the entity's
//! service and map errors. Each one is public and checks its caller itself.
pub mod accounts;
pub mod activities;
pub mod auth;
pub mod dashboard;
pub mod deal_lines;
pub mod deals;
pub mod directory;
pub mod pipelines;
pub mod products;
pub mod quotes;
pub mod records;
pub mod sale_notes;
pub mod session;
pub mod tokens;
pub mod users;
pub mod webhooks;
