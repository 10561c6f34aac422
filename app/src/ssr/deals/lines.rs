//! A deal's "Productos" section: its lines as the page shows them, what a
//! set of lines being edited comes to (the editor asks as the seller
//! types), and saving them — with the deal's value following their
//! subtotal when the seller says so, in the same transaction, as one
//! history event and one new version. Every figure is
//! [`crate::domain::lines`]'s, computed here.
use crate::domain::deal_change::{DealChange, LinesChange};
use crate::domain::deal_lines::{
    self as dl, CheckedLine, LineDraft, LineFigures, LineInput, LineView, LinesView, ProductChoice,
    discount_bp, discount_of, line_field, quantity_milli, quantity_of,
};
use crate::domain::lines::{self, IvaRate, Line, Totals};
use crate::domain::money::{CURRENCIES, MoneyError, base_minor, major, minor_digits};
use crate::domain::products::ProductRow;
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::{Db, Ex};
use crate::ssr::deals::db::lines::{self as q, LineRow, LinesDeal};
use crate::ssr::deals::db::{self as deals};
use crate::ssr::format::Formats;
use crate::ssr::live::Live;
use crate::ssr::products::db::{self as products, ProductFilter};
use crate::ssr::query;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Products offered per search.
const SUGGESTED: i64 = 8;

/// What stored lines come to: the sums of their figures (each line's at
/// most [`crate::domain::money::MAX_VALUE_MINOR`], at most 200 lines).
pub fn sums(rows: &[LineRow]) -> Totals {
    rows.iter().fold(Totals::default(), |t, r| Totals {
        subtotal_minor: t.subtotal_minor + r.subtotal_minor,
        iva_minor: t.iva_minor + r.iva_minor,
        total_minor: t.total_minor + r.total_minor,
    })
}

/// The section of a deal in `currency` whose lines are `rows`.
fn view(formats: Formats, currency: &str, rows: &[LineRow], value_from_lines: bool) -> LinesView {
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

/// The section of the deal `deal_id` (in `currency`), for its page.
pub async fn section(
    ex: &mut Ex<'_>,
    actor: &Actor,
    deal_id: i64,
    currency: &str,
    value_from_lines: bool,
) -> Result<LinesView, AppError> {
    let rows = q::lines(ex, actor.account_id, deal_id).await?;
    Ok(view(actor.formats(), currency, &rows, value_from_lines))
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

/// A set of lines checked and priced: the rows to store, their sums, and
/// the rows stored now.
struct Priced {
    rows: Vec<LineRow>,
    totals: Totals,
    stored: Vec<LineRow>,
}

/// `inputs` as the rows of `deal` (`deal_id`), with what they come to;
/// every problem at once, named by line and field. A free line keeps the
/// SKU of the stored free line of its description (its product deleted
/// since); with `value_from_lines`, a subtotal the deal's value could not
/// be is a problem of `lines`.
async fn price(
    ex: &mut Ex<'_>,
    actor: &Actor,
    (deal_id, deal): (i64, &LinesDeal),
    inputs: &[LineInput],
    value_from_lines: bool,
) -> Result<Priced, AppError> {
    let currency = deal.currency.as_str();
    let mut p = Problems::default();
    let drafts = dl::read(inputs, currency, &mut p);
    let checked = complete(ex, actor, currency, drafts, &mut p).await?;
    p.finish()?;
    let too_large = |e: MoneyError| AppError::field("lines", e.code());
    let totals =
        lines::document(&checked.iter().map(|c| c.line).collect::<Vec<_>>()).map_err(too_large)?;
    if value_from_lines {
        let rate = deal.exchange_rate.parse().unwrap_or(Decimal::ONE);
        base_minor(totals.subtotal_minor, minor_digits(currency), rate).map_err(too_large)?;
    }
    let stored = q::lines(ex, actor.account_id, deal_id).await?;
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
    Ok(Priced {
        rows,
        totals,
        stored,
    })
}

/// The deal `deal_id` for a caller who may see it (one they may not see
/// is not found).
async fn visible(ex: &mut Ex<'_>, actor: &Actor, deal_id: i64) -> Result<LinesDeal, AppError> {
    let deal = q::deal(ex, actor.account_id, deal_id).await?;
    if !actor.may_see_deal(deal.owner_id) {
        return Err(AppError::NotFound);
    }
    Ok(deal)
}

/// The deal `deal_id` for a caller who may edit it (seen but not
/// editable: forbidden).
async fn editable(ex: &mut Ex<'_>, actor: &Actor, deal_id: i64) -> Result<LinesDeal, AppError> {
    let deal = visible(ex, actor, deal_id).await?;
    if !actor.may_edit_deal(deal.owner_id) {
        return Err(AppError::Forbidden);
    }
    Ok(deal)
}

/// A deal's lines as stored, with the deal they depend on, for a caller
/// who may see it (the REST API's).
pub async fn stored(
    db: &Db,
    actor: &Actor,
    deal_id: i64,
) -> Result<(LinesDeal, Vec<LineRow>), AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let deal = visible(&mut ex, actor, deal_id).await?;
    let rows = q::lines(&mut ex, actor.account_id, deal_id).await?;
    Ok((deal, rows))
}

/// What `inputs` would come to on the deal `deal_id`, written as the
/// caller reads money; nothing is stored.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn preview(
    db: &Db,
    actor: &Actor,
    deal_id: i64,
    inputs: &[LineInput],
    value_from_lines: bool,
) -> Result<LinesView, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let deal = editable(&mut ex, actor, deal_id).await?;
    let priced = price(&mut ex, actor, (deal_id, &deal), inputs, value_from_lines).await?;
    Ok(view(
        actor.formats(),
        &deal.currency,
        &priced.rows,
        value_from_lines,
    ))
}

