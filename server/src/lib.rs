//! The Embudo server: configuration, HTTP router (pages, server functions,
//! REST), command line and demo data.
pub mod cli;
pub mod config;
pub mod demo;
pub mod export;
pub mod headers;
pub mod import;
pub mod live;
pub mod request_log;
pub mod rest;
pub mod router;
