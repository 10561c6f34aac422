//! Any unknown path: a 404 page.
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="login-page">
            <section class="login-card">
                <h1>{t!(i18n, not_found.title)}</h1>
                <p class="muted">{t!(i18n, not_found.body)}</p>
                <a class="button button-primary" href="/">
                    {t!(i18n, not_found.back)}
                </a>
            </section>
        </main>
    }
}
