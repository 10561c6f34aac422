//! `embudo-bench lists`, quotes: the account's quotes grown to one every
//! [`EVERY`] deals (written once, by the bench), then `/crm/cotizaciones`
//! (the `list_quotes` server function) first page, by state (vencidas:
//! sent and past their validity), 100 pages deep, and `GET /api/v1/quotes`
//! first and 100 pages deep; and a deal with 50 lines: its page, its
//! lines priced (`preview_deal_lines`) and saved, the PDF of its 50-line
//! quote, and its nota de venta as the CFDI request
//! (`/sale-notes/{id}/cfdi`).
use super::lists::{get, json_call, time, urlencode};
use app::ssr::db::Db;
use app::ssr::quotes::db as quotes;
use axum::Router;
use load::form_post;

type Failure = Box<dyn std::error::Error>;

/// One quote for every this many deals.
const EVERY: i64 = 5;
/// Lines of the deal and quote whose page, pricing and PDF are measured.
const LINES: usize = 50;

/// The form of 50 lines (`lines[i][field]`).
fn fifty_lines() -> String {
    (0..LINES)
        .map(|i| {
            format!(
                "lines[{i}][description]={}&lines[{i}][quantity]={}&lines[{i}][unit_price]={}.{:02}&lines[{i}][discount]={}&lines[{i}][iva]={}",
                urlencode(&format!("Partida {i} de la obra: material y mano de obra")),
                if i % 3 == 0 { "1.5" } else { "2" },
                100 + i * 37,
                i,
                if i % 5 == 0 { "10" } else { "" },
                ["16", "8", "0", "exempt"][i % 4]
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn run(
    db: &Db,
    router: &Router,
    (cookie, token): (&str, &str),
    account_id: i64,
    requests: usize,
) -> Result<(), Failure> {
    let have = {
        let mut conn = db.read().await?;
        quotes::account_count(&mut conn.ex(), account_id, 1).await?
    };
    if have == 0 {
        let mut tx = db.begin().await?;
        let made = quotes::fill_from_deals(&mut tx.ex(), account_id, EVERY).await?;
        tx.commit().await?;
        println!("   ({made} quotes written, one every {EVERY} deals)");
    }
    println!("-- /crm/cotizaciones (server function list_quotes, 50 rows)");
    let call = |path: &'static str, form: String| {
        let cookie = cookie.to_string();
        move || form_post("127.0.0.1", path, form.clone(), Some(&cookie))
    };
    for (name, form) in [
        ("quotes", ""),
        ("quotes accepted", "query[state]=accepted"),
        ("quotes expired", "query[state]=expired"),
        ("quotes draft", "query[state]=draft"),
    ] {
        let (samples, _) = time(router, requests, call("/api/list_quotes", form.into())).await?;
        super::report(name, samples);
    }
    let mut samples = vec![];
    let mut after: Option<String> = None;
    for _ in 0..100 {
        let form = after
            .as_ref()
            .map(|a| format!("query[after]={}", urlencode(a)))
            .unwrap_or_default();
        let (mut s, body) = time(router, 1, call("/api/list_quotes", form)).await?;
        samples.append(&mut s);
        let v: serde_json::Value = serde_json::from_slice(&body)?;
        match v["pages"]["next"].as_str() {
            Some(n) => after = Some(n.to_string()),
            None => break,
        }
    }
    super::report("quotes deep", samples);
    println!("-- GET /api/v1/quotes (limit 50)");
    let (samples, _) = time(router, requests, get("/api/v1/quotes", None, Some(token))).await?;
    super::report("rest quotes", samples);
    let mut samples = vec![];
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let path = match &cursor {
            Some(c) => format!("/api/v1/quotes?cursor={c}"),
            None => "/api/v1/quotes".to_string(),
        };
        let (mut s, body) = time(router, 1, get(&path, None, Some(token))).await?;
        samples.append(&mut s);
        let v: serde_json::Value = serde_json::from_slice(&body)?;
        match v["next"].as_str() {
            Some(n) => cursor = Some(n.to_string()),
            None => break,
        }
    }
    super::report("rest quotes deep", samples);

    // A deal of 50 lines: the newest open one.
    let (_, body) = time(
        router,
        1,
        get("/api/v1/deals?status=open&limit=1", None, Some(token)),
    )
    .await?;
    let deal: serde_json::Value = serde_json::from_slice(&body)?;
    let deal = &deal["items"][0];
    let (id, key) = (
        deal["id"].as_i64().ok_or("no open deal")?,
        deal["key"].as_str().ok_or("no key")?.to_string(),
    );
    let version = deal["version"].as_i64().ok_or("no version")?;
    let lines = fifty_lines();
    println!("-- a deal with {LINES} lines");
    let (samples, _) = time(
        router,
        requests,
        call(
            "/api/preview_deal_lines",
            format!("deal_id={id}&value_from_lines=false&{lines}"),
        ),
    )
    .await?;
    super::report("lines preview", samples);
    let (samples, _) = time(
        router,
        1,
        call(
            "/api/save_deal_lines",
            format!("deal_id={id}&version={version}&value_from_lines=false&{lines}"),
        ),
    )
    .await?;
    super::report("lines save", samples);
    let (samples, _) = time(router, requests, call("/api/deal", format!("key={key}"))).await?;
    super::report("deal page", samples);
    time(
        router,
        1,
        call("/api/create_quote", format!("deal_id={id}")),
    )
    .await?;
    let (_, body) = time(router, 1, call("/api/deal", format!("key={key}"))).await?;
    let page: serde_json::Value = serde_json::from_slice(&body)?;
    let quote = page["quotes"][0]["id"].as_i64().ok_or("no quote")?;
    println!("-- the PDF of a {LINES}-line quote");
    let (samples, body) = time(
        router,
        requests,
        get(&format!("/api/v1/quotes/{quote}/pdf"), None, Some(token)),
    )
    .await?;
    super::report("quote pdf", samples);
    println!("   ({} bytes)", body.len());
    // Sent, accepted and noted: the note's invoice request.
    let step = |what: &str, body: serde_json::Value| {
        let path = format!("/api/v1/quotes/{quote}/{what}");
        json_call("POST", &path, token, body)
    };
    let (_, body) = time(router, 1, step("send", serde_json::json!({"version": 1}))).await?;
    let sent: serde_json::Value = serde_json::from_slice(&body)?;
    let accept = serde_json::json!({"version": sent["version"], "name": "Bench"});
    time(router, 1, step("accept", accept)).await?;
    let (_, body) = time(router, 1, step("sale-note", serde_json::json!({}))).await?;
    let note: serde_json::Value = serde_json::from_slice(&body)?;
    let note = note["id"].as_i64().ok_or("no note")?;
    println!("-- the CFDI request of a {LINES}-line nota de venta");
    let path = format!("/api/v1/sale-notes/{note}/cfdi");
    let (samples, body) = time(router, requests, get(&path, None, Some(token))).await?;
    super::report("note cfdi", samples);
    println!("   ({} bytes)", body.len());
    Ok(())
}
