//! The product catalogue through the real router on SQLite and PostgreSQL:
//! REST reads for everyone, writes for whoever configures the pipeline,
//! every bad field named, one SKU per account in any case (also when 32
//! saves race for it), pages and search, another account's products kept
//! out; the CSV import creates and updates by SKU and re-imports its export.
use crate::common::*;
use crate::import::post_csv;
use app::ssr::accounts::provision;
use http::StatusCode;
use serde_json::{Value, json};

fn skus(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["sku"].as_str().unwrap().to_string())
        .collect()
}

/// The (action, fields) of a product's history, newest first, as its page
/// shows it to `cookie`.
async fn history(router: &axum::Router, cookie: &str, id: i64) -> Vec<(String, Vec<String>)> {
    let page = call(
        router,
        cookie,
        "/api/get_product",
        &[("id", &id.to_string())],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.json()["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let fields = c["fields"].as_array().unwrap();
            let fields = fields.iter().map(|f| f.as_str().unwrap().into()).collect();
            (c["action"].as_str().unwrap().to_string(), fields)
        })
        .collect()
}

#[tokio::test]
async fn the_catalogue_through_rest() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Catalogo", "estandar").await;
        let other = account(&t.db, "CatalogoAjeno", "estandar").await;
        let token = |email: String| {
            let db = t.db.clone();
            async move { provision::create_token(&db, &email, "p").await.unwrap() }
        };
        let (admin, seller) = (
            token(a.admin.clone()).await,
            token(a.vendedor.clone()).await,
        );
        let manager = token(a.gerente.clone()).await;
        let foreign = token(other.admin.clone()).await;
        let router = router(&t.db);
        let ask = |method: &'static str, path: String, who: &String, body: Option<Value>| {
            let (router, who) = (router.clone(), who.clone());
            async move { send(&router, with_token(method, &path, &who, body)).await }
        };
        // A field of the wrong JSON type is named before anything else.
        let typed = ask(
            "POST",
            "/api/v1/products".into(),
            &admin,
            Some(json!({"sku": "X-1", "name": "X", "unit_price": 10, "active": "sí"})),
        )
        .await;
        assert_eq!(typed.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let f = &typed.json()["error"]["fields"];
        assert_eq!(
            (&f["unit_price"], &f["active"]),
            (&json!("must_be_string"), &json!("must_be_boolean")),
            "{name}: {f}"
        );
        let bad = ask(
            "POST",
            "/api/v1/products".into(),
            &admin,
            Some(json!({
                "sku": "con espacio", "unit_price": "-5", "iva": "15", "currency": "XXX",
                "sat_product_key": "123", "sat_unit_key": "H-7"
            })),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let f = &bad.json()["error"]["fields"];
        for (field, code) in [
            ("sku", "invalid"),
            ("name", "required"),
            ("unit_price", "negative"),
            ("iva", "invalid"),
            ("currency", "invalid"),
            ("sat_product_key", "invalid"),
            ("sat_unit_key", "invalid"),
        ] {
            assert_eq!(f[field], code, "{name}: {field} in {f}");
        }
        let made = ask(
            "POST",
            "/api/v1/products".into(),
            &admin,
            Some(json!({
                "sku": " TOR-001 ", "name": "Tornillo hexagonal ½\"", "unit_price": "$1,250.5",
                "sat_product_key": "31161500", "sat_unit_key": "h87"
            })),
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{name}: {}", made.body);
        let p = made.json();
        assert_eq!(
            (
                &p["sku"],
                &p["unit_price"],
                &p["currency"],
                &p["iva"],
                &p["sat_unit_key"],
                &p["active"],
                &p["description"]
            ),
            (
                &json!("TOR-001"),
                &json!("1250.50"),
                &json!("MXN"),
                &json!("16"),
                &json!("H87"),
                &json!(true),
                &Value::Null
            ),
            "{name}: {p}"
        );
        let id = p["id"].as_i64().unwrap();
        // The SKU is the account's once, in any case; another account may
        // use it.
        let again = json!({"sku": "tor-001", "name": "Otro", "unit_price": "1"});
        let taken = ask(
            "POST",
            "/api/v1/products".into(),
            &admin,
            Some(again.clone()),
        )
        .await;
        assert_eq!(
            taken.json()["error"]["fields"]["sku"],
            "taken",
            "{name}: {}",
            taken.body
        );
        let theirs = ask("POST", "/api/v1/products".into(), &foreign, Some(again)).await;
        assert_eq!(theirs.status, StatusCode::CREATED, "{name}");
        let their_id = theirs.json()["id"].as_i64().unwrap();
        // Sellers and managers read the catalogue but do not change it.
        for who in [&seller, &manager] {
            let body = json!({"sku": "V-1", "name": "V", "unit_price": "1"});
            let refused = ask("POST", "/api/v1/products".into(), who, Some(body)).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name}");
            let patch = ask(
                "PATCH",
                format!("/api/v1/products/{id}"),
                who,
                Some(json!({"name": "x"})),
            )
            .await;
            assert_eq!(patch.status, StatusCode::FORBIDDEN, "{name}");
            let gone = ask("DELETE", format!("/api/v1/products/{id}"), who, None).await;
            assert_eq!(gone.status, StatusCode::FORBIDDEN, "{name}");
            let one = ask("GET", format!("/api/v1/products/{id}"), who, None).await;
            assert_eq!(one.json()["name"], "Tornillo hexagonal ½\"", "{name}");
        }
        // A PATCH changes only what it sends.
        let changed = ask(
            "PATCH",
            format!("/api/v1/products/{id}"),
            &admin,
            Some(json!({"unit_price": "99.9", "iva": "exempt", "description": "Acero"})),
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK, "{name}: {}", changed.body);
        let p = changed.json();
        assert_eq!(
            (&p["name"], &p["unit_price"], &p["iva"], &p["sat_unit_key"]),
            (
                &json!("Tornillo hexagonal ½\""),
                &json!("99.90"),
                &json!("exempt"),
                &json!("H87")
            ),
            "{name}"
        );
        let cookie = login(&router, &a.admin).await;
        let changes = history(&router, &cookie, id).await;
        assert_eq!(changes.len(), 2, "{name}: {changes:?}");
        assert_eq!(changes[1].0, "created", "{name}");
        let mut fields = changes[0].1.clone();
        fields.sort();
        assert_eq!(
            (changes[0].0.as_str(), fields),
            (
                "updated",
                vec!["description".to_string(), "iva".into(), "unit_price".into()]
            ),
            "{name}"
        );
        // Pages, text and status.
        for (sku, product, active) in [
            ("TUE-002", "Tuerca", true),
            ("ARA-003", "Arandela plana", false),
            ("CLA-004", "Clavo para tornillería", true),
        ] {
            let body = json!({"sku": sku, "name": product, "unit_price": "2.5", "active": active});
            let ans = ask("POST", "/api/v1/products".into(), &admin, Some(body)).await;
            assert_eq!(ans.status, StatusCode::CREATED, "{name}: {}", ans.body);
        }
        let list = |q: &str| ask("GET", format!("/api/v1/products{q}"), &seller, None);
        let first = list("?limit=3").await.json();
        assert_eq!(skus(&first), ["TOR-001", "TUE-002", "ARA-003"], "{name}");
        let next = first["next"].as_str().unwrap();
        let rest = list(&format!("?limit=3&cursor={next}")).await.json();
        assert_eq!(
            (skus(&rest), rest["next"].is_null()),
            (vec!["CLA-004".to_string()], true),
            "{name}"
        );
        let found = list("?q=TORNI").await.json();
        assert_eq!(skus(&found), ["TOR-001", "CLA-004"], "{name}");
        let by_sku = list("?q=ara-003").await.json();
        assert_eq!(skus(&by_sku), ["ARA-003"], "{name}");
        let inactive = list("?status=inactive").await.json();
        assert_eq!(skus(&inactive), ["ARA-003"], "{name}");
        let wrong = list("?status=raro&q=ab").await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let f = &wrong.json()["error"]["fields"];
        assert_eq!(
            (&f["status"], &f["q"]),
            (&json!("invalid"), &json!("too_short"))
        );
        // Another account's product is missing, as is one nobody has.
        for path in [
            format!("/api/v1/products/{their_id}"),
            "/api/v1/products/987654321".into(),
        ] {
            let one = ask("GET", path.clone(), &admin, None).await;
            assert_eq!(one.status, StatusCode::NOT_FOUND, "{name}: {path}");
        }
        let theirs = ask("GET", "/api/v1/products".into(), &foreign, None).await;
        assert_eq!(skus(&theirs.json()), ["tor-001"], "{name}");
        let gone = ask("DELETE", format!("/api/v1/products/{id}"), &admin, None).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{name}");
        let after = ask("GET", format!("/api/v1/products/{id}"), &admin, None).await;
        assert_eq!(after.status, StatusCode::NOT_FOUND, "{name}");
        let still = ask(
            "GET",
            format!("/api/v1/products/{their_id}"),
            &foreign,
            None,
        )
        .await;
        assert_eq!(still.status, StatusCode::OK, "{name}");
    }
}

