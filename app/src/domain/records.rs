//! The records the pages' forms create, edit and delete.
use serde::{Deserialize, Serialize};

/// Which kind of record a form or a button acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordKind {
    Deal,
    Organization,
    Contact,
    Activity,
}

/// What the viewer may do with the records of a page, for the forms it
/// offers: add or change them, and to whom they may be given (empty: only
/// to themselves).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rights {
    pub may_edit: bool,
    pub owners: Vec<(i64, String)>,
}
