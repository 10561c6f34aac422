//! Server functions, one module per entity: thin endpoints that authorize,
//! call the entity's service and map errors. Each one is public and checks
//! its caller itself.
pub mod accounts;
pub mod activities;
pub mod auth;
pub mod dashboard;
pub mod deals;
pub mod directory;
pub mod pipelines;
pub mod records;
pub mod session;
pub mod tokens;
pub mod users;
