//! Creating, editing, rescheduling and completing activities, for the
//! pages (forms, the calendar) and the REST API alike. Every field is
//! checked and every problem named at once. A role that sees only its own
//! deals creates, changes and completes only the activities assigned to it;
//! the boards are told whenever a deal's next activity may have changed
//! (the card shows it).
use crate::domain::activities::{ReminderItem, Reminders};
use crate::domain::activity_input::ActivityInput;
use crate::domain::records::RecordInput;
use crate::error::{AppError, Problems};
use crate::ssr::activities::db::{self as activities, ActivityRow, NewActivity};
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::{note, note_saved};
use crate::ssr::db::Ex;
use crate::ssr::deals::db as deals;
use crate::ssr::deals::db::api as deal_api;
use crate::ssr::directory::db as directory;
use crate::ssr::outbox::Source;
use crate::ssr::state::AppState;
use crate::ssr::users;
use chrono::{NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// The activity with `id` as the caller may change it (another account's:
/// not found; another seller's: forbidden).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn readable(state: &AppState, actor: &Actor, id: i64) -> Result<ActivityRow, AppError> {
    let mut conn = state.db.read().await?;
    let row = activities::get(&mut conn.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if actor
        .own_deals_only()
        .is_some_and(|me| me != row.assigned_to)
    {
        return Err(AppError::Forbidden);
    }
    Ok(row)
}

/// The activity with `id` as [`readable`], when the caller may also change
/// it: their own with `crm.deals.edit_own`, anyone's with
/// `crm.deals.edit_all` (seeing all deals changes none).
async fn changeable(state: &AppState, actor: &Actor, id: i64) -> Result<ActivityRow, AppError> {
    let row = readable(state, actor, id).await?;
    actor.must_change(Some(row.assigned_to))?;
    Ok(row)
}

/// The instant of a local date (`YYYY-MM-DD`) and time (`HH:MM`, 09:00
/// when empty) in the account's zone.
fn local_instant(tz: Tz, date: &str, time: &str) -> Option<i64> {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let time = match time {
        "" => NaiveTime::from_hms_opt(9, 0, 0)?,
        t => NaiveTime::parse_from_str(t, "%H:%M").ok()?,
    };
    let local = tz.from_local_datetime(&date.and_time(time));
    // A time skipped by a clock change is the first instant after it.
    local
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(date.and_time(time) + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|at| at.timestamp_millis())
}

/// When the activity is due: `due_at` (RFC 3339, as the API sends it), or
/// `due_date` and `due_time` in the account's zone (as the forms send it);
/// none when all are empty.
fn due(input: &ActivityInput, p: &mut Problems, tz: Tz) -> Option<i64> {
    let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let at = text(&input.due_at);
    if !at.is_empty() {
        let parsed = chrono::DateTime::parse_from_rfc3339(&at).ok();
        if parsed.is_none() {
            p.add("due_at", "invalid_date");
        }
        return parsed.map(|d| d.timestamp_millis());
    }
    let (date, time) = (text(&input.due_date), text(&input.due_time));
    if date.is_empty() {
        if !time.is_empty() {
            p.add("due_date", "required");
        }
        return None;
    }
    let at = local_instant(tz, &date, &time);
    if at.is_none() {
        let field = if NaiveDate::parse_from_str(&date, "%Y-%m-%d").is_err() {
            "due_date"
        } else {
            "due_time"
        };
        p.add(field, "invalid_date");
    }
    at
}

/// A stored activity's fields.
fn stored(row: &ActivityRow) -> NewActivity {
    NewActivity {
        kind: row.kind.clone(),
        subject: row.subject.clone(),
        due_at: row.due_at,
        priority: row.priority.clone(),
        assigned_to: row.assigned_to,
        deal_id: row.deal_id,
        contact_id: row.contact_id,
        organization_id: row.organization_id,
        notes: row.notes.clone(),
        reminder_at: row.reminder_at,
    }
}

/// An activity as its form shows it, when it is due as an instant (as the
/// history compares it).
fn activity_input(a: &NewActivity) -> ActivityInput {
    let due_at = a
        .due_at
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map(|d| d.to_rfc3339());
    let id = |v: Option<i64>| v.map(|id| id.to_string());
    ActivityInput {
        kind: Some(a.kind.clone()),
        subject: Some(a.subject.clone()),
        due_at,
        due_date: None,
        due_time: None,
        priority: Some(a.priority.clone()),
        assigned_to: Some(a.assigned_to.to_string()),
        deal_id: id(a.deal_id),
        contact_id: id(a.contact_id),
        organization_id: id(a.organization_id),
        notes: a.notes.clone(),
        reminder: id(a
            .due_at
            .zip(a.reminder_at)
            .map(|(due, at)| (due - at) / MINUTE_MS)),
    }
}

const MINUTE_MS: i64 = 60_000;

/// Checks every field of an activity (`before`: the stored one an edit
/// starts from, whose assignee and deal it may keep); answers it and the
/// pipeline of its deal (the board to tell).
async fn check(
    ex: &mut Ex<'_>,
    actor: &Actor,
    input: &ActivityInput,
    p: &mut Problems,
    before: Option<&ActivityRow>,
) -> Result<(NewActivity, Option<i64>), AppError> {
    let fields = input.check(p);
    let due_at = due(input, p, actor.clock.tz);
    let reminder_at = match (fields.reminder, due_at) {
        (Some(minutes), Some(due)) => Some(due - minutes * MINUTE_MS),
        (Some(_), None) if !p.failed("due_at") && !p.failed("due_date") => {
            p.add("reminder", "needs_due");
            None
        }
        _ => None,
    };
    let (deal_id, contact_id, organization_id) =
        (fields.deal_id, fields.contact_id, fields.organization_id);
    // Whom it is assigned to and what it points at must be the account's
    // (and a seller's own).
    let assignee = ("assigned_to", input.assigned_to.as_deref());
    let kept = before.map(|b| b.assigned_to);
    let assigned_to = users::chosen(ex, actor, p, assignee, kept).await?;
    let kept_deal = before.and_then(|b| b.deal_id);
    let account = actor.account_id;
    let mut pipeline = None;
    if let Some(id) = deal_id {
        match deal_api::get(ex, account, id).await? {
            None => p.add("deal_id", "not_found"),
            Some(d) if !actor.may_see_deal(d.owner_id) => p.add("deal_id", "not_allowed"),
            // An activity changes the deal's card: it is put on deals one
            // may change (one already there stays).
            Some(d) if Some(id) != kept_deal && !actor.may_edit_deal(d.owner_id) => {
                p.add("deal_id", "not_allowed")
            }
            Some(d) => pipeline = Some(d.pipeline_id),
        }
    }
    if let Some(id) = contact_id
        && directory::contact(ex, account, id).await?.is_none()
    {
        p.add("contact_id", "not_found");
    }
    if let Some(id) = organization_id
        && directory::organization(ex, account, id).await?.is_none()
    {
        p.add("organization_id", "not_found");
    }
    let new = NewActivity {
        kind: fields.kind.map_or("", |k| k.stored()).to_string(),
        subject: fields.subject,
        due_at,
        priority: fields.priority.stored().to_string(),
        assigned_to,
        deal_id,
        contact_id,
        organization_id,
        notes: fields.notes,
        reminder_at,
    };
    Ok((new, pipeline))
}

/// Tells the boards of these pipelines that a card changed.
async fn tell(state: &AppState, actor: &Actor, pipelines: [Option<i64>; 2]) {
    let mut told = vec![];
    for pipeline in pipelines.into_iter().flatten() {
        if !told.contains(&pipeline) {
            state
                .live
                .publish(&state.db, actor.account_id, pipeline)
                .await;
            told.push(pipeline);
        }
    }
}

/// The pipeline of the deal an activity belongs to, if any.
async fn pipeline_of(
    ex: &mut Ex<'_>,
    actor: &Actor,
    deal: Option<i64>,
) -> Result<Option<i64>, AppError> {
    match deal {
        Some(deal) => Ok(Some(deals::pipeline_of(ex, actor.account_id, deal).await?)),
        None => Ok(None),
    }
}

/// Creates (`id` none) or edits an activity from the fields sent (an edit
/// keeps the fields not sent); answers its id.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save(
    state: &AppState,
    actor: &Actor,
    id: Option<i64>,
    sent: ActivityInput,
) -> Result<i64, AppError> {
    actor.must_add_records()?;
    let before = match id {
        None => None,
        Some(id) => Some(changeable(state, actor, id).await?),
    };
    save_over(state, actor, before, sent).await
}

