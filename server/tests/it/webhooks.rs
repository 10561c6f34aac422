//! Webhooks on SQLite and PostgreSQL, delivered to a real HTTP receiver on
//! this machine (an axum server the test starts) by the real delivery
//! worker under a test clock: every deal change arrives, signed (checked
//! here with an HMAC of our own), in order per record, with the same
//! `webhook-id` on every retry and resend; an endpoint whose retries run
//! out is switched off and its admins told; internal addresses are refused
//! when the endpoint is saved and again at every delivery; two workers on
//! one database never send an event twice.
use crate::common::*;
use app::ssr::db::Db;
use app::ssr::webhooks::address::AllowNets;
use app::ssr::webhooks::deliver::{self, Deliverer, MAX_ATTEMPTS, Outcome};
use axum::extract::State;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request the receiver got.
#[derive(Clone, Debug)]
pub struct Got {
    pub id: String,
    timestamp: String,
    signature: String,
    body: String,
}

impl Got {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// A receiver on 127.0.0.1 that answers 500 to its first `fail` requests
/// and 200 after, keeping every request; `in_flight` counts the requests
/// being answered at once per id (two at once is a double delivery).
#[derive(Clone, Default)]
pub struct Receiver {
    pub got: Arc<Mutex<Vec<Got>>>,
    fail: Arc<AtomicUsize>,
    busy: Arc<Mutex<Vec<String>>>,
    overlaps: Arc<AtomicUsize>,
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    let h = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let id = h("webhook-id");
    {
        let mut busy = r.busy.lock().unwrap();
        if busy.contains(&id) {
            r.overlaps.fetch_add(1, Ordering::SeqCst);
        }
        busy.push(id.clone());
    }
    tokio::time::sleep(Duration::from_millis(2)).await;
    r.busy.lock().unwrap().retain(|b| *b != id);
    r.got.lock().unwrap().push(Got {
        id,
        timestamp: h("webhook-timestamp"),
        signature: h("webhook-signature"),
        body,
    });
    let failing = r
        .fail
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if failing {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    }
}

/// Starts a receiver failing its first `fail` requests, on a thread and
/// runtime of its own (so a test that blocks its own thread is still
/// answered); answers it and its URL.
pub async fn receiver(fail: usize) -> (Receiver, String) {
    let r = Receiver::default();
    r.fail.store(fail, Ordering::SeqCst);
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(receive))
        .with_state(r.clone());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap()
        })
    });
    (r, url)
}

fn loopback() -> AllowNets {
    AllowNets::new(vec!["127.0.0.0/8".parse().unwrap()])
}

fn deliverer(allow: AllowNets) -> Deliverer {
    Deliverer::new(allow, Duration::from_secs(5), server::rest::render_record).unwrap()
}

/// Whether `g` carries a valid Standard Webhooks signature with `secret`.
fn signed(g: &Got, secret: &str) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", g.id, g.timestamp, g.body).as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    g.signature == expected
}

/// Rounds of the worker at the test clock `clock` (moved on by `step` ms
/// after each) until one finds nothing due twice; answers every outcome.
async fn drain(db: &Db, d: &Deliverer, clock: &AtomicI64, step: i64) -> Vec<Outcome> {
    let mut all = Vec::new();
    let mut idle = 0;
    while idle < 2 {
        let now = || clock.load(Ordering::SeqCst);
        let done = deliver::deliver_due(db, d, &now).await.unwrap();
        idle = if done.is_empty() { idle + 1 } else { 0 };
        all.extend(done);
        clock.fetch_add(step, Ordering::SeqCst);
    }
    all
}

