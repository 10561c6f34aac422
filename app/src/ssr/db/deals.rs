//! Deal writes. Every write runs in the caller's transaction, appends its
//! history event and moves the dashboard aggregates by exactly the deal's
//! change ([`deal_stats::StatsDelta::change`]), so the aggregates can never
//! drift from the deals. Changes carry the version the caller saw: a stale
//! one is a conflict and nothing is written.
use super::deal_stats::{self, DealFacts, StatsDelta};
use super::{Ex, accounts};
use crate::domain::money::{MAX_VALUE_MINOR, base_minor};
use crate::error::AppError;
use crate::{execute, fetch_all, fetch_one, fetch_optional, fetch_scalar};
use chrono_tz::Tz;
use rust_decimal::Decimal;

/// The currency of a deal's value and its exchange rate to the account's
/// currency (1 for the account's own).
#[derive(Clone, Debug, PartialEq)]
pub struct DealCurrency {
    pub code: String,
    pub rate: Decimal,
}

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

/// One change to an existing deal.
#[derive(Clone, Debug, PartialEq)]
pub enum DealChange {
    /// To a stage (of any pipeline of the account; the same one to reorder)
    /// at a board position (see [`position_between`]).
    Move {
        stage_id: i64,
        position: f64,
    },
    Win,
    Lose {
        reason_id: i64,
    },
    /// Back to open: the closing date and reason are cleared.
    Reopen,
    SetValue {
        value_minor: i64,
    },
    SetOwner {
        owner_id: i64,
    },
}

/// The stored state of a deal that writes need.
#[derive(Clone, Debug, sqlx::FromRow)]
struct DealRow {
    pipeline_id: i64,
    stage_id: i64,
    position: f64,
    owner_id: i64,
    value_minor: i64,
    base_value_minor: i64,
    created_at: i64,
    stage_entered_at: i64,
    won_at: Option<i64>,
    lost_at: Option<i64>,
    lost_reason_id: Option<i64>,
    version: i64,
}

impl DealRow {
    fn facts(&self) -> DealFacts {
        DealFacts {
            stage_id: self.stage_id,
            owner_id: self.owner_id,
            base_value_minor: self.base_value_minor,
            created_at: self.created_at,
            won_at: self.won_at,
            lost_at: self.lost_at,
            lost_reason_id: self.lost_at.and(self.lost_reason_id),
        }
    }

