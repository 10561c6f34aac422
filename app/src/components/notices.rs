//! Full-panel notices: plan upgrade, locked dashboard, missing permission;
//! each gives the page its refusal's status (403).
use crate::components::crm_page::answer_status;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// The notices' icons, drawn inline (no icon font or emoji needed).
#[derive(Clone, Copy)]
enum Icon {
    Star,
    Lock,
}

#[component]
fn NoticeIcon(icon: Icon) -> impl IntoView {
    let path = match icon {
        Icon::Star => "M12 2l3 6.5 7 .8-5.2 4.8 1.5 7L12 17.6 5.7 21.1l1.5-7L2 9.3l7-.8z",
        Icon::Lock => {
            "M7 10V7a5 5 0 0 1 10 0v3h1a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1zm2 0h6V7a3 3 0 0 0-6 0z"
        }
    };
    view! {
        <svg class="notice-icon" viewBox="0 0 24 24" width="36" height="36" aria-hidden="true">
            <path d=path fill="currentColor" />
        </svg>
    }
}

/// A centred panel with an icon, a title and a message.
#[component]
fn Notice(
    kind: &'static str,
    icon: Icon,
    title: AnyView,
    body: AnyView,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let class = if kind == "upgrade" {
        "notice notice-upgrade"
    } else {
        "notice notice-locked"
    };
    view! {
        <section class=class role="status" data-notice=kind>
            <NoticeIcon icon />
            <h2>{title}</h2>
            <p>{body}</p>
            {children.map(|c| c())}
        </section>
    }
}

/// Shown on every CRM page of a `basico` account.
#[component]
pub fn UpgradeNotice() -> impl IntoView {
    let i18n = use_i18n();
    answer_status(&AppError::PlanRequired);
    view! {
        <Notice
            kind="upgrade"
            icon=Icon::Star
            title=t!(i18n, notice.upgrade_title).into_any()
            body=t!(i18n, notice.upgrade_body).into_any()
        >
            <a class="button button-primary" href="/cuenta/plan">
                {t!(i18n, notice.upgrade_link)}
            </a>
        </Notice>
    }
}

/// Shown in place of the dashboard without `crm.dashboard.view`.
#[component]
pub fn LockNotice() -> impl IntoView {
    let i18n = use_i18n();
    answer_status(&AppError::Forbidden);
    let title = t!(i18n, notice.locked_title).into_any();
    view! {
        <Notice kind="locked" icon=Icon::Lock title body=t!(i18n, notice.locked_body).into_any() />
    }
}

/// Shown on a page the role may not see.
#[component]
pub fn ForbiddenNotice() -> impl IntoView {
    let i18n = use_i18n();
    answer_status(&AppError::Forbidden);
    let title = t!(i18n, notice.forbidden_title).into_any();
    view! {
        <Notice
            kind="forbidden"
            icon=Icon::Lock
            title
            body=t!(i18n, notice.forbidden_body).into_any()
        />
    }
}
