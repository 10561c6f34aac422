//! The delivery worker every app server runs: it claims due deliveries
//! (each held by one server for [`LEASE_MS`]; a server that dies mid-way
//! lets its lease pass and another sends it again, with the same id), signs
//! and posts them, and writes back what came of each attempt. A failure is
//! tried again after a growing wait with jitter for about a day
//! ([`backoff_ms`]); when the last try fails the endpoint is switched off
//! and the account's integration admins are told in the bell.
use super::address::{AllowNets, Guarded, check_url};
use super::db::{self, Attempt, Claimed, Outgoing};
use super::sign;
use crate::domain::permission::Permission;
use crate::error::AppError;
use crate::ssr::db::Db;
use crate::ssr::notifications::db as notifications;
use crate::ssr::outbox;
use chrono::{DateTime, SecondsFormat};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a claimed delivery is left to its server (well over a request's
/// timeout).
pub const LEASE_MS: i64 = 2 * 60_000;
/// Tries before a delivery fails for good.
pub const MAX_ATTEMPTS: i64 = 10;
/// Deliveries one round claims at most (sent concurrently).
const ROUND: i64 = 32;
/// How long an idle worker waits before looking again.
const IDLE: Duration = Duration::from_millis(250);
/// The part of an answer kept in the log.
pub const EXCERPT_BYTES: usize = 1024;

/// The wait after the `attempts`-th failure, before jitter: 30 s, 2, 10
/// and 30 min, 1, 2, 4 and 8 h twice: about 24 h over [`MAX_ATTEMPTS`].
pub fn backoff_ms(attempts: i64) -> i64 {
    const SECONDS: [i64; 9] = [30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 28_800];
    SECONDS[(attempts.max(1) as usize - 1).min(SECONDS.len() - 1)] * 1000
}

/// [`backoff_ms`] moved by up to a tenth either way, so endpoints that
/// failed together are not all retried at the same instant.
fn jittered(attempts: i64) -> i64 {
    let wait = backoff_ms(attempts);
    let tenth = wait / 10;
    wait - tenth + rand::random_range(0..=2 * tenth)
}

/// Turns a stored record (`entity`, its object as stored) into the shape
/// the REST API shows it in; none: as stored.
pub type Render = fn(&str, &Value) -> Option<Value>;

/// What delivers: the HTTP client (resolving through [`Guarded`], no
/// proxy, no redirects, one timeout per request), the networks allowed
/// and the records' REST shapes.
#[derive(Clone)]
pub struct Deliverer {
    client: reqwest::Client,
    allow: AllowNets,
    render: Render,
}

impl Deliverer {
    pub fn new(allow: AllowNets, timeout: Duration, render: Render) -> Result<Deliverer, String> {
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(Guarded(allow.clone())))
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            // Every delivery connects (and resolves) anew: no address is
            // trusted past its own check.
            .pool_max_idle_per_host(0)
            .user_agent(concat!("Embudo-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("webhook client: {e}"))?;
        Ok(Deliverer {
            client,
            allow,
            render,
        })
    }
}

/// The Standard Webhooks message id of the event `event_id`: the same on
/// every attempt and resend, so receivers can drop repeats.
pub fn message_id(event_id: i64) -> String {
    format!("evt_{event_id}")
}

/// The body of the event: `{id, type, timestamp, data: {object, changes,
/// actor}}`, the record and its changes in their REST shapes.
pub fn payload(event_id: i64, o: &Outgoing, render: Render) -> Value {
    let data: Value = serde_json::from_str(&o.data).unwrap_or(Value::Null);
    let object = data.get("object").cloned().unwrap_or(Value::Null);
    let stored_changes = data
        .get("changes")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let shown = |v: &Value| render(&o.entity, v).unwrap_or_else(|| v.clone());
    // The record before, put back from the changes, shown as the API shows
    // it: the changes then read in the API's fields and formats.
    let mut before = object.clone();
    if let Some(fields) = before.as_object_mut() {
        for (field, change) in &stored_changes {
            fields.insert(field.clone(), change["from"].clone());
        }
    }
    let after = shown(&object);
    let changes = if stored_changes.is_empty() {
        json!({})
    } else {
        Value::Object(outbox::changes(&shown(&before), &after))
    };
    let actor = match (o.actor_id, o.rule_id) {
        (_, Some(rule)) => json!({"type": "automation", "rule_id": rule}),
        (Some(user), None) => json!({"type": "user", "user_id": user}),
        (None, None) => json!({"type": "system"}),
    };
    json!({
        "id": message_id(event_id),
        "type": o.kind,
        "timestamp": iso(o.at),
        "data": {"object": after, "changes": changes, "actor": actor},
    })
}

fn iso(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// What became of one claimed delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered(u16),
    /// Tried again later: the answer's status (none: no answer) and why.
    Retry(Option<u16>, String),
    /// The last try failed too: the endpoint was switched off.
    Failed(Option<u16>, String),
    /// Its lease passed before it was written: another server has it.
    Taken,
}

/// Posts the claimed delivery `d` and writes what came of it.
async fn deliver(
    db: &Db,
    d: &Deliverer,
    c: Claimed,
    clock: &(dyn Fn() -> i64 + Sync),
) -> Result<Outcome, AppError> {
    let Some(o) = db::outgoing(&mut db.read().await?.ex(), &c).await? else {
        return Ok(Outcome::Taken);
    };
    let started = Instant::now();
    let sent = post(d, &c, &o, clock()).await;
    let ms = started.elapsed().as_millis() as i64;
    let now = clock();
    let (status, error, body) = match &sent {
        Ok((status, body)) => (Some(*status), None, Some(body.as_str())),
        Err(why) => (None, Some(why.as_str()), None),
    };
    let attempt = Attempt {
        status: status.map(i64::from),
        error,
        body,
        ms,
    };
    let ok = status.is_some_and(|s| (200..300).contains(&s));
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let why = || match (status, error) {
        (_, Some(e)) => e.to_string(),
        (Some(s), None) => format!("HTTP {s}"),
        (None, None) => String::new(),
    };
    let outcome = if ok {
        if !db::finish(&mut ex, &c, "delivered", None, &attempt, now).await? {
            return Ok(Outcome::Taken);
        }
        Outcome::Delivered(status.unwrap_or_default())
    } else if c.attempts < MAX_ATTEMPTS {
        let retry = now + jittered(c.attempts);
        if !db::finish(&mut ex, &c, "pending", Some(retry), &attempt, now).await? {
            return Ok(Outcome::Taken);
        }
        Outcome::Retry(status, why())
    } else {
        if !db::finish(&mut ex, &c, "failed", None, &attempt, now).await? {
            return Ok(Outcome::Taken);
        }
        db::disable(&mut ex, c.webhook_id, now).await?;
        let notice = json!({"webhook_id": c.webhook_id, "url": o.url, "error": why()}).to_string();
        notifications::notify_holders(
            &mut ex,
            c.account_id,
            Permission::IntegrationsManage,
            "webhook_disabled",
            &notice,
            now,
        )
        .await?;
        tracing::warn!(webhook = c.webhook_id, "webhook switched off: {}", why());
        Outcome::Failed(status, why())
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Signs and posts the event; answers the status and the start of the
/// answer, or why there was none.
async fn post(d: &Deliverer, c: &Claimed, o: &Outgoing, now: i64) -> Result<(u16, String), String> {
    let url = reqwest::Url::parse(&o.url).map_err(|e| format!("url: {e}"))?;
    check_url(&url, &d.allow).map_err(|why| format!("refused: {why}"))?;
    let id = message_id(c.event_id);
    let body = payload(c.event_id, o, d.render).to_string();
    let timestamp = now.div_euclid(1000);
    let signature = sign::signature(&o.secret, &id, timestamp, &body);
    let answer = d
        .client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await
        .map_err(|e| describe(&e))?;
    let status = answer.status().as_u16();
    Ok((status, excerpt(answer).await))
}

/// The first [`EXCERPT_BYTES`] of an answer's body, as text.
async fn excerpt(mut answer: reqwest::Response) -> String {
    let mut kept = Vec::new();
    while kept.len() < EXCERPT_BYTES {
        match answer.chunk().await {
            Ok(Some(chunk)) => kept.extend_from_slice(&chunk),
            _ => break,
        }
    }
    kept.truncate(EXCERPT_BYTES);
    String::from_utf8_lossy(&kept).into_owned()
}

/// A failed request in a line: timed out, refused address, connection.
fn describe(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    if e.is_timeout() {
        return "timeout".into();
    }
    let mut cause = e.source();
    while let Some(c) = cause {
        if let Some(refused) = c.downcast_ref::<super::address::Refused>() {
            return format!("refused: {refused}");
        }
        cause = c.source();
    }
    if e.is_connect() {
        return "connection failed".into();
    }
    e.to_string()
}

/// Sends the deliveries due at `clock()`, concurrently; answers what
/// became of each (one that could not be written is logged and left to its
/// lease).
pub async fn deliver_due(
    db: &Db,
    d: &Deliverer,
    clock: &(dyn Fn() -> i64 + Sync),
) -> Result<Vec<Outcome>, AppError> {
    let now = clock();
    if !db::any_due(&mut db.read().await?.ex(), now).await? {
        return Ok(Vec::new());
    }
    let claimed = {
        let mut tx = db.begin().await?;
        let claimed = db::claim(&mut tx.ex(), now, now + LEASE_MS, ROUND).await?;
        tx.commit().await?;
        claimed
    };
    let sends = claimed.into_iter().map(|c| async move {
        let id = c.id;
        deliver(db, d, c, clock)
            .await
            .inspect_err(|e| tracing::error!(delivery = id, "webhook delivery not written: {e:?}"))
            .ok()
    });
    Ok(futures::future::join_all(sends)
        .await
        .into_iter()
        .flatten()
        .collect())
}

/// The delivery worker: rounds back to back while deliveries are due,
/// otherwise a look every [`IDLE`]; now and then it forgets delivered
/// events older than a week. Each round is a task of its own: one that
/// fails or panics is logged and the next round runs (a worker never stops
/// until a restart).
pub async fn work(db: Db, d: Deliverer) {
    let mut rounds: u64 = 0;
    loop {
        let (round_db, round_d) = (db.clone(), d.clone());
        let round = tokio::spawn(async move {
            deliver_due(&round_db, &round_d, &crate::ssr::clock::now_ms)
                .await
                .map(|done| done.len() as i64)
        });
        match round.await {
            Ok(Ok(done)) if done == ROUND => continue,
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::error!("webhook round failed: {e:?}"),
            Err(e) => tracing::error!("webhook round panicked: {e}"),
        }
        rounds += 1;
        if rounds % 14_400 == 1 {
            prune(&db).await;
        }
        tokio::time::sleep(IDLE).await;
    }
}

/// Forgets events older than a week none of whose deliveries is pending.
async fn prune(db: &Db) {
    const WEEK_MS: i64 = 7 * 24 * 3600 * 1000;
    let before = crate::ssr::clock::now_ms() - WEEK_MS;
    let pruned = async {
        let mut tx = db.begin().await?;
        let n = outbox::db::prune(&mut tx.ex(), before, 10_000).await?;
        tx.commit().await?;
        Ok::<u64, AppError>(n)
    };
    match pruned.await {
        Ok(n) if n > 0 => tracing::info!("{n} old events forgotten"),
        Ok(_) => {}
        Err(e) => tracing::error!("pruning the outbox failed: {e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_spread_over_about_a_day() {
        let total: i64 = (1..MAX_ATTEMPTS).map(backoff_ms).sum();
        assert!(
            (22 * 3600 * 1000..26 * 3600 * 1000).contains(&total),
            "{total}"
        );
        for n in 1..MAX_ATTEMPTS {
            let w = jittered(n);
            assert!(w >= backoff_ms(n) * 9 / 10 && w <= backoff_ms(n) * 11 / 10);
        }
    }

    #[test]
    fn the_api_shape_of_changes_is_put_back_from_the_stored_ones() {
        fn render(_: &str, v: &Value) -> Option<Value> {
            Some(
                json!({"value": format!("{}.00", v["value_minor"].as_i64()? / 100), "id": v["id"]}),
            )
        }
        let o = Outgoing {
            kind: "deal.updated".into(),
            entity: "deal".into(),
            at: 0,
            actor_id: Some(3),
            rule_id: None,
            data: json!({"object": {"id": 1, "value_minor": 20000},
                         "changes": {"value_minor": {"from": 10000, "to": 20000}}})
            .to_string(),
            url: String::new(),
            secret: String::new(),
        };
        let p = payload(7, &o, render);
        assert_eq!(p["id"], "evt_7");
        assert_eq!(p["timestamp"], "1970-01-01T00:00:00.000Z");
        assert_eq!(p["data"]["object"], json!({"value": "200.00", "id": 1}));
        assert_eq!(
            p["data"]["changes"],
            json!({"value": {"from": "100.00", "to": "200.00"}})
        );
        assert_eq!(p["data"]["actor"], json!({"type": "user", "user_id": 3}));
    }
}
