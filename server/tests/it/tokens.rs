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
