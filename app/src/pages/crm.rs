//! CRM pages: Embudo and the entries later work fills in. Each is
//! gated by plan (upgrade notice on `basico`) before anything is fetched.
use crate::api::pipelines::{get_pipeline, list_pipelines};
use crate::components::error_message::ErrorMessage;
use crate::components::notices::{ComingSoon, UpgradeNotice};
use crate::components::session::use_session;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::PipelineView;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/crm/embudo`: the stages of the chosen (or default) pipeline.
#[component]
pub fn EmbudoPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let body = if session.plan.has_crm() {
        let pipeline = Resource::new(
            move || query.with(|q| q.get("pipeline").map(|v| v.parse::<i64>())),
            |wanted| async move {
                match wanted {
                    Some(Ok(id)) => get_pipeline(id).await,
                    Some(Err(_)) => Err(AppError::NotFound),
                    None => list_pipelines()
                        .await?
                        .into_iter()
                        .reduce(|a, b| if b.is_default && !a.is_default { b } else { a })
                        .ok_or(AppError::NotFound),
                }
            },
        );
        Either::Left(view! {
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match pipeline.await {
                        Ok(p) => Either::Left(view! { <PipelineColumns pipeline=p /> }),
                        Err(error) => Either::Right(view! { <ErrorMessage error /> }),
                    }
                })}
            </Transition>
        })
    } else {
        Either::Right(view! { <UpgradeNotice /> })
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, embudo.title)) />
        <h1>{t!(i18n, embudo.title)}</h1>
        {body}
    }
}

/// Empty columns of a pipeline, one per stage, in order.
#[component]
fn PipelineColumns(pipeline: PipelineView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="muted">{t!(i18n, embudo.pipeline)} ": " <strong>{pipeline.name.clone()}</strong></p>
        <div class="board">
            {pipeline
                .stages
                .into_iter()
                .map(|s| {
                    let style = format!("border-top-color: {}", s.color);
                    view! {
                        <section class="column" data-stage-id=s.id style=style>
                            <h2>{s.name}</h2>
                            <p class="muted">{t!(i18n, embudo.probability)} ": " {s.probability} "%"</p>
                            <p class="column-empty">{t!(i18n, embudo.empty_column)}</p>
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}

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
