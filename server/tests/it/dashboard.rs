//! CRM > Resumen on SQLite and PostgreSQL: the dashboard against a reference
//! implementation written straight from PRODUCT.md §4 (instants, not the
//! aggregates), property-tested over random deal histories with edge
//! instants; random write sequences against full recomputation; the
//! endpoints' shape, validation and restrictions.
use crate::common::*;
use app::domain::dashboard::{
    DashboardSummary, Figure, LostFigure, MonthRevenue, OwnerFigures, PeriodKpis, StageFigure,
    average_days, average_value,
};
use app::domain::deal_change::DealChange;
use app::domain::money::MAX_VALUE_MINOR;
use app::model::PipelineView;
use app::ssr::accounts::provision::{self, AccountInput, UserInput};
use app::ssr::dashboard::db as q;
use app::ssr::dashboard::{DashboardQuery, summary};
use app::ssr::db::Db;
use app::ssr::deals::db::stats::{self as deal_stats, DealFacts};
use app::ssr::deals::db::{self as deals, NewDeal};
use app::ssr::pipelines::db as pipelines;
use app::ssr::pipelines::db::lost_reasons;
use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;
use http::StatusCode;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const DAY: i64 = 86_400_000;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Local midnight of `day` in `tz` as UTC ms (the earliest, if repeated).
fn midnight(tz: Tz, day: NaiveDate) -> i64 {
    let local = day.and_hms_opt(0, 0, 0).unwrap();
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
        })
        .unwrap()
        .timestamp_millis()
}

fn local_date(tz: Tz, ms: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .with_timezone(&tz)
        .date_naive()
}

fn money(minor: i128) -> Decimal {
    Decimal::from_i128_with_scale(minor, 2)
}

/// An account seen by the reference: its people, pipeline and reasons.
struct World {
    account_id: i64,
    tz: Tz,
    pipeline: PipelineView,
    owners: Vec<q::OwnerName>,
    reasons: Vec<(i64, String)>,
}

