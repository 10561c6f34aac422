//! The reminders bell of the top bar: how many of the user's pending
//! activities have a reminder that is due, and their list (each one
//! dismissed with "Descartar"). It asks the server when the page opens and
//! every 30 seconds after.
use crate::api::activities::{dismiss_reminder, due_reminders};
use crate::domain::activities::Reminders;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How often the bell asks again.
const REFRESH: Duration = Duration::from_secs(30);

/// The bell's words, translated by the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BellWords {
    pub label: String,
    pub empty: String,
    pub dismiss: String,
    pub all: String,
}

#[island]
pub fn ReminderBell(words: BellWords) -> impl IntoView {
    let reminders = RwSignal::new(Reminders::default());
    let open = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            if let Ok(r) = due_reminders().await {
                reminders.set(r);
            }
        });
    };
    // In the browser only: the first answer, then one every REFRESH.
    Effect::new(move |_| {
        load();
        let _ = set_interval_with_handle(load, REFRESH);
    });
    let words = StoredValue::new(words);
    let text = move |f: fn(&BellWords) -> &String| words.with_value(|w| f(w).clone());
    let dismiss = move |id: i64| {
        spawn_local(async move {
            if dismiss_reminder(id).await.is_ok() {
                load();
            }
        });
    };
    let list = move || {
        open.get().then(|| {
            let items = reminders.with(|r| r.items.clone());
            let body = if items.is_empty() {
                view! { <p class="muted bell-empty">{text(|w| &w.empty)}</p> }.into_any()
            } else {
                items
                    .into_iter()
                    .map(|item| {
                        let id = item.id;
                        view! {
                            <li class="bell-item" class:overdue=item.overdue data-reminder-id=id>
                                <a href="/actividades"><strong>{item.subject}</strong></a>
                                <span class="muted">{item.due}</span>
                                <button type="button" class="button button-ghost" on:click=move |_| dismiss(id)>{text(|w| &w.dismiss)}</button>
                            </li>
                        }
                    })
                    .collect_view()
                    .into_any()
            };
            view! {
                <div class="bell-panel" role="region" aria-label=text(|w| &w.label)>
                    <ul class="bell-list">{body}</ul>
                    <a class="bell-all" href="/actividades">{text(|w| &w.all)}</a>
                </div>
            }
        })
    };
    view! {
        <div class="bell">
            <button
                type="button"
                class="bell-button"
                aria-label=text(|w| &w.label)
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                    <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" />
                </svg>
                {move || {
                    let count = reminders.with(|r| r.count);
                    (count > 0).then(|| view! { <span class="bell-count" data-testid="bell-count">{count}</span> })
                }}
            </button>
            {list}
        </div>
    }
}
