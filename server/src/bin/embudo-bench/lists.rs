//! `embudo-bench lists`: the lists of a large account through the real
//! router, as the gerente demo user: the `/crm/tratos` server function in
//! every sort and filter, text search, deep pages (100 pages down through
//! the pager), the whole page rendered; the REST deal list under each filter,
//! deep, and with a text filter; an export with a text filter; and the CSV
//! export of every deal (rows per second, and how much the process grew
//! while it streamed); then the product catalogue (see [`super::products`]).
use app::ssr::auth::guard::Actor;
use app::ssr::db::Db;
use app::ssr::pipelines::db as pipelines;
use app::ssr::users::db as users;
use axum::Router;
use axum::body::Body;
use futures::StreamExt;
use http::{Request, header};
use load::{Client, form_post};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const HOST: &str = "127.0.0.1";

type Failure = Box<dyn std::error::Error>;

/// Times `requests` answers of one request (the whole body read).
pub(crate) async fn time(
    router: &Router,
    requests: usize,
    make: impl Fn() -> Request<Body>,
) -> Result<(Vec<Duration>, Vec<u8>), Failure> {
    let mut samples = Vec::with_capacity(requests);
    let mut last = vec![];
    for _ in 0..requests {
        let req = make();
        let path = req.uri().to_string();
        let t = Instant::now();
        let res = router.clone().oneshot(req).await?;
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
        samples.push(t.elapsed());
        if !status.is_success() {
            return Err(format!(
                "{path} answered {status}: {}",
                String::from_utf8_lossy(&body)
            )
            .into());
        }
        last = body.to_vec();
    }
    Ok((samples, last))
}

fn list_fn(cookie: &str, form: &str) -> impl Fn() -> Request<Body> {
    let (cookie, form) = (cookie.to_string(), form.to_string());
    move || form_post(HOST, "/api/list_deals", form.clone(), Some(&cookie))
}

pub(crate) fn get(
    path: &str,
    cookie: Option<&str>,
    token: Option<&str>,
) -> impl Fn() -> Request<Body> {
    let (path, cookie, token) = (
        path.to_string(),
        cookie.map(str::to_string),
        token.map(str::to_string),
    );
    move || {
        let mut req = Request::get(&path).header(header::HOST, HOST);
        if let Some(c) = &cookie {
            req = req.header(header::COOKIE, c);
        }
        if let Some(t) = &token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        req.body(Body::empty()).expect("request")
    }
}

/// A REST call of `method` with a JSON `body`, as the API token `token`.
pub(crate) fn json_call(
    method: &str,
    path: &str,
    token: &str,
    body: serde_json::Value,
) -> impl Fn() -> Request<Body> + use<> {
    let (method, path, token) = (method.to_string(), path.to_string(), token.to_string());
    move || {
        Request::builder()
            .method(method.as_str())
            .uri(&path)
            .header(header::HOST, HOST)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request")
    }
}

fn rows_of(body: &[u8]) -> usize {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["rows"].as_array().or(v["items"].as_array()).map(Vec::len))
        .unwrap_or(0)
}

/// Resident memory of this process (KiB), from /proc.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

