//! The SQL of webhooks and their deliveries (migration 0023): the
//! endpoints of an account, the delivery log, and what the delivery worker
//! claims and writes back.
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};

/// An endpoint as stored.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct WebhookRow {
    pub id: i64,
    pub url: String,
    pub secret: String,
    /// Comma-separated kinds ('' = every kind).
    pub kinds: String,
    pub pipeline_id: Option<i64>,
    pub description: String,
    pub active: bool,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl WebhookRow {
    /// The kinds it receives (empty: every kind).
    pub fn kind_list(&self) -> Vec<String> {
        crate::domain::events::kind_list(&self.kinds)
    }
}

macro_rules! webhook_columns {
    () => {
        "id, url, secret, kinds, pipeline_id, description, active, disabled_at, created_at, \
         updated_at, version"
    };
}

/// An endpoint's fields as written.
pub struct WebhookFields<'a> {
    pub url: &'a str,
    pub kinds: &'a str,
    pub pipeline_id: Option<i64>,
    pub description: &'a str,
    pub active: bool,
}

/// The account's endpoints, oldest first (an account has a handful).
pub async fn list(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<WebhookRow>, AppError> {
    Ok(fetch_all!(
        ex,
        WebhookRow,
        concat!(
            "SELECT ",
            webhook_columns!(),
            " FROM webhooks WHERE account_id = $1 ORDER BY id LIMIT 100"
        ),
        account_id
    )?)
}

/// How many endpoints the account has.
pub async fn count(ex: &mut Ex<'_>, account_id: i64) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM webhooks WHERE account_id = $1",
        account_id
    )?)
}

/// The account's endpoint `id` (a foreign one: none).
pub async fn get(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<WebhookRow>, AppError> {
    Ok(fetch_optional!(
        ex,
        WebhookRow,
        concat!(
            "SELECT ",
            webhook_columns!(),
            " FROM webhooks WHERE account_id = $1 AND id = $2"
        ),
        account_id,
        id
    )?)
}

/// Adds an endpoint; answers its id.
pub async fn insert(
    ex: &mut Ex<'_>,
    account_id: i64,
    f: &WebhookFields<'_>,
    secret: &str,
    created_by: i64,
    now: i64,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO webhooks (account_id, url, secret, kinds, pipeline_id, description, active, \
           created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        account_id,
        f.url,
        secret,
        f.kinds,
        f.pipeline_id,
        f.description,
        f.active,
        created_by,
        now
    )?)
}

/// Writes an endpoint's fields if it is still at `version` (false: it
/// changed meanwhile). Switching it on again clears its disabling.
pub async fn update(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    version: i64,
    f: &WebhookFields<'_>,
    now: i64,
) -> Result<bool, AppError> {
    let changed = execute!(
        ex,
        "UPDATE webhooks SET url = $1, kinds = $2, pipeline_id = $3, description = $4, \
           active = $5, disabled_at = CASE WHEN $5 THEN NULL ELSE disabled_at END, \
           updated_at = $6, version = version + 1 \
         WHERE account_id = $7 AND id = $8 AND version = $9",
        f.url,
        f.kinds,
        f.pipeline_id,
        f.description,
        f.active,
        now,
        account_id,
        id,
        version
    )?;
    Ok(changed == 1)
}

/// Deletes an endpoint and its log (false: none such).
pub async fn delete(ex: &mut Ex<'_>, account_id: i64, id: i64) -> Result<bool, AppError> {
    Ok(execute!(
        ex,
        "DELETE FROM webhooks WHERE account_id = $1 AND id = $2",
        account_id,
        id
    )? == 1)
}

/// A delivery as the log shows it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub event_id: i64,
    pub kind: String,
    pub entity: String,
    pub entity_id: i64,
    pub state: String,
    pub attempts: i64,
    pub next_at: i64,
    pub created_at: i64,
    pub last_at: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub last_body: Option<String>,
    pub last_ms: Option<i64>,
    pub done_at: Option<i64>,
}

/// Up to `limit` deliveries of the endpoint, newest first, before the
/// delivery `before` (none: from the newest).
pub async fn log(
    ex: &mut Ex<'_>,
    account_id: i64,
    webhook_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<DeliveryRow>, AppError> {
    Ok(fetch_all!(
        ex,
        DeliveryRow,
        "SELECT d.id, d.event_id, e.kind, d.entity, d.entity_id, d.state, d.attempts, d.next_at, \
           d.created_at, d.last_at, d.last_status, d.last_error, d.last_body, d.last_ms, d.done_at \
         FROM webhook_deliveries d JOIN events e ON e.id = d.event_id \
         WHERE d.account_id = $1 AND d.webhook_id = $2 AND d.id < $3 \
         ORDER BY d.id DESC LIMIT $4",
        account_id,
        webhook_id,
        before.unwrap_or(i64::MAX),
        limit
    )?)
}

/// The event of the endpoint's delivery `id` (a foreign one: none).
pub async fn event_of(
    ex: &mut Ex<'_>,
    account_id: i64,
    webhook_id: i64,
    id: i64,
) -> Result<Option<(i64, String, i64)>, AppError> {
    Ok(fetch_optional!(
        ex,
        (i64, String, i64),
        "SELECT event_id, entity, entity_id FROM webhook_deliveries \
         WHERE account_id = $1 AND webhook_id = $2 AND id = $3",
        account_id,
        webhook_id,
        id
    )?)
}

/// A delivery claimed for this server, with what its request needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub account_id: i64,
    pub webhook_id: i64,
    pub event_id: i64,
    pub attempts: i64,
    /// Its lease: the claim holds until then, and every write checks it.
    pub next_at: i64,
}

