//! Creating a quote from its deal, editing a draft (its fields and its
//! lines) and moving a quote through its states, for the pages and the
//! REST API alike. Whoever may edit a deal quotes it; a quote of a deal the
//! caller may not see is not found. Each write is at the version the caller
//! saw, in one transaction with the deal's history event.
use crate::domain::deal_event::{DealEvent, QuoteFacts};
use crate::domain::deal_lines::{LineInput, LinesView};
use crate::domain::quotes::{
    QuoteAction, QuoteCustomer, QuoteFields, QuoteInput, QuoteState, VALIDITY_DAYS, folio, link,
};
use crate::domain::records::RecordInput;
use crate::error::{AppError, Problems};
use crate::ssr::accounts::db as accounts;
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::note_saved;
use crate::ssr::db::{Db, Ex};
use crate::ssr::deals::db::{events, lines as deal_lines};
use crate::ssr::directory::db as directory;
use crate::ssr::lines as priced;
use crate::ssr::quotes::db::{self as q, DraftWrite, NewQuote, QuoteRow, StateWrite};

/// The longest name of who answered a quote, and their comment.
pub const MAX_NAME: usize = 200;
pub const MAX_COMMENT: usize = 2_000;

/// The quote `id` for a caller who may see its deal (else not found).
pub async fn visible(ex: &mut Ex<'_>, actor: &Actor, id: i64) -> Result<QuoteRow, AppError> {
    q::quote(ex, actor.account_id, id)
        .await?
        .filter(|row| actor.may_see_deal(row.owner_id))
        .ok_or(AppError::NotFound)
}

/// The quote `id` for a caller who may quote its deal (seen but not
/// editable: forbidden).
async fn editable(ex: &mut Ex<'_>, actor: &Actor, id: i64) -> Result<QuoteRow, AppError> {
    let row = visible(ex, actor, id).await?;
    if !actor.may_edit_deal(row.owner_id) {
        return Err(AppError::Forbidden);
    }
    Ok(row)
}

/// A draft the caller may edit (a quote no longer a draft is frozen:
/// `state` `frozen`).
async fn draft(ex: &mut Ex<'_>, actor: &Actor, id: i64) -> Result<QuoteRow, AppError> {
    let row = editable(ex, actor, id).await?;
    if row.state != QuoteState::Draft.code() {
        return Err(AppError::field("state", "frozen"));
    }
    Ok(row)
}

/// The customer of `organization_id` and `contact_id` as a quote names
/// them now (either gone: none).
pub async fn customer(
    ex: &mut Ex<'_>,
    account_id: i64,
    organization_id: Option<i64>,
    contact_id: Option<i64>,
) -> Result<QuoteCustomer, AppError> {
    let mut c = QuoteCustomer::default();
    if let Some(id) = organization_id
        && let Some(org) = directory::organization(ex, account_id, id).await?
    {
        c.organization_id = Some(org.id);
        c.name = Some(org.name);
        c.tax_id = org.tax_id;
        c.address = org.address;
    }
    if let Some(id) = contact_id
        && let Some(contact) = directory::contact(ex, account_id, id).await?
    {
        c.contact_id = Some(contact.id);
        c.contact_name = Some(contact.name);
        c.contact_email = contact.email;
    }
    Ok(c)
}

/// How a deal's history names the quote `row`.
pub fn facts(row: &QuoteRow) -> QuoteFacts {
    QuoteFacts {
        quote_id: row.id,
        folio: row.folio,
        currency: row.currency.clone(),
        total_minor: row.total_minor,
        customer: None,
    }
}

