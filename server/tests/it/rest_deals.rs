//! `/api/v1/deals` through the real router with bearer tokens, on SQLite
//! and PostgreSQL: shapes and status codes, every bad field named, stale
//! versions refused, cursor pages, history, and another account's or
//! another seller's deals kept out.
use crate::common::*;
use app::ssr::accounts::provision;
use axum::body::Body;
use http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

/// A JSON request with a bearer token.
fn api(method: Method, path: &str, token: &str, body: Option<Value>) -> Request<Body> {
    with_token(method.as_str(), path, token, body)
}

async fn call(
    router: &axum::Router,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Answer {
    send(router, api(method, path, token, body)).await
}

fn fields(answer: &Answer) -> Value {
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.body
    );
    answer.json()["error"]["fields"].clone()
}

#[tokio::test]
async fn the_deal_routes_answer_with_the_documented_shapes_and_codes() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Api", "estandar").await;
        let other = account(&t.db, "ApiAjena", "estandar").await;
        let stages = stage_ids(&t.db, a.id).await;
        let token = provision::create_token(&t.db, &a.gerente, "pruebas")
            .await
            .unwrap();
        let seller = provision::create_token(&t.db, &a.vendedor, "pruebas")
            .await
            .unwrap();
        let foreign = provision::create_token(&t.db, &other.admin, "pruebas")
            .await
            .unwrap();
        let router = router(&t.db);

        // Create: 201 and the deal object; money is a decimal string.
        let created = call(
            &router,
            Method::POST,
            "/api/v1/deals",
            &token,
            Some(json!({
                "title": "Licencias 2027", "value": "12345.67", "stage_id": stages[0],
                "expected_close_date": "2027-01-31"
            })),
        )
        .await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{name}: {}",
            created.body
        );
        let deal = created.json();
        for key in [
            "id",
            "key",
            "title",
            "value",
            "currency",
            "pipeline_id",
            "stage_id",
            "position",
            "status",
            "owner_id",
            "organization_id",
            "contact_id",
            "created_at",
            "won_at",
            "lost_at",
            "lost_reason",
            "version",
        ] {
            assert!(deal.get(key).is_some(), "{name}: {key} missing in {deal}");
        }
        assert_eq!(deal["value"], "12345.67");
        assert_eq!(
            (deal["status"].as_str(), deal["version"].as_i64()),
            (Some("open"), Some(1))
        );
        assert!(deal["created_at"].as_str().unwrap().ends_with('Z'));
        let id = deal["id"].as_i64().unwrap();

        // Every bad field named at once; a number for money is refused.
        let bad = call(
            &router,
            Method::POST,
            "/api/v1/deals",
            &token,
            Some(json!({
                "value": 12.5, "stage_id": "uno", "owner_id": 999_999
            })),
        )
        .await;
        let f = fields(&bad);
        assert_eq!(
            (
                f["title"].as_str(),
                f["value"].as_str(),
                f["stage_id"].as_str()
            ),
            (
                Some("required"),
                Some("must_be_string"),
                Some("must_be_integer")
            ),
            "{name}: {f}"
        );
        let bad = call(
            &router,
            Method::POST,
            "/api/v1/deals",
            &token,
            Some(json!({
                "title": "x", "value": "-1", "stage_id": stages[0], "currency": "XYZ"
            })),
        )
        .await;
        let f = fields(&bad);
        assert_eq!(
            (f["value"].as_str(), f["currency"].as_str()),
            (Some("negative"), Some("unknown")),
            "{f}"
        );
        // Malformed JSON is a 400, an oversized body a 413.
        let mut raw = api(Method::POST, "/api/v1/deals", &token, None);
        *raw.body_mut() = Body::from("{\"title\": ");
        assert_eq!(send(&router, raw).await.status, StatusCode::BAD_REQUEST);
        let huge = json!({ "title": "x".repeat(3 * 1024 * 1024) });
        let res = call(&router, Method::POST, "/api/v1/deals", &token, Some(huge)).await;
        assert_eq!(
            res.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{name}: {}",
            res.body
        );
        assert_eq!(res.json()["error"]["code"], "payload_too_large");

        // Update with a stale version: 409, nothing written; then a good one.
        let path = format!("/api/v1/deals/{id}");
        let stale = call(
            &router,
            Method::PATCH,
            &path,
            &token,
            Some(json!({"version": 7, "title": "No"})),
        )
        .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{name}: {}", stale.body);
        assert_eq!(stale.json()["error"]["code"], "conflict");
        let no_version = call(
            &router,
            Method::PATCH,
            &path,
            &token,
            Some(json!({"title": "No"})),
        )
        .await;
        assert_eq!(fields(&no_version)["version"], "required");
        let ok = call(
            &router,
            Method::PATCH,
            &path,
            &token,
            Some(json!({
                "version": 1, "value": "100.00", "currency": "USD", "exchange_rate": "17.5"
            })),
        )
        .await;
        assert_eq!(ok.status, StatusCode::OK, "{name}: {}", ok.body);
        let deal = ok.json();
        assert_eq!(
            (
                deal["value"].as_str(),
                deal["currency"].as_str(),
                deal["version"].as_i64()
            ),
            (Some("100.00"), Some("USD"), Some(2))
        );
        assert_eq!(deal["title"], "Licencias 2027", "untouched fields stay");

        // Move with a version; then lost by label, reopen, won.
        let moved = call(
            &router,
            Method::POST,
            &format!("{path}/move"),
            &token,
            Some(json!({"stage_id": stages[2], "version": 2})),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{name}: {}", moved.body);
        assert_eq!(
            (
                moved.json()["stage_id"].as_i64(),
                moved.json()["version"].as_i64()
            ),
            (Some(stages[2]), Some(3))
        );
        let again = call(
            &router,
            Method::POST,
            &format!("{path}/move"),
            &token,
            Some(json!({"stage_id": stages[1], "version": 2})),
        )
        .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        let lost = call(
            &router,
            Method::POST,
            &format!("{path}/lost"),
            &token,
            Some(json!({"lost_reason": "eligió a la competencia", "note": "Precio", "version": 3})),
        )
        .await;
        assert_eq!(lost.status, StatusCode::OK, "{name}: {}", lost.body);
        assert_eq!(
            (
                lost.json()["status"].as_str(),
                lost.json()["lost_reason"].as_str()
            ),
            (Some("lost"), Some("Eligió a la competencia"))
        );
        assert_eq!(lost.json()["lost_note"], "Precio", "{name}");
        let reasons = call(&router, Method::GET, "/api/v1/lost-reasons", &token, None)
            .await
            .json();
        let labels: Vec<&str> = reasons["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["label"].as_str().unwrap())
            .collect();
        assert!(
            labels.contains(&"Eligió a la competencia"),
            "{name}: {labels:?}"
        );
        assert!(reasons["next"].is_null());
        let unknown = call(
            &router,
            Method::POST,
            &format!("{path}/lost"),
            &token,
            Some(json!({"lost_reason": "Marte", "version": 4})),
        )
        .await;
        assert_eq!(fields(&unknown)["lost_reason"], "not_found");
        let reopened = call(
            &router,
            Method::POST,
            &format!("{path}/reopen"),
            &token,
            Some(json!({"version": 4})),
        )
        .await;
        assert_eq!(
            reopened.json()["status"],
            "open",
            "{name}: {}",
            reopened.body
        );
        // Reopened, it is no longer lost for any reason.
        assert_eq!(
            (
                &reopened.json()["lost_reason"],
                &reopened.json()["lost_note"]
            ),
            (&Value::Null, &Value::Null),
            "{name}"
        );
        let won = call(
            &router,
            Method::POST,
            &format!("{path}/won"),
            &token,
            Some(json!({"version": 5})),
        )
        .await;
        assert_eq!(won.json()["status"], "won", "{name}: {}", won.body);
        assert!(won.json()["won_at"].as_str().is_some());
        // Off the board once won: reopened, not dragged.
        let dragged = call(
            &router,
            Method::POST,
            &format!("{path}/move"),
            &token,
            Some(json!({"stage_id": stages[1], "version": 6})),
        )
        .await;
        assert_eq!(fields(&dragged)["status"], "not_open", "{name}");
        let history = call(
            &router,
            Method::GET,
            &format!("{path}/history"),
            &token,
            None,
        )
        .await
        .json();
        let kinds: Vec<&str> = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "created",
                "currency_changed",
                "value_changed",
                "stage_changed",
                "lost",
                "reopened",
                "won"
            ],
            "{name}"
        );
        assert!(history["next"].is_null(), "{name}: one page");
        // The history in pages of two, through `next`.
        let mut paged = vec![];
        let mut cursor = String::new();
        loop {
            let page = call(
                &router,
                Method::GET,
                &format!("{path}/history?limit=2{cursor}"),
                &token,
                None,
            )
            .await
            .json();
            paged.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| h["kind"].as_str().unwrap().to_string()),
            );
            match page["next"].as_str() {
                Some(next) => cursor = format!("&cursor={next}"),
                None => break,
            }
        }
        assert_eq!(paged, kinds, "{name}: paged history");
        let bad = call(
            &router,
            Method::GET,
            &format!("{path}/history?limit=0"),
            &token,
            None,
        )
        .await;
        assert_eq!(fields(&bad)["limit"], "out_of_range", "{name}");
        aggregates_exact(&t.db, a.id).await;

        // Cursor pages.
        for i in 0..4 {
            let res = call(
                &router,
                Method::POST,
                "/api/v1/deals",
                &seller,
                Some(json!({
                    "title": format!("Del vendedor {i}"), "value": "1", "stage_id": stages[0]
                })),
            )
            .await;
            assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        }
        let first = call(&router, Method::GET, "/api/v1/deals?limit=2", &token, None)
            .await
            .json();
        assert_eq!(first["items"].as_array().unwrap().len(), 2);
        let cursor = first["next"].as_str().unwrap().to_string();
        let second = call(
            &router,
            Method::GET,
            &format!("/api/v1/deals?limit=2&cursor={cursor}"),
            &token,
            None,
        )
        .await
        .json();
        let ids = |page: &Value| {
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        };
        assert!(ids(&second)[0] > *ids(&first).last().unwrap());
        let all = call(
            &router,
            Method::GET,
            "/api/v1/deals?limit=200",
            &token,
            None,
        )
        .await
        .json();
        assert_eq!(
            (ids(&all).len(), all["next"].is_null()),
            (5, true),
            "{name}"
        );
        // The same text filter as the page's: words, accents and case aside.
        let titles = |q: &str| {
            let router = router.clone();
            let (token, q) = (token.clone(), q.to_string());
            async move {
                let page = call(
                    &router,
                    Method::GET,
                    &format!("/api/v1/deals?limit=2&{q}"),
                    &token,
                    None,
                )
                .await;
                assert_eq!(page.status, StatusCode::OK, "{q}: {}", page.body);
                let page = page.json();
                let mut titles: Vec<String> = page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["title"].as_str().unwrap().to_string())
                    .collect();
                if let Some(next) = page["next"].as_str() {
                    let rest = call(
                        &router,
                        Method::GET,
                        &format!("/api/v1/deals?limit=2&{q}&cursor={next}"),
                        &token,
                        None,
                    )
                    .await
                    .json();
                    for d in rest["items"].as_array().unwrap() {
                        titles.push(d["title"].as_str().unwrap().to_string());
                    }
                }
                titles
            }
        };
        assert_eq!(titles("q=LICENCIAS").await, ["Licencias 2027"], "{name}");
        let sellers = [
            "Del vendedor 0",
            "Del vendedor 1",
            "Del vendedor 2",
            "Del vendedor 3",
        ];
        assert_eq!(
            titles("q=vend%C3%A9dor").await,
            sellers,
            "{name}: across pages, in id order"
        );
        assert_eq!(
            titles("q=vendedor%201").await,
            sellers,
            "{name}: 1 is too short a word, and is dropped"
        );
        assert_eq!(
            titles("q=del%20licencias").await,
            Vec::<String>::new(),
            "{name}"
        );
        let short = call(&router, Method::GET, "/api/v1/deals?q=ab", &token, None).await;
        assert_eq!(fields(&short)["q"], "too_short", "{name}");
        // A NUL byte reaches neither database: it parts words like a space.
        assert_eq!(
            titles("q=licencias%00xy").await,
            ["Licencias 2027"],
            "{name}"
        );
        let bad = call(
            &router,
            Method::GET,
            "/api/v1/deals?limit=500&status=maybe",
            &token,
            None,
        )
        .await;
        let f = fields(&bad);
        assert_eq!(
            (f["limit"].as_str(), f["status"].as_str()),
            (Some("out_of_range"), Some("invalid"))
        );
        // A seller lists and reads only their own deals.
        let mine = call(
            &router,
            Method::GET,
            "/api/v1/deals?limit=200",
            &seller,
            None,
        )
        .await
        .json();
        assert_eq!(ids(&mine).len(), 4, "{name}");
        assert_eq!(
            call(&router, Method::GET, &path, &seller, None)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // Another account: 404 on every route, exactly like a missing id.
        for (method, route, body) in [
            (Method::GET, path.clone(), None),
            (
                Method::PATCH,
                path.clone(),
                Some(json!({"version": 6, "title": "x"})),
            ),
            (
                Method::POST,
                format!("{path}/move"),
                Some(json!({"stage_id": stages[0], "version": 6})),
            ),
            (
                Method::POST,
                format!("{path}/won"),
                Some(json!({"version": 6})),
            ),
            (
                Method::POST,
                format!("{path}/reopen"),
                Some(json!({"version": 6})),
            ),
            (Method::GET, format!("{path}/history"), None),
            (Method::DELETE, format!("{path}?version=6"), None),
            (Method::GET, "/api/v1/deals/999999999".to_string(), None),
            (Method::GET, "/api/v1/deals/abc".to_string(), None),
        ] {
            let res = call(&router, method.clone(), &route, &foreign, body).await;
            assert_eq!(
                res.status,
                StatusCode::NOT_FOUND,
                "{name}: {method} {route}: {}",
                res.body
            );
            assert_eq!(res.json()["error"]["code"], "not_found");
        }
        let none = call(&router, Method::GET, "/api/v1/deals", &foreign, None)
            .await
            .json();
        assert_eq!(ids(&none).len(), 0);
        // Without a token, or with a wrong one: 401.
        assert_eq!(
            call(&router, Method::GET, "/api/v1/deals", "nope", None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );

        // Delete with its version: 204, then it is gone.
        let stale = call(
            &router,
            Method::DELETE,
            &format!("{path}?version=1"),
            &token,
            None,
        )
        .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        let gone = call(
            &router,
            Method::DELETE,
            &format!("{path}?version=6"),
            &token,
            None,
        )
        .await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{name}: {}", gone.body);
        assert_eq!(
            call(&router, Method::GET, &path, &token, None).await.status,
            StatusCode::NOT_FOUND
        );
        aggregates_exact(&t.db, a.id).await;
    }
}