pub async fn run(
    db: &Db,
    router: &Router,
    client: &Client,
    actor: &Actor,
    requests: usize,
) -> Result<(), Failure> {
    let cookie = client.cookie();
    // BENCH_ONLY=quotes: the quotes and the 50-line deal alone.
    if std::env::var("BENCH_ONLY").as_deref() == Ok("quotes") {
        let token =
            app::ssr::accounts::provision::create_token(db, super::GERENTE, "bench").await?;
        return super::quotes::run(db, router, (cookie, &token), actor.account_id, requests).await;
    }
    let mut conn = db.read().await?;
    let owners = users::active_names(&mut conn.ex(), actor.account_id).await?;
    let pipeline = pipelines::list(&mut conn.ex(), actor.account_id)
        .await?
        .remove(0);
    drop(conn);
    let seller = owners
        .iter()
        .find(|(_, n)| n.contains("Vendedor") || n.contains("vendedor"))
        .unwrap_or(&owners[0])
        .0;
    let stage = pipeline.stages[1].id;

    println!("-- /crm/tratos (server function list_deals, 50 rows)");
    let cases: Vec<(&str, String)> = vec![
        ("newest", "query[q]=".into()),
        ("value desc", "query[sort]=value".into()),
        ("value asc", "query[sort]=value&query[dir]=asc".into()),
        ("title", "query[sort]=title".into()),
        ("open", "query[status]=open".into()),
        ("lost value", "query[status]=lost&query[sort]=value".into()),
        ("owner", format!("query[owner]={seller}")),
        (
            "owner won title",
            format!("query[owner]={seller}&query[status]=won&query[sort]=title"),
        ),
        ("q title word", "query[q]=consultoria".into()),
        ("q org", "query[q]=farmacias".into()),
        ("q org rare", "query[q]=chihuahuense".into()),
        ("q two words", "query[q]=equipo+maya".into()),
        ("q key", "query[q]=T-0500000".into()),
        ("q nothing", "query[q]=zzzzzz".into()),
        (
            "q open owner",
            format!("query[q]=licencias&query[status]=open&query[owner]={seller}"),
        ),
    ];
    for (name, form) in &cases {
        let (samples, body) = time(router, requests, list_fn(cookie, form)).await?;
        super::report(name, samples);
        let _ = rows_of(&body);
    }
    // 100 pages down, each through the previous page's cursor.
    for (name, form) in [
        ("deep value", "query[sort]=value"),
        ("deep title", "query[sort]=title"),
        ("deep q", "query[q]=licencias"),
    ] {
        let mut samples = vec![];
        let mut after: Option<String> = None;
        for _ in 0..100 {
            let form = match &after {
                Some(a) => format!("{form}&query[after]={}", urlencode(a)),
                None => form.to_string(),
            };
            let (mut s, body) = time(router, 1, list_fn(cookie, &form)).await?;
            samples.append(&mut s);
            let v: serde_json::Value = serde_json::from_slice(&body)?;
            match v["next"].as_str() {
                Some(n) => after = Some(n.to_string()),
                None => break,
            }
        }
        super::report(name, samples);
    }
    let (samples, _) = time(
        router,
        requests.min(100),
        get("/crm/tratos?sort=value", Some(cookie), None),
    )
    .await?;
    super::report("page html", samples);

    println!("-- /actividades, its calendar, /clientes, /contactos (server functions)");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let others: Vec<(&str, &str, String)> = vec![
        ("activities", "/api/list_activities", "query[due]=".into()),
        (
            "act. overdue",
            "/api/list_activities",
            "query[due]=overdue".into(),
        ),
        (
            "act. upcoming",
            "/api/list_activities",
            "query[due]=upcoming".into(),
        ),
        (
            "act. done",
            "/api/list_activities",
            "query[due]=done".into(),
        ),
        (
            "act. owner",
            "/api/list_activities",
            format!("query[owner]={seller}"),
        ),
        (
            "act. day",
            "/api/list_activities",
            format!("query[day]={today}"),
        ),
        (
            "calendar month",
            "/api/activity_calendar",
            "query[view]=month".into(),
        ),
        (
            "calendar week",
            "/api/activity_calendar",
            "query[view]=week".into(),
        ),
        (
            "cal. owner",
            "/api/activity_calendar",
            format!("query[owner]={seller}"),
        ),
        (
            "organizations",
            "/api/list_organizations",
            "query[q]=".into(),
        ),
        (
            "orgs q",
            "/api/list_organizations",
            "query[q]=farmacias".into(),
        ),
        (
            "orgs p200",
            "/api/list_organizations",
            "query[page]=200".into(),
        ),
        ("contacts", "/api/list_contacts", "query[q]=".into()),
        ("contacts q", "/api/list_contacts", "query[q]=garcia".into()),
        (
            "contacts p500",
            "/api/list_contacts",
            "query[page]=500".into(),
        ),
    ];
    for (name, path, form) in &others {
        let (cookie, path, form) = (cookie.to_string(), path.to_string(), form.clone());
        let (samples, body) = time(router, requests, move || {
            form_post(HOST, &path, form.clone(), Some(&cookie))
        })
        .await?;
        super::report(name, samples);
        if name.starts_with("calendar month") {
            println!("{:<16} {} KB of JSON", "", body.len() / 1024);
        }
    }
    let (samples, body) = time(
        router,
        requests.min(100),
        get("/actividades/calendario", Some(cookie), None),
    )
    .await?;
    super::report("calendar html", samples);
    println!("{:<16} {} KB of HTML", "", body.len() / 1024);

    println!("-- GET /api/v1/deals?limit=50");
    let token = app::ssr::accounts::provision::create_token(db, super::GERENTE, "bench").await?;
    let paths = [
        ("all".to_string(), "/api/v1/deals?limit=50".to_string()),
        ("won".into(), "/api/v1/deals?limit=50&status=won".into()),
        (
            "owner".into(),
            format!("/api/v1/deals?limit=50&owner_id={seller}"),
        ),
        (
            "owner open".into(),
            format!("/api/v1/deals?limit=50&owner_id={seller}&status=open"),
        ),
        (
            "pipeline".into(),
            format!("/api/v1/deals?limit=50&pipeline_id={}", pipeline.id),
        ),
        (
            "stage".into(),
            format!("/api/v1/deals?limit=50&stage_id={stage}"),
        ),
        ("deep".into(), "/api/v1/deals?limit=50&cursor=900000".into()),
        (
            "deep lost".into(),
            "/api/v1/deals?limit=50&status=lost&cursor=900000".into(),
        ),
        // The text filter: a word in about one deal in ten, two words, past
        // most of the matches, and a word nothing has.
        ("q word".into(), "/api/v1/deals?limit=50&q=licencias".into()),
        (
            "q two words".into(),
            "/api/v1/deals?limit=50&q=licencias+norte".into(),
        ),
        (
            "q deep".into(),
            "/api/v1/deals?limit=50&q=licencias&cursor=900000".into(),
        ),
        ("q none".into(), "/api/v1/deals?limit=50&q=xyzzy".into()),
    ];
    for (name, path) in &paths {
        let (samples, _) = time(router, requests, get(path, None, Some(&token))).await?;
        super::report(name, samples);
    }

    println!("-- GET /api/v1/export/deals?q=licencias");
    let t = Instant::now();
    let res = router
        .clone()
        .oneshot(get("/api/v1/export/deals?q=licencias", None, Some(&token))())
        .await?;
    if !res.status().is_success() {
        return Err(format!("export answered {}", res.status()).into());
    }
    let body = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
    let rows = body
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .saturating_sub(1);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "export q         {rows} rows in {secs:.2} s = {:.0} rows/s",
        rows as f64 / secs
    );

    println!("-- GET /api/v1/export/deals");
    let before = rss_kib();
    let t = Instant::now();
    let res = router
        .clone()
        .oneshot(get("/api/v1/export/deals", None, Some(&token))())
        .await?;
    if !res.status().is_success() {
        return Err(format!("export answered {}", res.status()).into());
    }
    let mut body = res.into_body().into_data_stream();
    let (mut lines, mut bytes) = (0usize, 0usize);
    // Resident memory after each tenth of a million rows: flat when the
    // stream holds one chunk at a time.
    let mut marks = vec![];
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        let before_chunk = lines / 100_000;
        lines += chunk.iter().filter(|b| **b == b'\n').count();
        bytes += chunk.len();
        if lines / 100_000 > before_chunk {
            marks.push(rss_kib() / 1024);
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let rows = lines.saturating_sub(1);
    println!(
        "export           {rows} rows, {:.1} MB in {secs:.2} s = {:.0} rows/s; resident MiB before {}, at each 100,000 rows {marks:?}",
        bytes as f64 / 1e6,
        rows as f64 / secs,
        before / 1024,
    );
    super::products::run(db, router, (cookie, &token), actor.account_id, requests).await?;
    super::quotes::run(db, router, (cookie, &token), actor.account_id, requests).await
}

pub(crate) fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
