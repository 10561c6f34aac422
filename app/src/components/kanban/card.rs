//! One deal on the board: dragged by its body, sent elsewhere by its
//! "Mover a…" menu, opened by its title.
use super::{BoardState, fill};
use crate::domain::board::BoardCard;
use leptos::prelude::*;

#[component]
pub(super) fn DealCard(state: BoardState, card: BoardCard, stage_id: i64) -> impl IntoView {
    let id = card.id;
    let dragging = move || state.dragging(id).is_some();
    let style = move || {
        state
            .dragging(id)
            .map(|d| format!("transform: translate({}px, {}px)", d.offset.0, d.offset.1))
            .unwrap_or_default()
    };
    let options = state.stages.with_value(|all| {
        all.iter()
            .filter(|(s, _)| *s != stage_id)
            .map(|(s, name)| view! { <option value=s.to_string()>{name.clone()}</option> })
            .collect_view()
    });
    let label = fill(&state.word(|w| &w.move_to_label), &card.title, "");
    let title = card.title.clone();
    let rotting = card.rotting.then(|| {
        let (text, short) = (state.word(|w| &w.rotting), state.word(|w| &w.rotting_short));
        view! {
            <p class="card-rotting" title=text.clone() aria-label=text>
                {short}
            </p>
        }
    });
    let organization = card.organization.map(|o| {
        view! {
            " · "
            <span>{o}</span>
        }
    });
    view! {
        <article
            class="card"
            class:dragging=dragging
            class:rotting=card.rotting
            style=style
            data-deal-id=id
            data-version=card.version
            aria-label=title
            tabindex="0"
            on:pointerdown=move |ev| state.pointer_down(ev, id)
            on:pointermove=move |ev| state.pointer_move(ev)
            on:pointerup=move |ev| state.pointer_up(ev)
            on:pointercancel=move |_| state.pointer_cancel()
        >
            <div class="card-top">
                <a class="card-title" href=format!("/crm/tratos/{}", card.key) draggable="false">
                    {card.title}
                </a>
                <span class="avatar avatar-small" title=card.owner_name>
                    {card.owner_initials}
                </span>
            </div>
            <p class="card-meta">
                <span class="card-key">{card.key}</span>
                {organization}
            </p>
            <p class="card-value">{card.value}</p>
            <p class="card-activity" data-activity-state=card.activity_state>
                {card.next_activity}
            </p>
            {rotting}
            <select
                class="card-move"
                aria-label=label
                on:change=move |ev| state.move_to(id, &event_target_value(&ev))
            >
                <option value="" selected=true>
                    {state.word(|w| &w.move_to)}
                </option>
                {options}
                <option value="won">{state.word(|w| &w.won)}</option>
                <option value="lost">{state.word(|w| &w.lost)}</option>
            </select>
        </article>
    }
}
