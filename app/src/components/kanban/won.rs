//! The "Ganado" dialog: a card dropped on the zone (or sent there with the
//! keyboard) waits here for the day it was won (today at the latest) and
//! its final value (the accepted quote's subtotal, else its value, as the
//! card brings it); cancelling puts it back. The server's
//! refusal of a field is shown under it, the card still held.
use super::{BoardState, fill, optimistic};
use crate::api::deals::win_deal;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub(super) fn WonDialog(state: BoardState) -> impl IntoView {
    let won_on = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<(String, String)>);
    let sending = RwSignal::new(false);
    // As a card arrives: today, and the value it brings.
    Effect::new(move |_| {
        let Some(card) = state
            .pending_win
            .with(|p| p.as_ref().map(|p| p.card.clone()))
        else {
            return;
        };
        problem.set(None);
        won_on.set(state.today.get_value());
        value.set(card.won_value);
    });
    let cancel = move |_| {
        if let Some(p) = state.pending_win.get_untracked() {
            state
                .columns
                .update(|cols| optimistic::revert(cols, &p.card, &p.before));
        }
        state.pending_win.set(None);
        problem.set(None);
        state.catch_up();
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = state.pending_win.get_untracked() else {
            return;
        };
        sending.set(true);
        spawn_local(async move {
            let query = state.query.get_value();
            state.in_flight.update_value(|f| f.push(p.card.id));
            let answer = win_deal(
                query,
                p.card.id,
                p.card.version,
                won_on.get_untracked(),
                value.get_untracked(),
            )
            .await;
            state
                .in_flight
                .update_value(|f| f.retain(|id| *id != p.card.id));
            sending.set(false);
            match answer {
                Ok(outcome) => {
                    state.pending_win.set(None);
                    state.confirm(p.card.id, outcome);
                    state
                        .announce
                        .set(fill(&state.word(|w| &w.marked_won), &p.card.title, ""));
                }
                // A field the server refused: said under it, the card held.
                Err(AppError::Validation(list))
                    if list
                        .iter()
                        .all(|f| f.field == "won_on" || f.field == "value") =>
                {
                    problem.set(list.into_iter().next().map(|f| (f.field, f.code)));
                }
                Err(e) => {
                    state.pending_win.set(None);
                    state.refuse(&p.card, &p.before, e);
                }
            }
            state.catch_up();
        });
    };
    let message = move |field: &'static str| {
        move || {
            problem.get().filter(|(f, _)| f == field).map(|(_, code)| {
                let text = match (field, code.as_str()) {
                    ("won_on", "future") => state.word(|w| &w.won_future),
                    ("won_on", "before_created") => state.word(|w| &w.won_before_created),
                    ("won_on", _) => state.word(|w| &w.won_date_invalid),
                    ("value", "from_lines") => state.word(|w| &w.won_from_lines),
                    _ => state.word(|w| &w.won_value_invalid),
                };
                view! {
                    <p class="field-error" role="alert">
                        {text}
                    </p>
                }
            })
        }
    };
    move || {
        state.pending_win.get().map(|p| {
            view! {
                <div class="dialog-backdrop">
                    <form
                        class="dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="won-title"
                        on:submit=submit
                    >
                        <h2 id="won-title">{state.word(|w| &w.won_title)}</h2>
                        <p class="muted">{p.card.title.clone()}</p>
                        <label for="won-on">{state.word(|w| &w.won_on)}</label>
                        <input
                            id="won-on"
                            type="date"
                            required
                            prop:max=state.today.get_value()
                            prop:value=move || won_on.get()
                            on:input=move |ev| won_on.set(event_target_value(&ev))
                        />
                        {message("won_on")}
                        <label for="won-value">{state.word(|w| &w.won_value)}</label>
                        <input
                            id="won-value"
                            type="text"
                            inputmode="decimal"
                            required
                            prop:value=move || value.get()
                            on:input=move |ev| value.set(event_target_value(&ev))
                        />
                        <p class="muted">
                            {if p.card.won_from_quote {
                                state.word(|w| &w.won_value_quote)
                            } else {
                                state.word(|w| &w.won_value_hint)
                            }}
                        </p>
                        {message("value")}
                        <div class="dialog-actions">
                            <button type="button" class="button button-ghost" on:click=cancel>
                                {state.word(|w| &w.cancel)}
                            </button>
                            <button
                                type="submit"
                                class="button button-primary"
                                disabled=move || sending.get()
                            >
                                {state.word(|w| &w.confirm)}
                            </button>
                        </div>
                    </form>
                </div>
            }
        })
    }
}
