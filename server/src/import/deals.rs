//! Deal import with history: the columns of PRODUCT.md §5 (plus
//! `exchange_rate`, which a deal in another currency needs). Stages,
//! pipelines, owners and contacts must exist; organizations and lost reasons
//! are created when missing. Each deal gets the history events a normal
//! write leaves (created, won or lost at their own instants) and is counted
//! in the dashboard aggregates.
use super::read::Table;
use super::{OnProgress, Problems, STEP, checking, fold};
use app::domain::deal_event::DealEvent;
use app::domain::deal_status::DealStatus;
use app::domain::import::{DEAL_COLUMNS, DEAL_REQUIRED, ImportPhase, ImportProgress, ImportReport};
use app::domain::money::{self, CURRENCIES};
use app::domain::validate;
use app::error::AppError;
use app::ssr::accounts::db as accounts;
use app::ssr::db::Db;
use app::ssr::db::dialect;
use app::ssr::deals::db as deal_db;
use app::ssr::deals::db::bulk::{self as deal_rows, BulkDeal, BulkEvent};
use app::ssr::deals::db::stats::{self as deal_stats, DealFacts, StatsDelta};
use app::ssr::directory::db::bulk::{self as directory_rows, BulkOrganization};
use app::ssr::outbox::Source;
use app::ssr::pipelines::db as pipelines;
use app::ssr::pipelines::db::lost_reasons;
use chrono::{DateTime, NaiveDate, TimeZone};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

const KEY: usize = 0;
const TITLE: usize = 1;
const VALUE: usize = 2;
const CURRENCY: usize = 3;
const PIPELINE: usize = 4;
const STAGE: usize = 5;
const STATUS: usize = 6;
const OWNER: usize = 7;
const ORGANIZATION: usize = 8;
const CONTACT: usize = 9;
const CREATED_AT: usize = 10;
const WON_AT: usize = 11;
const LOST_AT: usize = 12;
const LOST_REASON: usize = 13;
const EXPECTED_CLOSE: usize = 14;
const RATE: usize = 15;

/// Longest key a file may give a deal.
const MAX_KEY: usize = 40;
/// Highest number a key in Embudo's form (`T-…`) may carry: the account's
/// numbering moves past imported keys, and must keep room to count on.
const MAX_KEY_NUMBER: i64 = 999_999_999;
/// Board positions between two imported cards of a column.
const GAP: f64 = 1024.0;

/// Imports `csv` into the account: checks every row, then (unless
/// `dry_run`) writes them all in one transaction.
pub async fn import(
    db: &Db,
    account_id: i64,
    csv: &[u8],
    dry_run: bool,
    progress: OnProgress<'_>,
) -> Result<ImportReport, AppError> {
    let mut problems = Problems::default();
    let table = Table::read(csv, &DEAL_COLUMNS, &DEAL_REQUIRED, &mut problems)?;
    let total = table.rows.len();
    let needs_keys = table
        .rows
        .iter()
        .any(|(_, r)| !table.cell(r, KEY).is_empty());
    let ctx = Context::load(db, account_id, needs_keys).await?;
    let mut plan = Plan::default();
    for (i, (line, record)) in table.rows.iter().enumerate() {
        checking(progress, i, total);
        ctx.check(&table, *line, record, &mut plan, &mut problems);
    }
    problems.check()?;
    let mut report = ImportReport {
        dry_run,
        rows: total,
        deals_created: 0,
        contacts_created: 0,
        organizations_created: plan.organizations.len(),
        lost_reasons_created: plan.reasons.len(),
        ignored_columns: table.ignored,
        ..ImportReport::default()
    };
    if !dry_run {
        report.pipelines = write(db, account_id, &ctx, &plan, progress).await?;
        report.deals_created = plan.deals.len();
    }
    Ok(report)
}

/// An organization or lost reason: the account's, or the n-th new one.
#[derive(Clone, Copy)]
enum Named {
    Existing(i64),
    New(usize),
}

/// One checked row.
struct Deal {
    key: Option<String>,
    title: String,
    value_minor: i64,
    currency: String,
    rate: Decimal,
    /// The value in the account's currency (hundredths).
    base_value_minor: i64,
    pipeline_id: i64,
    stage_id: i64,
    status: DealStatus,
    owner_id: i64,
    organization: Option<Named>,
    contact_id: Option<i64>,
    created_at: i64,
    won_at: Option<i64>,
    lost_at: Option<i64>,
    reason: Option<Named>,
    expected_close: Option<String>,
}

