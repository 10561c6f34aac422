//! Activities (llamadas, correos, reuniones, tareas) as the REST API lists,
//! creates and completes them.
use super::Ex;
use crate::error::AppError;
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};

/// An activity with every field the API shows.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ActivityRow {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub due_at: Option<i64>,
    pub priority: String,
    pub assigned_to: i64,
    pub deal_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub notes: Option<String>,
    pub done: bool,
    pub done_at: Option<i64>,
}

/// Which activities a page lists: pending ones due in `[from, to)` when a
/// window is given (either end open), all of them otherwise.
#[derive(Clone, Debug, Default)]
pub struct ActivityFilter {
    pub account_id: i64,
    pub assigned_to: Option<i64>,
    pub due: Option<(Option<i64>, Option<i64>)>,
    pub after_id: i64,
    pub limit: i64,
}

macro_rules! activity_select {
    () => {
        "SELECT id, kind, subject, due_at, priority, assigned_to, deal_id, contact_id, \
           organization_id, notes, done, done_at FROM activities "
    };
}

/// Up to `limit` activities of the filter, in id order.
pub async fn page(ex: &mut Ex<'_>, f: &ActivityFilter) -> Result<Vec<ActivityRow>, AppError> {
    let windowed = f.due.is_some();
    let (from, to) = f.due.unwrap_or((None, None));
    Ok(fetch_all!(
        ex,
        ActivityRow,
        concat!(
            activity_select!(),
            "WHERE account_id = $1 AND ($2 IS NULL OR assigned_to = $2) \
               AND (NOT $3 OR (NOT done AND due_at IS NOT NULL \
                    AND ($4 IS NULL OR due_at >= $4) AND ($5 IS NULL OR due_at < $5))) \
               AND id > $6 ORDER BY id LIMIT $7"
        ),
        f.account_id,
        f.assigned_to,
        windowed,
        from,
        to,
        f.after_id,
        f.limit
    )?)
}

/// The activity of the account with this id.
pub async fn get(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<ActivityRow>, AppError> {
    Ok(fetch_optional!(
        ex,
        ActivityRow,
        concat!(activity_select!(), "WHERE account_id = $1 AND id = $2"),
        account_id,
        id
    )?)
}

/// Marks an activity of the account done at `now` (done ones stay as they were).
pub async fn mark_done(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    now: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE activities SET done = TRUE, done_at = $3 WHERE account_id = $1 AND id = $2 AND NOT done",
        account_id,
        id,
        now
    )?;
    Ok(())
}

/// The kinds of activity.
pub const KINDS: [&str; 5] = ["llamada", "correo", "mensaje", "reunion", "tarea"];
/// The priorities of an activity (and a deal).
pub const PRIORITIES: [&str; 3] = ["baja", "media", "alta"];

/// A new activity, its fields already checked.
pub struct NewActivity {
    pub kind: String,
    pub subject: String,
    pub due_at: Option<i64>,
    pub priority: String,
    pub assigned_to: i64,
    pub deal_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub notes: Option<String>,
}

/// Creates an activity of the account; returns its id.
pub async fn insert(
    ex: &mut Ex<'_>,
    account_id: i64,
    a: &NewActivity,
    now: i64,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO activities (account_id, kind, subject, due_at, priority, assigned_to, deal_id, \
           contact_id, organization_id, notes, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        account_id,
        &a.kind,
        &a.subject,
        a.due_at,
        &a.priority,
        a.assigned_to,
        a.deal_id,
        a.contact_id,
        a.organization_id,
        &a.notes,
        now
    )?)
}
