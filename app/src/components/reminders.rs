//! The reminders bell of the top bar: how many of the user's pending
//! activities have a reminder that is due, and their list (each dismissed
//! with "Descartar", a plain form). The list is the server's, as of the
//! page; the count is kept live by a small island that asks every 30
//! seconds.
use crate::api::activities::reminder_count;
use crate::components::record_form::PostButton;
use crate::domain::activities::Reminders;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How often the count is asked again.
const REFRESH: Duration = Duration::from_secs(30);

#[component]
pub fn ReminderBell(reminders: Reminders) -> impl IntoView {
    let i18n = use_i18n();
    let dismiss = t_string!(i18n, bell.dismiss).to_string();
    let body = if reminders.items.is_empty() {
        view! { <li class="muted bell-empty">{t!(i18n, bell.empty)}</li> }.into_any()
    } else {
        reminders
            .items
            .into_iter()
            .map(|item| {
                view! {
                    <li class="bell-item" class:overdue=item.overdue data-reminder-id=item.id>
                        <a href="/actividades">
                            <strong>{item.subject}</strong>
                        </a>
                        <span class="muted">{item.due}</span>
                        <PostButton
                            action="/api/dismiss_reminder"
                            fields=vec![("id", item.id.to_string())]
                            text=dismiss.clone()
                        />
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <details class="bell">
            <summary class="bell-button" aria-label=t_string!(i18n, bell.label)>
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                    <path
                        fill="currentColor"
                        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"
                    />
                </svg>
                <BellCount count=reminders.count />
            </summary>
            <div class="bell-panel">
                <ul class="bell-list">{body}</ul>
                <a class="bell-all" href="/actividades">
                    {t!(i18n, bell.all)}
                </a>
            </div>
        </details>
    }
}

/// The bell's count: the server's, then asked again every [`REFRESH`].
#[island]
fn BellCount(count: i64) -> impl IntoView {
    let count = RwSignal::new(count);
    // In the browser only.
    Effect::new(move |_| {
        let _ = set_interval_with_handle(
            move || {
                spawn_local(async move {
                    if let Ok(n) = reminder_count().await {
                        count.set(n);
                    }
                });
            },
            REFRESH,
        );
    });
    move || {
        let n = count.get();
        (n > 0).then(|| {
            view! {
                <span class="bell-count" data-testid="bell-count">
                    {n}
                </span>
            }
        })
    }
}
