//! Integration tests, one binary (one link, one copy of the app on disk):
//! the real router in-process, on SQLite and a real PostgreSQL.
mod auth;
mod board;
mod cli;
mod common;
mod dashboard;
mod data;
mod permissions;
