//! A nota de venta's page, a deal's notes for its page, and a note as a
//! PDF. Money and dates are written for the viewer (the PDF: for the
//! account's customer).
use crate::domain::quotes::folio as quote_folio;
use crate::domain::sale_notes::{SaleNotePage, SaleNoteSummary, folio};
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::{Db, Ex};
use crate::ssr::deals::db::lines::LineRow;
use crate::ssr::directory::db as directory;
use crate::ssr::lines as priced;
use crate::ssr::products::db as products;
use crate::ssr::sale_notes::cfdi::{self, CfdiDraft, Sources};
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
pub async fn visible(ex: &mut Ex<'_>, actor: &Actor, id: i64) -> Result<SaleNoteRow, AppError> {
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

/// The invoice request of the note `row` with its lines `rows`: its
/// customer and the products of its lines read as they are now.
async fn draft_of(
    ex: &mut Ex<'_>,
    actor: &Actor,
    row: &SaleNoteRow,
    rows: &[LineRow],
) -> Result<CfdiDraft, AppError> {
    let customer = match row.organization_id {
        Some(id) => directory::organization(ex, actor.account_id, id).await?,
        None => None,
    };
    let mut ids: Vec<i64> = rows.iter().filter_map(|l| l.product_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let products = products::with_ids(ex, actor.account_id, &ids).await?;
    Ok(cfdi::draft(Sources {
        note: row,
        lines: rows,
        customer: customer.as_ref(),
        products: &products,
    }))
}

/// The note `id` as its page shows it.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn note_page(db: &Db, actor: &Actor, id: i64) -> Result<SaleNotePage, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let row = visible(&mut ex, actor, id).await?;
    let rows = q::lines(&mut ex, actor.account_id, id).await?;
    let draft = draft_of(&mut ex, actor, &row, &rows).await?;
    Ok(SaleNotePage {
        summary: summary(actor, &row),
        customer: row.customer(),
        lines: priced::view(actor.formats(), &row.currency, &rows, false),
        billing: row.billing(),
        cfdi_use: draft.invoice.cfdi_use.clone(),
        missing: draft.missing,
        may_edit: actor.may_edit_deal(row.owner_id),
        notes: row.notes,
    })
}

/// The note `id` as the request that would invoice it (CFDI), with what
/// it still lacks.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn cfdi(db: &Db, actor: &Actor, id: i64) -> Result<CfdiDraft, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let row = visible(&mut ex, actor, id).await?;
    let rows = q::lines(&mut ex, actor.account_id, id).await?;
    draft_of(&mut ex, actor, &row, &rows).await
}

/// The note `id` as stored with its lines, for a caller who sees its deal
/// (else not found).
pub async fn stored(
    db: &Db,
    actor: &Actor,
    id: i64,
) -> Result<(SaleNoteRow, Vec<LineRow>), AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let row = visible(&mut ex, actor, id).await?;
    let rows = q::lines(&mut ex, actor.account_id, id).await?;
    Ok((row, rows))
}

/// The note `id` as a PDF, with its file name (`NV-000123.pdf`).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn pdf(db: &Db, actor: &Actor, id: i64) -> Result<(String, Vec<u8>), AppError> {
    let (row, rows) = stored(db, actor, id).await?;
    let name = format!("{}.pdf", folio(row.folio));
    let paper = crate::ssr::paper::Paper::of(actor);
    let bytes = crate::ssr::paper::render_off(paper, row.paper(), rows).await?;
    Ok((name, bytes))
}
