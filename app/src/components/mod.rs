//! Reusable components.
pub mod chart;
pub mod error_message;
pub mod kpi_card;
pub mod labels;
pub mod layout;
pub mod notices;
pub mod session;
