//! `GET /api/v1/export/deals` through the real router, on SQLite and
//! PostgreSQL: the import's columns, every deal of the filters across many
//! chunks, quoting, formulas neutralised, and only what the caller may see.
use crate::common::*;
use app::ssr::accounts::provision;
use http::StatusCode;

/// Every row of CSV text.
fn parse(text: &str) -> Vec<Vec<String>> {
    app::domain::csv::parse(text, usize::MAX)
}

#[tokio::test]
async fn the_export_streams_every_deal_safely_with_the_import_columns() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Exportar", "estandar").await;
        let other = account(&t.db, "ExportarAjena", "estandar").await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let tricky = [
            "=HYPERLINK(\"http://x\")",
            "Reyes, S.A. \"Norte\"",
            "dos\nlíneas",
            "@cmd",
        ];
        let mut specs: Vec<(&str, i64, usize, i64)> =
            tricky.iter().map(|t| (*t, 123_456, 0, gerente)).collect();
        let many: Vec<String> = (0..2_100).map(|i| format!("Trato {i}")).collect();
        specs.extend(many.iter().map(|t| (t.as_str(), 100, 1, gerente)));
        open_deals(&t.db, &a, &specs).await;
        deals_of_vendedor(&t.db, &a, 3).await;
        open_deals(
            &t.db,
            &other,
            &[("Ajeno", 1, 0, user_id(&t.db, &other.admin).await)],
        )
        .await;
        let token = provision::create_token(&t.db, &a.gerente, "export")
            .await
            .unwrap();
        let seller = provision::create_token(&t.db, &a.vendedor, "export")
            .await
            .unwrap();
        let router = router(&t.db);

        let res = send(&router, get("/api/v1/export/deals", None, Some(&token))).await;
        assert_eq!(res.status, StatusCode::OK, "{name}: {}", res.body);
        assert!(
            res.headers[http::header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let rows = parse(&res.body);
        assert_eq!(
            rows[0].join(","),
            "key,title,value,currency,pipeline,stage,status,owner_email,organization,contact_email,created_at,won_at,lost_at,lost_reason,expected_close_date,exchange_rate"
        );
        assert_eq!(
            rows.len() - 1,
            4 + 2_100 + 3,
            "{name}: every deal, across chunks"
        );
        assert!(rows.iter().all(|r| r.len() == 16), "{name}");
        let titles: Vec<&str> = rows[1..5].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(
            titles,
            [
                "'=HYPERLINK(\"http://x\")",
                "Reyes, S.A. \"Norte\"",
                "dos\nlíneas",
                "'@cmd"
            ],
            "{name}"
        );
        let first = &rows[1];
        assert_eq!(
            (
                first[2].as_str(),
                first[3].as_str(),
                first[4].as_str(),
                first[6].as_str()
            ),
            ("1234.56", "MXN", "Ventas", "open"),
            "{name}: {first:?}"
        );
        assert_eq!(first[7], a.gerente);
        assert_eq!(first[10], "2026-01-01T00:00:00.000Z");
        assert!(
            !res.body.contains("Ajeno"),
            "{name}: another account's deal"
        );

        // Filters, and a seller exports only their own deals.
        let won = send(
            &router,
            get("/api/v1/export/deals?status=won", None, Some(&token)),
        )
        .await;
        assert_eq!(parse(&won.body).len(), 1, "{name}: only the header");
        let mine = send(&router, get("/api/v1/export/deals", None, Some(&seller))).await;
        assert_eq!(parse(&mine.body).len() - 1, 3, "{name}");
        let bad = send(
            &router,
            get("/api/v1/export/deals?status=x", None, Some(&token)),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let anonymous = send(&router, get("/api/v1/export/deals", None, None)).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

        // A text filter, over deals in more than one chunk of ids: every
        // match once.
        let filler: Vec<String> = (0..3_000).map(|i| format!("Relleno {i}")).collect();
        let mut later: Vec<(&str, i64, usize, i64)> =
            filler.iter().map(|t| (t.as_str(), 1, 0, gerente)).collect();
        later.extend([
            ("Trato tardío", 1, 0, gerente),
            ("Otro trato", 1, 0, gerente),
        ]);
        open_deals(&t.db, &a, &later).await;
        let found = send(
            &router,
            get("/api/v1/export/deals?q=trato", None, Some(&token)),
        )
        .await;
        assert_eq!(found.status, StatusCode::OK, "{name}: {}", found.body);
        let keys: Vec<String> = parse(&found.body)[1..]
            .iter()
            .map(|r| r[0].clone())
            .collect();
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        let before = rows[1..]
            .iter()
            .filter(|r| r[1].to_lowercase().contains("trato"))
            .count();
        assert!(before >= 2_100, "{name}: {before}");
        assert_eq!(
            (keys.len(), unique.len()),
            (before + 2, before + 2),
            "{name}: each match once"
        );
    }
}
