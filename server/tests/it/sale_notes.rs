//! Notas de venta on SQLite and PostgreSQL: issued once from an accepted
//! quote (its frozen lines, totals and customer) or from a won deal's
//! lines, with the account's next folio; never changed afterwards; its PDF;
//! refused when the quote is not accepted, the deal not won or without
//! lines; the deal's history; a deal with a note is kept.
use crate::common::*;
use crate::quotes::{lines_form, pdf_text, post};
use app::ssr::accounts::provision;
use http::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_sale_note_is_issued_once_from_an_accepted_quote_or_a_won_deal() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Notas", "estandar").await;
        let router = router(&t.db);
        let admin = provision::create_token(&t.db, &a.admin, "n").await.unwrap();
        let owner = user_id(&t.db, &a.vendedor).await;
        let deals = open_deals(
            &t.db,
            &a,
            &[
                ("Con cotización", 100_000, 0, owner),
                ("Sin cotización", 50_000, 0, owner),
            ],
        )
        .await;
        let seller = login(&router, &a.vendedor).await;
        let rest = |method: &'static str, path: String, body: Option<Value>| {
            let (router, admin) = (router.clone(), admin.clone());
            async move { send(&router, with_token(method, &path, &admin, body)).await }
        };
        // Both deals get two lines.
        for deal in &deals {
            let mut form = vec![
                ("deal_id".to_string(), deal.to_string()),
                ("version".to_string(), "1".to_string()),
                ("value_from_lines".to_string(), "false".to_string()),
            ];
            form.extend(lines_form(&[
                &[
                    ("description", "Puerta de acero"),
                    ("quantity", "2"),
                    ("unit_price", "4,500"),
                    ("iva", "16"),
                ],
                &[
                    ("description", "Instalación"),
                    ("unit_price", "1200"),
                    ("iva", "exempt"),
                ],
            ]));
            let saved = post(&router, &seller, "/api/save_deal_lines", &form).await;
            assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);
        }
        // A quote of the first, sent and accepted.
        call(
            &router,
            &seller,
            "/api/create_quote",
            &[("deal_id", &deals[0].to_string())],
        )
        .await;
        let quote = call(&router, &seller, "/api/list_quotes", &[]).await.json()["rows"][0]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let from_quote = |id: &str| {
            let (router, seller, id) = (router.clone(), seller.clone(), id.to_string());
            async move {
                call(
                    &router,
                    &seller,
                    "/api/sale_note_from_quote",
                    &[("quote_id", &id)],
                )
                .await
            }
        };
        refused(&from_quote(&quote).await, "state", "not_accepted", name);
        for (version, action) in [("1", "send"), ("3", "accept")] {
            let done = call(
                &router,
                &seller,
                "/api/change_quote",
                &[("id", &quote), ("version", version), ("action", action)],
            )
            .await;
            assert_eq!(
                done.status,
                StatusCode::OK,
                "{name}: {action}: {}",
                done.body
            );
        }
        let issued = from_quote(&quote).await;
        assert_eq!(issued.status, StatusCode::OK, "{name}: {}", issued.body);
        refused(&from_quote(&quote).await, "quote", "has_note", name);
        let q = call(&router, &seller, "/api/get_quote", &[("id", &quote)])
            .await
            .json();
        let note = q["sale_note"]
            .as_i64()
            .expect("the quote knows its note")
            .to_string();
        assert_eq!(q["may_issue_note"], false, "{name}");
        let page = |id: String| {
            let (router, seller) = (router.clone(), seller.clone());
            async move {
                let ans = call(&router, &seller, "/api/get_sale_note", &[("id", &id)]).await;
                assert_eq!(ans.status, StatusCode::OK, "{}", ans.body);
                ans.json()
            }
        };
        let n = page(note.clone()).await;
        assert_eq!(
            (
                &n["summary"]["folio"],
                &n["summary"]["total"],
                &n["summary"]["quote"][1],
                &n["lines"]["subtotal"]
            ),
            (
                &json!("NV-000001"),
                &json!("$11,640.00"),
                &json!("COT-000001"),
                &json!("$10,200.00")
            ),
            "{name}: {n}"
        );
        // Frozen: the deal's lines change, the note does not.
        let version = rest("GET", format!("/api/v1/deals/{}", deals[0]), None)
            .await
            .json()["version"]
            .as_i64()
            .unwrap();
        let mut form = vec![
            ("deal_id".to_string(), deals[0].to_string()),
            ("version".to_string(), version.to_string()),
            ("value_from_lines".to_string(), "false".to_string()),
        ];
        form.extend(lines_form(&[&[
            ("description", "Otra cosa"),
            ("unit_price", "1"),
        ]]));
        assert_eq!(
            post(&router, &seller, "/api/save_deal_lines", &form)
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(page(note.clone()).await, n, "{name}");
        // Its PDF.
        let pdf = rest("GET", format!("/api/v1/sale-notes/{note}/pdf"), None).await;
        assert_eq!(pdf.status, StatusCode::OK, "{name}: {}", pdf.body);
        let text = pdf_text(&pdf.bytes);
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for want in [
            "NOTA DE VENTA",
            "NV-000001",
            "Puerta de acero",
            "Instalación",
            "Subtotal $10,200.00",
            "Total MXN $11,640.00",
        ] {
            assert!(flat.contains(want), "{name}: {want} in {flat}");
        }

        // The second deal: not before it is won; then from its lines.
        let from_deal = |id: i64| {
            let (router, seller) = (router.clone(), seller.clone());
            async move {
                call(
                    &router,
                    &seller,
                    "/api/sale_note_from_deal",
                    &[("deal_id", &id.to_string())],
                )
                .await
            }
        };
        refused(&from_deal(deals[1]).await, "status", "not_won", name);
        let won = rest(
            "POST",
            format!("/api/v1/deals/{}/won", deals[1]),
            Some(json!({"version": 2})),
        )
        .await;
        assert_eq!(won.status, StatusCode::OK, "{name}: {}", won.body);
        let issued = from_deal(deals[1]).await;
        assert_eq!(issued.status, StatusCode::OK, "{name}: {}", issued.body);
        // Once: a second note of the same lines is refused.
        refused(&from_deal(deals[1]).await, "deal", "has_note", name);
        let key = won.json()["key"].as_str().unwrap().to_string();
        let d = deal_page_of(&router, &seller, &key).await;
        assert_eq!(d["sale_notes"][0]["folio"], "NV-000002", "{name}");
        assert_eq!(d["sale_notes"][0]["quote"], Value::Null, "{name}");
        let last = d["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            (&last["kind"], &last["detail"]),
            (&json!("SaleNoteIssued"), &json!("NV-000002 · $11,640.00")),
            "{name}"
        );
        // A deal with a note is kept; another account sees none of it.
        let version = won.json()["version"].clone();
        let deleted = rest(
            "DELETE",
            format!("/api/v1/deals/{}?version={version}", deals[1]),
            None,
        )
        .await;
        assert_eq!(
            deleted.json()["error"]["fields"]["deal"],
            "has_quotes",
            "{name}: {}",
            deleted.body
        );
        let other = account(&t.db, "OtraNota", "estandar").await;
        let stranger = login(&router, &other.admin).await;
        let theirs = call(&router, &stranger, "/api/get_sale_note", &[("id", &note)]).await;
        let missing = call(
            &router,
            &stranger,
            "/api/get_sale_note",
            &[("id", "987654321")],
        )
        .await;
        assert_eq!(
            (theirs.status, &theirs.body),
            (missing.status, &missing.body),
            "{name}"
        );
        let their_token = provision::create_token(&t.db, &other.admin, "o")
            .await
            .unwrap();
        let pdf = send(
            &router,
            with_token(
                "GET",
                &format!("/api/v1/sale-notes/{note}/pdf"),
                &their_token,
                None,
            ),
        )
        .await;
        assert_eq!(pdf.status, StatusCode::NOT_FOUND, "{name}");
    }
}