/// Saves `inputs` as the lines of a deal the caller saw at `version` and
/// may edit, the value following their subtotal when `value_from_lines`;
/// returns the new version (the same when nothing changed; 409 when
/// someone changed the deal meanwhile).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save(
    db: &Db,
    live: &Live,
    actor: &Actor,
    deal_id: i64,
    version: i64,
    inputs: &[LineInput],
    value_from_lines: bool,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let deal = editable(&mut ex, actor, deal_id).await?;
    let Priced {
        rows,
        totals,
        stored,
    } = price(&mut ex, actor, (deal_id, &deal), inputs, value_from_lines).await?;
    let change = LinesChange {
        count: rows.len() as i64,
        totals,
        changed: stored != rows,
        value_from_lines,
    };
    let new_version = deals::update(
        &mut ex,
        actor.account_id,
        actor.clock.tz,
        actor.user_id,
        deal_id,
        version,
        &DealChange::Lines(change),
        actor.clock.now,
    )
    .await?;
    if change.changed {
        q::replace(&mut ex, actor.account_id, deal_id, &rows).await?;
    }
    tx.commit().await?;
    if new_version != version {
        live.publish(db, actor.account_id, deal.pipeline_id).await;
    }
    Ok(new_version)
}

/// Up to 8 active products of the catalogue whose SKU or name has every
/// word of `q` (words of 3 characters or more), priced for a deal in
/// `currency` (a product in another currency brings no price).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn suggest_products(
    db: &Db,
    actor: &Actor,
    q: &str,
    currency: &str,
) -> Result<Vec<ProductChoice>, AppError> {
    let typed = query::plain(query::bounded(q.trim(), "q", 200)?, "q")?;
    let currency = currency.trim().to_ascii_uppercase();
    if currency != actor.row.currency && !CURRENCIES.contains(&currency.as_str()) {
        return Err(AppError::field("currency", "invalid"));
    }
    let Some(words) = crate::domain::search::words(typed) else {
        return Ok(vec![]);
    };
    let filter = ProductFilter {
        account_id: actor.account_id,
        words: Some(&words),
        active: Some(true),
    };
    let mut conn = db.read().await?;
    let (rows, _) = products::page(&mut conn.ex(), &filter, None, SUGGESTED).await?;
    Ok(rows
        .into_iter()
        .map(|p| ProductChoice {
            id: p.id,
            label: format!("{} · {}", p.sku, p.name),
            unit_price: if p.currency == currency {
                major(p.unit_price_minor, &currency).to_string()
            } else {
                String::new()
            },
            name: p.name,
            iva: p.iva,
        })
        .collect())
}