/// The dashboard by the letter of the spec, over plain values.
fn reference(
    w: &World,
    all: &[DealFacts],
    as_of: NaiveDate,
    owner: Option<i64>,
) -> DashboardSummary {
    let deals: Vec<&DealFacts> = all
        .iter()
        .filter(|d| owner.is_none_or(|o| d.owner_id == o))
        .collect();
    let start = as_of - Duration::days(364);
    let (s, e) = (
        midnight(w.tz, start),
        midnight(w.tz, as_of + Duration::days(1)),
    );
    let prev_s = midnight(w.tz, start - Duration::days(365));
    let open_at = |end: i64| -> Vec<&DealFacts> {
        deals
            .iter()
            .copied()
            .filter(|d| {
                d.created_at < end
                    && d.won_at.is_none_or(|t| t >= end)
                    && d.lost_at.is_none_or(|t| t >= end)
            })
            .collect()
    };
    let kpis = |s: i64, e: i64| -> PeriodKpis {
        let open = open_at(e);
        let won: Vec<&&DealFacts> = deals
            .iter()
            .filter(|d| d.won_at.is_some_and(|t| s <= t && t < e))
            .collect();
        let won_total: i128 = won.iter().map(|d| i128::from(d.base_value_minor)).sum();
        let created: Vec<&&DealFacts> = deals
            .iter()
            .filter(|d| s <= d.created_at && d.created_at < e)
            .collect();
        let converted = created
            .iter()
            .filter(|d| d.won_at.is_some_and(|t| t < e))
            .count() as i64;
        let win_ms: i128 = won
            .iter()
            .map(|d| i128::from(d.won_at.unwrap() - d.created_at))
            .sum();
        PeriodKpis {
            open_deals: Figure {
                count: open.len() as i64,
                total: money(open.iter().map(|d| i128::from(d.base_value_minor)).sum()),
            },
            won_deals: Figure {
                count: won.len() as i64,
                total: money(won_total),
            },
            average_won_value: average_value(won_total, won.len() as i64),
            conversion_rate: (!created.is_empty()).then(|| converted as f64 / created.len() as f64),
            average_days_to_win: average_days(win_ms, won.len() as i64),
        }
    };
    // Months: every (year, month) of a day in the window.
    let mut months: BTreeMap<String, (i64, i128)> = BTreeMap::new();
    let mut day = start;
    while day <= as_of {
        months.insert(format!("{:04}-{:02}", day.year(), day.month()), (0, 0));
        day += Duration::days(1);
    }
    for d in &deals {
        if let Some(t) = d.won_at.filter(|t| s <= *t && *t < e) {
            let m = local_date(w.tz, t);
            let entry = months
                .get_mut(&format!("{:04}-{:02}", m.year(), m.month()))
                .unwrap();
            entry.0 += 1;
            entry.1 += i128::from(d.base_value_minor);
        }
    }
    let open = open_at(e);
    let stage_figures = |of: &dyn Fn(&DealFacts) -> bool| -> Vec<StageFigure> {
        w.pipeline
            .stages
            .iter()
            .map(|st| {
                let these: Vec<&&DealFacts> = open
                    .iter()
                    .filter(|d| d.stage_id == st.id && of(d))
                    .collect();
                StageFigure {
                    stage_id: st.id,
                    stage_name: st.name.clone(),
                    color: st.color.clone(),
                    count: these.len() as i64,
                    total: money(these.iter().map(|d| i128::from(d.base_value_minor)).sum()),
                }
            })
            .collect()
    };
    let mut open_by_owner: Vec<OwnerFigures> = w
        .owners
        .iter()
        .map(|o| {
            let stages = stage_figures(&|d: &DealFacts| d.owner_id == o.id);
            OwnerFigures {
                user_id: o.id,
                user_name: o.name.clone(),
                user_email: o.email.clone(),
                count: stages.iter().map(|s| s.count).sum(),
                total: stages.iter().map(|s| s.total).sum(),
                stages,
            }
        })
        .filter(|o| o.count > 0)
        .collect();
    open_by_owner.sort_by(|a, b| {
        (b.count, b.total, &a.user_name, a.user_id).cmp(&(
            a.count,
            a.total,
            &b.user_name,
            b.user_id,
        ))
    });
    let mut lost: Vec<LostFigure> = w
        .reasons
        .iter()
        .map(|(id, label)| {
            let these: Vec<&&DealFacts> = deals
                .iter()
                .filter(|d| {
                    d.lost_reason_id == Some(*id) && d.lost_at.is_some_and(|t| s <= t && t < e)
                })
                .collect();
            LostFigure {
                reason_id: *id,
                reason: label.clone(),
                count: these.len() as i64,
                total: money(these.iter().map(|d| i128::from(d.base_value_minor)).sum()),
            }
        })
        .filter(|l| l.count > 0)
        .collect();
    lost.sort_by(|a, b| {
        (b.count, b.total, &a.reason, a.reason_id).cmp(&(a.count, a.total, &b.reason, b.reason_id))
    });
    DashboardSummary {
        as_of,
        currency: "MXN".into(),
        window_start: start,
        window_end: as_of,
        pipeline_id: w.pipeline.id,
        kpis: kpis(s, e),
        monthly_revenue: months
            .into_iter()
            .map(|(month, (count, total))| MonthRevenue {
                month,
                count,
                total: money(total),
            })
            .collect(),
        open_by_owner,
        funnel: stage_figures(&|_| true),
        lost_by_reason: lost,
        previous: kpis(prev_s, s),
    }
}

/// A fresh account in `tz` with an admin, a gerente and two vendedores.
async fn world(db: &Db, tz: &'static str) -> World {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let admin = format!("admin{n}@tablero.mx");
    let (account_id, _) = provision::create_account(
        db,
        &AccountInput {
            name: &format!("Tablero {n}"),
            plan: "premium",
            currency: "MXN",
            time_zone: tz,
            admin_name: "Zoe Admin",
            admin_email: &admin,
            admin_password: PASSWORD,
        },
    )
    .await
    .unwrap();
    for (who, role) in [
        ("Ana Gerente", "gerente"),
        ("Beto Uno", "vendedor"),
        ("Beto Uno", "vendedor"),
    ] {
        let email = format!("{}{}@tablero{n}.mx", role, rand::random::<u32>());
        let input = UserInput {
            account_id,
            email: &email,
            name: who,
            role,
            password: PASSWORD,
        };
        provision::create_user(db, &input).await.unwrap();
    }
    let mut conn = db.read().await.unwrap();
    let pipeline = pipelines::list(&mut conn.ex(), account_id)
        .await
        .unwrap()
        .remove(0);
    let mut owners = q::owner_names(&mut conn.ex(), account_id).await.unwrap();
    owners.sort_by_key(|o| o.id);
    let reasons = lost_reasons::list(&mut conn.ex(), account_id)
        .await
        .unwrap();
    World {
        account_id,
        tz: tz.parse().unwrap(),
        pipeline,
        owners,
        reasons,
    }
}

