//! `POST /api/v1/import/deals` through the real router, on SQLite and
//! PostgreSQL: every bad row named by line and reason with nothing written,
//! the dry run, history and aggregates of a real import, who may import, and
//! the round trip export → import into a fresh account giving the same
//! dashboard.
use crate::common::*;
use app::ssr::accounts::provision;
use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::Value;

const HEADER: &str = "key,title,value,currency,pipeline,stage,status,owner_email,organization,contact_email,created_at,won_at,lost_at,lost_reason,expected_close_date";

/// A CSV POST to the import with a bearer token.
pub fn post_csv(path: &str, token: &str, csv: &str) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv; charset=utf-8")
        .body(Body::from(csv.to_string()))
        .unwrap()
}

async fn count(db: &app::ssr::db::Db, table: &str, account_id: i64) -> i64 {
    let mut conn = db.read().await.unwrap();
    let c = app::ssr::accounts::db::stats::account_counts(&mut conn.ex(), account_id)
        .await
        .unwrap();
    match table {
        "deals" => c.deals_open + c.deals_won + c.deals_lost,
        _ => c.organizations,
    }
}

#[tokio::test]
async fn bad_rows_are_named_and_nothing_is_written() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Importa", "estandar").await;
        let other = account(&t.db, "ImportaAjena", "estandar").await;
        let token = provision::create_token(&t.db, &a.gerente, "import")
            .await
            .unwrap();
        let router = router(&t.db);
        let g = &a.gerente;
        let csv = [
            HEADER.to_string(),
            // 2: good
            format!(",Licencias,1200.50,,,Contacto inicial,open,{g},Acme,,2026-01-05,,,,"),
            // 3: a title over two lines (the next row is line 5)
            format!(",\"Dos\nlíneas\",1,,,Contacto inicial,open,{g},,,2026-01-05,,,,"),
            // 5: unknown stage
            format!(",Etapa mala,1,,,Negociacion,open,{g},,,2026-01-05,,,,"),
            // 6: owner of another account
            format!(
                ",Dueño ajeno,1,,,Contacto inicial,open,{},,,2026-01-05,,,,",
                other.gerente
            ),
            // 7: negative value, then malformed value
            format!(",Negativo,-5,,,Contacto inicial,open,{g},,,2026-01-05,,,,"),
            format!(",Mal valor,doce,,,Contacto inicial,open,{g},,,2026-01-05,,,,"),
            // 9: lost without reason
            format!(",Perdido,1,,,Contacto inicial,lost,{g},,,2026-01-05,,2026-02-01,,"),
            // 10: won before created
            format!(",Ganado antes,1,,,Contacto inicial,won,{g},,,2026-03-05,2026-02-01,,,"),
            // 11: unparseable date
            format!(",Fecha mala,1,,,Contacto inicial,open,{g},,,05/01/2026,,,,"),
            // 12, 13: the same key twice
            format!("K-1,Clave,1,,,Contacto inicial,open,{g},,,2026-01-05,,,,"),
            format!("K-1,Clave otra vez,1,,,Contacto inicial,open,{g},,,2026-01-05,,,,"),
            // 14: won without its date, 15: unknown status
            format!(",Sin fecha,1,,,Contacto inicial,won,{g},,,2026-01-05,,,,"),
            format!(",Estado,1,,,Contacto inicial,pendiente,{g},,,2026-01-05,,,,"),
            // 16: a foreign currency without its rate
            format!(",Dólares,1,USD,,Contacto inicial,open,{g},,,2026-01-05,,,,"),
        ]
        .join("\n");
        let res = send(&router, post_csv("/api/v1/import/deals", &token, &csv)).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            res.body
        );
        let body = res.json();
        assert_eq!(body["error"]["code"], "invalid_rows");
        let found: Vec<(u64, String, String)> = body["error"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["line"].as_u64().unwrap(),
                    r["column"].as_str().unwrap_or("").to_string(),
                    r["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let expected: Vec<(u64, &str, &str)> = vec![
            (5, "stage", "unknown"),
            (6, "owner_email", "unknown"),
            (7, "value", "negative"),
            (8, "value", "malformed"),
            (9, "lost_reason", "required_for_status"),
            (10, "won_at", "before_created_at"),
            (11, "created_at", "malformed"),
            (13, "key", "duplicate"),
            (14, "won_at", "required_for_status"),
            (15, "status", "unknown"),
            (16, "exchange_rate", "required"),
        ];
        let expected: Vec<(u64, String, String)> = expected
            .into_iter()
            .map(|(l, c, k)| (l, c.to_string(), k.to_string()))
            .collect();
        assert_eq!(found, expected, "{name}");
        assert_eq!(body["error"]["row_error_count"], 11);
        assert_eq!(body["error"]["rows"][0]["value"], "Negociacion");
        assert_eq!(
            count(&t.db, "deals", a.id).await,
            0,
            "{name}: all or nothing"
        );
        assert_eq!(count(&t.db, "organizations", a.id).await, 0, "{name}");

        // A file missing a required column is refused at line 1.
        let res = send(
            &router,
            post_csv("/api/v1/import/deals", &token, "title,value\nx,1\n"),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let rows = res.json()["error"]["rows"].clone();
        assert_eq!(rows[0]["line"], 1);
        assert_eq!(rows[0]["code"], "missing_column");

        // Who may import, and what the body must be.
        let seller = provision::create_token(&t.db, &a.vendedor, "import")
            .await
            .unwrap();
        let good = format!("{HEADER}\n,Uno,1,,,Contacto inicial,open,{g},,,2026-01-05,,,,\n");
        let res = send(&router, post_csv("/api/v1/import/deals", &seller, &good)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{name}: a seller");
        let res = send(&router, post_csv("/api/v1/import/deals", "nope", &good)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        let res = send(
            &router,
            post_csv("/api/v1/import/deals?dry_run=quizas", &token, &good),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.json()["error"]["fields"]["dry_run"], "invalid");
        let mut json = post_csv("/api/v1/import/deals", &token, &good);
        json.headers_mut()
            .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        assert_eq!(send(&router, json).await.status, StatusCode::BAD_REQUEST);
        let huge = format!("{HEADER}\n{}", "x\n".repeat(200_001));
        let res = send(&router, post_csv("/api/v1/import/deals", &token, &huge)).await;
        assert_eq!(
            res.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{name}: rows limit"
        );
        assert_eq!(count(&t.db, "deals", a.id).await, 0, "{name}");
    }
}

#[tokio::test]
async fn an_import_writes_history_and_aggregates() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "ImportaBien", "estandar").await;
        // An existing deal: imported cards go after it in its column.
        let gerente = user_id(&t.db, &a.gerente).await;
        open_deals(&t.db, &a, &[("Ya estaba", 100, 0, gerente)]).await;
        let token = provision::create_token(&t.db, &a.gerente, "import")
            .await
            .unwrap();
        let router = router(&t.db);
        let (g, v) = (&a.gerente, &a.vendedor);
        let csv = [
            HEADER.to_string(),
            format!("T-000500,Licencias,1200.50,,,Contacto inicial,open,{g},Acme SA,,2026-01-05,,,,2026-03-01"),
            format!(",Servidor,\"25,000.00\",MXN,Ventas,En negociación,won,{v},acme sa,,2025-11-02T10:00:00-06:00,2026-01-10,,,"),
            format!(",Póliza,99.99,,,Calificado,lost,{v},Beta,,2025-12-01,,2026-01-20,Precio alto,"),
            format!(",Renta,10,,,Calificado,perdido,{g},,,2025-12-01,,2026-01-21,precio ALTO,"),
            format!("'=K2,Fórmula,0,,,Contacto inicial,abierto,{g},,,2026-01-05,,,,"),
        ]
        .join("\r\n");

        let dry = send(
            &router,
            post_csv("/api/v1/import/deals?dry_run=true", &token, &csv),
        )
        .await;
        assert_eq!(dry.status, StatusCode::OK, "{name}: {}", dry.body);
        let report = dry.json();
        assert_eq!(report["dry_run"], true);
        assert_eq!(report["rows"], 5);
        assert_eq!(report["deals_created"], 0);
        assert_eq!(report["organizations_created"], 2, "Acme SA once, Beta");
        assert_eq!(report["lost_reasons_created"], 1, "Precio alto once");
        assert_eq!(
            count(&t.db, "deals", a.id).await,
            1,
            "{name}: a dry run writes nothing"
        );

        let res = send(&router, post_csv("/api/v1/import/deals", &token, &csv)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{name}: {}", res.body);
        assert_eq!(res.json()["deals_created"], 5);
        assert_eq!(count(&t.db, "deals", a.id).await, 6);
        assert_eq!(count(&t.db, "organizations", a.id).await, 2);
        aggregates_exact(&t.db, a.id).await;

        let list = send(&router, get("/api/v1/deals?limit=200", None, Some(&token))).await;
        let items = list.json()["items"].as_array().unwrap().clone();
        let by_title = |title: &str| -> Value {
            items
                .iter()
                .find(|d| d["title"] == title)
                .cloned()
                .unwrap_or_else(|| panic!("{name}: {title} missing"))
        };
        let licencias = by_title("Licencias");
        assert_eq!(licencias["key"], "T-000500");
        assert_eq!(licencias["value"], "1200.50");
        assert_eq!(licencias["status"], "open");
        assert_eq!(
            licencias["created_at"], "2026-01-05T06:00:00.000Z",
            "local midnight"
        );
        let ya = by_title("Ya estaba");
        assert!(
            licencias["position"].as_f64() > ya["position"].as_f64(),
            "{name}: imported cards go to the end of the column"
        );
        let servidor = by_title("Servidor");
        assert_eq!(servidor["status"], "won");
        assert_eq!(servidor["value"], "25000.00");
        assert_eq!(servidor["organization_id"], licencias["organization_id"]);
        assert_eq!(servidor["won_at"], "2026-01-10T06:00:00.000Z");
        assert_eq!(servidor["created_at"], "2025-11-02T16:00:00.000Z");
        let poliza = by_title("Póliza");
        let renta = by_title("Renta");
        assert_eq!(poliza["lost_reason"], "Precio alto");
        assert_eq!(
            renta["lost_reason"], "Precio alto",
            "{name}: matched without case"
        );
        assert_eq!(
            by_title("Fórmula")["key"],
            "=K2",
            "{name}: neutralised cell read back"
        );
        // Keys made after T-000500 continue past it.
        assert!(
            by_title("Servidor")["key"].as_str().unwrap() > "T-000500",
            "{name}: {}",
            by_title("Servidor")["key"]
        );

        // History: created (and won / lost) at their own instants.
        let id = servidor["id"].as_i64().unwrap();
        let history = send(
            &router,
            get(&format!("/api/v1/deals/{id}/history"), None, Some(&token)),
        )
        .await
        .json();
        let kinds: Vec<(&str, &str)> = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["kind"].as_str().unwrap(), e["at"].as_str().unwrap()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("created", "2025-11-02T16:00:00.000Z"),
                ("won", "2026-01-10T06:00:00.000Z")
            ],
            "{name}"
        );

        // The same file again: its key is taken now.
        let again = send(&router, post_csv("/api/v1/import/deals", &token, &csv)).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(again.json()["error"]["rows"][0]["code"], "taken");
        assert_eq!(
            again.json()["error"]["rows"][0]["line"],
            2,
            "{name}: CRLF lines"
        );
        assert_eq!(count(&t.db, "deals", a.id).await, 6, "{name}");

        // A new deal made on the board after the import gets a free key.
        let created = send(
            &router,
            Request::post("/api/v1/deals")
                .header(header::HOST, HOST)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(format!(
                    "{{\"title\":\"Nuevo\",\"value\":\"1.00\",\"stage_id\":{}}}",
                    stage_ids(&t.db, a.id).await[0]
                )))
                .unwrap(),
        )
        .await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{name}: {}",
            created.body
        );
    }
}

