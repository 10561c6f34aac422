//! `/actividades/calendario`: a month (whole weeks) or a week of
//! activities, Monday first as in Mexico, filtered through the query string
//! (`?view=month|week&date=YYYY-MM-DD&owner=`). Rendered on the server; an
//! activity dragged to another day is moved there (its time kept) by a
//! small island that listens on the page.
use crate::api::activities::activity_calendar;
use crate::api::activities::reschedule_activity;
use crate::components::activity_list::{NewActivityButton, kind_label};
use crate::components::crm_page::crm_page;
use crate::components::links::with_query;
use crate::domain::activities::{Calendar, CalendarQuery};
use crate::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use wasm_bindgen::JsCast;

#[component]
pub fn CalendarioPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    let query = CalendarQuery {
        view: q.get("view"),
        date: q.get("date"),
        owner: q.get("owner"),
    };
    crm_page(
        t_string!(i18n, actividades.calendar).to_string(),
        activity_calendar(query.clone()),
        move |calendar| view! { <CalendarView query calendar /> },
    )
}

fn href(query: &CalendarQuery, view: &str, date: &str) -> String {
    with_query(
        "/actividades/calendario",
        &[
            ("view", (view == "week").then(|| view.to_string())),
            ("date", Some(date.to_string())),
            ("owner", query.owner.clone()),
        ],
    )
}

#[component]
fn CalendarView(query: CalendarQuery, calendar: Calendar) -> impl IntoView {
    let i18n = use_i18n();
    let view_name = if calendar.week { "week" } else { "month" };
    let title = calendar.title.clone();
    let weekdays = t_string!(i18n, actividades.weekdays).to_string();
    let heads = weekdays
        .split('|')
        .map(|d| {
            view! {
                <div class="cal-head" role="columnheader">
                    {d.to_string()}
                </div>
            }
        })
        .collect_view();
    let days = calendar
        .days
        .iter()
        .map(|d| {
            let items = d
                .items
                .iter()
                .map(|a| {
                    let label = format!("{} {}", a.time, a.subject);
                    view! {
                        <li
                            class="cal-item"
                            class:done=a.done
                            class:overdue=a.overdue
                            data-activity-id=a.id
                            title=format!("{} · {}", kind_label(i18n, &a.kind), label.clone())
                        >
                            <span class="cal-time">{a.time.clone()}</span>
                            " "
                            {a.subject.clone()}
                        </li>
                    }
                })
                .collect_view();
            // The rest of a full day: the week in a month, the day's list in a week.
            let more = (d.more > 0).then(|| {
                let to = if calendar.week {
                    with_query(
                        "/actividades",
                        &[
                            ("day", Some(d.date.clone())),
                            ("owner", query.owner.clone()),
                        ],
                    )
                } else {
                    href(&query, "week", &d.date)
                };
                let label = t_string!(i18n, actividades.more_items, count = d.more).to_string();
                view! {
                    <a class="cal-more" href=to>
                        {label}
                    </a>
                }
            });
            view! {
                <div
                    class="cal-day"
                    class:other-month=!d.in_month
                    class:today=d.today
                    data-date=d.date.clone()
                    role="gridcell"
                >
                    <span class="cal-number">{d.day}</span>
                    <ul class="cal-items">{items}</ul>
                    {more}
                </div>
            }
        })
        .collect_view();
    let owner_filter = (!calendar.owners.is_empty()).then(|| {
        let chosen = query.owner.clone().unwrap_or_default();
        let options = calendar
            .owners
            .iter()
            .map(|(id, name)| {
                let id = id.to_string();
                let selected = id == chosen;
                view! {
                    <option value=id selected=selected>
                        {name.clone()}
                    </option>
                }
            })
            .collect_view();
        view! {
            <form class="board-filters" method="get" action="/actividades/calendario">
                <input type="hidden" name="view" value=view_name />
                <input type="hidden" name="date" value=calendar.date.clone() />
                <label>
                    <span>{t!(i18n, actividades.assignee)}</span>
                    <select name="owner">
                        <option value="">{t!(i18n, embudo.all_owners)}</option>
                        {options}
                    </select>
                </label>
                <button type="submit" class="button button-primary">
                    {t!(i18n, embudo.apply)}
                </button>
            </form>
        }
    });
    let new_activity = calendar.rights.may_edit.then(|| {
        view! { <NewActivityButton rights=calendar.rights.clone() links=vec![] primary=true /> }
    });
    let drag = calendar.rights.may_edit.then(|| {
        view! { <CalendarDrag failed=t_string!(i18n, actividades.move_failed).to_string() /> }
    });
    view! {
        <div class="page-actions">
            {new_activity} <a class="button button-ghost" href="/actividades">
                {t!(i18n, actividades.list)}
            </a>
        </div>
        {owner_filter}
        <nav class="cal-nav" aria-label=t_string!(i18n, actividades.calendar)>
            <a
                class="button button-ghost"
                href=href(&query, view_name, &calendar.prev)
                aria-label=t_string!(i18n, actividades.previous)
            >
                "‹"
            </a>
            <a class="button button-ghost" href=href(&query, view_name, &calendar.today)>
                {t!(i18n, actividades.today)}
            </a>
            <a
                class="button button-ghost"
                href=href(&query, view_name, &calendar.next)
                aria-label=t_string!(i18n, actividades.next)
            >
                "›"
            </a>
            <h2 class="cal-title" data-testid="calendar-title">
                {title}
            </h2>
            <a
                class="button"
                class:button-primary=!calendar.week
                class:button-ghost=calendar.week
                href=href(&query, "month", &calendar.date)
            >
                {t!(i18n, actividades.month)}
            </a>
            <a
                class="button"
                class:button-primary=calendar.week
                class:button-ghost=!calendar.week
                href=href(&query, "week", &calendar.date)
            >
                {t!(i18n, actividades.week)}
            </a>
        </nav>
        <div class="calendar" class:cal-week=calendar.week role="grid">
            {heads}
            {days}
        </div>
        {drag}
        <p class="muted cal-hint">{t!(i18n, actividades.drag_hint)}</p>
    }
}

