//! API tokens of the REST API.
pub mod db;
