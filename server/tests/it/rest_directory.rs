//! `GET /api/v1/organizations` and `/contacts` through the real router, on
//! SQLite and PostgreSQL: pages, text search, and another account's records
//! kept out.
use crate::common::*;
use app::ssr::accounts::provision;
use app::ssr::db::bulk::max_id;
use app::ssr::db::dialect;
use app::ssr::directory::db::bulk::{self as directory_rows, BulkContact, BulkOrganization};
use http::StatusCode;
use serde_json::Value;

pub async fn add(t: &TestDb, a: &TestAccount, names: &[&str]) {
    let owner = user_id(&t.db, &a.gerente).await;
    let mut tx = t.db.begin().await.unwrap();
    let first = max_id(&mut tx.ex(), "organizations").await.unwrap() + 1;
    let orgs: Vec<BulkOrganization> = names
        .iter()
        .enumerate()
        .map(|(i, n)| BulkOrganization {
            id: first + i as i64,
            account_id: a.id,
            name: (*n).into(),
            tax_id: Some("ABC010203XY1".into()),
            phone: Some("+52 55 1234 5678".into()),
            email: Some("hola@ejemplo.mx".into()),
            address: Some("CDMX".into()),
            lifecycle: "cliente".into(),
            owner_id: owner,
            created_at: 1_767_225_600_000,
            fiscal: Default::default(),
        })
        .collect();
    directory_rows::insert_organizations(&mut tx.ex(), &orgs)
        .await
        .unwrap();
    let first_contact = max_id(&mut tx.ex(), "contacts").await.unwrap() + 1;
    let contacts: Vec<BulkContact> = orgs
        .iter()
        .enumerate()
        .map(|(i, o)| BulkContact {
            id: first_contact + i as i64,
            account_id: a.id,
            organization_id: Some(o.id),
            name: format!("Contacto de {}", o.name),
            job_title: Some("Compras".into()),
            email: Some(format!("compras{i}@{}.mx", a.id)),
            phone: Some("+52 81 0000 0000".into()),
            lifecycle: "prospecto".into(),
            owner_id: owner,
            created_at: 1_767_225_600_000,
        })
        .collect();
    directory_rows::insert_contacts(&mut tx.ex(), &contacts)
        .await
        .unwrap();
    // Rows with explicit ids, as the seeder writes them: so do its sequences.
    for table in ["organizations", "contacts"] {
        dialect::sync_id_sequence(&mut tx.ex(), table)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn organizations_and_contacts_are_listed_by_page_and_text() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Directorio", "estandar").await;
        let other = account(&t.db, "DirectorioAjeno", "estandar").await;
        add(
            &t,
            &a,
            &[
                "Abarrotes Norteña",
                "Constructora del Golfo",
                "Grupo 50%_Sur",
            ],
        )
        .await;
        add(&t, &other, &["Ajena S.A."]).await;
        let token = provision::create_token(&t.db, &a.vendedor, "dir")
            .await
            .unwrap();
        let router = router(&t.db);
        let list = |path: String| {
            let (router, token) = (router.clone(), token.clone());
            async move { send(&router, get(&path, None, Some(&token))).await }
        };
        let first = list("/api/v1/organizations?limit=2".into()).await.json();
        assert_eq!(
            names(&first),
            ["Abarrotes Norteña", "Constructora del Golfo"],
            "{name}"
        );
        assert_eq!(first["items"][0]["lifecycle"], "cliente");
        let cursor = first["next"].as_str().unwrap().to_string();
        let second = list(format!("/api/v1/organizations?limit=2&cursor={cursor}"))
            .await
            .json();
        assert_eq!(
            (names(&second), second["next"].is_null()),
            (vec!["Grupo 50%_Sur".to_string()], true)
        );
        // Text search: case-insensitive, and % or _ are literal.
        let found = list("/api/v1/organizations?q=GOLFO".into()).await.json();
        assert_eq!(names(&found), ["Constructora del Golfo"], "{name}");
        let literal = list("/api/v1/organizations?q=50%25_".into()).await.json();
        assert_eq!(names(&literal), ["Grupo 50%_Sur"], "{name}");
        let contacts = list("/api/v1/contacts?q=compras1".into()).await.json();
        assert_eq!(
            names(&contacts),
            ["Contacto de Constructora del Golfo"],
            "{name}"
        );
        assert!(contacts["items"][0]["organization_id"].as_i64().is_some());
        // Another account's records never appear; bad paging is named.
        let all = list("/api/v1/organizations?limit=200".into()).await.json();
        assert_eq!(names(&all).len(), 3, "{name}");
        let bad = list("/api/v1/contacts?limit=0&cursor=x".into()).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let fields = &bad.json()["error"]["fields"];
        assert_eq!(
            (fields["limit"].as_str(), fields["cursor"].as_str()),
            (Some("out_of_range"), Some("invalid"))
        );
        let anonymous = send(&router, get("/api/v1/contacts", None, None)).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn new_organizations_and_contacts_have_every_field_checked() {
    use axum::body::Body;
    use http::{Request, header};
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Altas", "estandar").await;
        let other = account(&t.db, "AltasAjena", "estandar").await;
        add(&t, &other, &["De otra cuenta"]).await;
        let seller = provision::create_token(&t.db, &a.vendedor, "altas")
            .await
            .unwrap();
        let foreign = provision::create_token(&t.db, &other.admin, "altas")
            .await
            .unwrap();
        let gerente = user_id(&t.db, &a.gerente).await;
        let router = router(&t.db);
        let post = |path: &str, token: &str, body: Value| {
            Request::post(path)
                .header(header::HOST, HOST)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap()
        };
        let bad = send(
            &router,
            post(
                "/api/v1/organizations",
                &seller,
                serde_json::json!({
                    "email": "no-es-correo", "phone": "12", "tax_id": "ABC011303XY1",
                    "lifecycle": "amigo", "owner_id": gerente
                }),
            ),
        )
        .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            bad.body
        );
        let f = &bad.json()["error"]["fields"];
        for (field, code) in [
            ("name", "required"),
            ("email", "invalid_email"),
            ("phone", "invalid_phone"),
            ("tax_id", "invalid_rfc"),
            ("lifecycle", "invalid"),
            ("owner_id", "not_allowed"),
        ] {
            assert_eq!(f[field], code, "{name}: {field} in {f}");
        }
        let made = send(&router, post("/api/v1/organizations", &seller, serde_json::json!({
            "name": "  Industrias del Bajío ", "email": "Compras@Bajio.MX", "phone": "+52 (477) 123-4567",
            "tax_id": "ibj010203ab1", "lifecycle": "cliente_potencial", "tags": "VIP, bajío"
        }))).await;
        assert_eq!(made.status, StatusCode::CREATED, "{name}: {}", made.body);
        let org = made.json();
        assert_eq!(
            (
                org["name"].as_str(),
                org["email"].as_str(),
                org["tax_id"].as_str()
            ),
            (
                Some("Industrias del Bajío"),
                Some("compras@bajio.mx"),
                Some("IBJ010203AB1")
            ),
            "{name}"
        );
        assert_eq!(
            org["tags"],
            serde_json::json!(["bajío", "VIP"]),
            "{name}: answered with its tags"
        );
        let org_id = org["id"].as_i64().unwrap();
        let listed = send(
            &router,
            get("/api/v1/organizations?q=industrias", None, Some(&seller)),
        )
        .await
        .json();
        assert_eq!(
            listed["items"][0]["tags"],
            serde_json::json!(["bajío", "VIP"]),
            "{name}: listed with its tags"
        );
        // A contact: its organization must be of the account.
        let theirs = send(&router, get("/api/v1/organizations", None, Some(&foreign)))
            .await
            .json()["items"][0]["id"]
            .as_i64()
            .unwrap();
        let wrong = send(
            &router,
            post(
                "/api/v1/contacts",
                &seller,
                serde_json::json!({
                    "name": "Laura Méndez", "organization_id": theirs
                }),
            ),
        )
        .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            wrong.body
        );
        assert_eq!(
            wrong.json()["error"]["fields"]["organization_id"],
            "not_found"
        );
        let contact = send(&router, post("/api/v1/contacts", &seller, serde_json::json!({
            "name": "Laura Méndez", "organization_id": org_id, "job_title": "Compras", "email": "laura@bajio.mx"
        }))).await;
        assert_eq!(
            contact.status,
            StatusCode::CREATED,
            "{name}: {}",
            contact.body
        );
        assert_eq!(contact.json()["organization_id"], org_id);
        // One by id; another account's is missing, like one that does not exist.
        let one = send(
            &router,
            get(
                &format!("/api/v1/organizations/{org_id}"),
                None,
                Some(&seller),
            ),
        )
        .await;
        assert_eq!(one.json()["name"], "Industrias del Bajío", "{name}");
        let cid = contact.json()["id"].as_i64().unwrap();
        let one = send(
            &router,
            get(&format!("/api/v1/contacts/{cid}"), None, Some(&seller)),
        )
        .await;
        assert_eq!(one.json()["job_title"], "Compras", "{name}");
        for path in [
            format!("/api/v1/organizations/{org_id}"),
            format!("/api/v1/contacts/{cid}"),
            "/api/v1/contacts/x".into(),
        ] {
            let res = send(&router, get(&path, None, Some(&foreign))).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{name}: {path}");
        }
        let found = send(
            &router,
            get("/api/v1/contacts?q=laura", None, Some(&seller)),
        )
        .await
        .json();
        assert_eq!(names(&found), ["Laura Méndez"], "{name}");
        let anonymous = send(
            &router,
            post("/api/v1/contacts", "", serde_json::json!({"name": "x"})),
        )
        .await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    }
}
