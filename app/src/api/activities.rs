//! The activities list and calendar. Each checks session and plan itself
//! (see [`crate::ssr::activity_page`]).
use crate::domain::activities::{ActivityList, ActivityQuery, Calendar, CalendarQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the activities the caller may see (`/actividades`).
#[server(endpoint = "list_activities")]
pub async fn list_activities(query: ActivityQuery) -> Result<ActivityList, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::activity_page::list(&state.db, &actor, &query).await
}

/// A month or week of the activities the caller may see
/// (`/actividades/calendario`).
#[server(endpoint = "activity_calendar")]
pub async fn activity_calendar(query: CalendarQuery) -> Result<Calendar, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::activity_page::calendar(&state.db, &actor, &query).await
}
