//! Settings for admins through the real router, on SQLite and PostgreSQL:
//! pipelines and stages (a stage with deals is deleted only by moving
//! them, each move in the deal's history and the dashboard), users
//! (created, given a role, deactivated: sessions and tokens stop at once),
//! custom roles with permissions, the account's time zone (the dashboard
//! rebuilt in it) and the account history that notes all of it.
use crate::common::*;
use app::ssr::accounts::provision;
use app::ssr::deals::db as deals;
use app::ssr::deals::db::stats as deal_stats;
use app::ssr::pipelines::db as pipelines;
use http::StatusCode;
use serde_json::Value;

fn stages_of(settings: &Value, pipeline: usize) -> Vec<Value> {
    settings["pipelines"][pipeline]["stages"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn pipelines_and_stages_are_configured_without_losing_deals() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Etapas", "estandar").await;
        let other = account(&t.db, "EtapasAjena", "estandar").await;
        let router = router(&t.db);
        let admin = login(&router, &a.admin).await;
        let seller = login(&router, &a.vendedor).await;
        let stranger = login(&router, &other.admin).await;
        let settings = || async {
            call(&router, &admin, "/api/pipeline_settings", &[])
                .await
                .json()
        };

        let start = settings().await;
        assert_eq!(start["pipelines"].as_array().unwrap().len(), 1, "{name}");
        let stages = stages_of(&start, 0);
        assert_eq!(stages.len(), 5, "{name}");
        let pid = a.pipeline_id.to_string();

        // Added at the end; every bad field named at once.
        let added = call(
            &router,
            &admin,
            "/api/save_stage",
            &[
                ("pipeline_id", &pid),
                ("name", " Demo "),
                ("color", "#11AA33"),
                ("probability", "60"),
                ("rotting_days", ""),
            ],
        )
        .await;
        assert_eq!(added.status, StatusCode::OK, "{name}: {}", added.body);
        let bad = call(
            &router,
            &admin,
            "/api/save_stage",
            &[
                ("pipeline_id", &pid),
                ("name", ""),
                ("color", "red"),
                ("probability", "101"),
                ("rotting_days", "0"),
            ],
        )
        .await;
        for (field, code) in [
            ("name", "required"),
            ("color", "invalid_color"),
            ("probability", "invalid_percent"),
            ("rotting_days", "invalid_days"),
        ] {
            refused(&bad, field, code, name);
        }
        let now = settings().await;
        let stages = stages_of(&now, 0);
        assert_eq!(stages.len(), 6, "{name}: the bad one was not added");
        assert_eq!(stages[5]["name"], "Demo", "{name}");
        assert_eq!(stages[5]["color"], "#11aa33", "{name}");
        assert_eq!(stages[5]["probability"], 60, "{name}");
        assert_eq!(stages[5]["rotting_days"], Value::Null, "{name}");

        // Changed, then moved up one place.
        let first = stages[0]["id"].as_i64().unwrap();
        let second = stages[1]["id"].as_i64().unwrap();
        let demo = stages[5]["id"].as_i64().unwrap().to_string();
        let changed = call(
            &router,
            &admin,
            "/api/save_stage",
            &[
                ("id", &first.to_string()),
                ("name", "Primer contacto"),
                ("color", "#000000"),
                ("probability", "15"),
                ("rotting_days", "7"),
            ],
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK, "{name}: {}", changed.body);
        let moved = call(
            &router,
            &admin,
            "/api/move_stage",
            &[("id", &demo), ("direction", "up")],
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{name}: {}", moved.body);
        let sideways = call(
            &router,
            &admin,
            "/api/move_stage",
            &[("id", &demo), ("direction", "sideways")],
        )
        .await;
        refused(&sideways, "direction", "invalid", name);
        let stages = stages_of(&settings().await, 0);
        assert_eq!(stages[0]["name"], "Primer contacto", "{name}");
        assert_eq!(stages[0]["rotting_days"], 7, "{name}");
        assert_eq!(stages[4]["name"], "Demo", "{name}: one place up");
        assert_eq!(stages[5]["name"], "Reevaluación", "{name}");

        // A stage with deals is deleted only by moving them first.
        let admin_id = user_id(&t.db, &a.admin).await;
        let ids = open_deals(
            &t.db,
            &a,
            &[("Uno", 10_000, 0, admin_id), ("Dos", 20_000, 0, admin_id)],
        )
        .await;
        let first_s = first.to_string();
        let held = call(&router, &admin, "/api/delete_stage", &[("id", &first_s)]).await;
        refused(&held, "move_to", "has_deals", name);
        let foreign_stage = {
            let mut conn = t.db.read().await.unwrap();
            pipelines::list(&mut conn.ex(), other.id).await.unwrap()[0].stages[0].id
        };
        let elsewhere = call(
            &router,
            &admin,
            "/api/delete_stage",
            &[("id", &first_s), ("move_to", &foreign_stage.to_string())],
        )
        .await;
        refused(&elsewhere, "move_to", "not_found", name);
        let foreign = call(
            &router,
            &stranger,
            "/api/delete_stage",
            &[("id", &first_s), ("move_to", &second.to_string())],
        )
        .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{name}");
        let deleted = call(
            &router,
            &admin,
            "/api/delete_stage",
            &[("id", &first_s), ("move_to", &second.to_string())],
        )
        .await;
        assert_eq!(deleted.status, StatusCode::OK, "{name}: {}", deleted.body);
        let stages = stages_of(&settings().await, 0);
        assert_eq!(stages.len(), 5, "{name}");
        assert!(stages.iter().all(|s| s["id"] != first), "{name}: hidden");
        let mut conn = t.db.read().await.unwrap();
        for id in &ids {
            let (stage, version) = deals::stage_and_version(&mut conn.ex(), a.id, *id)
                .await
                .unwrap();
            assert_eq!(stage, second, "{name}: moved");
            assert_eq!(version, 2, "{name}: one change");
            assert_eq!(
                deals::event_count(&mut conn.ex(), a.id, *id).await.unwrap(),
                2,
                "{name}: created + stage changed"
            );
        }
        drop(conn);
        aggregates_exact(&t.db, a.id).await;
        let counts = call(&router, &admin, "/api/pipeline_settings", &[])
            .await
            .json();
        let moved_count = counts["deal_counts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c[0] == second)
            .map(|c| c[1].clone());
        assert_eq!(moved_count, Some(Value::from(2)), "{name}");

        // Pipelines: added with the default stages, named once, made the
        // default; one with deals is kept; the last one too.
        let made = call(
            &router,
            &admin,
            "/api/save_pipeline",
            &[("name", "Renovaciones")],
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let twice = call(
            &router,
            &admin,
            "/api/save_pipeline",
            &[("name", "RENOVACIONES")],
        )
        .await;
        refused(&twice, "pipeline_name", "taken", name);
        let now = settings().await;
        assert_eq!(now["pipelines"].as_array().unwrap().len(), 2, "{name}");
        assert_eq!(stages_of(&now, 1).len(), 5, "{name}: default stages");
        let renewals = now["pipelines"][1]["id"].as_i64().unwrap().to_string();
        let default = call(
            &router,
            &admin,
            "/api/default_pipeline",
            &[("id", &renewals)],
        )
        .await;
        assert_eq!(default.status, StatusCode::OK, "{name}: {}", default.body);
        let now = settings().await;
        assert_eq!(now["pipelines"][0]["is_default"], false, "{name}");
        assert_eq!(now["pipelines"][1]["is_default"], true, "{name}");
        let with_deals = call(&router, &admin, "/api/delete_pipeline", &[("id", &pid)]).await;
        refused(&with_deals, "pipeline", "has_deals", name);
        let gone = call(
            &router,
            &admin,
            "/api/delete_pipeline",
            &[("id", &renewals)],
        )
        .await;
        assert_eq!(gone.status, StatusCode::OK, "{name}: {}", gone.body);
        let now = settings().await;
        assert_eq!(now["pipelines"].as_array().unwrap().len(), 1, "{name}");
        assert_eq!(
            now["pipelines"][0]["is_default"], true,
            "{name}: default again"
        );
        let again = call(
            &router,
            &admin,
            "/api/save_pipeline",
            &[("name", "Renovaciones")],
        )
        .await;
        assert_eq!(
            again.status,
            StatusCode::OK,
            "{name}: the name is free again: {}",
            again.body
        );

        // Only whoever configures the pipeline.
        let denied = call(
            &router,
            &seller,
            "/api/save_stage",
            &[
                ("pipeline_id", &pid),
                ("name", "X"),
                ("color", "#000000"),
                ("probability", "1"),
                ("rotting_days", ""),
            ],
        )
        .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{name}");

        // All of it is in the account history, newest first.
        let history = call(
            &router,
            &admin,
            "/api/account_history",
            &[("query[entity]", "stage")],
        )
        .await;
        assert_eq!(history.status, StatusCode::OK, "{name}: {}", history.body);
        let actions: Vec<String> = history.json()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            actions,
            ["deleted", "moved", "updated", "created"],
            "{name}"
        );
        let deal_moves = call(
            &router,
            &admin,
            "/api/account_history",
            &[("query[entity]", "deal")],
        )
        .await
        .json();
        let first_entry = &deal_moves["entries"][0];
        assert_eq!(first_entry["action"], "stage_changed", "{name}");
        assert_eq!(
            first_entry["particulars"], "Primer contacto → Calificado",
            "{name}: the deleted stage is still named"
        );
    }
}

#[tokio::test]
async fn users_and_roles_are_managed_and_deactivation_takes_effect_at_once() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Equipo", "estandar").await;
        let other = account(&t.db, "EquipoAjeno", "estandar").await;
        let router = router(&t.db);
        let admin = login(&router, &a.admin).await;
        let manager = login(&router, &a.gerente).await;
        let stranger = login(&router, &other.admin).await;

        let made = call(
            &router,
            &admin,
            "/api/create_user",
            &[
                ("name", "Nora Nueva"),
                ("user_email", "Nora@Equipo.mx"),
                ("password", "contraseña1"),
                ("role", "vendedor"),
            ],
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let bad = call(
            &router,
            &admin,
            "/api/create_user",
            &[
                ("name", ""),
                ("user_email", "nora@equipo.mx"),
                ("password", "corta"),
                ("role", "jefe"),
            ],
        )
        .await;
        for (field, code) in [
            ("name", "required"),
            ("user_email", "taken"),
            ("password", "too_short"),
            ("role", "unknown_role"),
        ] {
            refused(&bad, field, code, name);
        }
        let nora = login_from(&router, "nora@equipo.mx", "contraseña1", "10.0.0.2").await;
        assert_eq!(nora.status, StatusCode::OK, "{name}: the new user signs in");
        let nora_cookie = nora.cookie("embudo_session").unwrap();
        let nora_id = user_id(&t.db, "nora@equipo.mx").await.to_string();
        let token = provision::create_token(&t.db, "nora@equipo.mx", "n")
            .await
            .unwrap();
        assert_eq!(
            send(&router, get("/api/v1/pipelines", None, Some(&token)))
                .await
                .status,
            StatusCode::OK,
            "{name}"
        );

        // Roles: custom ones with permissions; built-in ones fixed.
        let roles = || async { call(&router, &admin, "/api/list_roles", &[]).await.json() };
        let role_id = |roles: &Value, role: &str| {
            roles
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == role)
                .map(|r| r["id"].as_i64().unwrap().to_string())
        };
        let saved = call(
            &router,
            &admin,
            "/api/save_role",
            &[
                ("role_name", "Coordinador"),
                ("permissions[crm.dashboard.view]", "on"),
                ("permissions[crm.deals.view_all]", "on"),
            ],
        )
        .await;
        assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);
        let all = roles().await;
        let coordinador = role_id(&all, "Coordinador").unwrap();
        let row = all
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "Coordinador")
            .unwrap()
            .clone();
        assert_eq!(
            row["permissions"],
            serde_json::json!(["crm.dashboard.view", "crm.deals.view_all"]),
            "{name}"
        );
        let unknown = call(
            &router,
            &admin,
            "/api/save_role",
            &[("role_name", "Otro"), ("permissions[crm.everything]", "on")],
        )
        .await;
        refused(&unknown, "permissions", "invalid", name);
        let taken = call(
            &router,
            &admin,
            "/api/save_role",
            &[("role_name", "coordinador")],
        )
        .await;
        refused(&taken, "role_name", "taken", name);
        let admin_role = role_id(&all, "admin").unwrap();
        let fixed = call(
            &router,
            &admin,
            "/api/save_role",
            &[("id", &admin_role), ("role_name", "Dueño")],
        )
        .await;
        refused(&fixed, "role_name", "builtin", name);

        // A role given: the dashboard opens for Nora at once.
        assert_eq!(
            call(&router, &nora_cookie, "/api/dashboard", &[])
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{name}"
        );
        let given = call(
            &router,
            &admin,
            "/api/set_user_role",
            &[("id", &nora_id), ("role_id", &coordinador)],
        )
        .await;
        assert_eq!(given.status, StatusCode::OK, "{name}: {}", given.body);
        assert_eq!(
            call(&router, &nora_cookie, "/api/dashboard", &[])
                .await
                .status,
            StatusCode::OK,
            "{name}"
        );
        let admin_id = user_id(&t.db, &a.admin).await.to_string();
        let own = call(
            &router,
            &admin,
            "/api/set_user_role",
            &[("id", &admin_id), ("role_id", &coordinador)],
        )
        .await;
        refused(&own, "role", "own", name);
        let in_use = call(&router, &admin, "/api/delete_role", &[("id", &coordinador)]).await;
        refused(&in_use, "role", "in_use", name);
        let foreign = call(
            &router,
            &stranger,
            "/api/set_user_role",
            &[("id", &nora_id), ("role_id", &coordinador)],
        )
        .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{name}");
        assert_eq!(
            call(
                &router,
                &manager,
                "/api/create_user",
                &[
                    ("name", "X"),
                    ("user_email", "x@equipo.mx"),
                    ("password", "contraseña1"),
                    ("role", "admin")
                ]
            )
            .await
            .status,
            StatusCode::FORBIDDEN,
            "{name}"
        );

        // Deactivated: her session and token stop now; reactivated, she
        // signs in again, the token stays revoked.
        let off = call(
            &router,
            &admin,
            "/api/set_user_active",
            &[("id", &nora_id), ("active", "false")],
        )
        .await;
        assert_eq!(off.status, StatusCode::OK, "{name}: {}", off.body);
        assert_eq!(
            call(&router, &nora_cookie, "/api/dashboard", &[])
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "{name}"
        );
        assert_eq!(
            send(&router, get("/api/v1/pipelines", None, Some(&token)))
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "{name}"
        );
        assert_eq!(
            login_from(&router, "nora@equipo.mx", "contraseña1", "10.0.0.3")
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "{name}: no sign-in"
        );
        let self_off = call(
            &router,
            &admin,
            "/api/set_user_active",
            &[("id", &admin_id), ("active", "false")],
        )
        .await;
        refused(&self_off, "user", "own", name);
        let on = call(
            &router,
            &admin,
            "/api/set_user_active",
            &[("id", &nora_id), ("active", "true")],
        )
        .await;
        assert_eq!(on.status, StatusCode::OK, "{name}: {}", on.body);
        assert_eq!(
            login_from(&router, "nora@equipo.mx", "contraseña1", "10.0.0.4")
                .await
                .status,
            StatusCode::OK,
            "{name}"
        );
        assert_eq!(
            send(&router, get("/api/v1/pipelines", None, Some(&token)))
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "{name}: revoked"
        );

        // The role is deleted once nobody holds it.
        let vendedor = role_id(&all, "vendedor").unwrap();
        call(
            &router,
            &admin,
            "/api/set_user_role",
            &[("id", &nora_id), ("role_id", &vendedor)],
        )
        .await;
        let dropped = call(&router, &admin, "/api/delete_role", &[("id", &coordinador)]).await;
        assert_eq!(dropped.status, StatusCode::OK, "{name}: {}", dropped.body);
        assert!(role_id(&roles().await, "Coordinador").is_none(), "{name}");
        let role_log = call(
            &router,
            &admin,
            "/api/account_history",
            &[("query[entity]", "role")],
        )
        .await
        .json();
        let created = &role_log["entries"][1];
        assert_eq!(
            (created["action"].as_str(), created["subject"].as_str()),
            (Some("created"), Some("Coordinador")),
            "{name}"
        );
        assert_eq!(
            created["fields"],
            serde_json::json!(["crm.dashboard.view", "crm.deals.view_all"]),
            "{name}: what it grants"
        );

        let users = call(
            &router,
            &admin,
            "/api/account_history",
            &[("query[entity]", "user")],
        )
        .await
        .json();
        let actions: Vec<&str> = users["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            [
                "role_changed",
                "activated",
                "deactivated",
                "role_changed",
                "created"
            ],
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_account_time_zone_moves_the_dashboard_days_and_the_currency_waits_for_no_deals() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Zona", "estandar").await;
        let empty = account(&t.db, "ZonaVacia", "estandar").await;
        let router = router(&t.db);
        let admin = login(&router, &a.admin).await;
        let manager = login(&router, &a.gerente).await;
        let admin_id = user_id(&t.db, &a.admin).await;
        // Created at 05:30 UTC: 23:30 the day before in Mexico City, 00:30
        // the same day in Bogotá.
        let created_at = 1_767_245_400_000;
        let stage_id = {
            let mut conn = t.db.read().await.unwrap();
            pipelines::list(&mut conn.ex(), a.id).await.unwrap()[0].stages[0].id
        };
        let deal = deals::NewDeal {
            title: "Medianoche".into(),
            value_minor: 10_000,
            currency: None,
            stage_id,
            owner_id: admin_id,
            created_at,
            won_at: None,
            lost_at: None,
            lost_reason_id: None,
        };
        let mut tx = t.db.begin().await.unwrap();
        deals::create(&mut tx.ex(), a.id, TZ, admin_id, &deal, created_at)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let save = |cookie: &str, name: &str, currency: &str, zone: &str| {
            let req = server_fn(
                "/api/save_account",
                &[
                    ("account_name", name),
                    ("currency", currency),
                    ("time_zone", zone),
                ],
                Some(cookie),
            );
            let router = router.clone();
            async move { send(&router, req).await }
        };
        let bad = save(&admin, "", "XXX", "Marte/Olympus").await;
        for (field, code) in [
            ("account_name", "required"),
            ("currency", "invalid_currency"),
            ("time_zone", "invalid_time_zone"),
        ] {
            refused(&bad, field, code, name);
        }
        refused(
            &save(&admin, "Zona", "USD", "America/Mexico_City").await,
            "currency",
            "has_deals",
            name,
        );
        assert_eq!(
            save(&manager, "Zona", "MXN", "America/Bogota").await.status,
            StatusCode::FORBIDDEN,
            "{name}"
        );
        let saved = save(&admin, "Zona Norte", "MXN", "America/Bogota").await;
        assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);
        let info = call(&router, &admin, "/api/session_info", &[]).await.json();
        assert_eq!(info["account_name"], "Zona Norte", "{name}");
        assert_eq!(info["time_zone"], "America/Bogota", "{name}");
        let mut conn = t.db.read().await.unwrap();
        let stored = deal_stats::load(&mut conn.ex(), a.id).await.unwrap();
        let bogota = deal_stats::recompute(&mut conn.ex(), a.id, chrono_tz::America::Bogota)
            .await
            .unwrap();
        assert_eq!(
            deal_stats::differences(&stored, &bogota),
            Vec::<String>::new(),
            "{name}"
        );
        let mexico = deal_stats::recompute(&mut conn.ex(), a.id, TZ)
            .await
            .unwrap();
        assert_ne!(
            deal_stats::differences(&stored, &mexico),
            Vec::<String>::new(),
            "{name}: the days moved"
        );
        drop(conn);

        // An account without deals may change its currency.
        let empty_admin = login(&router, &empty.admin).await;
        let usd = save(&empty_admin, "Vacía", "usd", "America/Mexico_City").await;
        assert_eq!(usd.status, StatusCode::OK, "{name}: {}", usd.body);
        let info = call(&router, &empty_admin, "/api/session_info", &[])
            .await
            .json();
        assert_eq!(info["currency"], "USD", "{name}");

        let history = call(
            &router,
            &admin,
            "/api/account_history",
            &[("query[entity]", "account")],
        )
        .await
        .json();
        assert_eq!(
            history["entries"].as_array().unwrap().len(),
            1,
            "{name}: only this account's"
        );
        assert_eq!(
            history["entries"][0]["subject"], "Zona Norte · MXN · America/Bogota",
            "{name}"
        );
        let filtered = call(
            &router,
            &admin,
            "/api/account_history",
            &[
                ("query[user]", &admin_id.to_string()),
                ("query[from]", "2020-01-01"),
                ("query[to]", "2099-12-31"),
            ],
        )
        .await
        .json();
        assert!(
            !filtered["entries"].as_array().unwrap().is_empty(),
            "{name}"
        );
        let wrong = call(
            &router,
            &admin,
            "/api/account_history",
            &[("query[entity]", "planet"), ("query[from]", "ayer")],
        )
        .await;
        refused(&wrong, "entity", "invalid", name);
        refused(&wrong, "from", "invalid_date", name);
    }
}

