//! Activities (llamadas, correos, reuniones, tareas) as the REST API lists,
//! creates and completes them.
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::ssr::db::dynamic::{self, Sql};
use crate::ssr::outbox::{self, Change, Source};
use crate::{execute, fetch_all, fetch_optional, fetch_scalar, insert_many};

/// An activity with every field the API shows (and the outbox keeps of it).
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize)]
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
    let mut sql = Sql::default();
    let mut conditions = vec![format!("account_id = {}", sql.arg(f.account_id))];
    if let Some(user) = f.assigned_to {
        conditions.push(format!("assigned_to = {}", sql.arg(user)));
    }
    if let Some((from, to)) = f.due {
        conditions.push("done = FALSE AND due_at IS NOT NULL".into());
        if let Some(from) = from {
            conditions.push(format!("due_at >= {}", sql.arg(from)));
        }
        if let Some(to) = to {
            conditions.push(format!("due_at < {}", sql.arg(to)));
        }
    }
    conditions.push(format!("id > {}", sql.arg(f.after_id)));
    let limit = sql.arg(f.limit);
    sql.push(&format!(
        "{} WHERE {} ORDER BY id LIMIT {limit}",
        activity_select!(),
        conditions.join(" AND ")
    ));
    Ok(dynamic::fetch_all(ex, sql).await?)
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
    source: Source,
    id: i64,
    now: i64,
) -> Result<(), AppError> {
    let was = snapshot(ex, account_id, id).await?;
    let done = execute!(
        ex,
        "UPDATE activities SET done = TRUE, done_at = $3 WHERE account_id = $1 AND id = $2 AND NOT done",
        account_id,
        id,
        now
    )?;
    if done == 1 {
        announce(
            ex,
            account_id,
            source,
            id,
            "activity.completed",
            Some(&was),
            now,
        )
        .await?;
    }
    Ok(())
}

/// The activity as the outbox keeps it: its [`ActivityRow`] as JSON.
async fn snapshot(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<serde_json::Value, AppError> {
    let row = get(ex, account_id, id).await?.ok_or(AppError::NotFound)?;
    serde_json::to_value(row).map_err(|_| AppError::Internal)
}

/// Writes the outbox event `kind` of the activity's change by `source` at
/// `now`: the activity as it is now (for a deletion, `was`) and as it was.
async fn announce(
    ex: &mut Ex<'_>,
    account_id: i64,
    source: Source,
    id: i64,
    kind: &'static str,
    was: Option<&serde_json::Value>,
    now: i64,
) -> Result<(), AppError> {
    let (after, before) = match (kind, was) {
        ("activity.deleted", Some(was)) => (was.clone(), None),
        _ => (snapshot(ex, account_id, id).await?, was),
    };
    // An activity of a deal belongs to the deal's pipeline (for webhooks
    // that want one pipeline).
    let pipeline_id = match after.get("deal_id").and_then(|d| d.as_i64()) {
        Some(deal) => fetch_optional!(
            ex,
            (i64,),
            "SELECT pipeline_id FROM deals WHERE account_id = $1 AND id = $2",
            account_id,
            deal
        )?
        .map(|(p,)| p),
        None => None,
    };
    let change = Change {
        kind,
        entity: "activity",
        entity_id: id,
        pipeline_id,
        before,
        after: &after,
    };
    outbox::emit(ex, account_id, source, now, &change).await?;
    Ok(())
}

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
    source: Source,
    a: &NewActivity,
    now: i64,
) -> Result<i64, AppError> {
    let id = fetch_scalar!(
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
    )?;
    announce(ex, account_id, source, id, "activity.created", None, now).await?;
    Ok(id)
}

