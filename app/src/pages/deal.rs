//! `/crm/tratos/{key}`: one deal — details, history (bitácora), the
//! conversation and its activities; edit and add an activity (the record
//! form island), comment and reopen (plain forms).
use crate::api::deals::get_deal;
use crate::components::activity_list::{NewActivityButton, priority_label};
use crate::components::crm_page::crm_content;
use crate::components::deal_form::{deal_form_fields, deal_form_words};
use crate::components::deal_lines::{LinesEditor, LinesTable, LinesWords};
use crate::components::labels::{history_label, status_label};
use crate::components::record_form::{PostButton, RecordForm};
use crate::domain::activities::Priority;
use crate::domain::deal::{DealPage, HistoryKind, MAX_COMMENT};
use crate::domain::deal_lines::LinesOf;
use crate::domain::money::currency_choices;
use crate::domain::records::{RecordKind, Rights};
use crate::i18n::*;
use crate::pages::cotizaciones::{quote_head, quote_rows};
use crate::pages::notas::{sale_note_head, sale_note_rows};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DealPageView() -> impl IntoView {
    let key = use_params_map()
        .get_untracked()
        .get("key")
        .unwrap_or_default();
    // The way back stays when the deal cannot be shown.
    let i18n = use_i18n();
    view! {
        <p>
            <a href="/crm/embudo">"← " {t!(i18n, deal.back)}</a>
        </p>
        {crm_content(get_deal(key), |deal| view! { <DealView deal /> })}
    }
}

