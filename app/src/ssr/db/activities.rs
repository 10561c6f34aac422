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
    pub reminder_at: Option<i64>,
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
           organization_id, notes, done, done_at, reminder_at FROM activities "
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
    pub reminder_at: Option<i64>,
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
           contact_id, organization_id, notes, reminder_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
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
        a.reminder_at,
        now
    )?)
}

/// Writes an edited activity's fields (already checked).
pub async fn update(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    a: &NewActivity,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE activities SET kind = $3, subject = $4, due_at = $5, priority = $6, \
           assigned_to = $7, deal_id = $8, contact_id = $9, organization_id = $10, notes = $11, \
           reminder_at = $12 \
         WHERE account_id = $1 AND id = $2",
        account_id,
        id,
        &a.kind,
        &a.subject,
        a.due_at,
        &a.priority,
        a.assigned_to,
        a.deal_id,
        a.contact_id,
        a.organization_id,
        &a.notes,
        a.reminder_at
    )?;
    Ok(())
}

/// A pending activity whose reminder is due.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReminderRow {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub due_at: Option<i64>,
}

const REMINDERS_DUE: &str = "FROM activities WHERE account_id = $1 AND assigned_to = $2 \
    AND NOT done AND reminder_at IS NOT NULL AND reminder_at <= $3";

/// The first `limit` pending activities of a user whose reminder is due at
/// `now`, soonest due first.
pub async fn due_reminders(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
    now: i64,
    limit: i64,
) -> Result<Vec<ReminderRow>, AppError> {
    let sql =
        format!("SELECT id, kind, subject, due_at {REMINDERS_DUE} ORDER BY due_at, id LIMIT $4");
    Ok(fetch_all!(
        ex,
        ReminderRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        user_id,
        now,
        limit
    )?)
}

/// How many pending activities of a user have a reminder due at `now`.
pub async fn due_reminder_count(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
    now: i64,
) -> Result<i64, AppError> {
    let sql = format!("SELECT COUNT(*) {REMINDERS_DUE}");
    Ok(fetch_scalar!(
        ex,
        i64,
        sqlx::AssertSqlSafe(sql),
        account_id,
        user_id,
        now
    )?)
}

/// Clears the reminder of an activity of the account (it has been seen).
pub async fn dismiss_reminder(ex: &mut Ex<'_>, account_id: i64, id: i64) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE activities SET reminder_at = NULL WHERE account_id = $1 AND id = $2",
        account_id,
        id
    )?;
    Ok(())
}

/// Deletes an activity of the account.
pub async fn delete(ex: &mut Ex<'_>, account_id: i64, id: i64) -> Result<(), AppError> {
    execute!(
        ex,
        "DELETE FROM activities WHERE account_id = $1 AND id = $2",
        account_id,
        id
    )?;
    Ok(())
}

/// An activity of the `/actividades` list, with its deal and assignee.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ActivityListRow {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub due_at: Option<i64>,
    pub priority: String,
    pub done: bool,
    pub deal_key: Option<String>,
    pub deal_title: Option<String>,
    pub assignee: String,
}

/// Which activities the list shows: of an assignee, done ones, pending ones
/// or both (none), due in `[from, to)` (either end open).
pub struct ActivityListFilter {
    pub account_id: i64,
    pub assigned_to: Option<i64>,
    pub done: Option<bool>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Only those of this organization.
    pub organization_id: Option<i64>,
    /// Only those of this contact.
    pub contact_id: Option<i64>,
}

const LIST_MATCHES: &str = "a.account_id = $1 AND ($2 IS NULL OR a.assigned_to = $2) \
    AND ($3 IS NULL OR a.done = $3) AND ($4 IS NULL OR a.due_at >= $4) AND ($5 IS NULL OR a.due_at < $5) \
    AND ($6 IS NULL OR a.organization_id = $6) AND ($7 IS NULL OR a.contact_id = $7)";

/// One page of the filter's activities, soonest due first (undated last),
/// and how many match in all.
pub async fn list(
    ex: &mut Ex<'_>,
    f: &ActivityListFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ActivityListRow>, i64), AppError> {
    let rows_sql = format!(
        "SELECT a.id, a.kind, a.subject, a.due_at, a.priority, a.done, d.key AS deal_key, \
           d.title AS deal_title, u.name AS assignee \
         FROM activities a JOIN users u ON u.id = a.assigned_to \
         LEFT JOIN deals d ON d.id = a.deal_id \
         WHERE {LIST_MATCHES} \
         ORDER BY CASE WHEN a.due_at IS NULL THEN 1 ELSE 0 END, a.due_at, a.id LIMIT $8 OFFSET $9"
    );
    let rows = fetch_all!(
        ex,
        ActivityListRow,
        sqlx::AssertSqlSafe(rows_sql),
        f.account_id,
        f.assigned_to,
        f.done,
        f.from,
        f.to,
        f.organization_id,
        f.contact_id,
        limit,
        offset
    )?;
    let count_sql = format!("SELECT COUNT(*) FROM activities a WHERE {LIST_MATCHES}");
    let total = fetch_scalar!(
        ex,
        i64,
        sqlx::AssertSqlSafe(count_sql),
        f.account_id,
        f.assigned_to,
        f.done,
        f.from,
        f.to,
        f.organization_id,
        f.contact_id
    )?;
    Ok((rows, total))
}
