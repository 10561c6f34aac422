//! The kanban board island: cards dragged with the mouse or a finger
//! (pointer events), or sent with the keyboard through "Mover a…"; drop
//! zones Ganado and No ganado (dialogs ask the day and final value, and
//! the lost reason). Every change
//! shows at once and is confirmed by the server; a refusal puts the board
//! back as the server has it and says why. Changes made by other users
//! arrive as server-sent events (`/api/live/board`) and reload the board.
//!
//! [`KanbanBoard`] holds the state ([`BoardState`]) and the drop zones and
//! dialog; [`column::StageColumn`] and [`card::DealCard`] draw it, cards in
//! a keyed list so that a change re-draws only the cards it touched; what
//! the board shows before the server answers is [`optimistic`], pure and
//! tested.
mod card;
mod column;
mod lost;
pub mod optimistic;
mod won;

use crate::api::deals::{get_board, more_cards, move_deal};
use crate::domain::board::{Board, BoardCard, BoardColumn, BoardQuery, MoveOutcome};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use optimistic::{Sent, Target};
use wasm_bindgen::JsCast;

crate::island_props! {
    /// The board's words, translated by the server. `{title}` and `{stage}`
    /// are filled in by the island.
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
        pub won_title: String,
        pub won_on: String,
        pub won_value: String,
        pub won_value_hint: String,
        pub won_value_quote: String,
    }
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
/// (cards added or dropped above it would otherwise push it away). The
/// browser's scroll anchoring cannot: Chromium does not anchor a scroller
/// at its very top, where loading earlier cards starts, and the keyed list
/// moves the cards it keeps (detached and put back) when a page comes
/// before them, which drops the anchor (measured: the card in view jumped
/// 8,000 px without this).
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

/// A move the user made while the card's last one awaited its answer: where
/// to, what the board showed, and the board to fall back to if refused.
#[derive(Clone)]
struct Queued {
    target: Target,
    sent: Sent,
    before: Vec<BoardColumn>,
}

/// The board's state and what a user does to it, shared by its columns and
/// cards.
#[derive(Clone, Copy)]
struct BoardState {
    columns: RwSignal<Vec<BoardColumn>>,
    drag: RwSignal<Option<Drag>>,
    message: RwSignal<Option<String>>,
    announce: RwSignal<String>,
    pending_loss: RwSignal<Option<PendingLoss>>,
    /// A card dropped on "Ganado", waiting for its day and value.
    pending_win: RwSignal<Option<PendingLoss>>,
    /// Another user changed the board while a card was in this user's hands.
    behind: RwSignal<bool>,
    /// Columns whose next page is on its way.
    loading: StoredValue<Vec<i64>>,
    /// Cards whose move awaits the server's answer, and the last move the
    /// user made to each of them meanwhile: it is sent with the version
    /// that answer brings (sent at once, it would be refused as stale).
    in_flight: StoredValue<Vec<i64>>,
    queued: StoredValue<Vec<Queued>>,
    query: StoredValue<BoardQuery>,
    words: StoredValue<BoardWords>,
    /// The board's stages, named (they never change while it is open).
    stages: StoredValue<Vec<(i64, String)>>,
    /// Today in the account's zone (`YYYY-MM-DD`).
    today: StoredValue<String>,
}

impl BoardState {
    fn new(
        columns: Vec<BoardColumn>,
        query: BoardQuery,
        words: BoardWords,
        today: String,
    ) -> BoardState {
        let stages = columns
            .iter()
            .map(|c| (c.stage_id, c.name.clone()))
            .collect();
        BoardState {
            columns: RwSignal::new(columns),
            drag: RwSignal::new(None),
            message: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            pending_loss: RwSignal::new(None),
            pending_win: RwSignal::new(None),
            behind: RwSignal::new(false),
            loading: StoredValue::new(vec![]),
            in_flight: StoredValue::new(vec![]),
            queued: StoredValue::new(vec![]),
            query: StoredValue::new(query),
            words: StoredValue::new(words),
            stages: StoredValue::new(stages),
            today: StoredValue::new(today),
        }
    }

    fn word(self, f: fn(&BoardWords) -> &String) -> String {
        self.words.with_value(|w| f(w).clone())
    }

    /// The column of `stage_id`, as it is now (tracked).
    fn column<R>(self, stage_id: i64, f: impl FnOnce(&BoardColumn) -> R) -> Option<R> {
        self.columns
            .with(|cols| cols.iter().find(|c| c.stage_id == stage_id).map(f))
    }

    /// After the server answered: new version and every header (also of
    /// the card the "No ganado" dialog holds, dropped there meanwhile).
    fn confirm(self, card_id: i64, outcome: MoveOutcome) {
        if let Some(version) = outcome.version {
            for pending in [self.pending_loss, self.pending_win] {
                pending.update(|p| {
                    if let Some(p) = p.as_mut().filter(|p| p.card.id == card_id) {
                        p.card.version = version;
                    }
                });
            }
        }
        self.columns
            .update(|cols| optimistic::confirm(cols, card_id, &outcome));
    }

