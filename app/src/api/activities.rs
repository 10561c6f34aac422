//! The activities list, the calendar and the reminders bell, and the plain
//! posts that complete an activity, move it to another day (the calendar's
//! drag) and dismiss its reminder. Each checks session and plan itself (see
//! [`crate::ssr::activities`]).
use crate::domain::activities::{ActivityList, ActivityQuery, Calendar, CalendarQuery, Reminders};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the activities the caller may see (`/actividades`).
#[server(endpoint = "list_activities")]
pub async fn list_activities(query: ActivityQuery) -> Result<ActivityList, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::activities::page::list(&state.db, &actor, &query).await
}

/// A month or week of the activities the caller may see
/// (`/actividades/calendario`).
#[server(endpoint = "activity_calendar")]
pub async fn activity_calendar(query: CalendarQuery) -> Result<Calendar, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::activities::page::calendar(&state.db, &actor, &query).await
}

/// How many of the caller's reminders are due (the bell's live count,
/// asked every 30 s: not a use of the session, which idles on).
#[server(endpoint = "reminder_count")]
pub async fn reminder_count() -> Result<i64, AppError> {
    use crate::ssr::auth::guard::{Need, require_passive};

    let (state, actor) = require_passive(Need::Crm).await?;
    crate::ssr::activities::edit::reminder_count(&state, &actor).await
}

/// The caller's pending activities whose reminder is due (the bell).
#[server(endpoint = "due_reminders")]
pub async fn due_reminders() -> Result<Reminders, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::activities::edit::reminders(&state, &actor).await
}

/// Dismisses the reminder of one of the caller's activities (a plain
/// form's post: the page is shown again).
#[server(endpoint = "dismiss_reminder")]
pub async fn dismiss_reminder(id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::activities::edit::dismiss_reminder(&state, &actor, id).await
}

/// Marks an activity done.
#[server(endpoint = "complete_activity")]
pub async fn complete_activity(id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::activities::edit::complete(&state, &actor, id).await?;
    Ok(())
}

/// Moves an activity to another local day (`YYYY-MM-DD`), keeping its time.
#[server(endpoint = "reschedule_activity")]
pub async fn reschedule_activity(id: i64, date: String) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::activities::edit::reschedule(&state, &actor, id, &date).await
}
