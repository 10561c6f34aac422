//! Mi cuenta › Tokens through the real router, on SQLite and PostgreSQL: a
//! token is shown once, works as a bearer with its user's permissions,
//! records its last use, and stops working when revoked; nobody touches
//! another user's tokens.
use crate::common::*;
use http::StatusCode;

#[tokio::test]
async fn a_token_is_created_used_listed_and_revoked() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Fichas", "estandar").await;
        let router = router(&t.db);
        let seller = login(&router, &a.vendedor).await;
        let gerente = login(&router, &a.gerente).await;

        let empty = send(
            &router,
            server_fn("/api/create_token", &[("name", "  ")], Some(&seller)),
        )
        .await;
        assert_eq!(
            empty.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            empty.body
        );
        let made = send(
            &router,
            server_fn(
                "/api/create_token",
                &[("name", "Facturación")],
                Some(&seller),
            ),
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let token: String = serde_json::from_str(&made.body).unwrap();
        assert!(token.len() >= 32, "{token}");

        let list = |cookie: String| {
            let router = router.clone();
            async move {
                send(&router, server_fn("/api/list_tokens", &[], Some(&cookie)))
                    .await
                    .json()
            }
        };
        let before = list(seller.clone()).await;
        assert_eq!(before[0]["name"], "Facturación");
        assert_eq!(before[0]["prefix"], token[..8]);
        assert!(before[0]["last_used"].is_null(), "{name}: {before}");
        // The token acts as its user: a seller lists only their own deals.
        let used = send(&router, get("/api/v1/deals", None, Some(&token))).await;
        assert_eq!(used.status, StatusCode::OK, "{name}: {}", used.body);
        let after = list(seller.clone()).await;
        assert!(after[0]["last_used"].is_string(), "{name}: {after}");
        assert!(
            !after.to_string().contains(&token),
            "the token itself is never listed"
        );
        // The gerente has no tokens and cannot revoke the seller's.
        assert_eq!(list(gerente.clone()).await, serde_json::json!([]));
        let id = after[0]["id"].as_i64().unwrap().to_string();
        let theirs = send(
            &router,
            server_fn("/api/revoke_token", &[("id", &id)], Some(&gerente)),
        )
        .await;
        assert_eq!(
            theirs.status,
            StatusCode::NOT_FOUND,
            "{name}: {}",
            theirs.body
        );
        let revoked = send(
            &router,
            server_fn("/api/revoke_token", &[("id", &id)], Some(&seller)),
        )
        .await;
        assert_eq!(revoked.status, StatusCode::OK, "{name}: {}", revoked.body);
        assert_eq!(list(seller.clone()).await[0]["revoked"], true);
        let refused = send(&router, get("/api/v1/deals", None, Some(&token))).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{name}");
        // Without a session there is nothing to list.
        let anonymous = send(&router, server_fn("/api/list_tokens", &[], None)).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn a_token_may_expire_and_a_password_reset_revokes_them_all() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Caducan", "estandar").await;
        let router = router(&t.db);
        let seller = login(&router, &a.vendedor).await;
        let bad = call(
            &router,
            &seller,
            "/api/create_token",
            &[("name", "x"), ("expires_in_days", "0")],
        )
        .await;
        refused(&bad, "expires_in_days", "invalid", name);
        let made = call(
            &router,
            &seller,
            "/api/create_token",
            &[("name", "Mensual"), ("expires_in_days", "30")],
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let monthly: String = serde_json::from_str(&made.body).unwrap();
        let forever = call(
            &router,
            &seller,
            "/api/create_token",
            &[("name", "Siempre")],
        )
        .await;
        let forever: String = serde_json::from_str(&forever.body).unwrap();
        let works = |token: String| {
            let router = router.clone();
            async move {
                send(&router, get("/api/v1/pipelines", None, Some(&token)))
                    .await
                    .status
            }
        };
        assert_eq!(works(monthly.clone()).await, StatusCode::OK, "{name}");
        // Listed with its expiry, 30 days from now in the account's zone.
        let list = call(&router, &seller, "/api/list_tokens", &[]).await.json();
        let in_30 = (chrono::Utc::now() + chrono::Duration::days(30))
            .with_timezone(&TZ)
            .format("%d/%m/%Y")
            .to_string();
        let monthly_row = &list[1];
        assert_eq!(monthly_row["name"], "Mensual", "{name}: {list}");
        let expires = monthly_row["expires"].as_str().unwrap();
        assert!(expires.starts_with(&in_30), "{name}: {monthly_row}");
        assert!(list[0]["expires"].is_null(), "{name}: {list}");
        // Past its date it stops working, and says so.
        let past = app::ssr::clock::now_ms() - 1_000;
        run_sql(
            &t.db,
            &format!("UPDATE api_tokens SET expires_at = {past} WHERE name = 'Mensual'"),
        )
        .await;
        assert_eq!(works(monthly).await, StatusCode::UNAUTHORIZED, "{name}");
        let list = call(&router, &seller, "/api/list_tokens", &[]).await.json();
        assert_eq!(list[1]["expired"], true, "{name}: {list}");
        assert_eq!(works(forever.clone()).await, StatusCode::OK, "{name}");

        // An admin's reset of the seller's password revokes their tokens.
        let admin = login(&router, &a.admin).await;
        let seller_id = user_id(&t.db, &a.vendedor).await.to_string();
        let reset = call(
            &router,
            &admin,
            "/api/reset_password",
            &[("id", &seller_id), ("password", "nueva-clave-larga")],
        )
        .await;
        assert!(
            reset.status.is_success() || reset.status.is_redirection(),
            "{name}: {}",
            reset.body
        );
        assert_eq!(works(forever).await, StatusCode::UNAUTHORIZED, "{name}");
    }
}
