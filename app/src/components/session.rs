//! The signed-in user, provided as context by the layout.
use crate::domain::locale::UiLocale;
use crate::i18n::Locale;
use crate::model::SessionInfo;
use leptos::prelude::*;

/// The signed-in user; only inside [`crate::components::layout::AppLayout`].
pub fn use_session() -> SessionInfo {
    expect_context::<SessionInfo>()
}

/// Our locale type for a generated translation locale.
pub fn from_i18n(l: Locale) -> UiLocale {
    match l {
        Locale::es => UiLocale::Es,
        Locale::en => UiLocale::En,
    }
}