/// A new draft of the deal `deal_id`, for a caller who may edit the deal:
/// the account's next folio, the deal's customer, currency and lines (a
/// copy), valid for [`VALIDITY_DAYS`]; answers its id.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn create(db: &Db, actor: &Actor, deal_id: i64) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    // Its owner as it is once an owner change meanwhile has committed.
    crate::ssr::deals::db::lock(&mut ex, actor.account_id, deal_id).await?;
    let deal = q::deal(&mut ex, actor.account_id, deal_id).await?;
    if !actor.may_see_deal(deal.owner_id) {
        return Err(AppError::NotFound);
    }
    if !actor.may_edit_deal(deal.owner_id) {
        return Err(AppError::Forbidden);
    }
    let customer = customer(
        &mut ex,
        actor.account_id,
        deal.organization_id,
        deal.contact_id,
    )
    .await?;
    let rows = deal_lines::lines(&mut ex, actor.account_id, deal_id).await?;
    let totals = priced::sums(&rows);
    let number = accounts::reserve_quote_number(&mut ex, actor.account_id).await?;
    let valid_until = actor.clock.today() + chrono::Duration::days(VALIDITY_DAYS);
    let new = NewQuote {
        deal_id,
        owner_id: deal.owner_id,
        folio: number,
        valid_until: valid_until.format("%Y-%m-%d").to_string(),
        customer: &customer,
        currency: &deal.currency,
        exchange_rate: &deal.exchange_rate,
        totals,
        created_by: actor.user_id,
    };
    let id = q::insert(&mut ex, actor.account_id, &new, actor.clock.now).await?;
    q::replace_lines(&mut ex, actor.account_id, id, &rows).await?;
    let event = DealEvent::QuoteCreated(QuoteFacts {
        quote_id: id,
        folio: number,
        currency: deal.currency.clone(),
        total_minor: totals.total_minor,
        customer: None,
    });
    events::append(
        &mut ex,
        actor.account_id,
        deal_id,
        actor.user_id,
        actor.clock.now,
        &event,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A draft's fields as its form shows them.
pub fn input(row: &QuoteRow) -> QuoteInput {
    QuoteInput {
        valid_until: Some(row.valid_until.clone()),
        contact_id: row.contact_id.map(|id| id.to_string()),
        notes: row.notes.clone(),
        terms: row.terms.clone(),
    }
}

/// Checks `fields`' contact: the account's, and of the quote's
/// organization when it has one.
async fn check_contact(
    ex: &mut Ex<'_>,
    actor: &Actor,
    row: &QuoteRow,
    fields: &QuoteFields,
    p: &mut Problems,
) -> Result<(), AppError> {
    let Some(id) = fields.contact_id else {
        return Ok(());
    };
    match directory::contact(ex, actor.account_id, id).await? {
        None => p.add("contact_id", "not_found"),
        Some(c) if row.organization_id.is_some() && c.organization_id != row.organization_id => {
            p.add("contact_id", "other_organization")
        }
        Some(_) => {}
    }
    Ok(())
}

/// Saves the fields sent of a draft seen at `version` (those not sent keep
/// theirs); answers its new version.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save_draft(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    sent: QuoteInput,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let row = draft(&mut ex, actor, id).await?;
    if row.version != version {
        return Err(AppError::Conflict("version".into()));
    }
    let before = input(&row).pairs();
    let mut p = Problems::default();
    let fields = sent.over(input(&row)).check(&mut p, actor.clock.today());
    check_contact(&mut ex, actor, &row, &fields, &mut p).await?;
    p.finish()?;
    let customer = customer(
        &mut ex,
        actor.account_id,
        row.organization_id,
        fields.contact_id,
    )
    .await?;
    let write = DraftWrite {
        valid_until: fields.valid_until.format("%Y-%m-%d").to_string(),
        customer: &customer,
        notes: fields.notes.as_deref(),
        terms: fields.terms.as_deref(),
        totals: row.totals(),
    };
    q::update_draft(
        &mut ex,
        actor.account_id,
        id,
        version,
        &write,
        actor.clock.now,
    )
    .await?;
    let after = QuoteInput {
        valid_until: Some(write.valid_until.clone()),
        contact_id: customer.contact_id.map(|id| id.to_string()),
        notes: fields.notes.clone(),
        terms: fields.terms.clone(),
    }
    .pairs();
    note_saved(
        &mut ex,
        actor,
        "quote",
        id,
        &folio(row.folio),
        &before,
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// The fields of `row` written again, with `customer` and `totals`.
fn same_fields<'a>(
    row: &'a QuoteRow,
    customer: &'a QuoteCustomer,
    totals: crate::domain::lines::Totals,
) -> DraftWrite<'a> {
    DraftWrite {
        valid_until: row.valid_until.clone(),
        customer,
        notes: row.notes.as_deref(),
        terms: row.terms.as_deref(),
        totals,
    }
}

/// What `inputs` would come to as the lines of the draft `id`; nothing is
/// stored.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn preview_lines(
    db: &Db,
    actor: &Actor,
    id: i64,
    inputs: &[LineInput],
) -> Result<LinesView, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let row = draft(&mut ex, actor, id).await?;
    let stored = q::lines(&mut ex, actor.account_id, id).await?;
    let p = priced::price(&mut ex, actor, &row.currency, inputs, &stored).await?;
    Ok(priced::view(actor.formats(), &row.currency, &p.rows, false))
}

/// Saves `inputs` as the lines of the draft `id` seen at `version`, its
/// totals with them; answers its new version (the same when nothing
/// changed).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save_lines(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    inputs: &[LineInput],
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let row = draft(&mut ex, actor, id).await?;
    if row.version != version {
        return Err(AppError::Conflict("version".into()));
    }
    let stored = q::lines(&mut ex, actor.account_id, id).await?;
    let p = priced::price(&mut ex, actor, &row.currency, inputs, &stored).await?;
    if p.rows == stored {
        return Ok(version);
    }
    let customer = row.customer();
    let write = same_fields(&row, &customer, p.totals);
    q::update_draft(
        &mut ex,
        actor.account_id,
        id,
        version,
        &write,
        actor.clock.now,
    )
    .await?;
    q::replace_lines(&mut ex, actor.account_id, id, &p.rows).await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// What comes with a step of a quote: who answered it and how (an
