//! What the board shows before the server answers, as pure functions of its
//! columns: a card sent to a stage or a drop zone, the server's answer
//! folded in, a refused card put back, and a page of cards merged into a
//! column's window.
use crate::domain::board::{BoardCard, BoardColumn, MoveOutcome, WINDOW_CARDS};

/// Where a card is sent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// A stage, before the card at this index (the sent card left out);
    /// past the end: last.
    Stage(i64, usize),
    Won,
    Lost,
}

/// A card sent somewhere, as the board shows it at once.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    /// The columns with the card moved (or gone, to a drop zone).
    pub after: Vec<BoardColumn>,
    pub card: BoardCard,
    /// Its new neighbours in the stage (none for a drop zone).
    pub above: Option<i64>,
    pub below: Option<i64>,
    /// The stage's name (empty for a drop zone).
    pub stage_name: String,
}

/// The column and index of the card `id`.
pub fn find(columns: &[BoardColumn], id: i64) -> Option<(usize, usize)> {
    columns.iter().enumerate().find_map(|(c, col)| {
        col.cards
            .iter()
            .position(|card| card.id == id)
            .map(|i| (c, i))
    })
}

/// The board with card `id` sent to `target`; `None` when there is no such
/// card or stage, or the card would land where it is.
pub fn send(before: &[BoardColumn], id: i64, target: Target) -> Option<Sent> {
    let (c, i) = find(before, id)?;
    let mut after = before.to_vec();
    let card = after[c].cards.remove(i);
    let Target::Stage(stage_id, index) = target else {
        return Some(Sent {
            after,
            card,
            above: None,
            below: None,
            stage_name: String::new(),
        });
    };
    let to = after.iter().position(|col| col.stage_id == stage_id)?;
    let index = index.min(after[to].cards.len());
    after[to].cards.insert(index, card.clone());
    if after == before {
        return None;
    }
    let cards = &after[to].cards;
    let above = index.checked_sub(1).map(|j| cards[j].id);
    let below = cards.get(index + 1).map(|c| c.id);
    let stage_name = after[to].name.clone();
    Some(Sent {
        after,
        card,
        above,
        below,
        stage_name,
    })
}

/// The server's answer to a change of card `id`: every column's header,
/// and the card's new version and position.
pub fn confirm(columns: &mut [BoardColumn], id: i64, outcome: &MoveOutcome) {
    for col in columns.iter_mut() {
        if let Some(h) = outcome.headers.iter().find(|h| h.stage_id == col.stage_id) {
            col.header = h.clone();
        }
        if let Some(card) = col.cards.iter_mut().find(|c| c.id == id) {
            if let Some(v) = outcome.version {
                card.version = v;
            }
            if let Some(p) = outcome.position {
                card.position = p;
            }
        }
    }
}

/// A card back where `before` had it (its move refused or cancelled),
/// every other card left where it is now (their own moves may still be on
/// their way): in its old stage before the card that followed it then, or
/// at its old index when that one is gone. The card is put back as it is
/// now on the board, or as `card` when it left the board (a loss): its
/// version may be newer than `before`'s.
pub fn revert(columns: &mut [BoardColumn], card: &BoardCard, before: &[BoardColumn]) {
    let now = find(columns, card.id).map(|(c, i)| columns[c].cards.remove(i));
    let Some((c, i)) = find(before, card.id) else {
        return;
    };
    let old = &before[c];
    let Some(col) = columns.iter_mut().find(|col| col.stage_id == old.stage_id) else {
        return;
    };
    let next = old.cards.get(i + 1).map(|n| n.id);
    let at = next
        .and_then(|n| col.cards.iter().position(|card| card.id == n))
        .unwrap_or(i.min(col.cards.len()));
    col.cards.insert(at, now.unwrap_or_else(|| card.clone()));
}

