//! Configuración through the real router, on SQLite and PostgreSQL: lost
//! reasons added, renamed, retired and offered again by whoever configures
//! the pipeline; a taken or empty label is named; a seller may not; another
//! account's reason is missing.
use crate::common::*;
use app::ssr::accounts::provision;
use http::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn lost_reasons_are_managed_by_whoever_configures_the_pipeline() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Motivos", "estandar").await;
        let other = account(&t.db, "MotivosAjena", "estandar").await;
        let router = router(&t.db);
        let admin = login(&router, &a.admin).await;
        let seller = login(&router, &a.vendedor).await;
        let stranger = login(&router, &other.admin).await;
        let call = |cookie: &str, path: &str, form: &[(&str, &str)]| {
            let req = server_fn(path, form, Some(cookie));
            let router = router.clone();
            async move { send(&router, req).await }
        };
        let list = |cookie: &str| {
            let req = server_fn("/api/lost_reason_settings", &[], Some(cookie));
            let router = router.clone();
            async move { send(&router, req).await }
        };
        let start = list(&admin).await.json();
        assert_eq!(start.as_array().unwrap().len(), 5, "{name}: the defaults");

        let added = call(
            &admin,
            "/api/save_lost_reason",
            &[("label", "  Precio alto ")],
        )
        .await;
        assert_eq!(added.status, StatusCode::OK, "{name}: {}", added.body);
        for (label, code) in [
            (" ", "required"),
            ("precio ALTO", "taken"),
            (&"x".repeat(81), "too_long"),
        ] {
            let bad = call(&admin, "/api/save_lost_reason", &[("label", label)]).await;
            assert_eq!(
                bad.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}: {label}"
            );
            assert!(bad.body.contains(code), "{name}: {code} in {}", bad.body);
        }
        let all = list(&admin).await.json();
        let last = &all.as_array().unwrap()[5];
        assert_eq!(last["label"], "Precio alto", "{name}: trimmed, last");
        assert_eq!(last["active"], true, "{name}");
        let id = last["id"].to_string();

        // Renamed and retired: no longer offered (the REST list is the
        // offered ones), still in the settings.
        let retired = call(
            &admin,
            "/api/save_lost_reason",
            &[("id", &id), ("label", "Precio demasiado alto")],
        )
        .await;
        assert_eq!(retired.status, StatusCode::OK, "{name}: {}", retired.body);
        let token = provision::create_token(&t.db, &a.admin, "m").await.unwrap();
        let offered = send(&router, get("/api/v1/lost-reasons", None, Some(&token)))
            .await
            .json();
        let labels: Vec<&str> = offered["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["label"].as_str().unwrap_or_default())
            .collect();
        assert!(
            !labels.contains(&"Precio demasiado alto"),
            "{name}: {labels:?}"
        );
        let all = list(&admin).await.json();
        assert_eq!(all[5]["label"], "Precio demasiado alto", "{name}");
        assert_eq!(all[5]["active"], Value::Bool(false), "{name}");
        call(
            &admin,
            "/api/save_lost_reason",
            &[
                ("id", &id),
                ("label", "Precio demasiado alto"),
                ("active", "on"),
            ],
        )
        .await;
        assert_eq!(
            list(&admin).await.json()[5]["active"],
            true,
            "{name}: offered again"
        );

        // Only for whoever configures the pipeline, and only their account's.
        assert_eq!(list(&seller).await.status, StatusCode::FORBIDDEN, "{name}");
        let refused = call(&seller, "/api/save_lost_reason", &[("label", "Mío")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name}");
        let foreign = call(
            &stranger,
            "/api/save_lost_reason",
            &[("id", &id), ("label", "Robado"), ("active", "on")],
        )
        .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{name}");
        assert_eq!(
            list(&admin).await.json()[5]["label"],
            "Precio demasiado alto",
            "{name}"
        );
    }
}
