//! Generates the `i18n` module from `locales/*.json` (Spanish is the default).
use leptos_i18n_build::{Config, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    // sqlx::migrate! embeds these files; a new migration must rebuild the crate.
    println!("cargo::rerun-if-changed=../migrations");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?).join("i18n");
    let mut cfg = Config::new("es")?.add_locale("en")?;
    // `t_string!` with variables: the server words the messages islands show.
    cfg.options = cfg.options.interpolate_display(true);
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
