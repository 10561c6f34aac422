//! The signed-in shell: left menu, top bar with language switch and logout.
//! Visitors without a session are sent to `/login`.
use crate::api::auth::logout;
use crate::api::session::{current_session, set_locale};
use crate::components::error_message::ErrorMessage;
use crate::components::labels::role_label;
use crate::components::reminders::{BellWords, ReminderBell};
use crate::components::session::from_i18n;
use crate::domain::locale::UiLocale;
use crate::domain::permission::Permission;
use crate::i18n::*;
use crate::model::SessionInfo;
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Outlet, Redirect};

/// Loads the session, provides it as context and frames the page.
#[component]
pub fn AppLayout() -> impl IntoView {
    let i18n = use_i18n();
    let session = Resource::new_blocking(|| (), |_| current_session());
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, shell.loading)}</p> }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(Some(info)) => {
                        provide_context(info.clone());
                        EitherOf3::A(view! { <Frame info /> })
                    }
                    Ok(None) => EitherOf3::B(view! { <Redirect path="/login" /> }),
                    Err(error) => EitherOf3::C(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    }
}

/// The frame around every signed-in page.
#[component]
fn Frame(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let initials = info.initials();
    let can_import = info.can(Permission::DealsEditAll);
    let role = role_label(i18n, &info.role);
    let bell = info.plan.has_crm().then(|| {
        let words = BellWords {
            label: t_string!(i18n, bell.label).to_string(),
            empty: t_string!(i18n, bell.empty).to_string(),
            dismiss: t_string!(i18n, bell.dismiss).to_string(),
            all: t_string!(i18n, bell.all).to_string(),
        };
        view! { <ReminderBell words /> }
    });
    let next_locale = match from_i18n(i18n.get_locale_untracked()) {
        UiLocale::Es => UiLocale::En,
        UiLocale::En => UiLocale::Es,
    };
    view! {
        <div class="app">
            <aside class="sidebar">
                <a class="brand" href="/crm/resumen">
                    <span class="brand-mark" aria-hidden="true">"▼"</span>
                    <span>{t!(i18n, app_name)}</span>
                </a>
                <nav aria-label=move || t_string!(i18n, menu.label)>
                    <p class="menu-group">{t!(i18n, menu.crm)}</p>
                    <ul>
                        <li><A href="/crm/resumen">{t!(i18n, menu.resumen)}</A></li>
                        <li><A href="/crm/embudo">{t!(i18n, menu.embudo)}</A></li>
                        <li><A href="/crm/tratos">{t!(i18n, menu.tratos)}</A></li>
                        <li><A href="/clientes">{t!(i18n, menu.clientes)}</A></li>
                        <li><A href="/contactos">{t!(i18n, menu.contactos)}</A></li>
                        <li><A href="/actividades">{t!(i18n, menu.actividades)}</A></li>
                        {can_import.then(|| view! { <li><A href="/crm/importar">{t!(i18n, menu.importar)}</A></li> })}
                    </ul>
                    <p class="menu-group">{t!(i18n, menu.account)}</p>
                    <ul>
                        <li><A href="/cuenta/plan">{t!(i18n, menu.plan)}</A></li>
                        <li><A href="/cuenta/usuarios">{t!(i18n, menu.usuarios)}</A></li>
                        <li><A href="/cuenta/tokens">{t!(i18n, menu.tokens)}</A></li>
                    </ul>
                </nav>
            </aside>
            <div class="main">
                <header class="topbar">
                    <span class="account-name">{info.account_name.clone()}</span>
                    <div class="topbar-actions">
                        {bell}
                        <LanguageSwitch
                            next=next_locale
                            text=t_string!(i18n, shell.switch_language).to_string()
                            label=t_string!(i18n, shell.switch_language_label).to_string()
                        />
                        <span class="user" title=info.email.clone()>
                            <span class="avatar" aria-hidden="true">{initials}</span>
                            <span class="user-name">{info.name.clone()}</span>
                            <span class="user-role">{role}</span>
                        </span>
                        <LogoutButton text=t_string!(i18n, shell.logout).to_string() />
                    </div>
                </header>
                <main class="content">
                    <Outlet />
                </main>
            </div>
        </div>
    }
}

/// Switches between Spanish and English: the server remembers the choice
/// (for the user and in this browser's cookie), then the page is rendered
/// again in the new language. `next` is the language switched to; the words
/// come translated from the server.
#[island]
fn LanguageSwitch(next: UiLocale, text: String, label: String) -> impl IntoView {
    let switch = move |_| {
        spawn_local(async move {
            // Even if remembering fails, the reload shows the current state.
            let _ = set_locale(next).await;
            let _ = window().location().reload();
        });
    };
    view! {
        <button
            type="button"
            class="button button-ghost"
            data-testid="language-switch"
            aria-label=label
            on:click=switch
        >
            {text}
        </button>
    }
}

/// Ends the session, then goes to the login page.
#[island]
fn LogoutButton(text: String) -> impl IntoView {
    let on_click = move |_| {
        spawn_local(async move {
            let _ = logout().await;
            let _ = window().location().set_href("/login");
        });
    };
    view! {
        <button type="button" class="button button-ghost" on:click=on_click>
            {text}
        </button>
    }
}
