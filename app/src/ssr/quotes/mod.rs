//! Cotizaciones: a deal's quotes, their pages and their edits (see
//! [`crate::domain::quotes`]). Whoever sees a deal sees its quotes; whoever
//! may edit it quotes it.
pub mod db;
pub mod edit;
pub mod email;
pub mod page;
pub mod public;
