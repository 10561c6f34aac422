//! Many clients moving deals at once through the real router, on SQLite and
//! PostgreSQL: no accepted move is lost (each deal's version and history
//! grow by exactly its accepted moves), stale versions are refused with 409
//! and never with a server error, and the dashboard aggregates stay exact.
use crate::common::*;
use load::Client;

const CLIENTS: usize = 32;

#[tokio::test]
async fn racing_clients_on_hot_deals_lose_no_update() {
    for t in databases().await {
        let a = account(&t.db, "Carrera", "estandar").await;
        let stages = stage_ids(&t.db, a.id).await;
        let hot = deals_of_vendedor(&t.db, &a, 6).await;
        let router = router(&t.db);
        let client = Client::sign_in(&router, &a.gerente, PASSWORD)
            .await
            .unwrap();
        let before = load::snapshot(&t.db, a.id, &hot).await.unwrap();
        let tally = load::hot_deals(&t.db, &client, a.id, &hot, &stages, CLIENTS, 25)
            .await
            .unwrap();
        let name = t.name;
        assert_eq!(tally.attempts, (CLIENTS * 25) as u64, "{name}");
        assert_eq!(tally.server_errors, 0, "{name}: server errors");
        assert_eq!(tally.refused, 0, "{name}: refused moves");
        assert_eq!(tally.moves() + tally.stale, tally.attempts, "{name}");
        assert!(tally.moves() >= 6, "{name}: only {} moves", tally.moves());
        assert!(tally.stale > 0, "{name}: 32 racing clients never collided");
        let lost = load::lost_updates(&t.db, a.id, &before, &tally)
            .await
            .unwrap();
        assert_eq!(lost, Vec::<String>::new(), "{name}");
        aggregates_exact(&t.db, a.id).await;
    }
}

#[tokio::test]
async fn clients_moving_their_own_deals_are_all_accepted() {
    for t in databases().await {
        let a = account(&t.db, "Propios", "estandar").await;
        let stages = stage_ids(&t.db, a.id).await;
        let mine = deals_of_vendedor(&t.db, &a, CLIENTS * 2).await;
        let router = router(&t.db);
        let client = Client::sign_in(&router, &a.gerente, PASSWORD)
            .await
            .unwrap();
        let before = load::snapshot(&t.db, a.id, &mine).await.unwrap();
        let tally = load::own_deals(&t.db, &client, a.id, &mine, &stages, CLIENTS, 10)
            .await
            .unwrap();
        let name = t.name;
        assert_eq!(tally.moves(), (CLIENTS * 10) as u64, "{name}");
        assert_eq!(
            (tally.stale, tally.refused, tally.server_errors),
            (0, 0, 0),
            "{name}"
        );
        let lost = load::lost_updates(&t.db, a.id, &before, &tally)
            .await
            .unwrap();
        assert_eq!(lost, Vec::<String>::new(), "{name}");
        aggregates_exact(&t.db, a.id).await;
    }
}
