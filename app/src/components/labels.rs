//! Translated labels for stored keys.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// Built-in role keys shown in the user's language; custom roles as named.
pub fn role_label(i18n: I18nContext<Locale>, role: &str) -> AnyView {
    match role {
        "admin" => t!(i18n, roles.admin).into_any(),
        "gerente" => t!(i18n, roles.gerente).into_any(),
        "vendedor" => t!(i18n, roles.vendedor).into_any(),
        other => other.to_string().into_any(),
    }
}

/// A lifecycle key (prospecto, cliente_potencial, cliente) in the user's
/// language.
pub fn lifecycle_label(i18n: I18nContext<Locale>, lifecycle: &str) -> String {
    match lifecycle {
        "cliente" => t_string!(i18n, clientes.l_cliente),
        "cliente_potencial" => t_string!(i18n, clientes.l_cliente_potencial),
        _ => t_string!(i18n, clientes.l_prospecto),
    }
    .to_string()
}