#[tokio::test]
async fn too_many_requests_from_one_token_are_refused_with_429() {
    let t = sqlite().await;
    let a = account(&t.db, "Limite", "estandar").await;
    let token = provision::create_token(&t.db, &a.gerente, "lote")
        .await
        .unwrap();
    let other = provision::create_token(&t.db, &a.admin, "otro")
        .await
        .unwrap();
    let router = router_with(&t.db, |s| s.api_requests_per_minute = 5);
    // Five a minute: the sixth is refused (eleven at most, should an
    // allowance come back in between).
    let mut answered = vec![];
    for _ in 0..11 {
        let res = call(&router, Method::GET, "/api/v1/deals", &token, None).await;
        let refused = res.status == StatusCode::TOO_MANY_REQUESTS;
        answered.push(res);
        if refused {
            break;
        }
    }
    let last = answered.last().unwrap();
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS, "never refused");
    assert!(answered.len() >= 6);
    assert!(answered[..5].iter().all(|r| r.status == StatusCode::OK));
    assert_eq!(last.json()["error"]["code"], "too_many_attempts");
    let wait: u64 = last.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Another user has their own allowance; the same user's other
    // credentials share theirs.
    let res = call(&router, Method::GET, "/api/v1/deals", &other, None).await;
    assert_eq!(res.status, StatusCode::OK);
    let again = provision::create_token(&t.db, &a.gerente, "otra")
        .await
        .unwrap();
    let res = call(&router, Method::GET, "/api/v1/deals", &again, None).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    let cookie = login(&router, &a.gerente).await;
    let page = send(
        &router,
        server_fn("/api/board", &[("query[mine]", "false")], Some(&cookie)),
    )
    .await;
    assert_eq!(
        page.status,
        StatusCode::TOO_MANY_REQUESTS,
        "server functions count too"
    );
}

#[tokio::test]
async fn made_up_credentials_are_limited_by_address_and_leave_no_trace() {
    let t = sqlite().await;
    let a = account(&t.db, "Inventadas", "estandar").await;
    let state = state_with(&t.db, |s| s.address_requests_per_minute = 20);
    let router = server::router::build(state.clone());
    let mut refused = 0;
    for i in 0..60 {
        let token = format!("emb_inventado{i:04}");
        let mut req = get("/api/v1/deals", None, Some(&token));
        req.headers_mut()
            .insert("x-forwarded-for", "10.66.0.1".parse().unwrap());
        match send(&router, req).await.status {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("{other}"),
        }
    }
    assert!(refused >= 39, "only {refused} refused");
    // Sixty made-up tokens: one address, no user tracked.
    assert_eq!(state.limits.tracked(), (1, 0));
    // Another address still gets in.
    let token = provision::create_token(&t.db, &a.gerente, "buena")
        .await
        .unwrap();
    let mut req = get("/api/v1/deals", None, Some(&token));
    req.headers_mut()
        .insert("x-forwarded-for", "10.66.0.2".parse().unwrap());
    assert_eq!(send(&router, req).await.status, StatusCode::OK);
}
