//! Test fixtures: real databases (a SQLite file and, when
//! `EMBUDO_TEST_PG_URL` is set, a fresh PostgreSQL database per test), the
//! real router driven in-process, and helpers to call it like a browser.

use app::ssr::accounts::provision::{self, AccountInput, UserInput};
use app::ssr::db::Db;
use app::ssr::deals::db::stats as deal_stats;
use app::ssr::deals::db::{self as deals, NewDeal};
use app::ssr::pipelines::db as pipelines;
use app::ssr::settings::Settings;
use app::ssr::state::AppState;
use app::ssr::users::db as users;
use axum::Router;
use axum::body::Body;
use http::{Request, Response, StatusCode, header};
use leptos::config::LeptosOptions;
use tower::ServiceExt;

pub const PASSWORD: &str = "secreto123";
pub const HOST: &str = "embudo.test";

/// A database under test, named for messages.
pub struct TestDb {
    pub name: &'static str,
    pub db: Db,
    /// Its `DATABASE_URL`, for servers started as processes.
    pub url: String,
    _dir: Option<tempfile_dir::Dir>,
}

mod tempfile_dir {
    /// A temporary folder removed on drop.
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        rand::random::<u32>()
    )
}

/// A fresh, migrated SQLite database in a temporary folder.
pub async fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(format!("embudo_test_{}", unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}", dir.join("test.db").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    TestDb {
        name: "sqlite",
        db,
        url,
        _dir: Some(tempfile_dir::Dir(dir)),
    }
}

/// A fresh, migrated PostgreSQL database, if a cluster is configured. In CI
/// the cluster is required, so that PostgreSQL is never skipped silently.
pub async fn postgres() -> Option<TestDb> {
    let Ok(admin_url) = std::env::var("EMBUDO_TEST_PG_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "EMBUDO_TEST_PG_URL must be set in CI"
        );
        eprintln!("EMBUDO_TEST_PG_URL not set: PostgreSQL tests skipped");
        return None;
    };
    let name = format!("embudo_{}", unique());
    let admin = Db::connect(&admin_url).await.unwrap();
    app::ssr::db::dialect::create_database(&admin, &name)
        .await
        .unwrap();
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    Some(TestDb {
        name: "postgres",
        db,
        url,
        _dir: None,
    })
}

/// Every database the suite runs against.
pub async fn databases() -> Vec<TestDb> {
    let mut all = vec![sqlite().await];
    all.extend(postgres().await);
    all
}

/// An account with one user per role, plus its pipeline id.
pub struct TestAccount {
    pub id: i64,
    pub pipeline_id: i64,
    pub admin: String,
    pub gerente: String,
    pub vendedor: String,
}

/// Creates an account named `name` on `plan` with admin, gerente, vendedor.
pub async fn account(db: &Db, name: &str, plan: &str) -> TestAccount {
    let slug: String = name
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let admin = format!("admin@{slug}.mx");
    let (id, _) = provision::create_account(
        db,
        &AccountInput {
            name,
            plan,
            currency: "MXN",
            time_zone: "America/Mexico_City",
            admin_name: "Ana Admin",
            admin_email: &admin,
            admin_password: PASSWORD,
        },
    )
    .await
    .unwrap();
    let mut emails = vec![];
    for role in ["gerente", "vendedor"] {
        let email = format!("{role}@{slug}.mx");
        let input = UserInput {
            account_id: id,
            email: &email,
            name: &format!("Usuario {role}"),
            role,
            password: PASSWORD,
        };
        provision::create_user(db, &input).await.unwrap();
        emails.push(email);
    }
    let mut conn = db.read().await.unwrap();
    let pipeline_id = pipelines::list(&mut conn.ex(), id).await.unwrap()[0].id;
    TestAccount {
        id,
        pipeline_id,
        admin,
        gerente: emails[0].clone(),
        vendedor: emails[1].clone(),
    }
}

/// The app's state over `db`, trusting `X-Forwarded-*` so tests can pose as
/// different client addresses.
pub fn state(db: &Db) -> AppState {
    state_with(db, |_| {})
}

/// [`state`] with some settings changed. Tests call fast from one
/// address: the allowances are wide unless a test narrows them.
pub fn state_with(db: &Db, change: impl FnOnce(&mut Settings)) -> AppState {
    let mut settings = Settings {
        proxy_hops: 1,
        api_requests_per_minute: 1_000_000,
        address_requests_per_minute: 1_000_000,
        ..Settings::default()
    };
    change(&mut settings);
    let options = LeptosOptions::builder().output_name("embudo").build();
    AppState::new(db.clone(), settings, options)
}

pub fn router(db: &Db) -> Router {
    server::router::build(state(db))
}

/// [`router`] with some settings changed.
pub fn router_with(db: &Db, change: impl FnOnce(&mut Settings)) -> Router {
    server::router::build(state_with(db, change))
}

/// Runs one statement written by the test (set-up that no endpoint does,
/// such as ageing a session).
pub async fn run_sql(db: &Db, sql: &str) {
    let mut tx = db.begin().await.unwrap();
    app::execute!(&mut tx.ex(), sqlx::AssertSqlSafe(sql.to_string())).unwrap();
    tx.commit().await.unwrap();
}

/// A finished response with its body read.
pub struct Answer {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    /// The body as text (lossy for a binary one: see `bytes`).
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The `name=value` of a `Set-Cookie` header for `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookie(name)
            .map(|c| c.split(';').next().unwrap().to_string())
    }

    /// The whole `Set-Cookie` header for `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }
}

async fn finish(res: Response<Body>) -> Answer {
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes: bytes.to_vec(),
    }
}

/// Sends a request through the router.
pub async fn send(router: &Router, req: Request<Body>) -> Answer {
    finish(router.clone().oneshot(req).await.unwrap()).await
}

