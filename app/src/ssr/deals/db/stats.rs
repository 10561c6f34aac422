//! The dashboard's aggregates (tables `stats_*`, see migration 0002): what
//! each deal contributes, applied in the same transaction as every deal write
//! so the dashboard reads a few hundred small rows instead of a million deals.
//! [`recompute`] derives them again from the deals, for the seeder, for a
//! time-zone change and for `embudo verify`.
use crate::domain::dashboard::month_number;
use crate::error::AppError;
use crate::ssr::clock::local_day;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all, insert_many};
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// What the aggregates need to know about a deal. A deal is won when
/// `won_at` is set, lost when `lost_at` is set, open otherwise.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DealFacts {
    pub stage_id: i64,
    pub owner_id: i64,
    /// Value in the account currency, minor units.
    pub base_value_minor: i64,
    pub created_at: i64,
    pub won_at: Option<i64>,
    pub lost_at: Option<i64>,
    pub lost_reason_id: Option<i64>,
}

/// Sums kept per key of one aggregate table.
type Sums<K, const N: usize> = BTreeMap<K, [i64; N]>;

/// Rows to add to the aggregate tables (negative to take a deal out), or
/// their whole content. Keys and sums follow the tables' columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatsDelta {
    /// (stage, owner) → (count, value).
    pub open: Sums<(i64, i64), 2>,
    /// (stage, owner, day) → (count, value); stage and owner 0 are rollups.
    pub open_change: Sums<(i64, i64, i64), 2>,
    /// (stage, owner, month) → (count, value): the per-stage-and-owner
    /// changes again by month, so that a date months back sums a few hundred
    /// rows instead of ten thousand.
    pub open_change_month: Sums<(i64, i64, i64), 2>,
    /// (owner, day) → (count, won count); owner 0 is the whole team.
    pub created: Sums<(i64, i64), 2>,
    /// (owner, day) → (count, value, ms from creation to win).
    pub won: Sums<(i64, i64), 3>,
    /// (reason, owner, day) → (count, value).
    pub lost: Sums<(i64, i64, i64), 2>,
}

fn add<K: Ord, const N: usize>(map: &mut Sums<K, N>, key: K, values: [i64; N]) {
    let sums = map.entry(key).or_insert([0; N]);
    for (sum, v) in sums.iter_mut().zip(values) {
        *sum += v;
    }
}

fn prune<K: Ord, const N: usize>(map: &mut Sums<K, N>) {
    map.retain(|_, sums| sums.iter().any(|v| *v != 0));
}

impl StatsDelta {
    /// Adds (`sign` = 1) or takes out (`sign` = -1) one deal. Each per-day
    /// row also goes to the rollups with owner 0 (the whole team) and, for
    /// the open-deal changes, stage 0 (every stage), which are what the team
    /// view and the previous period read: a few hundred rows, not thousands.
    pub fn add_deal(&mut self, tz: Tz, d: &DealFacts, sign: i64) {
        let (n, v) = (sign, sign * d.base_value_minor);
        let owner = d.owner_id;
        let created = local_day(tz, d.created_at);
        let won = sign * i64::from(d.won_at.is_some());
        let mut open_change = |day: i64, values: [i64; 2]| {
            for key in [(d.stage_id, owner, day), (0, owner, day), (0, 0, day)] {
                add(&mut self.open_change, key, values);
            }
            add(
                &mut self.open_change_month,
                (d.stage_id, owner, month_number(day)),
                values,
            );
        };
        open_change(created, [n, v]);
        let closed = match (d.won_at, d.lost_at) {
            (Some(at), _) => Some((at, None)),
            (None, Some(at)) => Some((at, Some(d.lost_reason_id.unwrap_or(0)))),
            (None, None) => None,
        };
        if let Some((at, _)) = closed {
            open_change(local_day(tz, at), [-n, -v]);
        }
        for who in [owner, 0] {
            add(&mut self.created, (who, created), [n, won]);
            match closed {
                Some((at, None)) => {
                    let day = local_day(tz, at);
                    add(
                        &mut self.won,
                        (who, day),
                        [n, v, sign * (at - d.created_at)],
                    );
                }
                Some((at, Some(reason))) => {
                    add(&mut self.lost, (reason, who, local_day(tz, at)), [n, v]);
                }
                None => {}
            }
        }
        if closed.is_none() {
            add(&mut self.open, (d.stage_id, owner), [n, v]);
        }
    }

