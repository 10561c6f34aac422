//! `/cuenta/webhooks`: the account's webhook endpoints for whoever manages
//! integrations. Rendered by the server with plain forms (no WASM): add
//! one, switch it on or off, delete it, send a test; each card lists its
//! latest deliveries with their answers and "Reenviar".
use crate::api::webhooks::list_webhooks;
use crate::components::crm_page::PageError;
use crate::components::labels::event_label;
use crate::components::record_form::PostButton;
use crate::domain::events::EVENT_KINDS;
use crate::i18n::*;
use crate::model::{DeliveryView, WebhookView, WebhooksPage as Page};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, webhooks.title)) />
        <h1>{t!(i18n, webhooks.title)}</h1>
        <p class="muted">{t!(i18n, webhooks.intro)}</p>
        <Suspense fallback=move || {
            view! { <p class="loading">{t!(i18n, shell.loading)}</p> }
        }>
            {Suspend::new(async move {
                match list_webhooks().await {
                    Ok(page) => Either::Left(view! { <Endpoints page /> }),
                    Err(error) => Either::Right(view! { <PageError error /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Endpoints(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let empty = page
        .webhooks
        .is_empty()
        .then(|| view! { <p class="muted">{t!(i18n, webhooks.empty)}</p> });
    let cards = page
        .webhooks
        .into_iter()
        .map(|w| endpoint(i18n, w))
        .collect_view();
    view! {
        {empty}
        {cards}
        <NewEndpoint pipelines=page.pipelines />
    }
}

/// One endpoint's card: what it receives, its state, its actions and log.
fn endpoint(i18n: I18nContext<Locale>, w: WebhookView) -> impl IntoView {
    let id = w.id.to_string();
    let kinds = if w.kinds.is_empty() {
        t_string!(i18n, webhooks.all_events).to_string()
    } else {
        w.kinds
            .iter()
            .map(|k| event_label(i18n, k))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let pipeline = w
        .pipeline
        .unwrap_or_else(|| t_string!(i18n, webhooks.all_pipelines).to_string());
    let state = match (&w.disabled, w.active) {
        (_, true) => {
            view! { <span class="badge badge-ok">{t!(i18n, webhooks.active)}</span> }.into_any()
        }
        (Some(when), false) => view! {
            <span class="badge badge-warn">
                {t_string!(i18n, webhooks.disabled_at, when = when.as_str())}
            </span>
        }
        .into_any(),
        (None, false) => {
            view! { <span class="badge">{t!(i18n, webhooks.paused)}</span> }.into_any()
        }
    };
    let (toggle, toggle_text) = if w.active {
        ("false", t_string!(i18n, webhooks.pause))
    } else {
        ("true", t_string!(i18n, webhooks.resume))
    };
    let log = if w.deliveries.is_empty() {
        Either::Left(view! { <p class="muted">{t!(i18n, webhooks.no_deliveries)}</p> })
    } else {
        Either::Right(deliveries(i18n, w.id, w.deliveries))
    };
    let description = (!w.description.is_empty()).then(|| view! { <p>{w.description.clone()}</p> });
    view! {
        <article class="card webhook-card" data-webhook-id=w.id>
            <header class="pipeline-head">
                <code class="webhook-url">{w.url.clone()}</code>
                {state}
            </header>
            {description}
            <dl class="facts">
                <dt>{t!(i18n, webhooks.events)}</dt>
                <dd>{kinds}</dd>
                <dt>{t!(i18n, webhooks.pipeline)}</dt>
                <dd>{pipeline}</dd>
                <dt>{t!(i18n, webhooks.secret)}</dt>
                <dd>
                    <details>
                        <summary>{t!(i18n, webhooks.show_secret)}</summary>
                        <code data-field="secret">{w.secret.clone()}</code>
                    </details>
                </dd>
            </dl>
            <div class="row-actions">
                <PostButton
                    action="/api/test_webhook"
                    fields=vec![("id", id.clone())]
                    text=t_string!(i18n, webhooks.test).to_string()
                />
                <PostButton
                    action="/api/set_webhook_active"
                    fields=vec![
                        ("id", id.clone()),
                        ("version", w.version.to_string()),
                        ("active", toggle.to_string()),
                    ]
                    text=toggle_text.to_string()
                />
                <PostButton
                    action="/api/delete_webhook"
                    fields=vec![("id", id.clone())]
                    text=t_string!(i18n, form.delete).to_string()
                    confirm=t_string!(i18n, webhooks.confirm_delete).to_string()
                />
            </div>
            <h3>{t!(i18n, webhooks.log)}</h3>
            {log}
        </article>
    }
}

/// The latest deliveries of the endpoint `id`.
fn deliveries(i18n: I18nContext<Locale>, id: i64, rows: Vec<DeliveryView>) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|d| {
            let state = match d.state.as_str() {
                "delivered" => t_string!(i18n, webhooks.s_delivered),
                "failed" => t_string!(i18n, webhooks.s_failed),
                _ => t_string!(i18n, webhooks.s_pending),
            };
            let answer = match (d.status, &d.error) {
                (Some(status), _) => format!("HTTP {status}"),
                (None, Some(error)) => error.clone(),
                (None, None) => "—".into(),
            };
            let excerpt = d
                .excerpt
                .clone()
                .map(|e| view! { <pre class="excerpt">{e}</pre> });
            let resend = (d.state != "pending").then(|| {
                view! {
                    <PostButton
                        action="/api/resend_webhook"
                        fields=vec![("id", id.to_string()), ("delivery_id", d.id.to_string())]
                        text=t_string!(i18n, webhooks.resend).to_string()
                    />
                }
            });
            view! {
                <tr data-delivery-id=d.id data-state=d.state.clone()>
                    <td>{event_label(i18n, &d.kind)}</td>
                    <td>{d.when.clone()}</td>
                    <td data-field="state">{state}</td>
                    <td>{d.attempts}</td>
                    <td data-field="answer">{answer} {excerpt}</td>
                    <td>{resend}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(i18n, webhooks.col_event)}</th>
                        <th>{t!(i18n, webhooks.col_when)}</th>
                        <th>{t!(i18n, webhooks.col_state)}</th>
                        <th>{t!(i18n, webhooks.col_attempts)}</th>
                        <th>{t!(i18n, webhooks.col_answer)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The form that adds an endpoint (a plain form).
#[component]
fn NewEndpoint(pipelines: Vec<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let pipelines = pipelines
        .into_iter()
        .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
        .collect_view();
    let boxes = EVENT_KINDS
        .into_iter()
        .map(|k| {
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("kinds[{k}]") value="on" />
                    <span>{event_label(i18n, k)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t!(i18n, webhooks.add)}</h2>
            <form class="form" method="post" action="/api/create_webhook">
                <label for="webhook-url">{t!(i18n, webhooks.url)}</label>
                <input
                    id="webhook-url"
                    name="url"
                    type="url"
                    required
                    maxlength="2000"
                    placeholder="https://erp.example.mx/embudo"
                />
                <label for="webhook-description">{t!(i18n, webhooks.description)}</label>
                <input id="webhook-description" name="description" type="text" maxlength="200" />
                <label for="webhook-pipeline">{t!(i18n, webhooks.pipeline)}</label>
                <select id="webhook-pipeline" name="pipeline_id">
                    <option value="">{t!(i18n, webhooks.all_pipelines)}</option>
                    {pipelines}
                </select>
                <fieldset class="permission-boxes">
                    <legend>{t!(i18n, webhooks.events_pick)}</legend>
                    {boxes}
                </fieldset>
                <button type="submit" class="button button-primary">
                    {t!(i18n, webhooks.add)}
                </button>
            </form>
        </section>
    }
}
