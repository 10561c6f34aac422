//! CRM entries later work fills in, gated by plan (upgrade notice on
//! `basico`).
use crate::components::notices::{ComingSoon, UpgradeNotice};
use crate::components::session::use_session;
use leptos::either::Either;
use leptos::prelude::*;

/// CRM entries not built yet: plan notice or a clean "coming soon".
#[component]
pub fn CrmPlaceholderPage() -> impl IntoView {
    let session = use_session();
    if session.plan.has_crm() {
        Either::Left(view! { <ComingSoon /> })
    } else {
        Either::Right(view! { <UpgradeNotice /> })
    }
}
