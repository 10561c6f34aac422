//! An activity as sent by its page's form, the calendar, or a REST body,
//! and the checks of its fields that need neither the database nor the
//! account's time zone (kind, subject, priority, notes, the records it
//! points at, how early to remind). When it is due and whom it is assigned
//! to are checked by the service.
use crate::domain::activities::{ActivityKind, Priority};
use crate::domain::records::record_input;
use crate::error::Problems;

/// The earliest a reminder may come: 30 days before the activity.
pub const REMINDER_MAX_MINUTES: i64 = 30 * 24 * 60;

record_input! {
    /// An activity as sent.
    pub struct ActivityInput {
        /// Either vocabulary: the pages' (Spanish, as stored) or the API's.
        pub kind,
        pub subject,
        /// RFC 3339 (the API); read before `due_date`.
        pub due_at,
        /// `YYYY-MM-DD` in the account's time zone (the forms).
        pub due_date,
        /// `HH:MM` on `due_date`; empty: 09:00.
        pub due_time,
        /// Empty: medium.
        pub priority,
        /// A user id; empty: the caller.
        pub assigned_to,
        pub deal_id,
        pub contact_id,
        pub organization_id,
        pub notes,
        /// Minutes before it is due; empty: no reminder.
        pub reminder,
    }
}

impl ActivityInput {
    /// Whether it sets when the activity is due by its local day and time
    /// (which then replace the instant it had).
    pub fn sets_local_due(&self) -> bool {
        self.due_at.is_none() && (self.due_date.is_some() || self.due_time.is_some())
    }

    /// The fields that need no database nor time zone, checked; each
    /// problem into `p`.
    pub fn check(&self, p: &mut Problems) -> ActivityFields {
        if self.kind.as_deref().is_none_or(|k| k.trim().is_empty()) {
            p.add("kind", "required");
        }
        let kind = p.word("kind", self.kind.as_deref(), ActivityKind::parse);
        let subject = p.required_text("subject", self.subject.as_deref(), 200);
        let reminder = match self.reminder.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => {
                let minutes = text.parse::<i64>().ok();
                let minutes = minutes.filter(|m| (0..=REMINDER_MAX_MINUTES).contains(m));
                if minutes.is_none() {
                    p.add("reminder", "invalid");
                }
                minutes
            }
        };
        ActivityFields {
            kind,
            subject,
            priority: p
                .word("priority", self.priority.as_deref(), Priority::parse)
                .unwrap_or_default(),
            deal_id: p.id("deal_id", self.deal_id.as_deref()),
            contact_id: p.id("contact_id", self.contact_id.as_deref()),
            organization_id: p.id("organization_id", self.organization_id.as_deref()),
            notes: p.optional_text("notes", self.notes.as_deref(), 5_000),
            reminder,
        }
    }
}

/// An activity's fields that need no database nor time zone, checked
/// (`kind` none: refused).
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityFields {
    pub kind: Option<ActivityKind>,
    pub subject: String,
    pub priority: Priority,
    pub deal_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub notes: Option<String>,
    /// Minutes before it is due.
    pub reminder: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_vocabulary_and_every_problem() {
        let sent = ActivityInput {
            kind: Some("call".into()),
            subject: Some(" Llamar ".into()),
            priority: Some("alta".into()),
            reminder: Some("15".into()),
            deal_id: Some("7".into()),
            ..ActivityInput::default()
        };
        let mut p = Problems::default();
        let f = sent.check(&mut p);
        assert!(p.list().is_empty());
        assert_eq!(
            (
                f.kind,
                f.subject.as_str(),
                f.priority,
                f.reminder,
                f.deal_id
            ),
            (
                Some(ActivityKind::Call),
                "Llamar",
                Priority::High,
                Some(15),
                Some(7)
            )
        );

        let bad = ActivityInput {
            kind: Some("fax".into()),
            reminder: Some((REMINDER_MAX_MINUTES + 1).to_string()),
            contact_id: Some("-3".into()),
            ..ActivityInput::default()
        };
        let mut p = Problems::default();
        bad.check(&mut p);
        let got: Vec<_> = p
            .list()
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("kind", "invalid"),
                ("subject", "required"),
                ("reminder", "invalid"),
                ("contact_id", "invalid"),
            ]
        );
        let mut p = Problems::default();
        ActivityInput::default().check(&mut p);
        assert_eq!(p.list()[0].code, "required");
    }

    #[test]
    fn a_local_day_replaces_the_instant() {
        let day = ActivityInput {
            due_date: Some("2027-03-10".into()),
            ..ActivityInput::default()
        };
        assert!(day.sets_local_due());
        let instant = ActivityInput {
            due_at: Some("2027-03-10T10:00:00Z".into()),
            due_date: Some("2027-03-10".into()),
            ..ActivityInput::default()
        };
        assert!(!instant.sets_local_due());
        assert!(!ActivityInput::default().sets_local_due());
    }
}
