//! `/q/{token}`: a sent quote as its customer sees it, without signing in
//! (the link is the credential): the account's name, the quote, its PDF,
//! and — while it holds — the form to accept or reject it with a name and
//! an optional comment (a plain form's post). Answered, expired or
//! cancelled, it says so. Nothing else of the account is reachable from
//! here.
use crate::api::quotes::public_quote;
use crate::components::crm_page::PageError;
use crate::components::deal_lines::LinesTable;
use crate::components::layout::post_refusal;
use crate::domain::quotes::{PublicQuote, QuoteState};
use crate::i18n::*;
use crate::pages::cotizaciones::{customer_panel, state_label};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn PublicQuotePage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map()
        .get_untracked()
        .get("token")
        .unwrap_or_default();
    let load = public_quote(token.clone());
    view! {
        // A customer's link is not for search engines.
        <Meta name="robots" content="noindex, nofollow" />
        <main class="public-page">
            {post_refusal()}
            <Suspense fallback=move || {
                view! { <p class="loading">{t!(i18n, shell.loading)}</p> }
            }>
                {Suspend::new(async move {
                    match load.await {
                        Ok(quote) => Either::Left(view! { <QuoteForCustomer quote token /> }),
                        Err(error) => Either::Right(view! { <PageError error /> }),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn QuoteForCustomer(quote: PublicQuote, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let q = quote;
    let c = &q.customer;
    let status = match q.state {
        QuoteState::Accepted | QuoteState::Rejected => Some(format!(
            "{} · {} · {}",
            state_label(i18n, q.state),
            q.decided_by.clone().unwrap_or_default(),
            q.decided.clone().unwrap_or_default()
        )),
        QuoteState::Expired => {
            Some(t_string!(i18n, publica.expired, date = q.valid_until.clone()).to_string())
        }
        QuoteState::Cancelled => Some(t_string!(i18n, publica.cancelled).to_string()),
        _ => None,
    };
    let answer = q.may_answer.then(|| {
        view! {
            <form class="panel form public-answer" method="post" action="/api/answer_quote">
                <h2>{t!(i18n, publica.answer)}</h2>
                <input type="hidden" name="token" value=token.clone() />
                <label for="answer-name">{t!(i18n, publica.name)}</label>
                <input
                    id="answer-name"
                    name="name"
                    type="text"
                    required
                    maxlength="200"
                    autocomplete="name"
                />
                <label for="answer-comment">{t!(i18n, publica.comment)}</label>
                <textarea id="answer-comment" name="comment" maxlength="2000"></textarea>
                <div class="public-buttons">
                    <button type="submit" name="accept" value="true" class="button button-primary">
                        {t!(i18n, publica.accept)}
                    </button>
                    <button type="submit" name="accept" value="false" class="button button-ghost">
                        {t!(i18n, publica.reject)}
                    </button>
                </div>
            </form>
        }
    });
    let text_panel = |heading: &str, text: &Option<String>| {
        text.clone().map(|t| {
            view! {
                <section class="panel">
                    <h2>{heading.to_string()}</h2>
                    <p class="prewrap">{t}</p>
                </section>
            }
        })
    };
    view! {
        <Title text=format!("{} · {}", q.folio, q.account_name) />
        <header class="public-head">
            <p class="public-account">{q.account_name.clone()}</p>
            <h1 data-folio=q
                .folio
                .clone()>
                {t!(i18n, publica.quote)} " " {q.folio.clone()} " "
                <span
                    class=format!("quote-state quote-{}", q.state.code())
                    data-state=q.state.code()
                >
                    {state_label(i18n, q.state)}
                </span>
            </h1>
            <p class="muted">
                {t!(i18n, publica.issued)} " " {q.issued.clone()} " · "
                {t!(i18n, cotizaciones.valid_until)} " " {q.valid_until.clone()}
            </p>
        </header>
        {status
            .map(|s| {
                view! {
                    <p class="alert public-status" role="status">
                        {s}
                    </p>
                }
            })}
        <div class="public-actions">
            <a
                class="button button-ghost"
                href=format!("/api/v1/public/quotes/{token}/pdf")
                download=format!("{}.pdf", q.folio)
            >
                {t!(i18n, cotizaciones.pdf)}
            </a>
        </div>
        {customer_panel(i18n, c, false)}
        <section class="panel deal-lines" id="productos">
            <h2>{t!(i18n, cotizaciones.lines)}</h2>
            <LinesTable
                lines=q.lines.clone()
                empty=t_string!(i18n, cotizaciones.no_lines).to_string()
            />
        </section>
        {text_panel(t_string!(i18n, cotizaciones.notes), &q.notes)}
        {text_panel(t_string!(i18n, cotizaciones.terms), &q.terms)}
        {q
            .decision_comment
            .clone()
            .map(|comment| {
                view! {
                    <section class="panel">
                        <h2>{t!(i18n, cotizaciones.comment)}</h2>
                        <p class="prewrap">{comment}</p>
                    </section>
                }
            })}
        {answer}
    }
}