#[tokio::test]
async fn one_sku_once_when_saves_race() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Carrera", "estandar").await;
        let token = provision::create_token(&t.db, &a.admin, "p").await.unwrap();
        let router = router(&t.db);
        let tries = (0..32).map(|i| {
            let (router, token) = (router.clone(), token.clone());
            let sku = if i % 2 == 0 { "DUP-1" } else { "dup-1" };
            let body = json!({"sku": sku, "name": format!("Intento {i}"), "unit_price": "10"});
            tokio::spawn(async move {
                send(
                    &router,
                    with_token("POST", "/api/v1/products", &token, Some(body)),
                )
                .await
            })
        });
        let answers = futures::future::join_all(tries).await;
        let (mut made, mut taken) = (0, 0);
        for ans in answers {
            let ans = ans.unwrap();
            match ans.status {
                StatusCode::CREATED => made += 1,
                StatusCode::UNPROCESSABLE_ENTITY => {
                    assert_eq!(ans.json()["error"]["fields"]["sku"], "taken", "{name}");
                    taken += 1;
                }
                other => panic!("{name}: {other} {}", ans.body),
            }
        }
        assert_eq!((made, taken), (1, 31), "{name}");
        let listed = send(&router, with_token("GET", "/api/v1/products", &token, None)).await;
        assert_eq!(
            listed.json()["items"].as_array().unwrap().len(),
            1,
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_catalogue_imports_and_reimports_its_export() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Importa", "estandar").await;
        let admin = provision::create_token(&t.db, &a.admin, "p").await.unwrap();
        let manager = provision::create_token(&t.db, &a.gerente, "p")
            .await
            .unwrap();
        let router = router(&t.db);
        let import = |path: &'static str, who: &String, csv: String| {
            let (router, who) = (router.clone(), who.clone());
            async move { send(&router, post_csv(path, &who, &csv)).await }
        };
        let file = "sku,name,description,unit_price,iva,sat_unit_key,active,color\n\
                    A-1,Uno,,10,16,H87,true,rojo\n\
                    A-2,Dos,\"Con coma, y comillas \"\"\",\"1,000.5\",exento,,sí,\n";
        // Managers import deals, not the catalogue.
        let refused = import("/api/v1/import/products", &manager, file.into()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name}");
        let dry = import("/api/v1/import/products?dry_run=true", &admin, file.into()).await;
        assert_eq!(dry.status, StatusCode::OK, "{name}: {}", dry.body);
        let r = dry.json();
        assert_eq!(
            (&r["products_created"], &r["ignored_columns"]),
            (&json!(2), &json!(["color"])),
            "{name}"
        );
        let list = || send(&router, with_token("GET", "/api/v1/products", &admin, None));
        assert_eq!(
            skus(&list().await.json()).len(),
            0,
            "{name}: a dry run writes nothing"
        );
        let done = import("/api/v1/import/products", &admin, file.into()).await;
        assert_eq!(done.status, StatusCode::CREATED, "{name}: {}", done.body);
        let listed = list().await.json();
        assert_eq!(skus(&listed), ["A-1", "A-2"], "{name}");
        let two = &listed["items"][1];
        assert_eq!(
            (&two["unit_price"], &two["iva"], &two["description"]),
            (
                &json!("1000.50"),
                &json!("exempt"),
                &json!("Con coma, y comillas \"")
            ),
            "{name}"
        );
        // The export re-imports as it is: nothing changes.
        let export = send(
            &router,
            with_token("GET", "/api/v1/export/products", &admin, None),
        )
        .await;
        assert_eq!(export.status, StatusCode::OK, "{name}");
        assert!(
            export.body.starts_with(
                "sku,name,description,unit_price,currency,iva,sat_product_key,sat_unit_key,active\r\n"
            ),
            "{name}: {}",
            export.body
        );
        let same = import("/api/v1/import/products", &admin, export.body.clone()).await;
        assert_eq!(
            (
                &same.json()["products_created"],
                &same.json()["products_updated"]
            ),
            (&json!(0), &json!(0)),
            "{name}: {}",
            same.body
        );
        // A SKU of the catalogue (any case) updates with the columns the
        // file has; the others are kept.
        let prices = "SKU,Unit_Price\na-1,12.75\nA-3,5\n";
        let bad = import("/api/v1/import/products", &admin, prices.into()).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let rows = bad.json()["error"]["rows"].clone();
        assert_eq!(
            (&rows[0]["line"], &rows[0]["column"], &rows[0]["code"]),
            (&json!(3), &json!("name"), &json!("required")),
            "{name}: a new product needs its name: {rows}"
        );
        let prices = "sku,name,unit_price\na-1,Uno,12.75\nA-3,Tres,5\n";
        let ok = import("/api/v1/import/products", &admin, prices.into()).await;
        assert_eq!(
            (
                &ok.json()["products_created"],
                &ok.json()["products_updated"]
            ),
            (&json!(1), &json!(1)),
            "{name}: {}",
            ok.body
        );
        let listed = list().await.json();
        let one = &listed["items"][0];
        assert_eq!(
            (&one["sku"], &one["unit_price"], &one["sat_unit_key"]),
            (&json!("A-1"), &json!("12.75"), &json!("H87")),
            "{name}"
        );
        let cookie = login(&router, &a.admin).await;
        let id = one["id"].as_i64().unwrap();
        let changes = history(&router, &cookie, id).await;
        assert_eq!(
            changes,
            [
                ("updated".to_string(), vec!["unit_price".to_string()]),
                ("created".to_string(), vec![])
            ],
            "{name}"
        );
        // Bad rows are all named and nothing is written.
        let file = "sku,name,unit_price,iva\n\
                    B-1,Bien,1,16\n\
                    B-1,Repetido,1,16\n\
                    B 2,Mal SKU,1,16\n\
                    B-3,Mal precio,1.234,16\n\
                    B-4,Mal IVA,1,15\n";
        let bad = import("/api/v1/import/products", &admin, file.into()).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let rows: Vec<(i64, String, String)> = bad.json()["error"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["line"].as_i64().unwrap(),
                    r["column"].as_str().unwrap().to_string(),
                    r["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let expected: Vec<(i64, String, String)> = [
            (3, "sku", "duplicate"),
            (4, "sku", "malformed"),
            (5, "unit_price", "too_many_decimals"),
            (6, "iva", "unknown"),
        ]
        .into_iter()
        .map(|(l, c, code)| (l, c.to_string(), code.to_string()))
        .collect();
        assert_eq!(rows, expected, "{name}");
        assert_eq!(skus(&list().await.json()).len(), 3, "{name}");
    }
}
