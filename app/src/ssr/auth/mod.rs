//! Authentication (passwords, sessions, tokens, the login limit) and the one
//! authorization helper every endpoint goes through.
pub mod credential;
pub mod db;
pub mod guard;
pub mod login;
pub mod password;