#[component]
fn DealView(deal: DealPage) -> impl IntoView {
    let i18n = use_i18n();
    let status = status_label(i18n, deal.status);
    let linked = |to: &Option<(i64, String)>, base: &str| {
        to.as_ref()
            .map(|(id, name)| (name.clone(), Some(format!("{base}/{id}"))))
    };
    let text = |v: &Option<String>| v.clone().map(|v| (v, None));
    let priority = deal
        .priority
        .as_deref()
        .map(|p| (priority_label(i18n, p), None));
    let facts = [
        (t_string!(i18n, deal.value), text(&Some(deal.value.clone()))),
        (
            t_string!(i18n, deal.status),
            text(&Some(status.to_string())),
        ),
        (
            t_string!(i18n, deal.pipeline),
            text(&Some(deal.pipeline.clone())),
        ),
        (t_string!(i18n, deal.stage), text(&Some(deal.stage.clone()))),
        (t_string!(i18n, deal.owner), text(&Some(deal.owner.clone()))),
        (
            t_string!(i18n, deal.organization),
            linked(&deal.organization, "/clientes"),
        ),
        (
            t_string!(i18n, deal.contact),
            linked(&deal.contact, "/contactos"),
        ),
        (t_string!(i18n, deal_form.priority), priority),
        (t_string!(i18n, deal_form.source), text(&deal.source)),
        (
            t_string!(i18n, deal.expected_close),
            text(&deal.expected_close_date),
        ),
        (
            t_string!(i18n, deal.created),
            text(&Some(deal.created.clone())),
        ),
        (t_string!(i18n, deal.closed), text(&deal.closed)),
        (t_string!(i18n, deal.lost_reason), text(&deal.lost_reason)),
        (t_string!(i18n, deal.lost_note), text(&deal.lost_note)),
    ];
    let facts = facts
        .into_iter()
        .filter_map(|(label, value)| {
            value.map(|(v, href)| {
                let shown = match href {
                    Some(href) => Either::Left(view! { <a href=href>{v}</a> }),
                    None => Either::Right(v),
                };
                view! {
                    <dt>{label.to_string()}</dt>
                    <dd>{shown}</dd>
                }
            })
        })
        .collect_view();
    let description = deal.description.clone().map(|d| {
        view! {
            <section class="panel deal-description">
                <h2>{t!(i18n, deal_form.description)}</h2>
                <p class="prewrap">{d}</p>
            </section>
        }
    });
    let history = deal
        .history
        .iter()
        .map(|h| {
            let what = history_label(i18n, h.kind);
            // Priorities are stored as words: shown in the reader's language.
            let detail = match h.kind {
                HistoryKind::PriorityChanged => h.detail.as_ref().map(|d| {
                    d.split(" → ")
                        .map(|w| match Priority::parse(w).is_some() {
                            true => priority_label(i18n, w),
                            false => w.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(" → ")
                }),
                _ => h.detail.clone(),
            };
            let who = h
                .actor
                .clone()
                .map(|a| format!(" · {} {a}", t_string!(i18n, deal.by)));
            view! {
                <li data-history=format!("{:?}", h.kind)>
                    <time>{h.at.clone()}</time>
                    <span class="history-what">
                        {what.to_string()} {detail.map(|d| format!(": {d}"))}
                    </span>
                    <span class="muted">{who}</span>
                </li>
            }
        })
        .collect_view();
    let comments = if deal.comments.is_empty() {
        Either::Left(view! { <p class="muted">{t!(i18n, deal.no_comments)}</p> })
    } else {
        Either::Right(
            deal.comments
                .iter()
                .map(|c| {
                    view! {
                        <li class="comment">
                            <p class="comment-head">
                                <strong>{c.author.clone()}</strong>
                                " · "
                                <time>{c.at.clone()}</time>
                            </p>
                            <p class="comment-body">{c.body.clone()}</p>
                        </li>
                    }
                })
                .collect_view(),
        )
    };
    let activities = if deal.activities.is_empty() {
        Either::Left(view! { <p class="muted">{t!(i18n, deal.no_activities)}</p> })
    } else {
        Either::Right(
            deal.activities
                .iter()
                .map(|a| {
                    let state = if a.done {
                        t_string!(i18n, deal.done)
                    } else {
                        t_string!(i18n, deal.pending)
                    };
                    view! {
                        <li>
                            <strong>{a.subject.clone()}</strong>
                            {a.due.clone().map(|d| format!(" · {d}"))}
                            <span class="muted">" · " {state.to_string()}</span>
                        </li>
                    }
                })
                .collect_view(),
        )
    };
    let reopen = (deal.can_edit && !deal.status.is_open()).then(|| {
        view! {
            <PostButton
                action="/api/reopen_deal"
                fields=vec![("deal_id", deal.id.to_string()), ("version", deal.version.to_string())]
                text=t_string!(i18n, deal.reopen).to_string()
            />
        }
    });
    let edit = deal.form.as_ref().map(|form| {
        let currencies = currency_choices(&form.account_currency);
        view! {
            <RecordForm
                kind=RecordKind::Deal
                id=Some(deal.id)
                fields=deal_form_fields(i18n, form, &currencies, Some(deal.version))
                words=deal_form_words(i18n, true)
                primary=false
            />
        }
    });
    // Its activities are assigned to whom its owner may be given.
    let new_activity = deal.can_edit.then(|| {
        let rights = Rights {
            may_edit: true,
            owners: deal
                .form
                .as_ref()
                .map(|f| f.owners.clone())
                .unwrap_or_default(),
        };
        view! { <NewActivityButton rights links=vec![("deal_id", deal.id)] primary=false /> }
    });
    // A plain form: the server adds the comment and shows the page again.
    let comment_form = deal.can_edit.then(|| {
        view! {
            <form class="form comment-form" method="post" action="/api/add_comment">
                <input type="hidden" name="deal_id" value=deal.id />
                <label for="comment">{t!(i18n, deal.comment_label)}</label>
                <textarea id="comment" name="body" required maxlength=MAX_COMMENT></textarea>
                <button type="submit" class="button button-primary">
                    {t!(i18n, deal.comment_submit)}
                </button>
            </form>
        }
    });
    let note = deal
        .lines
        .value_from_lines
        .then(|| view! { <p class="muted">{t!(i18n, lines.value_note)}</p> });
    let lines = if deal.can_edit {
        let words = LinesWords::new(i18n);
        Either::Left(view! {
            <LinesEditor
                of=LinesOf::Deal(deal.id)
                version=deal.version
                lines=deal.lines.clone()
                words
            />
        })
    } else {
        Either::Right(view! { <LinesTable lines=deal.lines.clone() /> })
    };
    let new_quote = deal.can_edit.then(|| {
        view! {
            <PostButton
                action="/api/create_quote"
                fields=vec![("deal_id", deal.id.to_string())]
                text=t_string!(i18n, deal.new_quote).to_string()
            />
        }
    });
    let quotes = if deal.quotes.is_empty() {
        Either::Left(view! { <p class="muted">{t!(i18n, deal.no_quotes)}</p> })
    } else {
        Either::Right(view! {
            <div class="table-wrap">
                <table class="table quotes stack-on-phone">
                    {quote_head(i18n, false)}
                    <tbody>{quote_rows(i18n, deal.quotes.clone(), false)}</tbody>
                </table>
            </div>
        })
    };
    // Won with products: a nota de venta of them (without a quote).
    let note_from_lines = (deal.can_edit
        && deal.status == crate::domain::deal_status::DealStatus::Won
        && !deal.lines.lines.is_empty()
        && deal.sale_notes.iter().all(|n| n.quote.is_some()))
    .then(|| {
        view! {
            <PostButton
                action="/api/sale_note_from_deal"
                fields=vec![("deal_id", deal.id.to_string())]
                text=t_string!(i18n, deal.new_sale_note).to_string()
                confirm=t_string!(i18n, notas.confirm_create).to_string()
            />
        }
    });
    let sale_notes = (!deal.sale_notes.is_empty()).then(|| {
        view! {
            <h3>{t!(i18n, deal.sale_notes)}</h3>
            <div class="table-wrap">
                <table class="table quotes stack-on-phone">
                    {sale_note_head(i18n)}
                    <tbody>{sale_note_rows(i18n, deal.sale_notes.clone())}</tbody>
                </table>
            </div>
        }
    });
    view! {
        <Title text=format!("{} · {} · Embudo", deal.key, deal.title) />
        <h1 data-deal-key=deal.key.clone()>{deal.title.clone()}</h1>
        <p class="muted">{deal.key.clone()}</p>
        <div class="deal-actions">{edit} {reopen}</div>
        <div class="deal-grid">
            <section class="panel">
                <h2>{t!(i18n, deal.details)}</h2>
                <dl class="facts">{facts}</dl>
            </section>
            {description}
            <section class="panel deal-lines" id="productos">
                <h2>{t!(i18n, lines.heading)}</h2>
                {note}
                {lines}
            </section>
            <section class="panel deal-quotes" id="cotizaciones">
                <h2>{t!(i18n, deal.quotes)}</h2>
                {quotes}
                {new_quote}
                {sale_notes}
                {note_from_lines}
            </section>
            <section class="panel">
                <h2>{t!(i18n, deal.history)}</h2>
                {deal
                    .earlier_history
                    .then(|| view! { <p class="muted">{t!(i18n, deal.earlier_history)}</p> })}
                <ol class="history">{history}</ol>
            </section>
            <section class="panel">
                <h2>{t!(i18n, deal.conversation)}</h2>
                {deal
                    .earlier_comments
                    .then(|| view! { <p class="muted">{t!(i18n, deal.earlier_comments)}</p> })}
                <ul class="comments">{comments}</ul>
                {comment_form}
            </section>
            <section class="panel">
                <h2>{t!(i18n, deal.activities)}</h2>
                <ul class="activities">{activities}</ul>
                {new_activity}
            </section>
        </div>
    }
}
