//! `/api/v1/activities` through the real router, on SQLite and PostgreSQL:
//! overdue, today and upcoming by the account's local day, creating (every
//! field checked), marking done, and a seller seeing, creating and
//! completing only what is assigned to them.
use crate::common::*;
use crate::rest_directory::add;
use app::ssr::accounts::provision;
use app::ssr::activities::db::{self as activity_rows, BulkActivity};
use app::ssr::clock::now_ms;
use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::Value;

const DAY: i64 = 86_400_000;

fn subjects(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["subject"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn activities_are_listed_by_due_day_and_marked_done() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Agenda", "estandar").await;
        let other = account(&t.db, "AgendaAjena", "estandar").await;
        add(&t, &a, &["Cliente Agenda"]).await;
        let deal = deals_of_vendedor(&t.db, &a, 1).await[0];
        let seller = user_id(&t.db, &a.vendedor).await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let token = provision::create_token(&t.db, &a.vendedor, "agenda")
            .await
            .unwrap();
        let boss = provision::create_token(&t.db, &a.gerente, "agenda")
            .await
            .unwrap();
        let foreign = provision::create_token(&t.db, &other.admin, "agenda")
            .await
            .unwrap();
        let router = router(&t.db);
        let org = send(&router, get("/api/v1/organizations", None, Some(&token)))
            .await
            .json()["items"][0]["id"]
            .as_i64()
            .unwrap();
        let contact = send(&router, get("/api/v1/contacts", None, Some(&token)))
            .await
            .json()["items"][0]["id"]
            .as_i64()
            .unwrap();
        let now = now_ms();
        let activity = |subject: &str, due_at: i64, done: bool, assigned_to: i64| BulkActivity {
            account_id: a.id,
            kind: "llamada",
            subject: subject.into(),
            due_at,
            priority: "alta",
            assigned_to,
            deal_id: deal,
            contact_id: contact,
            organization_id: org,
            done,
            done_at: done.then_some(now - DAY),
            created_at: now - 10 * DAY,
        };
        let list = vec![
            activity("Vencida", now - 2 * DAY, false, seller),
            activity("Hoy", now, false, seller),
            activity("Próxima", now + 3 * DAY, false, seller),
            activity("Hecha", now - DAY, true, seller),
            activity("Del gerente", now - 2 * DAY, false, gerente),
        ];
        let mut tx = t.db.begin().await.unwrap();
        activity_rows::insert_activities(&mut tx.ex(), &list)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let list = |path: &str, token: &str| {
            let (router, path, token) = (router.clone(), path.to_string(), token.to_string());
            async move { send(&router, get(&path, None, Some(&token))).await }
        };
        let due = |when: &'static str| list(&format!("/api/v1/activities?due={when}"), &token);
        assert_eq!(
            subjects(&due("overdue").await.json()),
            ["Vencida"],
            "{name}"
        );
        assert_eq!(subjects(&due("today").await.json()), ["Hoy"], "{name}");
        assert_eq!(
            subjects(&due("upcoming").await.json()),
            ["Próxima"],
            "{name}"
        );
        let mine = list("/api/v1/activities", &token).await.json();
        assert_eq!(
            subjects(&mine).len(),
            4,
            "{name}: the seller's four, done included"
        );
        let everyone = list("/api/v1/activities?due=overdue", &boss).await.json();
        assert_eq!(subjects(&everyone), ["Vencida", "Del gerente"], "{name}");
        let first = &mine["items"][0];
        assert_eq!(
            (
                first["kind"].as_str(),
                first["priority"].as_str(),
                first["deal_id"].as_i64()
            ),
            (Some("call"), Some("high"), Some(deal))
        );
        assert!(first["due_at"].as_str().unwrap().ends_with('Z'));

        // Done: it leaves "today"; doing it again changes nothing.
        let today_id = due("today").await.json()["items"][0]["id"]
            .as_i64()
            .unwrap();
        let post = |id: i64, token: &str| {
            Request::post(format!("/api/v1/activities/{id}/done"))
                .header(header::HOST, HOST)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap()
        };
        let done = send(&router, post(today_id, &token)).await;
        assert_eq!(done.status, StatusCode::OK, "{name}: {}", done.body);
        let at = done.json()["done_at"].as_str().unwrap().to_string();
        assert_eq!(done.json()["done"], true);
        assert_eq!(
            subjects(&due("today").await.json()),
            Vec::<String>::new(),
            "{name}"
        );
        let again = send(&router, post(today_id, &token)).await.json();
        assert_eq!(again["done_at"], at, "{name}: done once");
        // A seller completes only their own; another account's is missing.
        let boss_overdue = list("/api/v1/activities?due=overdue", &boss).await.json();
        let theirs = boss_overdue["items"][1]["id"].as_i64().unwrap();
        assert_eq!(
            send(&router, post(theirs, &token)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            send(&router, post(theirs, &foreign)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            send(&router, post(i64::MAX, &boss)).await.status,
            StatusCode::NOT_FOUND
        );
        let bad = due("mañana").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert_eq!(bad.json()["error"]["fields"]["due"], "invalid");
        let none = list("/api/v1/activities", &foreign).await.json();
        assert_eq!(subjects(&none).len(), 0, "{name}");
    }
}

pub fn post_json(path: &str, token: &str, body: Value) -> Request<Body> {
    with_token("POST", path, token, Some(body))
}

#[tokio::test]
async fn activities_are_created_with_every_field_checked() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "AgendaNueva", "estandar").await;
        let other = account(&t.db, "AgendaNuevaAjena", "estandar").await;
        let mine = deals_of_vendedor(&t.db, &a, 1).await[0];
        let foreign_deal = deals_of_vendedor(&t.db, &other, 1).await[0];
        let gerente = user_id(&t.db, &a.gerente).await;
        let gerente_deal = open_deals(&t.db, &a, &[("Del gerente", 100, 0, gerente)]).await[0];
        let seller = provision::create_token(&t.db, &a.vendedor, "agenda")
            .await
            .unwrap();
        let boss = provision::create_token(&t.db, &a.gerente, "agenda")
            .await
            .unwrap();
        let router = router(&t.db);

        let bad = send(
            &router,
            post_json(
                "/api/v1/activities",
                &seller,
                serde_json::json!({
                    "kind": "fiesta", "subject": "  ", "due_at": "mañana", "priority": "urgente",
                    "assigned_to": gerente, "deal_id": foreign_deal, "contact_id": 999999,
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
        let fields = bad.json()["error"]["fields"].clone();
        for (field, code) in [
            ("kind", "invalid"),
            ("subject", "required"),
            ("due_at", "invalid_date"),
            ("priority", "invalid"),
            ("assigned_to", "not_allowed"),
            ("deal_id", "not_found"),
            ("contact_id", "not_found"),
        ] {
            assert_eq!(fields[field], code, "{name}: {field} in {fields}");
        }
        let not_mine = send(
            &router,
            post_json(
                "/api/v1/activities",
                &seller,
                serde_json::json!({ "kind": "tarea", "subject": "Ajeno", "deal_id": gerente_deal }),
            ),
        )
        .await;
        assert_eq!(
            not_mine.json()["error"]["fields"]["deal_id"],
            "not_allowed",
            "{name}"
        );

        let made = send(
            &router,
            post_json(
                "/api/v1/activities",
                &seller,
                serde_json::json!({
                    "kind": "llamada", "subject": "Llamar para cerrar", "deal_id": mine,
                    "due_at": "2026-12-01T10:00:00-06:00", "notes": "Preguntar por el anticipo",
                }),
            ),
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{name}: {}", made.body);
        let made = made.json();
        assert_eq!(made["due_at"], "2026-12-01T16:00:00.000Z");
        // The API speaks English; the Spanish word sent was an alias.
        assert_eq!(made["kind"], "call");
        assert_eq!(made["priority"], "medium");
        assert_eq!(made["assigned_to"], user_id(&t.db, &a.vendedor).await);
        assert_eq!(made["done"], false);
        let english = send(
            &router,
            post_json(
                "/api/v1/activities",
                &seller,
                serde_json::json!({"kind": "meeting", "priority": "low", "subject": "Demo"}),
            ),
        )
        .await;
        assert_eq!(
            english.status,
            StatusCode::CREATED,
            "{name}: {}",
            english.body
        );
        let english = english.json();
        assert_eq!(
            (&english["kind"], &english["priority"]),
            (&"meeting".into(), &"low".into())
        );
        let stored = app::ssr::activities::db::get(
            &mut t.db.read().await.unwrap().ex(),
            a.id,
            english["id"].as_i64().unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(
            (stored.kind.as_str(), stored.priority.as_str()),
            ("reunion", "baja")
        );
        for (field, value) in [("kind", "Meeting"), ("kind", "fax"), ("priority", "urgent")] {
            let mut body = serde_json::json!({"kind": "task", "subject": "Mal"});
            body[field] = value.into();
            let refused = send(&router, post_json("/api/v1/activities", &seller, body)).await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}: {field} {value}"
            );
            assert_eq!(
                refused.json()["error"]["fields"][field],
                "invalid",
                "{name}: {}",
                refused.body
            );
        }
        let listed = send(
            &router,
            get("/api/v1/activities?limit=200", None, Some(&seller)),
        )
        .await
        .json();
        let demo = listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["subject"] == "Demo");
        assert_eq!(
            demo.map(|d| d["kind"].clone()),
            Some("meeting".into()),
            "{name}"
        );
        let undo = send(
            &router,
            with_token(
                "DELETE",
                &format!("/api/v1/activities/{}", english["id"]),
                &seller,
                None,
            ),
        )
        .await;
        assert_eq!(undo.status, StatusCode::NO_CONTENT, "{name}: {}", undo.body);
        let listed = send(&router, get("/api/v1/activities", None, Some(&seller)))
            .await
            .json();
        assert_eq!(subjects(&listed), ["Llamar para cerrar"], "{name}");

        // A manager may assign to someone else.
        let assigned = send(
            &router,
            post_json(
                "/api/v1/activities",
                &boss,
                serde_json::json!({
                    "kind": "reunion", "subject": "Revisión semanal",
                    "assigned_to": user_id(&t.db, &a.vendedor).await,
                }),
            ),
        )
        .await;
        assert_eq!(
            assigned.status,
            StatusCode::CREATED,
            "{name}: {}",
            assigned.body
        );
        let listed = send(&router, get("/api/v1/activities", None, Some(&seller)))
            .await
            .json();
        assert_eq!(listed["items"].as_array().unwrap().len(), 2, "{name}");
    }
}

#[tokio::test]
async fn the_activities_page_lists_by_due_day_and_assignee() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "AgendaPagina", "estandar").await;
        add(&t, &a, &["Cliente Página"]).await;
        let (org, contact) = {
            let mut conn = t.db.read().await.unwrap();
            let orgs = app::ssr::directory::db::organizations(&mut conn.ex(), a.id, None, 0, 1)
                .await
                .unwrap();
            let contacts = app::ssr::directory::db::contacts(&mut conn.ex(), a.id, None, 0, 1)
                .await
                .unwrap();
            (orgs[0].id, contacts[0].id)
        };
        let deal = deals_of_vendedor(&t.db, &a, 1).await[0];
        let seller = user_id(&t.db, &a.vendedor).await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let now = now_ms();
        let activity = |subject: &str, due_at: i64, done: bool, assigned_to: i64| BulkActivity {
            account_id: a.id,
            kind: "llamada",
            subject: subject.into(),
            due_at,
            priority: "alta",
            assigned_to,
            deal_id: deal,
            contact_id: contact,
            organization_id: org,
            done,
            done_at: done.then_some(now - DAY),
            created_at: now - 10 * DAY,
        };
        let list = vec![
            activity("Vencida", now - 2 * DAY, false, seller),
            activity("Próxima", now + 3 * DAY, false, seller),
            activity("Hecha", now - DAY, true, seller),
            activity("Del gerente", now - 2 * DAY, false, gerente),
        ];
        let mut tx = t.db.begin().await.unwrap();
        activity_rows::insert_activities(&mut tx.ex(), &list)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let router = router(&t.db);
        let boss = login(&router, &a.gerente).await;
        let call = |cookie: String, form: Vec<(&'static str, String)>| {
            let router = router.clone();
            async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                send(
                    &router,
                    server_fn("/api/list_activities", &form, Some(&cookie)),
                )
                .await
            }
        };
        let subjects_of = |v: &Value| -> Vec<String> {
            v["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["subject"].as_str().unwrap().to_string())
                .collect()
        };
        let pending = call(boss.clone(), vec![("query[due]", String::new())]).await;
        assert_eq!(pending.status, StatusCode::OK, "{name}: {}", pending.body);
        let pending = pending.json();
        assert_eq!(
            subjects_of(&pending),
            ["Vencida", "Del gerente", "Próxima"],
            "{name}: soonest first"
        );
        assert_eq!(pending["rows"][0]["overdue"], true);
        let overdue = call(boss.clone(), vec![("query[due]", "overdue".into())])
            .await
            .json();
        assert_eq!(overdue["total"], 2, "{name}");
        let done = call(boss.clone(), vec![("query[due]", "done".into())])
            .await
            .json();
        assert_eq!(subjects_of(&done), ["Hecha"], "{name}");
        let theirs = call(boss.clone(), vec![("query[owner]", gerente.to_string())])
            .await
            .json();
        assert_eq!(subjects_of(&theirs), ["Del gerente"], "{name}");
        let bad = call(boss.clone(), vec![("query[due]", "ayer".into())]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let own = login(&router, &a.vendedor).await;
        let mine = call(own, vec![("query[owner]", gerente.to_string())])
            .await
            .json();
        assert_eq!(
            subjects_of(&mine),
            ["Vencida", "Próxima"],
            "{name}: a seller's own"
        );
        assert_eq!(mine["owners"].as_array().unwrap().len(), 0, "{name}");
    }
}

