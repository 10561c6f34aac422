//! Activities as the `/actividades` list shows them.
use serde::{Deserialize, Serialize};

/// Activities listed per page.
pub const ACTIVITY_PAGE: i64 = 50;

/// The query string of `/actividades` (`?due=&owner=&page=`), as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityQuery {
    /// `overdue`, `today`, `upcoming`, `done`, or empty for every pending one.
    pub due: Option<String>,
    pub owner: Option<String>,
    pub page: Option<String>,
}

/// One activity of the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityListRow {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    /// Local date and time in the account's time zone.
    pub due: Option<String>,
    pub overdue: bool,
    pub priority: String,
    pub done: bool,
    pub deal_key: Option<String>,
    pub deal_title: Option<String>,
    pub assignee: String,
}

/// A page of the list and the assignees its filter offers (none for a
/// seller, who sees only their own).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityList {
    pub rows: Vec<ActivityListRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub owners: Vec<(i64, String)>,
}
