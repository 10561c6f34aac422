//! Many clients moving deals at once through the real router: what the move
//! benchmark (`embudo-bench moves`) and the concurrency tests drive. A client
//! reads where a deal is and at which version, then asks the `move_deal`
//! server function (session, CSRF guard and permissions included) to put it
//! in another stage, as the board does after a drag.
use app::domain::board::MoveOutcome;
use app::ssr::db::Db;
use app::ssr::deals::db as deals;
use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The host the clients name (a same-origin request for the CSRF guard).
const HOST: &str = "embudo.load";

/// A signed-in client of the router.
#[derive(Clone)]
pub struct Client {
    router: Router,
    cookie: String,
}

/// How the server answered a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveAnswer {
    /// Accepted: the deal's new version.
    Moved(i64),
    /// Refused because the version was stale (409); nothing written.
    Stale,
    /// Any other answer.
    Refused(StatusCode),
}

impl Client {
    /// Signs in through `/api/login`, as the login form does.
    pub async fn sign_in(router: &Router, email: &str, password: &str) -> Result<Client, String> {
        let form = format!("email={}&password={password}", email.replace('@', "%40"));
        let res = router
            .clone()
            .oneshot(form_post(HOST, "/api/login", form, None))
            .await
            .map_err(|e| e.to_string())?;
        let cookie = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("embudo_session="))
            .and_then(|v| v.split(';').next())
            .ok_or_else(|| format!("login of {email} answered {}", res.status()))?
            .to_string();
        Ok(Client {
            router: router.clone(),
            cookie,
        })
    }

    /// The session cookie (`embudo_session=…`).
    pub fn cookie(&self) -> &str {
        &self.cookie
    }

    /// Moves a deal seen at `version` to the end of a stage.
    pub async fn move_deal(
        &self,
        deal_id: i64,
        version: i64,
        stage_id: i64,
    ) -> Result<MoveAnswer, String> {
        let form =
            format!("query[mine]=false&deal_id={deal_id}&version={version}&stage_id={stage_id}");
        let req = form_post(HOST, "/api/move_deal", form, Some(&self.cookie));
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .map_err(|e| e.to_string())?;
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .map_err(|e| e.to_string())?;
        Ok(match status {
            StatusCode::OK => {
                let outcome: MoveOutcome =
                    serde_json::from_slice(&body).map_err(|e| e.to_string())?;
                MoveAnswer::Moved(outcome.version.ok_or("a move left the board")?)
            }
            StatusCode::CONFLICT => MoveAnswer::Stale,
            other => MoveAnswer::Refused(other),
        })
    }
}

