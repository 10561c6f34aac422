//! The "No ganado" dialog: a card dropped on the zone waits here for its
//! reason (and an optional note); cancelling puts it back.
use super::{BoardState, fill, optimistic};
use crate::api::deals::lose_deal;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub(super) fn LostDialog(state: BoardState, reasons: Vec<(i64, String)>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let reason_missing = RwSignal::new(false);
    let reasons = StoredValue::new(reasons);
    let cancel = move |_| {
        if let Some(p) = state.pending_loss.get_untracked() {
            state
                .columns
                .update(|cols| optimistic::revert(cols, &p.card, &p.before));
        }
        state.pending_loss.set(None);
        reason_missing.set(false);
        reason.set(String::new());
        note.set(String::new());
        state.catch_up();
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(reason_id) = reason.get_untracked().parse::<i64>() else {
            reason_missing.set(true);
            return;
        };
        let Some(p) = state.pending_loss.get_untracked() else {
            return;
        };
        state.pending_loss.set(None);
        reason_missing.set(false);
        let text = note.get_untracked();
        reason.set(String::new());
        note.set(String::new());
        spawn_local(async move {
            let note = (!text.trim().is_empty()).then_some(text);
            let query = state.query.get_value();
            // On its way, like a move: a reload meanwhile waits for it.
            state.in_flight.update_value(|f| f.push(p.card.id));
            let answer = lose_deal(query, p.card.id, p.card.version, reason_id, note).await;
            state
                .in_flight
                .update_value(|f| f.retain(|id| *id != p.card.id));
            match answer {
                Ok(outcome) => {
                    state.confirm(p.card.id, outcome);
                    state
                        .announce
                        .set(fill(&state.word(|w| &w.marked_lost), &p.card.title, ""));
                }
                Err(e) => state.refuse(&p.card, &p.before, e),
            }
            state.catch_up();
        });
    };
    move || {
        state.pending_loss.get().map(|p| {
            let options = reasons.with_value(|rs| {
                rs.iter()
                    .map(|(id, label)| view! { <option value=id.to_string()>{label.clone()}</option> })
                    .collect_view()
            });
            view! {
                <div class="dialog-backdrop">
                    <form
                        class="dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="lost-title"
                        on:submit=submit
                    >
                        <h2 id="lost-title">{state.word(|w| &w.lost_title)}</h2>
                        <p class="muted">{p.card.title.clone()}</p>
                        <label for="lost-reason">{state.word(|w| &w.lost_reason)}</label>
                        <select
                            id="lost-reason"
                            aria-required="true"
                            on:change=move |ev| reason.set(event_target_value(&ev))
                        >
                            <option value="" selected=true>
                                {state.word(|w| &w.lost_reason_pick)}
                            </option>
                            {options}
                        </select>
                        {move || {
                            reason_missing
                                .get()
                                .then(|| {
                                    view! {
                                        <p class="field-error" role="alert">
                                            {state.word(|w| &w.lost_reason_required)}
                                        </p>
                                    }
                                })
                        }}
                        <label for="lost-note">{state.word(|w| &w.lost_note)}</label>
                        <textarea
                            id="lost-note"
                            maxlength="2000"
                            on:input=move |ev| note.set(event_target_value(&ev))
                        ></textarea>
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
