//! The `/clientes` and `/contactos` server functions through the real router, on SQLite and
//! PostgreSQL: filters and pages, every wrong query value named, an
//! organization's page with its contacts and deals (a seller's own only),
//! and another account's organization not found.
use crate::common::*;
use crate::rest_directory::add;
use http::StatusCode;

/// Sets `column` of these deals to `id` (as an import or a form would).
async fn link(db: &app::ssr::db::Db, column: &str, id: i64, deals: &[i64]) {
    let mut conn = db.read().await.unwrap();
    for deal in deals {
        let sql = format!("UPDATE deals SET {column} = {id} WHERE id = {deal}");
        match &mut conn.ex() {
            app::ssr::db::Ex::Sqlite(c) => {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut **c)
                    .await
                    .unwrap();
            }
            app::ssr::db::Ex::Postgres(c) => {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut **c)
                    .await
                    .unwrap();
            }
        }
    }
}

#[tokio::test]
async fn organizations_are_listed_filtered_and_shown_with_their_deals() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Clientela", "estandar").await;
        let other = account(&t.db, "ClientelaAjena", "estandar").await;
        add(&t, &a, &["Zapatería Luna", "Abarrotes Sol", "Mercería Sol"]).await;
        add(&t, &other, &["Ajena Sol"]).await;
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let all = call(
            &router,
            &cookie,
            "/api/list_organizations",
            &[("query[q]", "")],
        )
        .await;
        assert_eq!(all.status, StatusCode::OK, "{name}: {}", all.body);
        let all = all.json();
        let names: Vec<&str> = all["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["Abarrotes Sol", "Mercería Sol", "Zapatería Luna"],
            "{name}: by name, own account only"
        );
        assert_eq!(all["total"], 3);
        let sol = call(
            &router,
            &cookie,
            "/api/list_organizations",
            &[("query[q]", "SOL")],
        )
        .await
        .json();
        assert_eq!(sol["total"], 2, "{name}");
        let customers = call(
            &router,
            &cookie,
            "/api/list_organizations",
            &[("query[lifecycle]", "cliente")],
        )
        .await
        .json();
        assert_eq!(customers["total"], 3, "{name}: the helper makes customers");
        for (field, value) in [
            ("query[lifecycle]", "amigo"),
            ("query[owner]", "uno"),
            ("query[page]", "0"),
        ] {
            let bad = call(
                &router,
                &cookie,
                "/api/list_organizations",
                &[(field, value)],
            )
            .await;
            assert_eq!(
                bad.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name} {field}: {}",
                bad.body
            );
        }

        // One organization: its contacts, and the deals the viewer may see.
        let id = all["rows"][0]["id"].as_i64().unwrap();
        let gerente = user_id(&t.db, &a.gerente).await;
        let vendedor = user_id(&t.db, &a.vendedor).await;
        let deals = open_deals(
            &t.db,
            &a,
            &[
                ("Del gerente", 100, 0, gerente),
                ("Del vendedor", 250_000, 1, vendedor),
            ],
        )
        .await;
        // The deals' organization, as an import or the edit form would set it.
        link(&t.db, "organization_id", id, &deals).await;
        let page = call(
            &router,
            &cookie,
            "/api/get_organization",
            &[("id", &id.to_string())],
        )
        .await
        .json();
        assert_eq!(page["name"], "Abarrotes Sol", "{name}");
        assert_eq!(page["contacts"].as_array().unwrap().len(), 1);
        assert_eq!(page["deals"].as_array().unwrap().len(), 2, "{name}: {page}");
        let listed = call(
            &router,
            &cookie,
            "/api/list_organizations",
            &[("query[q]", "abarrotes")],
        )
        .await
        .json();
        assert_eq!(listed["rows"][0]["open_deals"], 2, "{name}");
        let seller = login(&router, &a.vendedor).await;
        let theirs = call(
            &router,
            &seller,
            "/api/get_organization",
            &[("id", &id.to_string())],
        )
        .await
        .json();
        let titles: Vec<&str> = theirs["deals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["Del vendedor"], "{name}");
        assert_eq!(theirs["deals"][0]["value"], "$2,500.00");

        let foreign = call(
            &router,
            &cookie,
            "/api/list_organizations",
            &[("query[q]", "")],
        )
        .await;
        let foreign_id = {
            let mut conn = t.db.read().await.unwrap();
            app::ssr::db::directory::organizations(&mut conn.ex(), other.id, None, 0, 10)
                .await
                .unwrap()[0]
                .id
        };
        assert_eq!(foreign.status, StatusCode::OK);
        let missing = call(
            &router,
            &cookie,
            "/api/get_organization",
            &[("id", &foreign_id.to_string())],
        )
        .await;
        assert_eq!(
            missing.status,
            StatusCode::NOT_FOUND,
            "{name}: another account's"
        );
    }
}

#[tokio::test]
async fn contacts_are_listed_filtered_and_shown_with_their_deals() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Contactos", "estandar").await;
        let other = account(&t.db, "ContactosAjenos", "estandar").await;
        add(&t, &a, &["Zapatería Luna", "Abarrotes Sol"]).await;
        add(&t, &other, &["Ajena"]).await;
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let all = call(&router, &cookie, "/api/list_contacts", &[("query[q]", "")]).await;
        assert_eq!(all.status, StatusCode::OK, "{name}: {}", all.body);
        let all = all.json();
        assert_eq!(all["total"], 2, "{name}: own account only");
        assert_eq!(all["rows"][0]["name"], "Contacto de Abarrotes Sol");
        assert_eq!(all["rows"][0]["organization"], "Abarrotes Sol");
        let by_email = call(
            &router,
            &cookie,
            "/api/list_contacts",
            &[("query[q]", "COMPRAS1@")],
        )
        .await
        .json();
        assert_eq!(by_email["total"], 1, "{name}: the email is searched");
        let prospects = call(
            &router,
            &cookie,
            "/api/list_contacts",
            &[("query[lifecycle]", "prospecto")],
        )
        .await
        .json();
        assert_eq!(prospects["total"], 2, "{name}");
        let bad = call(
            &router,
            &cookie,
            "/api/list_contacts",
            &[("query[lifecycle]", "x")],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");

        let id = all["rows"][0]["id"].as_i64().unwrap();
        let vendedor = user_id(&t.db, &a.vendedor).await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let deals = open_deals(
            &t.db,
            &a,
            &[
                ("Del gerente", 100, 0, gerente),
                ("Del vendedor", 100, 0, vendedor),
            ],
        )
        .await;
        link(&t.db, "contact_id", id, &deals).await;
        let page = call(
            &router,
            &cookie,
            "/api/get_contact",
            &[("id", &id.to_string())],
        )
        .await
        .json();
        assert_eq!(
            page["contact"]["name"], "Contacto de Abarrotes Sol",
            "{name}"
        );
        assert_eq!(page["deals"].as_array().unwrap().len(), 2, "{name}");
        let seller = login(&router, &a.vendedor).await;
        let theirs = call(
            &router,
            &seller,
            "/api/get_contact",
            &[("id", &id.to_string())],
        )
        .await
        .json();
        assert_eq!(
            theirs["deals"].as_array().unwrap().len(),
            1,
            "{name}: a seller's own"
        );
        let foreign_id = {
            let mut conn = t.db.read().await.unwrap();
            app::ssr::db::directory::contacts(&mut conn.ex(), other.id, None, 0, 10)
                .await
                .unwrap()[0]
                .id
        };
        let missing = call(
            &router,
            &cookie,
            "/api/get_contact",
            &[("id", &foreign_id.to_string())],
        )
        .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{name}");
    }
}
