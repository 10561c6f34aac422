//! Money in each currency's ISO 4217 minor unit and pages in the reader's
//! language, on SQLite and PostgreSQL: a CLP deal has no centavos (REST,
//! the deal form, the board and the dashboard agree), old hundredths are
//! migrated, and an English reader gets English dates and symbols.
use crate::common::*;
use app::ssr::accounts::provision;
use axum::body::Body;
use http::{Method, Request, StatusCode};
use serde_json::{Value, json};

fn api(method: Method, path: &str, token: &str, body: Option<Value>) -> Request<Body> {
    with_token(method.as_str(), path, token, body)
}

#[tokio::test]
async fn a_clp_deal_is_in_whole_pesos_everywhere() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Pesos", "estandar").await;
        let stages = stage_ids(&t.db, a.id).await;
        let token = provision::create_token(&t.db, &a.gerente, "pruebas")
            .await
            .unwrap();
        let router = router(&t.db);
        let body = |value: &str| {
            json!({
                "title": "Minería Atacama",
                "value": value,
                "currency": "CLP",
                "exchange_rate": "0.0213",
                "stage_id": stages[0],
            })
        };

        // Chilean pesos have no minor unit: a fraction is refused, named.
        let fraction = send(
            &router,
            api(Method::POST, "/api/v1/deals", &token, Some(body("1500.5"))),
        )
        .await;
        assert_eq!(fraction.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(
            fraction.json()["error"]["fields"]["value"],
            "too_many_decimals",
            "{name}: {}",
            fraction.body
        );

        let created = send(
            &router,
            api(Method::POST, "/api/v1/deals", &token, Some(body("1,500"))),
        )
        .await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{name}: {}",
            created.body
        );
        let deal = created.json();
        assert_eq!(deal["value"], "1500", "{name}: no decimals in the answer");
        let key = deal["key"].as_str().unwrap().to_string();
        let id = deal["id"].as_i64().unwrap();

        // The deal page and the board say "CLP 1,500"; the column total is
        // in the account's pesos: 1,500 × 0.0213 = 31.95 MXN.
        let gerente = login(&router, &a.gerente).await;
        let page = deal_page_of(&router, &gerente, &key).await;
        assert_eq!(page["value"], "CLP\u{a0}1,500", "{name}");
        assert_eq!(page["form"]["input"]["value"], "1500", "{name}");
        let board = send(
            &router,
            server_fn("/api/board", &[("query[mine]", "false")], Some(&gerente)),
        )
        .await
        .json();
        let column = &board["columns"][0];
        assert_eq!(column["header"]["total"], "$31.95", "{name}: {board}");
        let card = column["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap();
        assert_eq!(card["value"], "CLP\u{a0}1,500", "{name}");
        let dashboard = send(&router, get("/api/v1/dashboard", Some(&gerente), None))
            .await
            .json();
        assert_eq!(dashboard["open_deals"]["total"], "31.95", "{name}");

        // A change of value keeps whole pesos and names its currency in the
        // history.
        let changed = send(
            &router,
            api(
                Method::PATCH,
                &format!("/api/v1/deals/{id}"),
                &token,
                Some(json!({"value": "2000", "version": 1})),
            ),
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK, "{name}: {}", changed.body);
        assert_eq!(changed.json()["value"], "2000", "{name}");
        let page = deal_page_of(&router, &gerente, &key).await;
        let change = page["history"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["kind"] == "ValueChanged")
            .cloned()
            .unwrap();
        assert_eq!(
            change["detail"], "CLP\u{a0}1,500 → CLP\u{a0}2,000",
            "{name}"
        );
        aggregates_exact(&t.db, a.id).await;
    }
}

