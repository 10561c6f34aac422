//! `POST /api/v1/import/organizations` and `/import/contacts`, and their
//! exports, through the real router on SQLite and PostgreSQL: bad rows
//! named, nothing written; then a whole move-in — organizations, contacts
//! and deals exported from one account and imported into a fresh one — keeps
//! every link and gives the same dashboard.
use crate::common::*;
use crate::import::post_csv;
use app::ssr::accounts::provision;
use http::StatusCode;
use std::collections::HashSet;

#[tokio::test]
async fn organization_and_contact_rows_are_checked() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Directorio", "estandar").await;
        let token = provision::create_token(&t.db, &a.gerente, "import")
            .await
            .unwrap();
        let router = router(&t.db);
        let orgs = format!(
            "name,tax_id,phone,email,address,lifecycle,owner_email,legal_name,tax_country,tax_system,tax_zip,cfdi_use\n\
             Aceros del Norte,ADN010203XY1,+52 81 1234 5678,ventas@aceros.mx,Monterrey,cliente,{g},,,,,\n\
             Mal RFC,ABC011303XY1,,,,,,,,,,\n\
             Mal correo,,,no-es-correo,,,,,,,,\n\
             Aceros del Norte,,,,,,,,,,,\n\
             Etapa rara,,,,,cliente feliz,,,,,,\n\
             Dueño ajeno,,,,,,nadie@otro.mx,,,,,\n\
             Régimen de persona,ADN010203XY2,,,,,,,,605,,\n\
             NIT de México,900123456-8,,,,,,,MX,,,\n\
             Uso ajeno,,,,,,,,,601,,D01\n",
            g = a.gerente
        );
        let res = send(
            &router,
            post_csv("/api/v1/import/organizations", &token, &orgs),
        )
        .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            res.body
        );
        let rows = res.json()["error"]["rows"].clone();
        let found: Vec<(i64, String, String)> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["line"].as_i64().unwrap(),
                    r["column"].as_str().unwrap_or("?").to_string(),
                    r["code"].as_str().unwrap_or("?").to_string(),
                )
            })
            .collect();
        let expected = [
            (3, "tax_id", "malformed"),
            (4, "email", "malformed"),
            (5, "name", "duplicate"),
            (6, "lifecycle", "unknown"),
            (7, "owner_email", "unknown"),
            (8, "tax_system", "not_for_tax_id"),
            (9, "tax_id", "malformed"),
            (10, "cfdi_use", "not_for_tax_system"),
        ];
        let expected: Vec<(i64, String, String)> = expected
            .iter()
            .map(|(l, c, k)| (*l, c.to_string(), k.to_string()))
            .collect();
        assert_eq!(found, expected, "{name}");

        let good = "name,tax_id,phone,email,address,lifecycle,owner_email,legal_name,tax_country,tax_system,tax_zip,cfdi_use\n\
                    Aceros del Norte,adn010203xy1,+52 81 1234 5678,Ventas@Aceros.mx,\"Av. Juárez 1, Monterrey\",cliente potencial,,ACEROS DEL NORTE,mx,601,64000,G01\n";
        let res = send(
            &router,
            post_csv("/api/v1/import/organizations", &token, good),
        )
        .await;
        assert_eq!(res.status, StatusCode::CREATED, "{name}: {}", res.body);
        assert_eq!(res.json()["organizations_created"], 1);
        let again = send(
            &router,
            post_csv("/api/v1/import/organizations", &token, good),
        )
        .await;
        assert_eq!(again.json()["error"]["rows"][0]["code"], "taken", "{name}");

        let contacts = "name,organization,job_title,email,phone,lifecycle,owner_email\n\
                        Ana Treviño,aceros del norte,Compras,ana@aceros.mx,8112345678,,\n\
                        Luis Peña,Nueva SA,,luis@nueva.mx,,cliente,\n\
                        Otra Ana,,,ANA@aceros.mx,,,\n";
        let res = send(
            &router,
            post_csv("/api/v1/import/contacts", &token, contacts),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(res.json()["error"]["rows"][0]["line"], 4);
        assert_eq!(res.json()["error"]["rows"][0]["code"], "duplicate");
        // A contact's organization is checked as the contact form checks it.
        let long = format!(
            "name,organization,job_title,email,phone,lifecycle,owner_email\n\
             Eva Ruiz,{},,,,Cliente Potencial,\n",
            "x".repeat(201)
        );
        let res = send(&router, post_csv("/api/v1/import/contacts", &token, &long)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let row = &res.json()["error"]["rows"][0];
        assert_eq!(
            (
                row["line"].as_i64(),
                row["column"].as_str(),
                row["code"].as_str()
            ),
            (Some(2), Some("organization"), Some("too_long")),
            "{name}: {row}"
        );
        // An email too long to be one is malformed, as an import names it.
        let long = format!(
            "name,organization,job_title,email,phone,lifecycle,owner_email\n\
             Eva Ruiz,,,{}@x.mx,,,\n",
            "e".repeat(260)
        );
        let res = send(&router, post_csv("/api/v1/import/contacts", &token, &long)).await;
        let row = &res.json()["error"]["rows"][0];
        assert_eq!(
            (row["column"].as_str(), row["code"].as_str()),
            (Some("email"), Some("malformed")),
            "{name}: {row}"
        );
        let contacts: String = contacts.lines().take(3).map(|l| format!("{l}\n")).collect();
        let res = send(
            &router,
            post_csv("/api/v1/import/contacts", &token, &contacts),
        )
        .await;
        assert_eq!(res.status, StatusCode::CREATED, "{name}: {}", res.body);
        assert_eq!(res.json()["contacts_created"], 2);
        assert_eq!(res.json()["organizations_created"], 1, "Nueva SA");

        let export = send(
            &router,
            get("/api/v1/export/organizations", None, Some(&token)),
        )
        .await;
        assert_eq!(export.status, StatusCode::OK);
        let rows = app::domain::csv::parse(&export.body, usize::MAX);
        assert_eq!(
            rows[0].join(","),
            "name,tax_id,phone,email,address,lifecycle,owner_email,legal_name,tax_country,\
             tax_system,tax_zip,cfdi_use"
        );
        assert_eq!(
            rows[1],
            [
                "Aceros del Norte",
                "ADN010203XY1",
                "'+52 81 1234 5678",
                "ventas@aceros.mx",
                "Av. Juárez 1, Monterrey",
                "cliente_potencial",
                a.gerente.as_str(),
                "ACEROS DEL NORTE",
                "MX",
                "601",
                "64000",
                "G01"
            ],
            "{name}"
        );
        let export = send(&router, get("/api/v1/export/contacts", None, Some(&token))).await;
        let rows = app::domain::csv::parse(&export.body, usize::MAX);
        assert_eq!(rows.len(), 3, "{name}: header and two contacts");
        assert_eq!(rows[1][1], "Aceros del Norte", "{name}: linked by name");
        let seller = provision::create_token(&t.db, &a.vendedor, "import")
            .await
            .unwrap();
        let res = send(
            &router,
            post_csv("/api/v1/import/contacts", &seller, &contacts),
        )
        .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    }
}

