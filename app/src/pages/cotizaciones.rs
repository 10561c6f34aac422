//! `/crm/cotizaciones` (the quotes the viewer sees, newest first, by state:
//! `?state=`, `after=`/`before=` from the pager) and
//! `/crm/cotizaciones/{id}` (one quote: its customer, lines and totals,
//! validity, notes and terms; while a draft, its form and line editor;
//! the buttons of what may be done to it). Rendered on the server; the
//! form and the editor are islands, the buttons plain forms.
use crate::api::quotes::{get_quote, list_quotes};
use crate::components::crm_page::{crm_content, crm_page};
use crate::components::deal_lines::{LinesEditor, LinesTable, LinesWords};
use crate::components::directory_filters::{CursorPager, ListCount};
use crate::components::directory_page::{back_link, record_id};
use crate::components::links::with_query;
use crate::components::record_form::{FormField, FormWords, Input, PostButton, RecordForm};
use crate::domain::deal_lines::LinesOf;
use crate::domain::quotes::{
    MailState, QuoteAction, QuoteCustomer, QuoteList, QuotePage, QuoteQuery, QuoteState,
    QuoteSummary,
};
use crate::domain::records::RecordKind;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The list's path.
const BASE: &str = "/crm/cotizaciones";

#[component]
pub fn CotizacionesPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    let query = QuoteQuery {
        state: q.get("state"),
        after: q.get("after"),
        before: q.get("before"),
    };
    crm_page(
        t_string!(i18n, cotizaciones.heading).to_string(),
        list_quotes(query.clone()),
        move |list| view! { <QuoteTable query list /> },
    )
}

/// A quote's state as the pages word it.
pub fn state_label(i18n: I18nContext<Locale>, state: QuoteState) -> &'static str {
    match state {
        QuoteState::Draft => t_string!(i18n, cotizaciones.draft),
        QuoteState::Sent => t_string!(i18n, cotizaciones.sent),
        QuoteState::Accepted => t_string!(i18n, cotizaciones.accepted),
        QuoteState::Rejected => t_string!(i18n, cotizaciones.rejected),
        QuoteState::Expired => t_string!(i18n, cotizaciones.expired),
        QuoteState::Cancelled => t_string!(i18n, cotizaciones.cancelled),
    }
}

/// One fact of a panel: its label and value (none: left out).
pub fn fact(label: &str, value: Option<String>) -> Option<impl IntoView + use<>> {
    value.map(|v| {
        view! {
            <dt>{label.to_string()}</dt>
            <dd>{v}</dd>
        }
    })
}

/// The customer a paper is for, as a panel (its contact's email only for
/// the account's own users).
pub fn customer_panel(
    i18n: I18nContext<Locale>,
    c: &QuoteCustomer,
    with_email: bool,
) -> impl IntoView + use<> {
    view! {
        <section class="panel">
            <h2>{t!(i18n, cotizaciones.customer)}</h2>
            <dl class="facts">
                {fact(t_string!(i18n, cotizaciones.customer), c.name.clone())}
                {fact(t_string!(i18n, cotizaciones.tax_id), c.tax_id.clone())}
                {fact(t_string!(i18n, cotizaciones.address), c.address.clone())}
                {fact(t_string!(i18n, cotizaciones.contact), c.contact_name.clone())}
                {fact(
                    t_string!(i18n, cotizaciones.email),
                    c.contact_email.clone().filter(|_| with_email),
                )}
            </dl>
        </section>
    }
}

/// A quote's state as a badge.
fn state_badge(i18n: I18nContext<Locale>, state: QuoteState) -> impl IntoView {
    view! {
        <span class=format!("quote-state quote-{}", state.code()) data-state=state.code()>
            {state_label(i18n, state)}
        </span>
    }
}

/// Quotes as rows of a table: folio, state, deal (unless `with_deal` is
/// false), customer, total and validity.
pub fn quote_rows(
    i18n: I18nContext<Locale>,
    rows: Vec<QuoteSummary>,
    with_deal: bool,
) -> impl IntoView {
    rows.into_iter()
        .map(|r| {
            let deal = with_deal.then(|| {
                view! { <td data-label=t_string!(i18n, cotizaciones.deal)>{r.deal_title.clone()}</td> }
            });
            view! {
                <tr data-quote-id=r.id data-state=r.state.code()>
                    <td data-label=t_string!(i18n, cotizaciones.folio)>
                        <a href=format!("{BASE}/{}", r.id)>{r.folio.clone()}</a>
                    </td>
                    <td data-label=t_string!(
                        i18n, cotizaciones.state
                    )>{state_badge(i18n, r.state)}</td>
                    {deal}
                    <td data-label=t_string!(
                        i18n, cotizaciones.customer
                    )>{r.customer.clone().unwrap_or_else(|| "—".into())}</td>
                    <td data-label=t_string!(i18n, cotizaciones.total) class="num">
                        {r.total.clone()}
                    </td>
                    <td data-label=t_string!(
                        i18n, cotizaciones.valid_until
                    )>{r.valid_until.clone()}</td>
                </tr>
            }
        })
        .collect_view()
}

