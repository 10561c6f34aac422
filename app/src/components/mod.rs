//! Reusable components.
pub mod error_message;
pub mod layout;
pub mod notices;
pub mod session;