/// New organization: (name, owner, created at).
type NewOrganization = (String, i64, i64);

/// What the import will write.
#[derive(Default)]
struct Plan {
    deals: Vec<Deal>,
    organizations: Vec<NewOrganization>,
    organization_index: HashMap<String, usize>,
    reasons: Vec<String>,
    reason_index: HashMap<String, usize>,
    keys: HashSet<String>,
}

/// The account as the rows are checked against it.
struct Context {
    currency: String,
    tz: Tz,
    now: i64,
    default_pipeline: Option<i64>,
    pipelines: HashMap<String, i64>,
    stages: HashMap<(i64, String), i64>,
    /// Active users by email; deactivated ones own nothing new.
    users: HashMap<String, i64>,
    inactive: HashSet<String>,
    organizations: HashMap<String, i64>,
    contacts: HashMap<String, i64>,
    reasons: HashMap<String, i64>,
    keys: HashSet<String>,
}

impl Context {
    async fn load(db: &Db, account_id: i64, with_keys: bool) -> Result<Context, AppError> {
        let mut conn = db.read().await?;
        let mut ex = conn.ex();
        let account = accounts::find(&mut ex, &account_id.to_string())
            .await?
            .ok_or(AppError::NotFound)?;
        let mut ctx = Context {
            tz: app::ssr::clock::time_zone(&account.time_zone)?,
            currency: account.currency,
            now: app::ssr::clock::now_ms(),
            default_pipeline: None,
            pipelines: HashMap::new(),
            stages: HashMap::new(),
            users: HashMap::new(),
            inactive: HashSet::new(),
            organizations: HashMap::new(),
            contacts: HashMap::new(),
            reasons: HashMap::new(),
            keys: HashSet::new(),
        };
        for p in pipelines::list(&mut ex, account_id).await? {
            if p.is_default || ctx.default_pipeline.is_none() {
                ctx.default_pipeline = Some(p.id);
            }
            for s in &p.stages {
                ctx.stages.entry((p.id, fold(&s.name))).or_insert(s.id);
            }
            ctx.pipelines.entry(fold(&p.name)).or_insert(p.id);
        }
        (ctx.users, ctx.inactive) = super::users_by_email(&mut ex, account_id).await?;
        for (id, name) in directory_rows::organization_names(&mut ex, account_id).await? {
            ctx.organizations.entry(fold(&name)).or_insert(id);
        }
        for (id, email) in directory_rows::contact_emails(&mut ex, account_id).await? {
            ctx.contacts
                .entry(validate::normalize_email(&email))
                .or_insert(id);
        }
        for (id, label) in lost_reasons::all(&mut ex, account_id).await? {
            ctx.reasons.entry(fold(&label)).or_insert(id);
        }
        if with_keys {
            ctx.keys = deal_rows::deal_keys(&mut ex, account_id)
                .await?
                .into_iter()
                .collect();
        }
        Ok(ctx)
    }

