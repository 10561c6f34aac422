//! Pure domain types and rules: no I/O, compiles to WASM.
pub mod activities;
pub mod bitacora;
pub mod board;
pub mod csv;
pub mod dashboard;
pub mod deal;
pub mod directory;
pub mod import;
pub mod locale;
pub mod money;
pub mod permission;
pub mod plan;
pub mod records;
pub mod search;
pub mod settings;
pub mod validate;
