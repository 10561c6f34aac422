//! A deal's lines through the section's server functions on SQLite and
//! PostgreSQL: figures exact and the server's, a product bringing its name,
//! price and rate, the value following the subtotal in the same
//! transaction as one history event and one version (the dashboard kept
//! exact), every bad field named by line with nothing written, the value
//! and currency of a deal with lines guarded, a stale version refused, and
//! who may price, save and search.
use crate::common::*;
use app::ssr::accounts::provision;
use http::StatusCode;
use serde_json::{Value, json};

/// The form of a list of lines (each as (field, value) pairs).
fn lines_form(lines: &[&[(&str, &str)]]) -> Vec<(String, String)> {
    let mut form = vec![];
    for (i, line) in lines.iter().enumerate() {
        for (field, value) in *line {
            form.push((format!("lines[{i}][{field}]"), value.to_string()));
        }
    }
    form
}

#[tokio::test]
async fn lines_are_priced_by_the_server_and_the_value_follows_them() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Lineas", "estandar").await;
        let other = account(&t.db, "LineasAjenas", "estandar").await;
        let router = router(&t.db);
        let admin = provision::create_token(&t.db, &a.admin, "l").await.unwrap();
        let their = provision::create_token(&t.db, &other.admin, "l")
            .await
            .unwrap();
        let rest = |method: &'static str, path: String, who: &String, body: Option<Value>| {
            let (router, who) = (router.clone(), who.clone());
            async move { send(&router, with_token(method, &path, &who, body)).await }
        };
        let product = |who: &String, body: Value| {
            let who = who.clone();
            async move {
                let ans = rest("POST", "/api/v1/products".into(), &who, Some(body)).await;
                assert_eq!(ans.status, StatusCode::CREATED, "{}", ans.body);
                ans.json()["id"].as_i64().unwrap().to_string()
            }
        };
        let cable = product(
            &admin,
            json!({"sku": "CAB-01", "name": "Cable THW 12", "unit_price": "1,250.50", "iva": "16"}),
        )
        .await;
        let dollars = product(
            &admin,
            json!({"sku": "LIC-US", "name": "Licencia anual", "unit_price": "99", "currency": "USD"}),
        )
        .await;
        let theirs = product(
            &their,
            json!({"sku": "AJ-1", "name": "Ajeno", "unit_price": "10"}),
        )
        .await;
        let owner = user_id(&t.db, &a.vendedor).await;
        let deal = open_deals(&t.db, &a, &[("Nave industrial", 100_000, 0, owner)]).await[0];
        let seller = login(&router, &a.vendedor).await;
        let ask = |path: &'static str,
                   version: Option<i64>,
                   value_from: bool,
                   lines: &[&[(&str, &str)]]| {
            let (router, cookie) = (router.clone(), seller.clone());
            let mut form = vec![
                ("deal_id".to_string(), deal.to_string()),
                ("value_from_lines".to_string(), value_from.to_string()),
            ];
            if let Some(v) = version {
                form.push(("version".into(), v.to_string()));
            }
            form.extend(lines_form(lines));
            async move {
                let form: Vec<(&str, &str)> =
                    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                call(&router, &cookie, path, &form).await
            }
        };
        let two: [&[(&str, &str)]; 2] = [
            // The product brings its name, price and rate: 2 × $1,250.50.
            &[("product_id", &cable), ("quantity", "2")],
            // 1.5 × $333.33 less 10 % = 449.9955 → $450.00; 8 %: $36.00.
            &[
                ("description", "Instalación"),
                ("quantity", "1.5"),
                ("unit_price", "333.33"),
                ("discount", "10"),
                ("iva", "8"),
            ],
        ];

        // The preview prices without storing.
        let preview = ask("/api/preview_deal_lines", None, true, &two).await;
        assert_eq!(preview.status, StatusCode::OK, "{name}: {}", preview.body);
        let p = preview.json();
        let figures = |v: &Value, i: usize| {
            let f = &v["lines"][i]["figures"];
            (
                f["subtotal"].as_str().unwrap().to_string(),
                f["iva"].as_str().unwrap().to_string(),
                f["total"].as_str().unwrap().to_string(),
            )
        };
        assert_eq!(
            figures(&p, 0),
            ("$2,501.00".into(), "$400.16".into(), "$2,901.16".into()),
            "{name}"
        );
        assert_eq!(
            figures(&p, 1),
            ("$450.00".into(), "$36.00".into(), "$486.00".into()),
            "{name}"
        );
        assert_eq!(
            (&p["subtotal"], &p["iva"], &p["total"]),
            (&json!("$2,951.00"), &json!("$436.16"), &json!("$3,387.16")),
            "{name}"
        );
        assert_eq!(p["lines"][0]["sku"], "CAB-01", "{name}");
        let cookie = seller.clone();
        let page = |key: String| {
            let (router, cookie) = (router.clone(), cookie.clone());
            async move { deal_page_of(&router, &cookie, &key).await }
        };
        let key = {
            let d = rest("GET", format!("/api/v1/deals/{deal}"), &admin, None)
                .await
                .json();
            d["key"].as_str().unwrap().to_string()
        };
        assert_eq!(
            page(key.clone()).await["lines"]["lines"],
            json!([]),
            "{name}"
        );

        // Every bad field is named by its line; nothing is written.
        let bad = ask(
            "/api/save_deal_lines",
            Some(1),
            true,
            &[
                &[
                    ("description", "Sin cantidad"),
                    ("quantity", "0"),
                    ("unit_price", "1"),
                ],
                &[("description", "Precio"), ("unit_price", "doce")],
                &[("product_id", &theirs)],
                &[("product_id", &dollars)],
                &[
                    ("description", "x"),
                    ("unit_price", "1"),
                    ("discount", "150"),
                ],
            ],
        )
        .await;
        for (field, code) in [
            ("lines.0.quantity", "negative"),
            ("lines.1.unit_price", "malformed"),
            ("lines.2.product_id", "not_found"),
            ("lines.3.unit_price", "required"),
            ("lines.4.discount", "too_large"),
        ] {
            refused(&bad, field, code, name);
        }
        // Another account's product answers as a missing one.
        let missing = ask(
            "/api/save_deal_lines",
            Some(1),
            false,
            &[&[("product_id", "987654321")]],
        )
        .await;
        let foreign = ask(
            "/api/save_deal_lines",
            Some(1),
            false,
            &[&[("product_id", &theirs)]],
        )
        .await;
        assert_eq!(
            (missing.status, &missing.body),
            (foreign.status, &foreign.body),
            "{name}"
        );
        let many: Vec<[(&str, &str); 2]> = vec![[("description", "x"), ("unit_price", "1")]; 201];
        let many: Vec<&[(&str, &str)]> = many.iter().map(|l| l.as_slice()).collect();
        refused(
            &ask("/api/save_deal_lines", Some(1), false, &many).await,
            "lines",
            "too_many",
            name,
        );
        let d = rest("GET", format!("/api/v1/deals/{deal}"), &admin, None)
            .await
            .json();
        assert_eq!(
            (&d["version"], &d["value"]),
            (&json!(1), &json!("1000.00")),
            "{name}"
        );

        // Saved: the lines, and the value is their subtotal — one event, one
        // version, the dashboard exact.
        let saved = ask("/api/save_deal_lines", Some(1), true, &two).await;
        assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);
        assert_eq!(saved.json(), json!(2), "{name}");
        let d = rest("GET", format!("/api/v1/deals/{deal}"), &admin, None)
            .await
            .json();
        assert_eq!(
            (&d["version"], &d["value"]),
            (&json!(2), &json!("2951.00")),
            "{name}"
        );
        let history = rest("GET", format!("/api/v1/deals/{deal}/history"), &admin, None)
            .await
            .json();
        let items = history["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{name}: {history}");
        assert_eq!(
            (&items[1]["kind"], &items[1]["data"]),
            (
                &json!("lines_changed"),
                &json!({"count": 2, "currency": "MXN", "subtotal_minor": 295_100, "total_minor": 338_716,
                        "value_from": 100_000, "value_from_lines": true})
            ),
            "{name}"
        );
        aggregates_exact(&t.db, a.id).await;
        let shown = page(key.clone()).await;
        let l = &shown["lines"];
        assert_eq!(
            (
                &l["lines"][0]["input"]["description"],
                &l["lines"][0]["input"]["unit_price"],
                &l["lines"][1]["input"]["quantity"],
                &l["lines"][1]["input"]["discount"],
                &l["lines"][1]["input"]["iva"],
                &l["total"],
                &l["value_from_lines"],
            ),
            (
                &json!("Cable THW 12"),
                &json!("1250.50"),
                &json!("1.5"),
                &json!("10"),
                &json!("8"),
                &json!("$3,387.16"),
                &json!(true)
            ),
            "{name}"
        );
        let last = shown["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            (&last["kind"], &last["detail"]),
            (
                &json!("LinesChanged"),
                &json!("2 · subtotal $2,951.00 · total $3,387.16 · $1,000.00 → $2,951.00")
            ),
            "{name}"
        );
        // The same lines again change nothing; a stale version is refused.
        let same = ask("/api/save_deal_lines", Some(2), true, &two).await;
        assert_eq!(same.json(), json!(2), "{name}: {}", same.body);
        let stale = ask("/api/save_deal_lines", Some(1), false, &two).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{name}: {}", stale.body);

        // A value that follows the lines is not typed; the currency stays.
        let typed = rest(
            "PATCH",
            format!("/api/v1/deals/{deal}"),
            &admin,
            Some(json!({"version": 2, "value": "5"})),
        )
        .await;
        assert_eq!(
            typed.json()["error"]["fields"]["value"],
            "from_lines",
            "{name}: {}",
            typed.body
        );
        let currency = rest(
            "PATCH",
            format!("/api/v1/deals/{deal}"),
            &admin,
            Some(json!({"version": 2, "currency": "USD", "exchange_rate": "17"})),
        )
        .await;
        assert_eq!(
            currency.json()["error"]["fields"]["currency"],
            "has_lines",
            "{name}: {}",
            currency.body
        );
        // Another title is fine, and keeps the value.
        let retitled = rest(
            "PATCH",
            format!("/api/v1/deals/{deal}"),
            &admin,
            Some(json!({"version": 2, "title": "Nave industrial 2"})),
        )
        .await;
        assert_eq!(retitled.status, StatusCode::OK, "{name}: {}", retitled.body);

        // Unticked and emptied: the value stays what it was.
        let emptied = ask("/api/save_deal_lines", Some(3), false, &[]).await;
        assert_eq!(emptied.json(), json!(4), "{name}: {}", emptied.body);
        let d = rest("GET", format!("/api/v1/deals/{deal}"), &admin, None)
            .await
            .json();
        assert_eq!(d["value"], "2951.00", "{name}");
        assert_eq!(
            page(key.clone()).await["lines"]["lines"],
            json!([]),
            "{name}"
        );
        aggregates_exact(&t.db, a.id).await;

        // A line keeps its product's SKU and name after the product goes.
        let kept = ask(
            "/api/save_deal_lines",
            Some(4),
            false,
            &[&[("product_id", &cable)]],
        )
        .await;
        assert_eq!(kept.status, StatusCode::OK, "{name}: {}", kept.body);
        let gone = rest("DELETE", format!("/api/v1/products/{cable}"), &admin, None).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{name}: {}", gone.body);
        let line = page(key.clone()).await["lines"]["lines"][0].clone();
        assert_eq!(
            (
                &line["sku"],
                &line["input"]["description"],
                &line["input"]["product_id"]
            ),
            (&json!("CAB-01"), &json!("Cable THW 12"), &json!("")),
            "{name}"
        );
        // Saved again as the editor sends it, it keeps its SKU: no change.
        let input = &line["input"];
        let text = |f: &str| input[f].as_str().unwrap().to_string();
        let (description, quantity, price, iva) = (
            text("description"),
            text("quantity"),
            text("unit_price"),
            text("iva"),
        );
        let again = ask(
            "/api/save_deal_lines",
            Some(5),
            false,
            &[&[
                ("description", &description),
                ("quantity", &quantity),
                ("unit_price", &price),
                ("iva", &iva),
            ]],
        )
        .await;
        assert_eq!(again.json(), json!(5), "{name}: {}", again.body);
        let line = page(key.clone()).await["lines"]["lines"][0].clone();
        assert_eq!(line["sku"], "CAB-01", "{name}");
    }
}