/// The head of a table of quotes.
pub fn quote_head(i18n: I18nContext<Locale>, with_deal: bool) -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">{t!(i18n, cotizaciones.folio)}</th>
                <th scope="col">{t!(i18n, cotizaciones.state)}</th>
                {with_deal.then(|| view! { <th scope="col">{t!(i18n, cotizaciones.deal)}</th> })}
                <th scope="col">{t!(i18n, cotizaciones.customer)}</th>
                <th scope="col" class="num">
                    {t!(i18n, cotizaciones.total)}
                </th>
                <th scope="col">{t!(i18n, cotizaciones.valid_until)}</th>
            </tr>
        </thead>
    }
}

#[component]
fn QuoteTable(query: QuoteQuery, list: QuoteList) -> impl IntoView {
    let i18n = use_i18n();
    let href = |at: Option<(&str, &String)>| {
        let mut pairs = vec![("state", query.state.clone())];
        if let Some((key, row)) = at {
            pairs.push((key, Some(row.clone())));
        }
        with_query(BASE, &pairs)
    };
    let previous = list
        .pages
        .previous
        .as_ref()
        .map(|at| href(Some(("before", at))));
    let next = list.pages.next.as_ref().map(|at| href(Some(("after", at))));
    let chosen = query.state.clone().unwrap_or_default();
    let states = QuoteState::ALL
        .iter()
        .map(|s| {
            view! {
                <option value=s.code() selected=chosen == s.code()>
                    {state_label(i18n, *s)}
                </option>
            }
        })
        .collect_view();
    let empty = list
        .rows
        .is_empty()
        .then(|| view! { <p class="muted">{t!(i18n, cotizaciones.empty)}</p> });
    view! {
        <form class="board-filters" method="get" action=BASE>
            <label>
                <span>{t!(i18n, cotizaciones.state)}</span>
                <select name="state">
                    <option value="">{t!(i18n, cotizaciones.all_states)}</option>
                    {states}
                </select>
            </label>
            <button type="submit" class="button button-primary">
                {t!(i18n, cotizaciones.filter)}
            </button>
        </form>
        <ListCount
            pages=list.pages.clone()
            noun=t_string!(i18n, cotizaciones.count).to_string()
            searching=false
        />
        {empty}
        <div class="table-wrap">
            <table class="table quotes stack-on-phone">
                {quote_head(i18n, true)} <tbody>{quote_rows(i18n, list.rows, true)}</tbody>
            </table>
        </div>
        <CursorPager previous next />
    }
}

#[component]
pub fn CotizacionPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().get_untracked().get("id");
    view! {
        {back_link(BASE, t_string!(i18n, cotizaciones.back).to_string())}
        {crm_content(
            async move {
                match record_id(id) {
                    Some(id) => get_quote(id).await,
                    None => Err(AppError::NotFound),
                }
            },
            |page| view! { <QuoteView page /> },
        )}
    }
}

/// The draft's form: validity, contact, notes and terms.
fn draft_fields(i18n: I18nContext<Locale>, page: &QuotePage) -> Vec<FormField> {
    let mut contacts = vec![(
        String::new(),
        t_string!(i18n, cotizaciones.no_contact).to_string(),
    )];
    contacts.extend(
        page.contacts
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone())),
    );
    vec![
        FormField::new(
            "valid_until",
            t_string!(i18n, cotizaciones.valid_until),
            Input::Date,
            Some(page.valid_until_input.clone()),
        ),
        FormField::new(
            "contact_id",
            t_string!(i18n, cotizaciones.contact),
            Input::Select,
            page.customer.contact_id.map(|id| id.to_string()),
        )
        .with_choices(contacts),
        FormField::new(
            "notes",
            t_string!(i18n, cotizaciones.notes),
            Input::Area,
            page.notes.clone(),
        ),
        FormField::new(
            "terms",
            t_string!(i18n, cotizaciones.terms),
            Input::Area,
            page.terms.clone(),
        ),
        FormField::new("version", "", Input::Hidden, Some(page.version.to_string())),
    ]
}