    /// An instant: RFC 3339 with its offset, or a date read as midnight in
    /// the account's time zone.
    fn instant(&self, text: &str) -> Option<i64> {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Some(t.timestamp_millis());
        }
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        self.tz
            .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
            .earliest()
            .map(|t| t.timestamp_millis())
    }

    /// Checks one row; a good one joins the plan, a bad one adds its
    /// problems.
    fn check(
        &self,
        t: &Table,
        line: u64,
        row: &csv::StringRecord,
        plan: &mut Plan,
        problems: &mut Problems,
    ) {
        let before = problems.total;
        let cell = |k: usize| t.cell(row, k);
        let mut bad = |k: usize, code: &str| {
            let value = cell(k);
            let shown = (!value.is_empty()).then(|| value.chars().take(100).collect());
            problems.add(line, Some(DEAL_COLUMNS[k]), code, shown);
        };

        let title = validate::required_text(cell(TITLE), 200)
            .map_err(|code| bad(TITLE, code))
            .ok();
        let currency = match cell(CURRENCY).to_uppercase() {
            c if c.is_empty() => Some(self.currency.clone()),
            c if CURRENCIES.contains(&c.as_str()) => Some(c),
            _ => {
                bad(CURRENCY, "unknown");
                None
            }
        };
        // In the currency's minor units (none for CLP).
        let digits = money::minor_digits(currency.as_deref().unwrap_or(&self.currency));
        let value_minor = if cell(VALUE).is_empty() {
            bad(VALUE, "required");
            None
        } else {
            money::parse_minor(cell(VALUE), digits)
                .map_err(|e| bad(VALUE, e.code()))
                .ok()
        };
        let rate = match &currency {
            Some(c) if *c == self.currency => Some(Decimal::ONE),
            Some(_) if cell(RATE).is_empty() => {
                bad(RATE, "required");
                None
            }
            Some(_) => money::parse_rate(cell(RATE))
                .map_err(|e| bad(RATE, e.code()))
                .ok(),
            None => None,
        };
        let base_value_minor = match (value_minor, rate) {
            (Some(v), Some(r)) => money::base_minor(v, digits, r)
                .map_err(|e| bad(VALUE, e.code()))
                .ok(),
            _ => None,
        };
        let pipeline_id = if cell(PIPELINE).is_empty() {
            self.default_pipeline
        } else {
            self.pipelines.get(&fold(cell(PIPELINE))).copied()
        };
        if pipeline_id.is_none() {
            bad(PIPELINE, "unknown");
        }
        let stage_id = match (cell(STAGE).is_empty(), pipeline_id) {
            (true, _) => {
                bad(STAGE, "required");
                None
            }
            (false, Some(p)) => {
                let found = self.stages.get(&(p, fold(cell(STAGE)))).copied();
                if found.is_none() {
                    bad(STAGE, "unknown");
                }
                found
            }
            (false, None) => None,
        };
        let status = match fold(cell(STATUS)).as_str() {
            "" => {
                bad(STATUS, "required");
                None
            }
            "open" | "abierto" => Some(DealStatus::Open),
            "won" | "ganado" => Some(DealStatus::Won),
            "lost" | "perdido" | "no ganado" => Some(DealStatus::Lost),
            _ => {
                bad(STATUS, "unknown");
                None
            }
        };
        let mut by_email = |k: usize, people: &HashMap<String, i64>| {
            let found = people.get(&validate::normalize_email(cell(k))).copied();
            if found.is_none() {
                bad(k, "unknown");
            }
            found
        };
        let owner_inactive = self
            .inactive
            .contains(&validate::normalize_email(cell(OWNER)));
        let owner_id = match cell(OWNER) {
            "" => None,
            _ if owner_inactive => None,
            _ => by_email(OWNER, &self.users),
        };
        let contact_id = match cell(CONTACT) {
            "" => None,
            _ => by_email(CONTACT, &self.contacts),
        };
        if owner_inactive {
            bad(OWNER, "inactive");
        }
        if cell(OWNER).is_empty() {
            bad(OWNER, "required");
        }
        let mut when = |k: usize| -> Option<i64> {
            if cell(k).is_empty() {
                return None;
            }
            match self.instant(cell(k)) {
                None => {
                    bad(k, "malformed");
                    None
                }
                Some(t) if t > self.now => {
                    bad(k, "future");
                    None
                }
                Some(t) => Some(t),
            }
        };
        let created_at = when(CREATED_AT);
        let won_at = when(WON_AT);
        let lost_at = when(LOST_AT);
        if cell(CREATED_AT).is_empty() {
            bad(CREATED_AT, "required");
        }
        if let Some(status) = status {
            let (need, refuse): (&[usize], &[usize]) = match status {
                DealStatus::Won => (&[WON_AT], &[LOST_AT, LOST_REASON]),
                DealStatus::Lost => (&[LOST_AT, LOST_REASON], &[WON_AT]),
                DealStatus::Open => (&[], &[WON_AT, LOST_AT, LOST_REASON]),
            };
            for &k in need {
                if cell(k).is_empty() {
                    bad(k, "required_for_status");
                }
            }
            for &k in refuse {
                if !cell(k).is_empty() {
                    bad(k, "not_for_status");
                }
            }
        }
        for (k, at) in [(WON_AT, won_at), (LOST_AT, lost_at)] {
            if let (Some(at), Some(created)) = (at, created_at)
                && at < created
            {
                bad(k, "before_created_at");
            }
        }
        let expected_close = match cell(EXPECTED_CLOSE) {
            "" => None,
            text if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() => Some(text.to_string()),
            _ => {
                bad(EXPECTED_CLOSE, "malformed");
                None
            }
        };
        let key = match cell(KEY) {
            "" => None,
            k if k.chars().count() > MAX_KEY => {
                bad(KEY, "too_long");
                None
            }
            k if key_number(k).is_some_and(|n| !(0..=MAX_KEY_NUMBER).contains(&n)) => {
                bad(KEY, "out_of_range");
                None
            }
            k if self.keys.contains(k) => {
                bad(KEY, "taken");
                None
            }
            k if !plan.keys.insert(k.to_string()) => {
                bad(KEY, "duplicate");
                None
            }
            k => Some(k.to_string()),
        };
        if problems.total > before {
            return;
        }
        let (
            Some(title),
            Some(value_minor),
            Some(currency),
            Some(rate),
            Some(base_value_minor),
            Some(pipeline_id),
            Some(stage_id),
            Some(status),
            Some(owner_id),
            Some(created_at),
        ) = (
            title,
            value_minor,
            currency,
            rate,
            base_value_minor,
            pipeline_id,
            stage_id,
            status,
            owner_id,
            created_at,
        )
        else {
            return;
        };
        let organization = match cell(ORGANIZATION) {
            "" => None,
            name => Some(match self.organizations.get(&fold(name)) {
                Some(id) => Named::Existing(*id),
                None => {
                    let n = plan.organizations.len();
                    let i = *plan.organization_index.entry(fold(name)).or_insert(n);
                    if i == n {
                        plan.organizations
                            .push((name.to_string(), owner_id, created_at));
                    } else if created_at < plan.organizations[i].2 {
                        plan.organizations[i].2 = created_at;
                    }
                    Named::New(i)
                }
            }),
        };
        let reason = (status == DealStatus::Lost).then(|| {
            let label = cell(LOST_REASON);
            match self.reasons.get(&fold(label)) {
                Some(id) => Named::Existing(*id),
                None => {
                    let n = plan.reasons.len();
                    let i = *plan.reason_index.entry(fold(label)).or_insert(n);
                    if i == n {
                        plan.reasons.push(label.to_string());
                    }
                    Named::New(i)
                }
            }
        });
        plan.deals.push(Deal {
            key,
            title,
            value_minor,
            currency,
            rate,
            base_value_minor,
            pipeline_id,
            stage_id,
            status,
            owner_id,
            organization,
            contact_id,
            created_at,
            won_at: won_at.filter(|_| status == DealStatus::Won),
            lost_at: lost_at.filter(|_| status == DealStatus::Lost),
            reason,
            expected_close,
        });
    }
}

