//! CRM > Embudo through the real router on SQLite and PostgreSQL: exact
//! column headers, moves with versions (a stale one changes nothing),
//! ordering between neighbours, win and loss with a reason, and who may see
//! and move what.
use crate::common::*;
use app::ssr::db::Db;
use http::StatusCode;
use serde_json::Value;

fn column(board: &Value, stage: i64) -> &Value {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["stage_id"] == stage)
        .unwrap()
}

fn card_ids(column: &Value) -> Vec<i64> {
    column["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

async fn board(router: &axum::Router, cookie: &str, form: &[(&str, &str)]) -> Value {
    let mut fields = vec![("query[mine]", "false")];
    fields.extend_from_slice(form);
    let res = send(router, server_fn("/api/board", &fields, Some(cookie))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

/// `move_deal` of `deal` seen at `version` to `stage`, between two cards.
async fn move_deal(
    router: &axum::Router,
    cookie: &str,
    deal: i64,
    version: i64,
    stage: i64,
    between: (Option<i64>, Option<i64>),
) -> Answer {
    let (deal, version, stage) = (deal.to_string(), version.to_string(), stage.to_string());
    let (above, below) = (
        between.0.map(|i| i.to_string()),
        between.1.map(|i| i.to_string()),
    );
    let mut form = vec![
        ("query[mine]", "false"),
        ("deal_id", deal.as_str()),
        ("version", version.as_str()),
        ("stage_id", stage.as_str()),
    ];
    if let Some(a) = &above {
        form.push(("above", a));
    }
    if let Some(b) = &below {
        form.push(("below", b));
    }
    send(router, server_fn("/api/move_deal", &form, Some(cookie))).await
}

#[tokio::test]
async fn headers_are_exact_and_moves_keep_order_and_versions() {
    for t in databases().await {
        let a = account(&t.db, "Tablero", "estandar").await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let ids = open_deals(
            &t.db,
            &a,
            &[
                ("Uno", 100_050, 0, gerente),
                ("Dos", 200_000, 0, gerente),
                ("Tres", 33, 0, gerente),
                ("Cuatro", 100_000_000, 1, gerente),
            ],
        )
        .await;
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let b = board(&router, &cookie, &[]).await;
        let stages: Vec<i64> = b["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["stage_id"].as_i64().unwrap())
            .collect();
        let first = column(&b, stages[0]);
        assert_eq!(first["header"]["count"], 3);
        assert_eq!(first["header"]["total"], "$3,000.83");
        assert_eq!(card_ids(first), ids[..3].to_vec(), "creation order");
        let second = column(&b, stages[1]);
        assert_eq!(second["header"]["total"], "$1,000,000.00");
        // Second stage's probability is applied to the weighted total.
        assert!(
            second["header"]["weighted"]
                .as_str()
                .unwrap()
                .starts_with('$')
        );

        // "Tres" between "Uno" and "Dos".
        let version = first["cards"][2]["version"].as_i64().unwrap();
        let between = (Some(ids[0]), Some(ids[1]));
        let moved = move_deal(&router, &cookie, ids[2], version, stages[0], between).await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
        assert_eq!(moved.json()["version"], version + 1);
        let b = board(&router, &cookie, &[]).await;
        assert_eq!(
            card_ids(column(&b, stages[0])),
            vec![ids[0], ids[2], ids[1]]
        );

        // To the next stage with the now stale version: refused, nothing moves.
        let stale = move_deal(&router, &cookie, ids[2], version, stages[1], (None, None)).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
        let b = board(&router, &cookie, &[]).await;
        assert_eq!(column(&b, stages[0])["header"]["count"], 3);

        // With the current version it moves, and both headers follow.
        let ok = move_deal(
            &router,
            &cookie,
            ids[2],
            version + 1,
            stages[1],
            (None, None),
        )
        .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        let headers = ok.json()["headers"].clone();
        let h = |s: i64| {
            headers
                .as_array()
                .unwrap()
                .iter()
                .find(|h| h["stage_id"] == s)
                .unwrap()
                .clone()
        };
        assert_eq!(h(stages[0])["count"], 2);
        assert_eq!(h(stages[0])["total"], "$3,000.50");
        assert_eq!(h(stages[1])["count"], 2);
        assert_eq!(h(stages[1])["total"], "$1,000,000.33");
        aggregates_exact(&t.db, a.id).await;

        // Win one; lose another, which needs a reason of the account.
        let id1 = ids[0].to_string();
        let won = call(
            &router,
            &cookie,
            "/api/win_deal",
            &[
                ("query[mine]", "false"),
                ("deal_id", &id1),
                ("version", "1"),
            ],
        )
        .await;
        assert_eq!(won.status, StatusCode::OK, "{}", won.body);
        assert_eq!(won.json()["version"], Value::Null, "it left the board");
        let id2 = ids[1].to_string();
        let no_reason = call(
            &router,
            &cookie,
            "/api/lose_deal",
            &[
                ("query[mine]", "false"),
                ("deal_id", &id2),
                ("version", "1"),
                ("reason_id", "987654"),
            ],
        )
        .await;
        assert_eq!(
            no_reason.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            no_reason.body
        );
        assert!(
            no_reason.body.contains("lost_reason_id"),
            "{}",
            no_reason.body
        );
        let reason = b["reasons"][0][0].as_i64().unwrap().to_string();
        let lost = call(
            &router,
            &cookie,
            "/api/lose_deal",
            &[
                ("query[mine]", "false"),
                ("deal_id", &id2),
                ("version", "1"),
                ("reason_id", &reason),
                ("note", "Eligió a la competencia"),
            ],
        )
        .await;
        assert_eq!(lost.status, StatusCode::OK, "{}", lost.body);
        let b = board(&router, &cookie, &[]).await;
        assert_eq!(column(&b, stages[0])["header"]["count"], 0);
        aggregates_exact(&t.db, a.id).await;

        // Search by title and key.
        let found = board(&router, &cookie, &[("query[q]", "cuatro")]).await;
        assert_eq!(column(&found, stages[1])["header"]["count"], 1);
        assert_eq!(card_ids(column(&found, stages[1])), vec![ids[3]]);
    }
}

#[tokio::test]
async fn sellers_see_and_move_only_their_own_deals() {
    for t in databases().await {
        let a = account(&t.db, "Propios", "estandar").await;
        let other = account(&t.db, "Ajena", "estandar").await;
        let vendedor = user_id(&t.db, &a.vendedor).await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let ids = open_deals(
            &t.db,
            &a,
            &[
                ("Mío", 1_000, 0, vendedor),
                ("Del gerente", 2_000, 0, gerente),
            ],
        )
        .await;
        let foreign = open_deals(
            &t.db,
            &other,
            &[("Ajeno", 1, 0, user_id(&t.db, &other.gerente).await)],
        )
        .await;
        let router = router(&t.db);
        let cookie = login(&router, &a.vendedor).await;
        let b = board(&router, &cookie, &[]).await;
        let stage = b["columns"][0]["stage_id"].as_i64().unwrap();
        assert_eq!(card_ids(column(&b, stage)), vec![ids[0]]);
        assert_eq!(
            column(&b, stage)["header"]["count"],
            1,
            "totals count own deals only"
        );
        assert_eq!(
            b["owners"],
            Value::Array(vec![]),
            "no owner filter for them"
        );

        let s1 = b["columns"][1]["stage_id"].as_i64().unwrap();
        let try_move = |id: i64| move_deal(&router, &cookie, id, 1, s1, (None, None));
        assert_eq!(try_move(ids[1]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(try_move(foreign[0]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(try_move(ids[0]).await.status, StatusCode::OK);

        // A foreign pipeline is a field error, like a missing one.
        let foreign_pipeline = other.pipeline_id.to_string();
        let res = call(
            &router,
            &cookie,
            "/api/board",
            &[
                ("query[mine]", "false"),
                ("query[pipeline]", &foreign_pipeline),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    }
}

#[tokio::test]
async fn a_move_reaches_the_boards_open_on_another_server_within_a_second() {
    use futures::StreamExt;
    use tower::ServiceExt;
    for t in databases().await {
        let postgres = matches!(t.db, Db::Postgres(_));
        let a = account(&t.db, "Vivo", "estandar").await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let ids = open_deals(&t.db, &a, &[("En vivo", 5_000, 0, gerente)]).await;
        // Two app servers on one PostgreSQL; on SQLite there is one server.
        let server_a = router(&t.db);
        let server_b = if postgres {
            router(&t.db)
        } else {
            server_a.clone()
        };
        let cookie = login(&server_a, &a.gerente).await;
        let res = server_b
            .clone()
            .oneshot(get("/api/live/board", Some(&cookie), None))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let mut events = res.into_body().into_data_stream();
        // Let the listener of server B start hearing PostgreSQL.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;

        let b = board(&server_a, &cookie, &[]).await;
        let stage = b["columns"][1]["stage_id"].as_i64().unwrap();
        let started = std::time::Instant::now();
        let moved = move_deal(&server_a, &cookie, ids[0], 1, stage, (None, None)).await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
        let frame = tokio::time::timeout(std::time::Duration::from_secs(1), events.next())
            .await
            .expect("no event within a second")
            .unwrap()
            .unwrap();
        let text = String::from_utf8_lossy(&frame).into_owned();
        assert!(text.contains("event: board"), "{text}");
        assert!(text.contains(&format!("data: {}", a.pipeline_id)), "{text}");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));

        // Without a session there is no stream.
        let anonymous = server_b
            .clone()
            .oneshot(get("/api/live/board", None, None))
            .await
            .unwrap();
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn the_deal_page_tells_its_history_and_takes_comments_and_reopening() {
    for t in databases().await {
        let a = account(&t.db, "Pagina", "estandar").await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let ids = open_deals(&t.db, &a, &[("Con historia", 12_345, 0, gerente)]).await;
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let b = board(&router, &cookie, &[]).await;
        let (s0, s1) = (
            b["columns"][0]["name"].as_str().unwrap().to_string(),
            b["columns"][1]["stage_id"].as_i64().unwrap(),
        );
        let s1_name = b["columns"][1]["name"].as_str().unwrap().to_string();
        assert_eq!(
            move_deal(&router, &cookie, ids[0], 1, s1, (None, None))
                .await
                .status,
            StatusCode::OK
        );
        let reason = b["reasons"][0][0].as_i64().unwrap().to_string();
        let id = ids[0].to_string();
        let lost = call(
            &router,
            &cookie,
            "/api/lose_deal",
            &[
                ("query[mine]", "false"),
                ("deal_id", &id),
                ("version", "2"),
                ("reason_id", &reason),
            ],
        )
        .await;
        assert_eq!(lost.status, StatusCode::OK, "{}", lost.body);
        let key = column(&b, b["columns"][0]["stage_id"].as_i64().unwrap())["cards"][0]["key"]
            .as_str()
            .unwrap()
            .to_string();

        let page = |cookie: String| {
            let (router, key) = (router.clone(), key.clone());
            async move { call(&router, &cookie, "/api/deal", &[("key", &key)]).await }
        };
        let p = page(cookie.clone()).await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        let p = p.json();
        assert_eq!(p["status"], "lost");
        assert_eq!(p["value"], "$123.45");
        let kinds: Vec<&str> = p["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["Created", "StageChanged", "Lost"]);
        assert_eq!(p["history"][0]["detail"], s0.as_str());
        assert_eq!(p["history"][1]["detail"], format!("{s0} → {s1_name}"));
        assert_eq!(p["history"][1]["actor"], "Usuario gerente");

        // Comments: an empty one is named and refused; a good one shows.
        let empty = call(
            &router,
            &cookie,
            "/api/add_comment",
            &[("deal_id", &id), ("body", "  ")],
        )
        .await;
        assert_eq!(
            empty.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            empty.body
        );
        assert!(empty.body.contains("body"), "{}", empty.body);
        let ok = call(
            &router,
            &cookie,
            "/api/add_comment",
            &[("deal_id", &id), ("body", "Llamar el lunes")],
        )
        .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);

        // Reopen: a stale version is refused; the current one reopens.
        let stale = call(
            &router,
            &cookie,
            "/api/reopen_deal",
            &[("deal_id", &id), ("version", "2")],
        )
        .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
        let reopened = call(
            &router,
            &cookie,
            "/api/reopen_deal",
            &[("deal_id", &id), ("version", "3")],
        )
        .await;
        assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.body);
        let p = page(cookie.clone()).await.json();
        assert_eq!(p["status"], "open");
        assert_eq!(p["comments"][0]["body"], "Llamar el lunes");
        assert_eq!(
            p["history"].as_array().unwrap().last().unwrap()["kind"],
            "Reopened"
        );
        aggregates_exact(&t.db, a.id).await;

        // A seller may not see the gerente's deal; another account's is missing.
        let seller = login(&router, &a.vendedor).await;
        assert_eq!(page(seller).await.status, StatusCode::FORBIDDEN);
        let other = account(&t.db, "OtraPagina", "estandar").await;
        let stranger = login(&router, &other.gerente).await;
        assert_eq!(page(stranger).await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_new_deal_names_every_bad_field_and_writes_nothing_until_right() {
    for t in databases().await {
        let a = account(&t.db, "Nuevos", "estandar").await;
        let other = account(&t.db, "NuevosAjena", "estandar").await;
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let b = board(&router, &cookie, &[]).await;
        let stage = b["columns"][0]["stage_id"].as_i64().unwrap().to_string();
        let bad = call(
            &router,
            &cookie,
            "/api/create_deal",
            &[
                ("input[title]", "  "),
                ("input[value]", "12.345"),
                ("input[stage_id]", "x"),
                ("input[owner_id]", ""),
                ("input[expected_close_date]", "2026-02-30"),
            ],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        for field in ["title", "value", "stage_id", "expected_close_date"] {
            assert!(bad.body.contains(field), "{field} missing: {}", bad.body);
        }
        assert!(bad.body.contains("too_many_decimals"), "{}", bad.body);
        let foreign_stage = {
            let mut conn = t.db.read().await.unwrap();
            app::ssr::pipelines::db::list(&mut conn.ex(), other.id)
                .await
                .unwrap()[0]
                .stages[0]
                .id
                .to_string()
        };
        let form = |title: &'static str, value: &'static str, stage: String, owner: String| {
            vec![
                ("input[title]", title.to_string()),
                ("input[value]", value.to_string()),
                ("input[stage_id]", stage),
                ("input[owner_id]", owner),
                ("input[expected_close_date]", "2026-12-15".to_string()),
            ]
        };
        let send_form = |cookie: String, f: Vec<(&'static str, String)>| {
            let router = router.clone();
            async move {
                let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                call(&router, &cookie, "/api/create_deal", &pairs).await
            }
        };
        let foreign = send_form(
            cookie.clone(),
            form("Ajeno", "1", foreign_stage, String::new()),
        )
        .await;
        assert_eq!(
            foreign.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            foreign.body
        );
        assert!(foreign.body.contains("stage_id"), "{}", foreign.body);
        let b = board(&router, &cookie, &[]).await;
        assert_eq!(
            column(&b, stage.parse().unwrap())["header"]["count"],
            0,
            "nothing written"
        );

        let ok = send_form(
            cookie.clone(),
            form(
                "Licencias anuales",
                "12,500.50",
                stage.clone(),
                String::new(),
            ),
        )
        .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        let b = board(&router, &cookie, &[]).await;
        let first = column(&b, stage.parse().unwrap());
        assert_eq!(first["header"]["count"], 1);
        assert_eq!(first["header"]["total"], "$12,500.50");
        assert_eq!(first["cards"][0]["title"], "Licencias anuales");
        aggregates_exact(&t.db, a.id).await;

        // A seller creates deals in their own name only.
        let seller = login(&router, &a.vendedor).await;
        let gerente = user_id(&t.db, &a.gerente).await.to_string();
        let refused = send_form(
            seller.clone(),
            form("Para otro", "1", stage.clone(), gerente),
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert!(refused.body.contains("not_allowed"), "{}", refused.body);
        let mine = send_form(seller, form("Mío", "1", stage, String::new())).await;
        assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    }
}

#[tokio::test]
async fn the_deal_list_filters_sorts_pages_and_checks_its_query() {
    for t in databases().await {
        let a = account(&t.db, "Lista", "estandar").await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let vendedor = user_id(&t.db, &a.vendedor).await;
        open_deals(
            &t.db,
            &a,
            &[
                ("Barato", 100, 0, gerente),
                ("Caro", 900_000, 1, gerente),
                ("Medio", 50_000, 0, vendedor),
            ],
        )
        .await;
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let list = |cookie: String, form: Vec<(&'static str, &'static str)>| {
            let router = router.clone();
            async move { call(&router, &cookie, "/api/list_deals", &form).await }
        };
        let by_value = list(
            cookie.clone(),
            vec![("query[sort]", "value"), ("query[dir]", "asc")],
        )
        .await;
        assert_eq!(by_value.status, StatusCode::OK, "{}", by_value.body);
        let v = by_value.json();
        let titles: Vec<&str> = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["Barato", "Medio", "Caro"]);
        assert_eq!(v["total"], 3);
        assert_eq!(v["rows"][2]["value"], "$9,000.00");
        let found = list(cookie.clone(), vec![("query[q]", "MED")]).await.json();
        assert_eq!(found["total"], 1);
        let won = list(cookie.clone(), vec![("query[status]", "won")])
            .await
            .json();
        assert_eq!(won["total"], 0);
        assert_eq!(
            v["owners"].as_array().unwrap().len(),
            3,
            "admin, gerente, vendedor"
        );
        let vendedor_id = vendedor.to_string();
        let theirs = call(
            &router,
            &cookie,
            "/api/list_deals",
            &[("query[owner]", &vendedor_id)],
        )
        .await
        .json();
        assert_eq!(theirs["total"], 1);
        assert_eq!(theirs["rows"][0]["title"], "Medio");
        for (field, value) in [
            ("query[sort]", "owner_id; DROP TABLE deals"),
            ("query[status]", "x"),
            ("query[dir]", "up"),
            ("query[owner]", "uno"),
            ("query[after]", "dos"),
        ] {
            let bad = list(cookie.clone(), vec![(field, value)]).await;
            assert_eq!(
                bad.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{field}: {}",
                bad.body
            );
        }
        let seller = login(&router, &a.vendedor).await;
        // Asking for someone else's deals still lists only the seller's own.
        let gerente_id = gerente.to_string();
        let own = call(
            &router,
            &seller,
            "/api/list_deals",
            &[("query[owner]", &gerente_id)],
        )
        .await
        .json();
        assert_eq!(own["total"], 1, "a seller lists their own deals: {own}");
        assert_eq!(own["rows"][0]["title"], "Medio");
    }
}

#[tokio::test]
async fn a_long_column_pages_forward_and_back() {
    for t in databases().await {
        let a = account(&t.db, "Columna", "estandar").await;
        let owner = user_id(&t.db, &a.vendedor).await;
        let titles: Vec<String> = (0..100).map(|i| format!("Trato {i:03}")).collect();
        let specs: Vec<(&str, i64, usize, i64)> =
            titles.iter().map(|t| (t.as_str(), 100, 0, owner)).collect();
        let ids = open_deals(&t.db, &a, &specs).await;
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let b = board(&router, &cookie, &[]).await;
        let stage = b["columns"][0]["stage_id"].as_i64().unwrap();
        let first = column(&b, stage);
        assert_eq!(card_ids(first), ids[..40], "{}", t.name);
        assert_eq!(
            (first["more"].as_bool(), first["earlier"].as_bool()),
            (Some(true), Some(false))
        );
        let position =
            |c: &Value, i: usize| c["cards"][i]["position"].as_f64().unwrap().to_string();
        let page = |answer: &Answer| -> (Vec<i64>, bool) {
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            let v = answer.json();
            let cards = v[0]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_i64().unwrap())
                .collect();
            (cards, v[1].as_bool().unwrap())
        };
        let stage_s = stage.to_string();
        let more = |edge: &'static str, at: String| {
            let (router, cookie, stage_s) = (router.clone(), cookie.clone(), stage_s.clone());
            async move {
                let form = [
                    ("query[mine]", "false"),
                    ("stage_id", stage_s.as_str()),
                    (edge, at.as_str()),
                ];
                call(&router, &cookie, "/api/board_cards", &form).await
            }
        };
        let (second, more_after) = page(&more("after", position(first, 39)).await);
        assert_eq!((second.as_slice(), more_after), (&ids[40..80], true));
        // Back from the second page's first card: the first page again.
        let at = {
            let answer = more("after", position(first, 39)).await;
            answer.json()[0][0]["position"]
                .as_f64()
                .unwrap()
                .to_string()
        };
        let (back, earlier) = page(&more("before", at).await);
        assert_eq!((back.as_slice(), earlier), (&ids[..40], false));
        // Before the 21st card: the 20 nearest, and none earlier.
        let (back, earlier) = page(&more("before", position(first, 20)).await);
        assert_eq!((back.as_slice(), earlier), (&ids[..20], false));
        // Exactly one of after and before.
        let neither = call(
            &router,
            &cookie,
            "/api/board_cards",
            &[("query[mine]", "false"), ("stage_id", &stage_s)],
        )
        .await;
        assert_eq!(
            neither.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            neither.body
        );
        let both = call(
            &router,
            &cookie,
            "/api/board_cards",
            &[
                ("query[mine]", "false"),
                ("stage_id", &stage_s),
                ("after", "1"),
                ("before", "2"),
            ],
        )
        .await;
        assert_eq!(
            both.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            both.body
        );
    }
}
