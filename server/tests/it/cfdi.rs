//! CFDI-ready data on SQLite and PostgreSQL: an organization's fiscal
//! data checked against the SAT catalogues and each other (REST), a tax id
//! of another country in its own format; a nota de venta as the request
//! that would invoice it, with what it lacks until the customer's data,
//! the products' keys and the note's payment are complete, its amounts
//! exact and the note's.
use crate::common::*;
use http::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn an_organizations_fiscal_data_is_checked_against_the_sat_catalogues() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Fiscal", "estandar").await;
        let router = router(&t.db);
        let token = app::ssr::accounts::provision::create_token(&t.db, &a.admin, "f")
            .await
            .unwrap();
        let post = |body: Value| {
            let (router, token) = (router.clone(), token.clone());
            async move {
                send(
                    &router,
                    with_token("POST", "/api/v1/organizations", &token, Some(body)),
                )
                .await
            }
        };
        let bad = [
            (
                json!({"name": "A", "tax_id": "PCE010203AB1", "tax_system": "612"}),
                "tax_system",
                "not_for_tax_id",
            ),
            (
                json!({"name": "B", "tax_id": "PCE010203AB1", "tax_country": "CL"}),
                "tax_id",
                "invalid_tax_id",
            ),
            (
                json!({"name": "C", "tax_system": "601", "cfdi_use": "D01"}),
                "cfdi_use",
                "not_for_tax_system",
            ),
            (json!({"name": "D", "tax_zip": "123"}), "tax_zip", "invalid"),
            (
                json!({"name": "E", "tax_system": "999"}),
                "tax_system",
                "invalid",
            ),
            (
                json!({"name": "F", "tax_country": "CO", "tax_id": "900123456-8", "cfdi_use": "G03"}),
                "cfdi_use",
                "not_for_foreign",
            ),
        ];
        for (body, field, code) in bad {
            let ans = post(body.clone()).await;
            assert_eq!(
                ans.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}: {body}"
            );
            assert_eq!(
                ans.json()["error"]["fields"][field],
                code,
                "{name}: {body}: {}",
                ans.body
            );
        }
        let listed = send(
            &router,
            with_token("GET", "/api/v1/organizations", &token, None),
        )
        .await;
        assert_eq!(
            listed.json()["items"],
            json!([]),
            "{name}: nothing refused was written"
        );
        let made = post(json!({
            "name": "Papelería Central",
            "tax_id": " pce010203ab1 ",
            "legal_name": "  PAPELERIA   CENTRAL ",
            "tax_system": "601",
            "tax_zip": "06600",
            "cfdi_use": "G03",
        }))
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{name}: {}", made.body);
        let o = made.json();
        assert_eq!(
            (
                &o["tax_id"],
                &o["legal_name"],
                &o["tax_country"],
                &o["tax_system"],
                &o["tax_zip"],
                &o["cfdi_use"]
            ),
            (
                &json!("PCE010203AB1"),
                &json!("PAPELERIA CENTRAL"),
                &json!("MX"),
                &json!("601"),
                &json!("06600"),
                &json!("G03")
            ),
            "{name}"
        );
        // A customer abroad: its own id, in its country's spelling.
        let made = post(json!({
            "name": "Importadora Andina",
            "tax_country": "co",
            "tax_id": "900.123.456-8",
        }))
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{name}: {}", made.body);
        let o = made.json();
        assert_eq!(
            (&o["tax_country"], &o["tax_id"]),
            (&json!("CO"), &json!("900123456-8")),
            "{name}"
        );
        // Changing the country re-reads the id: a NIT is no RFC.
        let id = o["id"].as_i64().unwrap();
        let ans = send(
            &router,
            with_token(
                "PATCH",
                &format!("/api/v1/organizations/{id}"),
                &token,
                Some(json!({"tax_country": "MX"})),
            ),
        )
        .await;
        assert_eq!(ans.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(ans.json()["error"]["fields"]["tax_id"], "invalid_rfc");
        // The export carries the fiscal columns.
        let export = send(
            &router,
            with_token("GET", "/api/v1/export/organizations", &token, None),
        )
        .await;
        let head = export.body.lines().next().unwrap_or_default().to_string();
        assert!(
            head.ends_with("legal_name,tax_country,tax_system,tax_zip,cfdi_use"),
            "{name}: {head}"
        );
        assert!(
            export.body.contains("PAPELERIA CENTRAL,MX,601,06600,G03"),
            "{name}: {}",
            export.body
        );
    }
}

