//! `/crm/resumen`: the dashboard. Locked without `crm.dashboard.view` and an
//! upgrade notice on `basico`, decided before anything is fetched. The
//! pipeline and the "as of" date live in the query string
//! (`?pipeline=ID&as_of=YYYY-MM-DD`), so a view can be bookmarked or shared.
use crate::api::dashboard::get_dashboard;
use crate::api::pipelines::list_pipelines;
use crate::components::chart::InteractiveChart;
use crate::components::crm_page::PageError;
use crate::components::kpi_card::{ChangeBadge, KpiCard};
use crate::components::notices::{LockNotice, UpgradeNotice};
use crate::components::session::{from_i18n, use_session};
use crate::domain::dashboard::{ChartView, DashboardView, FigureRow};
use crate::domain::permission::Permission;
use crate::i18n::*;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

#[component]
pub fn ResumenPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let body = if !session.plan.has_crm() {
        EitherOf3::A(view! { <UpgradeNotice /> })
    } else if !session.can(Permission::DashboardView) {
        EitherOf3::B(view! { <LockNotice /> })
    } else {
        EitherOf3::C(view! { <Dashboard own_only=!session.can(Permission::DealsViewAll) /> })
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, resumen.title)) />
        <h1>{t!(i18n, resumen.title)}</h1>
        {body}
    }
}

