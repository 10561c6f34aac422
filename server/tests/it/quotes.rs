//! Quotes through the pages' server functions on SQLite and PostgreSQL: a
//! draft copies its deal's lines and customer, is edited while a draft and
//! frozen once sent (later edits of the deal, the catalogue and the
//! customer never reach it), answered once, expired by its date; folios
//! per account, never given twice, even to 32 creators at once; every bad
//! field named; who sees and quotes what; the deal's history.
use crate::common::*;
use app::ssr::accounts::provision;
use http::StatusCode;
use serde_json::{Value, json};

/// The form of a list of lines (each as (field, value) pairs).
pub fn lines_form(lines: &[&[(&str, &str)]]) -> Vec<(String, String)> {
    let mut form = vec![];
    for (i, line) in lines.iter().enumerate() {
        for (field, value) in *line {
            form.push((format!("lines[{i}][{field}]"), value.to_string()));
        }
    }
    form
}

/// Calls `path` as `cookie` with owned pairs.
pub async fn post(
    router: &axum::Router,
    cookie: &str,
    path: &str,
    form: &[(String, String)],
) -> Answer {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    call(router, cookie, path, &form).await
}

/// The ids of a deal's quotes as its page lists them, newest first.
async fn quote_ids(router: &axum::Router, cookie: &str, key: &str) -> Vec<i64> {
    deal_page_of(router, cookie, key).await["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_quote_is_its_deal_copied_and_frozen_once_sent() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Cotiza", "estandar").await;
        let router = router(&t.db);
        let admin = provision::create_token(&t.db, &a.admin, "q").await.unwrap();
        let rest = |method: &'static str, path: String, body: Option<Value>| {
            let (router, admin) = (router.clone(), admin.clone());
            async move { send(&router, with_token(method, &path, &admin, body)).await }
        };
        let made = |path: &'static str, body: Value| async move {
            let ans = rest("POST", path.into(), Some(body)).await;
            assert_eq!(ans.status, StatusCode::CREATED, "{path}: {}", ans.body);
            ans.json()["id"].as_i64().unwrap()
        };
        let cable = made(
            "/api/v1/products",
            json!({"sku": "CAB-01", "name": "Cable THW 12", "unit_price": "1,250.50"}),
        )
        .await;
        let aceros = made(
            "/api/v1/organizations",
            json!({"name": "Aceros del Norte", "tax_id": "ADN680524P76", "address": "Monterrey, N.L."}),
        )
        .await;
        let laura = made(
            "/api/v1/contacts",
            json!({"name": "Laura Méndez", "email": "laura@aceros.mx", "organization_id": aceros}),
        )
        .await;
        let pedro = made(
            "/api/v1/contacts",
            json!({"name": "Pedro Ruiz", "organization_id": aceros}),
        )
        .await;
        let loose = made("/api/v1/contacts", json!({"name": "Sin empresa"})).await;
        let owner = user_id(&t.db, &a.vendedor).await;
        let deal = open_deals(&t.db, &a, &[("Nave industrial", 100_000, 0, owner)]).await[0];
        let linked = rest(
            "PATCH",
            format!("/api/v1/deals/{deal}"),
            Some(json!({"version": 1, "organization_id": aceros, "contact_id": laura})),
        )
        .await;
        assert_eq!(linked.status, StatusCode::OK, "{name}: {}", linked.body);
        let key = linked.json()["key"].as_str().unwrap().to_string();
        let seller = login(&router, &a.vendedor).await;
        let mut form = vec![
            ("deal_id".to_string(), deal.to_string()),
            ("version".to_string(), "2".to_string()),
            ("value_from_lines".to_string(), "false".to_string()),
        ];
        let cable_id = cable.to_string();
        form.extend(lines_form(&[
            &[("product_id", &cable_id), ("quantity", "2")],
            &[
                ("description", "Instalación"),
                ("quantity", "1.5"),
                ("unit_price", "333.33"),
                ("discount", "10"),
                ("iva", "8"),
            ],
        ]));
        let saved = post(&router, &seller, "/api/save_deal_lines", &form).await;
        assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);

        // A draft: the next folio, the deal's lines, customer and currency.
        let created = call(
            &router,
            &seller,
            "/api/create_quote",
            &[("deal_id", &deal.to_string())],
        )
        .await;
        assert_eq!(created.status, StatusCode::OK, "{name}: {}", created.body);
        let ids = quote_ids(&router, &seller, &key).await;
        assert_eq!(ids.len(), 1, "{name}");
        let id = ids[0].to_string();
        let quote = |who: String| {
            let (router, id) = (router.clone(), id.clone());
            async move {
                let ans = call(&router, &who, "/api/get_quote", &[("id", &id)]).await;
                assert_eq!(ans.status, StatusCode::OK, "{}", ans.body);
                ans.json()
            }
        };
        let q = quote(seller.clone()).await;
        let s = &q["summary"];
        assert_eq!(
            (&s["folio"], &s["state"], &s["total"], &s["customer"]),
            (
                &json!("COT-000001"),
                &json!("draft"),
                &json!("$3,387.16"),
                &json!("Aceros del Norte")
            ),
            "{name}: {q}"
        );
        let c = &q["customer"];
        assert_eq!(
            (&c["tax_id"], &c["contact_name"], &c["contact_email"]),
            (
                &json!("ADN680524P76"),
                &json!("Laura Méndez"),
                &json!("laura@aceros.mx")
            ),
            "{name}"
        );
        assert_eq!(q["lines"]["lines"].as_array().unwrap().len(), 2, "{name}");
        assert_eq!(
            q["actions"],
            json!(["send", "cancel"]),
            "{name}: a draft is sent or cancelled"
        );
        assert_eq!(q["may_edit"], true, "{name}");
        // Thirty days from today in the account's zone.
        let today = app::ssr::clock::today(TZ);
        assert_eq!(
            q["valid_until_input"],
            (today + chrono::Duration::days(30))
                .format("%Y-%m-%d")
                .to_string(),
            "{name}"
        );

        // The draft's fields: each bad one named, nothing written.
        let draft = |fields: &[(&str, &str)], version: &str| {
            let mut form = vec![
                ("kind".to_string(), "Quote".to_string()),
                ("id".to_string(), id.clone()),
                ("fields[version]".to_string(), version.to_string()),
            ];
            form.extend(
                fields
                    .iter()
                    .map(|(k, v)| (format!("fields[{k}]"), v.to_string())),
            );
            let (router, seller) = (router.clone(), seller.clone());
            async move { post(&router, &seller, "/api/save_record", &form).await }
        };
        let yesterday = (today - chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        let bad = draft(
            &[
                ("valid_until", &yesterday),
                ("contact_id", &loose.to_string()),
                ("notes", "a\u{0}b"),
            ],
            "1",
        )
        .await;
        for (field, code) in [
            ("valid_until", "past"),
            ("contact_id", "other_organization"),
            ("notes", "invalid"),
        ] {
            refused(&bad, field, code, name);
        }
        let far = draft(&[("valid_until", "2099-01-01")], "1").await;
        refused(&far, "valid_until", "too_far", name);
        let until = (today + chrono::Duration::days(15))
            .format("%Y-%m-%d")
            .to_string();
        let pedro_id = pedro.to_string();
        let edited = draft(
            &[
                ("valid_until", &until),
                ("contact_id", &pedro_id),
                ("notes", "Precios sujetos a existencia"),
                ("terms", "50 % de anticipo"),
            ],
            "1",
        )
        .await;
        assert_eq!(edited.status, StatusCode::OK, "{name}: {}", edited.body);
        let stale = draft(&[("notes", "otra")], "1").await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{name}: {}", stale.body);

        // Its own lines: the deal's stay as they were.
        let mut lines = vec![
            ("quote_id".to_string(), id.clone()),
            ("version".to_string(), "2".to_string()),
        ];
        lines.extend(lines_form(&[
            &[("product_id", &cable_id), ("quantity", "3")],
            &[
                ("description", "Flete"),
                ("unit_price", "500"),
                ("iva", "exempt"),
            ],
        ]));
        let preview = post(&router, &seller, "/api/preview_quote_lines", &lines).await;
        assert_eq!(
            preview.json()["total"],
            "$4,851.74",
            "{name}: {}",
            preview.body
        );
        let relined = post(&router, &seller, "/api/save_quote_lines", &lines).await;
        assert_eq!(relined.json(), json!(3), "{name}: {}", relined.body);
        let q = quote(seller.clone()).await;
        assert_eq!(
            (
                &q["summary"]["total"],
                &q["lines"]["subtotal"],
                &q["customer"]["contact_name"],
                &q["customer"]["contact_email"],
                &q["notes"],
                &q["terms"],
            ),
            (
                &json!("$4,851.74"),
                &json!("$4,251.50"),
                &json!("Pedro Ruiz"),
                &Value::Null,
                &json!("Precios sujetos a existencia"),
                &json!("50 % de anticipo"),
            ),
            "{name}: {q}"
        );
        assert_eq!(
            deal_page_of(&router, &seller, &key).await["lines"]["total"],
            "$3,387.16",
            "{name}"
        );

        // Sent: frozen. Nothing done to the deal, the catalogue or the
        // customer reaches it; its draft forms are refused.
        let act = |action: &str, version: i64| {
            let (router, seller, id) = (router.clone(), seller.clone(), id.clone());
            let action = action.to_string();
            async move {
                call(
                    &router,
                    &seller,
                    "/api/change_quote",
                    &[
                        ("id", &id),
                        ("version", &version.to_string()),
                        ("action", &action),
                    ],
                )
                .await
            }
        };
        let sent = act("send", 3).await;
        assert_eq!(sent.status, StatusCode::OK, "{name}: {}", sent.body);
        let frozen = quote(seller.clone()).await;
        assert_eq!(frozen["summary"]["state"], "sent", "{name}");
        assert_eq!(
            frozen["actions"],
            json!(["accept", "reject", "cancel"]),
            "{name}"
        );
        assert_eq!(frozen["may_edit"], false, "{name}");
        let repriced = rest(
            "PATCH",
            format!("/api/v1/products/{cable}"),
            Some(json!({"unit_price": "9999", "name": "Otro nombre"})),
        )
        .await;
        assert_eq!(repriced.status, StatusCode::OK, "{name}: {}", repriced.body);
        let renamed = rest(
            "PATCH",
            format!("/api/v1/organizations/{aceros}"),
            Some(json!({"name": "Aceros Renombrados", "tax_id": "XAXX010101000"})),
        )
        .await;
        assert_eq!(renamed.status, StatusCode::OK, "{name}: {}", renamed.body);
        let mut emptied = form.clone();
        emptied.truncate(3);
        emptied[1].1 = "3".into();
        let gone = post(&router, &seller, "/api/save_deal_lines", &emptied).await;
        assert_eq!(gone.status, StatusCode::OK, "{name}: {}", gone.body);
        let after = quote(seller.clone()).await;
        for part in ["summary", "lines", "customer"] {
            assert_eq!(after[part], frozen[part], "{name}: {part} is frozen");
        }
        let mut late = lines.clone();
        late[1].1 = "5".into();
        refused(
            &post(&router, &seller, "/api/save_quote_lines", &late).await,
            "state",
            "frozen",
            name,
        );
        refused(
            &draft(&[("notes", "x")], "5").await,
            "state",
            "frozen",
            name,
        );

        // Answered once; the deal's history tells it all.
        let accepted = act("accept", 5).await;
        assert_eq!(accepted.status, StatusCode::OK, "{name}: {}", accepted.body);
        let q = quote(seller.clone()).await;
        assert_eq!(
            (&q["summary"]["state"], &q["decided_by"], &q["actions"]),
            (&json!("accepted"), &json!("Usuario vendedor"), &json!([])),
            "{name}: {q}"
        );
        refused(&act("reject", 6).await, "state", "state", name);
        refused(&act("cancel", 6).await, "state", "state", name);
        let history = deal_page_of(&router, &seller, &key).await["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["kind"].clone(), h["detail"].clone()))
            .filter(|(k, _)| k.as_str().unwrap().starts_with("Quote"))
            .collect::<Vec<_>>();
        assert_eq!(
            history,
            [
                (json!("QuoteCreated"), json!("COT-000001 · $3,387.16")),
                (json!("QuoteSent"), json!("COT-000001 · $4,851.74")),
                (json!("QuoteAccepted"), json!("COT-000001 · $4,851.74")),
            ],
            "{name}"
        );

        // More quotes of the deal: the next folios, a cancelled one kept.
        for _ in 0..2 {
            let again = call(
                &router,
                &seller,
                "/api/create_quote",
                &[("deal_id", &deal.to_string())],
            )
            .await;
            assert_eq!(again.status, StatusCode::OK, "{name}: {}", again.body);
        }
        let ids = quote_ids(&router, &seller, &key).await;
        assert_eq!(ids.len(), 3, "{name}");
        let second = ids[1].to_string();
        let empty = call(
            &router,
            &seller,
            "/api/change_quote",
            &[("id", &second), ("version", "1"), ("action", "send")],
        )
        .await;
        refused(&empty, "state", "empty", name);
        let cancelled = call(
            &router,
            &seller,
            "/api/change_quote",
            &[("id", &second), ("version", "1"), ("action", "cancel")],
        )
        .await;
        assert_eq!(
            cancelled.status,
            StatusCode::OK,
            "{name}: {}",
            cancelled.body
        );
        let page = deal_page_of(&router, &seller, &key).await;
        let listed: Vec<(Value, Value)> = page["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| (q["folio"].clone(), q["state"].clone()))
            .collect();
        assert_eq!(
            listed,
            [
                (json!("COT-000003"), json!("draft")),
                (json!("COT-000002"), json!("cancelled")),
                (json!("COT-000001"), json!("accepted")),
            ],
            "{name}"
        );

        // A sent quote past its validity is vencida: no longer answered,
        // and listed as such.
        let third = ids[0].to_string();
        let mut lines = vec![
            ("quote_id".to_string(), third.clone()),
            ("version".to_string(), "1".to_string()),
        ];
        lines.extend(lines_form(&[&[
            ("description", "Visita"),
            ("unit_price", "100"),
        ]]));
        post(&router, &seller, "/api/save_quote_lines", &lines).await;
        // A draft whose validity passed is not sent as it is.
        run_sql(
            &t.db,
            &format!("UPDATE quotes SET valid_until = '{yesterday}' WHERE id = {third}"),
        )
        .await;
        let stale = call(
            &router,
            &seller,
            "/api/change_quote",
            &[("id", &third), ("version", "2"), ("action", "send")],
        )
        .await;
        refused(&stale, "valid_until", "past", name);
        run_sql(
            &t.db,
            &format!("UPDATE quotes SET valid_until = '2099-01-01' WHERE id = {third}"),
        )
        .await;
        let sent = call(
            &router,
            &seller,
            "/api/change_quote",
            &[("id", &third), ("version", "2"), ("action", "send")],
        )
        .await;
        assert_eq!(sent.status, StatusCode::OK, "{name}: {}", sent.body);
        run_sql(
            &t.db,
            &format!("UPDATE quotes SET valid_until = '{yesterday}' WHERE id = {third}"),
        )
        .await;
        let late = call(
            &router,
            &seller,
            "/api/change_quote",
            &[("id", &third), ("version", "4"), ("action", "accept")],
        )
        .await;
        refused(&late, "state", "expired", name);
        let list = |state: &str| {
            let (router, seller) = (router.clone(), seller.clone());
            let state = state.to_string();
            async move {
                let ans = call(
                    &router,
                    &seller,
                    "/api/list_quotes",
                    &[("query[state]", &state)],
                )
                .await;
                assert_eq!(ans.status, StatusCode::OK, "{}", ans.body);
                ans.json()["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["folio"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(list("expired").await, ["COT-000003"], "{name}");
        assert!(list("sent").await.is_empty(), "{name}");
        assert_eq!(
            list("").await,
            ["COT-000003", "COT-000002", "COT-000001"],
            "{name}"
        );
        let wrong = call(
            &router,
            &seller,
            "/api/list_quotes",
            &[("query[state]", "borrador")],
        )
        .await;
        refused(&wrong, "state", "invalid", name);
        // It may still be cancelled.
        let cancelled = call(
            &router,
            &seller,
            "/api/change_quote",
            &[("id", &third), ("version", "4"), ("action", "cancel")],
        )
        .await;
        assert_eq!(
            cancelled.status,
            StatusCode::OK,
            "{name}: {}",
            cancelled.body
        );

        // A deal that sent a quote is kept.
        let version = rest("GET", format!("/api/v1/deals/{deal}"), None)
            .await
            .json()["version"]
            .clone();
        let deleted = rest(
            "DELETE",
            format!("/api/v1/deals/{deal}?version={version}"),
            None,
        )
        .await;
        assert_eq!(
            deleted.json()["error"]["fields"]["deal"],
            "has_quotes",
            "{name}: {}",
            deleted.body
        );
    }
}

#[tokio::test]
async fn quotes_are_seen_and_made_by_who_may_see_and_edit_their_deal() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Permisos", "estandar").await;
        let other = account(&t.db, "Ajena", "estandar").await;
        let router = router(&t.db);
        let seller_id = user_id(&t.db, &a.vendedor).await;
        let boss_id = user_id(&t.db, &a.gerente).await;
        let deals = open_deals(
            &t.db,
            &a,
            &[
                ("Del vendedor", 1_000, 0, seller_id),
                ("Del gerente", 2_000, 0, boss_id),
            ],
        )
        .await;
        let their_owner = user_id(&t.db, &other.vendedor).await;
        let theirs = open_deals(&t.db, &other, &[("Ajeno", 1_000, 0, their_owner)]).await[0];
        let seller = login(&router, &a.vendedor).await;
        let boss = login(&router, &a.gerente).await;
        let stranger = login(&router, &other.admin).await;
        let create = |who: &String, deal: i64| {
            let (router, who) = (router.clone(), who.clone());
            async move {
                call(
                    &router,
                    &who,
                    "/api/create_quote",
                    &[("deal_id", &deal.to_string())],
                )
                .await
            }
        };
        assert_eq!(
            create(&seller, deals[0]).await.status,
            StatusCode::OK,
            "{name}"
        );
        assert_eq!(
            create(&boss, deals[1]).await.status,
            StatusCode::OK,
            "{name}"
        );
        // A seller does not see, so does not quote, another's deal; a
        // foreign deal answers as a missing one.
        let hidden = create(&seller, deals[1]).await;
        let foreign = create(&seller, theirs).await;
        let missing = create(&seller, 987_654_321).await;
        assert_eq!(
            hidden.status,
            StatusCode::NOT_FOUND,
            "{name}: {}",
            hidden.body
        );
        assert_eq!(
            (foreign.status, &foreign.body),
            (missing.status, &missing.body),
            "{name}"
        );
        let listed = |who: &String| {
            let (router, who) = (router.clone(), who.clone());
            async move {
                call(&router, &who, "/api/list_quotes", &[]).await.json()["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        (
                            r["id"].as_i64().unwrap(),
                            r["deal_title"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect::<Vec<_>>()
            }
        };
        let all = listed(&boss).await;
        assert_eq!(all.len(), 2, "{name}");
        let mine = listed(&seller).await;
        assert_eq!(
            mine.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
            ["Del vendedor"],
            "{name}"
        );
        assert!(listed(&stranger).await.is_empty(), "{name}");
        let boss_quote = all
            .iter()
            .find(|(_, t)| t == "Del gerente")
            .unwrap()
            .0
            .to_string();
        let seller_quote = mine[0].0.to_string();
        // Another's quote, a foreign one and a missing one look the same.
        for who in [&seller, &stranger] {
            let got = call(&router, who, "/api/get_quote", &[("id", &boss_quote)]).await;
            let missing = call(&router, who, "/api/get_quote", &[("id", "987654321")]).await;
            assert_eq!(
                (got.status, &got.body),
                (missing.status, &missing.body),
                "{name}"
            );
            let acted = call(
                &router,
                who,
                "/api/change_quote",
                &[("id", &boss_quote), ("version", "1"), ("action", "cancel")],
            )
            .await;
            assert_eq!(
                acted.status,
                StatusCode::NOT_FOUND,
                "{name}: {}",
                acted.body
            );
        }
        // The manager sees and edits the seller's quote.
        let seen = call(&router, &boss, "/api/get_quote", &[("id", &seller_quote)]).await;
        assert_eq!(seen.json()["may_edit"], true, "{name}: {}", seen.body);
        // Reassigned, the deal's quotes go with it.
        let admin = provision::create_token(&t.db, &a.admin, "p").await.unwrap();
        let moved = send(
            &router,
            with_token(
                "PATCH",
                &format!("/api/v1/deals/{}", deals[1]),
                &admin,
                Some(json!({"version": 1, "owner_id": seller_id})),
            ),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{name}: {}", moved.body);
        assert_eq!(listed(&seller).await.len(), 2, "{name}");
        // The plan: basico has no quotes.
        let basic = account(&t.db, "Basica", "basico").await;
        let plain = login(&router, &basic.admin).await;
        let refused_plan = call(&router, &plain, "/api/list_quotes", &[]).await;
        assert_eq!(
            (refused_plan.status, refused_plan.body.as_str()),
            (StatusCode::FORBIDDEN, "\"PlanRequired\""),
            "{name}"
        );
    }
}

#[tokio::test]
async fn folios_are_never_given_twice_even_to_32_creators_at_once() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Folios", "estandar").await;
        let b = account(&t.db, "OtrosFolios", "estandar").await;
        let router = router(&t.db);
        let owner = user_id(&t.db, &a.admin).await;
        let deal = open_deals(&t.db, &a, &[("Muchas", 1_000, 0, owner)]).await[0];
        let admin = login(&router, &a.admin).await;
        let creators = (0..32).map(|_| {
            let (router, admin) = (router.clone(), admin.clone());
            tokio::spawn(async move {
                call(
                    &router,
                    &admin,
                    "/api/create_quote",
                    &[("deal_id", &deal.to_string())],
                )
                .await
                .status
            })
        });
        for c in creators.collect::<Vec<_>>() {
            assert_eq!(c.await.unwrap(), StatusCode::OK, "{name}");
        }
        let ans = call(&router, &admin, "/api/list_quotes", &[]).await.json();
        let mut folios: Vec<String> = ans["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["folio"].as_str().unwrap().to_string())
            .collect();
        folios.sort();
        let want: Vec<String> = (1..=32).map(|n| format!("COT-{n:06}")).collect();
        assert_eq!(folios, want, "{name}");
        // Another account counts its own.
        let owner_b = user_id(&t.db, &b.admin).await;
        let deal_b = open_deals(&t.db, &b, &[("Una", 1_000, 0, owner_b)]).await[0];
        let admin_b = login(&router, &b.admin).await;
        call(
            &router,
            &admin_b,
            "/api/create_quote",
            &[("deal_id", &deal_b.to_string())],
        )
        .await;
        let ans = call(&router, &admin_b, "/api/list_quotes", &[])
            .await
            .json();
        assert_eq!(ans["rows"][0]["folio"], "COT-000001", "{name}");
    }
}

/// The text of a PDF, as `pdftotext -layout` reads it.
pub fn pdf_text(bytes: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext (poppler-utils; scripts/setup.sh --test installs it)");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn a_quote_is_a_pdf_with_its_folio_every_line_and_its_totals() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Papelería Ñandú", "estandar").await;
        let router = router(&t.db);
        let admin = provision::create_token(&t.db, &a.admin, "q").await.unwrap();
        let owner = user_id(&t.db, &a.vendedor).await;
        let deal = open_deals(&t.db, &a, &[("Útiles escolares", 100_000, 0, owner)]).await[0];
        let org = send(
            &router,
            with_token(
                "POST",
                "/api/v1/organizations",
                &admin,
                Some(json!({"name": "Comercializadora Peña y Muñoz", "tax_id": "CPM680524P76"})),
            ),
        )
        .await
        .json()["id"]
            .as_i64()
            .unwrap();
        let linked = send(
            &router,
            with_token(
                "PATCH",
                &format!("/api/v1/deals/{deal}"),
                &admin,
                Some(json!({"version": 1, "organization_id": org})),
            ),
        )
        .await;
        assert_eq!(linked.status, StatusCode::OK, "{name}: {}", linked.body);
        // 50 lines, at 16 %, 8 %, 0 % and exempt, some with a discount
        // and a fractional quantity; one long description.
        let rates = ["16", "8", "0", "exempt"];
        let mut specs = vec![];
        for i in 0..50 {
            let description = if i == 7 {
                "Cuaderno profesional de 100 hojas cuadro chico, pasta dura, con espiral doble y separadores de colores".to_string()
            } else {
                format!("Artículo número {i} · lápiz, goma y sacapuntas")
            };
            specs.push(vec![
                ("description", description),
                (
                    "quantity",
                    if i % 3 == 0 {
                        "1.5".into()
                    } else {
                        format!("{}", i + 1)
                    },
                ),
                ("unit_price", format!("{}.{:02}", 10 + i * 7, i)),
                (
                    "discount",
                    if i % 5 == 0 {
                        "12.5".into()
                    } else {
                        String::new()
                    },
                ),
                ("iva", rates[i % 4].to_string()),
            ]);
        }
        let mut form = vec![
            ("deal_id".to_string(), deal.to_string()),
            ("version".to_string(), "2".to_string()),
            ("value_from_lines".to_string(), "false".to_string()),
        ];
        for (i, line) in specs.iter().enumerate() {
            for (field, value) in line {
                form.push((format!("lines[{i}][{field}]"), value.clone()));
            }
        }
        let seller = login(&router, &a.vendedor).await;
        let saved = post(&router, &seller, "/api/save_deal_lines", &form).await;
        assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);
        call(
            &router,
            &seller,
            "/api/create_quote",
            &[("deal_id", &deal.to_string())],
        )
        .await;
        let q = call(&router, &seller, "/api/list_quotes", &[]).await.json()["rows"][0].clone();
        let id = q["id"].as_i64().unwrap();
        let page = call(
            &router,
            &seller,
            "/api/get_quote",
            &[("id", &id.to_string())],
        )
        .await
        .json();

        let started = std::time::Instant::now();
        let got = send(
            &router,
            with_token("GET", &format!("/api/v1/quotes/{id}/pdf"), &admin, None),
        )
        .await;
        let took = started.elapsed();
        assert_eq!(got.status, StatusCode::OK, "{name}: {}", got.body);
        assert_eq!(got.headers["content-type"], "application/pdf", "{name}");
        assert_eq!(
            got.headers["content-disposition"], "inline; filename=\"COT-000001.pdf\"",
            "{name}"
        );
        let bytes = got.bytes.clone();
        assert!(bytes.starts_with(b"%PDF-"), "{name}");
        let text = pdf_text(&bytes);
        // To look at (`pdftoppm -png`), where the screenshots go.
        if let Ok(dir) = std::env::var("EMBUDO_SCREENSHOTS") {
            std::fs::write(format!("{dir}/cotizacion-50-lineas-{name}.pdf"), &bytes).unwrap();
        }
        eprintln!(
            "{name}: a 50-line quote's PDF in {took:?}, {} bytes",
            bytes.len()
        );
        // The account, the folio, the customer with its Spanish letters.
        for want in [
            "Papelería Ñandú",
            "COTIZACIÓN",
            "COT-000001",
            "Comercializadora Peña y Muñoz",
            "RFC: CPM680524P76",
            "Página 1 de",
        ] {
            assert!(text.contains(want), "{name}: {want} in\n{text}");
        }
        // Every line, with its amount as the page shows it.
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for (i, line) in page["lines"]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            let description = line["input"]["description"].as_str().unwrap();
            if i != 7 {
                assert!(flat.contains(description), "{name}: line {i} {description}");
            }
            let amount = line["figures"]["subtotal"].as_str().unwrap();
            assert!(flat.contains(amount), "{name}: line {i} {amount}");
        }
        // The long one wraps, every word kept.
        for word in ["Cuaderno", "separadores", "colores"] {
            assert!(flat.contains(word), "{name}: {word}");
        }
        // The totals, IVA by rate.
        let l = &page["lines"];
        for (label, value) in [
            ("Subtotal", l["subtotal"].as_str().unwrap()),
            ("Total MXN", l["total"].as_str().unwrap()),
        ] {
            assert!(
                flat.contains(&format!("{label} {value}")),
                "{name}: {label} {value} in\n{flat}"
            );
        }
        assert!(flat.contains("IVA 16 %"), "{name}");
        assert!(flat.contains("IVA 8 %"), "{name}");
        assert!(
            text.contains("Página 2 de"),
            "{name}: 50 lines run onto a second page"
        );
        // Whoever does not see the deal gets what a missing quote gets.
        let other = account(&t.db, "OtraPdf", "estandar").await;
        let theirs = provision::create_token(&t.db, &other.admin, "x")
            .await
            .unwrap();
        let foreign = send(
            &router,
            with_token("GET", &format!("/api/v1/quotes/{id}/pdf"), &theirs, None),
        )
        .await;
        let missing = send(
            &router,
            with_token("GET", "/api/v1/quotes/987654321/pdf", &theirs, None),
        )
        .await;
        assert_eq!(
            (foreign.status, &foreign.body),
            (missing.status, &missing.body),
            "{name}"
        );
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{name}");
        // The seller's page link works with the session's cookie.
        let by_cookie = send(
            &router,
            get(&format!("/api/v1/quotes/{id}/pdf"), Some(&seller), None),
        )
        .await;
        assert_eq!(by_cookie.status, StatusCode::OK, "{name}");
        let _ = q;
    }
}

