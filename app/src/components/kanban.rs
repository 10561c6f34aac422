//! The kanban board island: cards dragged with the mouse or a finger
//! (pointer events), or sent with the keyboard through "Mover a…"; drop
//! zones Ganado and No ganado (a dialog asks the lost reason). Every change
//! shows at once and is confirmed by the server; a refusal puts the board
//! back as the server has it and says why. Changes made by other users
//! arrive as server-sent events (`/api/live/board`) and reload the board.
use crate::api::board::{get_board, lose_deal, more_cards, move_deal, win_deal};
use crate::domain::board::{Board, BoardCard, BoardColumn, BoardQuery, MoveOutcome, WINDOW_CARDS};
use crate::domain::money::group_digits;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

/// The board's words, translated by the server. `{title}` and `{stage}`
/// are filled in by the island.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardWords {
    pub deals: String,
    pub weighted: String,
    pub empty_column: String,
    pub move_to: String,
    pub move_to_label: String,
    pub won: String,
    pub lost: String,
    pub drop_won: String,
    pub drop_lost: String,
    pub lost_title: String,
    pub lost_reason: String,
    pub lost_reason_pick: String,
    pub lost_reason_required: String,
    pub lost_note: String,
    pub cancel: String,
    pub confirm: String,
    pub load_more: String,
    pub load_earlier: String,
    pub rotting: String,
    pub rotting_short: String,
    pub conflict: String,
    pub move_failed: String,
    pub forbidden: String,
    pub moved: String,
    pub marked_won: String,
    pub marked_lost: String,
}

/// Where a dragged card would land.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    /// A stage, before the card at this index (the dragged card left out).
    Stage(i64, usize),
    Won,
    Lost,
}

/// A card under the pointer.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Drag {
    card_id: i64,
    pointer_id: i32,
    start: (i32, i32),
    offset: (i32, i32),
    /// The pointer went far enough to be a drag, not a click.
    moving: bool,
    target: Option<Target>,
}

/// A card dropped on "No ganado", waiting for its reason.
#[derive(Clone, Debug, PartialEq)]
struct PendingLoss {
    card: BoardCard,
    before: Vec<BoardColumn>,
}

fn fill(template: &str, title: &str, stage: &str) -> String {
    template.replace("{title}", title).replace("{stage}", stage)
}

/// The card with this id, and the stage holding it.
fn find(columns: &[BoardColumn], id: i64) -> Option<(usize, usize)> {
    columns.iter().enumerate().find_map(|(c, col)| {
        col.cards
            .iter()
            .position(|card| card.id == id)
            .map(|i| (c, i))
    })
}

/// The target under the point (x, y): a drop zone, or a column and the
/// index among its other cards.
fn target_at(x: i32, y: i32, dragged: i64) -> Option<Target> {
    let document = document();
    let element = document.element_from_point(x as f32, y as f32)?;
    let zone = element.closest("[data-drop]").ok()??;
    match zone.get_attribute("data-drop")?.as_str() {
        "won" => Some(Target::Won),
        "lost" => Some(Target::Lost),
        _ => {
            let stage: i64 = zone.get_attribute("data-stage-id")?.parse().ok()?;
            let cards = zone.query_selector_all("[data-deal-id]").ok()?;
            let mut index = 0;
            for i in 0..cards.length() {
                let Some(card) = cards
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                if card.get_attribute("data-deal-id") == Some(dragged.to_string()) {
                    continue;
                }
                let rect = card.get_bounding_client_rect();
                if f64::from(y) < rect.top() + rect.height() / 2.0 {
                    break;
                }
                index += 1;
            }
            Some(Target::Stage(stage, index))
        }
    }
}

/// Keeps a card where it is on screen across the next render of its column
/// (cards added or dropped above it would otherwise push it away).
fn hold_in_place(stage_id: i64, card_id: i64) {
    let find = move || {
        let container = document()
            .query_selector(&format!("[data-stage-id='{stage_id}'] .column-cards"))
            .ok()??;
        let card = container
            .query_selector(&format!("[data-deal-id='{card_id}']"))
            .ok()??;
        Some((container, card.get_bounding_client_rect().top()))
    };
    let Some((_, before)) = find() else { return };
    request_animation_frame(move || {
        if let Some((container, after)) = find() {
            let shift = (after - before).round() as i32;
            container.set_scroll_top(container.scroll_top() + shift);
        }
    });
}

