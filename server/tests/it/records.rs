//! Editing the directory and the agenda, through the real router on SQLite
//! and PostgreSQL: REST `PATCH`/`DELETE` of organizations, contacts and
//! activities (a PATCH changes only what it sends; bad input changes
//! nothing), the pages' form endpoints (`save_record`, `delete_record`,
//! `complete_activity`, `reschedule_activity`) and the calendar; every
//! write checked for account, owner and permission.
use crate::common::*;
use crate::rest_activities::post_json;
use app::ssr::accounts::provision;
use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::{Value, json};

#[tokio::test]
async fn organizations_and_contacts_are_edited_and_deleted_over_rest() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Edicion", "estandar").await;
        let other = account(&t.db, "EdicionAjena", "estandar").await;
        let seller = provision::create_token(&t.db, &a.vendedor, "e")
            .await
            .unwrap();
        let boss = provision::create_token(&t.db, &a.gerente, "e")
            .await
            .unwrap();
        let foreign = provision::create_token(&t.db, &other.admin, "e")
            .await
            .unwrap();
        let router = router(&t.db);
        let create = |token: &str, path: &str, body: Value| {
            let req = post_json(path, token, body);
            let router = router.clone();
            async move {
                let made = send(&router, req).await;
                assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
                made.json()["id"].as_i64().unwrap()
            }
        };
        let org = create(
            &seller,
            "/api/v1/organizations",
            json!({"name": "Ferretería Norte", "phone": "81 1234 5678", "tax_id": "FNO010203AB1"}),
        )
        .await;
        let boss_org = create(
            &boss,
            "/api/v1/organizations",
            json!({"name": "Aceros del Golfo"}),
        )
        .await;
        let path = format!("/api/v1/organizations/{org}");

        // A PATCH changes what it sends and keeps the rest.
        let patched = send(
            &router,
            with_token(
                "PATCH",
                &path,
                &seller,
                Some(json!({"phone": "+52 81 5555 0000", "lifecycle": "cliente"})),
            ),
        )
        .await;
        assert_eq!(patched.status, StatusCode::OK, "{name}: {}", patched.body);
        let patched = patched.json();
        assert_eq!(patched["phone"], "+52 81 5555 0000", "{name}");
        assert_eq!(patched["lifecycle"], "cliente", "{name}");
        assert_eq!(patched["name"], "Ferretería Norte", "{name}");
        assert_eq!(patched["tax_id"], "FNO010203AB1", "{name}");

        // Bad input: every problem named, nothing written.
        let bad = send(
            &router,
            with_token(
                "PATCH",
                &path,
                &seller,
                Some(json!({"name": 0, "phone": true, "owner_id": "7"})),
            ),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let f = &bad.json()["error"]["fields"];
        assert_eq!(f["name"], "must_be_string", "{name}: {f}");
        assert_eq!(f["phone"], "must_be_string", "{name}: {f}");
        assert_eq!(f["owner_id"], "must_be_integer", "{name}: {f}");
        let bad = send(
            &router,
            with_token(
                "PATCH",
                &path,
                &seller,
                Some(json!({"name": "aceros del golfo", "email": "no-es", "tax_id": "X"})),
            ),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let f = &bad.json()["error"]["fields"];
        for (field, code) in [
            ("name", "taken"),
            ("email", "invalid_email"),
            ("tax_id", "invalid_rfc"),
        ] {
            assert_eq!(f[field], code, "{name}: {field} in {f}");
        }
        let kept = send(&router, get(&path, None, Some(&seller))).await.json();
        assert_eq!(kept["name"], "Ferretería Norte", "{name}: unchanged");
        assert_eq!(kept["email"], Value::Null, "{name}: unchanged");

        // Someone else's: a seller may not touch it; another account's is missing.
        let boss_path = format!("/api/v1/organizations/{boss_org}");
        for (method, body) in [("PATCH", Some(json!({"name": "Mío"}))), ("DELETE", None)] {
            let refused = send(&router, with_token(method, &boss_path, &seller, body)).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name} {method}");
        }
        for (method, body) in [("PATCH", Some(json!({"name": "Mío"}))), ("DELETE", None)] {
            let missing = send(&router, with_token(method, &path, &foreign, body)).await;
            assert_eq!(missing.status, StatusCode::NOT_FOUND, "{name} {method}");
        }
        // A manager may edit anyone's and hand it to another user.
        let seller_id = user_id(&t.db, &a.vendedor).await;
        let handed = send(
            &router,
            with_token(
                "PATCH",
                &boss_path,
                &boss,
                Some(json!({"owner_id": seller_id})),
            ),
        )
        .await;
        assert_eq!(handed.json()["owner_id"], seller_id, "{name}");

        // A contact given its organization by name (any case).
        let contact = create(
            &seller,
            "/api/v1/contacts",
            json!({"name": "Rosa Garza", "organization": "ferretería NORTE", "email": "rosa@norte.mx"}),
        )
        .await;
        let contact_path = format!("/api/v1/contacts/{contact}");
        let shown = send(&router, get(&contact_path, None, Some(&seller)))
            .await
            .json();
        assert_eq!(shown["organization_id"], org, "{name}");
        let twin = send(
            &router,
            post_json(
                "/api/v1/contacts",
                &seller,
                json!({"name": "Otra Rosa", "email": "ROSA@norte.mx", "organization": "No existe"}),
            ),
        )
        .await;
        let f = &twin.json()["error"]["fields"];
        assert_eq!(f["email"], "taken", "{name}: {f}");
        assert_eq!(f["organization"], "not_found", "{name}: {f}");
        let moved = send(
            &router,
            with_token(
                "PATCH",
                &contact_path,
                &seller,
                Some(json!({"job_title": "Compras", "organization_id": null})),
            ),
        )
        .await
        .json();
        assert_eq!(moved["job_title"], "Compras", "{name}");
        assert_eq!(moved["organization_id"], Value::Null, "{name}");
        assert_eq!(moved["email"], "rosa@norte.mx", "{name}: kept");
        send(
            &router,
            with_token(
                "PATCH",
                &contact_path,
                &seller,
                Some(json!({"organization_id": org})),
            ),
        )
        .await;

        // Deleting the organization keeps its contact, without the link.
        let gone = send(&router, with_token("DELETE", &path, &seller, None)).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{name}: {}", gone.body);
        assert_eq!(
            send(&router, get(&path, None, Some(&seller))).await.status,
            StatusCode::NOT_FOUND,
            "{name}"
        );
        let orphan = send(&router, get(&contact_path, None, Some(&seller)))
            .await
            .json();
        assert_eq!(orphan["name"], "Rosa Garza", "{name}: the contact stays");
        assert_eq!(orphan["organization_id"], Value::Null, "{name}");
        let gone = send(&router, with_token("DELETE", &contact_path, &seller, None)).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{name}");
        assert_eq!(
            send(&router, get(&contact_path, None, Some(&seller)))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{name}"
        );
    }
}