#[tokio::test]
async fn the_customer_sees_and_answers_a_sent_quote_once_through_its_link() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Enlaces", "estandar").await;
        let router = router(&t.db);
        let admin = provision::create_token(&t.db, &a.admin, "q").await.unwrap();
        let owner = user_id(&t.db, &a.vendedor).await;
        let deals = open_deals(
            &t.db,
            &a,
            &[
                ("Bodega", 100_000, 0, owner),
                ("Oficinas", 50_000, 0, owner),
            ],
        )
        .await;
        let product = send(
            &router,
            with_token(
                "POST",
                "/api/v1/products",
                &admin,
                Some(json!({"sku": "R-1", "name": "Rack", "unit_price": "2500"})),
            ),
        )
        .await
        .json()["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let seller = login(&router, &a.vendedor).await;
        // Two sent quotes of the deals, each with the product.
        let mut links = vec![];
        for (i, deal) in deals.iter().enumerate() {
            call(
                &router,
                &seller,
                "/api/create_quote",
                &[("deal_id", &deal.to_string())],
            )
            .await;
            let id = call(&router, &seller, "/api/list_quotes", &[]).await.json()["rows"][0]["id"]
                .as_i64()
                .unwrap()
                .to_string();
            let mut form = vec![
                ("quote_id".to_string(), id.clone()),
                ("version".to_string(), "1".to_string()),
            ];
            form.extend(lines_form(&[&[
                ("product_id", &product),
                ("quantity", &format!("{}", i + 2)),
            ]]));
            let saved = post(&router, &seller, "/api/save_quote_lines", &form).await;
            assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);
            let sent = call(
                &router,
                &seller,
                "/api/change_quote",
                &[("id", &id), ("version", "2"), ("action", "send")],
            )
            .await;
            assert_eq!(sent.status, StatusCode::OK, "{name}: {}", sent.body);
            let page = call(&router, &seller, "/api/get_quote", &[("id", &id)])
                .await
                .json();
            let url = page["public_url"].as_str().unwrap().to_string();
            let token = url.rsplit('/').next().unwrap().to_string();
            assert_eq!(url, format!("/q/{token}"), "{name}");
            assert_eq!(token.len(), 43, "{name}: 256 bits");
            let wa = page["whatsapp_url"].as_str().unwrap();
            assert!(wa.starts_with("https://wa.me/?text="), "{name}: {wa}");
            assert!(wa.contains(&token), "{name}");
            links.push((id, token));
        }
        assert_ne!(links[0].1, links[1].1, "{name}");
        let (id, token) = links[0].clone();

        // Anyone with the link, signed in or not, sees the quote and no ids.
        let anonymous = |path: &str, form: &[(&str, &str)]| {
            let router = router.clone();
            let req = server_fn(path, form, None);
            async move { send(&router, req).await }
        };
        let seen = anonymous("/api/public_quote", &[("token", &token)]).await;
        assert_eq!(seen.status, StatusCode::OK, "{name}: {}", seen.body);
        let q = seen.json();
        assert_eq!(
            (
                &q["account_name"],
                &q["folio"],
                &q["state"],
                &q["may_answer"],
                &q["lines"]["total"]
            ),
            (
                &json!("Enlaces"),
                &json!("COT-000001"),
                &json!("sent"),
                &json!(true),
                &json!("$5,800.00")
            ),
            "{name}: {q}"
        );
        assert_eq!(q["lines"]["lines"][0]["input"]["product_id"], "", "{name}");
        assert_eq!(q["customer"]["organization_id"], Value::Null, "{name}");
        assert!(!seen.body.contains("deal_id"), "{name}: {}", seen.body);
        // A wrong link, well formed or not, is simply not found.
        let unknown = anonymous("/api/public_quote", &[("token", &"A".repeat(43))]).await;
        let junk = anonymous("/api/public_quote", &[("token", "../../etc")]).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{name}");
        assert_eq!(
            (junk.status, &junk.body),
            (unknown.status, &unknown.body),
            "{name}"
        );
        // Its PDF, by the link alone.
        let pdf = send(
            &router,
            get(&format!("/api/v1/public/quotes/{token}/pdf"), None, None),
        )
        .await;
        assert_eq!(pdf.status, StatusCode::OK, "{name}: {}", pdf.body);
        assert!(pdf_text(&pdf.bytes).contains("COT-000001"), "{name}");
        let no_pdf = send(
            &router,
            get(
                &format!("/api/v1/public/quotes/{}/pdf", "B".repeat(43)),
                None,
                None,
            ),
        )
        .await;
        assert_eq!(no_pdf.status, StatusCode::NOT_FOUND, "{name}");

        // An answer needs a name; then it is given once.
        let unnamed = anonymous(
            "/api/answer_quote",
            &[("token", &token), ("accept", "true"), ("name", " ")],
        )
        .await;
        refused(&unnamed, "name", "required", name);
        let yes = anonymous(
            "/api/answer_quote",
            &[
                ("token", &token),
                ("accept", "true"),
                ("name", "Laura Méndez"),
                ("comment", "Adelante con el pedido"),
            ],
        )
        .await;
        assert_eq!(yes.status, StatusCode::OK, "{name}: {}", yes.body);
        let again = anonymous(
            "/api/answer_quote",
            &[("token", &token), ("accept", "false"), ("name", "Otro")],
        )
        .await;
        refused(&again, "state", "state", name);
        let q = anonymous("/api/public_quote", &[("token", &token)])
            .await
            .json();
        assert_eq!(
            (
                &q["state"],
                &q["decided_by"],
                &q["decision_comment"],
                &q["may_answer"]
            ),
            (
                &json!("accepted"),
                &json!("Laura Méndez"),
                &json!("Adelante con el pedido"),
                &json!(false)
            ),
            "{name}"
        );
        // The seller sees it on the quote and in the deal's history, by
        // the customer.
        let page = call(&router, &seller, "/api/get_quote", &[("id", &id)])
            .await
            .json();
        assert_eq!(page["summary"]["state"], "accepted", "{name}");
        let key = page["summary"]["deal_key"].as_str().unwrap().to_string();
        let history = deal_page_of(&router, &seller, &key).await["history"].clone();
        let last = history.as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            (&last["kind"], &last["detail"], &last["actor"]),
            (
                &json!("QuoteAccepted"),
                &json!("COT-000001 · $5,800.00 · Laura Méndez"),
                &Value::Null
            ),
            "{name}: {last}"
        );

        // Past its validity, the other one is no longer answered.
        let (other_id, other) = links[1].clone();
        let yesterday = (app::ssr::clock::today(TZ) - chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        run_sql(
            &t.db,
            &format!("UPDATE quotes SET valid_until = '{yesterday}' WHERE id = {other_id}"),
        )
        .await;
        let late = anonymous(
            "/api/answer_quote",
            &[("token", &other), ("accept", "true"), ("name", "Laura")],
        )
        .await;
        refused(&late, "state", "expired", name);
        let q = anonymous("/api/public_quote", &[("token", &other)])
            .await
            .json();
        assert_eq!(
            (&q["state"], &q["may_answer"]),
            (&json!("expired"), &json!(false)),
            "{name}"
        );
        // An account that lost the CRM: its links are gone too.
        run_sql(
            &t.db,
            &format!("UPDATE accounts SET plan = 'basico' WHERE id = {}", a.id),
        )
        .await;
        let gone = anonymous("/api/public_quote", &[("token", &token)]).await;
        assert_eq!(
            (gone.status, &gone.body),
            (unknown.status, &unknown.body),
            "{name}"
        );
    }
}

