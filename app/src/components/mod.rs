//! Reusable components.
pub mod error_message;
pub mod labels;
pub mod layout;
pub mod notices;
pub mod session;