/// A post of `change_quote` doing `action` to the quote of `page`
/// (`email`: a send that mails its contact).
fn change_button(
    page: &QuotePage,
    action: QuoteAction,
    email: bool,
    text: String,
    confirm: Option<String>,
) -> AnyView {
    let mut fields = vec![
        ("id", page.summary.id.to_string()),
        ("version", page.version.to_string()),
        ("action", action.code().to_string()),
    ];
    if email {
        fields.push(("email", "true".to_string()));
    }
    match confirm {
        Some(confirm) => {
            view! { <PostButton action="/api/change_quote" fields text confirm /> }.into_any()
        }
        None => view! { <PostButton action="/api/change_quote" fields text /> }.into_any(),
    }
}

/// The send of a quote whose contact may be mailed: by email (first) or
/// without; a contact without an address is said so.
fn send_buttons(i18n: I18nContext<Locale>, page: &QuotePage) -> AnyView {
    let plain = |text: &str| {
        let confirm = t_string!(i18n, cotizaciones.confirm_send).to_string();
        change_button(
            page,
            QuoteAction::Send,
            false,
            text.to_string(),
            Some(confirm),
        )
    };
    match page.customer.contact_email.clone() {
        Some(to) => {
            let text = t_string!(i18n, cotizaciones.send_email, to = to.as_str()).to_string();
            let confirm = t_string!(i18n, cotizaciones.confirm_send_email, to = to.as_str());
            view! {
                {change_button(page, QuoteAction::Send, true, text, Some(confirm.to_string()))}
                {plain(t_string!(i18n, cotizaciones.send_no_email))}
            }
            .into_any()
        }
        None => view! {
            {plain(t_string!(i18n, cotizaciones.send))}
            <p class="muted" data-no-contact-email="">
                {t!(i18n, cotizaciones.no_contact_email)}
            </p>
        }
        .into_any(),
    }
}

/// The button of `action` on the quote of `page`.
fn action_button(i18n: I18nContext<Locale>, page: &QuotePage, action: QuoteAction) -> AnyView {
    if action == QuoteAction::Send && page.may_mail {
        return send_buttons(i18n, page);
    }
    let (text, confirm) = match action {
        QuoteAction::Send => (
            t_string!(i18n, cotizaciones.send),
            Some(t_string!(i18n, cotizaciones.confirm_send)),
        ),
        QuoteAction::Accept => (t_string!(i18n, cotizaciones.accept), None),
        QuoteAction::Reject => (t_string!(i18n, cotizaciones.reject), None),
        QuoteAction::Cancel => (
            t_string!(i18n, cotizaciones.cancel),
            Some(t_string!(i18n, cotizaciones.confirm_cancel)),
        ),
    };
    change_button(
        page,
        action,
        false,
        text.to_string(),
        confirm.map(str::to_string),
    )
}

/// What became of the quote's mail, and its "again" button.
fn mail_status(i18n: I18nContext<Locale>, page: &QuotePage) -> Option<impl IntoView + use<>> {
    let again = (page.may_mail && page.summary.state == QuoteState::Sent)
        .then(|| page.customer.contact_email.clone())
        .flatten()
        .map(|to| {
            view! {
                <PostButton
                    action="/api/email_quote"
                    fields=vec![("id", page.summary.id.to_string())]
                    text=t_string!(i18n, cotizaciones.email_again).to_string()
                    confirm=t_string!(i18n, cotizaciones.confirm_email_again, to = to.as_str())
                        .to_string()
                />
            }
        });
    let told = page.last_mail.clone().map(|m| {
        let (to, at) = (m.to.as_str(), m.at.as_str());
        let error = m.error.clone().unwrap_or_default();
        let text = match m.state {
            MailState::Queued => t_string!(i18n, cotizaciones.mail_queued, to = to, at = at),
            MailState::Sent => t_string!(i18n, cotizaciones.mail_sent, to = to, at = at),
            MailState::Retrying => {
                t_string!(
                    i18n,
                    cotizaciones.mail_retrying,
                    to = to,
                    error = error.as_str()
                )
            }
            MailState::GaveUp => {
                t_string!(
                    i18n,
                    cotizaciones.mail_gave_up,
                    to = to,
                    at = at,
                    error = error.as_str()
                )
            }
        }
        .to_string();
        let class = match m.state {
            MailState::Sent => "alert alert-success",
            MailState::GaveUp => "alert alert-error",
            _ => "muted",
        };
        view! {
            <p class=class data-mail-state=m.state.code()>
                {text}
            </p>
        }
    });
    (again.is_some() || told.is_some()).then(|| {
        view! {
            {told}
            {again}
        }
    })
}

