//! The signed-in user, provided as context by the layout.
use crate::domain::locale::UiLocale;
use crate::i18n::Locale;
use crate::model::SessionInfo;
use leptos::prelude::*;

/// The signed-in user; only inside [`crate::components::layout::AppLayout`].
pub fn use_session() -> SessionInfo {
    expect_context::<SessionInfo>()
}

/// The generated translation locale of our locale type.
pub fn to_i18n(l: UiLocale) -> Locale {
    match l {
        UiLocale::Es => Locale::es,
        UiLocale::En => Locale::en,
    }
}

/// Our locale type for a generated translation locale.
pub fn from_i18n(l: Locale) -> UiLocale {
    match l {
        Locale::es => UiLocale::Es,
        Locale::en => UiLocale::En,
    }
}
