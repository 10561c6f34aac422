//! Builds the [`DashboardSummary`] of PRODUCT.md §4 from the aggregates.
//!
//! The definitions turned into sums over local days (s = first day of the
//! window, d = its last, e = d + 1; every won or lost deal was closed no
//! earlier than it was created):
//! - open at the end of d = open now − the open-deal changes of days > d;
//! - won in the window = wins of days s..=d;
//! - created in the window and won before its end =
//!   (won deals created on days s..=d) − (won on days ≥ e) + (won deals created
//!   on days ≥ e) + (won deals created before s and won on days ≥ e). The last
//!   term only holds deals that lived longer than the window: a handful,
//!   counted from the deals through a partial index.
pub mod db;
use crate::domain::dashboard::{
    DashboardSummary, Figure, LostFigure, MonthRevenue, OwnerFigures, PeriodKpis, StageFigure,
    Window, average_days, average_value, day_date, day_number, month_key, month_last_day,
    month_number, ratio,
};
use crate::domain::money::from_base;
use crate::error::AppError;
use crate::model::PipelineView;
use crate::ssr::clock::day_start;
use crate::ssr::dashboard::db::{self as q, CreatedDay, OpenRow, WonDay};
use crate::ssr::db::Db;
use crate::ssr::pipelines::db as pipelines;
use chrono::NaiveDate;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What the caller asked for, already authorized.
#[derive(Clone, Debug)]
pub struct DashboardQuery {
    pub account_id: i64,
    /// Only this owner's deals (a role without `crm.deals.view_all`).
    pub owner_id: Option<i64>,
    pub currency: String,
    pub time_zone: Tz,
    /// Defaults to today in the account's time zone.
    pub as_of: Option<NaiveDate>,
    /// Defaults to the account's default pipeline.
    pub pipeline_id: Option<i64>,
}

fn figure(count: i64, total: i128) -> Figure {
    Figure {
        count,
        total: from_base(total),
    }
}

/// The dashboard for `query`.
#[tracing::instrument(skip_all, fields(account = query.account_id))]
pub async fn summary(db: &Db, query: &DashboardQuery) -> Result<DashboardSummary, AppError> {
    let tz = query.time_zone;
    let as_of = query.as_of.unwrap_or_else(|| crate::ssr::clock::today(tz));
    let window = Window::ending(as_of);
    let previous = window.previous();
    let owner = query.owner_id.unwrap_or(0);
    let (s, d) = (day_number(window.start), day_number(window.end));
    let ps = day_number(previous.start);

    let span = q::Span {
        account_id: query.account_id,
        owner_id: owner,
        first_day: s,
        last_day: d,
        last_month_end: month_last_day(d),
        last_month: month_number(d),
        previous_first_day: ps,
        start_ms: day_start(tz, s),
        end_ms: day_start(tz, d + 1),
        previous_start_ms: day_start(tz, ps),
    };
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let pipeline = pipelines::chosen(&mut ex, query.account_id, query.pipeline_id).await?;
    let rows = q::read(&mut ex, &span).await?;
    let names = q::owner_names(&mut ex, query.account_id).await?;
    let labels = q::reason_labels(&mut ex, query.account_id).await?;
    drop(conn);

    let open_now: Vec<OpenRow> = rows
        .open
        .into_iter()
        .filter(|r| query.owner_id.is_none_or(|o| r.owner_id == o))
        .collect();
    let open_total = (
        open_now.iter().map(|r| r.deal_count).sum(),
        open_now.iter().map(|r| i128::from(r.value_total)).sum(),
    );
    let open_before = (rows.open_before.0, i128::from(rows.open_before.1));
    let days = Days {
        won: rows.won,
        created: rows.created,
    };

    Ok(DashboardSummary {
        as_of,
        currency: query.currency.clone(),
        window_start: window.start,
        window_end: window.end,
        pipeline_id: pipeline.id,
        kpis: days.kpis(s, d, open_total, rows.long_wins),
        monthly_revenue: days.monthly(&window),
        open_by_owner: open_by_owner(&pipeline, &open_now, &names),
        funnel: funnel(&pipeline, &open_now),
        lost_by_reason: lost_figures(rows.lost, &labels),
        previous: days.kpis(ps, s - 1, open_before, rows.long_wins_before),
    })
}

/// The per-day sums the KPIs and the monthly bars come from.
struct Days {
    won: Vec<WonDay>,
    created: Vec<CreatedDay>,
}

impl Days {
    /// KPIs of the window of local days `s..=d`, given the open deals at
    /// its end (count, value).
    fn kpis(&self, s: i64, d: i64, open: (i64, i128), long_wins: i64) -> PeriodKpis {
        let inside = |day: i64| (s..=d).contains(&day);
        let (mut won_count, mut won_total, mut win_ms) = (0i64, 0i128, 0i128);
        let mut won_later = 0i64;
        for w in &self.won {
            if inside(w.day) {
                won_count += w.deal_count;
                won_total += i128::from(w.value_total);
                win_ms += i128::from(w.win_ms_total);
            } else if w.day > d {
                won_later += w.deal_count;
            }
        }
        let (mut created, mut created_won, mut created_later_won) = (0i64, 0i64, 0i64);
        for c in &self.created {
            if inside(c.day) {
                created += c.deal_count;
                created_won += c.won_count;
            } else if c.day > d {
                created_later_won += c.won_count;
            }
        }
        let converted = created_won - (won_later - created_later_won - long_wins);
        PeriodKpis {
            open_deals: figure(open.0, open.1),
            won_deals: figure(won_count, won_total),
            average_won_value: average_value(won_total, won_count),
            conversion_rate: ratio(converted, created),
            average_days_to_win: average_days(win_ms, won_count),
        }
    }