    /// A refused change of card `id`: the card back where `before` had it,
    /// why, and then the board as the server has it (once the other cards'
    /// moves on their way are answered: read sooner, it would undo them).
    fn refuse(self, card: &BoardCard, before: &[BoardColumn], error: AppError) {
        let text = match error {
            AppError::Conflict(_) => self.word(|w| &w.conflict),
            AppError::Forbidden => self.word(|w| &w.forbidden),
            _ => self.word(|w| &w.move_failed),
        };
        self.message.set(Some(text));
        self.columns
            .update(|cols| optimistic::revert(cols, card, before));
        self.reload();
    }

    /// Reads the board as the server has it; an answer that comes while a
    /// card is in the user's hands or a move is on its way would undo
    /// them: the board is read again after ([`BoardState::catch_up`]).
    fn fetch(self) {
        spawn_local(async move {
            if let Ok(fresh) = get_board(self.query.get_value()).await {
                if self.busy() {
                    self.behind.set(true);
                } else {
                    self.columns.set(fresh.columns);
                }
            }
        });
    }

    /// A card is in the user's hands or a move awaits its answer.
    fn busy(self) -> bool {
        self.drag.get_untracked().is_some()
            || self.pending_loss.get_untracked().is_some()
            || self.pending_win.get_untracked().is_some()
            || self.in_flight.with_value(|f| !f.is_empty())
    }

    /// The board changed on the server (another user, or a refusal): read
    /// it again, unless a card is in the user's hands or a move is on its
    /// way (then right after, [`BoardState::catch_up`]).
    fn reload(self) {
        if self.busy() {
            self.behind.set(true);
            return;
        }
        self.behind.set(false);
        self.fetch();
    }

    fn catch_up(self) {
        if self.behind.get_untracked() {
            self.reload();
        }
    }

    /// Sends a card to a target; the board changes at once. A card whose
    /// last move the server has not answered yet waits for that answer.
    fn send(self, card_id: i64, target: Target) {
        let before = self.columns.get_untracked();
        let Some(sent) = optimistic::send(&before, card_id, target) else {
            return;
        };
        self.message.set(None);
        self.columns.set(sent.after.clone());
        // The last move made to a card is the one that counts.
        self.queued
            .update_value(|q| q.retain(|m| m.sent.card.id != card_id));
        if target == Target::Lost {
            let card = sent.card;
            self.pending_loss.set(Some(PendingLoss { card, before }));
        } else if target == Target::Won {
            let card = sent.card;
            self.pending_win.set(Some(PendingLoss { card, before }));
        } else if self.in_flight.with_value(|f| f.contains(&card_id)) {
            self.queued.update_value(|q| {
                q.push(Queued {
                    target,
                    sent,
                    before,
                })
            });
        } else {
            self.dispatch(target, sent, before);
        }
    }

    /// Asks the server for a move the board already shows; `before` is the
    /// board to fall back to if it is refused.
    fn dispatch(self, target: Target, sent: Sent, before: Vec<BoardColumn>) {
        // Won and lost go through their dialogs.
        let Target::Stage(stage_id, _) = target else {
            return;
        };
        let card = sent.card;
        self.in_flight.update_value(|f| f.push(card.id));
        let query = self.query.get_value();
        spawn_local(async move {
            let answer = move_deal(
                query,
                card.id,
                card.version,
                stage_id,
                sent.above,
                sent.below,
            )
            .await;
            self.in_flight
                .update_value(|f| f.retain(|id| *id != card.id));
            let mut next = None;
            self.queued.update_value(|q| {
                if let Some(i) = q.iter().position(|m| m.sent.card.id == card.id) {
                    next = Some(q.remove(i));
                }
            });
            match answer {
                Ok(outcome) => {
                    let version = outcome.version;
                    self.confirm(card.id, outcome);
                    let text = fill(&self.word(|w| &w.moved), &card.title, &sent.stage_name);
                    self.announce.set(text);
                    if let Some(mut m) = next {
                        m.sent.card.version = version.unwrap_or(m.sent.card.version);
                        self.dispatch(m.target, m.sent, m.before);
                    }
                }
                Err(e) => self.refuse(&card, &before, e),
            }
            self.catch_up();
        });
    }

    /// "Mover a…": the keyboard's way to the same places.
    fn move_to(self, card_id: i64, value: &str) {
        let target = match value {
            "won" => Target::Won,
            "lost" => Target::Lost,
            other => match other.parse::<i64>() {
                Ok(stage) => Target::Stage(stage, usize::MAX),
                Err(_) => return,
            },
        };
        self.send(card_id, target);
    }

