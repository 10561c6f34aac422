//! `/crm/notas/{id}`: one nota de venta — its folio, deal and quote, the
//! customer, the lines and totals as issued, and its PDF. A note never
//! changes, so the page has nothing to edit.
use crate::api::sale_notes::get_sale_note;
use crate::components::crm_page::crm_content;
use crate::components::deal_lines::LinesTable;
use crate::components::directory_page::record_id;
use crate::domain::sale_notes::{SaleNotePage, SaleNoteSummary};
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::cotizaciones::{customer_panel, fact};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NotaPage() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id");
    crm_content(
        async move {
            match record_id(id) {
                Some(id) => get_sale_note(id).await,
                None => Err(AppError::NotFound),
            }
        },
        |page| view! { <SaleNoteView page /> },
    )
}

/// Notes as rows of a table: folio, quote, customer, total, issued.
pub fn sale_note_rows(i18n: I18nContext<Locale>, rows: Vec<SaleNoteSummary>) -> impl IntoView {
    rows.into_iter()
        .map(|n| {
            view! {
                <tr data-sale-note-id=n.id>
                    <td data-label=t_string!(i18n, notas.folio)>
                        <a href=format!("/crm/notas/{}", n.id)>{n.folio.clone()}</a>
                    </td>
                    <td data-label=t_string!(
                        i18n, notas.quote
                    )>{n.quote.clone().map(|(_, f)| f).unwrap_or_else(|| "—".into())}</td>
                    <td data-label=t_string!(
                        i18n, cotizaciones.customer
                    )>{n.customer.clone().unwrap_or_else(|| "—".into())}</td>
                    <td data-label=t_string!(i18n, cotizaciones.total) class="num">
                        {n.total.clone()}
                    </td>
                    <td data-label=t_string!(i18n, notas.issued)>{n.issued.clone()}</td>
                </tr>
            }
        })
        .collect_view()
}

/// The head of a table of notes.
pub fn sale_note_head(i18n: I18nContext<Locale>) -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">{t!(i18n, notas.folio)}</th>
                <th scope="col">{t!(i18n, notas.quote)}</th>
                <th scope="col">{t!(i18n, cotizaciones.customer)}</th>
                <th scope="col" class="num">
                    {t!(i18n, cotizaciones.total)}
                </th>
                <th scope="col">{t!(i18n, notas.issued)}</th>
            </tr>
        </thead>
    }
}

#[component]
fn SaleNoteView(page: SaleNotePage) -> impl IntoView {
    let i18n = use_i18n();
    let s = page.summary.clone();
    let c = &page.customer;
    let quote = s.quote.clone().map(|(id, folio)| {
        view! {
            " · "
            <a href=format!("/crm/cotizaciones/{id}")>{folio}</a>
        }
    });
    view! {
        <Title text=format!("{} · {} · Embudo", s.folio, s.deal_title) />
        <h1 data-folio=s.folio.clone()>{t!(i18n, notas.heading)} " " {s.folio.clone()}</h1>
        <p>
            <a href=format!("/crm/tratos/{}", s.deal_key)>{s.deal_title.clone()}</a>
            {quote}
        </p>
        <div class="deal-actions">
            <a
                class="button button-ghost"
                href=format!("/api/v1/sale-notes/{}/pdf", s.id)
                download=format!("{}.pdf", s.folio)
            >
                {t!(i18n, cotizaciones.pdf)}
            </a>
        </div>
        <p class="muted quote-note">{t!(i18n, notas.frozen_note)}</p>
        <div class="deal-grid">
            {customer_panel(i18n, c, true)} <section class="panel">
                <h2>{t!(i18n, deal.details)}</h2>
                <dl class="facts">
                    {fact(t_string!(i18n, cotizaciones.total), Some(s.total.clone()))}
                    {fact(t_string!(i18n, notas.issued), Some(s.issued.clone()))}
                </dl>
            </section> <section class="panel deal-lines" id="productos">
                <h2>{t!(i18n, cotizaciones.lines)}</h2>
                <LinesTable lines=page.lines.clone() />
            </section>
            {page
                .notes
                .clone()
                .map(|n| {
                    view! {
                        <section class="panel">
                            <h2>{t!(i18n, cotizaciones.notes)}</h2>
                            <p class="prewrap">{n}</p>
                        </section>
                    }
                })}
        </div>
    }
}
