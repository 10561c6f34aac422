//! The kanban board: reads it for a user and moves, wins and loses deals on
//! it. Authorization is decided here from the [`Actor`]: a role without
//! `crm.deals.view_all` sees only its own deals, and one without
//! `crm.deals.edit_all` moves only its own.
use crate::domain::board::{
    Board, BoardCard, BoardColumn, BoardQuery, ColumnHeader, MoveOutcome, PAGE_CARDS,
};
use crate::domain::deal_change::{Closing, DealChange};
use crate::domain::money::from_base;
use crate::domain::search::MAX_QUERY;
use crate::error::AppError;
use crate::model::StageView;
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::Db;
use crate::ssr::db::Ex;
use crate::ssr::deals::db as deals;
use crate::ssr::deals::db::board::{self as q, BoardFilter, CardPage, CardRow, StageTotals};
use crate::ssr::format::Formats;
use crate::ssr::live::Live;
use crate::ssr::pipelines::db as pipelines;
use crate::ssr::pipelines::db::lost_reasons;
use crate::ssr::query;
use crate::ssr::users::db as users;
use chrono::TimeZone;
use rust_decimal::Decimal;

const DAY_MS: i64 = 86_400_000;

/// The filter `query` means for `actor`: the pipeline must be one of the
/// account's; a role without `crm.deals.view_all` sees only its own deals.
async fn filter_for(
    ex: &mut Ex<'_>,
    actor: &Actor,
    query: &BoardQuery,
) -> Result<(BoardFilter, Vec<StageView>), AppError> {
    let pipeline = pipelines::chosen(ex, actor.account_id, query.pipeline).await?;
    let search = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    if let Some(text) = &search {
        // Searched as typed (a LIKE pattern), not as words.
        query::plain(query::bounded(text, "q", MAX_QUERY)?, "q")?;
    }
    let owner_id = match actor.own_deals_only() {
        Some(me) => Some(me),
        None if query.mine => Some(actor.user_id),
        None => query.owner,
    };
    let filter = BoardFilter {
        account_id: actor.account_id,
        pipeline_id: pipeline.id,
        owner_id,
        search,
    };
    Ok((filter, pipeline.stages))
}

/// A column's header: its deals, their total and weighted total in the
/// account's currency.
fn header(stage: &StageView, totals: &[StageTotals], actor: &Actor) -> ColumnHeader {
    let (count, value) = totals
        .iter()
        .find(|t| t.stage_id == stage.id)
        .map_or((0, 0), |t| (t.deal_count, t.value_total));
    let total = from_base(value.into());
    let weighted = total * Decimal::from(stage.probability) / Decimal::from(100);
    let (formats, currency) = (actor.formats(), &actor.row.currency);
    ColumnHeader {
        stage_id: stage.id,
        count,
        total: formats.amount(total, currency),
        weighted: formats.amount(weighted, currency),
    }
}

/// Words the cards need that depend on the user's language.
pub struct CardWords {
    /// "Sin actividad programada".
    pub no_activity: String,
}

/// What every card of one answer shares.
struct CardContext<'a> {
    words: &'a CardWords,
    formats: Formats,
    tz: chrono_tz::Tz,
    now: i64,
    /// The first instants of today and tomorrow, the account's local days.
    today: (i64, i64),
}

impl<'a> CardContext<'a> {
    fn new(actor: &'a Actor, words: &'a CardWords) -> CardContext<'a> {
        CardContext {
            words,
            formats: actor.formats(),
            tz: actor.clock.tz,
            now: actor.clock.now,
            today: actor.clock.today_bounds(),
        }
    }
}

