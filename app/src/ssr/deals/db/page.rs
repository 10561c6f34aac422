//! Reads for the deal page, and its comments.
use crate::domain::deal_status::DealStatus;
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all, fetch_optional};

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct DealRecord {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub value_minor: i64,
    pub currency: String,
    pub exchange_rate: String,
    pub status: DealStatus,
    pub pipeline_id: i64,
    pub pipeline: String,
    pub stage_id: i64,
    pub stage: String,
    pub owner_id: i64,
    pub owner: String,
    pub organization_id: Option<i64>,
    pub organization: Option<String>,
    pub contact_id: Option<i64>,
    pub contact: Option<String>,
    pub description: Option<String>,
    pub priority: Option<String>,
    pub source: Option<String>,
    pub expected_close_date: Option<String>,
    pub created_at: i64,
    pub won_at: Option<i64>,
    pub lost_at: Option<i64>,
    pub lost_reason: Option<String>,
    pub lost_note: Option<String>,
    pub value_from_lines: bool,
    pub version: i64,
}

/// The deal of the account with this key.
pub async fn by_key(
    ex: &mut Ex<'_>,
    account_id: i64,
    key: &str,
) -> Result<Option<DealRecord>, AppError> {
    Ok(fetch_optional!(
        ex,
        DealRecord,
        "SELECT d.id, d.key, d.title, d.value_minor, d.currency, d.exchange_rate, d.status, \
           d.pipeline_id, p.name AS pipeline, d.stage_id, s.name AS stage, d.owner_id, u.name AS owner, \
           d.organization_id, o.name AS organization, d.contact_id, c.name AS contact, \
           d.description, d.priority, d.source, d.expected_close_date, d.created_at, d.won_at, d.lost_at, r.label AS lost_reason, \
           d.lost_note, d.value_from_lines, d.version \
         FROM deals d \
         JOIN pipelines p ON p.id = d.pipeline_id \
         JOIN stages s ON s.id = d.stage_id \
         JOIN users u ON u.id = d.owner_id \
         LEFT JOIN organizations o ON o.id = d.organization_id \
         LEFT JOIN contacts c ON c.id = d.contact_id \
         LEFT JOIN lost_reasons r ON r.id = d.lost_reason_id AND d.status = 'lost' \
         WHERE d.account_id = $1 AND d.key = $2",
        account_id,
        key
    )?)
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct EventRecord {
    pub kind: String,
    pub actor: Option<String>,
    pub at: i64,
    pub data: String,
}

/// A history event with its id (the REST API's cursor).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NumberedEvent {
    pub id: i64,
    pub kind: String,
    pub actor: Option<String>,
    pub at: i64,
    pub data: String,
}

/// Up to `limit` of the deal's history events after event `after` (0: from
/// the start), oldest first.
pub async fn events_after(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<NumberedEvent>, AppError> {
    Ok(fetch_all!(
        ex,
        NumberedEvent,
        "SELECT e.id, e.kind, u.name AS actor, e.at, e.data FROM deal_events e \
         LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.account_id = $1 AND e.deal_id = $2 \
           AND (e.at, e.id) > (COALESCE((SELECT c.at FROM deal_events c \
               WHERE c.id = $3 AND c.deal_id = $2), -1), $3) \
         ORDER BY e.at, e.id LIMIT $4",
        account_id,
        deal_id,
        after,
        limit
    )?)
}

/// The deal's `limit` newest history events, newest first.
pub async fn latest_events(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    limit: i64,
) -> Result<Vec<EventRecord>, AppError> {
    Ok(fetch_all!(
        ex,
        EventRecord,
        "SELECT e.kind, u.name AS actor, e.at, e.data FROM deal_events e \
         LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.account_id = $1 AND e.deal_id = $2 ORDER BY e.at DESC, e.id DESC LIMIT $3",
        account_id,
        deal_id,
        limit
    )?)
}

/// Names the history needs: every stage, user and lost reason of the account.
pub async fn names(
    ex: &mut Ex<'_>,
    account_id: i64,
) -> Result<Vec<(String, i64, String)>, AppError> {
    Ok(fetch_all!(
        ex,
        (String, i64, String),
        "SELECT 'stage', id, name FROM stages WHERE account_id = $1 \
         UNION ALL SELECT 'user', id, name FROM users WHERE account_id = $1 \
         UNION ALL SELECT 'reason', id, label FROM lost_reasons WHERE account_id = $1",
        account_id
    )?)
}

/// The names of these organizations and contacts of the account, as
/// ("organization" or "contact", id, name).
pub async fn record_names(
    ex: &mut Ex<'_>,
    account_id: i64,
    organizations: &[i64],
    contacts: &[i64],
) -> Result<Vec<(String, i64, String)>, AppError> {
    if organizations.is_empty() && contacts.is_empty() {
        return Ok(vec![]);
    }
    let list = |ids: &[i64]| {
        let mut text: Vec<String> = ids.iter().map(i64::to_string).collect();
        text.push("0".into());
        text.join(",")
    };
    // Ids are numbers: written into the statement, they cannot inject.
    let sql = format!(
        "SELECT 'organization', id, name FROM organizations WHERE account_id = $1 AND id IN ({}) \
         UNION ALL SELECT 'contact', id, name FROM contacts WHERE account_id = $1 AND id IN ({})",
        list(organizations),
        list(contacts)
    );
    Ok(fetch_all!(
        ex,
        (String, i64, String),
        sqlx::AssertSqlSafe(sql),
        account_id
    )?)
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct CommentRecord {
    pub author: String,
    pub body: String,
    pub created_at: i64,
}

/// The deal's `limit` newest comments, newest first.
pub async fn latest_comments(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    limit: i64,
) -> Result<Vec<CommentRecord>, AppError> {
    Ok(fetch_all!(
        ex,
        CommentRecord,
        "SELECT u.name AS author, c.body, c.created_at FROM deal_comments c \
         JOIN users u ON u.id = c.author_id \
         WHERE c.account_id = $1 AND c.deal_id = $2 \
         ORDER BY c.created_at DESC, c.id DESC LIMIT $3",
        account_id,
        deal_id,
        limit
    )?)
}

pub async fn add_comment(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    author_id: i64,
    body: &str,
    now: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "INSERT INTO deal_comments (account_id, deal_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)",
        account_id,
        deal_id,
        author_id,
        body,
        now
    )?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ActivityRecord {
    pub subject: String,
    pub due_at: Option<i64>,
    pub done: bool,
}

/// The deal's activities: pending first, by due date.
pub async fn activities(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
) -> Result<Vec<ActivityRecord>, AppError> {
    Ok(fetch_all!(
        ex,
        ActivityRecord,
        "SELECT subject, due_at, done FROM activities \
         WHERE account_id = $1 AND deal_id = $2 ORDER BY done, due_at, id",
        account_id,
        deal_id
    )?)
}