/// Instants where off-by-one mistakes hide, around the main `as_of`.
fn edge(w: &World, as_of: NaiveDate, k: u8) -> i64 {
    let tz = w.tz;
    let start = as_of - Duration::days(364);
    match k % 8 {
        0 => midnight(tz, start),
        1 => midnight(tz, start) - 1,
        2 => midnight(tz, as_of + Duration::days(1)) - 1,
        3 => midnight(tz, as_of + Duration::days(1)),
        4 => midnight(tz, start - Duration::days(365)),
        // Late evening on the last day of a month: already the next day in UTC.
        5 => midnight(tz, date(2026, 1, 31)) + 23 * 3_600_000 + 30 * 60_000,
        6 => midnight(tz, date(2025, 12, 1)) - 60_000,
        _ => midnight(tz, date(2025, 6, 30)) + 22 * 3_600_000,
    }
}

/// A generated deal: (owner, stage, value, created, outcome, close, reason).
type Spec = (
    usize,
    usize,
    i64,
    (bool, u8, i64),
    u8,
    (bool, u8, i64),
    usize,
);

fn spec() -> impl Strategy<Value = Spec> {
    let value = prop_oneof![Just(0i64), Just(MAX_VALUE_MINOR), 1i64..50_000_000];
    let instant = (any::<bool>(), any::<u8>(), -800 * DAY..40 * DAY);
    let close = (any::<bool>(), any::<u8>(), 0i64..500 * DAY);
    (
        0usize..4,
        0usize..5,
        value,
        instant,
        0u8..3,
        close,
        0usize..5,
    )
}

/// Main `as_of` of the generated histories (a month's last day).
const AS_OF: (i32, u32, u32) = (2026, 3, 31);

fn new_deal(w: &World, s: &Spec) -> NewDeal {
    let as_of = date(AS_OF.0, AS_OF.1, AS_OF.2);
    let (owner, stage, value, (at_edge, k, offset), outcome, (close_edge, ck, lag), reason) = *s;
    let created_at = if at_edge {
        edge(w, as_of, k)
    } else {
        midnight(w.tz, as_of) + offset
    };
    let closed_at = if close_edge {
        edge(w, as_of, ck).max(created_at)
    } else {
        created_at + lag
    };
    NewDeal {
        title: format!("Trato {owner}-{stage}"),
        value_minor: value,
        currency: None,
        stage_id: w.pipeline.stages[stage].id,
        owner_id: w.owners[owner].id,
        created_at,
        won_at: (outcome == 1).then_some(closed_at),
        lost_at: (outcome == 2).then_some(closed_at),
        lost_reason_id: (outcome == 2).then_some(w.reasons[reason].0),
    }
}