#[tokio::test]
async fn an_organization_page_and_the_history_tell_what_was_done_to_it() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Historia", "estandar").await;
        let router = router(&t.db);
        let boss = login(&router, &a.gerente).await;
        let admin = login(&router, &a.admin).await;
        let made = call(
            &router,
            &boss,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("fields[name]", "Aceros del Norte"),
            ],
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let url: String = serde_json::from_str(&made.body).unwrap();
        let id = url.rsplit('/').next().unwrap().to_string();
        let edited = call(
            &router,
            &boss,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("id", &id),
                ("fields[name]", "Aceros del Norte SA"),
            ],
        )
        .await;
        assert_eq!(edited.status, StatusCode::OK, "{name}: {}", edited.body);
        let page = call(&router, &boss, "/api/get_organization", &[("id", &id)])
            .await
            .json();
        let history: Vec<(String, String)> = page["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["action"].as_str().unwrap().into(),
                    c["detail"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(
            history,
            [
                ("updated".to_string(), "Aceros del Norte SA".to_string()),
                ("created".into(), "Aceros del Norte".into())
            ],
            "{name}"
        );
        assert_eq!(page["history"][0]["actor"], "Usuario gerente", "{name}");
        assert_eq!(
            page["history"][0]["fields"],
            serde_json::json!(["name"]),
            "{name}: only the name changed"
        );
        let tagged = call(
            &router,
            &boss,
            "/api/save_record",
            &[
                ("kind", "Organization"),
                ("id", &id),
                ("fields[phone]", "55 1234 5678"),
                ("fields[tags]", "vip"),
            ],
        )
        .await;
        assert_eq!(tagged.status, StatusCode::OK, "{name}: {}", tagged.body);
        let page = call(&router, &boss, "/api/get_organization", &[("id", &id)])
            .await
            .json();
        assert_eq!(
            page["history"][0]["fields"],
            serde_json::json!(["phone", "tags"]),
            "{name}"
        );
        let gone = call(
            &router,
            &boss,
            "/api/delete_record",
            &[("kind", "Organization"), ("id", &id)],
        )
        .await;
        assert_eq!(gone.status, StatusCode::OK, "{name}: {}", gone.body);
        let log = call(
            &router,
            &admin,
            "/api/account_history",
            &[("query[entity]", "organization")],
        )
        .await
        .json();
        let entries = log["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 4, "{name}");
        assert_eq!(entries[0]["action"], "deleted", "{name}");
        assert_eq!(
            entries[0]["href"],
            Value::Null,
            "{name}: no link to what is gone"
        );
        assert_eq!(entries[1]["href"], format!("/clientes/{id}"), "{name}");
    }
}

#[tokio::test]
async fn passwords_are_changed_by_their_owner_and_reset_by_an_admin() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Claves", "estandar").await;
        let other = account(&t.db, "ClavesAjena", "estandar").await;
        let router = router(&t.db);
        let admin = login(&router, &a.admin).await;
        let stranger = login(&router, &other.admin).await;
        let here = login(&router, &a.vendedor).await;
        let elsewhere = login_from(&router, &a.vendedor, PASSWORD, "10.0.0.9")
            .await
            .cookie("embudo_session")
            .unwrap();

        // Her own: the current one must be right, the new one long enough.
        let wrong = call(
            &router,
            &here,
            "/api/change_password",
            &[("current_password", "no-es"), ("new_password", "corta")],
        )
        .await;
        refused(&wrong, "current_password", "wrong_password", name);
        refused(&wrong, "new_password", "too_short", name);
        let changed = call(
            &router,
            &here,
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "nueva-clave-1"),
            ],
        )
        .await;
        assert!(
            changed.status.is_success() || changed.status.is_redirection(),
            "{name}: {}",
            changed.body
        );
        assert_eq!(
            call(&router, &here, "/api/list_pipelines", &[])
                .await
                .status,
            StatusCode::OK,
            "{name}: this session stays"
        );
        assert_eq!(
            call(&router, &elsewhere, "/api/list_pipelines", &[])
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "{name}: the others end"
        );
        assert_eq!(
            login_from(&router, &a.vendedor, PASSWORD, "10.0.0.10")
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "{name}: the old one is gone"
        );
        assert_eq!(
            login_from(&router, &a.vendedor, "nueva-clave-1", "10.0.0.11")
                .await
                .status,
            StatusCode::OK,
            "{name}"
        );

        // Forgotten: an admin of her account sets a new one; her sessions end.
        let seller_id = user_id(&t.db, &a.vendedor).await.to_string();
        let foreign = call(
            &router,
            &stranger,
            "/api/reset_password",
            &[("id", &seller_id), ("password", "robada-123")],
        )
        .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{name}");
        let short = call(
            &router,
            &admin,
            "/api/reset_password",
            &[("id", &seller_id), ("password", "corta")],
        )
        .await;
        refused(&short, "password", "too_short", name);
        let reset = call(
            &router,
            &admin,
            "/api/reset_password",
            &[("id", &seller_id), ("password", "otra-clave-2")],
        )
        .await;
        assert_eq!(reset.status, StatusCode::OK, "{name}: {}", reset.body);
        assert_eq!(
            call(&router, &here, "/api/list_pipelines", &[])
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "{name}"
        );
        assert_eq!(
            login_from(&router, &a.vendedor, "otra-clave-2", "10.0.0.12")
                .await
                .status,
            StatusCode::OK,
            "{name}"
        );
        let log = call(
            &router,
            &admin,
            "/api/account_history",
            &[("query[entity]", "user")],
        )
        .await
        .json();
        let actions: Vec<&str> = log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["password_reset", "password_changed"], "{name}");
    }
}
