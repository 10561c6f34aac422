//! The OpenAPI document and the docs page through the real router: every
//! documented operation exists (it asks for credentials instead of
//! answering 404/405), and the page lists them all without signing in.
use crate::common::*;
use axum::body::Body;
use http::{Request, StatusCode, header};

#[tokio::test]
async fn every_documented_operation_exists_and_the_docs_page_lists_it() {
    let t = sqlite().await;
    let router = router(&t.db);
    let res = send(&router, get("/api/v1/openapi.json", None, None)).await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["paths"]["/deals/{id}/move"]["post"]["operationId"], "post_deals__id__move",
        "operation ids are method and path"
    );
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, methods) in paths {
        for (method, op) in methods.as_object().unwrap() {
            operations += 1;
            // A customer's link needs no credential: an unknown one is
            // not found.
            let public = path.starts_with("/public/");
            assert_eq!(
                op["responses"]["401"].is_object(),
                !public,
                "{method} {path}"
            );
            let uri = format!("/api/v1{}", path.replace("{id}", "1"));
            // A customer's answer is read before its link is looked up.
            let body = match (public, method.as_str()) {
                (true, "post") => r#"{"name": "Cliente"}"#,
                _ => "",
            };
            let req = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .unwrap();
            let answer = send(&router, req).await;
            let want = if public {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::UNAUTHORIZED
            };
            assert_eq!(answer.status, want, "{method} {uri}: {}", answer.body);
        }
    }
    assert!(operations >= 25, "{operations} operations");
    for schema in ["Deal", "DealCreate", "Dashboard", "Error", "ImportReport"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }

    let page = send(&router, get("/api/docs", None, None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Documentación de la API"),
        "Spanish by default"
    );
    for needle in [
        "/api/v1/deals/{id}/move",
        "/api/v1/import/deals",
        "/api/v1/dashboard",
        "schema-DealLost",
    ] {
        assert!(page.body.contains(needle), "{needle}");
    }
    assert!(
        !page.body.contains("<script src=\"http"),
        "no outside assets"
    );
}

/// The names of a schema's properties, and of the required ones (those of
/// the parts a flattened body is made of included).
fn properties(doc: &serde_json::Value, schema: &str) -> (Vec<String>, Vec<String>) {
    fn walk(s: &serde_json::Value, names: &mut Vec<String>, required: &mut Vec<String>) {
        for part in s["allOf"].as_array().into_iter().flatten() {
            walk(part, names, required);
        }
        names.extend(
            s["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k.clone()),
        );
        required.extend(
            s["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from)),
        );
    }
    let (mut names, mut required) = (vec![], vec![]);
    walk(
        &doc["components"]["schemas"][schema],
        &mut names,
        &mut required,
    );
    assert!(!names.is_empty(), "{schema} has properties");
    names.sort();
    required.sort();
    (names, required)
}

#[tokio::test]
async fn answers_have_exactly_the_documented_fields() {
    let t = sqlite().await;
    let a = account(&t.db, "Documento", "estandar").await;
    let token = app::ssr::accounts::provision::create_token(&t.db, &a.admin, "doc")
        .await
        .unwrap();
    let router = router(&t.db);
    let doc = send(&router, get("/api/v1/openapi.json", None, None))
        .await
        .json();
    if std::env::var("EMBUDO_DUMP_OPENAPI").is_ok() {
        std::fs::write("/tmp/openapi.json", doc.to_string()).unwrap();
    }
    let stage = stage_ids(&t.db, a.id).await[0];
    let created = [
        (
            "/api/v1/deals",
            serde_json::json!({"title": "Licencias", "value": "1500.50", "stage_id": stage}),
            "Deal",
        ),
        (
            "/api/v1/organizations",
            serde_json::json!({"name": "Acme", "tags": "vip"}),
            "Organization",
        ),
        (
            "/api/v1/contacts",
            serde_json::json!({"name": "Luisa", "organization": "Acme"}),
            "Contact",
        ),
        (
            "/api/v1/activities",
            serde_json::json!({"kind": "call", "subject": "Llamar", "due_at": "2026-12-01T10:00:00Z"}),
            "Activity",
        ),
    ];
    for (path, body, schema) in created {
        let answer = send(&router, with_token("POST", path, &token, Some(body))).await;
        assert_eq!(
            answer.status,
            StatusCode::CREATED,
            "{path}: {}",
            answer.body
        );
        let mut keys: Vec<String> = answer.json().as_object().unwrap().keys().cloned().collect();
        keys.sort();
        let (names, required) = properties(&doc, schema);
        assert_eq!(
            keys, names,
            "{schema}: the answer's fields are the documented ones"
        );
        assert_eq!(required, names, "{schema}: every field is always there");
    }
    let (names, required) = properties(&doc, "DealCreate");
    assert_eq!(required, ["stage_id", "title", "value"]);
    assert!(names.contains(&"expected_close_date".to_string()));
    let (_, required) = properties(&doc, "DealUpdate");
    assert_eq!(required, ["version"], "a PATCH sends only what changes");
}
