//! The SQL of the outbox (migration 0023): writing an event and fanning it
//! out to the endpoints that want it.
use super::{Change, Source};
use crate::domain::events::{kind_list, subscribed};
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all, fetch_scalar};

/// An event to write.
pub struct NewEvent<'a> {
    pub account_id: i64,
    pub kind: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub pipeline_id: Option<i64>,
    pub source: Source,
    pub at: i64,
    pub data: &'a str,
}

/// Writes an event; answers its id.
pub async fn insert(ex: &mut Ex<'_>, e: &NewEvent<'_>) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO events (account_id, kind, entity, entity_id, pipeline_id, actor_id, rule_id, \
           depth, at, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        e.account_id,
        e.kind,
        e.entity,
        e.entity_id,
        e.pipeline_id,
        e.source.actor_id,
        e.source.rule_id,
        e.source.depth,
        e.at,
        e.data
    )?)
}

/// A live endpoint's subscription.
#[derive(sqlx::FromRow)]
struct Subscription {
    id: i64,
    kinds: String,
    pipeline_id: Option<i64>,
}

/// Queues the event `event_id` of `change` to every active endpoint of the
/// account subscribed to its kind (and its pipeline, when it names one).
pub async fn fan_out(
    ex: &mut Ex<'_>,
    account_id: i64,
    event_id: i64,
    change: &Change<'_>,
    now: i64,
) -> Result<(), AppError> {
    let endpoints = fetch_all!(
        ex,
        Subscription,
        "SELECT id, kinds, pipeline_id FROM webhooks WHERE account_id = $1 AND active",
        account_id
    )?;
    for w in endpoints {
        let kinds = kind_list(&w.kinds);
        let pipeline_fits = w.pipeline_id.is_none() || w.pipeline_id == change.pipeline_id;
        if subscribed(&kinds, change.kind) && pipeline_fits {
            queue(
                ex,
                account_id,
                w.id,
                event_id,
                (change.entity, change.entity_id),
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// Queues the event `event_id` about `record` to the endpoint `webhook_id`,
/// due now; answers the delivery's id.
pub async fn queue(
    ex: &mut Ex<'_>,
    account_id: i64,
    webhook_id: i64,
    event_id: i64,
    (entity, entity_id): (&str, i64),
    now: i64,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO webhook_deliveries (account_id, webhook_id, event_id, entity, entity_id, \
           next_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        account_id,
        webhook_id,
        event_id,
        entity,
        entity_id,
        now
    )?)
}

/// How many events the account has.
pub async fn count(ex: &mut Ex<'_>, account_id: i64) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM events WHERE account_id = $1",
        account_id
    )?)
}

/// Forgets the events older than `before` whose deliveries are all done
/// (the outbox is a queue, not an archive; the deal's history is kept).
pub async fn prune(ex: &mut Ex<'_>, before: i64, limit: i64) -> Result<u64, AppError> {
    Ok(execute!(
        ex,
        "DELETE FROM events WHERE id IN (SELECT e.id FROM events e WHERE e.at < $1 \
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id \
             AND d.state = 'pending') ORDER BY e.id LIMIT $2)",
        before,
        limit
    )?)
}