    /// The change from `before` to `after` (either may be absent).
    pub fn change(tz: Tz, before: Option<&DealFacts>, after: Option<&DealFacts>) -> StatsDelta {
        let mut delta = StatsDelta::default();
        if before == after {
            return delta;
        }
        if let Some(b) = before {
            delta.add_deal(tz, b, -1);
        }
        if let Some(a) = after {
            delta.add_deal(tz, a, 1);
        }
        delta.prune();
        delta
    }

    /// Drops rows whose sums are all zero (they carry nothing).
    pub fn prune(&mut self) {
        prune(&mut self.open);
        prune(&mut self.open_change);
        prune(&mut self.open_change_month);
        prune(&mut self.created);
        prune(&mut self.won);
        prune(&mut self.lost);
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
            && self.open_change.is_empty()
            && self.open_change_month.is_empty()
            && self.created.is_empty()
            && self.won.is_empty()
            && self.lost.is_empty()
    }

    /// Rows in all tables.
    pub fn len(&self) -> usize {
        self.open.len()
            + self.open_change.len()
            + self.open_change_month.len()
            + self.created.len()
            + self.won.len()
            + self.lost.len()
    }
}

fn diff_table<K: Ord + std::fmt::Debug, const N: usize>(
    table: &str,
    stored: &Sums<K, N>,
    expected: &Sums<K, N>,
    out: &mut Vec<String>,
) {
    let zero = [0; N];
    let keys: std::collections::BTreeSet<&K> = stored.keys().chain(expected.keys()).collect();
    for key in keys {
        let (s, e) = (
            stored.get(key).unwrap_or(&zero),
            expected.get(key).unwrap_or(&zero),
        );
        if s != e {
            out.push(format!("{table} {key:?}: stored {s:?}, expected {e:?}"));
        }
    }
}

/// Every row where `stored` differs from `expected`, described for a person.
pub fn differences(stored: &StatsDelta, expected: &StatsDelta) -> Vec<String> {
    let mut out = vec![];
    diff_table("stats_open", &stored.open, &expected.open, &mut out);
    diff_table(
        "stats_open_change",
        &stored.open_change,
        &expected.open_change,
        &mut out,
    );
    diff_table(
        "stats_open_change_month",
        &stored.open_change_month,
        &expected.open_change_month,
        &mut out,
    );
    diff_table(
        "stats_created",
        &stored.created,
        &expected.created,
        &mut out,
    );
    diff_table("stats_won", &stored.won, &expected.won, &mut out);
    diff_table("stats_lost", &stored.lost, &expected.lost, &mut out);
    out
}

