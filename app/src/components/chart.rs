//! A server-drawn chart ([`ChartView`]) with a layer of focusable areas on
//! top (an island): hovering one with the mouse or reaching it with Tab
//! shows a `role="tooltip"` with its numbers, worded on the server.
use crate::domain::dashboard::ChartView;
use leptos::prelude::*;

crate::island_props! {
    /// One focusable area of a chart, with its tooltip already worded.
    pub struct SpotTip {
        x: i32,
        y: i32,
        w: i32,
        h: i32,
        /// Title first, then the figures.
        lines: Vec<String>,
        month: Option<String>,
        stage_id: Option<i64>,
        user_id: Option<i64>,
    }
}

/// A server-drawn chart with hover and keyboard tooltips. `label` names it
/// for screen readers; each area also carries its numbers as its
/// accessible name; the spots of a chart of `months` carry theirs
/// (`YYYY-MM`) as a markup hook.
#[component]
pub fn InteractiveChart(view: ChartView, months: bool, label: String) -> impl IntoView {
    let spots = view
        .spots
        .iter()
        .map(|s| SpotTip {
            x: s.x,
            y: s.y,
            w: s.w,
            h: s.h,
            lines: s.lines.clone(),
            month: months.then(|| s.key.clone()),
            stage_id: s.stage_id,
            user_id: s.user_id,
        })
        .collect();
    view! {
        <div class="chart" style=format!("aspect-ratio: {} / {}", view.width, view.height)>
            <div class="chart-drawing" aria-hidden="true" inner_html=view.svg></div>
            <ChartSpots width=view.width height=view.height label spots />
        </div>
    }
}

/// The focusable areas over a chart and the tooltip of the active one.
#[island(lazy)]
fn ChartSpots(width: u32, height: u32, label: String, spots: Vec<SpotTip>) -> impl IntoView {
    let active = RwSignal::new(None::<usize>);
    let areas = spots
        .iter()
        .enumerate()
        .map(|(i, s)| {
            view! {
                <rect
                    class="chart-spot"
                    x=s.x
                    y=s.y
                    width=s.w
                    height=s.h
                    tabindex="0"
                    role="img"
                    aria-label=s.lines.join(", ")
                    data-month=s.month.clone()
                    data-stage-id=s.stage_id
                    data-user-id=s.user_id
                    on:mouseenter=move |_| active.set(Some(i))
                    on:mouseleave=move |_| active.set(None)
                    on:focus=move |_| active.set(Some(i))
                    on:blur=move |_| active.set(None)
                />
            }
        })
        .collect_view();
    let spots = StoredValue::new(spots);
    let tooltip = move || {
        active.get().and_then(|i| {
            spots.with_value(|all| {
                let s = all.get(i)?;
                let left = (f64::from(s.x) + f64::from(s.w) / 2.0) / f64::from(width) * 100.0;
                let top = f64::from(s.y) / f64::from(height) * 100.0;
                let style = format!("left: {left:.2}%; top: {top:.2}%");
                let mut lines = s.lines.iter().cloned();
                let title = lines.next().unwrap_or_default();
                Some(view! {
                    <div class="chart-tooltip" role="tooltip" style=style>
                        <strong>{title}</strong>
                        {lines.map(|l| view! { <span>{l}</span> }).collect_view()}
                    </div>
                })
            })
        })
    };
    view! {
        <svg
            class="chart-spots"
            viewBox=format!("0 0 {width} {height}")
            role="group"
            aria-label=label
        >
            {areas}
        </svg>
        {tooltip}
    }
}
