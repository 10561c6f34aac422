//! Deal writes: load the deal, check what the change needs of the account
//! (its stage, owner, lost reason), let the domain's rules decide
//! ([`crate::domain::deal_change::transition`]), then store the result. Every
//! write runs in the caller's transaction, appends its history events and
//! moves the dashboard aggregates by exactly the deal's change
//! ([`stats::StatsDelta::change`]), so the aggregates can never drift from
//! the deals. Changes carry the version the caller saw: a stale one is a
//! conflict and nothing is written.
pub mod api;
pub mod board;
pub mod bulk;
pub mod events;
pub mod lines;
pub mod list;
pub mod page;
pub mod stats;

use crate::domain::deal_change::{
    self as rules, DealChange, DealCurrency, DealCustomer, DealState, Destination, NewDealFacts,
};
use crate::domain::deal_status::DealStatus;
use crate::domain::placement::{self, NotBelow, Placement};
use crate::error::AppError;
use crate::ssr::accounts::db as accounts;
use crate::ssr::db::Ex;
use crate::ssr::outbox::{self, Change, Source};
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use stats::{DealFacts, StatsDelta};

/// A new deal, possibly already closed (an import brings its history).
#[derive(Clone, Debug)]
pub struct NewDeal {
    pub title: String,
    pub value_minor: i64,
    /// `None`: the account's currency.
    pub currency: Option<DealCurrency>,
    pub stage_id: i64,
    pub owner_id: i64,
    pub created_at: i64,
    pub won_at: Option<i64>,
    pub lost_at: Option<i64>,
    pub lost_reason_id: Option<i64>,
}

/// A deal as stored, with the version it is at.
#[derive(sqlx::FromRow)]
struct DealRow {
    pipeline_id: i64,
    stage_id: i64,
    position: f64,
    owner_id: i64,
    title: String,
    value_minor: i64,
    currency: String,
    exchange_rate: String,
    base_value_minor: i64,
    expected_close_date: Option<String>,
    created_at: i64,
    stage_entered_at: i64,
    won_at: Option<i64>,
    lost_at: Option<i64>,
    lost_reason_id: Option<i64>,
    organization_id: Option<i64>,
    contact_id: Option<i64>,
    description: Option<String>,
    priority: Option<String>,
    source: Option<String>,
    value_from_lines: bool,
    version: i64,
}

impl DealRow {
    fn state(self) -> DealState {
        DealState {
            pipeline_id: self.pipeline_id,
            stage_id: self.stage_id,
            position: self.position,
            owner_id: self.owner_id,
            title: self.title,
            value_minor: self.value_minor,
            currency: DealCurrency {
                code: self.currency,
                rate: self.exchange_rate.parse().unwrap_or(Decimal::ONE),
            },
            base_value_minor: self.base_value_minor,
            expected_close_date: self.expected_close_date,
            created_at: self.created_at,
            stage_entered_at: self.stage_entered_at,
            won_at: self.won_at,
            lost_at: self.lost_at,
            lost_reason_id: self.lost_reason_id,
            customer: DealCustomer {
                organization_id: self.organization_id,
                contact_id: self.contact_id,
                description: self.description,
                priority: self.priority,
                source: self.source,
            },
            value_from_lines: self.value_from_lines,
        }
    }
}

/// What the dashboard aggregates count of a deal.
fn facts(d: &DealState) -> DealFacts {
    DealFacts {
        stage_id: d.stage_id,
        owner_id: d.owner_id,
        base_value_minor: d.base_value_minor,
        created_at: d.created_at,
        won_at: d.won_at,
        lost_at: d.lost_at,
        lost_reason_id: d.lost_at.and(d.lost_reason_id),
    }
}

/// The pipeline of a stage of the account (`NotFound` names the field).
pub async fn stage_pipeline(
    ex: &mut Ex<'_>,
    account_id: i64,
    stage_id: i64,
) -> Result<i64, AppError> {
    fetch_optional!(
        ex,
        (i64,),
        "SELECT pipeline_id FROM stages WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL",
        account_id,
        stage_id
    )?
    .map(|(id,)| id)
    .ok_or_else(|| AppError::field("stage_id", "not_found"))
}