#[tokio::test]
async fn the_migration_turns_old_hundredths_of_clp_into_whole_pesos() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Migración", "estandar").await;
        let stages = stage_ids(&t.db, a.id).await;
        let token = provision::create_token(&t.db, &a.gerente, "pruebas")
            .await
            .unwrap();
        let router = router(&t.db);
        let mut ids = vec![];
        for currency in ["CLP", "USD"] {
            let created = send(
                &router,
                api(
                    Method::POST,
                    "/api/v1/deals",
                    &token,
                    Some(json!({
                        "title": format!("Antiguo {currency}"),
                        "value": "1500",
                        "currency": currency,
                        "exchange_rate": "2",
                        "stage_id": stages[0],
                    })),
                ),
            )
            .await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
            ids.push(created.json()["id"].as_i64().unwrap());
        }
        let (clp, usd) = (ids[0], ids[1]);
        // As an older version stored them: hundredths of a peso, and a
        // history of value changes in hundredths; one made together with
        // the change of currency, whose "from" was in the older currency.
        for sql in [
            format!("UPDATE deals SET value_minor = 150050 WHERE id = {clp}"),
            format!("UPDATE deals SET value_minor = 150050 WHERE id = {usd}"),
            format!(
                "INSERT INTO deal_events (account_id, deal_id, kind, at, data) VALUES \
                 ({0}, {clp}, 'value_changed', 10, '{{\"from\":7000,\"to\":100000}}'), \
                 ({0}, {clp}, 'currency_changed', 20, '{{\"from\":\"MXN\",\"to\":\"CLP\",\"rate\":\"2\"}}'), \
                 ({0}, {clp}, 'value_changed', 20, '{{\"from\":7000,\"to\":120000}}'), \
                 ({0}, {clp}, 'value_changed', 30, '{{\"from\":120000,\"to\":150050}}'), \
                 ({0}, {usd}, 'value_changed', 30, '{{\"from\":120000,\"to\":150050}}')",
                a.id
            ),
        ] {
            run_sql(&t.db, &sql).await;
        }
        let migration = match name {
            "sqlite" => include_str!("../../../migrations/sqlite/0012_currency_minor_units.sql"),
            _ => include_str!("../../../migrations/postgres/0012_currency_minor_units.sql"),
        };
        for statement in migration.split(';').filter(|s| s.contains("UPDATE")) {
            run_sql(&t.db, statement).await;
        }

        let value = |id: i64| {
            let router = router.clone();
            let token = token.clone();
            async move {
                send(
                    &router,
                    api(Method::GET, &format!("/api/v1/deals/{id}"), &token, None),
                )
                .await
                .json()["value"]
                    .clone()
            }
        };
        assert_eq!(value(clp).await, "1501", "{name}: rounded half up");
        assert_eq!(value(usd).await, "1500.50", "{name}: other currencies kept");
        let history = |id: i64| {
            let router = router.clone();
            let token = token.clone();
            async move {
                let h = send(
                    &router,
                    api(
                        Method::GET,
                        &format!("/api/v1/deals/{id}/history"),
                        &token,
                        None,
                    ),
                )
                .await
                .json();
                h["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|e| e["kind"] == "value_changed")
                    .map(|e| {
                        let d = &e["data"];
                        (
                            d["from"].as_i64().unwrap(),
                            d["from_currency"].as_str().unwrap().to_string(),
                            d["to"].as_i64().unwrap(),
                            d["to_currency"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect::<Vec<_>>()
            }
        };
        let change = |from: i64, from_currency: &str, to: i64, to_currency: &str| {
            (from, from_currency.to_string(), to, to_currency.to_string())
        };
        assert_eq!(
            history(clp).await,
            [
                change(7000, "MXN", 100_000, "MXN"),
                change(7000, "MXN", 1200, "CLP"),
                change(1200, "CLP", 1501, "CLP")
            ],
            "{name}: each amount in the currency the deal had then"
        );
        assert_eq!(
            history(usd).await,
            [change(120_000, "USD", 150_050, "USD")],
            "{name}"
        );
        // The page says each amount in its own currency.
        let gerente = login(&router, &a.gerente).await;
        let key = send(
            &router,
            api(Method::GET, &format!("/api/v1/deals/{clp}"), &token, None),
        )
        .await
        .json()["key"]
            .as_str()
            .unwrap()
            .to_string();
        let page = deal_page_of(&router, &gerente, &key).await;
        let details: Vec<&str> = page["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["kind"] == "ValueChanged")
            .map(|h| h["detail"].as_str().unwrap())
            .collect();
        assert_eq!(
            details,
            [
                "$70.00 → $1,000.00",
                "$70.00 → CLP\u{a0}1,200",
                "CLP\u{a0}1,200 → CLP\u{a0}1,501"
            ],
            "{name}"
        );
        aggregates_exact(&t.db, a.id).await;
    }
}

#[tokio::test]
async fn an_english_reader_gets_english_dates_and_symbols() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Idiomas", "estandar").await;
        let owner = user_id(&t.db, &a.vendedor).await;
        // Created 2026-01-01 00:00 UTC: 31 Dec 2025, 18:00 in Mexico City.
        open_deals(&t.db, &a, &[("Bilingüe", 10_000, 0, owner)]).await;
        let router = router(&t.db);
        let spanish = login(&router, &a.vendedor).await;
        let key = "T-000001";
        let page = deal_page_of(&router, &spanish, key).await;
        assert_eq!(page["created"], "31/12/2025 18:00", "{name}");
        assert_eq!(page["value"], "$100.00", "{name}");

        run_sql(
            &t.db,
            &format!("UPDATE users SET locale = 'en' WHERE id = {owner}"),
        )
        .await;
        let english = login(&router, &a.vendedor).await;
        let page = deal_page_of(&router, &english, key).await;
        assert_eq!(
            page["created"].as_str().unwrap().replace('\u{202f}', " "),
            "12/31/2025 6:00 PM",
            "{name}"
        );
        assert_eq!(page["value"], "MX$100.00", "{name}");
    }
}
