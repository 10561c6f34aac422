//! The Resumen charts, drawn with plotters into SVG on the server: the
//! browser receives finished drawings (no charting code in the WASM) plus the
//! rectangles of every bar, segment and funnel step ([`ChartSpot`]), over
//! which the page lays its hover and keyboard tooltips, and the figures of
//! the page and its tables, worded in the user's language ([`texts`]).
use crate::domain::dashboard::{
    ChartSpot, ChartView, DashboardCharts, DashboardSummary, DashboardTexts, FigureRow,
};
use crate::domain::locale::UiLocale;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ssr::format::Formats;
use chrono::NaiveDate;
use leptos_i18n::td_string;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Sizes in SVG units (the page scales each chart to its column): the
/// revenue bars span the page, the other three charts half of it.
const WIDE: (u32, u32) = (720, 300);
const HALF: (u32, u32) = (480, 320);
/// Owners shown in the stacked bars (the rest are in the table).
const MAX_OWNERS: usize = 10;

const TEXT: RGBColor = RGBColor(0x33, 0x3a, 0x4a);
const MUTED: RGBColor = RGBColor(0x6b, 0x72, 0x80);
const GRID: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);
const BRAND: RGBColor = RGBColor(0x2f, 0x6f, 0xeb);
const LOST: RGBColor = RGBColor(0xd9, 0x4c, 0x4c);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn failed<E: std::fmt::Debug>(e: E) -> AppError {
    tracing::error!(error = ?e, "chart drawing failed");
    AppError::Internal
}

fn font(size: u32, color: RGBColor) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&color)
}

/// `#rrggbb` to a colour (grey when malformed).
fn parse_color(hex: &str) -> RGBColor {
    let hex = hex.trim_start_matches('#');
    let byte = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
    };
    match (hex.len(), byte(0), byte(2), byte(4)) {
        (6, Some(r), Some(g), Some(b)) => RGBColor(r, g, b),
        _ => MUTED,
    }
}

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Shortens a label to `max` characters.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

/// What the charts and their tables say, in one language and the
/// account's currency.
struct Wording<'a> {
    l: Locale,
    formats: Formats,
    currency: &'a str,
}

impl Wording<'_> {
    fn new(s: &DashboardSummary, ui: UiLocale) -> Wording<'_> {
        Wording {
            l: crate::components::session::to_i18n(ui),
            formats: Formats::new(ui),
            currency: &s.currency,
        }
    }

    fn money(&self, total: Decimal) -> String {
        self.formats.amount(total, self.currency)
    }

    fn compact(&self, total: f64) -> String {
        self.formats.compact(total, self.currency)
    }

    /// `marzo de 2026` (or `March 2026`) for `2026-03`.
    fn month_year(&self, key: &str) -> String {
        NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d")
            .map(|d| self.formats.month_year(d))
            .unwrap_or_else(|_| key.to_string())
    }

    /// `ene 26` (or `Jan 26`) for `2026-01`.
    fn month_short(&self, key: &str) -> String {
        NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d")
            .map(|d| format!("{} {}", self.formats.month(d), d.format("%y")))
            .unwrap_or_default()
    }

    /// `N tratos`.
    fn deals(&self, count: i64) -> String {
        let word = if count == 1 {
            td_string!(self.l, resumen.deal_singular)
        } else {
            td_string!(self.l, resumen.deal_plural)
        };
        format!("{count} {word}")
    }

    /// A tooltip: its title and detail, then the total and the deals.
    fn lines(
        &self,
        title: String,
        detail: Option<String>,
        count: i64,
        total: Decimal,
    ) -> Vec<String> {
        let mut lines = vec![title];
        lines.extend(detail);
        lines.push(self.money(total));
        lines.push(self.deals(count));
        lines
    }
}

/// The Resumen's four charts and its figures and tables, worded in `ui`.
pub fn dashboard(
    s: &DashboardSummary,
    ui: UiLocale,
) -> Result<(DashboardCharts, DashboardTexts), AppError> {
    let w = Wording::new(s, ui);
    let charts = DashboardCharts {
        revenue: revenue(s, &w)?,
        owners: owners(s, &w)?,
        funnel: funnel(s, &w)?,
        lost: lost(s, &w)?,
    };
    Ok((charts, texts(s, &w)))
}

