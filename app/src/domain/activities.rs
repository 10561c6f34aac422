//! Activities as the `/actividades` list shows them.
use serde::{Deserialize, Serialize};

/// Activities listed per page.
pub const ACTIVITY_PAGE: i64 = 50;

/// Activities a day of the month calendar shows ("+N más" for the rest).
pub const MONTH_DAY_ITEMS: i64 = 3;
/// Activities a day of the week calendar shows.
pub const WEEK_DAY_ITEMS: i64 = 12;

/// The query string of `/actividades` (`?due=&day=&owner=`, and `after=` or
/// `before=` from the pager), as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityQuery {
    /// `overdue`, `today`, `upcoming`, `done`, or empty for every pending one.
    pub due: Option<String>,
    /// `YYYY-MM-DD`: every activity (pending and done) due that local day.
    pub day: Option<String>,
    pub owner: Option<String>,
    /// `<id>.<due time in ms>` (the time empty for an undated activity).
    pub after: Option<String>,
    pub before: Option<String>,
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
    /// Matching activities, counted up to a cap; `more_than` when there are more.
    pub total: i64,
    pub more_than: bool,
    /// Where the neighbouring pages start (`None`: nothing that way).
    pub previous: Option<String>,
    pub next: Option<String>,
    pub owners: Vec<(i64, String)>,
    /// The day shown (`?day=`), as the user's language writes it.
    pub day: Option<String>,
    /// May the viewer add activities, and assign them to whom.
    pub rights: crate::domain::records::Rights,
}

/// The query string of `/actividades/calendario`
/// (`?view=month|week&date=YYYY-MM-DD&owner=`), as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CalendarQuery {
    pub view: Option<String>,
    pub date: Option<String>,
    pub owner: Option<String>,
}

/// An activity in a day of the calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarItem {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    /// Local time of day, `HH:MM`.
    pub time: String,
    pub done: bool,
    pub overdue: bool,
}

/// A day of the calendar (the account's local day).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub day: u32,
    /// In the month shown (a month view shows whole weeks).
    pub in_month: bool,
    pub today: bool,
    pub items: Vec<CalendarItem>,
    /// Activities of the day not shown (up to a cap).
    pub more: i64,
}

/// A month (whole weeks, Monday first) or a week of activities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub week: bool,
    /// The day the view is anchored on, `YYYY-MM-DD`.
    pub date: String,
    /// `marzo de 2027`, or the week's days and their month: `8–14 · marzo de 2027`.
    pub title: String,
    /// The anchor of the previous and next month or week.
    pub prev: String,
    pub next: String,
    pub today: String,
    pub days: Vec<CalendarDay>,
    /// Assignees the filter offers (none for a seller).
    pub owners: Vec<(i64, String)>,
    pub rights: crate::domain::records::Rights,
}

/// A pending activity whose reminder is due, as the bell lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReminderItem {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    /// Local date and time in the account's time zone.
    pub due: String,
    pub overdue: bool,
}

/// The bell: how many reminders are due, and the first of them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reminders {
    pub count: i64,
    pub items: Vec<ReminderItem>,
}

/// What an activity is. Stored (and offered by the pages' forms) in
/// Spanish; the REST API speaks English and takes either word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityKind {
    Call,
    Email,
    Message,
    Meeting,
    Task,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 5] = [
        ActivityKind::Call,
        ActivityKind::Email,
        ActivityKind::Message,
        ActivityKind::Meeting,
        ActivityKind::Task,
    ];

    /// The word in the database and the pages' forms.
    pub fn stored(self) -> &'static str {
        match self {
            ActivityKind::Call => "llamada",
            ActivityKind::Email => "correo",
            ActivityKind::Message => "mensaje",
            ActivityKind::Meeting => "reunion",
            ActivityKind::Task => "tarea",
        }
    }

    /// The word of the REST API.
    pub fn api(self) -> &'static str {
        match self {
            ActivityKind::Call => "call",
            ActivityKind::Email => "email",
            ActivityKind::Message => "message",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Task => "task",
        }
    }

    /// The kind named by either word.
    pub fn parse(word: &str) -> Option<ActivityKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.api() == word || k.stored() == word)
    }
}

/// How urgent an activity (or a deal) is. Stored in Spanish, English in
/// the REST API, either word accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Priority {
    Low,
    #[default]
    Medium,
    High,
}

impl Priority {
    /// Highest first, as the forms offer them.
    pub const ALL: [Priority; 3] = [Priority::High, Priority::Medium, Priority::Low];

    pub fn stored(self) -> &'static str {
        match self {
            Priority::Low => "baja",
            Priority::Medium => "media",
            Priority::High => "alta",
        }
    }

    pub fn api(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }

    pub fn parse(word: &str) -> Option<Priority> {
        Self::ALL
            .into_iter()
            .find(|p| p.api() == word || p.stored() == word)
    }
}

/// The REST API's word for a stored kind or priority (a word it does not
/// know stays as it is).
pub fn api_word(stored: &str) -> &str {
    ActivityKind::parse(stored)
        .map(ActivityKind::api)
        .or_else(|| Priority::parse(stored).map(Priority::api))
        .unwrap_or(stored)
}

#[cfg(test)]
mod vocabulary_tests {
    use super::*;

    #[test]
    fn either_word_names_a_kind_and_a_priority() {
        for kind in ActivityKind::ALL {
            assert_eq!(ActivityKind::parse(kind.api()), Some(kind));
            assert_eq!(ActivityKind::parse(kind.stored()), Some(kind));
            assert_eq!(api_word(kind.stored()), kind.api());
        }
        for priority in Priority::ALL {
            assert_eq!(Priority::parse(priority.api()), Some(priority));
            assert_eq!(Priority::parse(priority.stored()), Some(priority));
            assert_eq!(api_word(priority.stored()), priority.api());
        }
        assert_eq!(ActivityKind::parse("fax"), None);
        assert_eq!(ActivityKind::parse("Call"), None);
        assert_eq!(Priority::parse("urgente"), None);
        assert_eq!(api_word("fax"), "fax");
    }
}
