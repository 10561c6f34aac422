//! The "Ganado" dialog: a card dropped on the zone (or sent there with the
//! keyboard) waits here for the day it was won (today at the latest) and
//! its final value (the accepted quote's subtotal, else its value, as the
//! card brings it); cancelling puts it back. The browser holds the
//! fields to their form (no later day; digits); a refusal by the server
//! puts the card back and says so, as a refused move does.
use super::{BoardState, fill, optimistic};
use crate::api::deals::win_deal;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub(super) fn WonDialog(state: BoardState) -> impl IntoView {
    let won_on = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    // As a card arrives: today, and the value it brings.
    Effect::new(move |_| {
        let Some(card) = state
            .pending_win
            .with(|p| p.as_ref().map(|p| p.card.clone()))
        else {
            return;
        };
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
        state.catch_up();
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = state.pending_win.get_untracked() else {
            return;
        };
        state.pending_win.set(None);
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
            match answer {
                Ok(outcome) => {
                    state.confirm(p.card.id, outcome);
                    state
                        .announce
                        .set(fill(&state.word(|w| &w.marked_won), &p.card.title, ""));
                }
                Err(e) => state.refuse(&p.card, &p.before, e),
            }
            state.catch_up();
        });
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
                        <label for="won-value">{state.word(|w| &w.won_value)}</label>
                        <input
                            id="won-value"
                            type="text"
                            inputmode="decimal"
                            pattern="[0-9][0-9,]*([.][0-9]+)?"
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
                        <div class="dialog-actions">
                            <button type="button" class="button button-ghost" on:click=cancel>
                                {state.word(|w| &w.cancel)}
                            </button>
                            <button type="submit" class="button button-primary">
                                {state.word(|w| &w.confirm)}
                            </button>
                        </div>
                    </form>
                </div>
            }
        })
    }
}
