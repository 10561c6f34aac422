//! Embudo's shared Leptos crate: domain rules, server functions, components
//! and pages. Compiled to WASM (`hydrate`) and into the server (`ssr`).
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;
mod shell;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use shell::{App, shell};