/// A same-origin form POST to `path` on `host`, as a browser sends it to a
/// server function.
pub fn form_post(host: &str, path: &str, form: String, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::HOST, host)
        .header(header::ORIGIN, format!("http://{host}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::from(form))
        .expect("a request from valid parts")
}

/// Where a deal is and the version it is at: (stage, version).
async fn state_of(db: &Db, account_id: i64, deal_id: i64) -> Result<(i64, i64), String> {
    let mut conn = db.read().await.map_err(|e| e.to_string())?;
    deals::stage_and_version(&mut conn.ex(), account_id, deal_id)
        .await
        .map_err(|e| e.to_string())
}

/// A stage other than `current`, picked at random.
fn other_stage(rng: &mut ChaCha8Rng, stages: &[i64], current: i64) -> i64 {
    let others: Vec<i64> = stages.iter().copied().filter(|s| *s != current).collect();
    others[rng.random_range(0..others.len())]
}

/// What a run of moves produced.
#[derive(Debug, Default)]
pub struct Tally {
    pub attempts: u64,
    /// Accepted moves per deal.
    pub accepted: BTreeMap<i64, u64>,
    pub stale: u64,
    /// 4xx answers other than 409.
    pub refused: u64,
    /// 5xx answers.
    pub server_errors: u64,
    /// Time of each request through the router.
    pub latencies: Vec<Duration>,
    pub elapsed: Duration,
}

impl Tally {
    fn count(&mut self, deal_id: i64, answer: MoveAnswer, took: Duration) {
        self.attempts += 1;
        self.latencies.push(took);
        match answer {
            MoveAnswer::Moved(_) => *self.accepted.entry(deal_id).or_default() += 1,
            MoveAnswer::Stale => self.stale += 1,
            MoveAnswer::Refused(s) if s.is_server_error() => self.server_errors += 1,
            MoveAnswer::Refused(_) => self.refused += 1,
        }
    }

    fn merge(&mut self, other: Tally) {
        self.attempts += other.attempts;
        for (deal, n) in other.accepted {
            *self.accepted.entry(deal).or_default() += n;
        }
        self.stale += other.stale;
        self.refused += other.refused;
        self.server_errors += other.server_errors;
        self.latencies.extend(other.latencies);
    }

    /// Accepted moves in all.
    pub fn moves(&self) -> u64 {
        self.accepted.values().sum()
    }
}

/// `clients` clients race on a few hot deals: each makes `attempts` moves,
/// every time reading the deal's stage and version, then moving it to
/// another stage with that version (many are refused as stale).
pub async fn hot_deals(
    db: &Db,
    client: &Client,
    account_id: i64,
    hot: &[i64],
    stages: &[i64],
    clients: usize,
    attempts: usize,
) -> Result<Tally, String> {
    together(clients, |n| {
        let (db, client, hot, stages) = (db.clone(), client.clone(), hot.to_vec(), stages.to_vec());
        async move {
            let mut rng = ChaCha8Rng::seed_from_u64(n as u64);
            let mut tally = Tally::default();
            for _ in 0..attempts {
                let deal = hot[rng.random_range(0..hot.len())];
                let (stage, version) = state_of(&db, account_id, deal).await?;
                let target = other_stage(&mut rng, &stages, stage);
                let t = Instant::now();
                let answer = client.move_deal(deal, version, target).await?;
                tally.count(deal, answer, t.elapsed());
            }
            Ok(tally)
        }
    })
    .await
}

/// `clients` clients each move their own deals (`deals` dealt out in turn)
/// to another stage, `moves` times each, following the versions the server
/// answers: no conflicts, only the cost of a move under load.
pub async fn own_deals(
    db: &Db,
    client: &Client,
    account_id: i64,
    deals: &[i64],
    stages: &[i64],
    clients: usize,
    moves: usize,
) -> Result<Tally, String> {
    together(clients, |n| {
        let mine: Vec<i64> = deals.iter().copied().skip(n).step_by(clients).collect();
        let (db, client, stages) = (db.clone(), client.clone(), stages.to_vec());
        async move {
            let mut rng = ChaCha8Rng::seed_from_u64(1_000 + n as u64);
            let mut seen = Vec::with_capacity(mine.len());
            for deal in &mine {
                let (stage, version) = state_of(&db, account_id, *deal).await?;
                seen.push((stage, version));
            }
            let mut tally = Tally::default();
            for i in 0..moves {
                let k = i % mine.len();
                let (stage, version) = seen[k];
                let target = other_stage(&mut rng, &stages, stage);
                let t = Instant::now();
                let answer = client.move_deal(mine[k], version, target).await?;
                tally.count(mine[k], answer, t.elapsed());
                if let MoveAnswer::Moved(v) = answer {
                    seen[k] = (target, v);
                }
            }
            Ok(tally)
        }
    })
    .await
}

/// Runs `clients` clients at once (client `n` is `client(n)`) and adds up
/// their tallies, with the time all of them took.
async fn together<F, Fut>(clients: usize, client: F) -> Result<Tally, String>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<Tally, String>> + Send + 'static,
{
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients).map(|n| tokio::spawn(client(n))).collect();
    let mut all = Tally::default();
    for task in tasks {
        all.merge(task.await.map_err(|e| e.to_string())??);
    }
    all.elapsed = started.elapsed();
    Ok(all)
}

/// Each deal's (version, history events) now.
pub async fn snapshot(
    db: &Db,
    account_id: i64,
    deals: &[i64],
) -> Result<BTreeMap<i64, (i64, i64)>, String> {
    let mut conn = db.read().await.map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
    for deal in deals {
        let mut ex = conn.ex();
        let (_, version) = deals::stage_and_version(&mut ex, account_id, *deal)
            .await
            .map_err(|e| e.to_string())?;
        let events = deals::event_count(&mut ex, account_id, *deal)
            .await
            .map_err(|e| e.to_string())?;
        out.insert(*deal, (version, events));
    }
    Ok(out)
}

/// Lost updates: every deal whose version or history did not grow by
/// exactly its accepted moves (each accepted move changes the stage, so it
/// bumps the version once and writes one history event). Empty when none.
pub async fn lost_updates(
    db: &Db,
    account_id: i64,
    before: &BTreeMap<i64, (i64, i64)>,
    tally: &Tally,
) -> Result<Vec<String>, String> {
    let deals: Vec<i64> = before.keys().copied().collect();
    let after = snapshot(db, account_id, &deals).await?;
    let mut lost = vec![];
    for (deal, (v0, e0)) in before {
        let (v1, e1) = after[deal];
        let accepted = tally.accepted.get(deal).copied().unwrap_or(0) as i64;
        if v1 - v0 != accepted || e1 - e0 != accepted {
            lost.push(format!(
                "deal {deal}: {accepted} moves accepted, version +{}, history +{}",
                v1 - v0,
                e1 - e0
            ));
        }
    }
    Ok(lost)
}

/// The `q`-quantile of some latencies (0 when there are none).
pub fn quantile(latencies: &[Duration], q: f64) -> Duration {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n => sorted[((n as f64 - 1.0) * q).round() as usize],
    }
}