#[component]
fn QuoteView(page: QuotePage) -> impl IntoView {
    let i18n = use_i18n();
    let s = page.summary.clone();
    let edit = page.may_edit.then(|| {
        let edit = t_string!(i18n, cotizaciones.edit);
        let words = FormWords::new(i18n, edit, t_string!(i18n, cotizaciones.edit_heading));
        let fields = draft_fields(i18n, &page);
        view! { <RecordForm kind=RecordKind::Quote id=Some(s.id) fields words primary=false /> }
    });
    let actions = page
        .actions
        .iter()
        .map(|a| action_button(i18n, &page, *a))
        .collect_view();
    // Accepted: its nota de venta, issued here once.
    let sale_note = match page.sale_note {
        Some(id) => Some(
            view! {
                <a class="button button-ghost" href=format!("/crm/notas/{id}")>
                    {t!(i18n, notas.of_quote)}
                </a>
            }
            .into_any(),
        ),
        None if page.may_issue_note => Some(
            view! {
                <PostButton
                    action="/api/sale_note_from_quote"
                    fields=vec![("quote_id", s.id.to_string())]
                    text=t_string!(i18n, notas.create).to_string()
                    confirm=t_string!(i18n, notas.confirm_create).to_string()
                />
            }
            .into_any(),
        ),
        None => None,
    };
    let c = &page.customer;
    let note = if page.may_edit {
        Some(t_string!(i18n, cotizaciones.draft_note).to_string())
    } else {
        page.sent
            .clone()
            .map(|date| t_string!(i18n, cotizaciones.frozen_note, date = date).to_string())
    };
    let lines = if page.may_edit {
        let words = LinesWords::new(i18n);
        view! {
            <LinesEditor
                of=LinesOf::Quote(s.id)
                version=page.version
                lines=page.lines.clone()
                words
            />
        }
        .into_any()
    } else {
        let empty = t_string!(i18n, cotizaciones.no_lines).to_string();
        view! { <LinesTable lines=page.lines.clone() empty /> }.into_any()
    };
    // Once sent: the customer's link to copy, open or send by WhatsApp,
    // and what became of its mail.
    let mail = mail_status(i18n, &page);
    let link = page.public_url.clone().map(|url| {
        let whatsapp = page.whatsapp_url.clone().unwrap_or_default();
        view! {
            <section class="panel quote-link">
                <h2>{t!(i18n, cotizaciones.link)}</h2>
                <p class="muted">{t!(i18n, cotizaciones.link_note)}</p>
                <input
                    type="text"
                    readonly
                    value=url.clone()
                    aria-label=t_string!(i18n, cotizaciones.link)
                    data-public-link=""
                />
                <div class="deal-actions">
                    <a class="button button-ghost" href=url target="_blank" rel="noopener">
                        {t!(i18n, cotizaciones.open_link)}
                    </a>
                    <a class="button button-ghost" href=whatsapp target="_blank" rel="noopener">
                        {t!(i18n, cotizaciones.whatsapp_share)}
                    </a>
                </div>
                {mail}
            </section>
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
        <Title text=format!("{} · {} · Embudo", s.folio, s.deal_title) />
        <h1 data-folio=s.folio.clone()>{s.folio.clone()} " " {state_badge(i18n, s.state)}</h1>
        <p>
            <a href=format!("/crm/tratos/{}", s.deal_key)>{s.deal_title.clone()}</a>
        </p>
        <div class="deal-actions">
            {edit} {actions} {sale_note}
            <a
                class="button button-ghost"
                href=format!("/api/v1/quotes/{}/pdf", s.id)
                download=format!("{}.pdf", s.folio)
            >
                {t!(i18n, cotizaciones.pdf)}
            </a>
        </div>
        {note.map(|n| view! { <p class="muted quote-note">{n}</p> })}
        {link}
        <div class="deal-grid">
            {customer_panel(i18n, c, true)} <section class="panel">
                <h2>{t!(i18n, deal.details)}</h2>
                <dl class="facts">
                    {fact(
                        t_string!(i18n, cotizaciones.state),
                        Some(state_label(i18n, s.state).to_string()),
                    )} {fact(t_string!(i18n, cotizaciones.total), Some(s.total.clone()))}
                    {fact(t_string!(i18n, cotizaciones.valid_until), Some(s.valid_until.clone()))}
                    {fact(t_string!(i18n, cotizaciones.created), Some(s.created.clone()))}
                    {fact(t_string!(i18n, cotizaciones.sent), page.sent.clone())}
                    {fact(t_string!(i18n, cotizaciones.decided), page.decided.clone())}
                    {fact(t_string!(i18n, cotizaciones.decided_by), page.decided_by.clone())}
                    {fact(t_string!(i18n, cotizaciones.comment), page.decision_comment.clone())}
                </dl>
            </section> <section class="panel deal-lines" id="productos">
                <h2>{t!(i18n, cotizaciones.lines)}</h2>
                {lines}
            </section> {text_panel(t_string!(i18n, cotizaciones.notes), &page.notes)}
            {text_panel(t_string!(i18n, cotizaciones.terms), &page.terms)}
        </div>
    }
}
