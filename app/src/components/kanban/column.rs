//! One stage of the board: its header (count, total, weighted total, kept
//! by the server's answers) and its cards, a keyed list paged as the user
//! scrolls.
use super::card::DealCard;
use super::{BoardState, Drag, Target};
use crate::domain::board::BoardCard;
use crate::domain::money::group_digits;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What identifies a card's drawing: a card re-draws when one of these
/// changes, and only then.
/// (Its activity changes and its due state turns with the clock without a
/// new version.)
fn card_key(c: &BoardCard) -> (i64, i64, String, String, bool) {
    (
        c.id,
        c.version,
        c.next_activity.clone(),
        c.activity_state.clone(),
        c.rotting,
    )
}

#[component]
pub(super) fn StageColumn(
    state: BoardState,
    stage_id: i64,
    name: String,
    color: String,
) -> impl IntoView {
    let is_target = move || {
        state.drag.with(
            |d| matches!(d, Some(Drag { target: Some(Target::Stage(s, _)), .. }) if *s == stage_id),
        )
    };
    let on_scroll = move |ev: leptos::ev::Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let near_end = el.scroll_top() + el.client_height() + 200 >= el.scroll_height();
        let near_start = el.scroll_top() < 200;
        let (more, earlier) = state
            .columns
            .with_untracked(|cols| {
                cols.iter()
                    .find(|c| c.stage_id == stage_id)
                    .map(|c| (c.more, c.earlier))
            })
            .unwrap_or_default();
        if near_end && more {
            state.load(stage_id, true);
        } else if near_start && earlier {
            state.load(stage_id, false);
        }
    };
    let count = move || {
        let count = state.column(stage_id, |c| c.header.count).unwrap_or(0);
        let count = u128::try_from(count).unwrap_or(0);
        format!("{} {}", group_digits(count), state.word(|w| &w.deals))
    };
    let total = move || state.column(stage_id, |c| c.header.total.clone());
    let weighted = move || {
        let figure = state
            .column(stage_id, |c| c.header.weighted.clone())
            .unwrap_or_default();
        format!("{}: {figure}", state.word(|w| &w.weighted))
    };
    let flag = move |f: fn(&crate::domain::board::BoardColumn) -> bool| {
        move || state.column(stage_id, f).unwrap_or(false)
    };
    let (has_more, has_earlier, empty) = (
        flag(|c| c.more),
        flag(|c| c.earlier),
        flag(|c| c.cards.is_empty()),
    );
    let page_button = move |forward: bool, text: String| {
        view! {
            <button
                type="button"
                class="button button-ghost load-more"
                on:click=move |_| state.load(stage_id, forward)
            >
                {text}
            </button>
        }
    };
    let (load_more, load_earlier) = (
        state.word(|w| &w.load_more),
        state.word(|w| &w.load_earlier),
    );
    view! {
        <section
            class="column"
            class:drop-target=is_target
            data-drop="stage"
            data-stage-id=stage_id
            style=format!("border-top-color: {color}")
        >
            <header class="column-head">
                <h2>{name}</h2>
                <p class="column-count" data-figure="count">
                    {count}
                </p>
                <p class="column-total" data-figure="total">
                    {total}
                </p>
                <p class="column-weighted muted" data-figure="weighted">
                    {weighted}
                </p>
            </header>
            <div class="column-cards" on:scroll=on_scroll>
                {move || has_earlier().then(|| page_button(false, load_earlier.clone()))}
                <For
                    each=move || state.column(stage_id, |c| c.cards.clone()).unwrap_or_default()
                    key=card_key
                    let:card
                >
                    <DealCard state card stage_id />
                </For>
                {move || {
                    empty()
                        .then(|| {
                            view! { <p class="column-empty">{state.word(|w| &w.empty_column)}</p> }
                        })
                }}
                {move || has_more().then(|| page_button(true, load_more.clone()))}
            </div>
        </section>
    }
}
