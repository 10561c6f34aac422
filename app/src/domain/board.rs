//! The kanban board as the browser receives it: what each column and card
//! shows, already worded and formatted by the server (the board island
//! carries no money formatting or translations of its own).
use serde::{Deserialize, Serialize};

/// Cards a column shows at first and adds per "load more".
pub const PAGE_CARDS: i64 = 40;

/// Most cards a column keeps in the page while it is scrolled: loading more
/// at one end drops cards at the other (they load again when scrolled back).
pub const WINDOW_CARDS: usize = 60;

/// Which deals the board shows; kept in the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardQuery {
    /// A pipeline of the account (default: the account's default one).
    pub pipeline: Option<i64>,
    /// Only the signed-in user's deals ("Mis tratos").
    pub mine: bool,
    /// Only this owner's deals.
    pub owner: Option<i64>,
    /// Text searched in title, key and organization.
    pub q: Option<String>,
}

/// One deal card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardCard {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub organization: Option<String>,
    /// es-MX money, with the currency code when it is not the account's.
    pub value: String,
    pub owner_name: String,
    pub owner_initials: String,
    /// "Llamada de seguimiento · 3 dic." when an activity is pending, else
    /// "Sin actividad programada".
    pub next_activity: String,
    /// When the next activity is due, as Pipedrive marks it: `overdue`,
    /// `today`, `upcoming`, or `none` scheduled.
    pub activity_state: String,
    /// The deal stayed in its stage longer than the stage allows.
    pub rotting: bool,
    pub version: i64,
    pub position: f64,
    /// What "Ganado" offers as the final value, as typed (`12500.00`): its
    /// accepted quote's subtotal (`won_from_quote`), else its value.
    pub won_value: String,
    pub won_from_quote: bool,
}

/// Count and totals of a column's open deals (all of them, not only the
/// cards loaded).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnHeader {
    pub stage_id: i64,
    pub count: i64,
    /// Sum of values, es-MX money.
    pub total: String,
    /// Sum of value × stage probability, es-MX money.
    pub weighted: String,
}

/// One stage of the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub stage_id: i64,
    pub name: String,
    pub color: String,
    pub probability: i64,
    pub header: ColumnHeader,
    pub cards: Vec<BoardCard>,
    /// More cards follow the loaded ones.
    pub more: bool,
    /// Cards come before the loaded ones (dropped while scrolling down).
    pub earlier: bool,
}

/// The board of one pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub pipeline_id: i64,
    pub columns: Vec<BoardColumn>,
    /// Active users the owner filter offers (empty for a role that sees only
    /// its own deals): (id, name).
    pub owners: Vec<(i64, String)>,
    /// Active lost reasons: (id, label).
    pub reasons: Vec<(i64, String)>,
    /// Today in the account's zone (`YYYY-MM-DD`): the latest day a deal
    /// is won on.
    pub today: String,
}

/// What the server answers to a move, win or loss: the card's new version
/// (none when it left the board) and every column's header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoveOutcome {
    pub version: Option<i64>,
    pub position: Option<f64>,
    pub headers: Vec<ColumnHeader>,
}
