//! Users of an account and their roles.
pub mod admin;
pub mod db;