#[tokio::test]
async fn activities_are_edited_and_deleted_over_rest() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "AgendaEdicion", "estandar").await;
        let other = account(&t.db, "AgendaEdicionAjena", "estandar").await;
        let seller = provision::create_token(&t.db, &a.vendedor, "e")
            .await
            .unwrap();
        let foreign = provision::create_token(&t.db, &other.admin, "e")
            .await
            .unwrap();
        let router = router(&t.db);
        let made = send(
            &router,
            post_json(
                "/api/v1/activities",
                &seller,
                json!({"kind": "llamada", "subject": "Llamar", "due_at": "2027-01-05T10:00:00-06:00"}),
            ),
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{name}: {}", made.body);
        let path = format!("/api/v1/activities/{}", made.json()["id"]);
        let patched = send(
            &router,
            with_token(
                "PATCH",
                &path,
                &seller,
                Some(json!({"priority": "alta", "notes": "Con el director"})),
            ),
        )
        .await
        .json();
        assert_eq!(patched["priority"], "high", "{name}");
        assert_eq!(patched["subject"], "Llamar", "{name}: kept");
        assert_eq!(
            patched["due_at"], "2027-01-05T16:00:00.000Z",
            "{name}: kept"
        );
        let bad = send(
            &router,
            with_token(
                "PATCH",
                &path,
                &seller,
                Some(json!({"kind": "fax", "due_at": "ayer"})),
            ),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let kept = send(&router, get(&path, None, Some(&seller))).await.json();
        assert_eq!(kept["kind"], "call", "{name}: unchanged");
        assert_eq!(
            send(&router, get(&path, None, Some(&foreign))).await.status,
            StatusCode::NOT_FOUND,
            "{name}"
        );
        assert_eq!(
            send(&router, with_token("DELETE", &path, &foreign, None))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{name}"
        );
        let gone = send(&router, with_token("DELETE", &path, &seller, None)).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{name}");
        assert_eq!(
            send(&router, get(&path, None, Some(&seller))).await.status,
            StatusCode::NOT_FOUND,
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_pages_forms_save_records_and_the_calendar_moves_them() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Formularios", "estandar").await;
        let other = account(&t.db, "FormulariosAjena", "estandar").await;
        let basic = account(&t.db, "FormulariosBasico", "basico").await;
        let router = router(&t.db);
        let seller = login(&router, &a.vendedor).await;
        let stranger = login(&router, &other.gerente).await;
        let call = |cookie: &str, path: &str, form: &[(&str, &str)]| {
            let req = server_fn(path, form, Some(cookie));
            let router = router.clone();
            async move { send(&router, req).await }
        };

        // An organization from its form: the page to show next is its own.
        let bad = call(
            &seller,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("fields[name]", " "),
                ("fields[email]", "ana@"),
                ("fields[phone]", "55"),
            ],
        )
        .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            bad.body
        );
        for code in ["required", "invalid_email", "invalid_phone"] {
            assert!(bad.body.contains(code), "{name}: {code} in {}", bad.body);
        }
        let saved = call(
            &seller,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("fields[name]", "Papelería Central"),
                ("fields[tax_id]", "PCE990101AB2"),
                ("fields[lifecycle]", "prospecto"),
            ],
        )
        .await;
        assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);
        let url: String = serde_json::from_str(&saved.body).unwrap();
        let org: i64 = url.strip_prefix("/clientes/").unwrap().parse().unwrap();
        let org_text = org.to_string();
        let edited = call(
            &seller,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("id", &org_text),
                ("fields[lifecycle]", "cliente"),
            ],
        )
        .await;
        assert_eq!(edited.status, StatusCode::OK, "{name}: {}", edited.body);
        let page = call(&seller, "/api/get_organization", &[("id", &org_text)])
            .await
            .json();
        assert_eq!(page["lifecycle"], "cliente", "{name}");
        assert_eq!(page["name"], "Papelería Central", "{name}: kept");
        // Not in another account, nor on a plan without the CRM.
        let foreign = call(
            &stranger,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("id", &org_text),
                ("fields[name]", "Robada"),
            ],
        )
        .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{name}");
        let basic_cookie = login(&router, &basic.gerente).await;
        let refused = call(
            &basic_cookie,
            "/api/save_record",
            &[("kind", "Organization"), ("fields[name]", "Sin plan")],
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{name}: {}",
            refused.body
        );

        // A call for a local day and time, then on the calendar.
        let made = call(
            &seller,
            "/api/save_record",
            &[
                ("kind", "Activity"),
                ("fields[kind]", "llamada"),
                ("fields[subject]", "Llamar a Papelería Central"),
                ("fields[due_date]", "2027-03-10"),
                ("fields[due_time]", "10:30"),
                ("fields[organization_id]", &org_text),
            ],
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let page = call(&seller, "/api/get_organization", &[("id", &org_text)])
            .await
            .json();
        let activity = page["activities"][0].clone();
        assert_eq!(activity["subject"], "Llamar a Papelería Central", "{name}");
        assert_eq!(activity["due"], "10/03/2027 10:30", "{name}");
        let id = activity["id"].as_i64().unwrap().to_string();
        let month = call(
            &seller,
            "/api/activity_calendar",
            &[("query[date]", "2027-03-10")],
        )
        .await
        .json();
        assert_eq!(
            month["days"][0]["date"], "2027-03-01",
            "{name}: Monday first"
        );
        assert_eq!(month["days"].as_array().unwrap().len(), 35, "{name}");
        let day = |cal: &Value, date: &str| {
            cal["days"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["date"] == date)
                .unwrap()["items"]
                .clone()
        };
        assert_eq!(day(&month, "2027-03-10")[0]["time"], "10:30", "{name}");
        let bad_date = call(
            &seller,
            "/api/reschedule_activity",
            &[("id", &id), ("date", "2027-02-30")],
        )
        .await;
        assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let moved = call(
            &seller,
            "/api/reschedule_activity",
            &[("id", &id), ("date", "2027-03-12")],
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{name}: {}", moved.body);
        // The account history tells the move: only its due date changed.
        let admin = login(&router, &a.admin).await;
        let log = call(
            &admin,
            "/api/account_history",
            &[("query[entity]", "activity")],
        )
        .await
        .json();
        assert_eq!(log["entries"][0]["action"], "updated", "{name}");
        assert_eq!(log["entries"][0]["fields"], json!(["due_at"]), "{name}");
        let week = call(
            &seller,
            "/api/activity_calendar",
            &[("query[view]", "week"), ("query[date]", "2027-03-12")],
        )
        .await
        .json();
        assert_eq!(week["days"].as_array().unwrap().len(), 7, "{name}");
        assert_eq!(week["days"][0]["date"], "2027-03-08", "{name}");
        assert_eq!(
            day(&week, "2027-03-12")[0]["time"],
            "10:30",
            "{name}: time kept"
        );
        assert_eq!(
            day(&week, "2027-03-10").as_array().unwrap().len(),
            0,
            "{name}"
        );
        let bad_view = call(&seller, "/api/activity_calendar", &[("query[view]", "año")]).await;
        assert_eq!(bad_view.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        // Another account's activity can be neither moved nor completed.
        for (path, form) in [
            (
                "/api/reschedule_activity",
                vec![("id", id.as_str()), ("date", "2027-03-15")],
            ),
            ("/api/complete_activity", vec![("id", id.as_str())]),
        ] {
            let refused = call(&stranger, path, &form).await;
            assert_eq!(refused.status, StatusCode::NOT_FOUND, "{name} {path}");
        }
        let done = call(&seller, "/api/complete_activity", &[("id", &id)]).await;
        assert_eq!(done.status, StatusCode::OK, "{name}: {}", done.body);
        let page = call(&seller, "/api/get_organization", &[("id", &org_text)])
            .await
            .json();
        assert_eq!(
            page["activities"].as_array().unwrap().len(),
            0,
            "{name}: done"
        );

        // Deleting from its page: the next page is the list.
        let deleted = call(
            &seller,
            "/api/delete_record",
            &[("kind", "Organization"), ("id", &org_text)],
        )
        .await;
        assert_eq!(deleted.status, StatusCode::OK, "{name}: {}", deleted.body);
        assert_eq!(deleted.headers[header::LOCATION], "/clientes", "{name}");
        assert_eq!(
            call(&seller, "/api/get_organization", &[("id", &org_text)])
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{name}"
        );
    }
}

#[tokio::test]
async fn reminders_ring_for_their_assignee_and_cards_show_the_next_activity_state() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Recordatorios", "estandar").await;
        let deals = deals_of_vendedor(&t.db, &a, 3).await;
        let seller = provision::create_token(&t.db, &a.vendedor, "r")
            .await
            .unwrap();
        let router = router(&t.db);
        let post = |body: Value| {
            let req = post_json("/api/v1/activities", &seller, body);
            let router = router.clone();
            async move { send(&router, req).await }
        };
        // A reminder needs a due date, and comes at most 30 days before.
        let bad = post(json!({"kind": "tarea", "subject": "Sin fecha", "reminder": 15})).await;
        assert_eq!(
            bad.json()["error"]["fields"]["reminder"],
            "needs_due",
            "{name}"
        );
        let bad = post(json!({"kind": "tarea", "subject": "X", "due_at": "2027-01-01T10:00:00Z", "reminder": -5})).await;
        assert_eq!(
            bad.json()["error"]["fields"]["reminder"],
            "invalid",
            "{name}"
        );

        let day = 86_400_000;
        let iso = |ms: i64| {
            chrono::DateTime::from_timestamp_millis(ms)
                .unwrap()
                .to_rfc3339()
        };
        let now = app::ssr::clock::now_ms();
        let overdue = post(json!({
            "kind": "llamada", "subject": "Vencida con aviso", "deal_id": deals[0],
            "due_at": iso(now - 2 * day), "reminder": 15
        }))
        .await;
        assert_eq!(
            overdue.status,
            StatusCode::CREATED,
            "{name}: {}",
            overdue.body
        );
        let made = overdue.json();
        let at = |field: &str| {
            chrono::DateTime::parse_from_rfc3339(made[field].as_str().unwrap())
                .unwrap()
                .timestamp_millis()
        };
        assert_eq!(at("due_at") - at("reminder_at"), 15 * 60_000, "{name}");
        post(json!({
            "kind": "reunion", "subject": "Futura con aviso", "deal_id": deals[1],
            "due_at": iso(now + 3 * day), "reminder": 60
        }))
        .await;

        let cookie = login(&router, &a.vendedor).await;
        let bell = send(&router, server_fn("/api/due_reminders", &[], Some(&cookie)))
            .await
            .json();
        assert_eq!(bell["count"], 1, "{name}: only the one whose time came");
        assert_eq!(bell["items"][0]["subject"], "Vencida con aviso", "{name}");
        assert_eq!(bell["items"][0]["overdue"], true, "{name}");
        let boss = login(&router, &a.gerente).await;
        let theirs = send(&router, server_fn("/api/due_reminders", &[], Some(&boss)))
            .await
            .json();
        assert_eq!(
            theirs["count"], 0,
            "{name}: a reminder rings for its assignee only"
        );
        let id = bell["items"][0]["id"].to_string();
        let refused = send(
            &router,
            server_fn("/api/dismiss_reminder", &[("id", &id)], Some(&boss)),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name}");
        let dismissed = send(
            &router,
            server_fn("/api/dismiss_reminder", &[("id", &id)], Some(&cookie)),
        )
        .await;
        assert_eq!(
            dismissed.status,
            StatusCode::OK,
            "{name}: {}",
            dismissed.body
        );
        let bell = send(&router, server_fn("/api/due_reminders", &[], Some(&cookie)))
            .await
            .json();
        assert_eq!(bell["count"], 0, "{name}");

        // The board's cards: overdue, upcoming, and none scheduled.
        let board = send(
            &router,
            server_fn("/api/board", &[("query[mine]", "false")], Some(&cookie)),
        )
        .await
        .json();
        let state = |deal: i64| {
            board["columns"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|c| c["cards"].as_array().unwrap().iter())
                .find(|c| c["id"] == deal)
                .map(|c| (c["activity_state"].clone(), c["next_activity"].clone()))
                .unwrap()
        };
        assert_eq!(state(deals[0]).0, "overdue", "{name}");
        assert_eq!(state(deals[1]).0, "upcoming", "{name}");
        assert_eq!(state(deals[2]).0, "none", "{name}");
        assert_eq!(state(deals[2]).1, "Sin actividad programada", "{name}");
    }
}