/// Creates the deals of `specs` in one transaction, as the admin.
async fn create_deals(db: &Db, w: &World, specs: &[Spec]) {
    let mut tx = db.begin().await.unwrap();
    for s in specs {
        let d = new_deal(w, s);
        deals::create(
            &mut tx.ex(),
            w.account_id,
            w.tz,
            w.owners[0].id,
            &d,
            d.created_at,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// The dashboard from the database for `as_of` and an optional owner.
async fn from_db(db: &Db, w: &World, as_of: NaiveDate, owner: Option<i64>) -> DashboardSummary {
    let query = DashboardQuery {
        account_id: w.account_id,
        owner_id: owner,
        currency: "MXN".into(),
        time_zone: w.tz,
        as_of: Some(as_of),
        pipeline_id: None,
    };
    summary(db, &query).await.unwrap()
}

async fn facts(db: &Db, w: &World) -> Vec<DealFacts> {
    let mut conn = db.read().await.unwrap();
    deal_stats::all_facts(&mut conn.ex(), w.account_id)
        .await
        .unwrap()
}

/// Every `as_of` checked, and every owner filter.
async fn check_against_reference(db: &Db, w: &World, label: &str) -> Result<(), TestCaseError> {
    let all = facts(db, w).await;
    let as_ofs = [
        date(AS_OF.0, AS_OF.1, AS_OF.2),
        date(2025, 12, 31),
        date(2026, 2, 28),
        date(2026, 5, 15),
        date(2024, 10, 1),
    ];
    let owners = [None, Some(w.owners[2].id)];
    for as_of in as_ofs {
        for owner in owners {
            let got = from_db(db, w, as_of, owner).await;
            let want = reference(w, &all, as_of, owner);
            prop_assert_eq!(&got, &want, "{} as_of {} owner {:?}", label, as_of, owner);
        }
    }
    Ok(())
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn the_dashboard_equals_the_reference_on_random_histories() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dbs = rt.block_on(databases());
    for t in &dbs {
        for tz in ["America/Mexico_City", "America/New_York"] {
            let mut runner = runner(10);
            runner
                .run(&proptest::collection::vec(spec(), 0..40), |specs| {
                    rt.block_on(async {
                        let w = world(&t.db, tz).await;
                        create_deals(&t.db, &w, &specs).await;
                        check_against_reference(&t.db, &w, &format!("{} {tz}", t.name)).await
                    })
                })
                .unwrap_or_else(|e| panic!("{} {tz}: {e}", t.name));
        }
    }
}

/// One step of a random write sequence.
#[derive(Clone, Debug)]
enum Op {
    Create(Spec),
    Import(Vec<Spec>),
    Move(usize, usize),
    Win(usize, i64),
    Lose(usize, usize, i64),
    Reopen(usize),
    SetValue(usize, i64),
    SetOwner(usize, usize),
    Delete(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let at = -400 * DAY..30 * DAY;
    prop_oneof![
        3 => spec().prop_map(Op::Create),
        1 => proptest::collection::vec(spec(), 1..6).prop_map(Op::Import),
        2 => (any::<usize>(), 0usize..5).prop_map(|(i, s)| Op::Move(i, s)),
        2 => (any::<usize>(), at.clone()).prop_map(|(i, t)| Op::Win(i, t)),
        2 => (any::<usize>(), 0usize..5, at).prop_map(|(i, r, t)| Op::Lose(i, r, t)),
        1 => any::<usize>().prop_map(Op::Reopen),
        1 => (any::<usize>(), prop_oneof![Just(0i64), Just(MAX_VALUE_MINOR), 0i64..9_000_000]).prop_map(|(i, v)| Op::SetValue(i, v)),
        1 => (any::<usize>(), 0usize..4).prop_map(|(i, o)| Op::SetOwner(i, o)),
        1 => any::<usize>().prop_map(Op::Delete),
    ]
}

/// Runs one op in its own transaction; refused ops (closing a closed deal,
/// reopening an open one) must write nothing.
async fn run_op(db: &Db, w: &World, live: &mut Vec<(i64, i64)>, op: &Op) {
    let as_of_ms = midnight(w.tz, date(AS_OF.0, AS_OF.1, AS_OF.2));
    let actor = w.owners[0].id;
    let mut tx = db.begin().await.unwrap();
    let pick = |i: usize, live: &Vec<(i64, i64)>| (!live.is_empty()).then(|| i % live.len());
    let result = match op {
        Op::Create(s) => {
            let d = new_deal(w, s);
            let id = deals::create(&mut tx.ex(), w.account_id, w.tz, actor, &d, d.created_at).await;
            id.map(|id| live.push((id, 1)))
        }
        Op::Import(specs) => {
            let mut ids = vec![];
            for s in specs {
                let d = new_deal(w, s);
                ids.push(
                    deals::create(&mut tx.ex(), w.account_id, w.tz, actor, &d, d.created_at)
                        .await
                        .unwrap(),
                );
            }
            live.extend(ids.into_iter().map(|id| (id, 1)));
            Ok(())
        }
        Op::Delete(i) => match pick(*i, live) {
            None => Ok(()),
            Some(k) => {
                let (id, version) = live[k];
                deals::delete(&mut tx.ex(), w.account_id, w.tz, actor, id, version, 0)
                    .await
                    .map(|()| {
                        live.remove(k);
                    })
            }
        },
        other => {
            let (i, change, now) = match other {
                Op::Move(i, s) => (
                    *i,
                    DealChange::Move {
                        stage_id: w.pipeline.stages[*s].id,
                        position: *s as f64 * 10.0,
                    },
                    as_of_ms,
                ),
                Op::Win(i, t) => (*i, DealChange::Win(Default::default()), as_of_ms + t),
                Op::Lose(i, r, t) => (
                    *i,
                    DealChange::Lose {
                        reason_id: w.reasons[*r].0,
                    },
                    as_of_ms + t,
                ),
                Op::Reopen(i) => (*i, DealChange::Reopen, as_of_ms),
                Op::SetValue(i, v) => (*i, DealChange::SetValue { value_minor: *v }, as_of_ms),
                Op::SetOwner(i, o) => (
                    *i,
                    DealChange::SetOwner {
                        owner_id: w.owners[*o].id,
                    },
                    as_of_ms,
                ),
                _ => unreachable!(),
            };
            match pick(i, live) {
                None => Ok(()),
                Some(k) => {
                    let (id, version) = live[k];
                    deals::update(
                        &mut tx.ex(),
                        w.account_id,
                        w.tz,
                        actor,
                        id,
                        version,
                        &change,
                        now,
                    )
                    .await
                    .map(|v| live[k].1 = v)
                }
            }
        }
    };
    match result {
        Ok(()) => tx.commit().await.unwrap(),
        Err(e) => {
            assert!(
                matches!(e, app::error::AppError::Validation(_)),
                "{op:?}: {e:?}"
            );
            drop(tx);
        }
    }
}

#[test]
fn aggregates_stay_exact_through_random_writes() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dbs = rt.block_on(databases());
    for t in &dbs {
        let mut runner = runner(8);
        runner
            .run(&proptest::collection::vec(op(), 1..40), |ops| {
                rt.block_on(async {
                    let w = world(&t.db, "America/Mexico_City").await;
                    let mut live = vec![];
                    for op in &ops {
                        run_op(&t.db, &w, &mut live, op).await;
                    }
                    let mut conn = t.db.read().await.unwrap();
                    let stored = deal_stats::load(&mut conn.ex(), w.account_id)
                        .await
                        .unwrap();
                    let expected = deal_stats::recompute(&mut conn.ex(), w.account_id, w.tz)
                        .await
                        .unwrap();
                    drop(conn);
                    prop_assert_eq!(
                        deal_stats::differences(&stored, &expected),
                        Vec::<String>::new()
                    );
                    check_against_reference(&t.db, &w, t.name).await
                })
            })
            .unwrap_or_else(|e| panic!("{}: {e}", t.name));
    }
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_writes_nothing() {
    for t in databases().await {
        let w = world(&t.db, "America/Mexico_City").await;
        let mut tx = t.db.begin().await.unwrap();
        let d = new_deal(&w, &(1, 0, 5_000, (false, 0, 0), 0, (false, 0, 0), 0));
        let id = deals::create(
            &mut tx.ex(),
            w.account_id,
            w.tz,
            w.owners[0].id,
            &d,
            d.created_at,
        )
        .await
        .unwrap();
        let v2 = deals::update(
            &mut tx.ex(),
            w.account_id,
            w.tz,
            w.owners[0].id,
            id,
            1,
            &DealChange::Win(Default::default()),
            d.created_at + DAY,
        )
        .await
        .unwrap();
        assert_eq!(v2, 2);
        let stale = deals::update(
            &mut tx.ex(),
            w.account_id,
            w.tz,
            w.owners[0].id,
            id,
            1,
            &DealChange::Reopen,
            d.created_at,
        )
        .await;
        assert_eq!(
            stale,
            Err(app::error::AppError::Conflict("version".into())),
            "{}",
            t.name
        );
        tx.commit().await.unwrap();
        let all = facts(&t.db, &w).await;
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].won_at, Some(d.created_at + DAY), "the win stands");
    }
}

#[tokio::test]
async fn the_endpoints_answer_the_same_summary() {
    for t in databases().await {
        let acc = account(&t.db, "Resumen", "estandar").await;
        let router = router(&t.db);
        let gerente = login(&router, &acc.gerente).await;
        let rest = send(
            &router,
            get("/api/v1/dashboard?as_of=2026-03-31", Some(&gerente), None),
        )
        .await;
        assert_eq!(rest.status, StatusCode::OK, "{}: {}", t.name, rest.body);
        let json = rest.json();
        for field in [
            "as_of",
            "currency",
            "window_start",
            "window_end",
            "open_deals",
            "won_deals",
            "average_won_value",
            "conversion_rate",
            "average_days_to_win",
            "monthly_revenue",
            "open_by_owner",
            "funnel",
            "lost_by_reason",
            "previous",
        ] {
            assert!(json.get(field).is_some(), "missing {field}: {json}");
        }
        assert_eq!(json["as_of"], "2026-03-31");
        assert_eq!(json["window_start"], "2025-04-01");
        assert_eq!(json["window_end"], "2026-03-31");
        assert_eq!(json["currency"], "MXN");
        assert_eq!(
            json["open_deals"]["total"], "0.00",
            "money is a decimal string"
        );
        assert!(json["average_won_value"].is_null());
        assert_eq!(json["monthly_revenue"].as_array().unwrap().len(), 12);
        assert_eq!(
            json["funnel"].as_array().unwrap().len(),
            5,
            "every stage, zero included"
        );
        assert_eq!(json["previous"]["won_deals"]["count"], 0);

        let sf = send(
            &router,
            server_fn("/api/dashboard", &[("as_of", "2026-03-31")], Some(&gerente)),
        )
        .await;
        assert_eq!(sf.status, StatusCode::OK, "{}", sf.body);
        assert_eq!(sf.json()["summary"], json, "server function and REST agree");
        assert_eq!(
            sf.json()["charts"]["revenue"]["spots"]
                .as_array()
                .unwrap()
                .len(),
            12
        );

        for (query, field, code) in [
            ("as_of=2026-02-30", "as_of", "invalid_date"),
            ("as_of=ayer", "as_of", "invalid_date"),
            ("as_of=1900-01-01", "as_of", "out_of_range"),
            ("pipeline_id=abc", "pipeline_id", "invalid"),
        ] {
            let bad = send(
                &router,
                get(&format!("/api/v1/dashboard?{query}"), Some(&gerente), None),
            )
            .await;
            assert_eq!(
                bad.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{query}: {}",
                bad.body
            );
            assert_eq!(bad.json()["error"]["fields"][field], code, "{query}");
        }
    }
}

#[tokio::test]
async fn a_seller_with_view_all_off_counts_only_own_deals() {
    let t = sqlite().await;
    let w = world(&t.db, "America/Mexico_City").await;
    let specs: Vec<Spec> = [1usize, 2, 2, 3]
        .into_iter()
        .map(|owner| (owner, 1, 10_000, (false, 0, -DAY), 0, (false, 0, 0), 0))
        .collect();
    create_deals(&t.db, &w, &specs).await;
    let as_of = date(AS_OF.0, AS_OF.1, AS_OF.2);
    let team = from_db(&t.db, &w, as_of, None).await;
    assert_eq!(team.kpis.open_deals.count, 4);
    assert_eq!(team.open_by_owner.len(), 3);
    assert_eq!(
        team.open_by_owner[0].user_id, w.owners[2].id,
        "most open deals first"
    );
    let own = from_db(&t.db, &w, as_of, Some(w.owners[2].id)).await;
    assert_eq!(
        own.kpis.open_deals,
        Figure {
            count: 2,
            total: Decimal::new(20_000, 2)
        }
    );
    assert_eq!(own.open_by_owner.len(), 1);
    assert_eq!(own.funnel[1].count, 2);
}