/// Rows whose `column` repeats an earlier row's (ignoring case) left out,
/// as a team would clean its file before moving in.
fn without_repeats(csv: &str, column: usize) -> String {
    let rows = app::domain::csv::parse(csv, usize::MAX);
    let mut seen = HashSet::new();
    rows.iter()
        .enumerate()
        .filter(|(i, r)| *i == 0 || r[column].is_empty() || seen.insert(r[column].to_lowercase()))
        .map(|(_, r)| app::domain::csv::row(r.iter().map(String::as_str)))
        .collect()
}

#[tokio::test]
async fn a_whole_account_moves_in_with_its_links() {
    for t in databases().await {
        let name = t.name;
        server::demo::seed(
            &t.db,
            server::demo::Options {
                deals: 600,
                seed: 11,
                today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                reset: false,
                force: false,
            },
        )
        .await
        .unwrap();
        let old = provision::create_token(&t.db, server::demo::USERS[0].0, "export")
            .await
            .unwrap();
        let b = account(&t.db, "MudanzaCompleta", "estandar").await;
        let new = provision::create_token(&t.db, &b.admin, "import")
            .await
            .unwrap();
        let router = router(&t.db);
        let moved = |csv: String| {
            let mut csv = csv;
            for (email, _, _) in server::demo::USERS {
                csv = csv.replace(email, &b.gerente);
            }
            csv
        };
        for (what, key) in [("organizations", 0), ("contacts", 3)] {
            let export = send(
                &router,
                get(&format!("/api/v1/export/{what}"), None, Some(&old)),
            )
            .await;
            let csv = without_repeats(&moved(export.body), key);
            let res = send(
                &router,
                post_csv(&format!("/api/v1/import/{what}"), &new, &csv),
            )
            .await;
            assert_eq!(
                res.status,
                StatusCode::CREATED,
                "{name} {what}: {}",
                &res.body[..res.body.len().min(600)]
            );
        }
        let export = send(&router, get("/api/v1/export/deals", None, Some(&old))).await;
        let res = send(
            &router,
            post_csv("/api/v1/import/deals", &new, &moved(export.body)),
        )
        .await;
        assert_eq!(
            res.status,
            StatusCode::CREATED,
            "{name}: {}",
            &res.body[..res.body.len().min(600)]
        );
        assert_eq!(res.json()["deals_created"], 600);
        assert_eq!(
            res.json()["organizations_created"],
            0,
            "{name}: all came before"
        );
        aggregates_exact(&t.db, b.id).await;
        // Every deal kept its contact.
        let with_contact = |token: String| {
            let router = router.clone();
            async move {
                let csv = send(&router, get("/api/v1/export/deals", None, Some(&token)))
                    .await
                    .body;
                app::domain::csv::parse(&csv, usize::MAX)[1..]
                    .iter()
                    .filter(|r| !r[9].is_empty())
                    .count()
            }
        };
        assert_eq!(
            with_contact(old.clone()).await,
            with_contact(new.clone()).await,
            "{name}"
        );
        let dashboard = |token: String| {
            let router = router.clone();
            async move {
                send(
                    &router,
                    get("/api/v1/dashboard?as_of=2026-11-20", None, Some(&token)),
                )
                .await
                .json()
            }
        };
        let (before, after) = (dashboard(old).await, dashboard(new).await);
        for k in [
            "open_deals",
            "won_deals",
            "conversion_rate",
            "monthly_revenue",
            "previous",
        ] {
            assert_eq!(before[k], after[k], "{name}: {k}");
        }
    }
}
