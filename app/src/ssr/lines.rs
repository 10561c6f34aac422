//! Lines of a deal or a quote, priced: a set of lines as typed checked
//! (every problem named by line and field), completed from their products
//! (name, price in the document's currency, rate) and priced by
//! [`crate::domain::lines`] — the one place figures are computed — and
//! stored lines as a page shows them.
use crate::domain::deal_lines::{
    self as dl, CheckedLine, LineDraft, LineFigures, LineInput, LineView, LinesView, discount_bp,
    discount_of, line_field, quantity_milli, quantity_of,
};
use crate::domain::lines::{self, IvaRate, Line, Totals};
use crate::domain::money::{MoneyError, major};
use crate::domain::products::ProductRow;
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::Ex;
use crate::ssr::deals::db::lines::LineRow;
use crate::ssr::format::Formats;
use crate::ssr::products::db as products;
use std::collections::HashMap;

/// What stored lines come to: the sums of their figures (each line's at
/// most [`crate::domain::money::MAX_VALUE_MINOR`], at most 200 lines).
pub fn sums(rows: &[LineRow]) -> Totals {
    rows.iter().fold(Totals::default(), |t, r| Totals {
        subtotal_minor: t.subtotal_minor + r.subtotal_minor,
        iva_minor: t.iva_minor + r.iva_minor,
        total_minor: t.total_minor + r.total_minor,
    })
}

/// Lines in `currency` stored as `rows`, as a page shows them.
pub fn view(
    formats: Formats,
    currency: &str,
    rows: &[LineRow],
    value_from_lines: bool,
) -> LinesView {
    let money = |minor: i64| formats.money(minor, currency);
    let sum = sums(rows);
    let lines = rows
        .iter()
        .map(|r| {
            let discount = discount_of(r.discount_bp);
            LineView {
                input: LineInput {
                    product_id: r.product_id.map(|id| id.to_string()).unwrap_or_default(),
                    description: r.description.clone(),
                    quantity: quantity_of(r.quantity_milli).to_string(),
                    unit_price: major(r.unit_price_minor, currency).to_string(),
                    discount: if discount.is_zero() {
                        String::new()
                    } else {
                        discount.to_string()
                    },
                    iva: r.iva.clone(),
                },
                sku: r.sku.clone(),
                figures: LineFigures {
                    unit_price: money(r.unit_price_minor),
                    subtotal: money(r.subtotal_minor),
                    iva: money(r.iva_minor),
                    total: money(r.total_minor),
                },
            }
        })
        .collect();
    LinesView {
        lines,
        subtotal: money(sum.subtotal_minor),
        iva: money(sum.iva_minor),
        total: money(sum.total_minor),
        value_from_lines,
        currency: currency.to_string(),
    }
}

/// `drafts` with what their products bring (name, price in `currency`,
/// rate), each checked: a product must be the account's; every problem
/// into `p`.
async fn complete(
    ex: &mut Ex<'_>,
    actor: &Actor,
    currency: &str,
    drafts: Vec<LineDraft>,
    p: &mut Problems,
) -> Result<Vec<CheckedLine>, AppError> {
    let ids: Vec<i64> = drafts.iter().filter_map(|d| d.product_id).collect();
    let found: HashMap<i64, ProductRow> = products::with_ids(ex, actor.account_id, &ids)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let mut checked = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.into_iter().enumerate() {
        let product = d.product_id.and_then(|id| found.get(&id));
        if d.product_id.is_some() && product.is_none() {
            p.add(&line_field(i, "product_id"), "not_found");
        }
        let price = d.unit_price_minor.or_else(|| {
            product
                .filter(|pr| pr.currency == currency)
                .map(|pr| pr.unit_price_minor)
        });
        if price.is_none() && product.is_some() {
            p.add(&line_field(i, "unit_price"), "required");
        }
        let iva = d
            .iva
            .or_else(|| product.and_then(|pr| IvaRate::parse(&pr.iva)))
            .unwrap_or_default();
        let line = Line {
            quantity: d.quantity,
            unit_price_minor: price.unwrap_or(0),
            discount_percent: d.discount_percent,
            iva,
        };
        if line.totals().is_err() {
            p.add(&line_field(i, "total"), "too_large");
        }
        checked.push(CheckedLine {
            product_id: product.map(|pr| pr.id),
            sku: product.map(|pr| pr.sku.clone()),
            description: d
                .description
                .or_else(|| product.map(|pr| pr.name.clone()))
                .unwrap_or_default(),
            line,
        });
    }
    Ok(checked)
}

/// A set of lines checked and priced: the rows to store and their sums.
pub struct Priced {
    pub rows: Vec<LineRow>,
    pub totals: Totals,
}

/// `inputs` as the rows of a document in `currency` whose lines are
/// `stored` now, with what they come to; every problem at once, named by
/// line and field. A free line keeps the SKU of the stored free line of
/// its description (its product deleted since).
pub async fn price(
    ex: &mut Ex<'_>,
    actor: &Actor,
    currency: &str,
    inputs: &[LineInput],
    stored: &[LineRow],
) -> Result<Priced, AppError> {
    let mut p = Problems::default();
    let drafts = dl::read(inputs, currency, &mut p);
    let checked = complete(ex, actor, currency, drafts, &mut p).await?;
    p.finish()?;
    let too_large = |e: MoneyError| AppError::field("lines", e.code());
    let totals =
        lines::document(&checked.iter().map(|c| c.line).collect::<Vec<_>>()).map_err(too_large)?;
    let kept_sku = |description: &str| {
        stored
            .iter()
            .find(|r| r.product_id.is_none() && r.description == description)
            .and_then(|r| r.sku.clone())
    };
    let mut rows = Vec::with_capacity(checked.len());
    for c in checked {
        let t = c.line.totals().map_err(too_large)?;
        let sku = match c.product_id {
            Some(_) => c.sku,
            None => kept_sku(&c.description),
        };
        rows.push(LineRow {
            product_id: c.product_id,
            sku,
            description: c.description,
            quantity_milli: quantity_milli(c.line.quantity),
            unit_price_minor: c.line.unit_price_minor,
            discount_bp: discount_bp(c.line.discount_percent),
            iva: c.line.iva.code().to_string(),
            subtotal_minor: t.subtotal_minor,
            iva_minor: t.iva_minor,
            total_minor: t.total_minor,
        });
    }
    Ok(Priced { rows, totals })
}
