//! `embudo-bench`: latency of the Resumen dashboard on an already seeded
//! database (`embudo seed-demo`), at three depths, as the gerente demo user:
//! - `summary`: the aggregate queries and their assembly (data layer);
//! - `server fn`: `POST /api/dashboard` through the real router in-process
//!   (session check, figures and the four charts drawn);
//! - `http json`: `GET /api/v1/dashboard` from a client over loopback TCP
//!   (keep-alive, the server on its own Tokio tasks).
//!
//! Also the kanban board (default pipeline, every open deal): its server
//! function (`board fn`) and the server render of the whole page
//! (`board page`), and the account history (`history`: its newest page as
//! the admin; `history p5`: the fifth page of the gerente's changes).
//! Prints p50/p95/max per depth. `DATABASE_URL` names the database;
//! `--requests N` (default 300) and `--as-of YYYY-MM-DD` (default today).
//!
//! `embudo-bench moves [--moves N]` measures moving deals instead (see
//! [`moves`]), `embudo-bench lists` the lists, search and export (see
//! [`lists`]).
mod lists;
mod moves;
mod products;
mod quotes;

/// The allocator of the `embudo` binary, so that the figures are its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use app::ssr::auth::guard::resolve;
use app::ssr::dashboard::{DashboardQuery, query_for, summary};
use app::ssr::settings::Settings;
use app::ssr::state::AppState;
use axum::body::Body;
use http::{Request, header};
use leptos::config::LeptosOptions;
use load::{Client, form_post};
use std::io::{BufRead, BufReader, Read, Write};
use std::time::{Duration, Instant};
use tower::ServiceExt;

pub(crate) const GERENTE: &str = "gerente@demo.embudo.mx";
const ADMIN: &str = "admin@demo.embudo.mx";
const HOST: &str = "127.0.0.1";