/// Writes an edited activity's fields (already checked).
pub async fn update(
    ex: &mut Ex<'_>,
    account_id: i64,
    source: Source,
    id: i64,
    a: &NewActivity,
    now: i64,
) -> Result<(), AppError> {
    let was = snapshot(ex, account_id, id).await?;
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
    announce(
        ex,
        account_id,
        source,
        id,
        "activity.updated",
        Some(&was),
        now,
    )
    .await
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
pub async fn delete(
    ex: &mut Ex<'_>,
    account_id: i64,
    source: Source,
    id: i64,
    now: i64,
) -> Result<(), AppError> {
    let was = snapshot(ex, account_id, id).await?;
    execute!(
        ex,
        "DELETE FROM activities WHERE account_id = $1 AND id = $2",
        account_id,
        id
    )?;
    announce(
        ex,
        account_id,
        source,
        id,
        "activity.deleted",
        Some(&was),
        now,
    )
    .await
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
/// or both (none), due in `[from, to)` (either end open; then only dated
/// ones).
#[derive(Clone, Debug, Default)]
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

/// Where a page of the list starts: after (or, going back, before) this row
/// of its order, dated activities by due time and then undated ones by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityCursor {
    pub due_at: Option<i64>,
    pub id: i64,
    pub backward: bool,
}

impl ActivityListFilter {
    /// `WHERE …` of the filter (`a` the activity).
    fn conditions(&self, sql: &mut Sql) -> String {
        let mut c = vec![format!("a.account_id = {}", sql.arg(self.account_id))];
        let columns = [
            ("a.assigned_to", self.assigned_to),
            ("a.organization_id", self.organization_id),
            ("a.contact_id", self.contact_id),
        ];
        for (column, value) in columns {
            if let Some(v) = value {
                c.push(format!("{column} = {}", sql.arg(v)));
            }
        }
        if let Some(done) = self.done {
            // An equality, which both planners match to an index column.
            c.push(format!("a.done = {}", if done { "TRUE" } else { "FALSE" }));
        }
        if let Some(from) = self.from {
            c.push(format!("a.due_at >= {}", sql.arg(from)));
        }
        if let Some(to) = self.to {
            c.push(format!("a.due_at < {}", sql.arg(to)));
        }
        c.join(" AND ")
    }

    fn windowed(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}

const LIST_COLUMNS: &str = "a.id, a.kind, a.subject, a.due_at, a.priority, a.done, \
    d.key AS deal_key, d.title AS deal_title, u.name AS assignee \
    FROM activities a JOIN users u ON u.id = a.assigned_to LEFT JOIN deals d ON d.id = a.deal_id";

/// Up to `limit` rows of one part of the order: the dated activities (by
/// due time) or the undated ones (by id), past `cursor` when it is in it.
async fn part(
    ex: &mut Ex<'_>,
    f: &ActivityListFilter,
    dated: bool,
    cursor: Option<&ActivityCursor>,
    descending: bool,
    limit: i64,
) -> Result<Vec<ActivityListRow>, AppError> {
    let mut sql = Sql::default();
    let mut conditions = f.conditions(&mut sql);
    conditions += if dated {
        " AND a.due_at IS NOT NULL"
    } else {
        " AND a.due_at IS NULL"
    };
    let (op, dir) = if descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(c) = cursor {
        match c.due_at {
            Some(due) => {
                let (due, id) = (sql.arg(due), sql.arg(c.id));
                conditions += &format!(" AND (a.due_at, a.id) {op} ({due}, {id})");
            }
            None => conditions += &format!(" AND a.id {op} {}", sql.arg(c.id)),
        }
    }
    let order = if dated {
        format!("a.due_at {dir}, a.id {dir}")
    } else {
        format!("a.id {dir}")
    };
    let limit = sql.arg(limit);
    sql.push(&format!(
        "SELECT {LIST_COLUMNS} WHERE {conditions} ORDER BY {order} LIMIT {limit}"
    ));
    Ok(dynamic::fetch_all(ex, sql).await?)
}

/// One keyset page of the filter's activities, soonest due first and the
/// undated last, and whether the order goes on past it (in the direction
/// read). Each part is read from the index of its filters (migration 0009).
pub async fn list(
    ex: &mut Ex<'_>,
    f: &ActivityListFilter,
    cursor: Option<&ActivityCursor>,
    limit: i64,
) -> Result<(Vec<ActivityListRow>, bool), AppError> {
    let want = limit + 1;
    let backward = cursor.is_some_and(|c| c.backward);
    // The parts in the direction read; the cursor's part is read past it.
    let in_undated = cursor.is_some_and(|c| c.due_at.is_none());
    let parts: Vec<bool> = match (backward, in_undated) {
        (false, false) => vec![true, false],
        (false, true) => vec![false],
        (true, true) => vec![false, true],
        (true, false) => vec![true],
    };
    let mut rows = vec![];
    for (i, dated) in parts.into_iter().enumerate() {
        // A window of due times holds no undated activity.
        if !dated && f.windowed() {
            continue;
        }
        let past = if i == 0 { cursor } else { None };
        let got = part(ex, f, dated, past, backward, want - rows.len() as i64).await?;
        rows.extend(got);
        if rows.len() as i64 >= want {
            break;
        }
    }
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    if backward {
        rows.reverse();
    }
    Ok((rows, more))
}

/// How many activities match, counted up to `cap + 1`.
pub async fn count(ex: &mut Ex<'_>, f: &ActivityListFilter, cap: i64) -> Result<i64, AppError> {
    let mut sql = Sql::default();
    let conditions = f.conditions(&mut sql);
    let cap = sql.arg(cap + 1);
    sql.push(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 AS one FROM activities a WHERE {conditions} LIMIT {cap}) AS c"
    ));
    Ok(dynamic::fetch_scalar(ex, sql).await?)
}