async fn check_owner(ex: &mut Ex<'_>, account_id: i64, owner_id: i64) -> Result<(), AppError> {
    fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM users WHERE account_id = $1 AND id = $2 AND active",
        account_id,
        owner_id
    )?
    .map(|_| ())
    .ok_or_else(|| AppError::field("owner_id", "not_found"))
}

/// A lost reason of the account that is still offered (a retired one is
/// kept by the deals lost with it, and no new deal is lost with it).
async fn check_reason(ex: &mut Ex<'_>, account_id: i64, reason_id: i64) -> Result<(), AppError> {
    fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM lost_reasons WHERE account_id = $1 AND id = $2 AND active",
        account_id,
        reason_id
    )?
    .map(|_| ())
    .ok_or_else(|| AppError::field("lost_reason_id", "not_found"))
}

/// Creates a deal in the account currency; returns its id.
pub async fn create(
    ex: &mut Ex<'_>,
    account_id: i64,
    tz: Tz,
    actor_id: i64,
    d: &NewDeal,
    now: i64,
) -> Result<i64, AppError> {
    let (status, history) = rules::creation(&NewDealFacts {
        title: &d.title,
        value_minor: d.value_minor,
        stage_id: d.stage_id,
        created_at: d.created_at,
        won_at: d.won_at,
        lost_at: d.lost_at,
        lost_reason_id: d.lost_reason_id,
    })?;
    let pipeline_id = stage_pipeline(ex, account_id, d.stage_id).await?;
    check_owner(ex, account_id, d.owner_id).await?;
    if let Some(reason) = d.lost_reason_id {
        check_reason(ex, account_id, reason).await?;
    }
    let number = accounts::reserve_deal_numbers(ex, account_id, 1).await?;
    let currency = match &d.currency {
        Some(c) => c.clone(),
        None => DealCurrency {
            code: fetch_scalar!(
                ex,
                String,
                "SELECT currency FROM accounts WHERE id = $1",
                account_id
            )?,
            rate: Decimal::ONE,
        },
    };
    let base_value_minor = currency.base_minor(d.value_minor)?;
    let position = end_position(ex, account_id, d.stage_id).await?;
    let id = fetch_scalar!(
        ex,
        i64,
        "INSERT INTO deals (account_id, key, title, value_minor, currency, exchange_rate, base_value_minor, \
           pipeline_id, stage_id, position, status, lost_reason_id, owner_id, created_at, updated_at, \
           stage_entered_at, won_at, lost_at, version) \
         VALUES ($1, $2, $3, $4, $5, $16, $17, $6, $7, $8, $9, $10, $11, $12, $13, $12, $14, $15, 1) RETURNING id",
        account_id,
        format!("T-{number:06}"),
        d.title.trim(),
        d.value_minor,
        currency.code,
        pipeline_id,
        d.stage_id,
        position,
        status,
        d.lost_reason_id,
        d.owner_id,
        d.created_at,
        now.max(d.created_at),
        d.won_at,
        d.lost_at,
        currency.rate.to_string(),
        base_value_minor
    )?;
    for (at, event) in &history {
        events::append(ex, account_id, id, actor_id, *at, event).await?;
    }
    let facts = DealFacts {
        stage_id: d.stage_id,
        owner_id: d.owner_id,
        base_value_minor,
        created_at: d.created_at,
        won_at: d.won_at,
        lost_at: d.lost_at,
        lost_reason_id: d.lost_reason_id,
    };
    stats::apply(ex, account_id, &StatsDelta::change(tz, None, Some(&facts))).await?;
    Ok(id)
}

async fn load(ex: &mut Ex<'_>, account_id: i64, deal_id: i64) -> Result<DealRow, AppError> {
    fetch_optional!(
        ex,
        DealRow,
        "SELECT pipeline_id, stage_id, position, owner_id, title, value_minor, currency, exchange_rate, \
           base_value_minor, expected_close_date, created_at, stage_entered_at, \
           CASE WHEN status = 'won' THEN won_at END AS won_at, \
           CASE WHEN status = 'lost' THEN lost_at END AS lost_at, \
           lost_reason_id, organization_id, contact_id, description, priority, source, \
           value_from_lines, version \
         FROM deals WHERE account_id = $1 AND id = $2",
        account_id,
        deal_id
    )?
    .ok_or(AppError::NotFound)
}

