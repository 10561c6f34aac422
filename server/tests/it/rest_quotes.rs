//! Quotes and notas de venta through `/api/v1` on SQLite and PostgreSQL:
//! a draft of a deal, changed and its lines replaced at the version read
//! (409 when it moved, 422 with the field), sent (then frozen), answered
//! through the customer's link with no sign-in (once), accepted by the
//! seller, its nota de venta issued once and read; a deal's own note
//! refused until it is won; another account's quote is not found and not
//! listed.
use crate::common::*;
use http::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn quotes_go_from_draft_to_nota_de_venta_through_the_api() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Api cotiza", "estandar").await;
        let other = account(&t.db, "Api ajena", "estandar").await;
        let router = router(&t.db);
        let token = app::ssr::accounts::provision::create_token(&t.db, &a.admin, "q")
            .await
            .unwrap();
        let theirs = app::ssr::accounts::provision::create_token(&t.db, &other.admin, "o")
            .await
            .unwrap();
        let rest = |method: &'static str, path: String, body: Option<Value>| {
            let (router, token) = (router.clone(), token.clone());
            async move { send(&router, with_token(method, &path, &token, body)).await }
        };
        let owner = user_id(&t.db, &a.gerente).await;
        let deals = open_deals(
            &t.db,
            &a,
            &[
                ("Con cotización", 1_000, 0, owner),
                ("Otra", 1_000, 0, owner),
            ],
        )
        .await;
        let put = rest(
            "PUT",
            format!("/api/v1/deals/{}/lines", deals[0]),
            Some(json!({"version": 1, "lines": [
                {"description": "Puerta", "quantity": "2", "unit_price": "4500", "iva": "16"}
            ]})),
        )
        .await;
        assert_eq!(put.status, StatusCode::OK, "{name}: {}", put.body);

        // A draft with the deal's lines.
        let made = rest(
            "POST",
            "/api/v1/quotes".into(),
            Some(json!({"deal_id": deals[0]})),
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{name}: {}", made.body);
        let q = made.json();
        let id = q["id"].as_i64().unwrap();
        assert_eq!(
            (
                &q["state"],
                &q["version"],
                &q["total"],
                &q["lines"][0]["description"]
            ),
            (
                &json!("draft"),
                &json!(1),
                &json!("10440.00"),
                &json!("Puerta")
            ),
            "{name}: {q}"
        );
        assert!(q["folio"].as_str().unwrap().starts_with("COT-"), "{name}");
        let missing = rest("POST", "/api/v1/quotes".into(), Some(json!({}))).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(missing.json()["error"]["fields"]["deal_id"], "required");

        // Changed at the version read.
        let path = format!("/api/v1/quotes/{id}");
        let stale = rest(
            "PATCH",
            path.clone(),
            Some(json!({"version": 7, "notes": "x"})),
        )
        .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{name}: {}", stale.body);
        let changed = rest(
            "PATCH",
            path.clone(),
            Some(json!({"version": 1, "notes": "Precios con IVA", "terms": "Contado"})),
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK, "{name}: {}", changed.body);
        let version = changed.json()["version"].as_i64().unwrap();
        assert_eq!(changed.json()["notes"], "Precios con IVA", "{name}");
        let lines = format!("/api/v1/quotes/{id}/lines");
        let bad = rest(
            "PUT",
            lines.clone(),
            Some(json!({"version": version, "lines": [{"description": "x", "quantity": "-1", "unit_price": "1"}]})),
        )
        .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            bad.body
        );
        assert!(
            bad.json()["error"]["fields"]["lines.0.quantity"].is_string(),
            "{name}: {}",
            bad.body
        );
        let good = rest(
            "PUT",
            lines.clone(),
            Some(json!({"version": version, "lines": [
                {"description": "Puerta", "quantity": "1", "unit_price": "4500", "iva": "16"},
                {"description": "Instalación", "unit_price": "1200", "iva": "exempt"}
            ]})),
        )
        .await;
        assert_eq!(good.status, StatusCode::OK, "{name}: {}", good.body);
        let q = good.json();
        assert_eq!(
            (&q["subtotal"], &q["iva"], &q["total"]),
            (&json!("5700.00"), &json!("720.00"), &json!("6420.00")),
            "{name}"
        );

        // Sent: frozen, with the customer's link; mailing needs a relay.
        let step = |what: &'static str, body: Value| {
            rest("POST", format!("/api/v1/quotes/{id}/{what}"), Some(body))
        };
        let version = q["version"].as_i64().unwrap();
        let mailed = step("send", json!({"version": version, "email": true})).await;
        assert_eq!(
            mailed.json()["error"]["fields"]["email"],
            "not_configured",
            "{name}"
        );
        let sent = step("send", json!({"version": version})).await;
        assert_eq!(sent.status, StatusCode::OK, "{name}: {}", sent.body);
        let q = sent.json();
        assert_eq!(q["state"], "sent", "{name}");
        let link = q["public_url"].as_str().unwrap().to_string();
        let frozen = rest(
            "PATCH",
            path.clone(),
            Some(json!({"version": q["version"], "notes": "y"})),
        )
        .await;
        assert_eq!(
            frozen.json()["error"]["fields"]["state"],
            "frozen",
            "{name}"
        );

        // The customer answers through the link, with no credential, once.
        let token_part = link.rsplit('/').next().unwrap();
        let public = |what: &str, body: Value| {
            let path = format!("/api/v1/public/quotes/{token_part}/{what}");
            let router = router.clone();
            async move { send(&router, anonymous_post(&path, body)).await }
        };
        let nameless = public("reject", json!({})).await;
        assert_eq!(
            nameless.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            nameless.body
        );
        let rejected = public(
            "reject",
            json!({"name": "Mónica Reyes", "comment": "Muy caro"}),
        )
        .await;
        assert_eq!(
            rejected.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            rejected.body
        );
        let again = public("accept", json!({"name": "Mónica Reyes"})).await;
        assert_eq!(
            again.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            again.body
        );
        let q = rest("GET", path.clone(), None).await.json();
        assert_eq!(
            (&q["state"], &q["decided_by"], &q["decision_comment"]),
            (
                &json!("rejected"),
                &json!("Mónica Reyes"),
                &json!("Muy caro")
            ),
            "{name}"
        );

        // A second quote, accepted by the seller, gives its note once.
        let made = rest(
            "POST",
            "/api/v1/quotes".into(),
            Some(json!({"deal_id": deals[0]})),
        )
        .await;
        let second = made.json()["id"].as_i64().unwrap();
        let step2 = |what: &'static str, body: Value| {
            rest(
                "POST",
                format!("/api/v1/quotes/{second}/{what}"),
                Some(body),
            )
        };
        let sent = step2("send", json!({"version": 1})).await;
        assert_eq!(sent.status, StatusCode::OK, "{name}: {}", sent.body);
        let accepted = step2(
            "accept",
            json!({"version": sent.json()["version"], "name": "Por teléfono"}),
        )
        .await;
        assert_eq!(accepted.status, StatusCode::OK, "{name}: {}", accepted.body);
        assert_eq!(accepted.json()["state"], "accepted", "{name}");
        let note = step2("sale-note", json!({})).await;
        assert_eq!(note.status, StatusCode::CREATED, "{name}: {}", note.body);
        let n = note.json();
        assert!(n["folio"].as_str().unwrap().starts_with("NV-"), "{name}");
        assert_eq!(
            (&n["quote_id"], &n["total"], &n["billing"]["payment_method"]),
            (&json!(second), &json!("10440.00"), &json!("PUE")),
            "{name}"
        );
        let twice = step2("sale-note", json!({})).await;
        assert_eq!(
            twice.json()["error"]["fields"]["quote"],
            "has_note",
            "{name}"
        );
        let read = rest("GET", format!("/api/v1/sale-notes/{}", n["id"]), None).await;
        assert_eq!(read.json(), n, "{name}");
        assert_eq!(
            rest("GET", format!("/api/v1/quotes/{second}"), None)
                .await
                .json()["sale_note_id"],
            n["id"],
            "{name}"
        );
        let unwon = rest(
            "POST",
            format!("/api/v1/deals/{}/sale-note", deals[1]),
            None,
        )
        .await;
        assert_eq!(
            unwon.json()["error"]["fields"]["status"],
            "not_won",
            "{name}: {}",
            unwon.body
        );

        // The list, by state; another account sees none of it.
        let listed = rest("GET", "/api/v1/quotes?state=accepted".into(), None)
            .await
            .json();
        let ids: Vec<i64> = listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [second], "{name}");
        let all = rest("GET", "/api/v1/quotes?limit=1".into(), None)
            .await
            .json();
        assert_eq!(all["items"][0]["id"], id, "{name}: id order");
        assert_eq!(all["next"], id.to_string(), "{name}");
        let page2 = rest("GET", format!("/api/v1/quotes?limit=1&cursor={id}"), None)
            .await
            .json();
        assert_eq!(
            (page2["items"][0]["id"].as_i64(), &page2["next"]),
            (Some(second), &Value::Null),
            "{name}"
        );
        let bad = rest("GET", "/api/v1/quotes?state=eterno".into(), None).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let foreign = send(&router, with_token("GET", &path, &theirs, None)).await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{name}");
        let none = send(&router, with_token("GET", "/api/v1/quotes", &theirs, None)).await;
        assert_eq!(none.json()["items"], json!([]), "{name}");
    }
}
