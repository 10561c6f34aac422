//! Live board updates. A deal write publishes "a board of account A,
//! pipeline P changed"; every open board of that account hears it through
//! `GET /api/live/board` (server-sent events) and reloads itself. On
//! PostgreSQL the change travels through `NOTIFY`, so users connected to
//! other app servers of the same database hear it too; on SQLite (one
//! server) it stays in process.
use crate::ssr::db::Db;
use crate::ssr::db::dialect;
use tokio::sync::broadcast;

/// PostgreSQL channel of board changes.
const CHANNEL: &str = "embudo_board";

/// One board changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardChange {
    pub account_id: i64,
    pub pipeline_id: i64,
}

impl BoardChange {
    fn payload(self) -> String {
        format!("{}:{}", self.account_id, self.pipeline_id)
    }

    fn parse(payload: &str) -> Option<BoardChange> {
        let (a, p) = payload.split_once(':')?;
        Some(BoardChange {
            account_id: a.parse().ok()?,
            pipeline_id: p.parse().ok()?,
        })
    }
}

/// The board changes this server hears.
#[derive(Clone, Debug)]
pub struct Live {
    sender: broadcast::Sender<BoardChange>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            sender: broadcast::channel(256).0,
        }
    }
}

impl Live {
    /// Starts hearing `db`'s changes: on PostgreSQL a task listens to the
    /// channel (and reconnects) for as long as the server runs.
    pub fn start(db: &Db) -> Live {
        let live = Live::default();
        if matches!(db, Db::Postgres(_)) {
            let (db, sender) = (db.clone(), live.sender.clone());
            tokio::spawn(async move {
                loop {
                    let heard = dialect::listen(&db, CHANNEL, |payload| {
                        if let Some(change) = BoardChange::parse(payload) {
                            let _ = sender.send(change);
                        }
                    });
                    if let Err(e) = heard.await {
                        tracing::warn!(error = %e, "board notifications interrupted; retrying");
                    }
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            });
        }
        live
    }

    pub fn subscribe(&self) -> broadcast::Receiver<BoardChange> {
        self.sender.subscribe()
    }

    /// Tells every open board of the account that a committed change
    /// touched this pipeline.
    pub async fn publish(&self, db: &Db, account_id: i64, pipeline_id: i64) {
        let change = BoardChange {
            account_id,
            pipeline_id,
        };
        match db {
            Db::Postgres(_) => {
                // Every server hears it back from PostgreSQL, this one too.
                if let Err(e) = dialect::notify(db, CHANNEL, &change.payload()).await {
                    tracing::warn!(error = %e, "could not notify a board change");
                }
            }
            Db::Sqlite { .. } => {
                let _ = self.sender.send(change);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::BoardChange;

    #[test]
    fn payload_round_trip() {
        let c = BoardChange {
            account_id: 7,
            pipeline_id: 12,
        };
        assert_eq!(BoardChange::parse(&c.payload()), Some(c));
        assert_eq!(BoardChange::parse("x:1"), None);
    }
}