/// A same-origin form POST to a server function, as the browser sends it.
pub fn server_fn(path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Request<Body> {
    let body = form
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    load::form_post(HOST, path, body, cookie)
}

/// A GET with an optional cookie or bearer token.
pub fn get(path: &str, cookie: Option<&str>, bearer: Option<&str>) -> Request<Body> {
    let mut req = Request::get(path).header(header::HOST, HOST);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    if let Some(t) = bearer {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    req.body(Body::empty()).unwrap()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Logs in from `address`; returns the answer.
pub async fn login_from(router: &Router, email: &str, password: &str, address: &str) -> Answer {
    let mut req = server_fn(
        "/api/login",
        &[("email", email), ("password", password)],
        None,
    );
    req.headers_mut()
        .insert("x-forwarded-for", address.parse().unwrap());
    send(router, req).await
}

/// Logs in and returns the session cookie (`embudo_session=…`).
pub async fn login(router: &Router, email: &str) -> String {
    let ans = login_from(router, email, PASSWORD, "10.0.0.1").await;
    assert_eq!(ans.status, StatusCode::OK, "login {email}: {}", ans.body);
    ans.cookie("embudo_session").expect("session cookie")
}

/// The time zone of every test account.
pub const TZ: chrono_tz::Tz = chrono_tz::America::Mexico_City;

/// Creates open deals (title, value in centavos, stage index, owner) and
/// returns their ids.
pub async fn open_deals(db: &Db, a: &TestAccount, specs: &[(&str, i64, usize, i64)]) -> Vec<i64> {
    let mut conn = db.read().await.unwrap();
    let stages: Vec<i64> = app::ssr::pipelines::db::list(&mut conn.ex(), a.id)
        .await
        .unwrap()[0]
        .stages
        .iter()
        .map(|s| s.id)
        .collect();
    drop(conn);
    let mut tx = db.begin().await.unwrap();
    let mut ids = vec![];
    for (title, value, stage, owner) in specs {
        let deal = NewDeal {
            title: (*title).into(),
            value_minor: *value,
            currency: None,
            stage_id: stages[*stage],
            owner_id: *owner,
            created_at: 1_767_225_600_000,
            won_at: None,
            lost_at: None,
            lost_reason_id: None,
        };
        let id = deals::create(&mut tx.ex(), a.id, TZ, *owner, &deal, 1_767_225_600_000)
            .await
            .unwrap();
        ids.push(id);
    }
    tx.commit().await.unwrap();
    ids
}

pub async fn user_id(db: &Db, email: &str) -> i64 {
    let mut conn = db.read().await.unwrap();
    users::id_by_email(&mut conn.ex(), email)
        .await
        .unwrap()
        .unwrap()
}

/// The stored dashboard aggregates still equal a recomputation.
pub async fn aggregates_exact(db: &Db, account_id: i64) {
    let mut conn = db.read().await.unwrap();
    let stored = deal_stats::load(&mut conn.ex(), account_id).await.unwrap();
    let expected = deal_stats::recompute(&mut conn.ex(), account_id, TZ)
        .await
        .unwrap();
    assert_eq!(
        deal_stats::differences(&stored, &expected),
        Vec::<String>::new()
    );
}

/// The stage ids of the account's first pipeline, in order.
pub async fn stage_ids(db: &Db, account_id: i64) -> Vec<i64> {
    let mut conn = db.read().await.unwrap();
    pipelines::list(&mut conn.ex(), account_id).await.unwrap()[0]
        .stages
        .iter()
        .map(|s| s.id)
        .collect()
}

/// `n` open deals of the vendedor, spread over the first stages.
pub async fn deals_of_vendedor(db: &Db, a: &TestAccount, n: usize) -> Vec<i64> {
    let owner = user_id(db, &a.vendedor).await;
    let titles: Vec<String> = (0..n).map(|i| format!("Trato caliente {i}")).collect();
    let specs: Vec<(&str, i64, usize, i64)> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), 10_000 * (i as i64 + 1), i % 3, owner))
        .collect();
    open_deals(db, a, &specs).await
}

/// The deal page (its server function's answer) of the deal with `key`.
pub async fn deal_page_of(router: &axum::Router, cookie: &str, key: &str) -> serde_json::Value {
    let res = send(
        router,
        server_fn("/api/deal", &[("key", key)], Some(cookie)),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

/// Calls a server function as `cookie`.
pub async fn call(
    router: &axum::Router,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> Answer {
    send(router, server_fn(path, form, Some(cookie))).await
}

/// Asserts a 422 naming `field` with `code`.
pub fn refused(a: &Answer, field: &str, code: &str, what: &str) {
    assert_eq!(
        a.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{what}: {}",
        a.body
    );
    let v = a.json();
    let problems = v["Validation"].as_array().cloned().unwrap_or_default();
    assert!(
        problems
            .iter()
            .any(|p| p["field"] == field && p["code"] == code),
        "{what}: {field}/{code} in {}",
        a.body
    );
}

/// A REST request with a bearer token and an optional JSON body.
pub fn with_token(
    method: &str,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> Request<Body> {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string()))
            .unwrap(),
        None => req.body(Body::empty()).unwrap(),
    }
}

/// A JSON POST with no credential at all (a customer's link).
pub fn anonymous_post(path: &str, body: serde_json::Value) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// POSTs `body` to `path` as the API token `token`, which must answer 201;
/// answers the new record's id.
pub async fn created(router: &Router, token: &str, path: &str, body: serde_json::Value) -> i64 {
    let ans = send(router, with_token("POST", path, token, Some(body))).await;
    assert_eq!(ans.status, StatusCode::CREATED, "{path}: {}", ans.body);
    ans.json()["id"].as_i64().unwrap()
}