#[tokio::test]
async fn expired_quotes_are_listed_the_latest_to_lapse_first_a_page_at_a_time() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Vencidas", "estandar").await;
        let router = router(&t.db);
        let owner = user_id(&t.db, &a.vendedor).await;
        let deal = open_deals(&t.db, &a, &[("Vencidas", 1_000, 0, owner)]).await[0];
        let seller = login(&router, &a.vendedor).await;
        let mut form = vec![
            ("deal_id".to_string(), deal.to_string()),
            ("version".to_string(), "1".to_string()),
            ("value_from_lines".to_string(), "false".to_string()),
        ];
        form.extend(lines_form(&[&[
            ("description", "Cable"),
            ("unit_price", "10"),
        ]]));
        assert_eq!(
            post(&router, &seller, "/api/save_deal_lines", &form)
                .await
                .status,
            StatusCode::OK
        );
        let mut ids = vec![];
        for _ in 0..3 {
            let deal = deal.to_string();
            call(&router, &seller, "/api/create_quote", &[("deal_id", &deal)]).await;
            let list = call(&router, &seller, "/api/list_quotes", &[]).await.json();
            let id = list["rows"][0]["id"].as_i64().unwrap().to_string();
            let sent = call(
                &router,
                &seller,
                "/api/change_quote",
                &[("id", &id), ("version", "1"), ("action", "send")],
            )
            .await;
            assert_eq!(sent.status, StatusCode::OK, "{name}: {}", sent.body);
            ids.push(id);
        }
        for (id, day) in ids.iter().zip(["2026-01-10", "2026-01-20", "2026-01-15"]) {
            run_sql(
                &t.db,
                &format!("UPDATE quotes SET valid_until = '{day}' WHERE id = {id}"),
            )
            .await;
        }
        let page = |form: Vec<(&'static str, String)>| {
            let (router, seller) = (router.clone(), seller.clone());
            async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                call(&router, &seller, "/api/list_quotes", &form)
                    .await
                    .json()
            }
        };
        let folios = |v: &Value| -> Vec<String> {
            v["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["folio"].as_str().unwrap().to_string())
                .collect()
        };
        let expired = page(vec![("query[state]", "expired".into())]).await;
        assert_eq!(
            folios(&expired),
            ["COT-000002", "COT-000003", "COT-000001"],
            "{name}"
        );
        // A pager from the first row goes on with the other two.
        let after = format!("{}.2026-01-20", ids[1]);
        let rest = page(vec![
            ("query[state]", "expired".into()),
            ("query[after]", after),
        ])
        .await;
        assert_eq!(
            folios(&rest),
            ["COT-000003", "COT-000001"],
            "{name}: {rest}"
        );
        let back = format!("{}.2026-01-15", ids[2]);
        let above = page(vec![
            ("query[state]", "expired".into()),
            ("query[before]", back),
        ])
        .await;
        assert_eq!(folios(&above), ["COT-000002"], "{name}: {above}");
    }
}
