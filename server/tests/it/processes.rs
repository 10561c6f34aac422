//! The real `embudo` binary as separate processes, talked to over HTTP.
//!
//! Nothing acknowledged is lost: a server on SQLite is killed with SIGKILL
//! in the middle of a burst of moves and creates, twenty times. After each
//! kill every write the server acknowledged is in the database (a move may
//! also show the one request that was in flight), each deal's history
//! agrees with its version, the dashboard aggregates equal a recomputation
//! from the deals, and SQLite's integrity check passes. A webhook receives
//! every change meanwhile: once the last server has sent what was left
//! (the killed servers' claims expired), every event has arrived, a
//! repeat only with its own id, each deal's events in order.
//!
//! Two server processes on one PostgreSQL: a move through one reaches a
//! board open on the other within a second (LISTEN/NOTIFY).
use crate::common::*;
use app::ssr::db::Db;
use app::ssr::db::dialect;
use app::ssr::deals::db as deals;
use rand::Rng;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 20;
const MOVERS: usize = 3;
const DEALS_PER_MOVER: usize = 4;

/// One HTTP/1.1 request on a fresh connection; (status, body). An error
/// means no answer (the server died).
fn request(
    addr: SocketAddr,
    path: &str,
    form: &str,
    cookie: &str,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n\
         Cookie: {cookie}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    stream.write_all(head.as_bytes())?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw)?;
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("cut answer"))?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        unchunk(body)
    } else {
        body.to_string()
    };
    Ok((status, body))
}

fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