    fn status(&self) -> &'static str {
        match (self.won_at, self.lost_at) {
            (Some(_), _) => "won",
            (None, Some(_)) => "lost",
            _ => "open",
        }
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

async fn event(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    kind: &str,
    actor_id: i64,
    at: i64,
    data: String,
) -> Result<(), AppError> {
    execute!(
        ex,
        "INSERT INTO deal_events (account_id, deal_id, kind, actor_id, at, data) VALUES ($1, $2, $3, $4, $5, $6)",
        account_id,
        deal_id,
        kind,
        actor_id,
        at,
        data
    )?;
    Ok(())
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
    let title = d.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(AppError::field("title", "length"));
    }
    if !(0..=MAX_VALUE_MINOR).contains(&d.value_minor) {
        return Err(AppError::field("value", "out_of_range"));
    }
    let closed_at = d.won_at.or(d.lost_at);
    if d.won_at.is_some() && d.lost_at.is_some() {
        return Err(AppError::field("status", "won_and_lost"));
    }
    if closed_at.is_some_and(|t| t < d.created_at) {
        return Err(AppError::field("closed_at", "before_created_at"));
    }
    if d.lost_at.is_some() != d.lost_reason_id.is_some() {
        return Err(AppError::field("lost_reason_id", "required"));
    }
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
    let base_value_minor = base_minor(d.value_minor, currency.rate);
    let status = match (d.won_at, d.lost_at) {
        (Some(_), _) => "won",
        (None, Some(_)) => "lost",
        _ => "open",
    };
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
        title,
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
    event(
        ex,
        account_id,
        id,
        "created",
        actor_id,
        d.created_at,
        format!("{{\"stage_id\":{}}}", d.stage_id),
    )
    .await?;
    if let Some(at) = d.won_at {
        event(ex, account_id, id, "won", actor_id, at, "{}".into()).await?;
    }
    if let (Some(at), Some(reason)) = (d.lost_at, d.lost_reason_id) {
        let data = format!("{{\"reason_id\":{reason}}}");
        event(ex, account_id, id, "lost", actor_id, at, data).await?;
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
    deal_stats::apply(ex, account_id, &StatsDelta::change(tz, None, Some(&facts))).await?;
    Ok(id)
}

async fn load(ex: &mut Ex<'_>, account_id: i64, deal_id: i64) -> Result<DealRow, AppError> {
    fetch_optional!(
        ex,
        DealRow,
        "SELECT pipeline_id, stage_id, position, owner_id, value_minor, base_value_minor, created_at, stage_entered_at, \
           CASE WHEN status = 'won' THEN won_at END AS won_at, \
           CASE WHEN status = 'lost' THEN lost_at END AS lost_at, \
           lost_reason_id, version \
         FROM deals WHERE account_id = $1 AND id = $2",
        account_id,
        deal_id
    )?
    .ok_or(AppError::NotFound)
}

/// The deal as stored, if the caller saw its current `version` (else
/// `Conflict`, nothing written).
async fn load_at(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    version: i64,
) -> Result<DealRow, AppError> {
    let row = load(ex, account_id, deal_id).await?;
    if row.version != version {
        return Err(AppError::Conflict("version".into()));
    }
    Ok(row)
}

/// Applies `change` to a deal whose version the caller saw as `version`, at
/// instant `now`; returns the new version.
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
    let before = load_at(ex, account_id, deal_id, version).await?;
    let mut after = before.clone();
    let open = before.won_at.is_none() && before.lost_at.is_none();
    let closing = now.max(before.created_at);
    let (kind, data) = match change {
        DealChange::Move { stage_id, position } => {
            if !position.is_finite() {
                return Err(AppError::field("position", "invalid"));
            }
            after.position = *position;
            if *stage_id == before.stage_id {
                // A new place in the same column: no history event.
                ("", String::new())
            } else {
                after.pipeline_id = stage_pipeline(ex, account_id, *stage_id).await?;
                after.stage_id = *stage_id;
                after.stage_entered_at = now;
                let data = format!("{{\"from\":{},\"to\":{stage_id}}}", before.stage_id);
                ("stage_changed", data)
            }
        }
        DealChange::Win if open => {
            after.won_at = Some(closing);
            ("won", "{}".into())
        }
        DealChange::Lose { reason_id } if open => {
            check_reason(ex, account_id, *reason_id).await?;
            after.lost_at = Some(closing);
            after.lost_reason_id = Some(*reason_id);
            ("lost", format!("{{\"reason_id\":{reason_id}}}"))
        }
        DealChange::Win | DealChange::Lose { .. } => {
            return Err(AppError::field("status", "not_open"));
        }
        DealChange::Reopen if !open => {
            after.won_at = None;
            after.lost_at = None;
            after.lost_reason_id = None;
            ("reopened", "{}".into())
        }
        DealChange::Reopen => return Err(AppError::field("status", "already_open")),
        DealChange::SetValue { value_minor } => {
            if !(0..=MAX_VALUE_MINOR).contains(value_minor) {
                return Err(AppError::field("value", "out_of_range"));
            }
            let rate = fetch_scalar!(
                ex,
                String,
                "SELECT exchange_rate FROM deals WHERE account_id = $1 AND id = $2",
                account_id,
                deal_id
            )?;
            after.value_minor = *value_minor;
            after.base_value_minor = base_minor(*value_minor, rate.parse().unwrap_or(Decimal::ONE));
            let data = format!("{{\"from\":{},\"to\":{value_minor}}}", before.value_minor);
            ("value_changed", data)
        }
        DealChange::SetOwner { owner_id } => {
            check_owner(ex, account_id, *owner_id).await?;
            after.owner_id = *owner_id;
            let data = format!("{{\"from\":{},\"to\":{owner_id}}}", before.owner_id);
            ("owner_changed", data)
        }
    };
    store(ex, account_id, deal_id, version, &after, now).await?;
    if !kind.is_empty() {
        event(ex, account_id, deal_id, kind, actor_id, now, data).await?;
    }
    let delta = StatsDelta::change(tz, Some(&before.facts()), Some(&after.facts()));
    deal_stats::apply(ex, account_id, &delta).await?;
    Ok(version + 1)
}