/// Adds `delta` to the stored aggregates of `account_id` (in the caller's
/// transaction).
pub async fn apply(ex: &mut Ex<'_>, account_id: i64, delta: &StatsDelta) -> Result<(), AppError> {
    let open: Vec<_> = delta.open.iter().collect();
    insert_many!(
        ex,
        "INSERT INTO stats_open (account_id, stage_id, owner_id, deal_count, value_total)",
        " ON CONFLICT (account_id, stage_id, owner_id) DO UPDATE SET \
          deal_count = stats_open.deal_count + excluded.deal_count, \
          value_total = stats_open.value_total + excluded.value_total",
        open,
        |r| [account_id, r.0.0, r.0.1, r.1[0], r.1[1]]
    )?;
    let open_change: Vec<_> = delta.open_change.iter().collect();
    insert_many!(
        ex,
        "INSERT INTO stats_open_change (account_id, stage_id, owner_id, day, deal_count, value_total)",
        " ON CONFLICT (account_id, stage_id, owner_id, day) DO UPDATE SET \
          deal_count = stats_open_change.deal_count + excluded.deal_count, \
          value_total = stats_open_change.value_total + excluded.value_total",
        open_change,
        |r| [account_id, r.0.0, r.0.1, r.0.2, r.1[0], r.1[1]]
    )?;
    let open_change_month: Vec<_> = delta.open_change_month.iter().collect();
    insert_many!(
        ex,
        "INSERT INTO stats_open_change_month (account_id, stage_id, owner_id, month, deal_count, value_total)",
        " ON CONFLICT (account_id, month, stage_id, owner_id) DO UPDATE SET \
          deal_count = stats_open_change_month.deal_count + excluded.deal_count, \
          value_total = stats_open_change_month.value_total + excluded.value_total",
        open_change_month,
        |r| [account_id, r.0.0, r.0.1, r.0.2, r.1[0], r.1[1]]
    )?;
    let created: Vec<_> = delta.created.iter().collect();
    insert_many!(
        ex,
        "INSERT INTO stats_created (account_id, owner_id, day, deal_count, won_count)",
        " ON CONFLICT (account_id, owner_id, day) DO UPDATE SET \
          deal_count = stats_created.deal_count + excluded.deal_count, \
          won_count = stats_created.won_count + excluded.won_count",
        created,
        |r| [account_id, r.0.0, r.0.1, r.1[0], r.1[1]]
    )?;
    let won: Vec<_> = delta.won.iter().collect();
    insert_many!(
        ex,
        "INSERT INTO stats_won (account_id, owner_id, day, deal_count, value_total, win_ms_total)",
        " ON CONFLICT (account_id, owner_id, day) DO UPDATE SET \
          deal_count = stats_won.deal_count + excluded.deal_count, \
          value_total = stats_won.value_total + excluded.value_total, \
          win_ms_total = stats_won.win_ms_total + excluded.win_ms_total",
        won,
        |r| [account_id, r.0.0, r.0.1, r.1[0], r.1[1], r.1[2]]
    )?;
    let lost: Vec<_> = delta.lost.iter().collect();
    insert_many!(
        ex,
        "INSERT INTO stats_lost (account_id, reason_id, owner_id, day, deal_count, value_total)",
        " ON CONFLICT (account_id, reason_id, owner_id, day) DO UPDATE SET \
          deal_count = stats_lost.deal_count + excluded.deal_count, \
          value_total = stats_lost.value_total + excluded.value_total",
        lost,
        |r| [account_id, r.0.0, r.0.1, r.0.2, r.1[0], r.1[1]]
    )
}

/// The stored aggregates of an account (rows with all-zero sums left out).
pub async fn load(ex: &mut Ex<'_>, account_id: i64) -> Result<StatsDelta, AppError> {
    let mut out = StatsDelta::default();
    for (s, o, n, v) in fetch_all!(
        ex,
        (i64, i64, i64, i64),
        "SELECT stage_id, owner_id, deal_count, value_total FROM stats_open WHERE account_id = $1",
        account_id
    )? {
        add(&mut out.open, (s, o), [n, v]);
    }
    for (s, o, d, n, v) in fetch_all!(
        ex,
        (i64, i64, i64, i64, i64),
        "SELECT stage_id, owner_id, day, deal_count, value_total FROM stats_open_change WHERE account_id = $1",
        account_id
    )? {
        add(&mut out.open_change, (s, o, d), [n, v]);
    }
    for (s, o, m, n, v) in fetch_all!(
        ex,
        (i64, i64, i64, i64, i64),
        "SELECT stage_id, owner_id, month, deal_count, value_total FROM stats_open_change_month WHERE account_id = $1",
        account_id
    )? {
        add(&mut out.open_change_month, (s, o, m), [n, v]);
    }
    for (o, d, n, w) in fetch_all!(
        ex,
        (i64, i64, i64, i64),
        "SELECT owner_id, day, deal_count, won_count FROM stats_created WHERE account_id = $1",
        account_id
    )? {
        add(&mut out.created, (o, d), [n, w]);
    }
    for (o, d, n, v, ms) in fetch_all!(
        ex,
        (i64, i64, i64, i64, i64),
        "SELECT owner_id, day, deal_count, value_total, win_ms_total FROM stats_won WHERE account_id = $1",
        account_id
    )? {
        add(&mut out.won, (o, d), [n, v, ms]);
    }
    for (r, o, d, n, v) in fetch_all!(
        ex,
        (i64, i64, i64, i64, i64),
        "SELECT reason_id, owner_id, day, deal_count, value_total FROM stats_lost WHERE account_id = $1",
        account_id
    )? {
        add(&mut out.lost, (r, o, d), [n, v]);
    }
    out.prune();
    Ok(out)
}

