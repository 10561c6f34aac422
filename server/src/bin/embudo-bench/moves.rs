//! `embudo-bench moves`: moving deals on the board through the real router
//! (the `move_deal` server function, session and permission checks
//! included), as the gerente demo user, on the default pipeline:
//! - one client moving deals one after another (the latency of a move);
//! - 32 clients each moving their own deals (moves per second);
//! - 32 clients racing on 5 and then 50 hot deals with versions: accepted,
//!   stale (409), server errors and lost updates (an accepted move missing
//!   from the deal's version or history).
use app::domain::board::BoardQuery;
use app::ssr::auth::guard::Actor;
use app::ssr::db::Db;
use app::ssr::deals::board::CardWords;
use load::{Client, Tally, quantile};

const CLIENTS: usize = 32;

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn latencies(name: &str, t: &Tally) {
    println!(
        "{name:<22} {:>6} moves in {:>6.2} s = {:>7.0} moves/s   p50={:.2} ms p95={:.2} ms p99={:.2} ms max={:.2} ms",
        t.moves(),
        t.elapsed.as_secs_f64(),
        t.moves() as f64 / t.elapsed.as_secs_f64(),
        ms(quantile(&t.latencies, 0.5)),
        ms(quantile(&t.latencies, 0.95)),
        ms(quantile(&t.latencies, 0.99)),
        ms(quantile(&t.latencies, 1.0)),
    );
}

/// Runs the three measures; fails on a server error or a lost update.
pub async fn run(
    db: &Db,
    client: &Client,
    actor: &Actor,
    moves: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let words = CardWords {
        no_activity: String::new(),
    };
    let board = app::ssr::deals::board::board(db, actor, &BoardQuery::default(), &words).await?;
    let stages: Vec<i64> = board.columns.iter().map(|c| c.stage_id).collect();
    let deals: Vec<i64> = board
        .columns
        .iter()
        .flat_map(|c| c.cards.iter().map(|card| card.id))
        .collect();
    let open: i64 = board.columns.iter().map(|c| c.header.count).sum();
    println!(
        "{} open deals in the pipeline's {} stages; moving {} of them",
        open,
        stages.len(),
        deals.len()
    );
    let account = actor.account_id;

    let one = load::own_deals(db, client, account, &deals, &stages, 1, moves).await?;
    latencies("1 client", &one);
    let many = load::own_deals(db, client, account, &deals, &stages, CLIENTS, moves / 8).await?;
    latencies("32 clients, own deals", &many);
    let mut failed = one.server_errors + many.server_errors + one.stale + many.stale;

    for hot in [5, 50] {
        let hot = &deals[..hot.min(deals.len())];
        let before = load::snapshot(db, account, hot).await?;
        let tally = load::hot_deals(db, client, account, hot, &stages, CLIENTS, moves / 16).await?;
        let lost = load::lost_updates(db, account, &before, &tally).await?;
        latencies(&format!("32 clients, {} hot", hot.len()), &tally);
        println!(
            "{:<22} {} attempts: {} accepted, {} stale (409), {} other 4xx, {} 5xx, {} lost updates",
            "",
            tally.attempts,
            tally.moves(),
            tally.stale,
            tally.refused,
            tally.server_errors,
            lost.len()
        );
        for l in &lost {
            println!("  lost: {l}");
        }
        failed += tally.server_errors + tally.refused + lost.len() as u64;
    }
    if failed > 0 {
        return Err(format!("{failed} failed moves or lost updates").into());
    }
    Ok(())
}