/// Writes a deal's new state if it is still at `version` (else `Conflict`),
/// bumping the version.
async fn store(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    version: i64,
    after: &DealRow,
    now: i64,
) -> Result<(), AppError> {
    let changed = execute!(
        ex,
        "UPDATE deals SET pipeline_id = $1, stage_id = $2, owner_id = $3, value_minor = $4, \
           base_value_minor = $5, stage_entered_at = $6, status = $7, won_at = $8, lost_at = $9, \
           lost_reason_id = $10, updated_at = $11, position = $15, version = version + 1 \
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
    Ok(())
}

/// The position after the last card of a stage's column.
async fn end_position(ex: &mut Ex<'_>, account_id: i64, stage_id: i64) -> Result<f64, AppError> {
    Ok(last_position(ex, account_id, stage_id, 0)
        .await?
        .unwrap_or(0.0)
        + POSITION_STEP)
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

/// What the edit form sets on a deal (its text already checked; stage,
/// owner and currency are checked here against the account and the deal).
#[derive(Clone, Debug, PartialEq)]
pub struct DealEdit {
    pub title: String,
    pub value_minor: i64,
    pub currency: DealCurrency,
    pub stage_id: i64,
    pub owner_id: i64,
    /// `YYYY-MM-DD`.
    pub expected_close_date: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Described {
    title: String,
    currency: String,
    exchange_rate: String,
    expected_close_date: Option<String>,
}

/// Applies the edit form to a deal seen at `version`: one new version, one
/// history event per changed field (stage, owner, value, currency, title,
/// expected close) and the dashboard aggregates, all in the caller's
/// transaction. A stage must be of the deal's pipeline and the deal open; a
/// closed deal keeps its currency and rate. Returns the new version (the
/// same when nothing changed).
#[allow(clippy::too_many_arguments)]
pub async fn edit(
    ex: &mut Ex<'_>,
    account_id: i64,
    tz: Tz,
    actor_id: i64,
    deal_id: i64,
    version: i64,
    e: &DealEdit,
    now: i64,
) -> Result<i64, AppError> {
    use serde_json::json;
    let before = load_at(ex, account_id, deal_id, version).await?;
    let old = fetch_one!(
        ex,
        Described,
        "SELECT title, currency, exchange_rate, expected_close_date FROM deals \
         WHERE account_id = $1 AND id = $2",
        account_id,
        deal_id
    )?;
    let open = before.won_at.is_none() && before.lost_at.is_none();
    let mut after = before.clone();
    let mut events = vec![];
    if e.stage_id != before.stage_id {
        if !open {
            return Err(AppError::field("stage_id", "closed"));
        }
        if stage_pipeline(ex, account_id, e.stage_id).await? != before.pipeline_id {
            return Err(AppError::field("stage_id", "other_pipeline"));
        }
        after.stage_id = e.stage_id;
        after.stage_entered_at = now;
        after.position = end_position(ex, account_id, e.stage_id).await?;
        events.push((
            "stage_changed",
            json!({"from": before.stage_id, "to": e.stage_id}),
        ));
    }
    if e.owner_id != before.owner_id {
        check_owner(ex, account_id, e.owner_id).await?;
        after.owner_id = e.owner_id;
        events.push((
            "owner_changed",
            json!({"from": before.owner_id, "to": e.owner_id}),
        ));
    }
    let old_rate: Decimal = old.exchange_rate.parse().unwrap_or(Decimal::ONE);
    if e.currency.code != old.currency || e.currency.rate != old_rate {
        if !open {
            return Err(AppError::field("currency", "closed"));
        }
        events.push((
            "currency_changed",
            json!({"from": old.currency, "to": e.currency.code, "rate": e.currency.rate.to_string()}),
        ));
    }
    after.value_minor = e.value_minor;
    after.base_value_minor = base_minor(e.value_minor, e.currency.rate);
    if e.value_minor != before.value_minor {
        events.push((
            "value_changed",
            json!({"from": before.value_minor, "to": e.value_minor}),
        ));
    }
    if e.title != old.title {
        events.push(("title_changed", json!({"from": old.title, "to": e.title})));
    }
    if e.expected_close_date != old.expected_close_date {
        events.push((
            "close_date_changed",
            json!({"from": old.expected_close_date, "to": e.expected_close_date}),
        ));
    }
    if events.is_empty() {
        return Ok(version);
    }
    store(ex, account_id, deal_id, version, &after, now).await?;
    execute!(
        ex,
        "UPDATE deals SET title = $1, currency = $2, exchange_rate = $3, expected_close_date = $4 \
         WHERE account_id = $5 AND id = $6",
        &e.title,
        &e.currency.code,
        e.currency.rate.to_string(),
        &e.expected_close_date,
        account_id,
        deal_id
    )?;
    for (kind, data) in events {
        event(
            ex,
            account_id,
            deal_id,
            kind,
            actor_id,
            now,
            data.to_string(),
        )
        .await?;
    }
    let delta = StatsDelta::change(tz, Some(&before.facts()), Some(&after.facts()));
    deal_stats::apply(ex, account_id, &delta).await?;
    Ok(version + 1)
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

/// Board positions are spaced this far apart when a column is renumbered
/// and when a card goes to the end of a column.
const POSITION_STEP: f64 = 1024.0;

/// The board position for a card dropped into `stage_id` between the cards
/// `above` and `below` (either absent at the column's ends): halfway
/// between them. When halving has run out of room (after some fifty drops
/// at one spot) the column's open deals are first renumbered in order, in
/// the caller's transaction. `moving` is the dropped card itself, never a
/// neighbour.
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
        let position = match (above_at, below_at) {
            (Some(a), Some(b)) if a < b => a + (b - a) / 2.0,
            (Some(_), Some(_)) => return Err(AppError::field("below_id", "not_below")),
            (Some(a), None) => a + POSITION_STEP,
            (None, Some(b)) => b - POSITION_STEP,
            (None, None) => {
                last_position(ex, account_id, stage_id, moving)
                    .await?
                    .unwrap_or(0.0)
                    + POSITION_STEP
            }
        };
        let room = [above_at, below_at]
            .into_iter()
            .flatten()
            .all(|n| (position - n).abs() > 1e-6 * POSITION_STEP);
        if room {
            return Ok(position);
        }
        renumber(ex, account_id, stage_id).await?;
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

/// Spaces the open deals of a stage `POSITION_STEP` apart, in their order.
async fn renumber(ex: &mut Ex<'_>, account_id: i64, stage_id: i64) -> Result<(), AppError> {
    let ids = crate::fetch_all!(
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
            (i as f64 + 1.0) * POSITION_STEP,
            account_id,
            id
        )?;
    }
    Ok(())
}

/// Deletes a deal (its history and comments go with it).
pub async fn delete(
    ex: &mut Ex<'_>,
    account_id: i64,
    tz: Tz,
    deal_id: i64,
    version: i64,
) -> Result<(), AppError> {
    let before = load(ex, account_id, deal_id).await?;
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
    let delta = StatsDelta::change(tz, Some(&before.facts()), None);
    deal_stats::apply(ex, account_id, &delta).await
}