/// The activity under the point, or the day under it.
fn closest(x: i32, y: i32, selector: &str) -> Option<web_sys::Element> {
    document()
        .element_from_point(x as f32, y as f32)?
        .closest(selector)
        .ok()?
}

/// Drags an activity of the calendar to another day with the pointer
/// (mouse, pen or finger); the server moves it and the page shows it there.
#[island(lazy)]
fn CalendarDrag(failed: String) -> impl IntoView {
    let dragged = StoredValue::new(None::<(i64, String)>);
    let error = RwSignal::new(None::<String>);
    let mark = |date: Option<String>| {
        if let Ok(cells) = document().query_selector_all(".cal-day.drop-target") {
            for i in 0..cells.length() {
                if let Some(cell) = cells
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = cell.class_list().remove_1("drop-target");
                }
            }
        }
        if let Some(date) = date
            && let Ok(Some(cell)) =
                document().query_selector(&format!(".cal-day[data-date='{date}']"))
        {
            let _ = cell.class_list().add_1("drop-target");
        }
    };
    // Listening for the page's life (islands live as long as the page).
    let _ = window_event_listener(leptos::ev::pointerdown, move |ev| {
        let item = closest(ev.client_x(), ev.client_y(), "[data-activity-id]");
        let from = closest(ev.client_x(), ev.client_y(), "[data-date]");
        if let (Some(item), Some(from)) = (item, from)
            && let (Some(id), Some(date)) = (
                item.get_attribute("data-activity-id")
                    .and_then(|i| i.parse().ok()),
                from.get_attribute("data-date"),
            )
        {
            ev.prevent_default();
            dragged.set_value(Some((id, date)));
        }
    });
    let _ = window_event_listener(leptos::ev::pointermove, move |ev| {
        if dragged.with_value(Option::is_some) {
            let day = closest(ev.client_x(), ev.client_y(), "[data-date]");
            mark(day.and_then(|d| d.get_attribute("data-date")));
        }
    });
    let _ = window_event_listener(leptos::ev::pointerup, move |ev| {
        let Some((id, from)) = dragged.get_value() else {
            return;
        };
        dragged.set_value(None);
        let to = closest(ev.client_x(), ev.client_y(), "[data-date]")
            .and_then(|d| d.get_attribute("data-date"));
        match to {
            Some(date) if date != from => {
                let failed = failed.clone();
                spawn_local(async move {
                    match reschedule_activity(id, date).await {
                        Ok(()) => {
                            let _ = window().location().reload();
                        }
                        Err(_) => {
                            mark(None);
                            error.set(Some(failed));
                        }
                    }
                });
            }
            _ => mark(None),
        }
    });
    view! {
        {move || {
            error
                .get()
                .map(|e| {
                    view! {
                        <p class="field-error" role="alert">
                            {e}
                        </p>
                    }
                })
        }}
    }
}