fn percent(v: Option<f64>) -> String {
    v.map(|r| format!("{:.1} %", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// The dashboard proper: toolbar, KPIs and charts, rendered on the server
/// for the query string's pipeline and date.
#[component]
fn Dashboard(own_only: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map().get_untracked();
    let as_of = query.get("as_of");
    let pipeline = query.get("pipeline");
    let locale = from_i18n(i18n.get_locale_untracked());
    let content = Suspend::new(async move {
        let v = match get_dashboard(as_of.clone(), pipeline.clone(), Some(locale)).await {
            Ok(v) => v,
            Err(error) => return Either::Right(view! { <PageError error /> }),
        };
        let s = &v.summary;
        let choices = FilterChoices {
            pipelines: list_pipelines()
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|p| (p.id.to_string(), p.name))
                .collect(),
            pipeline: s.pipeline_id.to_string(),
            pipeline_asked: pipeline.is_some(),
            as_of: as_of.clone(),
            shown_as_of: s.as_of.to_string(),
            pipeline_label: t_string!(i18n, resumen.pipeline).to_string(),
            as_of_label: t_string!(i18n, resumen.as_of).to_string(),
        };
        let toolbar = view! {
            <div class="dash-toolbar">
                <DashboardFilters choices />
                <p class="dash-window muted">
                    {t!(i18n, resumen.window)} ": "
                    <span data-window-start=s
                        .window_start
                        .to_string()>{v.texts.window_start.clone()}</span> " – "
                    <span data-window-end=s
                        .window_end
                        .to_string()>{v.texts.window_end.clone()}</span>
                </p>
            </div>
        };
        let body = if v.summary.is_empty() {
            Either::Left(view! { <EmptyDashboard /> })
        } else {
            Either::Right(view! { <DashboardBody view=v /> })
        };
        Either::Left(view! {
            {toolbar}
            {own_only
                .then(|| view! { <p class="muted own-only">{t!(i18n, resumen.own_deals)}</p> })}
            {body}
        })
    });
    view! { <Suspense fallback=DashboardSkeleton>{content}</Suspense> }
}

crate::island_props! {
    /// What the filters offer and show, worded on the server.
    pub struct FilterChoices {
        /// (id, name) of every pipeline.
        pipelines: Vec<(String, String)>,
        /// The pipeline shown, and whether the query string names it (otherwise
        /// it is the default one and the address leaves it out).
        pipeline: String,
        pipeline_asked: bool,
        /// `as_of` as the query string gives it, and the day the figures are for.
        as_of: Option<String>,
        shown_as_of: String,
        pipeline_label: String,
        as_of_label: String,
    }
}

/// The pipeline selector and the "as of" date: a change loads the page for
/// the new choice (kept in the query string).
#[island(lazy)]
fn DashboardFilters(choices: FilterChoices) -> impl IntoView {
    let FilterChoices {
        pipelines,
        pipeline,
        pipeline_asked,
        as_of,
        shown_as_of,
        pipeline_label,
        as_of_label,
    } = choices;
    let go = move |pipeline: Option<String>, as_of: Option<String>| {
        let params: Vec<String> = [("pipeline", pipeline), ("as_of", as_of)]
            .into_iter()
            .filter_map(|(k, v)| Some(format!("{k}={}", v.filter(|v| !v.is_empty())?)))
            .collect();
        let url = match params.is_empty() {
            true => "/crm/resumen".to_string(),
            false => format!("/crm/resumen?{}", params.join("&")),
        };
        let _ = window().location().set_href(&url);
    };
    let asked = StoredValue::new(pipeline_asked.then(|| pipeline.clone()));
    let kept_as_of = StoredValue::new(as_of);
    let on_pipeline =
        move |ev: leptos::ev::Event| go(Some(event_target_value(&ev)), kept_as_of.get_value());
    let on_as_of =
        move |ev: leptos::ev::Event| go(asked.get_value(), Some(event_target_value(&ev)));
    let options = pipelines
        .into_iter()
        .map(|(id, name)| {
            let selected = id == pipeline;
            view! {
                <option value=id selected=selected>
                    {name}
                </option>
            }
        })
        .collect_view();
    view! {
        <form class="dash-filters" on:submit=|ev| ev.prevent_default()>
            <label>
                <span>{pipeline_label}</span>
                <select name="pipeline" on:change=on_pipeline>
                    {options}
                </select>
            </label>
            <label>
                <span>{as_of_label}</span>
                <input type="date" name="as_of" value=shown_as_of on:change=on_as_of />
            </label>
        </form>
    }
}

/// Placeholders with the final sizes, so nothing moves when figures arrive.
#[component]
fn DashboardSkeleton() -> impl IntoView {
    view! {
        <div class="dash-toolbar" aria-busy="true"></div>
        <div class="kpis" aria-busy="true">
            <div class="kpi-card skeleton"></div>
            <div class="kpi-card skeleton"></div>
            <div class="kpi-card skeleton"></div>
        </div>
        <div class="charts" aria-busy="true">
            <div class="panel panel-wide">
                <div class="chart skeleton"></div>
            </div>
            <div class="panel">
                <div class="chart skeleton"></div>
            </div>
            <div class="panel">
                <div class="chart skeleton"></div>
            </div>
            <div class="panel">
                <div class="chart skeleton"></div>
            </div>
        </div>
    }
}

/// An account without deals: say so and point to the pipeline.
#[component]
fn EmptyDashboard() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice" data-empty="dashboard">
            <h2>{t!(i18n, resumen.empty_title)}</h2>
            <p>{t!(i18n, resumen.empty_body)}</p>
            <a class="button button-primary" href="/crm/embudo">
                {t!(i18n, resumen.empty_link)}
            </a>
        </section>
    }
}

