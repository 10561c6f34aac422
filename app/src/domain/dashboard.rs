//! CRM > Resumen: the dashboard's figures (PRODUCT.md §4, field names of §5)
//! and the calendar rules behind them. Pure: the server computes the figures,
//! the page and the API only carry them.
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Days in a dashboard window.
pub const WINDOW_DAYS: i64 = 365;
const MS_PER_DAY: i64 = 86_400_000;

/// A number of deals and their total value in the account currency.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Figure {
    pub count: i64,
    pub total: Decimal,
}

/// The four KPI figures of one 365-day window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PeriodKpis {
    /// Open at the end of the window's last day.
    pub open_deals: Figure,
    /// Won inside the window.
    pub won_deals: Figure,
    /// `won_deals.total / won_deals.count`, to the centavo; `None` without wins.
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub average_won_value: Option<Decimal>,
    /// Of the deals created in the window, the share won before its end (0..1).
    #[cfg_attr(feature = "ssr", schema(minimum = 0, maximum = 1))]
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub conversion_rate: Option<f64>,
    /// Mean days from creation to win of the deals won in the window.
    #[cfg_attr(feature = "ssr", schema(required = true))]
    pub average_days_to_win: Option<f64>,
}

/// Wins of one calendar month (account time zone) inside the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MonthRevenue {
    /// `YYYY-MM`.
    pub month: String,
    pub count: i64,
    pub total: Decimal,
}

/// Open deals of one stage (of the whole team or of one owner).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StageFigure {
    pub stage_id: i64,
    pub stage_name: String,
    pub color: String,
    pub count: i64,
    pub total: Decimal,
}

/// Open deals of one owner, with every stage of the pipeline in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OwnerFigures {
    pub user_id: i64,
    pub user_name: String,
    pub user_email: String,
    pub count: i64,
    pub total: Decimal,
    pub stages: Vec<StageFigure>,
}

/// Deals lost in the window for one reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LostFigure {
    pub reason_id: i64,
    pub reason: String,
    pub count: i64,
    pub total: Decimal,
}

/// Everything the Resumen page shows, as `GET /api/v1/dashboard` returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = Dashboard))]
pub struct DashboardSummary {
    pub as_of: NaiveDate,
    pub currency: String,
    /// First and last local day of the window, inclusive.
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    /// The pipeline whose stages the funnel and the per-owner bars use.
    pub pipeline_id: i64,
    #[serde(flatten)]
    pub kpis: PeriodKpis,
    pub monthly_revenue: Vec<MonthRevenue>,
    pub open_by_owner: Vec<OwnerFigures>,
    pub funnel: Vec<StageFigure>,
    pub lost_by_reason: Vec<LostFigure>,
    /// The same KPIs for the 365 days before the window.
    pub previous: PeriodKpis,
}

impl DashboardSummary {
    /// True when the account has nothing to show (no deal ever touched the
    /// window or is open): the page shows its empty state.
    pub fn is_empty(&self) -> bool {
        let k = &self.kpis;
        let p = &self.previous;
        k.open_deals.count == 0
            && k.won_deals.count == 0
            && self.lost_by_reason.is_empty()
            && k.conversion_rate.is_none()
            && p.open_deals.count == 0
            && p.won_deals.count == 0
    }
}

/// A chart drawn on the server (plotters, SVG) with the areas a pointer or
/// the keyboard can explore. Coordinates are in the SVG's own units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartView {
    pub svg: String,
    pub width: u32,
    pub height: u32,
    pub spots: Vec<ChartSpot>,
}

/// One bar, segment or funnel step of a chart and the numbers behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartSpot {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    /// What the spot is: `YYYY-MM` for a month, a stage or reason name.
    pub key: String,
    /// Ids for markup hooks and tests (stage, user, reason), when they apply.
    pub stage_id: Option<i64>,
    pub user_id: Option<i64>,
    /// Its tooltip, worded on the server: title (the month, stage or
    /// reason; then the owner of a stacked segment), total, deals.
    pub lines: Vec<String>,
}

/// The four Resumen charts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardCharts {
    pub revenue: ChartView,
    pub owners: ChartView,
    pub funnel: ChartView,
    pub lost: ChartView,
}

/// What the Resumen page receives: the figures and their charts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardView {
    pub summary: DashboardSummary,
    pub charts: DashboardCharts,
    pub texts: DashboardTexts,
}

/// The Resumen's figures as the user's language writes them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DashboardTexts {
    /// `1 jul 2025`, `Jul 1, 2025`.
    pub window_start: String,
    pub window_end: String,
    pub open_total: String,
    pub won_total: String,
    pub average_won: Option<String>,
    /// Each chart's table: revenue, owners, funnel, lost.
    pub tables: [Vec<FigureRow>; 4],
}

/// One row of a chart's table: its labels, then deals and total.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FigureRow {
    pub labels: Vec<String>,
    pub count: i64,
    pub total: String,
}

