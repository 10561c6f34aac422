//! Accounts: their creation (provisioning) and settings.
pub mod db;
pub mod edit;
pub mod provision;