/// The number of a key in Embudo's own form (`T-000123`).
fn key_number(key: &str) -> Option<i64> {
    key.strip_prefix("T-")?.parse().ok()
}

/// Writes the plan in one transaction; returns the pipelines that got deals.
async fn write(
    db: &Db,
    account_id: i64,
    ctx: &Context,
    plan: &Plan,
    progress: OnProgress<'_>,
) -> Result<Vec<i64>, AppError> {
    let total = plan.deals.len();
    let mut tx = db.begin().await?;
    let mut reason_ids = Vec::with_capacity(plan.reasons.len());
    for label in &plan.reasons {
        reason_ids.push(lost_reasons::insert(&mut tx.ex(), account_id, label).await?);
    }
    let org_ids =
        dialect::reserve_ids(&mut tx.ex(), "organizations", plan.organizations.len()).await?;
    let organizations: Vec<BulkOrganization> = plan
        .organizations
        .iter()
        .zip(&org_ids)
        .map(|((name, owner_id, created_at), id)| {
            BulkOrganization::named(*id, account_id, name.clone(), *owner_id, *created_at)
        })
        .collect();
    directory_rows::insert_organizations(&mut tx.ex(), &organizations).await?;
    let resolve = |named: Option<Named>, new_ids: &[i64]| {
        named.map(|n| match n {
            Named::Existing(id) => id,
            Named::New(i) => new_ids[i],
        })
    };

    // Keys the file gives in Embudo's form move the numbering past them,
    // so that the keys made here and later never collide with them.
    if let Some(highest) = plan
        .deals
        .iter()
        .filter_map(|d| d.key.as_deref().and_then(key_number))
        .max()
    {
        accounts::raise_next_deal_number(&mut tx.ex(), account_id, highest + 1).await?;
    }
    let generated = plan.deals.iter().filter(|d| d.key.is_none()).count() as i64;
    let mut number = if generated > 0 {
        accounts::reserve_deal_numbers(&mut tx.ex(), account_id, generated).await?
    } else {
        0
    };
    let ids = dialect::reserve_ids(&mut tx.ex(), "deals", total).await?;
    let mut ends: HashMap<i64, f64> = deal_rows::stage_ends(&mut tx.ex(), account_id)
        .await?
        .into_iter()
        .collect();
    let mut stats = StatsDelta::default();
    let mut pipelines = HashSet::new();
    for (start, chunk) in (0..).step_by(STEP).zip(plan.deals.chunks(STEP)) {
        progress(ImportProgress {
            phase: ImportPhase::Writing,
            done: start,
            total,
        });
        let mut deals = Vec::with_capacity(chunk.len());
        let mut events = Vec::with_capacity(chunk.len() * 2);
        for (d, id) in chunk.iter().zip(&ids[start..]) {
            let id = *id;
            let key = d.key.clone().unwrap_or_else(|| {
                number += 1;
                format!("T-{:06}", number - 1)
            });
            let position = if d.status.is_open() {
                let end = ends.entry(d.stage_id).or_insert(0.0);
                *end += GAP;
                *end
            } else {
                0.0
            };
            let lost_reason_id = resolve(d.reason, &reason_ids);
            pipelines.insert(d.pipeline_id);
            let event =
                |at: i64, event: DealEvent| BulkEvent::new(account_id, id, d.owner_id, at, &event);
            let created = DealEvent::Created {
                stage_id: d.stage_id,
            };
            events.push(event(d.created_at, created));
            if let Some(at) = d.won_at {
                events.push(event(at, DealEvent::Won {}));
            }
            if let (Some(at), Some(reason_id)) = (d.lost_at, lost_reason_id) {
                events.push(event(at, DealEvent::Lost { reason_id }));
            }
            stats.add_deal(
                ctx.tz,
                &DealFacts {
                    stage_id: d.stage_id,
                    owner_id: d.owner_id,
                    base_value_minor: d.base_value_minor,
                    created_at: d.created_at,
                    won_at: d.won_at,
                    lost_at: d.lost_at,
                    lost_reason_id,
                },
                1,
            );
            deals.push(BulkDeal {
                id,
                account_id,
                key,
                title: d.title.clone(),
                value_minor: d.value_minor,
                currency: d.currency.clone(),
                exchange_rate: d.rate.to_string(),
                base_value_minor: d.base_value_minor,
                pipeline_id: d.pipeline_id,
                stage_id: d.stage_id,
                position,
                status: d.status,
                lost_reason_id,
                owner_id: d.owner_id,
                organization_id: resolve(d.organization, &org_ids),
                contact_id: d.contact_id,
                expected_close_date: d.expected_close.clone(),
                priority: None,
                source: None,
                created_at: d.created_at,
                updated_at: ctx.now.max(d.created_at),
                stage_entered_at: d.created_at,
                won_at: d.won_at,
                lost_at: d.lost_at,
                version: 1 + i64::from(!d.status.is_open()),
            });
        }
        deal_rows::insert_deals(&mut tx.ex(), &deals).await?;
        deal_rows::insert_events(&mut tx.ex(), &events).await?;
        // Each deal's outbox event, in the import's transaction: webhooks
        // hear of an imported deal as of one made by hand.
        for d in &deals {
            let source = Source::default();
            deal_db::announce(
                &mut tx.ex(),
                account_id,
                source,
                d.id,
                "deal.created",
                None,
                ctx.now,
            )
            .await?;
        }
    }
    stats.prune();
    deal_stats::apply(&mut tx.ex(), account_id, &stats).await?;
    tx.commit().await?;
    progress(ImportProgress {
        phase: ImportPhase::Writing,
        done: total,
        total,
    });
    Ok(pipelines.into_iter().collect())
}
