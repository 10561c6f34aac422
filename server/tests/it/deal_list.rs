//! The `/crm/tratos` list through the real router on SQLite and
//! PostgreSQL: keyset pages in every order, forward and back, with ties;
//! the capped count; the text index (title, key, organization; accents and
//! case folded) following every write in its transaction; bad cursors named.
use crate::common::*;
use app::ssr::accounts::provision;
use http::{Method, StatusCode};
use serde_json::{Value, json};

/// The list as the gerente's browser asks for it.
async fn list(router: &axum::Router, cookie: &str, form: &[(&str, &str)]) -> Value {
    let form = if form.is_empty() {
        &[("query[q]", "")][..]
    } else {
        form
    };
    let answer = call(router, cookie, "/api/list_deals", form).await;
    assert_eq!(answer.status, StatusCode::OK, "{form:?}: {}", answer.body);
    answer.json()
}

fn keys(page: &Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect()
}

/// Every key of the list, page after page, and the same read back from
/// the last page through "previous".
async fn walk(
    router: &axum::Router,
    cookie: &str,
    base: &[(&str, &str)],
) -> (Vec<String>, Vec<String>) {
    let mut forward = vec![];
    let mut pages = vec![];
    let mut at: Option<String> = None;
    loop {
        let mut form = base.to_vec();
        if let Some(a) = &at {
            form.push(("query[after]", a));
        }
        let page = list(router, cookie, &form).await;
        assert!(page["rows"].as_array().unwrap().len() <= 50);
        forward.extend(keys(&page));
        pages.push(page.clone());
        match page["next"].as_str() {
            Some(next) => at = Some(next.to_string()),
            None => break,
        }
    }
    assert!(
        pages[0]["previous"].is_null(),
        "the first page has no previous"
    );
    let mut backward = keys(pages.last().unwrap());
    let mut before = pages.last().unwrap()["previous"]
        .as_str()
        .map(str::to_string);
    while let Some(b) = before {
        let mut form = base.to_vec();
        form.push(("query[before]", &b));
        let page = list(router, cookie, &form).await;
        let mut k = keys(&page);
        k.extend(backward);
        backward = k;
        before = page["previous"].as_str().map(str::to_string);
    }
    (forward, backward)
}

/// Where a deal comes in an order: (number, text, id), ascending.
type Rank = (i64, String, i64);
/// The rank of a deal spec (title, value, stage, owner) with its id.
type RankOf = fn(&(String, i64, usize, i64), i64) -> Rank;