/// Where `change` takes a deal that leaves its stage `from`: the new
/// stage's pipeline (a stage of the account, else `stage_id` not found)
/// and, for an edit, the end of its column.
async fn destination(
    ex: &mut Ex<'_>,
    account_id: i64,
    from: i64,
    change: &DealChange,
) -> Result<Option<Destination>, AppError> {
    let (stage_id, at_end) = match change {
        DealChange::Move { stage_id, .. } => (*stage_id, false),
        DealChange::Edit(e) => (e.stage_id, true),
        _ => return Ok(None),
    };
    if stage_id == from {
        return Ok(None);
    }
    let pipeline_id = stage_pipeline(ex, account_id, stage_id).await?;
    // A move brings its own position; an edit puts the card at the end.
    let end_position = if at_end {
        Some(end_position(ex, account_id, stage_id).await?)
    } else {
        None
    };
    Ok(Some(Destination {
        pipeline_id,
        end_position,
    }))
}

/// Applies `change` to a deal whose version the caller saw as `version`, at
/// instant `now`; returns the new version (the same for an edit that
/// changed nothing).
#[allow(clippy::too_many_arguments)]
pub async fn update(
    ex: &mut Ex<'_>,
    account_id: i64,
    tz: Tz,
    actor_id: i64,
    deal_id: i64,
    version: i64,
    change: &DealChange,
    now: i64,
) -> Result<i64, AppError> {
    let row = load(ex, account_id, deal_id).await?;
    if row.version != version {
        return Err(AppError::Conflict("version".into()));
    }
    let before = row.state();
    let to = destination(ex, account_id, before.stage_id, change).await?;
    match change {
        DealChange::Lose { reason_id } if before.status().is_open() => {
            check_reason(ex, account_id, *reason_id).await?;
        }
        DealChange::SetOwner { owner_id } => check_owner(ex, account_id, *owner_id).await?,
        DealChange::Edit(e) => {
            if e.owner_id != before.owner_id {
                check_owner(ex, account_id, e.owner_id).await?;
            }
            // Its lines are priced in its currency.
            if e.currency.code != before.currency.code
                && lines::count(ex, account_id, deal_id).await? > 0
            {
                return Err(AppError::field("currency", "has_lines"));
            }
        }
        _ => {}
    }
    let t = rules::transition(&before, change, to, now)?;
    if !t.writes {
        return Ok(version);
    }
    let was = api::snapshot(ex, account_id, deal_id).await?;
    store(ex, account_id, deal_id, version, (&before, &t.after), now).await?;
    for event in &t.events {
        events::append(ex, account_id, deal_id, actor_id, now, event).await?;
    }
    let kind = crate::domain::events::deal_kind(&t.events);
    announce(
        ex,
        account_id,
        Source::user(actor_id),
        deal_id,
        kind,
        Some(&was),
        now,
    )
    .await?;
    let delta = StatsDelta::change(tz, Some(&facts(&before)), Some(&facts(&t.after)));
    stats::apply(ex, account_id, &delta).await?;
    Ok(version + 1)
}

