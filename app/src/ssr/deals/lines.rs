//! A deal's "Productos" section: its lines as the page shows them, what a
//! set of lines being edited comes to (the editor asks as the seller
//! types), and saving them — with the deal's value following their
//! subtotal when the seller says so, in the same transaction, as one
//! history event and one new version. Every figure is
//! [`crate::domain::lines`]'s, computed here.
use crate::domain::deal_change::{DealChange, LinesChange};
use crate::domain::deal_lines::{LineInput, LinesView, ProductChoice};
use crate::domain::money::{CURRENCIES, base_minor, major, minor_digits};
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::{Db, Ex};
use crate::ssr::deals::db::lines::{self as q, LineRow, LinesDeal};
use crate::ssr::deals::db::{self as deals};
use crate::ssr::lines::{self as priced, Priced};
use crate::ssr::live::Live;
use crate::ssr::products::db::{self as products, ProductFilter};
use crate::ssr::query;
use rust_decimal::Decimal;

/// Products offered per search.
const SUGGESTED: i64 = 8;

/// The section of the deal `deal_id` (in `currency`), for its page.
pub async fn section(
    ex: &mut Ex<'_>,
    actor: &Actor,
    deal_id: i64,
    currency: &str,
    value_from_lines: bool,
) -> Result<LinesView, AppError> {
    let rows = q::lines(ex, actor.account_id, deal_id).await?;
    Ok(priced::view(
        actor.formats(),
        currency,
        &rows,
        value_from_lines,
    ))
}

/// `inputs` as the rows of `deal` (`deal_id`), priced (see
/// [`priced::price`]), with the rows stored now; with `value_from_lines`,
/// a subtotal the deal's value could not be is a problem of `lines`.
async fn price(
    ex: &mut Ex<'_>,
    actor: &Actor,
    (deal_id, deal): (i64, &LinesDeal),
    inputs: &[LineInput],
    value_from_lines: bool,
) -> Result<(Priced, Vec<LineRow>), AppError> {
    let currency = deal.currency.as_str();
    let stored = q::lines(ex, actor.account_id, deal_id).await?;
    let priced = priced::price(ex, actor, currency, inputs, &stored).await?;
    if value_from_lines {
        let rate = deal.exchange_rate.parse().unwrap_or(Decimal::ONE);
        base_minor(priced.totals.subtotal_minor, minor_digits(currency), rate)
            .map_err(|e| AppError::field("lines", e.code()))?;
    }
    Ok((priced, stored))
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
    let (priced, _) = price(&mut ex, actor, (deal_id, &deal), inputs, value_from_lines).await?;
    Ok(priced::view(
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
    let (Priced { rows, totals }, stored) =
        price(&mut ex, actor, (deal_id, &deal), inputs, value_from_lines).await?;
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
        q::replace(
            &mut ex,
            q::LinesTable::Deal,
            actor.account_id,
            deal_id,
            &rows,
        )
        .await?;
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