/// Whether any delivery is due at `now` (read off the writer first, so an
/// idle worker never takes SQLite's one writer).
pub async fn any_due(ex: &mut Ex<'_>, now: i64) -> Result<bool, AppError> {
    Ok(fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_at <= $1 LIMIT 1",
        now
    )?
    .is_some())
}

/// Claims up to `limit` deliveries due at `now` until `lease`, counting an
/// attempt each: only of active endpoints (or their test messages), and only the oldest pending
/// delivery of each endpoint and record (so a record's events arrive in
/// order). PostgreSQL skips the rows another server is claiming
/// (`FOR UPDATE SKIP LOCKED`); SQLite has one writer.
pub async fn claim(
    ex: &mut Ex<'_>,
    now: i64,
    lease: i64,
    limit: i64,
) -> Result<Vec<Claimed>, AppError> {
    macro_rules! claim_sql {
        ($lock:literal) => {
            concat!(
                "UPDATE webhook_deliveries SET next_at = $2, attempts = attempts + 1 \
                 WHERE id IN (SELECT d.id FROM webhook_deliveries d \
                   JOIN webhooks w ON w.id = d.webhook_id AND (w.active OR d.entity = 'webhook') \
                   WHERE d.state = 'pending' AND d.next_at <= $1 \
                     AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p \
                       WHERE p.webhook_id = d.webhook_id AND p.entity = d.entity \
                         AND p.entity_id = d.entity_id AND p.state = 'pending' AND p.id < d.id) \
                   ORDER BY d.next_at, d.id LIMIT $3",
                $lock,
                ") RETURNING id, account_id, webhook_id, event_id, attempts, next_at"
            )
        };
    }
    Ok(match ex {
        Ex::Sqlite(c) => {
            sqlx::query_as::<_, Claimed>(claim_sql!(""))
                .bind(now)
                .bind(lease)
                .bind(limit)
                .fetch_all(&mut **c)
                .await?
        }
        Ex::Postgres(c) => {
            sqlx::query_as::<_, Claimed>(claim_sql!(" FOR UPDATE OF d SKIP LOCKED"))
                .bind(now)
                .bind(lease)
                .bind(limit)
                .fetch_all(&mut **c)
                .await?
        }
    })
}

/// What a claimed delivery sends: its event and its endpoint.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Outgoing {
    pub kind: String,
    pub entity: String,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub rule_id: Option<i64>,
    pub data: String,
    pub url: String,
    pub secret: String,
}

/// The event and endpoint of the claimed delivery `d`.
pub async fn outgoing(ex: &mut Ex<'_>, d: &Claimed) -> Result<Option<Outgoing>, AppError> {
    Ok(fetch_optional!(
        ex,
        Outgoing,
        "SELECT e.kind, e.entity, e.at, e.actor_id, e.rule_id, e.data, w.url, w.secret \
         FROM events e JOIN webhooks w ON w.id = $2 WHERE e.id = $1",
        d.event_id,
        d.webhook_id
    )?)
}

/// What one attempt brought back.
pub struct Attempt<'a> {
    pub status: Option<i64>,
    pub error: Option<&'a str>,
    pub body: Option<&'a str>,
    pub ms: i64,
}

/// Writes the attempt on the delivery `d` claimed until its lease: its
/// new state ('pending' again at `retry_at`, 'delivered' or 'failed');
/// false when the lease had passed and another server took it.
pub async fn finish(
    ex: &mut Ex<'_>,
    d: &Claimed,
    state: &str,
    retry_at: Option<i64>,
    a: &Attempt<'_>,
    now: i64,
) -> Result<bool, AppError> {
    let written = execute!(
        ex,
        "UPDATE webhook_deliveries SET state = $3, next_at = COALESCE($4, next_at), last_at = $5, \
           last_status = $6, last_error = $7, last_body = $8, last_ms = $9, \
           done_at = CASE WHEN $3 = 'pending' THEN NULL ELSE $5 END \
         WHERE id = $1 AND next_at = $2 AND state = 'pending'",
        d.id,
        d.next_at,
        state,
        retry_at,
        now,
        a.status,
        a.error,
        a.body,
        a.ms
    )?;
    Ok(written == 1)
}

/// Switches off the endpoint `id` whose retries ran out, at `now`.
pub async fn disable(ex: &mut Ex<'_>, id: i64, now: i64) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE webhooks SET active = FALSE, disabled_at = $2, version = version + 1 \
         WHERE id = $1",
        id,
        now
    )?;
    Ok(())
}