fn kinds(got: &[Got]) -> Vec<String> {
    got.iter()
        .map(|g| g.json()["type"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn every_deal_change_is_delivered_signed_in_order_and_retried_with_its_id() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Ganchos", "estandar").await;
        let other = account(&t.db, "Ganchos ajenos", "estandar").await;
        let router = router_with(&t.db, |s| s.webhook_allow_nets = loopback().0.to_vec());
        let strict = router_with(&t.db, |_| {});
        let token = app::ssr::accounts::provision::create_token(&t.db, &a.admin, "w")
            .await
            .unwrap();
        let seller = app::ssr::accounts::provision::create_token(&t.db, &a.vendedor, "v")
            .await
            .unwrap();
        let theirs = app::ssr::accounts::provision::create_token(&t.db, &other.admin, "o")
            .await
            .unwrap();
        let rest =
            |router: &axum::Router, method: &'static str, path: String, token: &str, body| {
                let (router, token) = (router.clone(), token.to_string());
                async move { send(&router, with_token(method, &path, &token, body)).await }
            };
        let (got, url) = receiver(2).await;

        // Internal addresses are refused by default, named.
        for internal in [
            url.as_str(),
            "http://169.254.169.254/latest/meta-data",
            "http://localhost:9/x",
        ] {
            let refused = rest(
                &strict,
                "POST",
                "/api/v1/webhooks".into(),
                &token,
                Some(json!({"url": internal})),
            )
            .await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}: {internal}"
            );
            assert_eq!(
                refused.json()["error"]["fields"]["url"],
                "internal",
                "{name}: {}",
                refused.body
            );
        }
        let bad = rest(
            &router,
            "POST",
            "/api/v1/webhooks".into(),
            &token,
            Some(json!({"url": "ftp://x.mx/y", "kinds": ["deal.archived"]})),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(bad.json()["error"]["fields"]["url"], "scheme", "{name}");
        assert_eq!(bad.json()["error"]["fields"]["kinds"], "invalid", "{name}");
        // A seller may not add one; another account does not see it.
        let denied = rest(
            &router,
            "POST",
            "/api/v1/webhooks".into(),
            &seller,
            Some(json!({"url": url})),
        )
        .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{name}");

        let made = rest(
            &router,
            "POST",
            "/api/v1/webhooks".into(),
            &token,
            Some(json!({"url": url, "description": "ERP"})),
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{name}: {}", made.body);
        let hook = made.json();
        let hook_id = hook["id"].as_i64().unwrap();
        let secret = hook["secret"].as_str().unwrap().to_string();
        assert!(secret.starts_with("whsec_"), "{name}");
        assert_eq!(hook["kinds"], json!([]), "{name}: every kind");
        let foreign = rest(
            &router,
            "GET",
            format!("/api/v1/webhooks/{hook_id}"),
            &theirs,
            None,
        )
        .await;
        let missing = rest(
            &router,
            "GET",
            "/api/v1/webhooks/999999".into(),
            &theirs,
            None,
        )
        .await;
        assert_eq!(
            (foreign.status, foreign.body.clone()),
            (missing.status, missing.body),
            "{name}"
        );
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{name}");

        // A deal made, moved, renamed and won through the API.
        let stages = stage_ids(&t.db, a.id).await;
        let deal = rest(
            &router,
            "POST",
            "/api/v1/deals".into(),
            &token,
            Some(json!({"title": "Puertas", "value": "1500.50", "stage_id": stages[0]})),
        )
        .await;
        assert_eq!(deal.status, StatusCode::CREATED, "{name}: {}", deal.body);
        let deal_id = deal.json()["id"].as_i64().unwrap();
        let path = format!("/api/v1/deals/{deal_id}");
        let moved = rest(
            &router,
            "POST",
            format!("{path}/move"),
            &token,
            Some(json!({"stage_id": stages[1], "version": 1})),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{name}: {}", moved.body);
        let renamed = rest(
            &router,
            "PATCH",
            path.clone(),
            &token,
            Some(json!({"title": "Puertas y ventanas", "version": 2})),
        )
        .await;
        assert_eq!(renamed.status, StatusCode::OK, "{name}: {}", renamed.body);
        let won = rest(
            &router,
            "POST",
            format!("{path}/won"),
            &token,
            Some(json!({"version": 3})),
        )
        .await;
        assert_eq!(won.status, StatusCode::OK, "{name}: {}", won.body);

        // The first two attempts fail: the first event is retried, the
        // others wait behind it (order per record).
        let clock = AtomicI64::new(app::ssr::clock::now_ms());
        let d = deliverer(loopback());
        let first = drain(&t.db, &d, &clock, 0).await;
        assert_eq!(
            first,
            [Outcome::Retry(Some(500), "HTTP 500".into())],
            "{name}"
        );
        let rest_of = drain(&t.db, &d, &clock, 10 * 60_000).await;
        assert_eq!(
            rest_of,
            [
                Outcome::Retry(Some(500), "HTTP 500".into()),
                Outcome::Delivered(200),
                Outcome::Delivered(200),
                Outcome::Delivered(200),
                Outcome::Delivered(200),
            ],
            "{name}"
        );
        let received = got.got.lock().unwrap().clone();
        assert_eq!(
            kinds(&received),
            [
                "deal.created",
                "deal.created",
                "deal.created",
                "deal.stage_changed",
                "deal.updated",
                "deal.won"
            ],
            "{name}"
        );
        assert!(
            received.iter().all(|g| signed(g, &secret)),
            "{name}: signatures"
        );
        assert_eq!(
            received[0].id, received[2].id,
            "{name}: a retry keeps its id"
        );
        let ids: std::collections::HashSet<_> =
            received[2..].iter().map(|g| g.id.clone()).collect();
        assert_eq!(ids.len(), 4, "{name}: one id per event");
        let bodies: Vec<Value> = received[2..].iter().map(Got::json).collect();
        assert_eq!(
            bodies[0]["data"]["object"]["value"], "1500.50",
            "{name}: the API's shape"
        );
        assert_eq!(bodies[0]["data"]["actor"]["type"], "user", "{name}");
        assert_eq!(
            bodies[1]["data"]["changes"]["stage_id"],
            json!({"from": stages[0], "to": stages[1]}),
            "{name}"
        );
        assert_eq!(
            bodies[2]["data"]["changes"],
            json!({"title": {"from": "Puertas", "to": "Puertas y ventanas"}}),
            "{name}: only what changed"
        );
        assert_eq!(
            bodies[3]["data"]["changes"]["status"],
            json!({"from": "open", "to": "won"}),
            "{name}"
        );
        let now = rest(&router, "GET", path.clone(), &token, None)
            .await
            .json();
        assert_eq!(
            bodies[3]["data"]["object"], now,
            "{name}: the record after the change"
        );

        // The log: newest first, with the answers.
        let log = rest(
            &router,
            "GET",
            format!("/api/v1/webhooks/{hook_id}/deliveries"),
            &token,
            None,
        )
        .await;
        assert_eq!(log.status, StatusCode::OK, "{name}: {}", log.body);
        let items = log.json()["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 4, "{name}");
        assert_eq!(items[3]["type"], "deal.created", "{name}");
        assert_eq!(
            (items[3]["attempts"].as_i64(), items[3]["state"].as_str()),
            (Some(3), Some("delivered")),
            "{name}"
        );
        assert_eq!(items[3]["response_status"], 200, "{name}");
        assert_eq!(items[3]["message_id"], received[0].id.as_str(), "{name}");

        // Resend and test: the same id again; a test to this endpoint only.
        let created_delivery = items[3]["id"].as_i64().unwrap();
        let again = rest(
            &router,
            "POST",
            format!("/api/v1/webhooks/{hook_id}/deliveries/{created_delivery}/resend"),
            &token,
            None,
        )
        .await;
        assert_eq!(again.status, StatusCode::ACCEPTED, "{name}: {}", again.body);
        let ping = rest(
            &router,
            "POST",
            format!("/api/v1/webhooks/{hook_id}/test"),
            &token,
            None,
        )
        .await;
        assert_eq!(ping.status, StatusCode::ACCEPTED, "{name}: {}", ping.body);
        let foreign_resend = rest(
            &router,
            "POST",
            format!("/api/v1/webhooks/{hook_id}/deliveries/{created_delivery}/resend"),
            &theirs,
            None,
        )
        .await;
        assert_eq!(foreign_resend.status, StatusCode::NOT_FOUND, "{name}");
        assert_eq!(drain(&t.db, &d, &clock, 0).await.len(), 2, "{name}");
        // Sent in one round (they are about different records): either order.
        let mut last_two = got.got.lock().unwrap()[6..].to_vec();
        last_two.sort_by_key(|g| g.json()["type"].as_str().unwrap_or("").to_string());
        assert_eq!(kinds(&last_two), ["deal.created", "webhook.test"], "{name}");
        assert_eq!(
            last_two[0].id, received[0].id,
            "{name}: a resend keeps its id"
        );
        assert!(signed(&last_two[1], &secret), "{name}");

        // The operator closes the loopback: the next delivery is refused
        // at its own resolution, though the endpoint was accepted.
        let moved = rest(
            &router,
            "POST",
            format!("{path}/reopen"),
            &token,
            Some(json!({"version": 4})),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{name}: {}", moved.body);
        let strict_worker = deliverer(AllowNets::default());
        let refused = drain(&t.db, &strict_worker, &clock, 0).await;
        assert!(
            matches!(&refused[..], [Outcome::Retry(None, why)] if why.contains("internal")),
            "{name}: {refused:?}"
        );
        assert_eq!(
            got.got.lock().unwrap().len(),
            8,
            "{name}: nothing reached it"
        );
    }
}

#[tokio::test]
async fn an_endpoint_whose_retries_run_out_is_switched_off_and_its_admins_told() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Ganchos caidos", "estandar").await;
        let router = router_with(&t.db, |s| s.webhook_allow_nets = loopback().0.to_vec());
        let token = app::ssr::accounts::provision::create_token(&t.db, &a.admin, "w")
            .await
            .unwrap();
        let (got, url) = receiver(usize::MAX).await;
        let hook_id = created(
            &router,
            &token,
            "/api/v1/webhooks",
            json!({"url": url, "kinds": ["deal.created"]}),
        )
        .await;
        let stages = stage_ids(&t.db, a.id).await;
        created(
            &router,
            &token,
            "/api/v1/deals",
            json!({"title": "Sin respuesta", "value": "10", "stage_id": stages[0]}),
        )
        .await;
        let clock = AtomicI64::new(app::ssr::clock::now_ms());
        let outcomes = drain(&t.db, &deliverer(loopback()), &clock, 9 * 3600 * 1000).await;
        assert_eq!(outcomes.len() as i64, MAX_ATTEMPTS, "{name}: {outcomes:?}");
        assert!(
            matches!(outcomes.last(), Some(Outcome::Failed(Some(500), _))),
            "{name}"
        );
        assert_eq!(got.got.lock().unwrap().len() as i64, MAX_ATTEMPTS, "{name}");
        let hook = send(
            &router,
            with_token("GET", &format!("/api/v1/webhooks/{hook_id}"), &token, None),
        )
        .await
        .json();
        assert_eq!(hook["active"], false, "{name}");
        assert!(hook["disabled_at"].is_string(), "{name}");
        let admin = user_id(&t.db, &a.admin).await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let mut conn = t.db.read().await.unwrap();
        let told = app::ssr::notifications::db::unread(&mut conn.ex(), a.id, admin, 10)
            .await
            .unwrap();
        assert_eq!(told.len(), 1, "{name}");
        assert_eq!(told[0].kind, "webhook_disabled", "{name}");
        let not_told = app::ssr::notifications::db::unread(&mut conn.ex(), a.id, gerente, 10)
            .await
            .unwrap();
        assert!(not_told.is_empty(), "{name}: only who manages integrations");
        drop(conn);
        // Switched on again, it takes new events.
        let on = send(
            &router,
            with_token(
                "PATCH",
                &format!("/api/v1/webhooks/{hook_id}"),
                &token,
                Some(json!({"active": true, "version": hook["version"]})),
            ),
        )
        .await;
        assert_eq!(on.status, StatusCode::OK, "{name}: {}", on.body);
        assert_eq!(on.json()["disabled_at"], Value::Null, "{name}");
        got.fail.store(0, Ordering::SeqCst);
        created(
            &router,
            &token,
            "/api/v1/deals",
            json!({"title": "Ya responde", "value": "10", "stage_id": stages[0]}),
        )
        .await;
        assert_eq!(
            drain(&t.db, &deliverer(loopback()), &clock, 0).await,
            [Outcome::Delivered(200)],
            "{name}"
        );
    }
}

#[tokio::test]
async fn two_workers_on_one_database_deliver_each_event_once() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Ganchos dobles", "estandar").await;
        let router = router_with(&t.db, |s| s.webhook_allow_nets = loopback().0.to_vec());
        let token = app::ssr::accounts::provision::create_token(&t.db, &a.admin, "w")
            .await
            .unwrap();
        let (got, url) = receiver(0).await;
        created(&router, &token, "/api/v1/webhooks", json!({"url": url})).await;
        let stages = stage_ids(&t.db, a.id).await;
        let mut expected = 0;
        for n in 0..20 {
            let id = created(
                &router,
                &token,
                "/api/v1/deals",
                json!({"title": format!("Trato {n}"), "value": "10", "stage_id": stages[0]}),
            )
            .await;
            let moved = send(
                &router,
                with_token(
                    "POST",
                    &format!("/api/v1/deals/{id}/move"),
                    &token,
                    Some(json!({"stage_id": stages[1], "version": 1})),
                ),
            )
            .await;
            assert_eq!(moved.status, StatusCode::OK, "{name}: {}", moved.body);
            expected += 2;
        }
        let clock = AtomicI64::new(app::ssr::clock::now_ms());
        let (one, two) = (deliverer(loopback()), deliverer(loopback()));
        let (a_done, b_done) =
            tokio::join!(drain(&t.db, &one, &clock, 0), drain(&t.db, &two, &clock, 0));
        let delivered = a_done
            .iter()
            .chain(&b_done)
            .filter(|o| matches!(o, Outcome::Delivered(_)))
            .count();
        assert_eq!(delivered, expected, "{name}");
        let received = got.got.lock().unwrap().clone();
        let ids: std::collections::HashSet<_> = received.iter().map(|g| g.id.clone()).collect();
        assert_eq!(
            (received.len(), ids.len()),
            (expected, expected),
            "{name}: each once"
        );
        assert_eq!(
            got.overlaps.load(Ordering::SeqCst),
            0,
            "{name}: never two at once"
        );
        // Per deal: created before moved.
        let mut seen = std::collections::HashMap::new();
        for g in &received {
            let body = g.json();
            let deal = body["data"]["object"]["id"].as_i64().unwrap();
            let kind = body["type"].as_str().unwrap().to_string();
            seen.entry(deal).or_insert_with(Vec::new).push(kind);
        }
        assert!(
            seen.values()
                .all(|k| k == &["deal.created", "deal.stage_changed"]),
            "{name}: {seen:?}"
        );
    }
}