    /// Wins of each calendar month that meets the window.
    fn monthly(&self, window: &Window) -> Vec<MonthRevenue> {
        let (s, d) = (day_number(window.start), day_number(window.end));
        let mut months: BTreeMap<String, (i64, i128)> = window
            .months()
            .into_iter()
            .map(|m| (month_key(m), (0, 0)))
            .collect();
        for w in self.won.iter().filter(|w| (s..=d).contains(&w.day)) {
            if let Some(m) = months.get_mut(&month_key(day_date(w.day))) {
                m.0 += w.deal_count;
                m.1 += i128::from(w.value_total);
            }
        }
        months
            .into_iter()
            .map(|(month, (count, total))| MonthRevenue {
                month,
                count,
                total: from_base(total),
            })
            .collect()
    }
}

/// Open deals per stage of `pipeline`, every stage in order.
fn stage_figures<'a>(
    pipeline: &PipelineView,
    rows: impl Iterator<Item = &'a OpenRow> + Clone,
) -> Vec<StageFigure> {
    pipeline
        .stages
        .iter()
        .map(|stage| {
            let (count, total) = rows
                .clone()
                .filter(|r| r.stage_id == stage.id)
                .fold((0i64, 0i128), |(c, t), r| {
                    (c + r.deal_count, t + i128::from(r.value_total))
                });
            StageFigure {
                stage_id: stage.id,
                stage_name: stage.name.clone(),
                color: stage.color.clone(),
                count,
                total: from_base(total),
            }
        })
        .collect()
}

fn funnel(pipeline: &PipelineView, open: &[OpenRow]) -> Vec<StageFigure> {
    stage_figures(pipeline, open.iter())
}

/// One bar per owner with open deals in the pipeline: most deals first, then
/// the larger total, then by name.
fn open_by_owner(
    pipeline: &PipelineView,
    open: &[OpenRow],
    names: &[q::OwnerName],
) -> Vec<OwnerFigures> {
    let in_pipeline: Vec<&OpenRow> = open
        .iter()
        .filter(|r| pipeline.stages.iter().any(|s| s.id == r.stage_id))
        .collect();
    let mut owners: Vec<i64> = in_pipeline.iter().map(|r| r.owner_id).collect();
    owners.sort_unstable();
    owners.dedup();
    let mut out: Vec<OwnerFigures> = owners
        .into_iter()
        .filter_map(|owner| {
            let rows = in_pipeline
                .iter()
                .copied()
                .filter(move |r| r.owner_id == owner);
            let stages = stage_figures(pipeline, rows);
            let count: i64 = stages.iter().map(|s| s.count).sum();
            let total: Decimal = stages.iter().map(|s| s.total).sum();
            let who = names.iter().find(|n| n.id == owner);
            (count > 0).then(|| OwnerFigures {
                user_id: owner,
                user_name: who.map(|n| n.name.clone()).unwrap_or_default(),
                user_email: who.map(|n| n.email.clone()).unwrap_or_default(),
                count,
                total,
                stages,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.total.cmp(&a.total))
            .then_with(|| a.user_name.cmp(&b.user_name))
            .then(a.user_id.cmp(&b.user_id))
    });
    out
}

/// Lost deals per reason, most first (then larger total, then by name).
fn lost_figures(rows: Vec<q::LostRow>, labels: &[(i64, String)]) -> Vec<LostFigure> {
    let mut out: Vec<LostFigure> = rows
        .into_iter()
        .filter(|r| r.deal_count != 0)
        .map(|r| LostFigure {
            reason_id: r.reason_id,
            reason: labels
                .iter()
                .find(|(id, _)| *id == r.reason_id)
                .map(|(_, label)| label.clone())
                .unwrap_or_default(),
            count: r.deal_count,
            total: from_base(r.value_total.into()),
        })
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.total.cmp(&a.total))
            .then_with(|| a.reason.cmp(&b.reason))
            .then(a.reason_id.cmp(&b.reason_id))
    });
    out
}

/// Earliest and latest `as_of` accepted.
const AS_OF_RANGE: (NaiveDate, NaiveDate) = (
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
    NaiveDate::from_ymd_opt(2100, 12, 31).unwrap(),
);

/// The query of `actor` for the raw `as_of` (`YYYY-MM-DD`) and pipeline id
/// given by a page or an API client; bad values name their field.
pub fn query_for(
    actor: &crate::ssr::auth::guard::Actor,
    as_of: Option<&str>,
    pipeline_id: Option<&str>,
) -> Result<DashboardQuery, AppError> {
    let as_of = match as_of.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => {
            let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| AppError::field("as_of", "invalid_date"))?;
            if date < AS_OF_RANGE.0 || date > AS_OF_RANGE.1 {
                return Err(AppError::field("as_of", "out_of_range"));
            }
            Some(date)
        }
    };
    let pipeline_id = match pipeline_id.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(
            text.parse::<i64>()
                .map_err(|_| AppError::field("pipeline_id", "invalid"))?,
        ),
    };
    Ok(DashboardQuery {
        account_id: actor.account_id,
        owner_id: actor.own_deals_only(),
        currency: actor.row.currency.clone(),
        time_zone: actor.clock.tz,
        as_of,
        pipeline_id,
    })
}