/// The facts of every deal of an account, as the aggregates need them.
pub async fn all_facts(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<DealFacts>, AppError> {
    Ok(fetch_all!(
        ex,
        DealFacts,
        "SELECT stage_id, owner_id, base_value_minor, created_at, \
           CASE WHEN status = 'won' THEN won_at END AS won_at, \
           CASE WHEN status = 'lost' THEN lost_at END AS lost_at, \
           CASE WHEN status = 'lost' THEN lost_reason_id END AS lost_reason_id \
         FROM deals WHERE account_id = $1",
        account_id
    )?)
}

/// The aggregates an account should have, derived from its deals.
pub async fn recompute(ex: &mut Ex<'_>, account_id: i64, tz: Tz) -> Result<StatsDelta, AppError> {
    let mut out = StatsDelta::default();
    for facts in all_facts(ex, account_id).await? {
        out.add_deal(tz, &facts, 1);
    }
    out.prune();
    Ok(out)
}

/// Holds every deal write until the caller's transaction ends, so the
/// aggregates it rebuilds from the deals miss none (SQLite writes one
/// transaction at a time already).
pub async fn hold_deal_writes(ex: &mut Ex<'_>) -> Result<(), AppError> {
    if let Ex::Postgres(c) = ex {
        sqlx::query("LOCK TABLE deals IN SHARE MODE")
            .execute(&mut **c)
            .await?;
    }
    Ok(())
}

/// Replaces the stored aggregates of an account with `stats`.
pub async fn replace(ex: &mut Ex<'_>, account_id: i64, stats: &StatsDelta) -> Result<(), AppError> {
    for sql in [
        "DELETE FROM stats_open WHERE account_id = $1",
        "DELETE FROM stats_open_change WHERE account_id = $1",
        "DELETE FROM stats_open_change_month WHERE account_id = $1",
        "DELETE FROM stats_created WHERE account_id = $1",
        "DELETE FROM stats_won WHERE account_id = $1",
        "DELETE FROM stats_lost WHERE account_id = $1",
    ] {
        execute!(ex, sql, account_id)?;
    }
    apply(ex, account_id, stats).await
}

#[cfg(test)]
mod tests {
    use super::*;

    const MX: Tz = chrono_tz::America::Mexico_City;

    fn facts(created_at: i64, won_at: Option<i64>) -> DealFacts {
        DealFacts {
            stage_id: 7,
            owner_id: 3,
            base_value_minor: 1_000,
            created_at,
            won_at,
            lost_at: None,
            lost_reason_id: None,
        }
    }

    #[test]
    fn a_change_is_the_difference_of_two_deals() {
        let open = facts(0, None);
        let won = facts(0, Some(86_400_000 * 3));
        let delta = StatsDelta::change(MX, Some(&open), Some(&won));
        assert_eq!(delta.open.get(&(7, 3)), Some(&[-1, -1_000]));
        assert_eq!(delta.won.values().next(), Some(&[1, 1_000, 86_400_000 * 3]));
        assert!(delta.created.values().all(|v| *v == [0, 1]));
        assert_eq!(delta.created.len(), 2, "the owner's row and the team's");
        let owners: Vec<i64> = delta.won.keys().map(|(owner, _)| *owner).collect();
        assert_eq!(owners, [0, 3], "the team's row and the owner's");
        assert!(StatsDelta::change(MX, Some(&won), Some(&won)).is_empty());
        let mut both = StatsDelta::default();
        both.add_deal(MX, &open, 1);
        both.add_deal(MX, &open, -1);
        both.prune();
        assert!(both.is_empty(), "adding then removing leaves nothing");
    }
}
