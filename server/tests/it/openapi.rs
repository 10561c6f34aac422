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
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, methods) in paths {
        for (method, op) in methods.as_object().unwrap() {
            operations += 1;
            assert!(op["responses"]["401"].is_object(), "{method} {path}");
            let uri = format!("/api/v1{}", path.replace("{id}", "1"));
            let req = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .header(header::HOST, HOST)
                .body(Body::empty())
                .unwrap();
            let answer = send(&router, req).await;
            assert_eq!(
                answer.status,
                StatusCode::UNAUTHORIZED,
                "{method} {uri}: {}",
                answer.body
            );
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