#[component]
fn DashboardBody(view: DashboardView) -> impl IntoView {
    let i18n = use_i18n();
    let DashboardView {
        summary,
        charts,
        texts,
    } = view;
    let (k, p) = (summary.kpis.clone(), summary.previous.clone());
    let [revenue_rows, owner_rows, funnel_rows, lost_rows] = texts.tables;
    let dec = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let avg_text = texts.average_won.unwrap_or_else(|| "—".into());
    let days = k
        .average_days_to_win
        .map(|d| format!("{d:.1} {}", t_string!(i18n, resumen.days)))
        .unwrap_or_else(|| "—".into());
    view! {
        <div class="kpis">
            <KpiCard
                kpi="open"
                title=t_string!(i18n, resumen.kpi_open).to_string()
                figure=k.open_deals.count.to_string()
                detail=texts.open_total
            >
                <ChangeBadge now=dec(k.open_deals.total) before=dec(p.open_deals.total) />
            </KpiCard>
            <KpiCard
                kpi="won"
                title=t_string!(i18n, resumen.kpi_won).to_string()
                figure=k.won_deals.count.to_string()
                detail=texts.won_total
            >
                <ChangeBadge now=dec(k.won_deals.total) before=dec(p.won_deals.total) />
            </KpiCard>
            <KpiCard
                kpi="average"
                title=t_string!(i18n, resumen.kpi_average).to_string()
                figure=avg_text
            >
                <dl class="kpi-facts">
                    <dt>{t!(i18n, resumen.conversion)}</dt>
                    <dd data-figure="conversion">{percent(k.conversion_rate)}</dd>
                    <dt>{t!(i18n, resumen.days_to_win)}</dt>
                    <dd data-figure="days">{days}</dd>
                </dl>
                <ChangeBadge
                    now=k.average_won_value.map(dec).unwrap_or(0.0)
                    before=p.average_won_value.map(dec).unwrap_or(0.0)
                />
            </KpiCard>
        </div>
        <p class="muted chart-hint">{t!(i18n, resumen.chart_hint)}</p>
        <div class="charts">
            <ChartPanel
                widget="revenue"
                title=t_string!(i18n, resumen.revenue_title).to_string()
                chart=charts.revenue
                labels=vec![t_string!(i18n, resumen.col_month).to_string()]
                rows=revenue_rows
            />
            <ChartPanel
                widget="owners"
                title=t_string!(i18n, resumen.owners_title).to_string()
                chart=charts.owners
                labels=vec![
                    t_string!(i18n, resumen.col_user).to_string(),
                    t_string!(i18n, resumen.col_stage).to_string(),
                ]
                rows=owner_rows
            />
            <ChartPanel
                widget="funnel"
                title=t_string!(i18n, resumen.funnel_title).to_string()
                chart=charts.funnel
                labels=vec![t_string!(i18n, resumen.col_stage).to_string()]
                rows=funnel_rows
            />
            <ChartPanel
                widget="lost"
                title=t_string!(i18n, resumen.lost_title).to_string()
                chart=charts.lost
                labels=vec![t_string!(i18n, resumen.col_reason).to_string()]
                rows=lost_rows
            />
        </div>
    }
}

/// One widget: its title, the chart and the chart's table. The revenue
/// chart (of months) spans the page; the others take half of it.
#[component]
fn ChartPanel(
    /// `data-widget` hook.
    widget: &'static str,
    title: String,
    chart: ChartView,
    labels: Vec<String>,
    rows: Vec<FigureRow>,
) -> impl IntoView {
    let months = widget == "revenue";
    let class = if months { "panel panel-wide" } else { "panel" };
    view! {
        <section class=class data-widget=widget>
            <h2>{title.clone()}</h2>
            <InteractiveChart view=chart months label=title />
            <FiguresTable labels rows />
        </section>
    }
}

/// A collapsible table, the chart's text alternative with the same numbers:
/// the `labels` columns, then the number of deals and their total.
#[component]
fn FiguresTable(labels: Vec<String>, rows: Vec<FigureRow>) -> impl IntoView {
    let i18n = use_i18n();
    let mut head = labels;
    head.push(t_string!(i18n, resumen.col_deals).to_string());
    head.push(t_string!(i18n, resumen.col_total).to_string());
    let rows = rows.into_iter().map(|row| {
        let mut cells = row.labels;
        cells.push(row.count.to_string());
        cells.push(row.total);
        view! { <tr>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }
    });
    view! {
        <details class="data-table">
            <summary>{t!(i18n, resumen.show_table)}</summary>
            <table class="table">
                <thead>
                    <tr>
                        {head
                            .into_iter()
                            .map(|h| view! { <th scope="col">{h}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{rows.collect_view()}</tbody>
            </table>
        </details>
    }
}