#[tokio::test]
async fn an_activity_may_be_due_on_a_local_day_and_time() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "AgendaLocal", "estandar").await;
        let token = provision::create_token(&t.db, &a.vendedor, "agenda")
            .await
            .unwrap();
        let router = router(&t.db);
        // A day and a time in the account's zone, as the page's form sends them.
        let local = send(
            &router,
            post_json(
                "/api/v1/activities",
                &token,
                serde_json::json!({
                    "kind": "task", "subject": "Enviar cotización",
                    "due_date": "2026-12-02", "due_time": "09:30", "reminder": 15,
                }),
            ),
        )
        .await;
        assert_eq!(local.status, StatusCode::CREATED, "{name}: {}", local.body);
        assert_eq!(local.json()["due_at"], "2026-12-02T15:30:00.000Z", "{name}");
        // A later day alone moves it there at the time sent, replacing the
        // instant it had; the reminder keeps its 15 minutes before.
        let id = local.json()["id"].as_i64().unwrap();
        let moved = send(
            &router,
            with_token(
                "PATCH",
                &format!("/api/v1/activities/{id}"),
                &token,
                Some(serde_json::json!({"due_date": "2026-12-09", "due_time": "11:00"})),
            ),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{name}: {}", moved.body);
        assert_eq!(moved.json()["due_at"], "2026-12-09T17:00:00.000Z", "{name}");
        assert_eq!(moved.json()["subject"], "Enviar cotización", "{name}");
        assert_eq!(
            moved.json()["reminder_at"],
            "2026-12-09T16:45:00.000Z",
            "{name}"
        );
        // A day alone keeps the local time; a time alone keeps the day.
        for (body, due) in [
            (
                serde_json::json!({"due_date": "2026-12-10"}),
                "2026-12-10T17:00:00.000Z",
            ),
            (
                serde_json::json!({"due_time": "08:15"}),
                "2026-12-10T14:15:00.000Z",
            ),
        ] {
            let path = format!("/api/v1/activities/{id}");
            let res = send(&router, with_token("PATCH", &path, &token, Some(body))).await;
            assert_eq!(res.status, StatusCode::OK, "{name}: {}", res.body);
            assert_eq!(res.json()["due_at"], due, "{name}");
        }
        let wrong = send(
            &router,
            post_json(
                "/api/v1/activities",
                &token,
                serde_json::json!({"kind": "task", "subject": "X", "due_time": 930}),
            ),
        )
        .await;
        assert_eq!(
            wrong.json()["error"]["fields"]["due_time"],
            "must_be_string",
            "{name}"
        );
    }
}
