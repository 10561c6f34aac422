//! `embudo seed-demo`: the demo accounts with a year and a half of realistic,
//! Spanish-language CRM history. Deterministic for a given `--seed` and
//! `--today`; fast enough for a million deals (batched multi-row inserts, one
//! transaction per batch).
use app::domain::deal_event::DealEvent;
use app::domain::deal_status::DealStatus;
use app::domain::directory::LIFECYCLES;
use app::error::AppError;
use app::ssr::accounts::db as accounts;
use app::ssr::accounts::db::stats;
use app::ssr::accounts::provision::{self, AccountInput, UserInput};
use app::ssr::activities::db::{BulkActivity, insert_activities};
use app::ssr::db::Db;
use app::ssr::db::Ex;
use app::ssr::db::bulk::max_id;
use app::ssr::db::dialect;
use app::ssr::deals::db::bulk::{
    BulkComment, BulkDeal, BulkEvent, insert_comments, insert_deals, insert_events,
};
use app::ssr::deals::db::stats::{self as deal_stats, DealFacts, StatsDelta};
use app::ssr::directory::db::bulk::{
    BulkContact, BulkOrganization, insert_contacts, insert_organizations,
};
use app::ssr::pipelines::db as pipelines;
use app::ssr::pipelines::db::lost_reasons;
use app::ssr::products::db::{self as products, NewProduct};
use app::ssr::users::db as users;
use chrono::{Duration, NaiveDate};
use indicatif::{ProgressBar, ProgressStyle};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Name of the main demo account (plan estandar).
pub const DEMO_ACCOUNT: &str = "Distribuidora Demo del Norte";
/// Name of the small demo account on plan basico.
pub const BASICO_ACCOUNT: &str = "Papelería La Esperanza";
/// Password of every demo login.
pub const PASSWORD: &str = "demo1234";

/// Demo users of the main account: (email, name, role).
pub const USERS: [(&str, &str, &str); 8] = [
    ("admin@demo.embudo.mx", "Adriana Morales", "admin"),
    ("gerente@demo.embudo.mx", "Gerardo Treviño", "gerente"),
    ("vendedor1@demo.embudo.mx", "Valeria Hernández", "vendedor"),
    ("vendedor2@demo.embudo.mx", "Luis Ramírez", "vendedor"),
    ("vendedor3@demo.embudo.mx", "Sofía Castillo", "vendedor"),
    ("vendedor4@demo.embudo.mx", "Diego Navarro", "vendedor"),
    ("vendedor5@demo.embudo.mx", "Fernanda Ríos", "vendedor"),
    ("vendedor6@demo.embudo.mx", "Jorge Domínguez", "vendedor"),
];
/// The admin of the `basico` demo account.
pub const BASICO_ADMIN: (&str, &str) = ("basico@demo.embudo.mx", "Beatriz Salinas");

/// What to seed.
pub struct Options {
    pub deals: u64,
    pub seed: u64,
    pub today: NaiveDate,
    pub reset: bool,
    /// Seed even when the database holds accounts other than the demo's.
    pub force: bool,
}

/// Deals generated and written per transaction.
const BATCH: u64 = 20_000;
/// Days of history (about 18 months).
const HISTORY_DAYS: i64 = 548;
/// Mexico City is UTC−6 all year (no daylight saving since 2022).
const UTC_OFFSET_HOURS: i64 = 6;
const DAY_MS: i64 = 86_400_000;

