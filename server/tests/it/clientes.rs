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
        assert_eq!(all["pages"]["total"], 3);
        let sol = call(
            &router,
            &cookie,
            "/api/list_organizations",
            &[("query[q]", "SOL")],
        )
        .await
        .json();
        assert_eq!(sol["pages"]["total"], 2, "{name}");
        let customers = call(
            &router,
            &cookie,
            "/api/list_organizations",
            &[("query[lifecycle]", "cliente")],
        )
        .await
        .json();
        assert_eq!(
            customers["pages"]["total"], 3,
            "{name}: the helper makes customers"
        );
        for (field, value) in [
            ("query[lifecycle]", "amigo"),
            ("query[owner]", "uno"),
            ("query[after]", "x"),
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
            app::ssr::directory::db::organizations(&mut conn.ex(), other.id, None, 0, 10)
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
        assert_eq!(all["pages"]["total"], 2, "{name}: own account only");
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
        assert_eq!(
            by_email["pages"]["total"], 1,
            "{name}: the email is searched"
        );
        let prospects = call(
            &router,
            &cookie,
            "/api/list_contacts",
            &[("query[lifecycle]", "prospecto")],
        )
        .await
        .json();
        assert_eq!(prospects["pages"]["total"], 2, "{name}");
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
            app::ssr::directory::db::contacts(&mut conn.ex(), other.id, None, 0, 10)
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

/// The names of a directory page.
fn names_of(page: &serde_json::Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_directory_pages_by_name_both_ways_and_searches_its_own_index() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Directorio", "estandar").await;
        // 120 organizations (and a contact each), names out of id order.
        let names: Vec<String> = (0..120)
            .map(|i| format!("Empresa {:03}", (i * 7) % 120))
            .collect();
        let borrowed: Vec<&str> = names.iter().map(String::as_str).collect();
        add(&t, &a, &borrowed).await;
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let list = |path: &'static str, form: Vec<(&'static str, String)>| {
            let (router, cookie) = (router.clone(), cookie.clone());
            async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let answer = call(&router, &cookie, path, &form).await;
                assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
                answer.json()
            }
        };
        let path = "/api/list_organizations";
        let mut pages = vec![list(path, vec![("query[q]", String::new())]).await];
        while let Some(next) = pages.last().unwrap()["pages"]["next"]
            .as_str()
            .map(str::to_string)
        {
            pages.push(list(path, vec![("query[after]", next)]).await);
        }
        let forward: Vec<String> = pages.iter().flat_map(names_of).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(forward, sorted, "{name}: by name, page after page");
        assert_eq!(pages.len(), 3, "{name}");
        let mut back = names_of(pages.last().unwrap());
        let mut before = pages.last().unwrap()["pages"]["previous"]
            .as_str()
            .map(str::to_string);
        while let Some(b) = before {
            let page = list(path, vec![("query[before]", b)]).await;
            let mut earlier = names_of(&page);
            earlier.extend(back);
            back = earlier;
            before = page["pages"]["previous"].as_str().map(str::to_string);
        }
        assert_eq!(back, sorted, "{name}: and back");
        // Search: by a word's beginning, accents aside; follows a rename and a deletion.
        let token = app::ssr::accounts::provision::create_token(&t.db, &a.gerente, "dir")
            .await
            .unwrap();
        let rest = |method: &'static str, path: String, body: Option<serde_json::Value>| {
            let (router, token) = (router.clone(), token.clone());
            async move { send(&router, with_token(method, &path, &token, body)).await }
        };
        let found = list(path, vec![("query[q]", "EMPRESA 007".into())]).await;
        assert_eq!(names_of(&found), ["Empresa 007"], "{name}");
        let id = found["rows"][0]["id"].as_i64().unwrap();
        let renamed = rest(
            "PATCH",
            format!("/api/v1/organizations/{id}"),
            Some(serde_json::json!({"name": "Papelería Núñez"})),
        )
        .await;
        assert_eq!(renamed.status, StatusCode::OK, "{name}: {}", renamed.body);
        assert!(
            names_of(&list(path, vec![("query[q]", "empresa 007".into())]).await).is_empty(),
            "{name}"
        );
        assert_eq!(
            names_of(&list(path, vec![("query[q]", "papeleria nunez".into())]).await),
            ["Papelería Núñez"],
            "{name}"
        );
        let rest_found = rest("GET", "/api/v1/organizations?q=papel".into(), None)
            .await
            .json();
        assert_eq!(rest_found["items"][0]["name"], "Papelería Núñez", "{name}");
        let gone = rest("DELETE", format!("/api/v1/organizations/{id}"), None).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{name}");
        assert!(
            names_of(&list(path, vec![("query[q]", "papeleria".into())]).await).is_empty(),
            "{name}"
        );
        // Search results page newest first; the count stops at 100.
        let all = list(path, vec![("query[q]", "empresa".into())]).await;
        assert_eq!(
            (
                all["pages"]["total"].as_i64(),
                all["pages"]["more_than"].as_bool()
            ),
            (Some(100), Some(true)),
            "{name}"
        );
        let ids: Vec<i64> = all["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        let mut newest = ids.clone();
        newest.sort_by(|x, y| y.cmp(x));
        assert_eq!(ids, newest, "{name}");
        let short = list(path, vec![("query[q]", "em".into())]).await;
        assert_eq!(short["pages"]["short_search"], true, "{name}");
        // Contacts by a word of their email.
        let contacts = list(
            "/api/list_contacts",
            vec![("query[q]", format!("compras5@{}", a.id))],
        )
        .await;
        assert_eq!(
            contacts["rows"].as_array().unwrap().len(),
            1,
            "{name}: {contacts}"
        );
        let bad = call(&router, &cookie, path, &[("query[after]", "nada")]).await;
        refused(&bad, "after", "invalid", name);
        let short_rest = rest("GET", "/api/v1/contacts?q=ab".into(), None).await;
        assert_eq!(
            short_rest.json()["error"]["fields"]["q"],
            "too_short",
            "{name}"
        );
    }
}