/// The Resumen's figures and tables.
fn texts(s: &DashboardSummary, w: &Wording) -> DashboardTexts {
    let row = |labels: Vec<String>, count: i64, total: Decimal| FigureRow {
        labels,
        count,
        total: w.money(total),
    };
    let revenue = s
        .monthly_revenue
        .iter()
        .map(|m| row(vec![w.month_year(&m.month)], m.count, m.total))
        .collect();
    let owners = s
        .open_by_owner
        .iter()
        .flat_map(|o| {
            o.stages.iter().filter(|st| st.count > 0).map(|st| {
                row(
                    vec![o.user_name.clone(), st.stage_name.clone()],
                    st.count,
                    st.total,
                )
            })
        })
        .collect();
    let funnel = s
        .funnel
        .iter()
        .map(|st| row(vec![st.stage_name.clone()], st.count, st.total))
        .collect();
    let lost = s
        .lost_by_reason
        .iter()
        .map(|r| row(vec![r.reason.clone()], r.count, r.total))
        .collect();
    DashboardTexts {
        window_start: w.formats.day_month_year(s.window_start),
        window_end: w.formats.day_month_year(s.window_end),
        open_total: w.money(s.kpis.open_deals.total),
        won_total: w.money(s.kpis.won_deals.total),
        average_won: s.kpis.average_won_value.map(|v| w.money(v)),
        tables: [revenue, owners, funnel, lost],
    }
}

/// Draws a chart of `size` into an SVG string; `draw` returns its spots.
fn svg(
    size: (u32, u32),
    draw: impl FnOnce(&Area) -> Result<Vec<ChartSpot>, AppError>,
) -> Result<ChartView, AppError> {
    let mut svg = String::new();
    let spots = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let spots = draw(&root)?;
        root.present().map_err(failed)?;
        spots
    };
    Ok(ChartView {
        svg,
        width: size.0,
        height: size.1,
        spots,
    })
}

fn no_data(root: &Area, l: Locale) -> Result<Vec<ChartSpot>, AppError> {
    let text = td_string!(l, charts.no_data).to_string();
    let (w, h) = root.dim_in_pixel();
    let style = font(18, MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    root.draw(&Text::new(text, (w as i32 / 2, h as i32 / 2), style))
        .map_err(failed)?;
    Ok(vec![])
}

/// Ingresos por tratos por mes: one bar per month, oldest first.
fn revenue(s: &DashboardSummary, words: &Wording) -> Result<ChartView, AppError> {
    let months = &s.monthly_revenue;
    let top = months.iter().map(|m| to_f64(m.total)).fold(0.0, f64::max);
    let top = if top > 0.0 { top * 1.12 } else { 1.0 };
    let label = |i: usize| {
        months
            .get(i)
            .map(|m| words.month_short(&m.month))
            .unwrap_or_default()
    };
    svg(WIDE, |root| {
        let n = months.len() as i32;
        // A segmented integer axis has one segment per value of the
        // inclusive range: 0..n-1 gives exactly n columns.
        let mut chart = ChartBuilder::on(root)
            .margin_top(16)
            .margin_right(16)
            .x_label_area_size(30)
            .y_label_area_size(72)
            .build_cartesian_2d((0..n - 1).into_segmented(), 0f64..top)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(months.len())
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => label(*i as usize),
                _ => String::new(),
            })
            .y_labels(5)
            .y_label_formatter(&|v| words.compact(*v))
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(GRID)
            .label_style(font(13, MUTED))
            .draw()
            .map_err(failed)?;
        let mut spots = vec![];
        for (i, m) in months.iter().enumerate() {
            let i = i as i32;
            let value = to_f64(m.total);
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), 0.0),
                    (SegmentValue::Exact(i + 1), value),
                ],
                BRAND.filled(),
            );
            bar.set_margin(0, 0, 7, 7);
            chart.draw_series(std::iter::once(bar)).map_err(failed)?;
            // The spot covers the whole column, so short bars are easy to hit.
            let (x0, y0) = chart.backend_coord(&(SegmentValue::Exact(i), top));
            let (x1, y1) = chart.backend_coord(&(SegmentValue::Exact(i + 1), 0.0));
            spots.push(ChartSpot {
                x: x0,
                y: y0,
                w: x1 - x0,
                h: y1 - y0,
                key: m.month.clone(),
                stage_id: None,
                user_id: None,
                lines: words.lines(words.month_year(&m.month), None, m.count, m.total),
            });
        }
        Ok(spots)
    })
}