#[tokio::test]
async fn the_deal_list_pages_by_keyset_in_every_order_and_both_ways() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Páginas", "estandar").await;
        let gerente = user_id(&t.db, &a.gerente).await;
        let vendedor = user_id(&t.db, &a.vendedor).await;
        // 130 deals: values with many ties, titles out of id order, two owners.
        let specs: Vec<(String, i64, usize, i64)> = (0..130_i64)
            .map(|i| {
                let owner = if i % 3 == 0 { vendedor } else { gerente };
                (
                    format!("Trato {:03}", (i * 37) % 130),
                    (i % 7) * 100,
                    (i % 3) as usize,
                    owner,
                )
            })
            .collect();
        let borrowed: Vec<(&str, i64, usize, i64)> = specs
            .iter()
            .map(|(t, v, s, o)| (t.as_str(), *v, *s, *o))
            .collect();
        let ids = open_deals(&t.db, &a, &borrowed).await;
        // Every fourth deal won (the list reads statuses through their own ranges).
        run_sql(
            &t.db,
            &format!(
                "UPDATE deals SET status = 'won', won_at = created_at WHERE account_id = {} AND id % 4 = 0",
                a.id
            ),
        )
        .await;
        let key_of = |i: usize| format!("T-{:06}", i + 1);
        let won = |i: usize| ids[i] % 4 == 0;
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let orders: [(&str, &str, RankOf); 3] = [
            ("created", "desc", |_, id| (0, String::new(), -id)),
            ("value", "desc", |s, id| (-s.1, String::new(), -id)),
            ("title", "asc", |s, id| (0, s.0.clone(), id)),
        ];
        for (sort, dir, rank) in orders {
            for status in ["", "open", "won"] {
                let mut expected: Vec<(Rank, String)> = (0..specs.len())
                    .filter(|i| match status {
                        "open" => !won(*i),
                        "won" => won(*i),
                        _ => true,
                    })
                    .map(|i| (rank(&specs[i], ids[i]), key_of(i)))
                    .collect();
                expected.sort();
                let expected: Vec<String> = expected.into_iter().map(|(_, k)| k).collect();
                let base = [
                    ("query[sort]", sort),
                    ("query[dir]", dir),
                    ("query[status]", status),
                ];
                let (forward, backward) = walk(&router, &cookie, &base).await;
                assert_eq!(forward, expected, "{name}: {sort} {dir} {status}");
                assert_eq!(backward, expected, "{name}: back, {sort} {dir} {status}");
                // The other direction is the exact reverse.
                let other = if dir == "asc" { "desc" } else { "asc" };
                let base = [
                    ("query[sort]", sort),
                    ("query[dir]", other),
                    ("query[status]", status),
                ];
                let (mut reversed, _) = walk(&router, &cookie, &base).await;
                reversed.reverse();
                assert_eq!(reversed, expected, "{name}: {sort} {other} {status}");
            }
        }
        // One owner's deals, and a seller sees only their own whatever they ask.
        let vendedor_s = vendedor.to_string();
        let theirs = walk(&router, &cookie, &[("query[owner]", &vendedor_s)])
            .await
            .0;
        assert_eq!(
            theirs.len(),
            (0..130).filter(|i| i % 3 == 0).count(),
            "{name}"
        );
        let seller = login(&router, &a.vendedor).await;
        let gerente_s = gerente.to_string();
        let own = walk(&router, &seller, &[("query[owner]", &gerente_s)])
            .await
            .0;
        assert_eq!(own, theirs, "{name}: a seller lists their own deals");
        let first = list(&router, &cookie, &[]).await;
        assert_eq!(
            (first["total"].as_i64(), first["more_than"].as_bool()),
            (Some(130), Some(false))
        );
        // Cursors are checked: the wrong shape for the order, both ways at once.
        for form in [
            vec![("query[after]", "12")],
            vec![("query[after]", "x.1")],
            vec![("query[after]", "-1.1")],
            vec![("query[sort]", "value"), ("query[after]", "5.mucho")],
            // PostgreSQL takes no NUL in text: refused before it gets there.
            vec![("query[sort]", "title"), ("query[after]", "5.a\u{0}b")],
        ] {
            let bad = call(&router, &cookie, "/api/list_deals", &form).await;
            refused(&bad, "after", "invalid", name);
        }
        let both = call(
            &router,
            &cookie,
            "/api/list_deals",
            &[("query[after]", "1.1"), ("query[before]", "1.1")],
        )
        .await;
        refused(&both, "before", "invalid", name);
        // A title cursor may hold any text, quotes and all.
        let odd = list(
            &router,
            &cookie,
            &[
                ("query[sort]", "title"),
                ("query[after]", "3.Trato 050' OR 1=1 --"),
            ],
        )
        .await;
        assert_eq!(keys(&odd).len(), 50, "{name}");
    }
}

#[tokio::test]
async fn the_count_stops_at_a_thousand() {
    for t in databases().await {
        let a = account(&t.db, "Miles", "estandar").await;
        let owner = user_id(&t.db, &a.vendedor).await;
        open_deals(&t.db, &a, &[("Plantilla", 100, 0, owner)]).await;
        run_sql(
            &t.db,
            &format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) \
                 INSERT INTO deals (account_id, key, title, value_minor, currency, base_value_minor, \
                   pipeline_id, stage_id, position, status, owner_id, created_at, updated_at, stage_entered_at) \
                 SELECT d.account_id, 'C-' || CAST(n.i AS TEXT), 'Copia ' || CAST(n.i AS TEXT), d.value_minor, \
                   d.currency, d.base_value_minor, d.pipeline_id, d.stage_id, d.position + n.i, d.status, \
                   d.owner_id, d.created_at, d.updated_at, d.stage_entered_at \
                 FROM n, deals d WHERE d.account_id = {}",
                a.id
            ),
        )
        .await;
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let all = list(&router, &cookie, &[]).await;
        assert_eq!(
            (all["total"].as_i64(), all["more_than"].as_bool()),
            (Some(1000), Some(true)),
            "{}",
            t.name
        );
        // The copies were indexed by the insert itself.
        let copies = list(&router, &cookie, &[("query[q]", "C-99")]).await;
        let mut found = keys(&copies);
        found.sort();
        assert_eq!(
            found,
            [
                "C-99", "C-990", "C-991", "C-992", "C-993", "C-994", "C-995", "C-996", "C-997",
                "C-998", "C-999"
            ],
            "{}",
            t.name
        );
    }
}

