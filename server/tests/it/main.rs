//! Integration tests, one binary (one link, one copy of the app on disk):
//! the real router in-process, on SQLite and a real PostgreSQL.
mod auth;
mod board;
mod cli;
mod common;
mod concurrency;
mod crash;
mod dashboard;
mod data;
mod deal_edit;
mod permissions;
