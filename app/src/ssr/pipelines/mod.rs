//! Pipelines, their stages and the account's lost reasons, as the
//! configuration page edits them.
pub mod db;
pub mod edit;
pub mod lost_reasons;