#[tokio::test]
async fn ganado_takes_the_close_day_and_the_final_value_and_the_dashboard_counts_them() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Cierres", "estandar").await;
        let router = router(&t.db);
        let admin = provision::create_token(&t.db, &a.admin, "w").await.unwrap();
        let owner = user_id(&t.db, &a.vendedor).await;
        // Created on 2026-01-01 (UTC), $1,000.00 each.
        let deals = open_deals(
            &t.db,
            &a,
            &[
                ("Techado", 100_000, 0, owner),
                ("Pintura", 100_000, 0, owner),
                ("Bodega", 100_000, 0, owner),
            ],
        )
        .await;
        let rest = |method: &'static str, path: String, body: Option<Value>| {
            let (router, admin) = (router.clone(), admin.clone());
            async move { send(&router, with_token(method, &path, &admin, body)).await }
        };
        let win =
            |deal: i64, body: Value| rest("POST", format!("/api/v1/deals/{deal}/won"), Some(body));
        let tomorrow = (app::ssr::clock::today(TZ) + chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        for (body, field, code) in [
            (
                json!({"version": 1, "won_on": tomorrow}),
                "won_on",
                "future",
            ),
            (
                json!({"version": 1, "won_on": "2025-12-30"}),
                "won_on",
                "before_created",
            ),
            (
                json!({"version": 1, "won_on": "15/11/2026"}),
                "won_on",
                "invalid",
            ),
            (
                json!({"version": 1, "value": "12.345"}),
                "value",
                "too_many_decimals",
            ),
            (json!({"version": 1, "value": "-5"}), "value", "negative"),
            (
                json!({"version": 1, "won_on": "+262143-12-31"}),
                "won_on",
                "invalid",
            ),
            (
                json!({"version": 1, "won_on": "0999-01-01"}),
                "won_on",
                "invalid",
            ),
        ] {
            let ans = win(deals[0], body).await;
            assert_eq!(
                ans.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}: {}",
                ans.body
            );
            assert_eq!(
                ans.json()["error"]["fields"][field],
                code,
                "{name}: {}",
                ans.body
            );
        }
        // Won on a past day for another value: both in the deal.
        let won = win(
            deals[0],
            json!({"version": 1, "won_on": "2026-03-15", "value": "1,250.50"}),
        )
        .await;
        assert_eq!(won.status, StatusCode::OK, "{name}: {}", won.body);
        let d = won.json();
        assert_eq!(
            (&d["status"], &d["value"]),
            (&json!("won"), &json!("1250.50")),
            "{name}: {d}"
        );
        assert!(
            d["won_at"].as_str().unwrap().starts_with("2026-03-15T"),
            "{name}: {d}"
        );
        let history = rest("GET", format!("/api/v1/deals/{}/history", deals[0]), None)
            .await
            .json();
        let kinds: Vec<&str> = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["created", "value_changed", "won"], "{name}");
        // The board's way (the server function), with its defaults: the
        // accepted quote's subtotal.
        let seller = login(&router, &a.vendedor).await;
        let mut form = vec![
            ("deal_id".to_string(), deals[1].to_string()),
            ("version".to_string(), "1".to_string()),
            ("value_from_lines".to_string(), "false".to_string()),
        ];
        form.extend(lines_form(&[&[
            ("description", "Pintura vinílica"),
            ("quantity", "10"),
            ("unit_price", "320"),
        ]]));
        assert_eq!(
            post(&router, &seller, "/api/save_deal_lines", &form)
                .await
                .status,
            StatusCode::OK
        );
        call(
            &router,
            &seller,
            "/api/create_quote",
            &[("deal_id", &deals[1].to_string())],
        )
        .await;
        let quote = call(&router, &seller, "/api/list_quotes", &[]).await.json()["rows"][0]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        for (version, action) in [("1", "send"), ("3", "accept")] {
            call(
                &router,
                &seller,
                "/api/change_quote",
                &[("id", &quote), ("version", version), ("action", action)],
            )
            .await;
        }
        // The board's cards bring what Ganado offers: the accepted quote's
        // subtotal, else the value; and the board, today.
        let shown = call(&router, &seller, "/api/board", &[("query[mine]", "false")])
            .await
            .json();
        assert_eq!(
            shown["today"],
            app::ssr::clock::today(TZ).format("%Y-%m-%d").to_string(),
            "{name}"
        );
        let cards: Vec<Value> = shown["columns"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["cards"].as_array().unwrap().clone())
            .collect();
        let card = |id: i64| cards.iter().find(|c| c["id"] == id).unwrap().clone();
        assert_eq!(
            (
                &card(deals[1])["won_value"],
                &card(deals[1])["won_from_quote"]
            ),
            (&json!("3200.00"), &json!(true)),
            "{name}"
        );
        assert_eq!(
            (
                &card(deals[2])["won_value"],
                &card(deals[2])["won_from_quote"]
            ),
            (&json!("1000.00"), &json!(false)),
            "{name}"
        );
        let board = call(
            &router,
            &seller,
            "/api/win_deal",
            &[
                ("query[mine]", "false"),
                ("deal_id", &deals[1].to_string()),
                ("version", "2"),
                ("won_on", "2026-04-02"),
                ("value", "3200.00"),
            ],
        )
        .await;
        assert_eq!(board.status, StatusCode::OK, "{name}: {}", board.body);
        // The third without a day or value: now, for its value.
        let plain = win(deals[2], json!({"version": 1})).await;
        assert_eq!(plain.json()["value"], "1000.00", "{name}");
        aggregates_exact(&t.db, a.id).await;
        // The dashboard counts them on their days, for their values.
        let gerente = login(&router, &a.gerente).await;
        let at = |as_of: &str| {
            let (router, gerente) = (router.clone(), gerente.clone());
            let path = format!("/api/v1/dashboard?as_of={as_of}");
            async move { send(&router, get(&path, Some(&gerente), None)).await.json() }
        };
        let march = at("2026-03-31").await;
        assert_eq!(
            (&march["won_deals"]["count"], &march["won_deals"]["total"]),
            (&json!(1), &json!("1250.50")),
            "{name}: {}",
            march["won_deals"]
        );
        let april = at("2026-04-30").await;
        assert_eq!(
            (&april["won_deals"]["count"], &april["won_deals"]["total"]),
            (&json!(2), &json!("4450.50")),
            "{name}: {}",
            april["won_deals"]
        );
    }
}