pub(crate) fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<16} n={:<5} p50={:>7.2} ms  p95={:>7.2} ms  max={:>7.2} ms",
        samples.len(),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0))
    );
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// Reads one HTTP/1.1 response with a `Content-Length` body; returns its status.
fn read_response(reader: &mut BufReader<std::net::TcpStream>) -> std::io::Result<u16> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL")?;
    let requests: usize = arg("--requests").map_or(Ok(300), |n| n.parse())?;
    let as_of = arg("--as-of");
    let db = app::ssr::db::Db::connect(&url).await?;
    // The benchmark is one client at full speed: no allowance gets in its way.
    let settings = Settings {
        api_requests_per_minute: u32::MAX,
        address_requests_per_minute: u32::MAX,
        ..Settings::default()
    };
    let options = LeptosOptions::builder().output_name("embudo").build();
    let state = AppState::new(db.clone(), settings, options);
    let router = server::router::build(state.clone());

    // Sign in as the gerente, as a browser would.
    let client = Client::sign_in(&router, GERENTE, server::demo::PASSWORD)
        .await
        .map_err(|e| format!("{e} (is the demo seeded?)"))?;
    let cookie = client.cookie().to_string();

    // Data layer.
    let actor = resolve(
        &state,
        app::ssr::auth::credential::from_headers(&{
            let mut h = http::HeaderMap::new();
            h.insert(header::COOKIE, cookie.parse()?);
            h
        }),
    )
    .await?;
    if std::env::args().nth(1).as_deref() == Some("moves") {
        let n: usize = arg("--moves").map_or(Ok(2_000), |n| n.parse())?;
        moves::run(&db, &client, &actor, n).await?;
        db.close().await;
        return Ok(());
    }
    if std::env::args().nth(1).as_deref() == Some("lists") {
        lists::run(&db, &router, &client, &actor, requests).await?;
        db.close().await;
        return Ok(());
    }
    let query: DashboardQuery = query_for(&actor, as_of.as_deref(), None)?;
    let first = summary(&db, &query).await?;
    println!(
        "{}: as_of {}, {} open deals, {} won in the window",
        db_name(&url),
        first.as_of,
        first.kpis.open_deals.count,
        first.kpis.won_deals.count
    );
    let mut samples = Vec::with_capacity(requests);
    for _ in 0..requests {
        let t = Instant::now();
        summary(&db, &query).await?;
        samples.push(t.elapsed());
    }
    report("summary", samples);

    // The server function through the router.
    let form = as_of
        .as_ref()
        .map(|a| format!("as_of={a}"))
        .unwrap_or_default();
    let samples = server_fn(&router, &cookie, "/api/dashboard", &form, requests).await?;
    report("server fn", samples);
    // The kanban board of the default pipeline (every open deal in it).
    if as_of.is_none() {
        let samples = server_fn(
            &router,
            &cookie,
            "/api/board",
            "query[mine]=false",
            requests,
        )
        .await?;
        report("board fn", samples);
        let samples = page(&router, &cookie, "/crm/embudo", requests).await?;
        report("board page", samples);
        // The account history (bitácora), as the admin: its newest page,
        // and a later page of one user's changes.
        let admin = Client::sign_in(&router, ADMIN, server::demo::PASSWORD).await?;
        let samples = server_fn(
            &router,
            admin.cookie(),
            "/api/account_history",
            "query[page]=1",
            requests,
        )
        .await?;
        report("history", samples);
        let form = format!("query[user]={}&query[page]=5", actor.user_id);
        let samples = server_fn(
            &router,
            admin.cookie(),
            "/api/account_history",
            &form,
            requests,
        )
        .await?;
        report("history p5", samples);
    }

    // The JSON endpoint over loopback.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, router).await });
    let path = match &as_of {
        Some(a) => format!("/api/v1/dashboard?as_of={a}"),
        None => "/api/v1/dashboard".into(),
    };
    let samples = tokio::task::spawn_blocking(move || -> std::io::Result<Vec<Duration>> {
        let stream = std::net::TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        let mut writer = stream.try_clone()?;
        let mut reader = BufReader::new(stream);
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nAccept: application/json\r\n\r\n"
        );
        let mut samples = Vec::with_capacity(requests);
        for _ in 0..requests {
            let t = Instant::now();
            writer.write_all(request.as_bytes())?;
            let status = read_response(&mut reader)?;
            samples.push(t.elapsed());
            if status != 200 {
                return Err(std::io::Error::other(format!("HTTP {status}")));
            }
        }
        Ok(samples)
    })
    .await??;
    report("http json", samples);
    db.close().await;
    Ok(())
}

/// Times `requests` calls of a server function through the router.
async fn server_fn(
    router: &axum::Router,
    cookie: &str,
    path: &str,
    form: &str,
    requests: usize,
) -> Result<Vec<Duration>, Box<dyn std::error::Error>> {
    let mut samples = Vec::with_capacity(requests);
    for _ in 0..requests {
        let req = form_post(HOST, path, form.to_string(), Some(cookie));
        let t = Instant::now();
        let res = router.clone().oneshot(req).await?;
        let status = res.status();
        axum::body::to_bytes(res.into_body(), usize::MAX).await?;
        samples.push(t.elapsed());
        if !status.is_success() {
            return Err(format!("{path} answered {status}").into());
        }
    }
    Ok(samples)
}

/// Times `requests` server renders of a page (the whole HTML) through the router.
async fn page(
    router: &axum::Router,
    cookie: &str,
    path: &str,
    requests: usize,
) -> Result<Vec<Duration>, Box<dyn std::error::Error>> {
    let mut samples = Vec::with_capacity(requests);
    for _ in 0..requests {
        let req = Request::get(path)
            .header(header::HOST, HOST)
            .header(header::COOKIE, cookie)
            .body(Body::empty())?;
        let t = Instant::now();
        let res = router.clone().oneshot(req).await?;
        let status = res.status();
        let html = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
        samples.push(t.elapsed());
        if !status.is_success() || !html.windows(12).any(|w| w == b"data-deal-id") {
            return Err(format!("{path} answered {status} without cards").into());
        }
    }
    Ok(samples)
}

fn db_name(url: &str) -> &'static str {
    if url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    }
}