    /// Loads the next cards of a column (`forward`) or the ones before its
    /// first card, keeping at most a window of them in the page.
    fn load(self, stage_id: i64, forward: bool) {
        let edge = self.columns.with_untracked(|cols| {
            let col = cols.iter().find(|c| c.stage_id == stage_id)?;
            let card = if forward {
                col.cards.last()
            } else {
                col.cards.first()
            };
            card.map(|card| (card.id, card.position))
        });
        let Some((anchor, at)) = edge else { return };
        if self.loading.with_value(|l| l.contains(&stage_id)) {
            return;
        }
        self.loading.update_value(|l| l.push(stage_id));
        spawn_local(async move {
            let (after, before) = if forward {
                (Some(at), None)
            } else {
                (None, Some(at))
            };
            let answer = more_cards(self.query.get_value(), stage_id, after, before).await;
            self.loading.update_value(|l| l.retain(|s| *s != stage_id));
            let Ok((cards, more)) = answer else {
                self.message.set(Some(self.word(|w| &w.move_failed)));
                return;
            };
            hold_in_place(stage_id, anchor);
            self.columns.update(|cols| {
                if let Some(col) = cols.iter_mut().find(|c| c.stage_id == stage_id) {
                    optimistic::merge_page(col, cards, more, forward);
                }
            });
        });
    }

    fn pointer_down(self, ev: leptos::ev::PointerEvent, card_id: i64) {
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
        self.drag.set(Some(Drag {
            card_id,
            pointer_id: ev.pointer_id(),
            start: (ev.client_x(), ev.client_y()),
            offset: (0, 0),
            moving: false,
            target: None,
        }));
    }

    fn pointer_move(self, ev: leptos::ev::PointerEvent) {
        let Some(mut d) = self.drag.get_untracked() else {
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
        self.drag.set(Some(d));
    }

    fn pointer_up(self, ev: leptos::ev::PointerEvent) {
        let Some(d) = self.drag.get_untracked() else {
            return;
        };
        if d.pointer_id != ev.pointer_id() {
            return;
        }
        self.drag.set(None);
        if let (true, Some(target)) = (d.moving, d.target) {
            self.send(d.card_id, target);
        }
        self.catch_up();
    }

    fn pointer_cancel(self) {
        self.drag.set(None);
        self.catch_up();
    }

    /// The card `id` is being dragged (moved past the click threshold).
    fn dragging(self, id: i64) -> Option<Drag> {
        self.drag
            .with(|d| d.filter(|d| d.card_id == id && d.moving))
    }
}

#[island(lazy)]
pub fn KanbanBoard(board: Board, query: BoardQuery, words: BoardWords) -> impl IntoView {
    let Board {
        pipeline_id,
        columns,
        reasons,
        today,
        ..
    } = board;
    let state = BoardState::new(columns, query, words, today);

    Effect::new(move |_| {
        use wasm_bindgen::closure::Closure;
        let Ok(source) = web_sys::EventSource::new("/api/live/board") else {
            return;
        };
        let heard =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let data = ev.data().as_string().unwrap_or_default();
                if data == "*" || data == pipeline_id.to_string() {
                    state.reload();
                }
            });
        let _ = source.add_event_listener_with_callback("board", heard.as_ref().unchecked_ref());
        // Both live as long as the page: the browser keeps an open event
        // source with listeners.
        heard.forget();
    });

    let columns = state.stages.with_value(|all| {
        all.iter()
            .map(|(id, name)| {
                let color = state
                    .columns
                    .with_untracked(|cols| {
                        cols.iter()
                            .find(|c| c.stage_id == *id)
                            .map(|c| c.color.clone())
                    })
                    .unwrap_or_default();
                view! { <column::StageColumn state stage_id=*id name=name.clone() color /> }
            })
            .collect_view()
    });
    let zone_class = move |zone: Target| {
        move || {
            let (over, dragging) = state.drag.with(|d| {
                (
                    matches!(d, Some(Drag { target: Some(t), .. }) if *t == zone),
                    d.is_some_and(|d| d.moving),
                )
            });
            format!(
                "drop-zone drop-{}{}{}",
                if zone == Target::Won { "won" } else { "lost" },
                if dragging { " visible" } else { "" },
                if over { " over" } else { "" }
            )
        }
    };

    view! {
        <div class="kanban">
            {move || {
                state
                    .message
                    .get()
                    .map(|m| {
                        view! {
                            <p class="alert alert-error" role="alert">
                                {m}
                            </p>
                        }
                    })
            }} <p class="sr-only" aria-live="polite" data-testid="announce">
                {move || state.announce.get()}
            </p> <div class="board" data-board="true">
                {columns}
            </div> <div class="drop-zones">
                <div
                    class=zone_class(Target::Won)
                    data-drop="won"
                    aria-label=state.word(|w| &w.drop_won)
                >
                    {state.word(|w| &w.won)}
                </div>
                <div
                    class=zone_class(Target::Lost)
                    data-drop="lost"
                    aria-label=state.word(|w| &w.drop_lost)
                >
                    {state.word(|w| &w.lost)}
                </div>
            </div> <lost::LostDialog state reasons /> <won::WonDialog state />
        </div>
    }
}
