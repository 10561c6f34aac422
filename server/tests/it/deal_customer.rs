//! A deal's customer (organization, contact), description, priority and
//! source, through REST and the deal form's server functions on SQLite and
//! PostgreSQL: an organization by name is found in any case or created, a
//! contact must be of the deal's organization, every bad field is named,
//! each change is one history event of one new version, and another
//! account's organizations and contacts answer as missing ones.
use crate::common::*;
use app::ssr::accounts::provision;
use http::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_deal_knows_its_customer() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Clientela", "estandar").await;
        let other = account(&t.db, "ClientelaAjena", "estandar").await;
        let stage = stage_ids(&t.db, a.id).await[0];
        let token = provision::create_token(&t.db, &a.vendedor, "c")
            .await
            .unwrap();
        let foreign = provision::create_token(&t.db, &other.admin, "c")
            .await
            .unwrap();
        let router = router(&t.db);
        let ask = |method: &'static str, path: String, who: &String, body: Option<Value>| {
            let (router, who) = (router.clone(), who.clone());
            async move { send(&router, with_token(method, &path, &who, body)).await }
        };
        let made = |who: &String, path: &'static str, body: Value| {
            let who = who.clone();
            async move {
                let ans = ask("POST", path.into(), &who, Some(body)).await;
                assert_eq!(ans.status, StatusCode::CREATED, "{path}: {}", ans.body);
                ans.json()["id"].as_i64().unwrap()
            }
        };
        let aceros = made(
            &token,
            "/api/v1/organizations",
            json!({"name": "Aceros del Norte"}),
        )
        .await;
        let laura = made(
            &token,
            "/api/v1/contacts",
            json!({"name": "Laura Méndez", "organization_id": aceros}),
        )
        .await;
        let loose = made(&token, "/api/v1/contacts", json!({"name": "Sin empresa"})).await;
        let theirs = made(
            &foreign,
            "/api/v1/organizations",
            json!({"name": "Ajena SA"}),
        )
        .await;
        let their_contact = made(
            &foreign,
            "/api/v1/contacts",
            json!({"name": "Ajeno", "organization_id": theirs}),
        )
        .await;

        // Every bad field is named; a foreign id answers as a missing one.
        let deal = |extra: Value| {
            let mut body = json!({"title": "Techos", "value": "1000", "stage_id": stage});
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            body
        };
        let long = "x".repeat(5_001);
        let bad = ask(
            "POST",
            "/api/v1/deals".into(),
            &token,
            Some(deal(json!({
                "priority": "urgente", "description": long, "source": "y".repeat(101),
                "organization_id": theirs
            }))),
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
            (&f["priority"], &f["description"], &f["source"]),
            (&json!("invalid"), &json!("too_long"), &json!("too_long")),
            "{name}: {f}"
        );
        for (field, value) in [("organization_id", theirs), ("contact_id", their_contact)] {
            let with = |id: i64| {
                let token = token.clone();
                async move {
                    let body = deal(json!({ field: id }));
                    ask("POST", "/api/v1/deals".into(), &token, Some(body)).await
                }
            };
            let (foreign_id, missing) = (with(value).await, with(987_654_321).await);
            assert_eq!(
                (foreign_id.status, &foreign_id.body),
                (missing.status, &missing.body),
                "{name}: {field}"
            );
            assert_eq!(
                foreign_id.json()["error"]["fields"][field],
                "not_found",
                "{name}"
            );
        }
        // A contact of another organization of the account is refused.
        let elsewhere = ask(
            "POST",
            "/api/v1/deals".into(),
            &token,
            Some(deal(
                json!({"organization_id": aceros, "contact_id": loose}),
            )),
        )
        .await;
        assert_eq!(
            elsewhere.json()["error"]["fields"]["contact_id"],
            "other_organization",
            "{name}: {}",
            elsewhere.body
        );
        // Nothing was written by the refusals.
        let listed = ask("GET", "/api/v1/deals".into(), &token, None)
            .await
            .json();
        assert_eq!(listed["items"].as_array().unwrap().len(), 0, "{name}");

        // An organization by name: found in any case.
        let found = ask(
            "POST",
            "/api/v1/deals".into(),
            &token,
            Some(deal(json!({
                "organization": "ACEROS DEL NORTE", "contact_id": laura,
                "priority": "alta", "source": "Referido", "description": "Techo de 400 m²"
            }))),
        )
        .await;
        assert_eq!(found.status, StatusCode::CREATED, "{name}: {}", found.body);
        let d = found.json();
        assert_eq!(
            (
                &d["organization_id"],
                &d["contact_id"],
                &d["priority"],
                &d["source"],
                &d["description"]
            ),
            (
                &json!(aceros),
                &json!(laura),
                &json!("high"),
                &json!("Referido"),
                &json!("Techo de 400 m²")
            ),
            "{name}"
        );
        // A contact alone brings its organization; a new name is created.
        let by_contact = ask(
            "POST",
            "/api/v1/deals".into(),
            &token,
            Some(deal(json!({"contact_id": laura}))),
        )
        .await
        .json();
        assert_eq!(by_contact["organization_id"], aceros, "{name}");
        let fresh = ask(
            "POST",
            "/api/v1/deals".into(),
            &token,
            Some(deal(json!({"organization": "  Constructora Pérez  "}))),
        )
        .await;
        assert_eq!(fresh.status, StatusCode::CREATED, "{name}: {}", fresh.body);
        let fresh = fresh.json();
        let created_org = fresh["organization_id"].as_i64().unwrap();
        let org = ask(
            "GET",
            format!("/api/v1/organizations/{created_org}"),
            &token,
            None,
        )
        .await
        .json();
        assert_eq!(
            (&org["name"], &org["lifecycle"]),
            (&json!("Constructora Pérez"), &json!("prospecto")),
            "{name}"
        );

        // A change of the customer alone: one event per field, one version.
        let id = d["id"].as_i64().unwrap();
        let version = d["version"].as_i64().unwrap();
        let changed = ask(
            "PATCH",
            format!("/api/v1/deals/{id}"),
            &token,
            Some(json!({"version": version, "priority": "low", "contact_id": null})),
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK, "{name}: {}", changed.body);
        let c = changed.json();
        assert_eq!(
            (
                &c["version"],
                &c["priority"],
                &c["contact_id"],
                &c["organization_id"],
                &c["source"]
            ),
            (
                &json!(version + 1),
                &json!("low"),
                &Value::Null,
                &json!(aceros),
                &json!("Referido")
            ),
            "{name}"
        );
        let history = ask("GET", format!("/api/v1/deals/{id}/history"), &token, None)
            .await
            .json();
        let kinds: Vec<(&str, Value)> = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["kind"].as_str().unwrap(), e["data"].clone()))
            .collect();
        assert_eq!(
            kinds[1..],
            [
                ("contact_changed", json!({"from": laura, "to": null})),
                ("priority_changed", json!({"from": "alta", "to": "baja"})),
            ],
            "{name}"
        );
        // The same again changes nothing.
        let same = ask(
            "PATCH",
            format!("/api/v1/deals/{id}"),
            &token,
            Some(json!({"version": version + 1, "priority": "baja"})),
        )
        .await
        .json();
        assert_eq!(same["version"], version + 1, "{name}");

        // The deal page shows its customer, linked, and the history names
        // the organization.
        let cookie = login(&router, &a.vendedor).await;
        let key = d["key"].as_str().unwrap();
        let changed = ask(
            "PATCH",
            format!("/api/v1/deals/{id}"),
            &token,
            Some(json!({"version": version + 1, "organization": "Constructora Pérez"})),
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK, "{name}: {}", changed.body);
        let page = deal_page_of(&router, &cookie, key).await;
        assert_eq!(
            (
                &page["organization"],
                &page["priority"],
                &page["description"]
            ),
            (
                &json!([created_org, "Constructora Pérez"]),
                &json!("baja"),
                &json!("Techo de 400 m²")
            ),
            "{name}"
        );
        let last = page["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            (&last["kind"], &last["detail"]),
            (
                &json!("OrganizationChanged"),
                &json!("Aceros del Norte → Constructora Pérez")
            ),
            "{name}"
        );
        assert_eq!(
            page["form"]["input"]["organization"], "Constructora Pérez",
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_form_searches_organizations_and_offers_their_contacts() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Busqueda", "estandar").await;
        let other = account(&t.db, "BusquedaAjena", "estandar").await;
        let router = router(&t.db);
        let mine = login(&router, &a.vendedor).await;
        let token = provision::create_token(&t.db, &a.vendedor, "c")
            .await
            .unwrap();
        let their_token = provision::create_token(&t.db, &other.admin, "c")
            .await
            .unwrap();
        for (who, org, contact) in [
            (&token, "Aceros del Norte", "Laura Méndez"),
            (&token, "Aceros Pacífico", "Pablo Ruiz"),
            (&their_token, "Aceros Ajenos", "Ajeno"),
        ] {
            let body = json!({"name": org});
            let org = send(
                &router,
                with_token("POST", "/api/v1/organizations", who, Some(body)),
            )
            .await;
            assert_eq!(org.status, StatusCode::CREATED, "{name}: {}", org.body);
            let body = json!({"name": contact, "organization_id": org.json()["id"]});
            let c = send(
                &router,
                with_token("POST", "/api/v1/contacts", who, Some(body)),
            )
            .await;
            assert_eq!(c.status, StatusCode::CREATED, "{name}: {}", c.body);
        }
        let suggest = |q: &str| {
            let (router, cookie) = (router.clone(), mine.clone());
            let q = q.to_string();
            async move { call(&router, &cookie, "/api/suggest_organizations", &[("q", &q)]).await }
        };
        let found = suggest("aceros").await;
        assert_eq!(found.status, StatusCode::OK, "{name}: {}", found.body);
        let mut names: Vec<String> = serde_json::from_str(&found.body).unwrap();
        names.sort();
        assert_eq!(names, ["Aceros Pacífico", "Aceros del Norte"], "{name}");
        let short: Vec<String> = serde_json::from_str(&suggest("ac").await.body).unwrap();
        assert!(short.is_empty(), "{name}");
        let contacts = |org: &str, cookie: &String| {
            let (router, cookie) = (router.clone(), cookie.clone());
            let org = org.to_string();
            async move {
                let ans = call(
                    &router,
                    &cookie,
                    "/api/organization_contacts",
                    &[("name", &org)],
                )
                .await;
                assert_eq!(ans.status, StatusCode::OK, "{}", ans.body);
                ans.json()
            }
        };
        let of_norte = contacts("aceros DEL norte", &mine).await;
        assert_eq!(of_norte[0][1], "Laura Méndez", "{name}: {of_norte}");
        assert_eq!(of_norte.as_array().unwrap().len(), 1, "{name}");
        // Another account's organization is no one's here.
        let ajenos = contacts("Aceros Ajenos", &mine).await;
        assert_eq!(ajenos, json!([]), "{name}");
        // The form saves a deal with its customer by name.
        let stage = stage_ids(&t.db, a.id).await[0].to_string();
        let contact_id = of_norte[0][0].to_string();
        let saved = call(
            &router,
            &mine,
            "/api/save_record",
            &[
                ("kind", "Deal"),
                ("fields[title]", "Techos de nave"),
                ("fields[value]", "250,000"),
                ("fields[stage_id]", &stage),
                ("fields[organization]", "Aceros del Norte"),
                ("fields[organization_id]", ""),
                ("fields[contact_id]", &contact_id),
                ("fields[priority]", "media"),
                ("fields[source]", "WhatsApp"),
                ("fields[description]", "Dos naves de 1,200 m²"),
            ],
        )
        .await;
        assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);
        let listed = send(&router, with_token("GET", "/api/v1/deals", &token, None))
            .await
            .json();
        let d = &listed["items"][0];
        assert_eq!(
            (&d["title"], &d["source"], &d["contact_id"].to_string()),
            (&json!("Techos de nave"), &json!("WhatsApp"), &contact_id),
            "{name}"
        );
        // A contact of another organization, through the form.
        let wrong = call(
            &router,
            &mine,
            "/api/save_record",
            &[
                ("kind", "Deal"),
                ("fields[title]", "Otro"),
                ("fields[value]", "1"),
                ("fields[stage_id]", &stage),
                ("fields[organization]", "Aceros Pacífico"),
                ("fields[contact_id]", &contact_id),
            ],
        )
        .await;
        refused(&wrong, "contact_id", "other_organization", name);
    }
}