/// Creates (or with `reset`, recreates) the demo accounts; refuses a
/// database with other accounts unless `force`.
pub async fn seed(db: &Db, opts: Options) -> Result<(), AppError> {
    let started = std::time::Instant::now();
    let mut conn = db.read().await?;
    let existing = [
        accounts::find(&mut conn.ex(), DEMO_ACCOUNT).await?,
        accounts::find(&mut conn.ex(), BASICO_ACCOUNT).await?,
    ];
    // Demo logins share a published password: not beside real accounts
    // unless asked for.
    let others = accounts::list_all(&mut conn.ex())
        .await?
        .into_iter()
        .filter(|a| a.name != DEMO_ACCOUNT && a.name != BASICO_ACCOUNT)
        .count();
    drop(conn);
    if others > 0 && !opts.force {
        return Err(AppError::Conflict(format!(
            "the database holds {others} other account(s): the demo logins have a published \
             password; use --force to seed them here anyway"
        )));
    }
    if existing.iter().any(Option::is_some) {
        if !opts.reset {
            return Err(AppError::Conflict(
                "the demo accounts exist already; use --reset to recreate them".into(),
            ));
        }
        let mut tx = db.begin().await?;
        for account in existing.into_iter().flatten() {
            accounts::delete(&mut tx.ex(), account.id).await?;
        }
        tx.commit().await?;
    }

    let (admin_email, admin_name, _) = USERS[0];
    let (account_id, _) = provision::create_account(
        db,
        &AccountInput {
            name: DEMO_ACCOUNT,
            plan: "estandar",
            currency: "MXN",
            time_zone: "America/Mexico_City",
            admin_name,
            admin_email,
            admin_password: PASSWORD,
        },
    )
    .await?;
    for (email, name, role) in &USERS[1..] {
        provision::create_user(
            db,
            &UserInput {
                account_id,
                email,
                name,
                role,
                password: PASSWORD,
            },
        )
        .await?;
    }
    provision::create_account(
        db,
        &AccountInput {
            name: BASICO_ACCOUNT,
            plan: "basico",
            currency: "MXN",
            time_zone: "America/Mexico_City",
            admin_name: BASICO_ADMIN.1,
            admin_email: BASICO_ADMIN.0,
            admin_password: PASSWORD,
        },
    )
    .await?;

    catalogue(db, account_id).await?;
    history(db, account_id, &opts).await?;
    // The seeding time; the report below counts rows and is not part of it.
    let seconds = started.elapsed().as_secs_f64();
    let mut conn = db.read().await?;
    let c = stats::account_counts(&mut conn.ex(), account_id).await?;
    println!(
        "demo data ready in {:.1} s: \"{DEMO_ACCOUNT}\" has {} deals ({} open, {} won, {} lost), {} organizations, \
         {} contacts, {} activities; logins {} … {} and {} (password {PASSWORD})",
        seconds,
        c.deals_open + c.deals_won + c.deals_lost,
        c.deals_open,
        c.deals_won,
        c.deals_lost,
        c.organizations,
        c.contacts,
        c.activities,
        USERS[0].0,
        USERS[USERS.len() - 1].0,
        BASICO_ADMIN.0
    );
    Ok(())
}

/// The demo company's product catalogue.
async fn catalogue(db: &Db, account_id: i64) -> Result<(), AppError> {
    let now = app::ssr::clock::now_ms();
    let mut tx = db.begin().await?;
    let ids = dialect::reserve_ids(&mut tx.ex(), "products", names::CATALOGUE.len()).await?;
    let rows: Vec<(i64, NewProduct)> = ids
        .into_iter()
        .zip(names::CATALOGUE)
        .map(
            |(id, (sku, name, price, iva, product_key, unit_key, active))| {
                let product = NewProduct {
                    sku: sku.into(),
                    name: name.into(),
                    description: None,
                    unit_price_minor: price,
                    currency: "MXN".into(),
                    iva,
                    sat_product_key: product_key.map(str::to_string),
                    sat_unit_key: unit_key.map(str::to_string),
                    active,
                };
                (id, product)
            },
        )
        .collect();
    products::insert_many(&mut tx.ex(), account_id, &rows, now).await?;
    tx.commit().await?;
    Ok(())
}

/// What the generator needs to know about the account.
struct Account {
    id: i64,
    time_zone: chrono_tz::Tz,
    sellers: Vec<i64>,
    manager: i64,
    pipeline_id: i64,
    stages: Vec<i64>,
    reasons: Vec<i64>,
}

async fn load_account(db: &Db, account_id: i64) -> Result<Account, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let row = accounts::find(&mut ex, &account_id.to_string())
        .await?
        .ok_or(AppError::NotFound)?;
    let time_zone = app::ssr::clock::time_zone(&row.time_zone)?;
    let people = users::active_with_roles(&mut ex, account_id).await?;
    let sellers: Vec<i64> = people
        .iter()
        .filter(|(_, r)| r == "vendedor")
        .map(|(id, _)| *id)
        .collect();
    let manager = people
        .iter()
        .find(|(_, r)| r == "gerente")
        .map(|(id, _)| *id)
        .ok_or(AppError::Internal)?;
    let pipeline = pipelines::list(&mut ex, account_id)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::Internal)?;
    let reasons = lost_reasons::list(&mut ex, account_id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    Ok(Account {
        id: account_id,
        time_zone,
        sellers,
        manager,
        pipeline_id: pipeline.id,
        stages: pipeline.stages.iter().map(|s| s.id).collect(),
        reasons,
    })
}