#[tokio::test]
async fn who_may_price_save_and_search_lines() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "LineasRoles", "estandar").await;
        let router = router(&t.db);
        let admin = provision::create_token(&t.db, &a.admin, "l").await.unwrap();
        for body in [
            json!({"sku": "CAB-01", "name": "Cable THW 12", "unit_price": "10"}),
            json!({"sku": "CAB-02", "name": "Cable viejo", "unit_price": "9", "active": false}),
            json!({"sku": "LIC-US", "name": "Cable USB", "unit_price": "5", "currency": "USD"}),
        ] {
            let ans = send(
                &router,
                with_token("POST", "/api/v1/products", &admin, Some(body)),
            )
            .await;
            assert_eq!(ans.status, StatusCode::CREATED, "{name}: {}", ans.body);
        }
        let gerente = user_id(&t.db, &a.gerente).await;
        let theirs = open_deals(&t.db, &a, &[("Del gerente", 5_000, 0, gerente)]).await[0];
        let seller = login(&router, &a.vendedor).await;
        // A seller who edits only their own deals: another's is refused.
        let form = [
            ("deal_id", theirs.to_string()),
            ("version", "1".to_string()),
            ("value_from_lines", "false".to_string()),
            ("lines[0][description]", "x".to_string()),
            ("lines[0][unit_price]", "1".to_string()),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused_save = call(&router, &seller, "/api/save_deal_lines", &form).await;
        let refused_preview = call(&router, &seller, "/api/preview_deal_lines", &form).await;
        for ans in [&refused_save, &refused_preview] {
            assert!(
                matches!(ans.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                "{name}: {} {}",
                ans.status,
                ans.body
            );
        }
        let manager = login(&router, &a.gerente).await;
        let ok = call(&router, &manager, "/api/save_deal_lines", &form).await;
        assert_eq!(ok.status, StatusCode::OK, "{name}: {}", ok.body);

        // The catalogue search: active products only, priced in the deal's
        // currency (another currency's price is not offered).
        let found = call(
            &router,
            &seller,
            "/api/suggest_products",
            &[("q", "cable"), ("currency", "MXN")],
        )
        .await;
        assert_eq!(found.status, StatusCode::OK, "{name}: {}", found.body);
        let mut offered: Vec<(String, String)> = found
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["label"].as_str().unwrap().to_string(),
                    c["unit_price"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        offered.sort();
        assert_eq!(
            offered,
            [
                ("CAB-01 · Cable THW 12".to_string(), "10.00".to_string()),
                ("LIC-US · Cable USB".to_string(), String::new()),
            ],
            "{name}"
        );
        let bad = call(
            &router,
            &seller,
            "/api/suggest_products",
            &[("q", "cable"), ("currency", "XYZ1")],
        )
        .await;
        refused(&bad, "currency", "invalid", name);
    }
}

#[tokio::test]
async fn the_api_reads_and_replaces_a_deals_lines() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "LineasApi", "estandar").await;
        let router = router(&t.db);
        let token = provision::create_token(&t.db, &a.vendedor, "l")
            .await
            .unwrap();
        let rest = |method: &'static str, path: String, body: Option<Value>| {
            let (router, token) = (router.clone(), token.clone());
            async move { send(&router, with_token(method, &path, &token, body)).await }
        };
        // The catalogue is the admin's to change.
        let admin = provision::create_token(&t.db, &a.admin, "l").await.unwrap();
        let body = json!({"sku": "POL-12", "name": "Póliza 12 meses", "unit_price": "4,999.99", "iva": "exempt"});
        let made = send(
            &router,
            with_token("POST", "/api/v1/products", &admin, Some(body)),
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{name}: {}", made.body);
        let product = made.json()["id"].as_i64().unwrap();
        let owner = user_id(&t.db, &a.vendedor).await;
        let deal = open_deals(&t.db, &a, &[("Póliza", 0, 0, owner)]).await[0];
        let path = format!("/api/v1/deals/{deal}/lines");
        let empty = rest("GET", path.clone(), None).await;
        assert_eq!(empty.status, StatusCode::OK, "{name}: {}", empty.body);
        assert_eq!(
            (
                &empty.json()["lines"],
                &empty.json()["total"],
                &empty.json()["version"]
            ),
            (&json!([]), &json!("0.00"), &json!(1)),
            "{name}"
        );
        // Wrong types and bad values, each named by its line.
        let bad = rest(
            "PUT",
            path.clone(),
            Some(json!({"version": 1, "lines": [
                {"description": "x", "quantity": 2, "unit_price": "1"},
                "línea",
                {"product_id": "uno"}
            ]})),
        )
        .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            bad.body
        );
        let f = &bad.json()["error"]["fields"];
        assert_eq!(
            (
                &f["lines.0.quantity"],
                &f["lines.1"],
                &f["lines.2.product_id"]
            ),
            (
                &json!("must_be_string"),
                &json!("must_be_object"),
                &json!("must_be_integer")
            ),
            "{name}: {f}"
        );
        let negative = rest(
            "PUT",
            path.clone(),
            Some(json!({"version": 1, "lines": [{"description": "y", "unit_price": "-5"}]})),
        )
        .await;
        assert_eq!(
            negative.json()["error"]["fields"]["lines.0.unit_price"],
            "negative",
            "{name}: {}",
            negative.body
        );
        let not_array = rest(
            "PUT",
            path.clone(),
            Some(json!({"version": 1, "lines": {}})),
        )
        .await;
        assert_eq!(
            not_array.json()["error"]["fields"]["lines"],
            "must_be_array",
            "{name}"
        );
        // Replaced: 3 × $4,999.99 exempt, the value following.
        let put = rest(
            "PUT",
            path.clone(),
            Some(json!({"version": 1, "value_from_lines": true,
                        "lines": [{"product_id": product, "quantity": "3"}]})),
        )
        .await;
        assert_eq!(put.status, StatusCode::OK, "{name}: {}", put.body);
        let l = put.json();
        assert_eq!(
            (
                &l["version"],
                &l["lines"][0]["unit_price"],
                &l["lines"][0]["iva"],
                &l["lines"][0]["subtotal"],
                &l["lines"][0]["iva_amount"],
                &l["total"],
                &l["value_from_lines"]
            ),
            (
                &json!(2),
                &json!("4999.99"),
                &json!("exempt"),
                &json!("14999.97"),
                &json!("0.00"),
                &json!("14999.97"),
                &json!(true)
            ),
            "{name}: {l}"
        );
        let d = rest("GET", format!("/api/v1/deals/{deal}"), None)
            .await
            .json();
        assert_eq!(d["value"], "14999.97", "{name}");
        aggregates_exact(&t.db, a.id).await;
        // Absent `value_from_lines` keeps it; a stale version is a 409.
        let again = rest(
            "PUT",
            path.clone(),
            Some(json!({"version": 2, "lines": [{"product_id": product, "quantity": "1"}]})),
        )
        .await
        .json();
        assert_eq!(
            (&again["version"], &again["value_from_lines"]),
            (&json!(3), &json!(true)),
            "{name}"
        );
        let d = rest("GET", format!("/api/v1/deals/{deal}"), None)
            .await
            .json();
        assert_eq!(d["value"], "4999.99", "{name}");
        let stale = rest(
            "PUT",
            path.clone(),
            Some(json!({"version": 2, "lines": []})),
        )
        .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{name}: {}", stale.body);
    }
}