fn card(row: CardRow, stage: &StageView, cx: &CardContext<'_>) -> BoardCard {
    let (tz, words, now) = (cx.tz, cx.words, cx.now);
    let value = cx.formats.money(row.value_minor, &row.currency);
    let initials = crate::model::initials(&row.owner_name);
    let (next_activity, activity_state) = match (row.next_due_at, row.next_subject) {
        (Some(at), Some(subject)) => {
            let state = if at < cx.today.0 {
                "overdue"
            } else if at < cx.today.1 {
                "today"
            } else {
                "upcoming"
            };
            let day = tz
                .timestamp_millis_opt(at)
                .single()
                .map(|t| cx.formats.day_month(t.date_naive()))
                .unwrap_or_default();
            (format!("{subject} · {day}"), state)
        }
        _ => (words.no_activity.clone(), "none"),
    };
    let rotting = stage
        .rotting_days
        .is_some_and(|days| now - row.stage_entered_at > days * DAY_MS);
    // A value that follows the lines stays theirs.
    let quoted = row.accepted_minor.filter(|_| !row.value_from_lines);
    let won = quoted.unwrap_or(row.value_minor);
    BoardCard {
        won_value: crate::domain::money::major(won, &row.currency).to_string(),
        won_from_quote: quoted.is_some(),
        id: row.id,
        key: row.key,
        title: row.title,
        organization: row.organization,
        value,
        owner_name: row.owner_name,
        owner_initials: initials,
        next_activity,
        activity_state: activity_state.to_string(),
        rotting,
        version: row.version,
        position: row.position,
    }
}

/// The board `query` asks for, as `actor` may see it.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn board(
    db: &Db,
    actor: &Actor,
    query: &BoardQuery,
    words: &CardWords,
) -> Result<Board, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let (filter, stages) = filter_for(&mut ex, actor, query).await?;
    let totals = q::totals(&mut ex, &filter).await?;
    let cx = CardContext::new(actor, words);
    let mut columns = Vec::with_capacity(stages.len());
    for stage in &stages {
        let rows = q::cards(&mut ex, &filter, stage.id, CardPage::First, PAGE_CARDS + 1).await?;
        let more = rows.len() as i64 > PAGE_CARDS;
        let cards = rows
            .into_iter()
            .take(PAGE_CARDS as usize)
            .map(|r| card(r, stage, &cx))
            .collect();
        columns.push(BoardColumn {
            stage_id: stage.id,
            name: stage.name.clone(),
            color: stage.color.clone(),
            probability: stage.probability,
            header: header(stage, &totals, actor),
            cards,
            more,
            earlier: false,
        });
    }
    let owners = if actor.own_deals_only().is_none() {
        users::active_names(&mut ex, actor.account_id).await?
    } else {
        vec![]
    };
    let reasons = lost_reasons::list(&mut ex, actor.account_id).await?;
    Ok(Board {
        pipeline_id: filter.pipeline_id,
        columns,
        owners,
        reasons,
        today: actor.clock.today().format("%Y-%m-%d").to_string(),
    })
}

/// More cards of one column: those after `page`'s position, or those just
/// before it; also says whether more follow in that direction.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn more_cards(
    db: &Db,
    actor: &Actor,
    query: &BoardQuery,
    stage_id: i64,
    page: CardPage,
    words: &CardWords,
) -> Result<(Vec<BoardCard>, bool), AppError> {
    if let CardPage::After(p) | CardPage::Before(p) = page
        && !p.is_finite()
    {
        return Err(AppError::field("after", "invalid"));
    }
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let (filter, stages) = filter_for(&mut ex, actor, query).await?;
    let stage = stages
        .iter()
        .find(|s| s.id == stage_id)
        .ok_or_else(|| AppError::field("stage_id", "not_found"))?;
    let rows = q::cards(&mut ex, &filter, stage_id, page, PAGE_CARDS + 1).await?;
    let more = rows.len() as i64 > PAGE_CARDS;
    let cx = CardContext::new(actor, words);
    let keep = rows.len().min(PAGE_CARDS as usize);
    // Before a position the nearest cards are the last ones read.
    let skip = if matches!(page, CardPage::Before(_)) {
        rows.len() - keep
    } else {
        0
    };
    let cards = rows
        .into_iter()
        .skip(skip)
        .take(keep)
        .map(|r| card(r, stage, &cx))
        .collect();
    Ok((cards, more))
}

/// Where a card goes and what happens to it.
#[derive(Clone, Debug, PartialEq)]
pub enum CardDrop {
    /// Into a stage of the board's pipeline: at `position` when given (the
    /// API), else between two cards (either absent at a column's end).
    Stage {
        stage_id: i64,
        above: Option<i64>,
        below: Option<i64>,
        position: Option<f64>,
    },
    /// Won on a day, for a final value (see [`Closing`]).
    Won(Closing),
    Lost {
        reason_id: i64,
        note: Option<String>,
    },
}

