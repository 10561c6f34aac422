//! `/configuracion`: the account's settings for whoever configures the
//! pipeline; for now its lost reasons (added, renamed, retired or offered
//! again). Plain forms, no WASM.
use crate::api::settings::lost_reason_settings;
use crate::components::error_message::ErrorMessage;
use crate::components::notices::ForbiddenNotice;
use crate::components::session::use_session;
use crate::domain::permission::Permission;
use crate::domain::settings::LostReasonSetting;
use crate::i18n::*;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ConfiguracionPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let body = if session.can(Permission::PipelineConfigure) {
        Either::Left(view! {
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, shell.loading)}</p> }>
                {Suspend::new(async move {
                    match lost_reason_settings().await {
                        Ok(reasons) => Either::Left(view! { <LostReasons reasons /> }),
                        Err(error) => Either::Right(view! { <ErrorMessage error /> }),
                    }
                })}
            </Suspense>
        })
    } else {
        Either::Right(view! { <ForbiddenNotice /> })
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, settings.title)) />
        <h1>{t!(i18n, settings.title)}</h1>
        {body}
    }
}

#[component]
fn LostReasons(reasons: Vec<LostReasonSetting>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = reasons
        .into_iter()
        .map(|r| {
            view! {
                <li data-reason-id=r.id class:retired=!r.active>
                    <form class="inline-form reason-form" method="post" action="/api/save_lost_reason">
                        <input type="hidden" name="id" value=r.id />
                        <input type="text" name="label" required maxlength="80" value=r.label.clone() aria-label=t_string!(i18n, settings.reason_label) />
                        <label class="check">
                            <input type="checkbox" name="active" value="on" checked=r.active />
                            <span>{t!(i18n, settings.reason_active)}</span>
                        </label>
                        <button type="submit" class="button button-ghost">{t!(i18n, form.save)}</button>
                    </form>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card settings-card">
            <h2>{t!(i18n, settings.lost_reasons)}</h2>
            <p class="muted">{t!(i18n, settings.lost_reasons_intro)}</p>
            <ul class="reasons">{rows}</ul>
            <form class="inline-form reason-form" method="post" action="/api/save_lost_reason">
                <input type="text" name="label" required maxlength="80" placeholder=t_string!(i18n, settings.reason_new) aria-label=t_string!(i18n, settings.reason_new) />
                <button type="submit" class="button button-primary">{t!(i18n, settings.reason_add)}</button>
            </form>
        </section>
    }
}
