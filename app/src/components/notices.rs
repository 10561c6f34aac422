//! Full-panel notices: plan upgrade, locked dashboard, missing permission.
use crate::i18n::*;
use leptos::prelude::*;

/// Shown on every CRM page of a `basico` account.
#[component]
pub fn UpgradeNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice notice-upgrade" role="status" data-notice="upgrade">
            <div class="notice-icon" aria-hidden="true">"★"</div>
            <h2>{t!(i18n, notice.upgrade_title)}</h2>
            <p>{t!(i18n, notice.upgrade_body)}</p>
            <a class="button button-primary" href="/cuenta/plan">{t!(i18n, notice.upgrade_link)}</a>
        </section>
    }
}

/// Shown in place of the dashboard without `crm.dashboard.view`.
#[component]
pub fn LockNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice notice-locked" role="status" data-notice="locked">
            <div class="notice-icon" aria-hidden="true">"🔒"</div>
            <h2>{t!(i18n, notice.locked_title)}</h2>
            <p>{t!(i18n, notice.locked_body)}</p>
        </section>
    }
}

/// Shown on a page the role may not see.
#[component]
pub fn ForbiddenNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice notice-locked" role="status" data-notice="forbidden">
            <div class="notice-icon" aria-hidden="true">"🔒"</div>
            <h2>{t!(i18n, notice.forbidden_title)}</h2>
            <p>{t!(i18n, notice.forbidden_body)}</p>
        </section>
    }
}

/// A clean page for menu entries that later work fills in.
#[component]
pub fn ComingSoon() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice notice-soon" role="status" data-notice="soon">
            <div class="notice-icon" aria-hidden="true">"🛠"</div>
            <h2>{t!(i18n, placeholder.title)}</h2>
            <p>{t!(i18n, placeholder.body)}</p>
        </section>
    }
}