fn session_cookie(addr: SocketAddr, email: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    let form = format!("email={}&password={PASSWORD}", email.replace('@', "%40"));
    let head = format!(
        "POST /api/login HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{form}",
        form.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    raw.lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie: embudo_session=")
                .then(|| {
                    l["set-cookie: ".len()..]
                        .split(';')
                        .next()
                        .unwrap()
                        .to_string()
                })
        })
        .unwrap_or_else(|| panic!("login failed: {raw}"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An `embudo serve` process on `url`, killed (SIGKILL) when dropped.
struct Server {
    child: std::process::Child,
    addr: SocketAddr,
}

impl Server {
    fn start(url: &str) -> Server {
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_embudo"))
            .arg("serve")
            .env(
                "EMBUDO_CONFIG",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../Leptos.toml"),
            )
            .env("DATABASE_URL", url)
            .env("EMBUDO_WEBHOOK_ALLOW_NETS", "127.0.0.0/8")
            .env("LEPTOS_SITE_ADDR", addr.to_string())
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_listening(addr);
        Server { child, addr }
    }

    fn kill(&mut self) {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_listening(addr: SocketAddr) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What one mover saw: the last acknowledged (version, stage) per deal and
/// the move in flight when the server died.
struct MoverLog {
    deals: Vec<i64>,
    acked: BTreeMap<i64, (i64, i64)>,
    in_flight: Option<(i64, i64, i64)>,
    moves: u64,
}

/// Moves its deals round robin, each to another stage, until the server dies.
fn mover(
    addr: SocketAddr,
    cookie: String,
    mine: Vec<(i64, i64, i64)>,
    stages: Vec<i64>,
    seed: u64,
) -> MoverLog {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut log = MoverLog {
        deals: mine.iter().map(|(d, _, _)| *d).collect(),
        acked: BTreeMap::new(),
        in_flight: None,
        moves: 0,
    };
    let mut seen: Vec<(i64, i64)> = mine.iter().map(|(_, s, v)| (*s, *v)).collect();
    for i in 0.. {
        let k = i % mine.len();
        let deal = mine[k].0;
        let (stage, version) = seen[k];
        let others: Vec<i64> = stages.iter().copied().filter(|s| *s != stage).collect();
        let target = others[rng.random_range(0..others.len())];
        log.in_flight = Some((deal, version + 1, target));
        let form = format!("query[mine]=false&deal_id={deal}&version={version}&stage_id={target}");
        match request(addr, "/api/move_deal", &form, &cookie) {
            Ok((200, body)) => {
                let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
                let v = answer["version"].as_i64().unwrap();
                assert_eq!(v, version + 1, "deal {deal}");
                seen[k] = (target, v);
                log.acked.insert(deal, (v, target));
                log.moves += 1;
                log.in_flight = None;
            }
            Ok((status, body)) => panic!("move of deal {deal} answered {status}: {body}"),
            Err(_) => break,
        }
    }
    log
}

/// Creates deals until the server dies; returns the acknowledged ids.
fn creator(addr: SocketAddr, cookie: String, stage: i64, round: usize) -> Vec<i64> {
    let mut acked = vec![];
    for n in 0.. {
        let title = format!("Choque {round}-{n}");
        let form = format!(
            "input[title]={}&input[value]=1500.50&input[stage_id]={stage}&input[owner_id]=&input[expected_close_date]=",
            title.replace(' ', "+")
        );
        match request(addr, "/api/create_deal", &form, &cookie) {
            Ok((200, body)) => acked.push(body.trim().parse().unwrap()),
            Ok((status, body)) => panic!("create answered {status}: {body}"),
            Err(_) => break,
        }
    }
    acked
}

/// (stage, version, history events) of each deal.
async fn truth(db: &Db, account_id: i64, ids: &[i64]) -> BTreeMap<i64, (i64, i64, i64)> {
    let mut conn = db.read().await.unwrap();
    let mut out = BTreeMap::new();
    for id in ids {
        let (stage, version) = deals::stage_and_version(&mut conn.ex(), account_id, *id)
            .await
            .unwrap();
        let events = deals::event_count(&mut conn.ex(), account_id, *id)
            .await
            .unwrap();
        out.insert(*id, (stage, version, events));
    }
    out
}

#[tokio::test]
async fn a_killed_server_loses_nothing_it_acknowledged() {
    let dir = std::env::temp_dir().join(format!("embudo_crash_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}", dir.join("crash.db").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let a = account(&db, "Apagón", "estandar").await;
    let stages = stage_ids(&db, a.id).await;
    let tracked = deals_of_vendedor(&db, &a, MOVERS * DEALS_PER_MOVER).await;
    let start = truth(&db, a.id, &tracked).await;
    let (hooked, hook_url) = crate::webhooks::receiver(0).await;
    {
        let mut tx = db.begin().await.unwrap();
        let fields = app::ssr::webhooks::db::WebhookFields {
            url: &hook_url,
            kinds: "",
            pipeline_id: None,
            description: "",
            active: true,
        };
        let admin = user_id(&db, &a.admin).await;
        let secret = app::ssr::webhooks::sign::new_secret();
        app::ssr::webhooks::db::insert(&mut tx.ex(), a.id, &fields, &secret, admin, 0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    db.close().await;
    let mut rng = rand::rng();
    let (mut total_moves, mut total_creates, mut in_flight_landed) = (0, 0, 0);

    for round in 0..ROUNDS {
        let db = Db::connect(&url).await.unwrap();
        let before = truth(&db, a.id, &tracked).await;
        db.close().await;
        let mut server = Server::start(&url);
        let addr = server.addr;
        let cookie = session_cookie(addr, &a.gerente);
        let movers: Vec<_> = tracked
            .chunks(DEALS_PER_MOVER)
            .enumerate()
            .map(|(n, chunk)| {
                let mine = chunk
                    .iter()
                    .map(|id| (*id, before[id].0, before[id].1))
                    .collect();
                let (cookie, stages) = (cookie.clone(), stages.clone());
                let seed = (round * MOVERS + n) as u64;
                std::thread::spawn(move || mover(addr, cookie, mine, stages, seed))
            })
            .collect();
        let creator = {
            let cookie = cookie.clone();
            let stage = stages[0];
            std::thread::spawn(move || creator(addr, cookie, stage, round))
        };
        std::thread::sleep(Duration::from_millis(rng.random_range(150..600)));
        server.kill();
        let logs: Vec<MoverLog> = movers.into_iter().map(|m| m.join().unwrap()).collect();
        let created = creator.join().unwrap();

        let db = Db::connect(&url).await.unwrap();
        let after = truth(&db, a.id, &tracked).await;
        for log in &logs {
            total_moves += log.moves;
            for deal in &log.deals {
                let (s0, v0, _) = before[deal];
                let (version, stage) = log.acked.get(deal).copied().unwrap_or((v0, s0));
                let (s1, v1, _) = after[deal];
                let landed = log.in_flight == Some((*deal, version + 1, s1)) && v1 == version + 1;
                in_flight_landed += u64::from(landed);
                assert!(
                    (v1, s1) == (version, stage) || landed,
                    "round {round}: deal {deal} acknowledged at version {version} in stage \
                     {stage}, found version {v1} in stage {s1}"
                );
            }
        }
        let mut conn = db.read().await.unwrap();
        for id in &created {
            let found = deals::stage_and_version(&mut conn.ex(), a.id, *id).await;
            assert_eq!(
                found.ok(),
                Some((stages[0], 1)),
                "round {round}: created deal {id}"
            );
        }
        total_creates += created.len();
        for (deal, (_, v, e)) in &after {
            let (_, v0, e0) = start[deal];
            assert_eq!(
                v - v0,
                e - e0,
                "round {round}: deal {deal}'s history and version disagree"
            );
        }
        let check = dialect::integrity_check(&mut conn.ex()).await.unwrap();
        assert_eq!(check.as_deref(), Some("ok"), "round {round}");
        drop(conn);
        aggregates_exact(&db, a.id).await;
        db.close().await;
    }
    // The killed servers' claims expire (their lease passes): a last
    // server sends what is left.
    let db = Db::connect(&url).await.unwrap();
    run_sql(
        &db,
        "UPDATE webhook_deliveries SET next_at = 0 WHERE state = 'pending'",
    )
    .await;
    let server = Server::start(&url);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let mut conn = db.read().await.unwrap();
        let pending = app::fetch_scalar!(
            &mut conn.ex(),
            i64,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM webhook_deliveries WHERE state <> 'delivered'"
        )
        .unwrap();
        if pending == 0 {
            break;
        }
        if Instant::now() > deadline {
            let rows = app::fetch_all!(
                &mut conn.ex(),
                (i64, i64, String, i64, i64, Option<String>, Option<i64>),
                "SELECT id, event_id, state, attempts, next_at, last_error, last_status \
                 FROM webhook_deliveries WHERE state <> 'delivered'"
            )
            .unwrap();
            panic!("{pending} deliveries still pending: {rows:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(server);
    let mut conn = db.read().await.unwrap();
    let events: Vec<(i64, i64)> = app::fetch_all!(
        &mut conn.ex(),
        (i64, i64),
        "SELECT id, entity_id FROM events WHERE account_id = $1 ORDER BY id",
        a.id
    )
    .unwrap();
    drop(conn);
    db.close().await;
    let got = hooked.got.lock().unwrap().clone();
    let arrived: std::collections::HashSet<String> = got.iter().map(|g| g.id.clone()).collect();
    let lost: Vec<_> = events
        .iter()
        .filter(|(id, _)| !arrived.contains(&format!("evt_{id}")))
        .collect();
    assert!(lost.is_empty(), "events never delivered: {lost:?}");
    assert_eq!(
        arrived.len(),
        events.len(),
        "only the account's events, each with its id"
    );
    // Each deal's events first arrived in order (a repeat may come later).
    let mut newest: BTreeMap<i64, i64> = BTreeMap::new();
    let mut first = std::collections::HashSet::new();
    for g in &got {
        if !first.insert(g.id.clone()) {
            continue;
        }
        let event: i64 = g.id.trim_start_matches("evt_").parse().unwrap();
        let deal = g.json()["data"]["object"]["id"].as_i64().unwrap();
        let before = newest.insert(deal, event).unwrap_or(0);
        assert!(
            event > before,
            "deal {deal}: event {event} arrived after {before}"
        );
    }
    eprintln!(
        "{ROUNDS} kills: {total_moves} acknowledged moves and {total_creates} acknowledged \
         creates, all found ({in_flight_landed} unacknowledged moves had also committed); \
         {} events, all delivered ({} deliveries in all)",
        events.len(),
        got.len()
    );
    assert!(total_moves > 0 && total_creates > 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Reads a stream into `heard` until it holds `needle` or `deadline` passes.
fn read_until(stream: &mut TcpStream, heard: &mut String, needle: &str, deadline: Instant) -> bool {
    let mut buf = [0u8; 4096];
    while !heard.contains(needle) && Instant::now() < deadline {
        if let Ok(n) = stream.read(&mut buf) {
            heard.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    heard.contains(needle)
}

#[tokio::test]
async fn a_move_through_one_server_process_reaches_a_board_open_on_another() {
    let Some(t) = postgres().await else { return };
    let a = account(&t.db, "Procesos", "estandar").await;
    let stages = stage_ids(&t.db, a.id).await;
    let deal = deals_of_vendedor(&t.db, &a, 1).await[0];
    let (one, two) = (Server::start(&t.url), Server::start(&t.url));
    // Sessions live in the database: a login on one works on the other.
    let cookie = session_cookie(one.addr, &a.gerente);
    let mut events = TcpStream::connect(two.addr).unwrap();
    events
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let head = format!(
        "GET /api/live/board HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n",
        two.addr
    );
    events.write_all(head.as_bytes()).unwrap();
    let mut heard = String::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    assert!(
        read_until(&mut events, &mut heard, "200 OK", deadline),
        "no stream: {heard}"
    );
    // Let the second server's LISTEN connection come up.
    std::thread::sleep(Duration::from_millis(500));
    let form = format!(
        "query[mine]=false&deal_id={deal}&version=1&stage_id={}",
        stages[3]
    );
    let started = Instant::now();
    let (status, body) = request(one.addr, "/api/move_deal", &form, &cookie).unwrap();
    assert_eq!(status, 200, "{body}");
    let needle = format!("data: {}", a.pipeline_id);
    assert!(
        read_until(
            &mut events,
            &mut heard,
            &needle,
            started + Duration::from_secs(1)
        ),
        "no board event within a second on the other process: {heard}"
    );
    assert!(heard.contains("event: board"), "{heard}");
}