async fn history(db: &Db, account_id: i64, opts: &Options) -> Result<(), AppError> {
    let account = load_account(db, account_id).await?;
    dialect::before_bulk_load(db).await?;
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let end_of_today = (opts.today + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .ok_or(AppError::Internal)?;
    let limit = (end_of_today.and_utc().timestamp_millis() + UTC_OFFSET_HOURS * 3_600_000)
        .min(app::ssr::clock::now_ms());
    let first_day = (opts.today - Duration::days(HISTORY_DAYS - 1))
        .and_hms_opt(0, 0, 0)
        .ok_or(AppError::Internal)?;
    let start = first_day.and_utc().timestamp_millis() + UTC_OFFSET_HOURS * 3_600_000;

    // Organizations and their contacts.
    let org_count = (opts.deals / 25).clamp(60, 40_000) as i64;
    let mut tx = db.begin().await?;
    let org_base = max_id(&mut tx.ex(), "organizations").await? + 1;
    let contact_base = max_id(&mut tx.ex(), "contacts").await? + 1;
    let mut orgs = Vec::with_capacity(org_count as usize);
    let mut contacts = Vec::with_capacity(org_count as usize * 2);
    for i in 0..org_count {
        let org = names::organization(&mut rng);
        let domain = names::domain(&org, i);
        let created_at = start - rng.random_range(30..400) * DAY_MS;
        let owner_id = account.sellers[rng.random_range(0..account.sellers.len())];
        let lifecycle = LIFECYCLES[rng.random_range(0..LIFECYCLES.len())];
        for c in 0..2 {
            let (first, last) = names::person(&mut rng);
            contacts.push(BulkContact {
                id: contact_base + i * 2 + c,
                account_id,
                organization_id: Some(org_base + i),
                email: Some(format!(
                    "{}.{}@{domain}",
                    names::ascii(first),
                    names::ascii(last)
                )),
                name: format!("{first} {last}"),
                job_title: Some(
                    names::JOB_TITLES[rng.random_range(0..names::JOB_TITLES.len())].to_string(),
                ),
                phone: Some(names::phone(&mut rng)),
                lifecycle: lifecycle.to_string(),
                owner_id,
                created_at,
            });
        }
        orgs.push(BulkOrganization {
            id: org_base + i,
            account_id,
            tax_id: Some(names::rfc(&org, &mut rng)),
            phone: Some(names::phone(&mut rng)),
            email: Some(format!("contacto@{domain}")),
            address: Some(names::address(&mut rng)),
            fiscal: names::fiscal(&org, i),
            name: org,
            lifecycle: lifecycle.to_string(),
            owner_id,
            created_at,
        });
    }
    insert_organizations(&mut tx.ex(), &orgs).await?;
    insert_contacts(&mut tx.ex(), &contacts).await?;
    let first_number =
        accounts::reserve_deal_numbers(&mut tx.ex(), account_id, opts.deals as i64).await?;
    let deal_base = max_id(&mut tx.ex(), "deals").await? + 1;
    tx.commit().await?;

    let bar = ProgressBar::new(opts.deals);
    bar.set_style(
        ProgressStyle::with_template("{spinner} tratos {pos}/{len} [{bar:40}] {per_sec} ({eta})")
            .map_err(|_| AppError::Internal)?
            .progress_chars("=> "),
    );
    let org_short: Vec<String> = orgs.iter().map(|o| names::short(&o.name)).collect();
    let generator = Generator {
        account,
        start,
        limit,
        org_base,
        org_short,
        contact_base,
    };
    // Generate the next batch on a blocking thread while this one is written.
    let (sender, mut batches) = tokio::sync::mpsc::channel::<Batch>(2);
    let total = opts.deals;
    // The generator also sums the dashboard aggregates of what it makes, off
    // the writer's thread; they are written once at the end.
    let producer = tokio::task::spawn_blocking(move || {
        let mut position = vec![0f64; generator.account.stages.len()];
        let mut stats = StatsDelta::default();
        let mut done = 0u64;
        while done < total {
            let n = BATCH.min(total - done);
            let mut batch = Batch::default();
            for i in done..done + n {
                generator.deal(
                    &mut rng,
                    deal_base + i as i64,
                    first_number + i as i64,
                    &mut position,
                    &mut batch,
                    &mut stats,
                );
            }
            if sender.blocking_send(batch).is_err() {
                break;
            }
            done += n;
        }
        stats
    });
    while let Some(batch) = batches.recv().await {
        let mut tx = db.begin().await?;
        batch.write(&mut tx.ex()).await?;
        tx.commit().await?;
        bar.inc(batch.deals.len() as u64);
    }
    let mut dashboard_stats = producer.await.map_err(|_| AppError::Internal)?;
    bar.finish_and_clear();
    // The dashboard aggregates of all the new deals, written once (a fresh
    // demo account: a few tens of thousands of rows instead of upserting
    // them for every batch).
    dashboard_stats.prune();
    let mut tx = db.begin().await?;
    deal_stats::apply(&mut tx.ex(), account_id, &dashboard_stats).await?;
    for table in ["organizations", "contacts", "deals"] {
        dialect::sync_id_sequence(&mut tx.ex(), table).await?;
    }
    tx.commit().await?;
    dialect::after_bulk_load(db).await
}

/// Rows of one batch.
#[derive(Default)]
struct Batch {
    deals: Vec<BulkDeal>,
    events: Vec<BulkEvent>,
    comments: Vec<BulkComment>,
    activities: Vec<BulkActivity>,
}

impl Batch {
    async fn write(&self, ex: &mut Ex<'_>) -> Result<(), AppError> {
        insert_deals(ex, &self.deals).await?;
        insert_events(ex, &self.events).await?;
        insert_comments(ex, &self.comments).await?;
        insert_activities(ex, &self.activities).await
    }
}

struct Generator {
    account: Account,
    start: i64,
    limit: i64,
    org_base: i64,
    org_short: Vec<String>,
    contact_base: i64,
}

impl Generator {
    /// A business-hours instant (Mexico City) on a random day of the history.
    fn created_at(&self, rng: &mut ChaCha8Rng) -> i64 {
        let days = (self.limit - self.start) / DAY_MS;
        let day = rng.random_range(0..=days.max(0));
        let t = self.start + day * DAY_MS + rng.random_range(8 * 3_600_000..19 * 3_600_000);
        t.min(self.limit - 1)
    }

    fn deal(
        &self,
        rng: &mut ChaCha8Rng,
        id: i64,
        number: i64,
        position: &mut [f64],
        out: &mut Batch,
        stats: &mut StatsDelta,
    ) {
        let a = &self.account;
        let created_at = self.created_at(rng);
        let age_days = (self.limit - created_at) / DAY_MS;
        let owner_id = if rng.random_ratio(1, 12) {
            a.manager
        } else {
            a.sellers[rng.random_range(0..a.sellers.len())]
        };
        let org_index = rng.random_range(0..self.org_short.len());
        let org = org_index as i64;
        let (p_won, p_lost) = match age_days {
            0..14 => (4, 6),
            14..60 => (18, 27),
            _ => (36, 52),
        };
        let roll = rng.random_range(0..100);
        let mut status = if roll < p_won {
            DealStatus::Won
        } else if roll < p_won + p_lost {
            DealStatus::Lost
        } else {
            DealStatus::Open
        };
        let closed_at = created_at
            + rng.random_range(2..=age_days.clamp(2, 120)) * DAY_MS
            + rng.random_range(0..DAY_MS / 2);
        if !status.is_open() && closed_at >= self.limit {
            status = DealStatus::Open;
        }
        let stage_index = match status {
            DealStatus::Won => 3 - usize::from(rng.random_ratio(1, 4)),
            DealStatus::Lost => rng.random_range(0..a.stages.len()),
            DealStatus::Open => pick_weighted(rng, &[35, 25, 20, 12, 8]),
        };
        let stage_id = a.stages[stage_index];
        let stage_entered_at = if stage_index == 0 {
            created_at
        } else {
            let upto = if status.is_open() {
                self.limit
            } else {
                closed_at
            };
            created_at + rng.random_range(0..=(upto - created_at).max(1) / 2)
        };
        position[stage_index] += 1024.0;
        let lost_reason_id = (status == DealStatus::Lost)
            .then(|| a.reasons[pick_weighted(rng, &[30, 28, 22, 14, 6])]);
        let won_at = (status == DealStatus::Won).then_some(closed_at);
        let lost_at = (status == DealStatus::Lost).then_some(closed_at);
        let updated_at = won_at.or(lost_at).unwrap_or(stage_entered_at);
        let product = names::PRODUCTS[rng.random_range(0..names::PRODUCTS.len())];
        let value_minor = names::value_minor(rng);
        let close_date =
            chrono::DateTime::from_timestamp_millis(created_at + rng.random_range(20..90) * DAY_MS)
                .map(|d| d.date_naive().to_string())
                .unwrap_or_default();
        let event = |at: i64, event: DealEvent| BulkEvent::new(a.id, id, owner_id, at, &event);
        let first = a.stages[0];
        out.events
            .push(event(created_at, DealEvent::Created { stage_id: first }));
        if stage_index > 0 {
            let moved = DealEvent::StageChanged {
                from: first,
                to: stage_id,
            };
            out.events.push(event(stage_entered_at, moved));
        }
        if let Some(at) = won_at {
            out.events.push(event(at, DealEvent::Won {}));
        }
        if let (Some(at), Some(reason_id)) = (lost_at, lost_reason_id) {
            out.events.push(event(at, DealEvent::Lost { reason_id }));
        }
        if id % 8 == 0 {
            out.comments.push(BulkComment {
                account_id: a.id,
                deal_id: id,
                author_id: owner_id,
                body: names::COMMENTS[rng.random_range(0..names::COMMENTS.len())],
                created_at: stage_entered_at,
            });
        }
        let wants_activity = if status.is_open() {
            rng.random_ratio(1, 3)
        } else {
            rng.random_ratio(1, 15)
        };
        if wants_activity {
            let (kind, subject) = names::ACTIVITIES[rng.random_range(0..names::ACTIVITIES.len())];
            let due_at = if status.is_open() {
                self.limit - 12 * 3_600_000 + rng.random_range(-5..14) * DAY_MS
            } else {
                updated_at - DAY_MS
            };
            out.activities.push(BulkActivity {
                account_id: a.id,
                kind,
                subject: subject.to_string(),
                due_at,
                priority: ["baja", "media", "alta"][rng.random_range(0..3)],
                assigned_to: owner_id,
                deal_id: id,
                contact_id: self.contact_base + org * 2,
                organization_id: self.org_base + org,
                done: !status.is_open(),
                done_at: (!status.is_open()).then_some(due_at),
                created_at,
            });
        }
        stats.add_deal(
            a.time_zone,
            &DealFacts {
                stage_id,
                owner_id,
                base_value_minor: value_minor,
                created_at,
                won_at,
                lost_at,
                lost_reason_id,
            },
            1,
        );
        out.deals.push(BulkDeal {
            id,
            account_id: a.id,
            key: format!("T-{number:06}"),
            title: format!("{product} · {}", self.org_short[org_index]),
            value_minor,
            currency: "MXN".into(),
            exchange_rate: "1".into(),
            base_value_minor: value_minor,
            pipeline_id: a.pipeline_id,
            stage_id,
            position: position[stage_index],
            status,
            lost_reason_id,
            owner_id,
            organization_id: Some(self.org_base + org),
            contact_id: Some(self.contact_base + org * 2 + rng.random_range(0..2)),
            expected_close_date: Some(close_date),
            priority: Some(["baja", "media", "media", "alta"][rng.random_range(0..4)]),
            source: Some(names::SOURCES[rng.random_range(0..names::SOURCES.len())]),
            created_at,
            updated_at,
            stage_entered_at,
            won_at,
            lost_at,
            version: 1 + i64::from(stage_index > 0) + i64::from(!status.is_open()),
        });
    }
}

/// An index drawn with the given relative weights.
fn pick_weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut roll = rng.random_range(0..total);
    for (i, w) in weights.iter().enumerate() {
        if roll < *w {
            return i;
        }
        roll -= w;
    }
    weights.len() - 1
}

mod names;

/// Whether the demo logins (published password) exist in this database.
pub async fn logins_exist(db: &Db) -> Result<bool, AppError> {
    let mut conn = db.read().await?;
    Ok(app::ssr::users::db::id_by_email(&mut conn.ex(), USERS[0].0)
        .await?
        .is_some())
}
