//! The pages themselves through the real router, on SQLite and PostgreSQL:
//! a page that cannot be shown answers with the status of its error (a
//! missing or foreign record 404, a wrong filter 422, a plan without the
//! CRM or a role without the right 403), its message in Spanish, and a
//! page that can be shown answers 200 with its records.
use crate::common::*;
use crate::rest_directory::add;
use http::StatusCode;

/// A browser's GET of the page at `path` (as `cookie`, when given).
fn browse(path: &str, cookie: Option<&str>) -> http::Request<axum::body::Body> {
    let mut req = get(path, cookie, None);
    req.headers_mut()
        .insert(http::header::ACCEPT, "text/html".parse().unwrap());
    req
}

/// The page at `path` as `cookie` sees it.
async fn page(router: &axum::Router, cookie: &str, path: &str) -> Answer {
    send(router, browse(path, Some(cookie))).await
}

/// The id of the organization named `name`, from the list's answer.
async fn organization_id(router: &axum::Router, cookie: &str, name: &str) -> i64 {
    let list = call(
        router,
        cookie,
        "/api/list_organizations",
        &[("query[q]", name)],
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    list.json()["rows"][0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_page_that_cannot_be_shown_answers_with_its_errors_status() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Paginas", "estandar").await;
        let other = account(&t.db, "PaginasAjenas", "estandar").await;
        let basic = account(&t.db, "PaginasBasicas", "basico").await;
        add(&t, &a, &["Ferretería Norte"]).await;
        add(&t, &other, &["Ferretería Ajena"]).await;
        let owner = user_id(&t.db, &a.gerente).await;
        open_deals(&t.db, &a, &[("Trato visible", 150_000, 0, owner)]).await;
        let router = router(&t.db);
        let gerente = login(&router, &a.gerente).await;
        let theirs = login(&router, &other.gerente).await;
        let foreign = organization_id(&router, &theirs, "Ajena").await;
        let mine = organization_id(&router, &gerente, "Norte").await;
        let deals = call(&router, &gerente, "/api/list_deals", &[("query[q]", "")]).await;
        assert_eq!(deals.status, StatusCode::OK, "{name}: {}", deals.body);
        let key = deals.json()["rows"][0]["key"].as_str().unwrap().to_string();

        let shown = page(&router, &gerente, &format!("/clientes/{mine}")).await;
        assert_eq!(shown.status, StatusCode::OK, "{name}");
        assert!(shown.body.contains("Ferretería Norte"), "{name}");
        let shown = page(&router, &gerente, &format!("/crm/tratos/{key}")).await;
        assert_eq!(shown.status, StatusCode::OK, "{name}");
        assert!(shown.body.contains("Trato visible"), "{name}");
        let listed = page(&router, &gerente, "/clientes?lifecycle=cliente").await;
        assert_eq!(listed.status, StatusCode::OK, "{name}");
        assert!(listed.body.contains("Ferretería Norte"), "{name}");
        assert!(!listed.body.contains("Ferretería Ajena"), "{name}");

        let not_found = "No encontramos lo que buscas.";
        for path in [
            format!("/clientes/{foreign}"),
            "/clientes/999999999".to_string(),
            "/clientes/abc".to_string(),
            "/contactos/999999999".to_string(),
            "/crm/tratos/NO-EXISTE".to_string(),
        ] {
            let missing = page(&router, &gerente, &path).await;
            assert_eq!(missing.status, StatusCode::NOT_FOUND, "{name}: {path}");
            assert!(missing.body.contains(not_found), "{name}: {path}");
            assert!(!missing.body.contains("Ferretería Ajena"), "{name}: {path}");
        }

        let wrong = page(&router, &gerente, "/clientes?lifecycle=eterno").await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(wrong.body.contains("Revisa los campos marcados."), "{name}");
        let wrong = page(&router, &gerente, "/crm/embudo?pipeline=uno").await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");

        let seller = login(&router, &a.vendedor).await;
        let refused = page(&router, &seller, "/crm/importar").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name}");
        assert!(
            refused
                .body
                .contains("Tu rol no tiene permiso para esta acción."),
            "{name}"
        );

        // The pages a seller's role does not open, with their notices.
        for path in [
            "/crm/resumen",
            "/cuenta/usuarios",
            "/configuracion",
            "/cuenta/bitacora",
        ] {
            let locked = page(&router, &seller, path).await;
            assert_eq!(locked.status, StatusCode::FORBIDDEN, "{name}: {path}");
            assert!(locked.body.contains("notice-locked"), "{name}: {path}");
        }
        let own = page(&router, &seller, "/crm/tratos").await;
        assert_eq!(own.status, StatusCode::OK, "{name}");

        let basic = login(&router, &basic.admin).await;
        for path in ["/crm/embudo", "/clientes", "/crm/resumen", "/crm/tratos/X"] {
            let upgrade = page(&router, &basic, path).await;
            assert_eq!(upgrade.status, StatusCode::FORBIDDEN, "{name}: {path}");
            assert!(upgrade.body.contains("Mejora tu plan"), "{name}: {path}");
        }

        let visitor = send(&router, browse("/clientes", None)).await;
        assert!(
            visitor.status.is_redirection(),
            "{name}: {}",
            visitor.status
        );
        assert_eq!(visitor.headers["location"], "/login", "{name}");
    }
}
