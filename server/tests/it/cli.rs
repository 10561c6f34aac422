//! The `embudo` binary's commands, run as a user would, on a fresh SQLite file.

use crate::common::*;
use std::process::Command;

fn embudo(db_url: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_embudo"))
        .args(args)
        .env("DATABASE_URL", db_url)
        .env(
            "EMBUDO_CONFIG",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../Leptos.toml"),
        )
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn account_user_and_token_commands() {
    let dir = std::env::temp_dir().join(format!("embudo_cli_{}", std::process::id()));
    let url = format!("sqlite:{}", dir.join("cli.db").display());
    let (ok, out) = embudo(&url, &["migrate"]);
    assert!(ok && out.contains("journal_mode=wal"), "{out}");
    let (ok, out) = embudo(
        &url,
        &[
            "create-account",
            "--name",
            "Ferretería Luna",
            "--plan",
            "estandar",
            "--admin-email",
            "a@luna.mx",
            "--admin-password",
            PASSWORD,
        ],
    );
    assert!(ok, "{out}");
    let create_user = |account: &str, email: &str| {
        let args = [
            "create-user",
            "--account",
            account,
            "--email",
            email,
            "--name",
            "Vero",
            "--role",
            "vendedor",
            "--password",
            PASSWORD,
        ];
        embudo(&url, &args)
    };
    let (ok, out) = create_user("Ferretería Luna", "v@luna.mx");
    assert!(ok, "{out}");
    let (ok, out) = create_user("Nadie", "x@luna.mx");
    assert!(
        !ok && out.contains("account"),
        "unknown account is refused: {out}"
    );
    let (ok, out) = embudo(
        &url,
        &[
            "create-account",
            "--name",
            "Mala",
            "--plan",
            "oro",
            "--admin-email",
            "no",
            "--admin-password",
            "x",
        ],
    );
    assert!(
        !ok && out.contains("plan: unknown_plan") && out.contains("admin_email: invalid_email"),
        "{out}"
    );
    let (ok, out) = embudo(
        &url,
        &["create-token", "--email", "v@luna.mx", "--name", "zapier"],
    );
    assert!(ok, "{out}");
    let token = out.split_whitespace().last().unwrap().to_string();
    assert!(token.starts_with("emb_"), "{out}");

    let db = app::ssr::db::Db::connect(&url).await.unwrap();
    let ans = send(&router(&db), get("/api/v1/users", None, Some(&token))).await;
    assert_eq!(ans.status, http::StatusCode::OK, "{}", ans.body);
    assert_eq!(ans.json()["items"].as_array().unwrap().len(), 2);
    db.close().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn verify_finds_and_fixes_drifted_aggregates() {
    use app::ssr::deals::db::stats::{self as deal_stats, StatsDelta};
    let dir = std::env::temp_dir().join(format!("embudo_verify_{}", std::process::id()));
    let url = format!("sqlite:{}", dir.join("verify.db").display());
    let (ok, out) = embudo(
        &url,
        &["seed-demo", "--deals", "300", "--today", "2026-06-30"],
    );
    assert!(ok, "{out}");
    let (ok, out) = embudo(&url, &["verify"]);
    assert!(ok, "a fresh seed is consistent: {out}");
    assert!(out.contains(", 0 differences"), "{out}");

    // Drift one aggregate row behind the deals' back.
    let db = app::ssr::db::Db::connect(&url).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let account = app::ssr::accounts::db::find(&mut tx.ex(), server::demo::DEMO_ACCOUNT)
        .await
        .unwrap()
        .unwrap();
    let mut drift = StatsDelta::default();
    drift.won.insert((1, 20_600), [1, 500, 0]);
    deal_stats::apply(&mut tx.ex(), account.id, &drift)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db.close().await;

    let (ok, out) = embudo(&url, &["verify"]);
    assert!(!ok, "a difference fails the command: {out}");
    assert!(
        out.contains("1 differences") && out.contains("stats_won (1, 20600)"),
        "{out}"
    );
    let (ok, out) = embudo(&url, &["verify", "--fix"]);
    assert!(ok && out.contains("fixed"), "{out}");
    let (ok, out) = embudo(&url, &["verify"]);
    assert!(ok && !out.contains("1 differences"), "{out}");
    let _ = std::fs::remove_dir_all(dir);
}