/// Up to `limit` activities of each day (`[start, end)` instants), soonest
/// first, with the day's index; and how many each day holds, counted up to
/// `cap`.
pub async fn by_day(
    ex: &mut Ex<'_>,
    f: &ActivityListFilter,
    days: &[(i64, i64)],
    limit: i64,
    cap: i64,
) -> Result<(Vec<(usize, ActivityListRow)>, Vec<i64>), AppError> {
    if days.is_empty() {
        return Ok((vec![], vec![]));
    }
    let mut items = Sql::default();
    let mut counts = Sql::default();
    let (mut item_parts, mut count_parts) = (vec![], vec![]);
    for (i, (start, end)) in days.iter().enumerate() {
        let day = ActivityListFilter {
            from: Some(*start),
            to: Some(*end),
            ..f.clone()
        };
        let conditions = day.conditions(&mut items);
        let limit = items.arg(limit);
        item_parts.push(format!(
            "SELECT * FROM (SELECT CAST({i} AS BIGINT) AS day, {LIST_COLUMNS} WHERE {conditions} \
             ORDER BY a.due_at, a.id LIMIT {limit}) AS d{i}"
        ));
        let conditions = day.conditions(&mut counts);
        let cap = counts.arg(cap);
        count_parts.push(format!(
            "SELECT CAST({i} AS BIGINT) AS day, CAST(COUNT(*) AS BIGINT) AS n FROM \
             (SELECT 1 AS one FROM activities a WHERE {conditions} LIMIT {cap}) AS c{i}"
        ));
    }
    items.push(&item_parts.join(" UNION ALL "));
    counts.push(&count_parts.join(" UNION ALL "));
    let rows: Vec<DayRow> = dynamic::fetch_all(ex, items).await?;
    let totals: Vec<(i64, i64)> = dynamic::fetch_all(ex, counts).await?;
    let mut per_day = vec![0; days.len()];
    for (day, n) in totals {
        if let Some(slot) = usize::try_from(day).ok().and_then(|d| per_day.get_mut(d)) {
            *slot = n;
        }
    }
    let rows = rows
        .into_iter()
        .map(|r| {
            (
                usize::try_from(r.day).unwrap_or(0),
                ActivityListRow {
                    id: r.id,
                    kind: r.kind,
                    subject: r.subject,
                    due_at: r.due_at,
                    priority: r.priority,
                    done: r.done,
                    deal_key: r.deal_key,
                    deal_title: r.deal_title,
                    assignee: r.assignee,
                },
            )
        })
        .collect();
    Ok((rows, per_day))
}

/// An [`ActivityListRow`] with the calendar day it was read for.
#[derive(sqlx::FromRow)]
struct DayRow {
    day: i64,
    id: i64,
    kind: String,
    subject: String,
    due_at: Option<i64>,
    priority: String,
    done: bool,
    deal_key: Option<String>,
    deal_title: Option<String>,
    assignee: String,
}

/// An activity written with many others (the demo seeder).
pub struct BulkActivity {
    pub account_id: i64,
    pub kind: &'static str,
    pub subject: String,
    pub due_at: i64,
    pub priority: &'static str,
    pub assigned_to: i64,
    pub deal_id: i64,
    pub contact_id: i64,
    pub organization_id: i64,
    pub done: bool,
    pub done_at: Option<i64>,
    pub created_at: i64,
}

pub async fn insert_activities(ex: &mut Ex<'_>, rows: &[BulkActivity]) -> Result<(), AppError> {
    insert_many!(
        ex,
        "INSERT INTO activities (account_id, kind, subject, due_at, priority, assigned_to, deal_id, contact_id, \
         organization_id, done, done_at, created_at)",
        rows,
        |r| [
            r.account_id,
            r.kind,
            &r.subject,
            r.due_at,
            r.priority,
            r.assigned_to,
            r.deal_id,
            r.contact_id,
            r.organization_id,
            r.done,
            r.done_at,
            r.created_at
        ]
    )
}