/// Writes a deal's new state if it is still at `version` (else `Conflict`),
/// bumping the version; a deal that is no longer lost drops its loss note.
/// Title, currency and close date are written only when they changed: the
/// search index's triggers fire on `UPDATE OF title`, and a move should not
/// re-index its deal.
async fn store(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    version: i64,
    (before, after): (&DealState, &DealState),
    now: i64,
) -> Result<(), AppError> {
    let changed = execute!(
        ex,
        "UPDATE deals SET pipeline_id = $1, stage_id = $2, owner_id = $3, value_minor = $4, \
           base_value_minor = $5, stage_entered_at = $6, status = $7, won_at = $8, lost_at = $9, \
           lost_reason_id = $10, updated_at = $11, position = $15, version = version + 1, \
           lost_note = CASE WHEN $7 = 'lost' THEN lost_note END \
         WHERE account_id = $12 AND id = $13 AND version = $14",
        after.pipeline_id,
        after.stage_id,
        after.owner_id,
        after.value_minor,
        after.base_value_minor,
        after.stage_entered_at,
        after.status(),
        after.won_at,
        after.lost_at,
        after.lost_reason_id,
        now,
        account_id,
        deal_id,
        version,
        after.position
    )?;
    if changed != 1 {
        return Err(AppError::Conflict("version".into()));
    }
    if before.customer != after.customer {
        set_customer(ex, account_id, deal_id, &after.customer).await?;
    }
    // A deal's quotes and notes are seen by whoever sees it.
    if before.owner_id != after.owner_id {
        crate::ssr::quotes::db::set_owner(ex, account_id, deal_id, after.owner_id).await?;
        crate::ssr::sale_notes::db::set_owner(ex, account_id, deal_id, after.owner_id).await?;
    }
    if before.value_from_lines != after.value_from_lines {
        execute!(
            ex,
            "UPDATE deals SET value_from_lines = $1 WHERE account_id = $2 AND id = $3",
            after.value_from_lines,
            account_id,
            deal_id
        )?;
    }
    if before.title != after.title
        || before.currency != after.currency
        || before.expected_close_date != after.expected_close_date
    {
        execute!(
            ex,
            "UPDATE deals SET title = $1, currency = $2, exchange_rate = $3, expected_close_date = $4 \
             WHERE account_id = $5 AND id = $6",
            &after.title,
            &after.currency.code,
            after.currency.rate.to_string(),
            &after.expected_close_date,
            account_id,
            deal_id
        )?;
    }
    Ok(())
}

/// Writes a deal's customer fields (its organization and contact already
/// checked to be the account's). Only on a change: the search index's
/// trigger fires on `UPDATE OF organization_id`.
pub async fn set_customer(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    c: &DealCustomer,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE deals SET organization_id = $1, contact_id = $2, description = $3, priority = $4, \
           source = $5 WHERE account_id = $6 AND id = $7",
        c.organization_id,
        c.contact_id,
        &c.description,
        &c.priority,
        &c.source,
        account_id,
        deal_id
    )?;
    Ok(())
}

/// The position after the last card of a stage's column.
async fn end_position(ex: &mut Ex<'_>, account_id: i64, stage_id: i64) -> Result<f64, AppError> {
    Ok(placement::end(
        last_position(ex, account_id, stage_id, 0).await?,
    ))
}

/// The position of the last open card of a stage's column, leaving out the
/// deal `except`. Read from the end of the board index (account, pipeline,
/// status, stage, position), so a column of any length costs the same.
async fn last_position(
    ex: &mut Ex<'_>,
    account_id: i64,
    stage_id: i64,
    except: i64,
) -> Result<Option<f64>, AppError> {
    Ok(fetch_optional!(
        ex,
        (f64,),
        "SELECT position FROM deals \
         WHERE account_id = $1 AND pipeline_id = (SELECT pipeline_id FROM stages WHERE id = $2) \
           AND status = 'open' AND stage_id = $2 AND id <> $3 \
         ORDER BY position DESC LIMIT 1",
        account_id,
        stage_id,
        except
    )?
    .map(|(p,)| p))
}

/// Moves every deal of a stage (open or closed) to the end of another
/// stage's column, each with its history event and dashboard change, as
/// `actor_id`; returns how many moved.
pub async fn move_all(
    ex: &mut Ex<'_>,
    account_id: i64,
    tz: Tz,
    actor_id: i64,
    from_stage: i64,
    to_stage: i64,
    now: i64,
) -> Result<usize, AppError> {
    let deals = fetch_all!(
        ex,
        (i64, i64),
        "SELECT id, version FROM deals WHERE account_id = $1 AND stage_id = $2 ORDER BY position, id",
        account_id,
        from_stage
    )?;
    for (deal_id, version) in &deals {
        let position = end_position(ex, account_id, to_stage).await?;
        let change = DealChange::Move {
            stage_id: to_stage,
            position,
        };
        update(
            ex, account_id, tz, actor_id, *deal_id, *version, &change, now,
        )
        .await?;
    }
    Ok(deals.len())
}