#[tokio::test]
async fn a_sale_note_is_an_invoice_request_once_its_data_is_complete() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Facturas", "estandar").await;
        let router = router(&t.db);
        let token = app::ssr::accounts::provision::create_token(&t.db, &a.admin, "f")
            .await
            .unwrap();
        let rest = |method: &'static str, path: String, body: Option<Value>| {
            let (router, token) = (router.clone(), token.clone());
            async move { send(&router, with_token(method, &path, &token, body)).await }
        };
        let paper = created(
            &router,
            &token,
            "/api/v1/products",
            json!({"sku": "PAP-1", "name": "Resma carta", "unit_price": "549.99", "iva": "16",
                   "sat_product_key": "14111507", "sat_unit_key": "H87"}),
        )
        .await;
        let service = created(
            &router,
            &token,
            "/api/v1/products",
            json!({"sku": "SRV-1", "name": "Instalación", "unit_price": "1000", "iva": "exempt",
                   "sat_product_key": "72101500"}),
        )
        .await;
        let org = created(
            &router,
            &token,
            "/api/v1/organizations",
            json!({"name": "Papelería Central", "tax_id": "PCE010203AB1",
                   "legal_name": "Papelería Central S.A. de C.V.", "tax_zip": "06600",
                   "cfdi_use": "G03"}),
        )
        .await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let deal = open_deals(&t.db, &a, &[("Papel", 1_000, 0, gerente)]).await[0];
        let ans = rest(
            "PATCH",
            format!("/api/v1/deals/{deal}"),
            Some(json!({"version": 1, "organization_id": org})),
        )
        .await;
        assert_eq!(ans.status, StatusCode::OK, "{name}: {}", ans.body);
        let ans = rest(
            "PUT",
            format!("/api/v1/deals/{deal}/lines"),
            Some(json!({"version": ans.json()["version"], "lines": [
                {"product_id": paper, "quantity": "2.5", "discount": "10"},
                {"product_id": service},
            ]})),
        )
        .await;
        assert_eq!(ans.status, StatusCode::OK, "{name}: {}", ans.body);
        let ans = rest(
            "POST",
            format!("/api/v1/deals/{deal}/won"),
            Some(json!({"version": ans.json()["version"]})),
        )
        .await;
        assert_eq!(ans.status, StatusCode::OK, "{name}: {}", ans.body);
        let key = ans.json()["key"].as_str().unwrap().to_string();
        let admin = login(&router, &a.admin).await;
        let made = call(
            &router,
            &admin,
            "/api/sale_note_from_deal",
            &[("deal_id", &deal.to_string())],
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let note = deal_page_of(&router, &admin, &key).await["sale_notes"][0]["id"]
            .as_i64()
            .unwrap();
        let cfdi = || rest("GET", format!("/api/v1/sale-notes/{note}/cfdi"), None);
        let missing = |d: &Value| -> Vec<String> {
            d["missing"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    format!(
                        "{}:{}",
                        m["field"].as_str().unwrap(),
                        m["code"].as_str().unwrap()
                    )
                })
                .collect()
        };
        let first = cfdi().await;
        assert_eq!(first.status, StatusCode::OK, "{name}: {}", first.body);
        let d = first.json();
        assert_eq!(d["ready"], false, "{name}");
        assert_eq!(
            missing(&d),
            [
                "customer.legal_name:has_capital_regime",
                "customer.tax_system:required",
                "items[1].product.unit_key:required",
                "payment_form:required",
            ],
            "{name}"
        );
        // The note's page lists the same.
        let page = call(
            &router,
            &admin,
            "/api/get_sale_note",
            &[("id", &note.to_string())],
        )
        .await
        .json();
        assert_eq!(page["missing"], d["missing"], "{name}");
        // How it is paid: a deferred payment has its form to be defined.
        let billing = |body: Value| {
            rest(
                "PATCH",
                format!("/api/v1/sale-notes/{note}/billing"),
                Some(body),
            )
        };
        let ans = billing(json!({"payment_form": "03", "payment_method": "PPD"})).await;
        assert_eq!(ans.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(
            ans.json()["error"]["fields"]["payment_form"],
            "not_for_method"
        );
        let ans = billing(json!({"payment_form": "42"})).await;
        assert_eq!(
            ans.json()["error"]["fields"]["payment_form"],
            "invalid",
            "{name}"
        );
        let ans = billing(json!({"payment_form": "03"})).await;
        assert_eq!(ans.status, StatusCode::OK, "{name}: {}", ans.body);
        assert_eq!(
            ans.json(),
            json!({"payment_form": "03", "payment_method": "PUE", "cfdi_use": null}),
            "{name}"
        );
        // The customer's data and the product's key, completed.
        let ans = rest(
            "PATCH",
            format!("/api/v1/organizations/{org}"),
            Some(json!({"legal_name": "Papelería Central", "tax_system": "601"})),
        )
        .await;
        assert_eq!(ans.status, StatusCode::OK, "{name}: {}", ans.body);
        let ans = rest(
            "PATCH",
            format!("/api/v1/products/{service}"),
            Some(json!({"sat_unit_key": "E48"})),
        )
        .await;
        assert_eq!(ans.status, StatusCode::OK, "{name}: {}", ans.body);
        let ready = cfdi().await;
        let d = ready.json();
        assert_eq!(missing(&d), Vec::<String>::new(), "{name}");
        assert_eq!(d["ready"], true, "{name}");
        let inv = &d["invoice"];
        assert_eq!(
            inv["customer"],
            json!({"legal_name": "Papelería Central", "tax_id": "PCE010203AB1",
                   "tax_system": "601", "address": {"zip": "06600", "country": "MEX"}}),
            "{name}"
        );
        assert_eq!(
            (
                &inv["use"],
                &inv["payment_form"],
                &inv["payment_method"],
                &inv["currency"]
            ),
            (&json!("G03"), &json!("03"), &json!("PUE"), &json!("MXN")),
            "{name}"
        );
        assert_eq!(inv["external_id"], "NV-000001", "{name}");
        // Exact amounts, as written: 2.5 × 549.99 = 1,374.975 → 1,374.98,
        // less 10 % → 1,237.48 (a discount of 137.50); the service exempt.
        for want in [
            r#""quantity":2.5,"discount":137.50,"product":{"description":"Resma carta","product_key":"14111507","unit_key":"H87","price":549.99,"tax_included":false,"taxability":"02","taxes":[{"type":"IVA","rate":0.16,"factor":"Tasa"}],"sku":"PAP-1"}"#,
            r#""quantity":1,"product":{"description":"Instalación","product_key":"72101500","unit_key":"E48","price":1000.00,"tax_included":false,"taxability":"02","taxes":[{"type":"IVA","factor":"Exento"}],"sku":"SRV-1"}"#,
            r#""totals":{"subtotal":2237.48,"iva":198.00,"total":2435.48}"#,
        ] {
            assert!(
                ready.body.contains(want),
                "{name}: {want} in {}",
                ready.body
            );
        }
        let page = call(
            &router,
            &admin,
            "/api/get_sale_note",
            &[("id", &note.to_string())],
        )
        .await
        .json();
        assert_eq!(page["summary"]["total"], "$2,435.48", "{name}");
        assert_eq!(page["missing"], json!([]), "{name}");
        // A seller who does not see the deal does not see its note.
        let seller = login(&router, &a.vendedor).await;
        let theirs = send(
            &router,
            get(
                &format!("/api/v1/sale-notes/{note}/cfdi"),
                Some(&seller),
                None,
            ),
        )
        .await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{name}");
        let changed = call(
            &router,
            &seller,
            "/api/save_record",
            &[
                ("kind", "SaleNote"),
                ("id", &note.to_string()),
                ("fields[payment_form]", "01"),
            ],
        )
        .await;
        assert_eq!(changed.status, StatusCode::NOT_FOUND, "{name}");
        assert_eq!(
            cfdi().await.json()["invoice"]["payment_form"],
            "03",
            "{name}"
        );
    }
}
