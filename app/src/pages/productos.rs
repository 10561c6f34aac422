//! `/crm/productos` (the catalogue, filtered through the query string:
//! `?q=&status=`, `after=`/`before=` from the pager) and
//! `/crm/productos/{id}` (one product with its history). Rendered on the
//! server; the form and the delete button are islands. Everyone of the
//! account reads the catalogue; the buttons show to whoever may change it.
use crate::api::products::{get_product, list_products};
use crate::components::crm_page::{crm_content, crm_page};
use crate::components::directory_filters::{CursorPager, ListCount};
use crate::components::directory_page::{RecordHistory, back_link, record_id};
use crate::components::links::with_query;
use crate::components::record_form::{FormField, FormWords, Input, PostButton, RecordForm};
use crate::domain::lines::IvaRate;
use crate::domain::money::currency_choices;
use crate::domain::products::{ProductList, ProductPage, ProductQuery, ProductRow, STATUSES};
use crate::domain::records::RecordKind;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The catalogue's path.
const BASE: &str = "/crm/productos";

#[component]
pub fn ProductosPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    let query = ProductQuery {
        q: q.get("q"),
        status: q.get("status"),
        after: q.get("after"),
        before: q.get("before"),
    };
    crm_page(
        t_string!(i18n, productos.title).to_string(),
        list_products(query.clone()),
        move |list| view! { <ProductTable query list /> },
    )
}

/// An IVA rate as the pages word it.
pub fn iva_label(i18n: I18nContext<Locale>, code: &str) -> &'static str {
    match IvaRate::parse(code) {
        Some(IvaRate::General) => t_string!(i18n, productos.iva_16),
        Some(IvaRate::Border) => t_string!(i18n, productos.iva_8),
        Some(IvaRate::Zero) => t_string!(i18n, productos.iva_0),
        _ => t_string!(i18n, productos.iva_exempt),
    }
}

/// Active or not, as the pages word it.
fn status_label(i18n: I18nContext<Locale>, active: bool) -> &'static str {
    if active {
        t_string!(i18n, productos.active)
    } else {
        t_string!(i18n, productos.inactive)
    }
}

/// The fields of the product form (a new one, in `currency`, when
/// `product` is none).
fn product_fields(
    i18n: I18nContext<Locale>,
    product: Option<&ProductRow>,
    currency: &str,
) -> Vec<FormField> {
    let sent = product.map(ProductRow::input).unwrap_or_default();
    let text = |name: &str, label: &str, input: Input, value: &Option<String>| {
        FormField::new(name, label, input, value.clone())
    };
    let currency = sent.currency.clone().unwrap_or_else(|| currency.into());
    let ivas = IvaRate::ALL
        .iter()
        .map(|r| (r.code().to_string(), iva_label(i18n, r.code()).to_string()))
        .collect();
    let statuses = [true, false]
        .iter()
        .map(|a| (a.to_string(), status_label(i18n, *a).to_string()))
        .collect();
    vec![
        text(
            "sku",
            t_string!(i18n, productos.sku),
            Input::Text,
            &sent.sku,
        ),
        text(
            "name",
            t_string!(i18n, productos.name),
            Input::Text,
            &sent.name,
        ),
        text(
            "description",
            t_string!(i18n, productos.description),
            Input::Area,
            &sent.description,
        ),
        text(
            "unit_price",
            t_string!(i18n, productos.unit_price),
            Input::Text,
            &sent.unit_price,
        ),
        FormField::new(
            "currency",
            t_string!(i18n, deal_form.currency),
            Input::Select,
            Some(currency.clone()),
        )
        .with_choices(
            currency_choices(&currency)
                .into_iter()
                .map(|c| (c.clone(), c))
                .collect(),
        ),
        FormField::new(
            "iva",
            t_string!(i18n, productos.iva),
            Input::Select,
            Some(sent.iva.unwrap_or_else(|| "16".into())),
        )
        .with_choices(ivas),
        text(
            "sat_product_key",
            t_string!(i18n, productos.sat_product_key),
            Input::Text,
            &sent.sat_product_key,
        ),
        text(
            "sat_unit_key",
            t_string!(i18n, productos.sat_unit_key),
            Input::Text,
            &sent.sat_unit_key,
        ),
        FormField::new(
            "active",
            t_string!(i18n, productos.status),
            Input::Select,
            Some(sent.active.unwrap_or_else(|| "true".into())),
        )
        .with_choices(statuses),
    ]
}

/// The form's words, with the messages of a product's own checks.
fn product_words(i18n: I18nContext<Locale>, open: &str, heading: &str) -> FormWords {
    let mut words = FormWords::new(i18n, open, heading);
    let own = [
        ("sku", "taken", t_string!(i18n, productos.e_sku_taken)),
        ("sku", "invalid", t_string!(i18n, productos.e_sku)),
        (
            "unit_price",
            "negative",
            t_string!(i18n, deal_form.e_value_negative),
        ),
        (
            "unit_price",
            "too_many_decimals",
            t_string!(i18n, deal_form.e_value_decimals),
        ),
        (
            "unit_price",
            "too_large",
            t_string!(i18n, productos.e_price_large),
        ),
        (
            "unit_price",
            "malformed",
            t_string!(i18n, deal_form.e_value),
        ),
        ("currency", "invalid", t_string!(i18n, deal_form.e_currency)),
        (
            "sat_product_key",
            "invalid",
            t_string!(i18n, productos.e_sat_product_key),
        ),
        (
            "sat_unit_key",
            "invalid",
            t_string!(i18n, productos.e_sat_unit_key),
        ),
    ];
    let own = own
        .into_iter()
        .map(|(f, c, text)| (f.to_string(), c.to_string(), text.to_string()));
    words.errors.splice(0..0, own);
    words
}