/// The owner of a deal of the account (a foreign id is not found).
pub async fn owner_of(ex: &mut Ex<'_>, account_id: i64, deal_id: i64) -> Result<i64, AppError> {
    fetch_optional!(
        ex,
        (i64,),
        "SELECT owner_id FROM deals WHERE account_id = $1 AND id = $2",
        account_id,
        deal_id
    )?
    .map(|(id,)| id)
    .ok_or(AppError::NotFound)
}

/// The owner and status of a deal of the account (a foreign id is not found).
pub async fn owner_and_status(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
) -> Result<(i64, DealStatus), AppError> {
    fetch_optional!(
        ex,
        (i64, DealStatus),
        "SELECT owner_id, status FROM deals WHERE account_id = $1 AND id = $2",
        account_id,
        deal_id
    )?
    .ok_or(AppError::NotFound)
}

/// Where a deal of the account is and the version it is at: (stage, version).
pub async fn stage_and_version(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
) -> Result<(i64, i64), AppError> {
    fetch_optional!(
        ex,
        (i64, i64),
        "SELECT stage_id, version FROM deals WHERE account_id = $1 AND id = $2",
        account_id,
        deal_id
    )?
    .ok_or(AppError::NotFound)
}

/// Holds the deal `deal_id` of the account until the transaction ends, so
/// that what depends on its papers happens one at a time: a quote made,
/// sent or turned into a note, and the deal deleted (on PostgreSQL a row
/// lock that leaves the keys to the history's and the lines' inserts, so
/// a customer's answer does not wait on it; SQLite has one writer at a
/// time already).
pub async fn lock(ex: &mut Ex<'_>, account_id: i64, deal_id: i64) -> Result<(), AppError> {
    if ex.dialect() == crate::ssr::db::Dialect::Postgres {
        execute!(
            ex,
            "SELECT id FROM deals WHERE account_id = $1 AND id = $2 FOR NO KEY UPDATE",
            account_id,
            deal_id
        )?;
    }
    Ok(())
}

/// The pipeline a deal of the account is in.
pub async fn pipeline_of(ex: &mut Ex<'_>, account_id: i64, deal_id: i64) -> Result<i64, AppError> {
    fetch_optional!(
        ex,
        (i64,),
        "SELECT pipeline_id FROM deals WHERE account_id = $1 AND id = $2",
        account_id,
        deal_id
    )?
    .map(|(id,)| id)
    .ok_or(AppError::NotFound)
}

/// How many history events a deal of the account has.
pub async fn event_count(ex: &mut Ex<'_>, account_id: i64, deal_id: i64) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "SELECT COUNT(*) FROM deal_events WHERE account_id = $1 AND deal_id = $2",
        account_id,
        deal_id
    )?)
}

/// Sets the expected close date (`YYYY-MM-DD`) of a deal of the account.
pub async fn set_expected_close(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    date: &str,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE deals SET expected_close_date = $1 WHERE account_id = $2 AND id = $3",
        date,
        account_id,
        deal_id
    )?;
    Ok(())
}

/// Keeps the note given when a deal was lost.
pub async fn set_lost_note(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    note: &str,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE deals SET lost_note = $1 WHERE account_id = $2 AND id = $3",
        (!note.is_empty()).then_some(note),
        account_id,
        deal_id
    )?;
    Ok(())
}

