//! The account history (bitácora) as its page shows it.
use serde::{Deserialize, Serialize};

/// Rows per page of the history.
pub const BITACORA_PAGE: i64 = 50;

/// What the history may be narrowed to (`entity`): deals and the things
/// the account history notes.
pub const ENTITIES: [&str; 12] = [
    "deal",
    "organization",
    "contact",
    "activity",
    "product",
    "pipeline",
    "stage",
    "lost_reason",
    "user",
    "role",
    "webhook",
    "account",
];

/// The filters as the query string brings them (checked by the server):
/// `?user=&entity=&from=YYYY-MM-DD&to=YYYY-MM-DD&page=`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BitacoraQuery {
    pub user: Option<String>,
    pub entity: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<String>,
}

/// One change in the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BitacoraEntry {
    /// Local date and time in the account's time zone.
    pub at: String,
    pub actor: Option<String>,
    /// One of [`ENTITIES`].
    pub entity: String,
    /// `created`, `updated`, `deleted`, a deal event's kind, …
    pub action: String,
    /// What it happened to: a name, a deal's key and title.
    pub subject: String,
    /// A deal event's particulars (from → to), when it has some.
    pub particulars: Option<String>,
    /// The fields an edit changed (their form names).
    pub fields: Vec<String>,
    /// Where the record is, while it exists.
    pub href: Option<String>,
}

/// A page of the history with what its filters offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bitacora {
    pub entries: Vec<BitacoraEntry>,
    /// Users of the account (id, name), for the filter.
    pub users: Vec<(i64, String)>,
    pub page: i64,
    /// Whether older rows follow.
    pub more: bool,
}