/// A dashboard window: the 365 local days ending with `end` (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Window {
    /// The window ending with `as_of`.
    pub fn ending(as_of: NaiveDate) -> Window {
        Window {
            start: as_of - chrono::Duration::days(WINDOW_DAYS - 1),
            end: as_of,
        }
    }

    /// The 365 days before this window.
    pub fn previous(&self) -> Window {
        Window::ending(self.start - chrono::Duration::days(1))
    }

    /// Every calendar month that meets the window, oldest first.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut month = first_of_month(self.start);
        let mut out = vec![];
        while month <= self.end {
            out.push(month);
            month = month + Months::new(1);
        }
        out
    }
}

/// The first day of `date`'s month.
pub fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// `YYYY-MM` of a date.
pub fn month_key(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// A calendar day as a number: days since 1970-01-01 (how aggregates store it).
pub fn day_number(date: NaiveDate) -> i64 {
    (date - NaiveDate::default()).num_days()
}

/// The calendar day of a day number.
pub fn day_date(day: i64) -> NaiveDate {
    NaiveDate::default() + chrono::Duration::days(day)
}

/// The month of a day number, as a number: `year * 12 + month - 1`.
pub fn month_number(day: i64) -> i64 {
    let date = day_date(day);
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The last day (as a day number) of the month of a day number.
pub fn month_last_day(day: i64) -> i64 {
    let next = month_number(day) + 1;
    let first_of_next =
        NaiveDate::from_ymd_opt((next / 12) as i32, (next % 12) as u32 + 1, 1).unwrap_or_default();
    day_number(first_of_next) - 1
}

/// Exact average of money in minor units, to the centavo (halves away from zero).
pub fn average_value(total_minor: i128, count: i64) -> Option<Decimal> {
    if count <= 0 {
        return None;
    }
    let total = crate::domain::money::from_base(total_minor);
    Some(
        (total / Decimal::from(count))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
    )
}

/// `part / whole` as a fraction; `None` when `whole` is zero.
pub fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Mean days given a sum of milliseconds over `count` deals.
pub fn average_days(total_ms: i128, count: i64) -> Option<f64> {
    (count > 0).then(|| total_ms as f64 / (count as f64 * MS_PER_DAY as f64))
}

/// Percentage change from `before` to `now`; `None` when `before` is zero.
pub fn change(now: f64, before: f64) -> Option<f64> {
    (before != 0.0).then(|| (now - before) / before.abs() * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn window_is_365_days_ending_with_as_of() {
        let w = Window::ending(d(2026, 6, 30));
        assert_eq!(w.start, d(2025, 7, 1));
        assert_eq!(day_number(w.end) - day_number(w.start) + 1, 365);
        let p = w.previous();
        assert_eq!(p.end, d(2025, 6, 30));
        assert_eq!(p.start, d(2024, 7, 1), "2024 is a leap year");
    }

    #[test]
    fn months_meeting_the_window() {
        let w = Window::ending(d(2026, 6, 30));
        let months: Vec<String> = w.months().into_iter().map(month_key).collect();
        assert_eq!(months.len(), 12, "the window starts on the 1st");
        assert_eq!(months[0], "2025-07");
        assert_eq!(months[11], "2026-06");
        let w = Window::ending(d(2026, 11, 27));
        let months: Vec<String> = w.months().into_iter().map(month_key).collect();
        assert_eq!(months.len(), 13);
        assert_eq!(months[0], "2025-11");
        assert_eq!(months[12], "2026-11");
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number(d(1970, 1, 1)), 0);
        assert_eq!(day_number(d(1970, 1, 2)), 1);
        assert_eq!(day_date(day_number(d(2026, 2, 28))), d(2026, 2, 28));
        assert_eq!(month_number(day_number(d(2026, 2, 28))), 2026 * 12 + 1);
        assert_eq!(
            month_last_day(day_number(d(2026, 2, 3))),
            day_number(d(2026, 2, 28))
        );
        assert_eq!(
            month_last_day(day_number(d(2025, 12, 31))),
            day_number(d(2025, 12, 31))
        );
        assert_eq!(
            month_last_day(day_number(d(2024, 2, 1))),
            day_number(d(2024, 2, 29))
        );
    }

    #[test]
    fn averages_are_exact() {
        assert_eq!(average_value(1000, 3), Some(Decimal::new(333, 2)));
        assert_eq!(
            average_value(1001, 2),
            Some(Decimal::new(501, 2)),
            "5.005 → 5.01"
        );
        assert_eq!(average_value(0, 0), None);
        assert_eq!(ratio(1, 4), Some(0.25));
        assert_eq!(ratio(1, 0), None);
        assert_eq!(average_days(3 * 86_400_000, 2), Some(1.5));
        assert_eq!(change(150.0, 100.0), Some(50.0));
        assert_eq!(change(1.0, 0.0), None);
    }
}
