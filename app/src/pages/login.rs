//! `/login`: the Spanish sign-in form.
use crate::api::auth::Login;
use crate::api::session::current_session;
use crate::components::error_message::{Alert, ErrorTexts};
use crate::i18n::*;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// Where a successful login lands.
const HOME: &str = "/crm/resumen";

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Resource::new_blocking(|| (), |_| current_session());
    let words = LoginWords {
        email: t_string!(i18n, login.email).to_string(),
        password: t_string!(i18n, login.password).to_string(),
        submit: t_string!(i18n, login.submit).to_string(),
        submitting: t_string!(i18n, login.submitting).to_string(),
        errors: ErrorTexts::new(i18n),
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, login.title)) />
        <Suspense>
            {move || Suspend::new(async move {
                if matches!(session.await, Ok(Some(_))) {
                    Either::Left(view! { <Redirect path=HOME /> })
                } else {
                    Either::Right(())
                }
            })}
        </Suspense>
        <main class="login-page">
            <section class="login-card">
                <p class="brand brand-large">
                    <span class="brand-mark" aria-hidden="true">
                        "▼"
                    </span>
                    {t!(i18n, app_name)}
                </p>
                <h1>{t!(i18n, login.title)}</h1>
                <p class="muted">{t!(i18n, login.subtitle)}</p>
                <LoginForm words />
            </section>
            <p class="muted login-tagline">{t!(i18n, tagline)}</p>
        </main>
    }
}

crate::island_props! {
    /// The form's words, translated on the server.
    pub struct LoginWords {
        email: String,
        password: String,
        submit: String,
        submitting: String,
        errors: ErrorTexts,
    }
}

/// Email and password; on success a full load of the home page, so that it
/// renders in the user's language.
#[island(lazy)]
fn LoginForm(words: LoginWords) -> impl IntoView {
    let login = ServerAction::<Login>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = login.value().get() {
            let _ = window().location().set_href(HOME);
        }
    });
    let pending = login.pending();
    let LoginWords {
        email,
        password,
        submit,
        submitting,
        errors,
    } = words;
    let error = move || {
        login
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <Alert text=errors.text(&e) /> })
    };
    view! {
        <ActionForm action=login attr:class="form">
            <label for="email">{email}</label>
            <input id="email" name="email" type="email" autocomplete="username" required />
            <label for="password">{password}</label>
            <input
                id="password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
            />
            {error}
            <button type="submit" class="button button-primary button-block" disabled=pending>
                {move || if pending.get() { submitting.clone() } else { submit.clone() }}
            </button>
        </ActionForm>
    }
}