/// Tratos en curso por usuario: horizontal bars stacked by stage, with a
/// legend of the stages in pipeline order.
fn owners(s: &DashboardSummary, words: &Wording) -> Result<ChartView, AppError> {
    let rows: Vec<_> = s.open_by_owner.iter().take(MAX_OWNERS).collect();
    let (width, height) = (HALF.0 as i32, HALF.1 as i32);
    svg(HALF, |root| {
        if rows.is_empty() {
            return no_data(root, words.l);
        }
        // Legend: the stages in order, wrapped over as many lines as needed.
        let (mut x, mut y) = (8, 6);
        for stage in &s.funnel {
            let name = clip(&stage.stage_name, 20);
            let item = 22 + 8 * name.chars().count() as i32;
            if x + item > width - 8 {
                x = 8;
                y += 22;
            }
            let color = parse_color(&stage.color);
            root.draw(&Rectangle::new(
                [(x, y + 2), (x + 13, y + 15)],
                color.filled(),
            ))
            .map_err(failed)?;
            root.draw(&Text::new(name, (x + 18, y + 1), font(14, TEXT)))
                .map_err(failed)?;
            x += item + 8;
        }
        let top = y + 30;
        let (left, right) = (136, width - 40);
        let max = rows.iter().map(|r| r.count).max().unwrap_or(1).max(1);
        let row_h = ((height - top - 4) / rows.len() as i32).clamp(12, 40);
        let bar_h = (row_h * 2 / 3).max(8);
        let mut spots = vec![];
        for (i, owner) in rows.iter().enumerate() {
            let y0 = top + i as i32 * row_h;
            let mid = y0 + bar_h / 2;
            let name_style = font(14, TEXT).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(
                clip(&owner.user_name, 17),
                (left - 8, mid),
                name_style,
            ))
            .map_err(failed)?;
            let mut x = left;
            for stage in owner.stages.iter().filter(|st| st.count > 0) {
                let w = ((right - left) as i64 * stage.count / max) as i32;
                let color = parse_color(&stage.color);
                root.draw(&Rectangle::new(
                    [(x, y0), (x + w, y0 + bar_h)],
                    color.filled(),
                ))
                .map_err(failed)?;
                spots.push(ChartSpot {
                    x,
                    y: y0,
                    w: w.max(2),
                    h: bar_h,
                    key: stage.stage_name.clone(),
                    stage_id: Some(stage.stage_id),
                    user_id: Some(owner.user_id),
                    lines: words.lines(
                        stage.stage_name.clone(),
                        Some(owner.user_name.clone()),
                        stage.count,
                        stage.total,
                    ),
                });
                x += w;
            }
            let count_style = font(14, MUTED).pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(
                owner.count.to_string(),
                (x + 8, mid),
                count_style,
            ))
            .map_err(failed)?;
        }
        Ok(spots)
    })
}

/// Embudo de ventas: one trapezoid per stage, as wide as its open deals,
/// narrowing into the next stage; every stage shown, empty ones as a sliver.
fn funnel(s: &DashboardSummary, words: &Wording) -> Result<ChartView, AppError> {
    let (chart_w, chart_h) = (HALF.0 as i32, HALF.1 as i32);
    svg(HALF, |root| {
        if s.funnel.is_empty() {
            return no_data(root, words.l);
        }
        let n = s.funnel.len() as i32;
        let (center, full) = (130, 240);
        let max = s.funnel.iter().map(|st| st.count).max().unwrap_or(0).max(1);
        let width = |count: i64| ((full as i64 * count / max) as i32).max(14);
        let row_h = (chart_h - 16) / n;
        let mut spots = vec![];
        for (i, stage) in s.funnel.iter().enumerate() {
            let y0 = 8 + i as i32 * row_h;
            let y1 = y0 + row_h - 4;
            let top_w = width(stage.count);
            let bottom_w = s
                .funnel
                .get(i + 1)
                .map(|next| width(next.count).min(top_w))
                .unwrap_or(top_w * 3 / 4);
            let shape = vec![
                (center - top_w / 2, y0),
                (center + top_w / 2, y0),
                (center + bottom_w / 2, y1),
                (center - bottom_w / 2, y1),
            ];
            let color = parse_color(&stage.color);
            root.draw(&Polygon::new(shape, color.filled()))
                .map_err(failed)?;
            let mid = (y0 + y1) / 2;
            let label = font(15, TEXT).pos(Pos::new(HPos::Left, VPos::Bottom));
            let figures = font(14, MUTED).pos(Pos::new(HPos::Left, VPos::Top));
            root.draw(&Text::new(
                clip(&stage.stage_name, 20),
                (center + full / 2 + 16, mid),
                label,
            ))
            .map_err(failed)?;
            let numbers = format!("{} · {}", stage.count, words.compact(to_f64(stage.total)));
            root.draw(&Text::new(
                numbers,
                (center + full / 2 + 16, mid + 2),
                figures,
            ))
            .map_err(failed)?;
            spots.push(ChartSpot {
                x: center - full / 2,
                y: y0,
                w: chart_w - (center - full / 2) - 4,
                h: y1 - y0,
                key: stage.stage_name.clone(),
                stage_id: Some(stage.stage_id),
                user_id: None,
                lines: words.lines(stage.stage_name.clone(), None, stage.count, stage.total),
            });
        }
        Ok(spots)
    })
}

