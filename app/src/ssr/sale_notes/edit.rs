//! Issuing a nota de venta, for whoever may edit its deal: from an
//! accepted quote (its lines, totals and customer as the quote froze them;
//! one note per quote) or from a won deal's lines (the customer as the
//! deal names it now). One transaction: the account's next folio, the
//! note and its lines, and the deal's history event.
use crate::domain::deal_event::{DealEvent, SaleNoteFacts};
use crate::domain::deal_status::DealStatus;
use crate::domain::quotes::QuoteState;
use crate::domain::records::RecordInput;
use crate::domain::sale_notes::{Billing, BillingInput};
use crate::error::AppError;
use crate::error::Problems;
use crate::ssr::accounts::db as accounts;
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::note_saved;
use crate::ssr::db::{Db, Ex};
use crate::ssr::deals::db::lines::LineRow;
use crate::ssr::deals::db::{self as deals, events, lines as deal_lines};
use crate::ssr::lines as priced;
use crate::ssr::quotes::db as quotes;
use crate::ssr::quotes::edit::customer;
use crate::ssr::sale_notes::db::{self as q, NewSaleNote};

/// Stores `note` with `rows` under the account's next folio, with its
/// deal's event; answers its id.
async fn issue(
    ex: &mut Ex<'_>,
    actor: &Actor,
    mut note: NewSaleNote<'_>,
    rows: &[LineRow],
) -> Result<i64, AppError> {
    note.folio = accounts::reserve_sale_note_number(ex, actor.account_id).await?;
    let now = actor.clock.now;
    let id = q::insert(ex, actor.account_id, &note, rows, now).await?;
    let event = DealEvent::SaleNoteIssued(SaleNoteFacts {
        sale_note_id: id,
        folio: note.folio,
        currency: note.currency.to_string(),
        total_minor: note.totals.total_minor,
    });
    events::append(
        ex,
        actor.account_id,
        note.deal_id,
        actor.user_id,
        now,
        &event,
    )
    .await?;
    Ok(id)
}

/// The nota de venta of the accepted quote `quote_id` (a quote that has
/// one already: `quote` `has_note`; not accepted: `state` `not_accepted`).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn from_quote(db: &Db, actor: &Actor, quote_id: i64) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let row = crate::ssr::quotes::edit::visible(&mut ex, actor, quote_id).await?;
    if !actor.may_edit_deal(row.owner_id) {
        return Err(AppError::Forbidden);
    }
    deals::lock(&mut ex, actor.account_id, row.deal_id).await?;
    if QuoteState::on(&row.state, &row.valid_until, actor.clock.today()) != QuoteState::Accepted {
        return Err(AppError::field("state", "not_accepted"));
    }
    if q::of_quote(&mut ex, actor.account_id, quote_id)
        .await?
        .is_some()
    {
        return Err(AppError::field("quote", "has_note"));
    }
    let rows = quotes::lines(&mut ex, actor.account_id, quote_id).await?;
    let customer = row.customer();
    let note = NewSaleNote {
        deal_id: row.deal_id,
        quote_id: Some(quote_id),
        owner_id: row.owner_id,
        folio: 0,
        customer: &customer,
        currency: &row.currency,
        exchange_rate: &row.exchange_rate,
        notes: row.notes.as_deref(),
        totals: row.totals(),
        created_by: actor.user_id,
    };
    // Two at once: the second finds the quote's note (unique).
    let id = issue(&mut ex, actor, note, &rows)
        .await
        .map_err(|e| match e {
            AppError::Conflict(_) => AppError::field("quote", "has_note"),
            e => e,
        })?;
    tx.commit().await?;
    Ok(id)
}

/// The nota de venta of the won deal `deal_id`'s lines (`status`
/// `not_won`; without lines: `lines` `no_lines`).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn from_deal(db: &Db, actor: &Actor, deal_id: i64) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    deals::lock(&mut ex, actor.account_id, deal_id).await?;
    let (owner, status) = deals::owner_and_status(&mut ex, actor.account_id, deal_id).await?;
    if !actor.may_see_deal(owner) {
        return Err(AppError::NotFound);
    }
    if !actor.may_edit_deal(owner) {
        return Err(AppError::Forbidden);
    }
    if status != DealStatus::Won {
        return Err(AppError::field("status", "not_won"));
    }
    // A deal's note of its lines is issued once (its quote's is its own).
    if q::of_deal_lines(&mut ex, actor.account_id, deal_id)
        .await?
        .is_some()
    {
        return Err(AppError::field("deal", "has_note"));
    }
    let rows = deal_lines::lines(&mut ex, actor.account_id, deal_id).await?;
    if rows.is_empty() {
        return Err(AppError::field("lines", "no_lines"));
    }
    let deal = quotes::deal(&mut ex, actor.account_id, deal_id).await?;
    let customer = customer(
        &mut ex,
        actor.account_id,
        deal.organization_id,
        deal.contact_id,
    )
    .await?;
    let note = NewSaleNote {
        deal_id,
        quote_id: None,
        owner_id: owner,
        folio: 0,
        customer: &customer,
        currency: &deal.currency,
        exchange_rate: &deal.exchange_rate,
        notes: None,
        totals: priced::sums(&rows),
        created_by: actor.user_id,
    };
    // Two at once: the second finds the deal's note (unique).
    let id = issue(&mut ex, actor, note, &rows)
        .await
        .map_err(|e| match e {
            AppError::Conflict(_) => AppError::field("deal", "has_note"),
            e => e,
        })?;
    tx.commit().await?;
    Ok(id)
}

/// Sets how the note `id` is paid and the use of its invoice, for whoever
/// may edit its deal; a field not sent keeps its value (409 when another
/// change came first). Answers them as stored.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn set_billing(
    db: &Db,
    actor: &Actor,
    id: i64,
    sent: BillingInput,
) -> Result<Billing, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let row = crate::ssr::sale_notes::page::visible(&mut ex, actor, id).await?;
    if !actor.may_edit_deal(row.owner_id) {
        return Err(AppError::Forbidden);
    }
    let stored = BillingInput::from(&row.billing());
    let before = stored.pairs();
    let mut p = Problems::default();
    let billing = sent.over(stored).check(&mut p);
    p.finish()?;
    // Two changes at once: the second finds the note moved on.
    if !q::set_billing(&mut ex, actor.account_id, id, &row, &billing).await? {
        return Err(AppError::Conflict("billing".into()));
    }
    let after = BillingInput::from(&billing).pairs();
    let name = crate::domain::sale_notes::folio(row.folio);
    note_saved(&mut ex, actor, "sale_note", id, &name, &before, &after).await?;
    tx.commit().await?;
    Ok(billing)
}