#[island]
pub fn KanbanBoard(board: Board, query: BoardQuery, words: BoardWords) -> impl IntoView {
    let reasons = board.reasons;
    let pipeline_id = board.pipeline_id;
    let columns = RwSignal::new(board.columns);
    let drag = RwSignal::new(None::<Drag>);
    let message = RwSignal::new(None::<String>);
    let announce = RwSignal::new(String::new());
    let pending_loss = RwSignal::new(None::<PendingLoss>);
    let query = StoredValue::new(query);
    let words = StoredValue::new(words);
    let w = move |f: fn(&BoardWords) -> &String| words.with_value(|w| f(w).clone());

    // After the server answered: new version and every header.
    let confirm = move |card_id: i64, outcome: MoveOutcome| {
        columns.update(|cols| {
            for col in cols.iter_mut() {
                if let Some(h) = outcome.headers.iter().find(|h| h.stage_id == col.stage_id) {
                    col.header = h.clone();
                }
                if let Some(card) = col.cards.iter_mut().find(|c| c.id == card_id) {
                    if let Some(v) = outcome.version {
                        card.version = v;
                    }
                    if let Some(p) = outcome.position {
                        card.position = p;
                    }
                }
            }
        });
    };
    // A refused change: the board as the server has it, and why.
    let refuse = move |before: Vec<BoardColumn>, error: AppError| {
        let text = match error {
            AppError::Conflict(_) => w(|w| &w.conflict),
            AppError::Forbidden => w(|w| &w.forbidden),
            _ => w(|w| &w.move_failed),
        };
        message.set(Some(text));
        columns.set(before);
        spawn_local(async move {
            if let Ok(fresh) = get_board(query.get_value()).await {
                columns.set(fresh.columns);
            }
        });
    };

    // Another user changed the board: reload it, unless a card is in the
    // user's hands (then right after).
    let behind = RwSignal::new(false);
    let reload = move || {
        if drag.get_untracked().is_some() || pending_loss.get_untracked().is_some() {
            behind.set(true);
            return;
        }
        behind.set(false);
        spawn_local(async move {
            if let Ok(fresh) = get_board(query.get_value()).await {
                columns.set(fresh.columns);
            }
        });
    };
    let catch_up = move || {
        if behind.get_untracked() {
            reload();
        }
    };
    Effect::new(move |_| {
        use wasm_bindgen::closure::Closure;
        let Ok(source) = web_sys::EventSource::new("/api/live/board") else {
            return;
        };
        let heard =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let data = ev.data().as_string().unwrap_or_default();
                if data == "*" || data == pipeline_id.to_string() {
                    reload();
                }
            });
        let _ = source.add_event_listener_with_callback("board", heard.as_ref().unchecked_ref());
        // Both live as long as the page: the browser keeps an open event
        // source with listeners.
        heard.forget();
    });

    // Sends a card to a target; the board changes at once.
    let send = move |card_id: i64, target: Target| {
        let before = columns.get_untracked();
        let Some((c, i)) = find(&before, card_id) else {
            return;
        };
        let card = before[c].cards[i].clone();
        let mut after = before.clone();
        after[c].cards.remove(i);
        message.set(None);
        match target {
            Target::Stage(stage_id, index) => {
                let Some(tc) = after.iter().position(|col| col.stage_id == stage_id) else {
                    return;
                };
                let index = index.min(after[tc].cards.len());
                after[tc].cards.insert(index, card.clone());
                let above = index
                    .checked_sub(1)
                    .and_then(|j| after[tc].cards.get(j))
                    .map(|c| c.id);
                let below = after[tc].cards.get(index + 1).map(|c| c.id);
                let stage_name = after[tc].name.clone();
                if after == before {
                    return;
                }
                columns.set(after);
                spawn_local(async move {
                    let q = query.get_value();
                    match move_deal(q, card.id, card.version, stage_id, above, below).await {
                        Ok(outcome) => {
                            confirm(card.id, outcome);
                            announce.set(fill(&w(|w| &w.moved), &card.title, &stage_name));
                        }
                        Err(e) => refuse(before, e),
                    }
                });
            }
            Target::Won => {
                columns.set(after);
                spawn_local(async move {
                    match win_deal(query.get_value(), card.id, card.version).await {
                        Ok(outcome) => {
                            confirm(card.id, outcome);
                            announce.set(fill(&w(|w| &w.marked_won), &card.title, ""));
                        }
                        Err(e) => refuse(before, e),
                    }
                });
            }
            Target::Lost => {
                columns.set(after);
                pending_loss.set(Some(PendingLoss { card, before }));
            }
        }
    };

    let on_pointer_down = move |ev: leptos::ev::PointerEvent, card_id: i64| {
        if ev.button() != 0 || !ev.is_primary() {
            return;
        }
        // Controls inside the card keep their own behaviour.
        if let Some(t) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            && t.closest("select, a, button").ok().flatten().is_some()
        {
            return;
        }
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        drag.set(Some(Drag {
            card_id,
            pointer_id: ev.pointer_id(),
            start: (ev.client_x(), ev.client_y()),
            offset: (0, 0),
            moving: false,
            target: None,
        }));
    };
    let on_pointer_move = move |ev: leptos::ev::PointerEvent| {
        let Some(mut d) = drag.get_untracked() else {
            return;
        };
        if d.pointer_id != ev.pointer_id() {
            return;
        }
        d.offset = (ev.client_x() - d.start.0, ev.client_y() - d.start.1);
        if !d.moving && d.offset.0.abs() + d.offset.1.abs() > 6 {
            d.moving = true;
        }
        if d.moving {
            ev.prevent_default();
            d.target = target_at(ev.client_x(), ev.client_y(), d.card_id);
        }
        drag.set(Some(d));
    };
    let on_pointer_up = move |ev: leptos::ev::PointerEvent| {
        let Some(d) = drag.get_untracked() else {
            return;
        };
        if d.pointer_id != ev.pointer_id() {
            return;
        }
        drag.set(None);
        if let (true, Some(target)) = (d.moving, d.target) {
            send(d.card_id, target);
        }
        catch_up();
    };
    let on_pointer_cancel = move |_: leptos::ev::PointerEvent| {
        drag.set(None);
        catch_up();
    };

    // "Mover a…": the keyboard's way to the same places.
    let on_move_to = move |card_id: i64, value: String| {
        let target = match value.as_str() {
            "won" => Target::Won,
            "lost" => Target::Lost,
            other => match other.parse::<i64>() {
                Ok(stage) => Target::Stage(stage, usize::MAX),
                Err(_) => return,
            },
        };
        send(card_id, target);
    };

    // Loads the next cards of a column (`forward`) or the ones before its
    // first card, keeping at most WINDOW_CARDS in the page: cards at the far
    // end are dropped, and the card in view stays where it is on screen.
    let loading = StoredValue::new(Vec::<i64>::new());
    let load = move |stage_id: i64, forward: bool| {
        let edge = columns.with_untracked(|cols| {
            let col = cols.iter().find(|c| c.stage_id == stage_id)?;
            let card = if forward {
                col.cards.last()
            } else {
                col.cards.first()
            };
            card.map(|card| (card.id, card.position))
        });
        let Some((anchor, at)) = edge else { return };
        if loading.with_value(|l| l.contains(&stage_id)) {
            return;
        }
        loading.update_value(|l| l.push(stage_id));
        spawn_local(async move {
            let (after, before) = if forward {
                (Some(at), None)
            } else {
                (None, Some(at))
            };
            let answer = more_cards(query.get_value(), stage_id, after, before).await;
            loading.update_value(|l| l.retain(|s| *s != stage_id));
            let Ok((cards, more)) = answer else {
                message.set(Some(w(|w| &w.move_failed)));
                return;
            };
            hold_in_place(stage_id, anchor);
            columns.update(|cols| {
                let Some(col) = cols.iter_mut().find(|c| c.stage_id == stage_id) else {
                    return;
                };
                let known: Vec<i64> = col.cards.iter().map(|c| c.id).collect();
                let fresh = cards.into_iter().filter(|c| !known.contains(&c.id));
                let excess = |col: &BoardColumn| col.cards.len().saturating_sub(WINDOW_CARDS);
                if forward {
                    col.cards.extend(fresh);
                    col.more = more;
                    let drop = excess(col);
                    if drop > 0 {
                        col.cards.drain(..drop);
                        col.earlier = true;
                    }
                } else {
                    col.cards.splice(0..0, fresh);
                    col.earlier = more;
                    let drop = excess(col);
                    if drop > 0 {
                        col.cards.truncate(WINDOW_CARDS);
                        col.more = true;
                    }
                }
            });
        });
    };

    // The board's stages never change while it is open: named once.
    let stages = StoredValue::new(columns.with_untracked(|cols| {
        cols.iter()
            .map(|c| (c.stage_id, c.name.clone()))
            .collect::<Vec<_>>()
    }));

    let card_view = move |card: BoardCard, stage_id: i64| {
        let id = card.id;
        let dragging = move || drag.with(|d| d.is_some_and(|d| d.card_id == id && d.moving));
        let style = move || {
            drag.with(|d| match d {
                Some(d) if d.card_id == id && d.moving => {
                    format!("transform: translate({}px, {}px)", d.offset.0, d.offset.1)
                }
                _ => String::new(),
            })
        };
        let options = stages.with_value(|all| {
            all.iter()
                .filter(|(s, _)| *s != stage_id)
                .map(|(s, name)| view! { <option value=s.to_string()>{name.clone()}</option> })
                .collect_view()
        });
        let label = fill(&w(|w| &w.move_to_label), &card.title, "");
        let (rotting_text, rotting_short) = (w(|w| &w.rotting), w(|w| &w.rotting_short));
        view! {
            <article
                class="card"
                class:dragging=dragging
                class:rotting=card.rotting
                style=style
                data-deal-id=id
                data-version=card.version
                aria-label=card.title.clone()
                tabindex="0"
                on:pointerdown=move |ev| on_pointer_down(ev, id)
                on:pointermove=on_pointer_move
                on:pointerup=on_pointer_up
                on:pointercancel=on_pointer_cancel
            >
                <div class="card-top">
                    <a
                        class="card-title"
                        href=format!("/crm/tratos/{}", card.key)
                        draggable="false"
                    >
                        {card.title.clone()}
                    </a>
                    <span class="avatar avatar-small" title=card.owner_name.clone()>
                        {card.owner_initials.clone()}
                    </span>
                </div>
                <p class="card-meta">
                    <span class="card-key">{card.key.clone()}</span>
                    {card
                        .organization
                        .clone()
                        .map(|o| {
                            view! {
                                " · "
                                <span>{o}</span>
                            }
                        })}
                </p>
                <p class="card-value">{card.value.clone()}</p>
                <p class="card-activity" data-activity-state=card.activity_state.clone()>
                    {card.next_activity.clone()}
                </p>
                {card
                    .rotting
                    .then(|| {
                        view! {
                            <p
                                class="card-rotting"
                                title=rotting_text.clone()
                                aria-label=rotting_text.clone()
                            >
                                {rotting_short.clone()}
                            </p>
                        }
                    })}
                <select
                    class="card-move"
                    aria-label=label
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        on_move_to(id, value);
                    }
                >
                    <option value="" selected=true>
                        {w(|w| &w.move_to)}
                    </option>
                    {options}
                    <option value="won">{w(|w| &w.won)}</option>
                    <option value="lost">{w(|w| &w.lost)}</option>
                </select>
            </article>
        }
    };

    let column_view = move |stage_id: i64| {
        let col =
            move || columns.with(|cols| cols.iter().find(|c| c.stage_id == stage_id).cloned());
        let is_target = move || {
            drag.with(|d| {
                matches!(d, Some(Drag { target: Some(Target::Stage(s, _)), .. }) if *s == stage_id)
            })
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
            let (more, earlier) = columns.with_untracked(|cols| {
                cols.iter()
                    .find(|c| c.stage_id == stage_id)
                    .map_or((false, false), |c| (c.more, c.earlier))
            });
            if near_end && more {
                load(stage_id, true);
            } else if near_start && earlier {
                load(stage_id, false);
            }
        };
        move || {
            col().map(|c| {
                let style = format!("border-top-color: {}", c.color);
                let count = u128::try_from(c.header.count).unwrap_or(0);
                let count = format!("{} {}", group_digits(count), w(|w| &w.deals));
                let weighted = format!("{}: {}", w(|w| &w.weighted), c.header.weighted);
                let empty = c.cards.is_empty().then(|| {
                    view! { <p class="column-empty">{w(|w| &w.empty_column)}</p> }
                });
                let more = c.more.then(|| {
                    view! {
                        <button
                            type="button"
                            class="button button-ghost load-more"
                            on:click=move |_| load(stage_id, true)
                        >
                            {w(|w| &w.load_more)}
                        </button>
                    }
                });
                let earlier = c.earlier.then(|| {
                    view! {
                        <button
                            type="button"
                            class="button button-ghost load-more"
                            on:click=move |_| load(stage_id, false)
                        >
                            {w(|w| &w.load_earlier)}
                        </button>
                    }
                });
                let cards = c
                    .cards
                    .into_iter()
                    .map(|card| card_view(card, stage_id))
                    .collect_view();
                view! {
                    <section
                        class="column"
                        class:drop-target=is_target
                        data-drop="stage"
                        data-stage-id=stage_id
                        style=style
                    >
                        <header class="column-head">
                            <h2>{c.name.clone()}</h2>
                            <p class="column-count" data-figure="count">
                                {count}
                            </p>
                            <p class="column-total" data-figure="total">
                                {c.header.total.clone()}
                            </p>
                            <p class="column-weighted muted" data-figure="weighted">
                                {weighted}
                            </p>
                        </header>
                        <div class="column-cards" on:scroll=on_scroll>
                            {earlier}
                            {cards}
                            {empty}
                            {more}
                        </div>
                    </section>
                }
            })
        }
    };

    let stage_ids = stages.with_value(|all| all.iter().map(|(id, _)| *id).collect::<Vec<_>>());
    let zone_class = move |zone: Target| {
        move || {
            let over = drag.with(|d| matches!(d, Some(Drag { target: Some(t), .. }) if *t == zone));
            let dragging = drag.with(|d| d.is_some_and(|d| d.moving));
            format!(
                "drop-zone drop-{}{}{}",
                if zone == Target::Won { "won" } else { "lost" },
                if dragging { " visible" } else { "" },
                if over { " over" } else { "" }
            )
        }
    };

    // The lost-reason dialog.
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let reason_missing = RwSignal::new(false);
    let reasons = StoredValue::new(reasons);
    let cancel_loss = move |_| {
        if let Some(p) = pending_loss.get_untracked() {
            columns.set(p.before);
        }
        pending_loss.set(None);
        reason_missing.set(false);
        catch_up();
    };
    let confirm_loss = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(reason_id) = reason.get_untracked().parse::<i64>() else {
            reason_missing.set(true);
            return;
        };
        let Some(p) = pending_loss.get_untracked() else {
            return;
        };
        pending_loss.set(None);
        reason_missing.set(false);
        let text = note.get_untracked();
        reason.set(String::new());
        note.set(String::new());
        spawn_local(async move {
            let note = (!text.trim().is_empty()).then_some(text);
            match lose_deal(
                query.get_value(),
                p.card.id,
                p.card.version,
                reason_id,
                note,
            )
            .await
            {
                Ok(outcome) => {
                    confirm(p.card.id, outcome);
                    announce.set(fill(&w(|w| &w.marked_lost), &p.card.title, ""));
                }
                Err(e) => refuse(p.before, e),
            }
            catch_up();
        });
    };
    let dialog = move || {
        pending_loss.get().map(|p| {
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
                        on:submit=confirm_loss
                    >
                        <h2 id="lost-title">{w(|w| &w.lost_title)}</h2>
                        <p class="muted">{p.card.title.clone()}</p>
                        <label for="lost-reason">{w(|w| &w.lost_reason)}</label>
                        <select
                            id="lost-reason"
                            aria-required="true"
                            on:change=move |ev| reason.set(event_target_value(&ev))
                        >
                            <option value="" selected=true>
                                {w(|w| &w.lost_reason_pick)}
                            </option>
                            {options}
                        </select>
                        {move || {
                            reason_missing
                                .get()
                                .then(|| {
                                    view! {
                                        <p class="field-error" role="alert">
                                            {w(|w| &w.lost_reason_required)}
                                        </p>
                                    }
                                })
                        }}
                        <label for="lost-note">{w(|w| &w.lost_note)}</label>
                        <textarea
                            id="lost-note"
                            maxlength="2000"
                            on:input=move |ev| note.set(event_target_value(&ev))
                        ></textarea>
                        <div class="dialog-actions">
                            <button type="button" class="button button-ghost" on:click=cancel_loss>
                                {w(|w| &w.cancel)}
                            </button>
                            <button type="submit" class="button button-primary">
                                {w(|w| &w.confirm)}
                            </button>
                        </div>
                    </form>
                </div>
            }
        })
    };

    view! {
        <div class="kanban">
            {move || {
                message
                    .get()
                    .map(|m| {
                        view! {
                            <p class="alert alert-error" role="alert">
                                {m}
                            </p>
                        }
                    })
            }} <p class="sr-only" aria-live="polite" data-testid="announce">
                {move || announce.get()}
            </p> <div class="board" data-board="true">
                {stage_ids.into_iter().map(column_view).collect_view()}
            </div> <div class="drop-zones">
                <div class=zone_class(Target::Won) data-drop="won" aria-label=w(|w| &w.drop_won)>
                    {w(|w| &w.won)}
                </div>
                <div class=zone_class(Target::Lost) data-drop="lost" aria-label=w(|w| &w.drop_lost)>
                    {w(|w| &w.lost)}
                </div>
            </div> {dialog}
        </div>
    }
}
