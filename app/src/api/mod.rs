//! Server functions: thin endpoints that authorize, call the data layer and
//! map errors. Each one is public and checks its caller itself.
pub mod account;
pub mod activities;
pub mod auth;
pub mod board;
pub mod dashboard;
pub mod deal;
pub mod directory;
pub mod pipelines;
pub mod records;
pub mod session;
pub mod settings;
pub mod tokens;