#[component]
fn ProductTable(query: ProductQuery, list: ProductList) -> impl IntoView {
    let i18n = use_i18n();
    let new_button = list.may_edit.then(|| {
        let new = t_string!(i18n, productos.new);
        let words = product_words(i18n, new, new);
        let fields = product_fields(i18n, None, &list.currency);
        view! { <RecordForm kind=RecordKind::Product id=None fields words primary=true /> }
    });
    let href = |at: Option<(&str, &String)>| {
        let mut pairs = vec![("q", query.q.clone()), ("status", query.status.clone())];
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
    let searching = query.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    let chosen = query.status.clone().unwrap_or_default();
    let statuses = STATUSES
        .iter()
        .map(|s| {
            view! {
                <option value=*s selected=chosen == *s>
                    {status_label(i18n, *s == "active")}
                </option>
            }
        })
        .collect_view();
    let rows = list
        .rows
        .into_iter()
        .map(|v| {
            let p = v.product;
            let sat = [p.sat_product_key.clone(), p.sat_unit_key.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            view! {
                <tr data-product-id=p.id data-active=p.active.to_string()>
                    <td>
                        <a href=format!("{BASE}/{}", p.id)>{p.name.clone()}</a>
                        <br />
                        <span class="muted">{p.sku.clone()}</span>
                    </td>
                    <td class="num">{v.price}</td>
                    <td>{iva_label(i18n, &p.iva)}</td>
                    <td class="col-sat">{sat}</td>
                    <td class:muted=!p.active>{status_label(i18n, p.active)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="page-actions">
            {new_button}
            {list
                .may_edit
                .then(|| {
                    view! {
                        <a class="button button-ghost" href="/crm/importar?kind=products">
                            {t!(i18n, productos.import)}
                        </a>
                    }
                })}
            <a class="button button-ghost" href="/api/v1/export/products" download="productos.csv">
                {t!(i18n, productos.export)}
            </a>
        </div>
        <form class="board-filters" method="get" action=BASE>
            <label>
                <span>{t!(i18n, productos.search)}</span>
                <input
                    type="search"
                    name="q"
                    maxlength="100"
                    value=query.q.clone().unwrap_or_default()
                />
            </label>
            <label>
                <span>{t!(i18n, productos.status)}</span>
                <select name="status">
                    <option value="">{t!(i18n, deals.all)}</option>
                    {statuses}
                </select>
            </label>
            <button type="submit" class="button button-primary">
                {t!(i18n, embudo.apply)}
            </button>
        </form>
        <ListCount
            pages=list.pages.clone()
            noun=t_string!(i18n, productos.count).to_string()
            searching
        />
        <div class="table-wrap">
            <table class="table products">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, productos.name)}</th>
                        <th scope="col" class="num">
                            {t!(i18n, productos.unit_price)}
                        </th>
                        <th scope="col">{t!(i18n, productos.iva)}</th>
                        <th scope="col" class="col-sat">
                            {t!(i18n, productos.sat)}
                        </th>
                        <th scope="col">{t!(i18n, productos.status)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <CursorPager previous next />
    }
}

#[component]
pub fn ProductoPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().get_untracked().get("id");
    view! {
        {back_link(BASE, t_string!(i18n, productos.back).to_string())}
        {crm_content(
            async move {
                match record_id(id) {
                    Some(id) => get_product(id).await,
                    None => Err(AppError::NotFound),
                }
            },
            |page| view! { <ProductView page /> },
        )}
    }
}

#[component]
fn ProductView(page: ProductPage) -> impl IntoView {
    let i18n = use_i18n();
    let p = page.view.product;
    let actions = page.may_edit.then(|| {
        let words = product_words(
            i18n,
            t_string!(i18n, form.edit),
            t_string!(i18n, productos.edit_heading),
        );
        let fields = product_fields(i18n, Some(&p), &p.currency);
        view! {
            <div class="page-actions">
                <RecordForm kind=RecordKind::Product id=Some(p.id) fields words primary=false />
                <PostButton
                    action="/api/delete_record"
                    fields=vec![("kind", "Product".to_string()), ("id", p.id.to_string())]
                    text=t_string!(i18n, form.delete).to_string()
                    confirm=t_string!(i18n, productos.confirm_delete).to_string()
                />
            </div>
        }
    });
    let fact = |label: &str, value: String| {
        view! {
            <dt>{label.to_string()}</dt>
            <dd>{value}</dd>
        }
    };
    let unset = || t_string!(i18n, productos.none).to_string();
    view! {
        <Title text=format!("{} · Embudo", p.name) />
        <h1>{p.name.clone()}</h1>
        {actions}
        <section class="card">
            <dl class="facts">
                {fact(t_string!(i18n, productos.sku), p.sku.clone())}
                {fact(t_string!(i18n, productos.unit_price), page.view.price.clone())}
                {fact(t_string!(i18n, productos.iva), iva_label(i18n, &p.iva).to_string())}
                {fact(
                    t_string!(i18n, productos.sat_product_key),
                    p.sat_product_key.clone().unwrap_or_else(unset),
                )}
                {fact(
                    t_string!(i18n, productos.sat_unit_key),
                    p.sat_unit_key.clone().unwrap_or_else(unset),
                )}
                {fact(t_string!(i18n, productos.status), status_label(i18n, p.active).to_string())}
                {fact(
                    t_string!(i18n, productos.description),
                    p.description.clone().unwrap_or_else(unset),
                )}
            </dl>
        </section>
        <h2>{t!(i18n, clientes.history)}</h2>
        <RecordHistory changes=page.history />
    }
}
