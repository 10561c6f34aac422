//! "Editar trato" through the real router on SQLite and PostgreSQL: every
//! bad field named at once and nothing written; a good edit bumps the
//! version once, writes one history event per changed field and keeps the
//! dashboard aggregates exact (a foreign currency counts at its rate); a
//! stale version, another seller's deal, a closed deal's stage and a
//! foreign stage are refused.
use crate::common::*;
use http::StatusCode;
use serde_json::Value;

async fn edit(
    router: &axum::Router,
    cookie: &str,
    deal: i64,
    version: i64,
    fields: &[(&str, &str)],
) -> Answer {
    let (deal, version) = (deal.to_string(), version.to_string());
    let mut form = vec![("deal_id", deal.as_str()), ("version", version.as_str())];
    form.extend_from_slice(fields);
    send(router, server_fn("/api/update_deal", &form, Some(cookie))).await
}

async fn deal_page(router: &axum::Router, cookie: &str, id: i64) -> Value {
    deal_page_of(router, cookie, &format!("T-{id:06}")).await
}

#[tokio::test]
async fn the_edit_form_checks_every_field_and_writes_each_change_to_history() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Edición", "estandar").await;
        let other = account(&t.db, "EdiciónAjena", "estandar").await;
        let stages = stage_ids(&t.db, a.id).await;
        let deals = deals_of_vendedor(&t.db, &a, 2).await;
        let gerente_id = user_id(&t.db, &a.gerente).await;
        let router = router(&t.db);
        let vendedor = login(&router, &a.vendedor).await;
        let gerente = login(&router, &a.gerente).await;
        let page = deal_page(&router, &vendedor, deals[0]).await;
        let form = &page["form"]["input"];
        assert_eq!(form["title"], "Trato caliente 0", "{name}");
        assert_eq!(form["value"], "100.00", "{name}");
        assert_eq!(form["currency"], "MXN", "{name}");
        assert_eq!(
            page["form"]["stages"].as_array().unwrap().len(),
            stages.len()
        );
        assert_eq!(
            page["form"]["owners"],
            serde_json::json!([]),
            "a seller cannot reassign"
        );

        let gerente_s = gerente_id.to_string();
        let bad = edit(
            &router,
            &vendedor,
            deals[0],
            1,
            &[
                ("input[title]", " "),
                ("input[value]", "-5"),
                ("input[currency]", "XYZ"),
                ("input[stage_id]", "etapa"),
                ("input[owner_id]", &gerente_s),
                ("input[expected_close_date]", "2026-02-30"),
            ],
        )
        .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            bad.body
        );
        for (field, code) in [
            ("title", "length"),
            ("value", "negative"),
            ("currency", "unknown"),
            ("exchange_rate", "malformed"),
            ("stage_id", "invalid"),
            ("owner_id", "not_allowed"),
            ("expected_close_date", "invalid_date"),
        ] {
            let needle = format!("\"field\":\"{field}\",\"code\":\"{code}\"");
            assert!(
                bad.body.contains(&needle),
                "{name}: {needle} missing in {}",
                bad.body
            );
        }
        assert_eq!(
            deal_page(&router, &vendedor, deals[0]).await["version"],
            1,
            "nothing written"
        );

        // A good edit: every field changes, one version, five history events.
        let stage = stages[2].to_string();
        let ok = edit(
            &router,
            &vendedor,
            deals[0],
            1,
            &[
                ("input[title]", "Licencias 2027"),
                ("input[value]", "1,000.00"),
                ("input[currency]", "USD"),
                ("input[exchange_rate]", "17.2534"),
                ("input[stage_id]", &stage),
                ("input[owner_id]", ""),
                ("input[expected_close_date]", "2026-12-31"),
            ],
        )
        .await;
        assert_eq!(ok.status, StatusCode::OK, "{name}: {}", ok.body);
        assert_eq!(ok.body, "2", "{name}");
        let page = deal_page(&router, &vendedor, deals[0]).await;
        assert_eq!(page["title"], "Licencias 2027");
        assert_eq!(
            page["value"], "USD\u{a0}1,000.00",
            "the currency's code, CLDR's es-MX symbol"
        );
        assert_eq!(page["expected_close_date"], "2026-12-31");
        assert_eq!(page["form"]["input"]["exchange_rate"], "17.2534");
        let kinds: Vec<&str> = page["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap())
            .collect();
        for kind in [
            "StageChanged",
            "CurrencyChanged",
            "ValueChanged",
            "TitleChanged",
            "CloseDateChanged",
        ] {
            assert!(kinds.contains(&kind), "{name}: {kind} missing in {kinds:?}");
        }
        let title_change = page["history"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["kind"] == "TitleChanged")
            .unwrap();
        assert_eq!(title_change["detail"], "Trato caliente 0 → Licencias 2027");
        aggregates_exact(&t.db, a.id).await;
        // The board counts it at the rate: 1,000.00 × 17.2534 = 17,253.40.
        let board = send(
            &router,
            server_fn("/api/board", &[("query[mine]", "false")], Some(&gerente)),
        )
        .await
        .json();
        let column = board["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["stage_id"] == stages[2])
            .unwrap();
        assert_eq!(column["header"]["total"], "$17,253.40", "{name}");

        // The same form again changes nothing and keeps the version.
        let same = edit(
            &router,
            &vendedor,
            deals[0],
            2,
            &[
                ("input[title]", "Licencias 2027"),
                ("input[value]", "1000"),
                ("input[currency]", "USD"),
                ("input[exchange_rate]", "17.2534"),
                ("input[stage_id]", &stage),
                ("input[expected_close_date]", "2026-12-31"),
            ],
        )
        .await;
        assert_eq!(
            (same.status, same.body.as_str()),
            (StatusCode::OK, "2"),
            "{name}"
        );

        // A stale version is a conflict and writes nothing.
        let stale = edit(
            &router,
            &vendedor,
            deals[0],
            1,
            &[
                ("input[title]", "Viejo"),
                ("input[value]", "1"),
                ("input[stage_id]", &stage),
            ],
        )
        .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{name}: {}", stale.body);
        assert_eq!(
            deal_page(&router, &vendedor, deals[0]).await["title"],
            "Licencias 2027"
        );

        // A stage of another account is a named field.
        let foreign = stage_ids(&t.db, other.id).await[0].to_string();
        let res = edit(
            &router,
            &gerente,
            deals[1],
            1,
            &[
                ("input[title]", "X"),
                ("input[value]", "1"),
                ("input[stage_id]", &foreign),
            ],
        )
        .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            res.body
        );
        assert!(res.body.contains("stage_id"), "{name}: {}", res.body);

        // The gerente may reassign; the seller then no longer sees the deal.
        let res = edit(
            &router,
            &gerente,
            deals[1],
            1,
            &[
                ("input[title]", "Reasignado"),
                ("input[value]", "200"),
                ("input[stage_id]", &stages[1].to_string()),
                ("input[owner_id]", &gerente_s),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{name}: {}", res.body);
        let res = edit(
            &router,
            &vendedor,
            deals[1],
            2,
            &[
                ("input[title]", "Mío"),
                ("input[value]", "1"),
                ("input[stage_id]", &stage),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{name}: {}", res.body);
        aggregates_exact(&t.db, a.id).await;

        // A won deal keeps its stage and currency.
        let won = send(
            &router,
            server_fn(
                "/api/win_deal",
                &[
                    ("query[mine]", "false"),
                    ("deal_id", &deals[0].to_string()),
                    ("version", "2"),
                ],
                Some(&vendedor),
            ),
        )
        .await;
        assert_eq!(won.status, StatusCode::OK, "{name}: {}", won.body);
        let res = edit(
            &router,
            &vendedor,
            deals[0],
            3,
            &[
                ("input[title]", "Licencias 2027"),
                ("input[value]", "1000"),
                ("input[currency]", "MXN"),
                ("input[stage_id]", &stages[0].to_string()),
            ],
        )
        .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            res.body
        );
        assert!(
            res.body.contains("\"code\":\"closed\""),
            "{name}: {}",
            res.body
        );
        aggregates_exact(&t.db, a.id).await;
    }
}