#[tokio::test]
async fn tags_segment_the_directory_and_filters_are_saved_per_user() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Etiquetas", "estandar").await;
        let other = account(&t.db, "EtiquetasAjena", "estandar").await;
        let router = router(&t.db);
        let seller = login(&router, &a.vendedor).await;
        let boss = login(&router, &a.gerente).await;
        let stranger = login(&router, &other.gerente).await;
        let call = |cookie: &str, path: &str, form: &[(&str, &str)]| {
            let req = server_fn(path, form, Some(cookie));
            let router = router.clone();
            async move { send(&router, req).await }
        };
        let org = |cookie: String, org_name: &'static str, tags: &'static str| async move {
            let saved = call(
                &cookie,
                "/api/save_record",
                &[
                    ("kind", "Organization"),
                    ("fields[name]", org_name),
                    ("fields[tags]", tags),
                ],
            )
            .await;
            assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
            let url: String = serde_json::from_str(&saved.body).unwrap();
            url.strip_prefix("/clientes/").unwrap().to_string()
        };
        let norte = org(seller.clone(), "Norte", " VIP, norte,vip ").await;
        org(seller.clone(), "Sur", "sur").await;
        org(boss.clone(), "Centro", "Vip").await;
        // Too many or too long: named, nothing written.
        let long = "x".repeat(41);
        let bad = call(
            &seller,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("fields[name]", "Muchas"),
                ("fields[tags]", &long),
            ],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(bad.body.contains("too_long"), "{name}: {}", bad.body);
        let many = (0..11)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let bad = call(
            &seller,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("fields[name]", "Muchas"),
                ("fields[tags]", &many),
            ],
        )
        .await;
        assert!(bad.body.contains("too_many"), "{name}: {}", bad.body);

        let page = call(&seller, "/api/get_organization", &[("id", &norte)])
            .await
            .json();
        assert_eq!(
            page["tags"],
            json!(["norte", "VIP"]),
            "{name}: once each, any case"
        );
        let list = |cookie: String, tag: &'static str| async move {
            let all = call(&cookie, "/api/list_organizations", &[("query[tag]", tag)])
                .await
                .json();
            let names: Vec<String> = all["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["name"].as_str().unwrap().to_string())
                .collect();
            (names, all)
        };
        let (vip, all) = list(seller.clone(), "vip").await;
        assert_eq!(vip, ["Centro", "Norte"], "{name}: the tag in any case");
        assert_eq!(all["rows"][1]["tags"], json!(["norte", "VIP"]), "{name}");
        assert_eq!(
            all["tags"],
            json!(["norte", "sur", "VIP"]),
            "{name}: the choices"
        );
        let (none, _) = list(stranger.clone(), "vip").await;
        assert!(none.is_empty(), "{name}: another account's tags stay there");
        // An edit keeps the tags it does not send, and replaces them when sent.
        call(
            &seller,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("id", &norte),
                ("fields[phone]", "81 1234 5678"),
            ],
        )
        .await;
        let page = call(&seller, "/api/get_organization", &[("id", &norte)])
            .await
            .json();
        assert_eq!(page["tags"], json!(["norte", "VIP"]), "{name}: kept");
        call(
            &seller,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("id", &norte),
                ("fields[tags]", ""),
            ],
        )
        .await;
        let (vip, _) = list(seller.clone(), "vip").await;
        assert_eq!(vip, ["Centro"], "{name}: untagged");

        // Saved filters: checked, per user.
        let saved = call(
            &seller,
            "/api/save_filter",
            &[
                ("page", "clientes"),
                ("name", "Los VIP"),
                ("query", "tag=vip&lifecycle=cliente"),
            ],
        )
        .await;
        assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);
        for (page, filter_name, query) in [
            ("tratos", "X", "tag=vip"),
            ("clientes", " ", "tag=vip"),
            ("clientes", "X", "lifecycle=amigo"),
            ("clientes", "X", "color=rojo"),
        ] {
            let bad = call(
                &seller,
                "/api/save_filter",
                &[("page", page), ("name", filter_name), ("query", query)],
            )
            .await;
            assert_eq!(
                bad.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}: {page} {query}"
            );
        }
        let (_, all) = list(seller.clone(), "").await;
        assert_eq!(all["saved"][0]["name"], "Los VIP", "{name}");
        assert_eq!(
            all["saved"][0]["href"], "/clientes?tag=vip&lifecycle=cliente",
            "{name}"
        );
        let id = all["saved"][0]["id"].to_string();
        let (_, theirs) = list(boss.clone(), "").await;
        assert_eq!(theirs["saved"], json!([]), "{name}: a user's own");
        let refused = call(&boss, "/api/delete_filter", &[("id", &id)]).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{name}");
        let gone = call(&seller, "/api/delete_filter", &[("id", &id)]).await;
        assert_eq!(gone.status, StatusCode::OK, "{name}");
        let (_, all) = list(seller.clone(), "").await;
        assert_eq!(all["saved"], json!([]), "{name}");
    }
}

#[tokio::test]
async fn a_refused_plain_form_post_comes_back_with_its_error_said() {
    let t = sqlite().await;
    let a = account(&t.db, "Formas", "estandar").await;
    let router = router(&t.db);
    let cookie = login(&router, &a.gerente).await;
    // As the browser posts a plain form: HTML accepted, the page as referer.
    let req = Request::post("/api/complete_activity")
        .header(header::HOST, HOST)
        .header(header::COOKIE, &cookie)
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, format!("http://{HOST}/actividades"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("id=987654321"))
        .unwrap();
    let refused = send(&router, req).await;
    assert_eq!(refused.status, StatusCode::FOUND, "{}", refused.body);
    let back = refused.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        back.contains("/actividades?") && back.contains("__err="),
        "{back}"
    );
    let path = back.trim_start_matches(&format!("http://{HOST}"));
    let page = send(&router, get(path, Some(&cookie), None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("No encontramos lo que buscas."),
        "the error is said on the page"
    );
}
