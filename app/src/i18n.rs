//! Translations generated at build time from `app/locales/{es,en}.json`.
#![allow(missing_docs, clippy::all)]
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
pub use i18n::*;