/// acceptance or a rejection), or whether a send mails the customer.
#[derive(Clone, Debug, Default)]
pub struct Decision {
    pub name: Option<String>,
    pub comment: Option<String>,
    /// A send mails the customer their link and the PDF: the install's
    /// public URL the link starts with.
    pub mail_link_base: Option<String>,
}

/// Does `action` to the quote `id` seen at `version`: sending freezes it
/// (its customer's data taken again now, its lines and totals as they
/// are); accepting and rejecting record who answered (`decision`; the
/// caller's name when none is given). Answers the new version; an action
/// its state does not allow is a problem of `state` (`expired`, `empty`,
/// `state`). A send with `mail_link_base` queues the customer's mail in the
/// same transaction (a contact without an address: `contact_id`
/// `no_email`).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn act(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    action: QuoteAction,
    decision: Decision,
) -> Result<i64, AppError> {
    let mut p = Problems::default();
    let name = p.optional_text("name", decision.name.as_deref(), MAX_NAME);
    let comment = p.optional_text("comment", decision.comment.as_deref(), MAX_COMMENT);
    p.finish()?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let mut row = editable(&mut ex, actor, id).await?;
    // Not sent while its deal is being deleted.
    crate::ssr::deals::db::lock(&mut ex, actor.account_id, row.deal_id).await?;
    if row.version != version {
        return Err(AppError::Conflict("version".into()));
    }
    let state = QuoteState::on(&row.state, &row.valid_until, actor.clock.today());
    let lines = q::lines(&mut ex, actor.account_id, id).await?;
    let next = action
        .apply(state, lines.len())
        .map_err(|code| AppError::field("state", code))?;
    // A draft whose validity passed is given a new one before it is sent.
    if action == QuoteAction::Send
        && row.valid_until < actor.clock.today().format("%Y-%m-%d").to_string()
    {
        return Err(AppError::field("valid_until", "past"));
    }
    let mut version = version;
    if action == QuoteAction::Send {
        let customer = customer(
            &mut ex,
            actor.account_id,
            row.organization_id,
            row.contact_id,
        )
        .await?;
        let write = same_fields(&row, &customer, row.totals());
        q::update_draft(
            &mut ex,
            actor.account_id,
            id,
            version,
            &write,
            actor.clock.now,
        )
        .await?;
        version += 1;
        // The customer's link: 256 random bits.
        let token = crate::ssr::auth::credential::random_secret();
        q::set_token(&mut ex, actor.account_id, id, &token).await?;
        if let Some(base) = &decision.mail_link_base {
            // To the contact as the quote now names them.
            row.contact_email = customer.contact_email.clone();
            row.contact_name = customer.contact_name.clone();
            super::email::queue(&mut ex, actor, &row, &link(base, &token)).await?;
        }
    }
    let answered = matches!(action, QuoteAction::Accept | QuoteAction::Reject);
    let name = name.unwrap_or_else(|| actor.row.name.clone());
    let write = StateWrite {
        state: next.code(),
        sent: action == QuoteAction::Send,
        decided: answered,
        decided_by_name: answered.then_some(name.as_str()),
        decision_comment: comment.as_deref().filter(|_| answered),
    };
    q::set_state(
        &mut ex,
        actor.account_id,
        id,
        version,
        &write,
        actor.clock.now,
    )
    .await?;
    row.state = next.code().to_string();
    let f = facts(&row);
    let event = match action {
        QuoteAction::Send => DealEvent::QuoteSent(f),
        QuoteAction::Accept => DealEvent::QuoteAccepted(f),
        QuoteAction::Reject => DealEvent::QuoteRejected(f),
        QuoteAction::Cancel => DealEvent::QuoteCancelled(f),
    };
    events::append(
        &mut ex,
        actor.account_id,
        row.deal_id,
        actor.user_id,
        actor.clock.now,
        &event,
    )
    .await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// Mails the sent quote `id` to its contact again (its link and PDF), for
/// whoever may edit its deal; the link starts with `base`. Only a quote
/// awaiting its answer (else `state`: `expired`, `state`), and not while
/// its last mail is on its way or went out minutes ago (`email`
/// `too_soon`; see [`super::email::queue`]).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn email_again(db: &Db, actor: &Actor, id: i64, base: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let row = editable(&mut ex, actor, id).await?;
    match QuoteState::on(&row.state, &row.valid_until, actor.clock.today()) {
        QuoteState::Sent => {}
        QuoteState::Expired => return Err(AppError::field("state", "expired")),
        _ => return Err(AppError::field("state", "state")),
    }
    let token = row
        .public_token
        .clone()
        .ok_or_else(|| AppError::field("state", "state"))?;
    super::email::queue(&mut ex, actor, &row, &link(base, &token)).await?;
    tx.commit().await?;
    Ok(())
}