/// How the seller says a deal was won: `won_on` a local date
/// (`YYYY-MM-DD`; empty: now) in the account's zone, for a final `value`
/// as typed (empty: its value).
pub fn closing(actor: &Actor, won_on: &str, value: &str) -> Result<Closing, AppError> {
    let day = match won_on.trim() {
        "" => None,
        text => {
            use chrono::Datelike;
            let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .filter(|d| d.year() >= 1900)
                .ok_or_else(|| AppError::field("won_on", "invalid"))?;
            if date > actor.clock.today() {
                return Err(AppError::field("won_on", "future"));
            }
            let day = crate::domain::dashboard::day_number(date);
            let tz = actor.clock.tz;
            Some((
                crate::ssr::clock::day_start(tz, day),
                crate::ssr::clock::day_start(tz, day + 1),
            ))
        }
    };
    let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
    Ok(Closing { day, value })
}

/// Longest note on a loss.
const MAX_NOTE: usize = 2_000;

/// Moves, wins or loses a deal the caller saw at `version`; answers with the
/// new version and the headers of the board `query` shows, and tells every
/// open board of the account.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn move_deal(
    db: &Db,
    live: &Live,
    actor: &Actor,
    query: &BoardQuery,
    deal_id: i64,
    version: i64,
    drop: &CardDrop,
) -> Result<MoveOutcome, AppError> {
    if let CardDrop::Lost {
        note: Some(note), ..
    } = drop
        && note.chars().count() > MAX_NOTE
    {
        return Err(AppError::field("note", "too_long"));
    }
    let tz = actor.clock.tz;
    // Read before the write transaction, to keep SQLite's one writer busy
    // only with the write: the deal's version, checked when it is written,
    // refuses the move if the owner (or anything) changed since.
    let (filter, stages, (owner, status)) = {
        let mut conn = db.read().await?;
        let mut ex = conn.ex();
        let (filter, stages) = filter_for(&mut ex, actor, query).await?;
        let owner = deals::owner_and_status(&mut ex, actor.account_id, deal_id).await?;
        (filter, stages, owner)
    };
    if !actor.may_edit_deal(owner) {
        return Err(AppError::Forbidden);
    }
    // A won or lost deal is off the board: it is reopened, not dragged
    // (only deleting its stage moves it, through `deals::db::move_all`).
    if matches!(drop, CardDrop::Stage { .. }) && !status.is_open() {
        return Err(AppError::field("status", "not_open"));
    }
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let now = actor.clock.now;
    let (change, stays) = match drop {
        CardDrop::Stage {
            stage_id,
            above,
            below,
            position,
        } => {
            if !stages.iter().any(|s| s.id == *stage_id) {
                return Err(AppError::field("stage_id", "not_found"));
            }
            let position = match position {
                Some(p) if p.is_finite() => *p,
                Some(_) => return Err(AppError::field("position", "invalid")),
                None => {
                    deals::position_between(
                        &mut ex,
                        actor.account_id,
                        *stage_id,
                        deal_id,
                        *above,
                        *below,
                    )
                    .await?
                }
            };
            let change = DealChange::Move {
                stage_id: *stage_id,
                position,
            };
            (change, Some(position))
        }
        CardDrop::Won(c) => (DealChange::Win(c.clone()), None),
        CardDrop::Lost { reason_id, .. } => (
            DealChange::Lose {
                reason_id: *reason_id,
            },
            None,
        ),
    };
    // The note first, so the loss's event carries it (a deal that ends up
    // not lost drops it again).
    if let CardDrop::Lost {
        note: Some(note), ..
    } = drop
    {
        deals::set_lost_note(&mut ex, actor.account_id, deal_id, note.trim()).await?;
    }
    let new_version = deals::update(
        &mut ex,
        actor.account_id,
        tz,
        actor.user_id,
        deal_id,
        version,
        &change,
        now,
    )
    .await?;
    tx.commit().await?;
    // The headers are read after the commit, off the writer (SQLite has one):
    // the board's truth now, this move included.
    let totals = q::totals(&mut db.read().await?.ex(), &filter).await?;
    live.publish(db, actor.account_id, filter.pipeline_id).await;
    Ok(MoveOutcome {
        version: stays.map(|_| new_version),
        position: stays,
        headers: stages.iter().map(|s| header(s, &totals, actor)).collect(),
    })
}