/// Every deal of the demo account exported, owners mapped to the new
/// account's people, and imported there: the same dashboard, team-wide.
#[tokio::test]
async fn export_then_import_into_a_fresh_account_gives_the_same_dashboard() {
    for t in databases().await {
        let name = t.name;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        server::demo::seed(
            &t.db,
            server::demo::Options {
                deals: 1_500,
                seed: 7,
                today,
                reset: false,
                force: false,
            },
        )
        .await
        .unwrap();
        let demo_admin = server::demo::USERS[0].0;
        let old = provision::create_token(&t.db, demo_admin, "export")
            .await
            .unwrap();
        let b = account(&t.db, "Mudanza", "estandar").await;
        let new = provision::create_token(&t.db, &b.admin, "import")
            .await
            .unwrap();
        let router = router(&t.db);

        let export = send(&router, get("/api/v1/export/deals", None, Some(&old))).await;
        assert_eq!(export.status, StatusCode::OK);
        // Users are people of one account: the new account has its own. The
        // contacts are not part of the move here.
        let mut csv = export.body.clone();
        for (email, _, _) in server::demo::USERS {
            csv = csv.replace(email, &b.gerente);
        }
        let csv: String = csv
            .lines()
            .map(|l| {
                let mut r = csv_cells(l);
                if r.len() > 9 {
                    r[9] = String::new();
                }
                r.join(",") + "\n"
            })
            .collect();
        let res = send(&router, post_csv("/api/v1/import/deals", &new, &csv)).await;
        assert_eq!(
            res.status,
            StatusCode::CREATED,
            "{name}: {}",
            &res.body[..res.body.len().min(2000)]
        );
        assert_eq!(res.json()["deals_created"], 1_500);
        aggregates_exact(&t.db, b.id).await;

        let as_of = "2026-11-20";
        let before = send(
            &router,
            get(
                &format!("/api/v1/dashboard?as_of={as_of}"),
                None,
                Some(&old),
            ),
        )
        .await
        .json();
        let after = send(
            &router,
            get(
                &format!("/api/v1/dashboard?as_of={as_of}"),
                None,
                Some(&new),
            ),
        )
        .await
        .json();
        for k in [
            "open_deals",
            "won_deals",
            "average_won_value",
            "conversion_rate",
            "average_days_to_win",
            "monthly_revenue",
            "previous",
        ] {
            assert_eq!(before[k], after[k], "{name}: {k}");
        }
        assert!(
            before["won_deals"]["count"].as_i64().unwrap() > 100,
            "{name}"
        );
        let shape = |d: &Value, list: &str, label: &str| -> Vec<(String, Value, Value)> {
            d[list]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r[label].as_str().unwrap().to_string(),
                        r["count"].clone(),
                        r["total"].clone(),
                    )
                })
                .collect()
        };
        assert_eq!(
            shape(&before, "funnel", "stage_name"),
            shape(&after, "funnel", "stage_name"),
            "{name}"
        );
        assert_eq!(
            shape(&before, "lost_by_reason", "reason"),
            shape(&after, "lost_by_reason", "reason"),
            "{name}"
        );
    }
}

/// The cells of one CSV line without line breaks inside quotes (the demo's
/// titles have none), quoted again where needed.
fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = vec![];
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',') => cells.push(std::mem::take(&mut cell)),
            (_, c) => cell.push(c),
        }
    }
    cells.push(cell);
    cells
        .into_iter()
        .map(|c| {
            if c.contains([',', '"']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c
            }
        })
        .collect()
}