#[tokio::test]
async fn text_search_finds_title_key_and_organization_after_every_write() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Búsqueda", "estandar").await;
        let token = provision::create_token(&t.db, &a.gerente, "busca")
            .await
            .unwrap();
        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let rest = |method: Method, path: String, body: Option<Value>| {
            let (router, token) = (router.clone(), token.clone());
            async move { send(&router, with_token(method.as_str(), &path, &token, body)).await }
        };
        let found = |q: &'static str| {
            let (router, cookie) = (router.clone(), cookie.clone());
            async move { keys(&list(&router, &cookie, &[("query[q]", q)]).await) }
        };
        let org = rest(
            Method::POST,
            "/api/v1/organizations".into(),
            Some(json!({"name": "Ferretería Núñez"})),
        )
        .await;
        assert_eq!(org.status, StatusCode::CREATED, "{name}: {}", org.body);
        let org_id = org.json()["id"].as_i64().unwrap();
        let stages = stage_ids(&t.db, a.id).await;
        let mut deals = vec![];
        for (title, org) in [
            ("Tornillería para obra", Some(org_id)),
            ("Licencias anuales", None),
            ("Pintura exterior", Some(org_id)),
        ] {
            let d = rest(
                Method::POST,
                "/api/v1/deals".into(),
                Some(json!({"title": title, "value": "10.00", "stage_id": stages[0]})),
            )
            .await;
            assert_eq!(d.status, StatusCode::CREATED, "{name}: {}", d.body);
            let id = d.json()["id"].as_i64().unwrap();
            // Deals get their organization from imports (the forms do not set it yet).
            if let Some(org) = org {
                run_sql(
                    &t.db,
                    &format!("UPDATE deals SET organization_id = {org} WHERE id = {id}"),
                )
                .await;
            }
            deals.push((id, d.json()["key"].as_str().unwrap().to_string()));
        }
        let (k1, k2, k3) = (deals[0].1.clone(), deals[1].1.clone(), deals[2].1.clone());
        // Newest first; accents and case folded both ways; key and organization found.
        assert_eq!(
            found("FERRETERIA").await,
            [k3.clone(), k1.clone()],
            "{name}"
        );
        assert_eq!(found("núñez pintura").await, vec![k3.clone()], "{name}");
        assert_eq!(found("licéncias").await, vec![k2.clone()], "{name}");
        assert_eq!(found("000002").await, vec![k2.clone()], "{name}");
        assert!(found("ferretería inexistente").await.is_empty(), "{name}");
        let short = list(&router, &cookie, &[("query[q]", "ab")]).await;
        assert_eq!(
            (
                short["short_search"].as_bool(),
                short["rows"].as_array().unwrap().len()
            ),
            (Some(true), 0)
        );
        // A renamed organization is found by its new name only.
        let renamed = rest(
            Method::PATCH,
            format!("/api/v1/organizations/{org_id}"),
            Some(json!({"name": "Aceros del Golfo"})),
        )
        .await;
        assert_eq!(renamed.status, StatusCode::OK, "{name}: {}", renamed.body);
        assert!(found("ferreteria").await.is_empty(), "{name}");
        assert_eq!(found("golfo").await, [k3.clone(), k1.clone()], "{name}");
        // A deal's new title and new organization.
        let (id2, _) = deals[1].clone();
        let patched = rest(
            Method::PATCH,
            format!("/api/v1/deals/{id2}"),
            Some(json!({"version": 1, "title": "Soporte técnico"})),
        )
        .await;
        assert_eq!(patched.status, StatusCode::OK, "{name}: {}", patched.body);
        run_sql(
            &t.db,
            &format!("UPDATE deals SET organization_id = {org_id} WHERE id = {id2}"),
        )
        .await;
        assert!(found("licencias").await.is_empty(), "{name}");
        assert_eq!(found("tecnico golfo").await, vec![k2.clone()], "{name}");
        // A deleted organization leaves its deals, found by their titles only.
        let gone = rest(
            Method::DELETE,
            format!("/api/v1/organizations/{org_id}"),
            None,
        )
        .await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{name}: {}", gone.body);
        assert!(found("golfo").await.is_empty(), "{name}");
        assert_eq!(found("pintura").await, vec![k3.clone()], "{name}");
        // A deleted deal is gone from the index.
        let (id3, _) = deals[2].clone();
        let deleted = rest(
            Method::DELETE,
            format!("/api/v1/deals/{id3}?version=1"),
            None,
        )
        .await;
        assert_eq!(
            deleted.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            deleted.body
        );
        assert!(found("pintura").await.is_empty(), "{name}");
        // Another account's deals are never found.
        let other = account(&t.db, "Ajena", "estandar").await;
        let theirs = login(&router, &other.gerente).await;
        assert!(
            keys(&list(&router, &theirs, &[("query[q]", "tornilleria")]).await).is_empty(),
            "{name}"
        );
        // Search results page newest first, 50 at a time.
        let owner = user_id(&t.db, &a.vendedor).await;
        let titles: Vec<String> = (0..60).map(|i| format!("Bomba de agua {i}")).collect();
        let specs: Vec<(&str, i64, usize, i64)> =
            titles.iter().map(|t| (t.as_str(), 100, 0, owner)).collect();
        open_deals(&t.db, &a, &specs).await;
        let (pages, back) = walk(&router, &cookie, &[("query[q]", "bomba")]).await;
        assert_eq!(pages.len(), 60, "{name}");
        assert_eq!(pages, back, "{name}");
        let mut sorted = pages.clone();
        sorted.sort();
        sorted.reverse();
        assert_eq!(pages, sorted, "{name}: newest first");
    }
}