/// A page of `cards` after the column's last card (`forward`) or before
/// its first, cards it shows already left out. The column keeps at most
/// [`WINDOW_CARDS`]: cards at the far end are dropped, and it says more
/// follow that way.
pub fn merge_page(col: &mut BoardColumn, cards: Vec<BoardCard>, more: bool, forward: bool) {
    let known: Vec<i64> = col.cards.iter().map(|c| c.id).collect();
    let fresh = cards.into_iter().filter(|c| !known.contains(&c.id));
    if forward {
        col.cards.extend(fresh);
        col.more = more;
        let excess = col.cards.len().saturating_sub(WINDOW_CARDS);
        if excess > 0 {
            col.cards.drain(..excess);
            col.earlier = true;
        }
    } else {
        col.cards.splice(0..0, fresh);
        col.earlier = more;
        if col.cards.len() > WINDOW_CARDS {
            col.cards.truncate(WINDOW_CARDS);
            col.more = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board::ColumnHeader;

    fn card(id: i64) -> BoardCard {
        BoardCard {
            id,
            key: format!("T-{id:06}"),
            title: format!("Trato {id}"),
            organization: None,
            value: "$1.00".into(),
            owner_name: "Ana".into(),
            owner_initials: "A".into(),
            next_activity: String::new(),
            activity_state: "none".into(),
            rotting: false,
            version: 1,
            position: id as f64,
            won_value: "1.00".into(),
            won_from_quote: false,
        }
    }

    fn header(stage_id: i64, count: i64) -> ColumnHeader {
        ColumnHeader {
            stage_id,
            count,
            total: String::new(),
            weighted: String::new(),
        }
    }

    fn column(stage_id: i64, ids: std::ops::RangeInclusive<i64>) -> BoardColumn {
        BoardColumn {
            stage_id,
            name: format!("Etapa {stage_id}"),
            color: String::new(),
            probability: 10,
            header: header(stage_id, 0),
            cards: ids.map(card).collect(),
            more: false,
            earlier: false,
        }
    }

    /// Two stages: 10 holds cards 1–3, 20 holds 4–5.
    fn board() -> Vec<BoardColumn> {
        vec![column(10, 1..=3), column(20, 4..=5)]
    }

    fn ids(col: &BoardColumn) -> Vec<i64> {
        col.cards.iter().map(|c| c.id).collect()
    }

    /// A card sent to a target; then stage 10's and stage 20's cards, and
    /// the card's neighbours above and below.
    type SendCase = (
        i64,
        Target,
        &'static [i64],
        &'static [i64],
        Option<i64>,
        Option<i64>,
    );

    #[test]
    fn a_sent_card_lands_between_its_new_neighbours() {
        let cases: [SendCase; 5] = [
            (
                1,
                Target::Stage(20, 1),
                &[2, 3],
                &[4, 1, 5],
                Some(4),
                Some(5),
            ),
            (1, Target::Stage(20, 0), &[2, 3], &[1, 4, 5], None, Some(4)),
            (
                3,
                Target::Stage(20, usize::MAX),
                &[1, 2],
                &[4, 5, 3],
                Some(5),
                None,
            ),
            (1, Target::Stage(10, 2), &[2, 3, 1], &[4, 5], Some(3), None),
            (
                5,
                Target::Stage(10, 1),
                &[1, 5, 2, 3],
                &[4],
                Some(1),
                Some(2),
            ),
        ];
        for (id, target, ten, twenty, above, below) in cases {
            let sent = send(&board(), id, target).unwrap();
            assert_eq!(ids(&sent.after[0]), ten, "{id} {target:?}");
            assert_eq!(ids(&sent.after[1]), twenty, "{id} {target:?}");
            assert_eq!((sent.above, sent.below), (above, below), "{id} {target:?}");
            assert_eq!(sent.card.id, id);
        }
        assert_eq!(
            send(&board(), 1, Target::Stage(20, 0)).unwrap().stage_name,
            "Etapa 20"
        );
    }

    #[test]
    fn a_refused_card_goes_back_and_other_moves_stay() {
        let before = board();
        // Card 2 goes to stage 20, then card 4 to stage 10, both shown.
        let first = send(&before, 2, Target::Stage(20, 0)).unwrap();
        let second = send(&first.after, 4, Target::Stage(10, 0)).unwrap();
        let mut now = second.after.clone();
        revert(&mut now, &first.card, &before);
        assert_eq!(ids(&now[0]), [4, 1, 2, 3]);
        assert_eq!(ids(&now[1]), [5]);
        // Its old neighbour gone too: at its old index.
        let mut now = second.after;
        now[0].cards.retain(|c| c.id != 3);
        revert(&mut now, &first.card, &before);
        assert_eq!(ids(&now[0]), [4, 2, 1]);
        // A card lost (gone from the board) comes back as it is now (its
        // version confirmed since `before` was taken).
        let lost = send(&before, 5, Target::Lost).unwrap();
        let mut now = lost.after;
        let newer = BoardCard {
            version: 7,
            ..lost.card.clone()
        };
        revert(&mut now, &newer, &before);
        assert_eq!(ids(&now[1]), [4, 5]);
        assert_eq!(now[1].cards[1].version, 7);
    }

    #[test]
    fn a_card_sent_to_a_drop_zone_leaves_the_board() {
        for target in [Target::Won, Target::Lost] {
            let sent = send(&board(), 2, target).unwrap();
            assert_eq!(ids(&sent.after[0]), [1, 3]);
            assert_eq!(ids(&sent.after[1]), [4, 5]);
            assert_eq!(
                (sent.above, sent.below, sent.stage_name.as_str()),
                (None, None, "")
            );
        }
    }

    #[test]
    fn nothing_is_sent_where_it_is_or_nowhere() {
        assert_eq!(
            send(&board(), 2, Target::Stage(10, 1)),
            None,
            "its own place"
        );
        assert_eq!(
            send(&board(), 3, Target::Stage(10, 9)),
            None,
            "already last"
        );
        assert_eq!(send(&board(), 99, Target::Won), None, "no such card");
        assert_eq!(
            send(&board(), 1, Target::Stage(30, 0)),
            None,
            "no such stage"
        );
    }

    #[test]
    fn the_answer_sets_the_headers_version_and_position() {
        let mut cols = send(&board(), 1, Target::Stage(20, 0)).unwrap().after;
        let outcome = MoveOutcome {
            version: Some(2),
            position: Some(3.5),
            headers: vec![header(10, 2), header(20, 3)],
        };
        confirm(&mut cols, 1, &outcome);
        assert_eq!((cols[0].header.count, cols[1].header.count), (2, 3));
        let moved = &cols[1].cards[0];
        assert_eq!((moved.id, moved.version, moved.position), (1, 2, 3.5));
        assert_eq!(cols[0].cards[0].version, 1, "other cards untouched");
    }

    #[test]
    fn pages_merge_into_a_bounded_window() {
        let full = WINDOW_CARDS as i64;
        // Forward past the window: the oldest drop, "earlier" appears.
        let mut col = column(10, 1..=full);
        let page: Vec<BoardCard> = (full - 1..=full + 10).map(card).collect();
        merge_page(&mut col, page, true, true);
        assert_eq!(col.cards.len(), WINDOW_CARDS);
        assert_eq!(col.cards.first().unwrap().id, 11, "the first ten dropped");
        assert_eq!(col.cards.last().unwrap().id, full + 10);
        assert!(col.more && col.earlier);
        assert_eq!(
            ids(&col).iter().filter(|id| **id == full).count(),
            1,
            "cards shown already are not repeated"
        );

        // Back again: the newest drop, "more" stays.
        let page: Vec<BoardCard> = (1..=10).map(card).collect();
        merge_page(&mut col, page, false, false);
        assert_eq!(col.cards.len(), WINDOW_CARDS);
        assert_eq!((col.cards[0].id, col.cards.last().unwrap().id), (1, full));
        assert!(col.more && !col.earlier);

        // A short page fits without dropping anything.
        let mut col = column(10, 1..=3);
        merge_page(&mut col, vec![card(4)], false, true);
        assert_eq!(ids(&col), [1, 2, 3, 4]);
        assert!(!col.more && !col.earlier);
    }
}
