//! `GET /api/v1/organizations` and `/contacts` through the real router, on
//! SQLite and PostgreSQL: pages, text search, and another account's records
//! kept out.
use crate::common::*;
use app::ssr::db::seed::{self, SeedContact, SeedOrganization};
use app::ssr::provision;
use http::StatusCode;
use serde_json::Value;

pub async fn add(t: &TestDb, a: &TestAccount, names: &[&str]) {
    let owner = user_id(&t.db, &a.gerente).await;
    let mut tx = t.db.begin().await.unwrap();
    let first = seed::max_id(&mut tx.ex(), "organizations").await.unwrap() + 1;
    let orgs: Vec<SeedOrganization> = names
        .iter()
        .enumerate()
        .map(|(i, n)| SeedOrganization {
            id: first + i as i64,
            account_id: a.id,
            name: (*n).into(),
            tax_id: "ABC010203XY1".into(),
            phone: "+52 55 1234 5678".into(),
            email: "hola@ejemplo.mx".into(),
            address: "CDMX".into(),
            lifecycle: "cliente",
            owner_id: owner,
            created_at: 1_767_225_600_000,
        })
        .collect();
    seed::insert_organizations(&mut tx.ex(), &orgs)
        .await
        .unwrap();
    let first_contact = seed::max_id(&mut tx.ex(), "contacts").await.unwrap() + 1;
    let contacts: Vec<SeedContact> = orgs
        .iter()
        .enumerate()
        .map(|(i, o)| SeedContact {
            id: first_contact + i as i64,
            account_id: a.id,
            organization_id: o.id,
            name: format!("Contacto de {}", o.name),
            job_title: "Compras",
            email: format!("compras{i}@{}.mx", a.id),
            phone: "+52 81 0000 0000".into(),
            lifecycle: "prospecto",
            owner_id: owner,
            created_at: 1_767_225_600_000,
        })
        .collect();
    seed::insert_contacts(&mut tx.ex(), &contacts)
        .await
        .unwrap();
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