/// Creates an activity (`before` none) or lays the fields sent over the
/// stored one (a local day or time sent replaces the instant it had, the
/// other one kept); answers its id.
async fn save_over(
    state: &AppState,
    actor: &Actor,
    before: Option<ActivityRow>,
    mut sent: ActivityInput,
) -> Result<i64, AppError> {
    let stored = before.as_ref().map(|row| activity_input(&stored(row)));
    let before_values = stored.as_ref().map(|s| s.pairs()).unwrap_or_default();
    if sent.sets_local_due() {
        sent.due_at = Some(String::new());
        // A day cleared clears its time too.
        if sent
            .due_date
            .as_deref()
            .is_some_and(|d| d.trim().is_empty())
        {
            sent.due_time.get_or_insert_with(String::new);
        }
    }
    let input = match (stored, &before) {
        (Some(mut stored), Some(row)) => {
            // Its local day and time, which a change of one of them keeps
            // the other of.
            let due = row.due_at.and_then(chrono::DateTime::from_timestamp_millis);
            let tz = actor.clock.tz;
            let local = |f: &str| due.map(|d| d.with_timezone(&tz).format(f).to_string());
            (stored.due_date, stored.due_time) = (local("%Y-%m-%d"), local("%H:%M"));
            sent.over(stored)
        }
        _ => sent,
    };
    let mut tx = state.db.begin().await?;
    let mut ex = tx.ex();
    let mut p = Problems::default();
    let (new, pipeline) = check(&mut ex, actor, &input, &mut p, before.as_ref()).await?;
    p.finish()?;
    let source = Source::user(actor.user_id);
    let (saved, old_pipeline) = match &before {
        None => (
            activities::insert(&mut ex, actor.account_id, source, &new, actor.clock.now).await?,
            None,
        ),
        Some(row) => {
            activities::update(
                &mut ex,
                actor.account_id,
                source,
                row.id,
                &new,
                actor.clock.now,
            )
            .await?;
            let old = pipeline_of(&mut ex, actor, row.deal_id).await?;
            (row.id, old)
        }
    };
    let after = activity_input(&new).pairs();
    note_saved(
        &mut ex,
        actor,
        "activity",
        saved,
        &new.subject,
        &before_values,
        &after,
    )
    .await?;
    tx.commit().await?;
    tell(state, actor, [pipeline, old_pipeline]).await;
    Ok(saved)
}