/// The board position for a card dropped into `stage_id` between the cards
/// `above` and `below` (either absent at the column's ends), by
/// [`placement::between`]; when there is no room left the column's open
/// deals are first renumbered in order, in the caller's transaction.
/// `moving` is the dropped card itself, never a neighbour.
pub async fn position_between(
    ex: &mut Ex<'_>,
    account_id: i64,
    stage_id: i64,
    moving: i64,
    above: Option<i64>,
    below: Option<i64>,
) -> Result<f64, AppError> {
    for _ in 0..2 {
        let above_at = neighbour(ex, account_id, stage_id, moving, above, "above_id").await?;
        let below_at = neighbour(ex, account_id, stage_id, moving, below, "below_id").await?;
        let last = if above_at.is_none() && below_at.is_none() {
            last_position(ex, account_id, stage_id, moving).await?
        } else {
            None
        };
        match placement::between(above_at, below_at, last) {
            Ok(Placement::At(position)) => return Ok(position),
            Ok(Placement::Renumber) => renumber(ex, account_id, stage_id).await?,
            Err(NotBelow) => return Err(AppError::field("below_id", "not_below")),
        }
    }
    Err(AppError::Internal)
}

async fn neighbour(
    ex: &mut Ex<'_>,
    account_id: i64,
    stage_id: i64,
    moving: i64,
    id: Option<i64>,
    field: &str,
) -> Result<Option<f64>, AppError> {
    let Some(id) = id.filter(|id| *id != moving) else {
        return Ok(None);
    };
    fetch_optional!(
        ex,
        (f64,),
        "SELECT position FROM deals WHERE account_id = $1 AND id = $2 AND stage_id = $3 AND status = 'open'",
        account_id,
        id,
        stage_id
    )?
    .map(|(p,)| Some(p))
    .ok_or_else(|| AppError::field(field, "not_found"))
}

/// Spaces the open deals of a stage a [`placement::STEP`] apart, in their order.
async fn renumber(ex: &mut Ex<'_>, account_id: i64, stage_id: i64) -> Result<(), AppError> {
    let ids = fetch_all!(
        ex,
        (i64,),
        "SELECT id FROM deals \
         WHERE account_id = $1 AND pipeline_id = (SELECT pipeline_id FROM stages WHERE id = $2) \
           AND status = 'open' AND stage_id = $2 \
         ORDER BY position, id",
        account_id,
        stage_id
    )?;
    for (i, (id,)) in ids.into_iter().enumerate() {
        execute!(
            ex,
            "UPDATE deals SET position = $1 WHERE account_id = $2 AND id = $3",
            placement::renumbered(i),
            account_id,
            id
        )?;
    }
    Ok(())
}

/// Writes the outbox event `kind` of the deal's change by `source` at
/// `now`, with the deal as it is now and as it was (`was`; none: created).
pub async fn announce(
    ex: &mut Ex<'_>,
    account_id: i64,
    source: Source,
    deal_id: i64,
    kind: &'static str,
    was: Option<&serde_json::Value>,
    now: i64,
) -> Result<(), AppError> {
    let after = api::snapshot(ex, account_id, deal_id).await?;
    let pipeline_id = after.get("pipeline_id").and_then(|p| p.as_i64());
    let change = Change {
        kind,
        entity: "deal",
        entity_id: deal_id,
        pipeline_id,
        before: was,
        after: &after,
    };
    outbox::emit(ex, account_id, source, now, &change).await?;
    Ok(())
}

/// Deletes a deal (its history and comments go with it) by `actor_id` at
/// `now`; its outbox event keeps it as it was.
#[allow(clippy::too_many_arguments)]
pub async fn delete(
    ex: &mut Ex<'_>,
    account_id: i64,
    tz: Tz,
    actor_id: i64,
    deal_id: i64,
    version: i64,
    now: i64,
) -> Result<(), AppError> {
    let before = load(ex, account_id, deal_id).await?.state();
    let was = api::snapshot(ex, account_id, deal_id).await?;
    let gone = execute!(
        ex,
        "DELETE FROM deals WHERE account_id = $1 AND id = $2 AND version = $3",
        account_id,
        deal_id,
        version
    )?;
    if gone != 1 {
        return Err(AppError::Conflict("version".into()));
    }
    let change = Change {
        kind: "deal.deleted",
        entity: "deal",
        entity_id: deal_id,
        pipeline_id: Some(before.pipeline_id),
        before: None,
        after: &was,
    };
    outbox::emit(ex, account_id, Source::user(actor_id), now, &change).await?;
    let delta = StatsDelta::change(tz, Some(&facts(&before)), None);
    stats::apply(ex, account_id, &delta).await
}