/// Tratos no ganados: one horizontal bar per reason, most frequent first.
fn lost(s: &DashboardSummary, words: &Wording) -> Result<ChartView, AppError> {
    let (width, height) = (HALF.0 as i32, HALF.1 as i32);
    svg(HALF, |root| {
        if s.lost_by_reason.is_empty() {
            return no_data(root, words.l);
        }
        let rows = &s.lost_by_reason;
        let (left, right) = (178, width - 96);
        let max = rows.iter().map(|r| r.count).max().unwrap_or(1).max(1);
        let row_h = ((height - 16) / rows.len() as i32).clamp(14, 48);
        let bar_h = (row_h * 3 / 5).max(8);
        let mut spots = vec![];
        for (i, reason) in rows.iter().enumerate() {
            let y0 = 8 + i as i32 * row_h;
            let mid = y0 + bar_h / 2;
            let w = ((right - left) as i64 * reason.count / max).max(2) as i32;
            let name_style = font(14, TEXT).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(
                clip(&reason.reason, 26),
                (left - 8, mid),
                name_style,
            ))
            .map_err(failed)?;
            root.draw(&Rectangle::new(
                [(left, y0), (left + w, y0 + bar_h)],
                LOST.filled(),
            ))
            .map_err(failed)?;
            let numbers = format!("{} · {}", reason.count, words.compact(to_f64(reason.total)));
            let style = font(14, MUTED).pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(numbers, (left + w + 6, mid), style))
                .map_err(failed)?;
            spots.push(ChartSpot {
                x: left,
                y: y0,
                w: right - left,
                h: bar_h,
                key: reason.reason.clone(),
                stage_id: None,
                user_id: None,
                lines: words.lines(reason.reason.clone(), None, reason.count, reason.total),
            });
        }
        Ok(spots)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dashboard::{Figure, MonthRevenue, PeriodKpis, StageFigure};
    use chrono::NaiveDate;

    fn summary() -> DashboardSummary {
        let stage = |id: i64, count: i64| StageFigure {
            stage_id: id,
            stage_name: format!("Etapa {id}"),
            color: "#4f7cff".into(),
            count,
            total: Decimal::new(count * 10_000, 2),
        };
        DashboardSummary {
            as_of: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            currency: "MXN".into(),
            window_start: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
            window_end: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            pipeline_id: 1,
            kpis: PeriodKpis {
                open_deals: Figure::default(),
                ..PeriodKpis::default()
            },
            monthly_revenue: (1..=12)
                .map(|m| MonthRevenue {
                    month: format!("2026-{m:02}"),
                    count: m,
                    total: Decimal::new(m * 100_000, 2),
                })
                .collect(),
            open_by_owner: vec![],
            funnel: vec![stage(1, 30), stage(2, 0), stage(3, 12)],
            lost_by_reason: vec![],
            previous: PeriodKpis::default(),
        }
    }

    #[test]
    fn revenue_has_a_spot_per_month_inside_the_drawing() {
        let (charts, _) = dashboard(&summary(), UiLocale::Es).unwrap();
        let spots = &charts.revenue.spots;
        assert_eq!(spots.len(), 12);
        assert_eq!(spots[0].key, "2026-01");
        assert!(
            spots.windows(2).all(|w| w[0].x < w[1].x),
            "oldest first, left to right"
        );
        assert!(
            spots
                .iter()
                .all(|s| s.x >= 0 && s.x + s.w <= WIDE.0 as i32 && s.h > 0)
        );
        let last = &spots[11];
        assert!(
            last.x + last.w > WIDE.0 as i32 - 40,
            "no empty column after the last month"
        );
        assert!(charts.revenue.svg.starts_with("<svg"));
        assert!(
            charts.revenue.svg.contains("ene 26"),
            "Spanish month labels"
        );
        let (en, _) = dashboard(&summary(), UiLocale::En).unwrap();
        assert!(en.revenue.svg.contains("Jan 26"));
    }

    #[test]
    fn the_funnel_shows_every_stage_and_empty_charts_say_so() {
        let (charts, _) = dashboard(&summary(), UiLocale::Es).unwrap();
        assert_eq!(charts.funnel.spots.len(), 3, "the empty stage too");
        assert_eq!(charts.funnel.svg.matches("<polygon").count(), 3);
        assert!(charts.owners.spots.is_empty());
        assert!(charts.lost.svg.contains("Sin datos"));
    }

    #[test]
    fn colours_parse_or_fall_back() {
        assert_eq!(parse_color("#4f7cff"), RGBColor(0x4f, 0x7c, 0xff));
        assert_eq!(parse_color("nonsense"), MUTED);
        assert_eq!(clip("Presupuesto insuficiente", 12), "Presupuesto…");
    }
}
