//! Where a card sits in its board column: a position between its
//! neighbours' (Twenty's `getDraggedRecordPosition`), so a drop writes one
//! row. Halving runs out of room after some twenty drops at one spot; the
//! column is then renumbered `STEP` apart and the drop placed again.

/// How far apart positions are after a renumbering, and how far past the
/// last card a card goes at a column's end.
pub const STEP: f64 = 1024.0;

/// Closer than this to a neighbour, a position has no room left.
const ROOM: f64 = 1e-6 * STEP;

/// Where a dropped card goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Placement {
    At(f64),
    /// No room between the neighbours: renumber the column, then place again.
    Renumber,
}

/// The neighbours given are in the wrong order (the one above is not above).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotBelow;

/// The position for a card dropped between the cards at `above` and
/// `below` (either absent at a column's ends); `last` is the column's last
/// card but the dropped one, for a drop with no neighbour at all.
pub fn between(
    above: Option<f64>,
    below: Option<f64>,
    last: Option<f64>,
) -> Result<Placement, NotBelow> {
    let position = match (above, below) {
        (Some(a), Some(b)) if a < b => a + (b - a) / 2.0,
        (Some(_), Some(_)) => return Err(NotBelow),
        (Some(a), None) => a + STEP,
        (None, Some(b)) => b - STEP,
        (None, None) => end(last),
    };
    let room = [above, below]
        .into_iter()
        .flatten()
        .all(|n| (position - n).abs() > ROOM);
    Ok(if room {
        Placement::At(position)
    } else {
        Placement::Renumber
    })
}

/// The position after a column's last card (`None`: an empty column).
pub fn end(last: Option<f64>) -> f64 {
    last.unwrap_or(0.0) + STEP
}

/// The position of the `index`th card (from 0) of a renumbered column.
pub fn renumbered(index: usize) -> f64 {
    (index as f64 + 1.0) * STEP
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_goes_halfway_between_its_neighbours_or_a_step_past_an_end() {
        use Placement::At;
        let cases = [
            // (above, below, last) → placement
            ((None, None, None), Ok(At(1024.0))),
            ((None, None, Some(3072.0)), Ok(At(4096.0))),
            ((Some(1024.0), None, Some(9000.0)), Ok(At(2048.0))),
            ((None, Some(1024.0), None), Ok(At(0.0))),
            ((None, Some(-5.0), None), Ok(At(-1029.0))),
            ((Some(1024.0), Some(2048.0), None), Ok(At(1536.0))),
            ((Some(1.0), Some(2.0), None), Ok(At(1.5))),
            ((Some(2048.0), Some(1024.0), None), Err(NotBelow)),
            ((Some(1024.0), Some(1024.0), None), Err(NotBelow)),
            ((Some(1.0), Some(1.0 + 1e-3), None), Ok(Placement::Renumber)),
        ];
        for ((above, below, last), want) in cases {
            assert_eq!(
                between(above, below, last),
                want,
                "{above:?} {below:?} {last:?}"
            );
        }
    }

    #[test]
    fn nineteen_drops_at_one_spot_fit_before_a_renumbering() {
        let (above, mut below) = (renumbered(0), renumbered(1));
        let mut drops = 0;
        while let Ok(Placement::At(p)) = between(Some(above), Some(below), None) {
            assert!(above < p && p < below);
            below = p;
            drops += 1;
        }
        assert_eq!(drops, 19);
    }

    #[test]
    fn a_renumbered_column_is_in_order_a_step_apart() {
        let positions: Vec<f64> = (0..4).map(renumbered).collect();
        assert_eq!(positions, [1024.0, 2048.0, 3072.0, 4096.0]);
        assert_eq!(end(positions.last().copied()), 5120.0);
    }
}