/// Moves an activity to another day, keeping its local time of day (the
/// calendar's drag and drop); `date` is `YYYY-MM-DD` in the account's zone.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn reschedule(
    state: &AppState,
    actor: &Actor,
    id: i64,
    date: &str,
) -> Result<(), AppError> {
    let row = changeable(state, actor, id).await?;
    // Its local time of day is kept (see `save_over`).
    let sent = ActivityInput {
        due_date: Some(date.to_string()),
        ..ActivityInput::default()
    };
    save_over(state, actor, Some(row), sent).await.map(|_| ())
}

/// Deletes an activity.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn delete(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    let before = changeable(state, actor, id).await?;
    let mut tx = state.db.begin().await?;
    let pipeline = pipeline_of(&mut tx.ex(), actor, before.deal_id).await?;
    let source = Source::user(actor.user_id);
    activities::delete(&mut tx.ex(), actor.account_id, source, id, actor.clock.now).await?;
    note(
        &mut tx.ex(),
        actor,
        "activity",
        Some(id),
        "deleted",
        &before.subject,
    )
    .await?;
    tx.commit().await?;
    tell(state, actor, [pipeline, None]).await;
    Ok(())
}

/// The caller's pending activities whose reminder is due, soonest first.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn reminders(state: &AppState, actor: &Actor) -> Result<Reminders, AppError> {
    let tz = actor.clock.tz;
    let now = actor.clock.now;
    let today = crate::ssr::clock::today_bounds(tz, now).0;
    let mut conn = state.db.read().await?;
    let mut ex = conn.ex();
    let rows = activities::due_reminders(&mut ex, actor.account_id, actor.user_id, now, 20).await?;
    Ok(Reminders {
        count: activities::due_reminder_count(&mut ex, actor.account_id, actor.user_id, now)
            .await?,
        items: rows
            .into_iter()
            .map(|r| ReminderItem {
                id: r.id,
                kind: r.kind,
                subject: r.subject,
                due: r.due_at.map(|at| actor.local_time(at)).unwrap_or_default(),
                overdue: r.due_at.is_some_and(|at| at < today),
            })
            .collect(),
    })
}

/// How many of the caller's reminders are due (the bell's live count).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn reminder_count(state: &AppState, actor: &Actor) -> Result<i64, AppError> {
    let mut conn = state.db.read().await?;
    activities::due_reminder_count(
        &mut conn.ex(),
        actor.account_id,
        actor.user_id,
        actor.clock.now,
    )
    .await
}

/// Dismisses the reminder of one of the caller's activities.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn dismiss_reminder(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    let row = readable(state, actor, id).await?;
    if row.assigned_to != actor.user_id {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.db.begin().await?;
    activities::dismiss_reminder(&mut tx.ex(), actor.account_id, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks an activity done (again: nothing changes); answers it as stored.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn complete(state: &AppState, actor: &Actor, id: i64) -> Result<ActivityRow, AppError> {
    let before = changeable(state, actor, id).await?;
    let mut tx = state.db.begin().await?;
    let source = Source::user(actor.user_id);
    activities::mark_done(&mut tx.ex(), actor.account_id, source, id, actor.clock.now).await?;
    let pipeline = if before.done {
        None
    } else {
        note(
            &mut tx.ex(),
            actor,
            "activity",
            Some(id),
            "completed",
            &before.subject,
        )
        .await?;
        pipeline_of(&mut tx.ex(), actor, before.deal_id).await?
    };
    tx.commit().await?;
    tell(state, actor, [pipeline, None]).await;
    readable(state, actor, id).await
}
