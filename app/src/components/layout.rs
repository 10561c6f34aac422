//! The signed-in shell: left menu, top bar with language switch and logout.
//! Visitors without a session are sent to `/login`.
use crate::api::activities::due_reminders;
use crate::api::session::current_session;
use crate::components::crm_page::PageError;
use crate::components::error_message::ErrorMessage;
use crate::components::labels::role_label;
use crate::components::reminders::ReminderBell;
use crate::components::session::from_i18n;
use crate::domain::locale::UiLocale;
use crate::domain::permission::Permission;
use crate::i18n::*;
use crate::model::SessionInfo;
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::use_query_map;

/// Loads the session, provides it as context and frames the page.
#[component]
pub fn AppLayout() -> impl IntoView {
    let i18n = use_i18n();
    let session = Resource::new_blocking(|| (), |_| current_session());
    view! {
        <Suspense fallback=move || {
            view! { <p class="loading">{t!(i18n, shell.loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(Some(info)) => {
                        provide_context(info.clone());
                        EitherOf3::A(view! { <Frame info /> })
                    }
                    Ok(None) => EitherOf3::B(view! { <Redirect path="/login" /> }),
                    Err(error) => EitherOf3::C(view! { <PageError error /> }),
                }
            })}
        </Suspense>
    }
}

/// The error a refused plain-form post came back with (`?__err=`: the
/// server function's error, JSON in URL-safe base64), when it reads.
#[cfg(feature = "ssr")]
fn refused(encoded: &str) -> Option<crate::error::AppError> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE
        .decode(encoded)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The page is rendered by the server: the browser never reads it.
#[cfg(not(feature = "ssr"))]
fn refused(_: &str) -> Option<crate::error::AppError> {
    None
}

/// A plain form's post the server refused comes back with `__err`: its
/// error, said in the user's language (none when the page came otherwise).
pub fn post_refusal() -> Option<AnyView> {
    let i18n = use_i18n();
    use_query_map()
        .get_untracked()
        .get("__err")
        .map(|encoded| match refused(&encoded) {
            Some(error) => view! { <ErrorMessage error /> }.into_any(),
            None => view! {
                <p class="alert alert-error" role="alert">
                    {t!(i18n, shell.action_failed)}
                </p>
            }
            .into_any(),
        })
}

/// The frame around every signed-in page.
#[component]
fn Frame(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let initials = info.initials();
    let can_import = info.can(Permission::DealsEditAll) || info.can(Permission::PipelineConfigure);
    let can_configure = info.plan.has_crm() && info.can(Permission::PipelineConfigure);
    let can_manage_users = info.can(Permission::UsersManage);
    let can_hook = info.plan.has_crm()
        && info.can(Permission::IntegrationsManage)
        && info.can(Permission::DealsViewAll);
    let role = role_label(i18n, &info.role);
    let failed = post_refusal();
    // Fetched the way the pages fetch theirs (a blocking resource created
    // this deep could hold the whole stream).
    let bell = info.plan.has_crm().then(|| {
        view! {
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    due_reminders().await.ok().map(|reminders| view! { <ReminderBell reminders /> })
                })}
            </Suspense>
        }
    });
    let next_locale = match from_i18n(i18n.get_locale_untracked()) {
        UiLocale::Es => UiLocale::En,
        UiLocale::En => UiLocale::Es,
    };
    // The language switch and logout are plain forms: the server remembers
    // the language (for the user and in this browser's cookie) and shows the
    // page again; logging out goes to the login page.
    view! {
        <div class="app">
            <aside class="sidebar">
                <a class="brand" href="/crm/resumen">
                    <span class="brand-mark" aria-hidden="true">
                        "▼"
                    </span>
                    <span>{t!(i18n, app_name)}</span>
                </a>
                <nav aria-label=move || t_string!(i18n, menu.label)>
                    <p class="menu-group">{t!(i18n, menu.crm)}</p>
                    <ul>
                        <li>
                            <A href="/crm/resumen">{t!(i18n, menu.resumen)}</A>
                        </li>
                        <li>
                            <A href="/crm/embudo">{t!(i18n, menu.embudo)}</A>
                        </li>
                        <li>
                            <A href="/crm/tratos">{t!(i18n, menu.tratos)}</A>
                        </li>
                        <li>
                            <A href="/clientes">{t!(i18n, menu.clientes)}</A>
                        </li>
                        <li>
                            <A href="/contactos">{t!(i18n, menu.contactos)}</A>
                        </li>
                        <li>
                            <A href="/actividades">{t!(i18n, menu.actividades)}</A>
                        </li>
                        <li>
                            <A href="/crm/cotizaciones">{t!(i18n, menu.cotizaciones)}</A>
                        </li>
                        <li>
                            <A href="/crm/productos">{t!(i18n, menu.productos)}</A>
                        </li>
                        {can_import
                            .then(|| {
                                view! {
                                    <li>
                                        <A href="/crm/importar">{t!(i18n, menu.importar)}</A>
                                    </li>
                                }
                            })}
                    </ul>
                    <p class="menu-group">{t!(i18n, menu.account)}</p>
                    <ul>
                        <li>
                            <A href="/cuenta/plan">{t!(i18n, menu.plan)}</A>
                        </li>
                        {can_manage_users
                            .then(|| {
                                view! {
                                    <li>
                                        <A href="/cuenta/usuarios">{t!(i18n, menu.usuarios)}</A>
                                    </li>
                                }
                            })}
                        <li>
                            <A href="/cuenta/tokens">{t!(i18n, menu.tokens)}</A>
                        </li>
                        {can_hook
                            .then(|| {
                                view! {
                                    <li>
                                        <A href="/cuenta/webhooks">{t!(i18n, menu.webhooks)}</A>
                                    </li>
                                }
                            })}
                        <li>
                            <A href="/cuenta/contrasena">{t!(i18n, menu.contrasena)}</A>
                        </li>
                        {can_configure
                            .then(|| {
                                view! {
                                    <li>
                                        <A href="/configuracion">{t!(i18n, menu.configuracion)}</A>
                                    </li>
                                }
                            })}
                        {can_manage_users
                            .then(|| {
                                view! {
                                    <li>
                                        <A href="/cuenta/bitacora">{t!(i18n, menu.bitacora)}</A>
                                    </li>
                                }
                            })}
                    </ul>
                </nav>
            </aside>
            <div class="main">
                <header class="topbar">
                    <span class="account-name">{info.account_name.clone()}</span>
                    <div class="topbar-actions">
                        {bell} <form class="inline-form" method="post" action="/api/set_locale">
                            <input type="hidden" name="locale" value=next_locale.as_str() />
                            <button
                                type="submit"
                                class="button button-ghost"
                                data-testid="language-switch"
                                aria-label=t_string!(i18n, shell.switch_language_label)
                            >
                                {t!(i18n, shell.switch_language)}
                            </button>
                        </form> <span class="user" title=info.email.clone()>
                            <span class="avatar" aria-hidden="true">
                                {initials}
                            </span>
                            <span class="user-name">{info.name.clone()}</span>
                            <span class="user-role">{role}</span>
                        </span> <form class="inline-form" method="post" action="/api/logout">
                            <button type="submit" class="button button-ghost">
                                {t!(i18n, shell.logout)}
                            </button>
                        </form>
                    </div>
                </header>
                <main class="content">{failed} <Outlet /></main>
            </div>
        </div>
    }
}
