//! `/crm/notas/{id}`: one nota de venta — its folio, deal and quote, the
//! customer, the lines and totals as issued, and its PDF; and its
//! invoicing: how it is paid, the use of its CFDI, what its invoice still
//! lacks and the invoice request. Its lines and totals never change; its
//! payment details are edited with the record form.
use crate::api::sale_notes::get_sale_note;
use crate::components::crm_page::crm_content;
use crate::components::deal_lines::LinesTable;
use crate::components::directory_page::record_id;
use crate::components::labels::{catalogue_choices, catalogue_label, use_choices, use_label};
use crate::components::record_form::{FormField, FormWords, Input, RecordForm};
use crate::domain::records::RecordKind;
use crate::domain::sale_notes::{Billing, Missing, SaleNotePage, SaleNoteSummary};
use crate::domain::sat::{PAYMENT_FORMS, PAYMENT_METHODS};
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

/// What the invoice lacks, as a sentence: `Régimen fiscal del cliente:
/// falta.`
fn missing_text(i18n: I18nContext<Locale>, m: &Missing) -> String {
    // `items[2].product.product_key`: the third line's key.
    let line = m
        .field
        .strip_prefix("items[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| n + 1);
    let what = match (m.field.as_str(), line) {
        ("customer", _) => t_string!(i18n, notas.f_customer).to_string(),
        ("customer.legal_name", _) => t_string!(i18n, notas.f_legal_name).to_string(),
        ("customer.tax_id", _) => t_string!(i18n, notas.f_tax_id).to_string(),
        ("customer.tax_system", _) => t_string!(i18n, notas.f_tax_system).to_string(),
        ("customer.address.zip", _) => t_string!(i18n, notas.f_zip).to_string(),
        ("use", _) => t_string!(i18n, notas.f_use).to_string(),
        ("payment_form", _) => t_string!(i18n, notas.f_payment_form).to_string(),
        ("exchange", _) => t_string!(i18n, notas.f_exchange).to_string(),
        (f, Some(n)) if f.ends_with("unit_key") => {
            t_string!(i18n, notas.f_unit_key, n = n).to_string()
        }
        (_, Some(n)) => t_string!(i18n, notas.f_product_key, n = n).to_string(),
        (other, None) => other.to_string(),
    };
    let why = match m.code.as_str() {
        "required" => t_string!(i18n, notas.c_required),
        "has_capital_regime" => t_string!(i18n, notas.c_has_capital_regime),
        "not_for_tax_id" => t_string!(i18n, notas.c_not_for_tax_id),
        "not_for_tax_system" => t_string!(i18n, notas.c_not_for_tax_system),
        "not_for_foreign" => t_string!(i18n, notas.c_not_for_foreign),
        "free_text" => t_string!(i18n, notas.c_free_text),
        _ => t_string!(i18n, notas.c_invalid),
    };
    format!("{what}: {why}.")
}

/// The fields of the note's payment form.
fn billing_fields(i18n: I18nContext<Locale>, b: &Billing) -> Vec<FormField> {
    let none = (String::new(), t_string!(i18n, clientes.none).to_string());
    let forms = catalogue_choices(Some(none), PAYMENT_FORMS.into_iter());
    let customers = t_string!(i18n, notas.use_of_customer).to_string();
    let uses = use_choices(Some((String::new(), customers)));
    vec![
        FormField::new(
            "payment_form",
            t_string!(i18n, notas.payment_form),
            Input::Select,
            b.payment_form.clone(),
        )
        .with_choices(forms),
        FormField::new(
            "payment_method",
            t_string!(i18n, notas.payment_method),
            Input::Select,
            Some(b.payment_method.clone()),
        )
        .with_choices(catalogue_choices(None, PAYMENT_METHODS.into_iter())),
        FormField::new(
            "cfdi_use",
            t_string!(i18n, notas.cfdi_use),
            Input::Select,
            b.cfdi_use.clone(),
        )
        .with_choices(uses),
    ]
}

/// The note's invoicing: its payment details (and their form for whoever
/// may edit it), what the invoice lacks, and the request.
fn billing_panel(i18n: I18nContext<Locale>, page: &SaleNotePage) -> impl IntoView + use<> {
    let b = &page.billing;
    let form = page.may_edit.then(|| {
        let words = FormWords::new(
            i18n,
            t_string!(i18n, notas.billing_edit),
            t_string!(i18n, notas.billing_heading),
        );
        let fields = billing_fields(i18n, b);
        let id = page.summary.id;
        view! { <RecordForm kind=RecordKind::SaleNote id=Some(id) fields words primary=false /> }
    });
    let status = if page.missing.is_empty() {
        view! {
            <p class="alert alert-success" data-cfdi-ready="true">
                {t!(i18n, notas.ready)}
            </p>
        }
        .into_any()
    } else {
        let items = page
            .missing
            .iter()
            .map(|m| view! { <li data-missing=m.field.clone()>{missing_text(i18n, m)}</li> })
            .collect_view();
        view! {
            <p data-cfdi-ready="false">
                <strong>{t!(i18n, notas.missing)}</strong>
            </p>
            <ul class="missing-list" role="list">
                {items}
            </ul>
        }
        .into_any()
    };
    let customer = page.customer.organization_id.map(|id| {
        view! {
            <a class="button button-ghost" href=format!("/clientes/{id}")>
                {t!(i18n, notas.edit_customer)}
            </a>
        }
    });
    let folio = page.summary.folio.clone();
    view! {
        <section class="panel" id="facturacion">
            <h2>{t!(i18n, notas.billing)}</h2>
            <dl class="facts">
                {fact(
                    t_string!(i18n, notas.payment_form),
                    b.payment_form.as_deref().map(|c| catalogue_label(&PAYMENT_FORMS, c)),
                )}
                {fact(
                    t_string!(i18n, notas.payment_method),
                    Some(catalogue_label(&PAYMENT_METHODS, &b.payment_method)),
                )} {fact(t_string!(i18n, notas.cfdi_use), page.cfdi_use.as_deref().map(use_label))}
            </dl>
            {status}
            <div class="deal-actions">
                {form} {customer}
                <a
                    class="button button-ghost"
                    href=format!("/api/v1/sale-notes/{}/cfdi", page.summary.id)
                    download=format!("{folio}-cfdi.json")
                >
                    {t!(i18n, notas.cfdi_json)}
                </a>
            </div>
            <p class="muted">{t!(i18n, notas.billing_note)}</p>
        </section>
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
            </section> {billing_panel(i18n, &page)}
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
