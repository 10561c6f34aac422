//! `/configuracion`: the account's settings for whoever configures the
//! pipeline: pipelines and their stages, and lost reasons (added, renamed,
//! retired or offered again). Plain forms, no WASM.
use crate::api::pipelines::{lost_reason_settings, pipeline_settings};
use crate::components::crm_page::PageError;
use crate::components::notices::ForbiddenNotice;
use crate::components::record_form::PostButton;
use crate::components::session::use_session;
use crate::domain::permission::Permission;
use crate::domain::settings::{LostReasonSetting, PipelineSetup};
use crate::i18n::*;
use crate::model::{PipelineView, StageView};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ConfiguracionPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let body = if session.can(Permission::PipelineConfigure) {
        Either::Left(view! {
            <Suspense fallback=move || {
                view! { <p class="loading">{t!(i18n, shell.loading)}</p> }
            }>
                {Suspend::new(async move {
                    match (pipeline_settings().await, lost_reason_settings().await) {
                        (Ok(settings), Ok(reasons)) => {
                            Either::Left(
                                view! {
                                    <Pipelines settings />
                                    <LostReasons reasons />
                                },
                            )
                        }
                        (Err(error), _) | (_, Err(error)) => {
                            Either::Right(view! { <PageError error /> })
                        }
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
                    <form
                        class="inline-form reason-form"
                        method="post"
                        action="/api/save_lost_reason"
                    >
                        <input type="hidden" name="id" value=r.id />
                        <input
                            type="text"
                            name="label"
                            required
                            maxlength="80"
                            value=r.label.clone()
                            aria-label=t_string!(i18n, settings.reason_label)
                        />
                        <label class="check">
                            <input type="checkbox" name="active" value="on" checked=r.active />
                            <span>{t!(i18n, settings.reason_active)}</span>
                        </label>
                        <button type="submit" class="button button-ghost">
                            {t!(i18n, form.save)}
                        </button>
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
                <input
                    type="text"
                    name="label"
                    required
                    maxlength="80"
                    placeholder=t_string!(i18n, settings.reason_new)
                    aria-label=t_string!(i18n, settings.reason_new)
                />
                <button type="submit" class="button button-primary">
                    {t!(i18n, settings.reason_add)}
                </button>
            </form>
        </section>
    }
}

#[component]
fn Pipelines(settings: PipelineSetup) -> impl IntoView {
    let i18n = use_i18n();
    let several = settings.pipelines.len() > 1;
    let cards = settings
        .pipelines
        .iter()
        .map(|p| view! { <PipelineCard pipeline=p.clone() settings=settings.clone() deletable=several /> })
        .collect_view();
    view! {
        <section class="settings-card-wide">
            <h2>{t!(i18n, settings.pipelines)}</h2>
            <p class="muted">{t!(i18n, settings.pipelines_intro)}</p>
            {cards}
            <form class="inline-form reason-form card" method="post" action="/api/save_pipeline">
                <input
                    type="text"
                    name="name"
                    required
                    maxlength="60"
                    placeholder=t_string!(i18n, settings.pipeline_new)
                    aria-label=t_string!(i18n, settings.pipeline_new)
                />
                <button type="submit" class="button button-primary">
                    {t!(i18n, settings.pipeline_add)}
                </button>
            </form>
        </section>
    }
}

#[component]
fn PipelineCard(pipeline: PipelineView, settings: PipelineSetup, deletable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = pipeline.id.to_string();
    let default_part = if pipeline.is_default {
        Either::Left(view! { <span class="badge">{t!(i18n, settings.default_badge)}</span> })
    } else {
        Either::Right(view! {
            <PostButton
                action="/api/default_pipeline"
                fields=vec![("id", id.clone())]
                text=t_string!(i18n, settings.make_default).to_string()
            />
        })
    };
    let delete = deletable.then(|| {
        view! {
            <PostButton
                action="/api/delete_pipeline"
                fields=vec![("id", id.clone())]
                text=t_string!(i18n, settings.delete_pipeline).to_string()
                confirm=t_string!(i18n, settings.confirm_delete_pipeline).to_string()
            />
        }
    });
    let count = pipeline.stages.len();
    let stages = pipeline
        .stages
        .iter()
        .enumerate()
        .map(|(at, stage)| {
            let others: Vec<(i64, String)> = pipeline
                .stages
                .iter()
                .filter(|s| s.id != stage.id)
                .map(|s| (s.id, s.name.clone()))
                .collect();
            view! {
                <StageRow
                    stage=stage.clone()
                    deals=settings.deals_in(stage.id)
                    first=at == 0
                    last=at + 1 == count
                    others
                />
            }
        })
        .collect_view();
    view! {
        <article class="card pipeline-card" data-pipeline-id=pipeline.id>
            <header class="pipeline-head">
                <form class="inline-form reason-form" method="post" action="/api/save_pipeline">
                    <input type="hidden" name="id" value=id.clone() />
                    <input
                        type="text"
                        name="name"
                        required
                        maxlength="60"
                        value=pipeline.name.clone()
                        aria-label=t_string!(i18n, settings.pipeline_name)
                    />
                    <button type="submit" class="button button-ghost">
                        {t!(i18n, form.save)}
                    </button>
                </form>
                {default_part}
                {delete}
            </header>
            <ol class="stage-rows">{stages}</ol>
            <form class="inline-form stage-form stage-new" method="post" action="/api/save_stage">
                <input type="hidden" name="pipeline_id" value=id />
                <StageInputs
                    name=String::new()
                    color="#4f7cff".to_string()
                    probability=50
                    rotting_days=None
                />
                <button type="submit" class="button button-primary">
                    {t!(i18n, settings.stage_add)}
                </button>
            </form>
        </article>
    }
}

/// The inputs of a stage's form: name, colour, probability, rotting days.
#[component]
fn StageInputs(
    name: String,
    color: String,
    probability: i64,
    rotting_days: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let placeholder = if name.is_empty() {
        t_string!(i18n, settings.stage_new).to_string()
    } else {
        String::new()
    };
    view! {
        <input
            type="text"
            name="name"
            required
            maxlength="60"
            value=name
            placeholder=placeholder
            aria-label=t_string!(i18n, settings.stage_name)
        />
        <input
            type="color"
            name="color"
            value=color
            aria-label=t_string!(i18n, settings.stage_color)
        />
        <label class="number">
            <input
                type="number"
                name="probability"
                min="0"
                max="100"
                step="1"
                required
                value=probability
                aria-label=t_string!(i18n, settings.stage_probability)
            />
            " %"
        </label>
        <label class="number">
            <input
                type="number"
                name="rotting_days"
                min="1"
                max="365"
                step="1"
                value=rotting_days.map(|d| d.to_string()).unwrap_or_default()
                aria-label=t_string!(i18n, settings.stage_rotting)
                title=t_string!(i18n, settings.stage_rotting)
            />
            " "
            {t!(i18n, settings.days)}
        </label>
    }
}

#[component]
fn StageRow(
    stage: StageView,
    deals: i64,
    first: bool,
    last: bool,
    others: Vec<(i64, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = stage.id.to_string();
    let arrow = |direction: &'static str, text: &str, label: &str| {
        let (text, label) = (text.to_string(), label.to_string());
        view! {
            <PostButton
                action="/api/move_stage"
                fields=vec![("id", id.clone()), ("direction", direction.to_string())]
                text
                label
            />
        }
    };
    let up = (!first).then(|| arrow("up", "↑", t_string!(i18n, settings.move_up)));
    let down = (!last).then(|| arrow("down", "↓", t_string!(i18n, settings.move_down)));
    let move_to = (deals > 0).then(|| {
        let options = others
            .into_iter()
            .map(|(id, name)| view! { <option value=id>{name}</option> })
            .collect_view();
        view! {
            <select name="move_to" aria-label=t_string!(i18n, settings.move_deals_to) required>
                <option value="">{t!(i18n, settings.move_deals_to)}</option>
                {options}
            </select>
        }
    });
    let confirm = if deals > 0 {
        t_string!(i18n, settings.confirm_delete_stage_deals).to_string()
    } else {
        t_string!(i18n, settings.confirm_delete_stage).to_string()
    };
    view! {
        <li class="stage-row" data-stage-id=stage.id>
            <span class="stage-dot" style=format!("background:{}", stage.color)></span>
            <form class="inline-form stage-form" method="post" action="/api/save_stage">
                <input type="hidden" name="id" value=id.clone() />
                <StageInputs
                    name=stage.name.clone()
                    color=stage.color.clone()
                    probability=stage.probability
                    rotting_days=stage.rotting_days
                />
                <button type="submit" class="button button-ghost">
                    {t!(i18n, form.save)}
                </button>
            </form>
            <span class="muted stage-deals">
                {t_string!(i18n, settings.stage_deals, count = deals)}
            </span>
            <span class="stage-up">{up}</span>
            <span class="stage-down">{down}</span>
            {(!(first && last))
                .then(|| {
                    view! {
                        <form
                            class="inline-form"
                            method="post"
                            action="/api/delete_stage"
                            data-confirm=confirm.clone()
                        >
                            <input type="hidden" name="id" value=id.clone() />
                            {move_to}
                            <button type="submit" class="button button-ghost">
                                {t!(i18n, form.delete)}
                            </button>
                        </form>
                    }
                })}
        </li>
    }
}
