//! What every CRM page does around its content: the plan check, the
//! loading state while its data come, and its error said in the user's
//! language with the error's HTTP status (the pages render before they are
//! sent, `SsrMode::Async`, so the status still reaches the browser).
use crate::components::error_message::ErrorMessage;
use crate::components::notices::UpgradeNotice;
use crate::components::session::use_session;
use crate::error::AppError;
use crate::i18n::*;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use std::future::Future;

/// A CRM page with its title as heading: the upgrade notice when the
/// account's plan has no CRM, else `show` of what `load` answers.
pub fn crm_page<T, V>(
    title: String,
    load: impl Future<Output = Result<T, AppError>> + Send + 'static,
    show: impl FnOnce(T) -> V + Send + 'static,
) -> impl IntoView
where
    T: Send + 'static,
    V: IntoView + Send + 'static,
{
    let heading = title.clone();
    view! {
        <Title text=format!("{title} · Embudo") />
        <h1>{heading}</h1>
        {crm_content(load, show)}
    }
}

/// A CRM page's content, for pages that make their own heading from their
/// data: as [`crm_page`], without the title.
pub fn crm_content<T, V>(
    load: impl Future<Output = Result<T, AppError>> + Send + 'static,
    show: impl FnOnce(T) -> V + Send + 'static,
) -> impl IntoView
where
    T: Send + 'static,
    V: IntoView + Send + 'static,
{
    let i18n = use_i18n();
    if !use_session().plan.has_crm() {
        return Either::Right(view! { <UpgradeNotice /> });
    }
    Either::Left(view! {
        <Suspense fallback=move || {
            view! { <p class="loading">{t!(i18n, shell.loading)}</p> }
        }>
            {Suspend::new(async move {
                match load.await {
                    Ok(data) => Either::Left(show(data)),
                    Err(error) => Either::Right(view! { <PageError error /> }),
                }
            })}
        </Suspense>
    })
}

/// A page that could not be shown: its error, with the error's status.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    answer_status(&error);
    view! { <ErrorMessage error /> }
}

/// Gives the page's response the status of `error`.
pub fn answer_status(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let status = http::StatusCode::from_u16(error.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}
