//! A KPI card of the Resumen: a figure, what it counts, and its change
//! against the previous 365 days.
use crate::domain::dashboard::change;
use crate::i18n::*;
use leptos::prelude::*;

/// The change of `now` against `before` as `▲ 12.5 %` / `▼ 3.0 %`, or a
/// note that there is nothing to compare with.
#[component]
pub fn ChangeBadge(now: f64, before: f64) -> impl IntoView {
    let i18n = use_i18n();
    match change(now, before) {
        Some(pct) => {
            let (class, arrow) = if pct > 0.0 {
                ("change change-up", "▲")
            } else if pct < 0.0 {
                ("change change-down", "▼")
            } else {
                ("change", "=")
            };
            view! {
                <p class=class>
                    <span class="change-figure">{format!("{arrow} {:.1} %", pct.abs())}</span>
                    " "
                    <span class="muted">{t!(i18n, resumen.vs_previous)}</span>
                </p>
            }
            .into_any()
        }
        None => view! { <p class="change muted">{t!(i18n, resumen.no_previous)}</p> }.into_any(),
    }
}

/// One KPI: title, main figure, a second line and any extra content.
#[component]
pub fn KpiCard(
    title: String,
    figure: String,
    #[prop(optional)] detail: Option<String>,
    /// `data-kpi` hook for tests and styling.
    kpi: &'static str,
    children: Children,
) -> impl IntoView {
    let name = title.clone();
    view! {
        <section class="kpi-card" data-kpi=kpi aria-label=name>
            <h2 class="kpi-title">{title}</h2>
            <p class="kpi-figure" data-figure="main">
                {figure}
            </p>
            {detail
                .map(|d| {
                    view! {
                        <p class="kpi-detail" data-figure="detail">
                            {d}
                        </p>
                    }
                })}
            {children()}
        </section>
    }
}
