//! A nota de venta's page, a deal's notes for its page, and a note as a
//! PDF. Money and dates are written for the viewer (the PDF: for the
//! account's customer).
use crate::domain::quotes::folio as quote_folio;
use crate::domain::sale_notes::{SaleNotePage, SaleNoteSummary, folio};
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::{Db, Ex};
use crate::ssr::lines as priced;
use crate::ssr::sale_notes::db::{self as q, SaleNoteRow};

/// `row` as a list shows it.
fn summary(actor: &Actor, row: &SaleNoteRow) -> SaleNoteSummary {
    SaleNoteSummary {
        id: row.id,
        folio: folio(row.folio),
        deal_key: row.deal_key.clone(),
        deal_title: row.deal_title.clone(),
        customer: row
            .customer_name
            .clone()
            .or_else(|| row.contact_name.clone()),
        total: actor.formats().money(row.total_minor, &row.currency),
        issued: actor.local_time(row.created_at),
        quote: row.quote_id.zip(row.quote_folio.map(quote_folio)),
    }
}

/// The note `id` for a caller who sees its deal (else not found).
async fn visible(ex: &mut Ex<'_>, actor: &Actor, id: i64) -> Result<SaleNoteRow, AppError> {
    q::note(ex, actor.account_id, id)
        .await?
        .filter(|row| actor.may_see_deal(row.owner_id))
        .ok_or(AppError::NotFound)
}

/// The notes of the deal `deal_id` (which the caller sees), newest first.
pub async fn of_deal(
    ex: &mut Ex<'_>,
    actor: &Actor,
    deal_id: i64,
) -> Result<Vec<SaleNoteSummary>, AppError> {
    Ok(q::of_deal(ex, actor.account_id, deal_id)
        .await?
        .iter()
        .map(|r| summary(actor, r))
        .collect())
}

/// The note issued from the quote `quote_id`, if any.
pub async fn of_quote(
    ex: &mut Ex<'_>,
    actor: &Actor,
    quote_id: i64,
) -> Result<Option<i64>, AppError> {
    q::of_quote(ex, actor.account_id, quote_id).await
}

/// The note `id` as its page shows it.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn note_page(db: &Db, actor: &Actor, id: i64) -> Result<SaleNotePage, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let row = visible(&mut ex, actor, id).await?;
    let rows = q::lines(&mut ex, actor.account_id, id).await?;
    Ok(SaleNotePage {
        summary: summary(actor, &row),
        customer: row.customer(),
        lines: priced::view(actor.formats(), &row.currency, &rows, false),
        notes: row.notes,
    })
}

/// The note `id` as a PDF, with its file name (`NV-000123.pdf`).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn pdf(db: &Db, actor: &Actor, id: i64) -> Result<(String, Vec<u8>), AppError> {
    let (row, rows) = {
        let mut conn = db.read().await?;
        let mut ex = conn.ex();
        let row = visible(&mut ex, actor, id).await?;
        let rows = q::lines(&mut ex, actor.account_id, id).await?;
        (row, rows)
    };
    let name = format!("{}.pdf", folio(row.folio));
    let paper = crate::ssr::paper::Paper::of(actor);
    let bytes = crate::ssr::paper::render_off(paper, row.paper(), rows).await?;
    Ok((name, bytes))
}