#[tokio::test]
async fn activities_are_heard_and_a_pipeline_filter_holds() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Ganchos agenda", "estandar").await;
        let router = router_with(&t.db, |s| s.webhook_allow_nets = loopback().0.to_vec());
        let token = app::ssr::accounts::provision::create_token(&t.db, &a.admin, "w")
            .await
            .unwrap();
        let (got, url) = receiver(0).await;
        created(&router, &token, "/api/v1/webhooks", json!({
            "url": url, "kinds": ["activity.created", "activity.completed"], "pipeline_id": a.pipeline_id
        }))
        .await;
        let stages = stage_ids(&t.db, a.id).await;
        let deal = created(
            &router,
            &token,
            "/api/v1/deals",
            json!({"title": "Con llamada", "value": "10", "stage_id": stages[0]}),
        )
        .await;
        let call = created(
            &router,
            &token,
            "/api/v1/activities",
            json!({"kind": "call", "subject": "Llamar a compras", "deal_id": deal}),
        )
        .await;
        // Of no deal, so of no pipeline: not for this endpoint.
        let loose = created(
            &router,
            &token,
            "/api/v1/activities",
            json!({"kind": "task", "subject": "Ordenar archivo"}),
        )
        .await;
        for id in [call, loose] {
            let done = send(
                &router,
                with_token(
                    "POST",
                    &format!("/api/v1/activities/{id}/done"),
                    &token,
                    None,
                ),
            )
            .await;
            assert_eq!(done.status, StatusCode::OK, "{name}: {}", done.body);
        }
        // Done again: nothing changes, no event.
        send(
            &router,
            with_token(
                "POST",
                &format!("/api/v1/activities/{call}/done"),
                &token,
                None,
            ),
        )
        .await;
        let clock = AtomicI64::new(app::ssr::clock::now_ms());
        assert_eq!(
            drain(&t.db, &deliverer(loopback()), &clock, 0).await.len(),
            2,
            "{name}"
        );
        let received = got.got.lock().unwrap().clone();
        assert_eq!(
            kinds(&received),
            ["activity.created", "activity.completed"],
            "{name}"
        );
        let done = received[1].json();
        assert_eq!(done["data"]["object"]["id"], call, "{name}");
        assert_eq!(
            done["data"]["object"]["kind"], "call",
            "{name}: the API's shape"
        );
        assert_eq!(
            done["data"]["changes"]["done"],
            json!({"from": false, "to": true}),
            "{name}"
        );
        let mut conn = t.db.read().await.unwrap();
        let events = app::ssr::outbox::db::count(&mut conn.ex(), a.id)
            .await
            .unwrap();
        // The deal's creation, two activities created, two completed.
        assert_eq!(events, 5, "{name}");
    }
}
