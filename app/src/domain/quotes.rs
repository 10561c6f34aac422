//! Cotizaciones (quotes): a deal's offer to its customer, several per deal.
//! A quote has the account's next folio (`COT-000123`, never given twice),
//! a copy of the deal's lines and customer, a validity, notes and terms.
//! It is edited while a draft (borrador) and frozen once sent (enviada):
//! its lines, totals and customer data never change after that. The
//! customer (or the seller on their word) accepts or rejects a sent quote;
//! one past its validity reads as vencida and is no longer accepted; a
//! draft or a sent quote may be cancelled.
use crate::domain::deal_lines::LinesView;
use crate::domain::directory::ListPages;
use crate::domain::records::record_input;
use crate::domain::validate::has_control;
use crate::error::Problems;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days a new quote is valid for.
pub const VALIDITY_DAYS: i64 = 30;
/// The furthest validity from today.
pub const MAX_VALIDITY_DAYS: i64 = 366;
/// Longest notes or terms.
pub const MAX_TEXT: usize = 5_000;
/// Quotes listed per page.
pub const QUOTES_PAGE: i64 = 50;

/// Where a quote is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteState {
    /// Borrador: being written, its lines editable.
    Draft,
    /// Enviada: frozen, waiting for the customer.
    Sent,
    Accepted,
    Rejected,
    /// Vencida: sent, and its validity passed with no answer (not stored:
    /// read from `sent` and the date).
    Expired,
    Cancelled,
}

impl QuoteState {
    pub const ALL: [QuoteState; 6] = [
        QuoteState::Draft,
        QuoteState::Sent,
        QuoteState::Accepted,
        QuoteState::Rejected,
        QuoteState::Expired,
        QuoteState::Cancelled,
    ];

    /// Its word in storage, the query string and the API.
    pub fn code(self) -> &'static str {
        match self {
            QuoteState::Draft => "draft",
            QuoteState::Sent => "sent",
            QuoteState::Accepted => "accepted",
            QuoteState::Rejected => "rejected",
            QuoteState::Expired => "expired",
            QuoteState::Cancelled => "cancelled",
        }
    }

    pub fn parse(word: &str) -> Option<QuoteState> {
        Self::ALL.into_iter().find(|s| s.code() == word.trim())
    }

    /// The state a quote stored as `stored`, valid until `valid_until`,
    /// is in on `today` (both local dates): a sent quote past its validity
    /// is expired. An unreadable word reads as cancelled.
    pub fn on(stored: &str, valid_until: &str, today: NaiveDate) -> QuoteState {
        match QuoteState::parse(stored) {
            Some(QuoteState::Sent) if expired(valid_until, today) => QuoteState::Expired,
            Some(s) => s,
            None => QuoteState::Cancelled,
        }
    }
}

/// Whether a quote valid until `valid_until` has expired on `today`.
fn expired(valid_until: &str, today: NaiveDate) -> bool {
    NaiveDate::parse_from_str(valid_until, "%Y-%m-%d").is_ok_and(|d| d < today)
}

/// What the seller (or the customer) does to a quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteAction {
    Send,
    Accept,
    Reject,
    Cancel,
}

impl QuoteAction {
    pub const ALL: [QuoteAction; 4] = [
        QuoteAction::Send,
        QuoteAction::Accept,
        QuoteAction::Reject,
        QuoteAction::Cancel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QuoteAction::Send => "send",
            QuoteAction::Accept => "accept",
            QuoteAction::Reject => "reject",
            QuoteAction::Cancel => "cancel",
        }
    }

    pub fn parse(word: &str) -> Option<QuoteAction> {
        Self::ALL.into_iter().find(|a| a.code() == word.trim())
    }

    /// The state a quote in `state` goes to (always a stored one), or why
    /// it may not: `expired` (its validity passed), `empty` (a quote with
    /// no lines is not sent) or `state` (not from this state).
    pub fn apply(self, state: QuoteState, lines: usize) -> Result<QuoteState, &'static str> {
        use QuoteState::*;
        match (self, state) {
            (QuoteAction::Send, Draft) if lines == 0 => Err("empty"),
            (QuoteAction::Send, Draft) => Ok(Sent),
            (QuoteAction::Accept | QuoteAction::Reject, Expired) => Err("expired"),
            (QuoteAction::Accept, Sent) => Ok(Accepted),
            (QuoteAction::Reject, Sent) => Ok(Rejected),
            (QuoteAction::Cancel, Draft | Sent | Expired) => Ok(Cancelled),
            _ => Err("state"),
        }
    }
}

/// The customer's link of a quote: the install's public URL `base` and
/// the quote's token.
pub fn link(base: &str, token: &str) -> String {
    format!("{base}/q/{token}")
}

/// A folio as shown: `COT-000123`.
pub fn folio(number: i64) -> String {
    format!("COT-{number:06}")
}

record_input! {
    /// What the quote's form (and a REST body) changes of a draft.
    pub struct QuoteInput {
        /// `YYYY-MM-DD`: today at the earliest, a year ahead at the latest.
        pub valid_until,
        /// A contact of the account (of the deal's organization, if it has
        /// one); empty: none.
        pub contact_id,
        pub notes,
        pub terms,
    }
}

/// A draft's fields, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteFields {
    pub valid_until: NaiveDate,
    pub contact_id: Option<i64>,
    pub notes: Option<String>,
    pub terms: Option<String>,
}

impl QuoteInput {
    /// Every field, each problem into `p`; `today` is the account's.
    pub fn check(&self, p: &mut Problems, today: NaiveDate) -> QuoteFields {
        let typed = self.valid_until.as_deref().unwrap_or("").trim();
        let valid_until = match NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
            Err(_) if typed.is_empty() => {
                p.add("valid_until", "required");
                today
            }
            Err(_) => {
                p.add("valid_until", "invalid");
                today
            }
            Ok(d) if d < today => {
                p.add("valid_until", "past");
                today
            }
            Ok(d) if (d - today).num_days() > MAX_VALIDITY_DAYS => {
                p.add("valid_until", "too_far");
                today
            }
            Ok(d) => d,
        };
        let contact_id = p.id("contact_id", self.contact_id.as_deref());
        let mut text = |field: &str, value: Option<&str>| {
            let text = p.optional_text(field, value, MAX_TEXT);
            if text.as_deref().is_some_and(has_control) {
                p.add(field, "invalid");
            }
            text
        };
        let notes = text("notes", self.notes.as_deref());
        let terms = text("terms", self.terms.as_deref());
        QuoteFields {
            valid_until,
            contact_id,
            notes,
            terms,
        }
    }
}

/// The customer a quote is for, as it names them (copied from the deal's
/// organization and contact; frozen once sent).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteCustomer {
    pub organization_id: Option<i64>,
    pub name: Option<String>,
    /// The RFC (or another country's tax id).
    pub tax_id: Option<String>,
    pub address: Option<String>,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
}

/// One quote in a list (the account's, or a deal's), written for the viewer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteSummary {
    pub id: i64,
    pub folio: String,
    pub state: QuoteState,
    pub deal_id: i64,
    /// `T-000212`: its page's address.
    pub deal_key: String,
    pub deal_title: String,
    pub customer: Option<String>,
    /// `$43,406.00`.
    pub total: String,
    /// dd/mm/aaaa.
    pub valid_until: String,
    pub created: String,
}

/// The query string of `/crm/cotizaciones` (`?state=&after=&before=`), as
/// typed: the server checks every value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteQuery {
    pub state: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
}

/// A page of quotes, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteList {
    pub rows: Vec<QuoteSummary>,
    pub pages: ListPages,
}

/// One quote's page (`/crm/cotizaciones/{id}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotePage {
    pub summary: QuoteSummary,
    pub version: i64,
    pub customer: QuoteCustomer,
    /// `YYYY-MM-DD`, as the form has it.
    pub valid_until_input: String,
    pub notes: Option<String>,
    pub terms: Option<String>,
    /// The lines and what they come to (the frozen copy once sent).
    pub lines: LinesView,
    /// The contacts the form offers: the deal organization's (id, name).
    pub contacts: Vec<(i64, String)>,
    /// dd/mm/aaaa hh:mm of the events that happened.
    pub sent: Option<String>,
    pub decided: Option<String>,
    pub decided_by: Option<String>,
    pub decision_comment: Option<String>,
    /// What the viewer may do now.
    pub may_edit: bool,
    pub actions: Vec<QuoteAction>,
    /// Once sent, for whoever may edit it: the customer's link, and a
    /// WhatsApp message carrying it (`https://wa.me/?text=…`).
    pub public_url: Option<String>,
    pub whatsapp_url: Option<String>,
    /// The nota de venta issued from it, and whether the viewer may issue
    /// it now (accepted, none yet).
    pub sale_note: Option<i64>,
    pub may_issue_note: bool,
    /// A relay is configured and the viewer may send the quote: sending
    /// may mail its contact (their address is `customer.contact_email`).
    pub may_mail: bool,
    /// The quote's latest mail, for whoever may edit it.
    pub last_mail: Option<QuoteMail>,
}

/// What became of a quote's mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    /// Waiting for its first try.
    Queued,
    Sent,
    /// It failed; it is tried again.
    Retrying,
    /// It failed too often; nobody tries any more.
    GaveUp,
}

impl MailState {
    /// The word of the API and the page's markup: `gave_up`.
    pub fn code(self) -> &'static str {
        match self {
            MailState::Queued => "queued",
            MailState::Sent => "sent",
            MailState::Retrying => "retrying",
            MailState::GaveUp => "gave_up",
        }
    }
}

/// A quote's mail as its page tells it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteMail {
    pub to: String,
    pub state: MailState,
    /// dd/mm/aaaa hh:mm: when it was queued, sent or given up.
    pub at: String,
    /// The relay's last answer, when it failed.
    pub error: Option<String>,
}

/// A quote as its customer sees it through their link: nothing of the
/// account but its name and this quote (no ids of its records).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicQuote {
    pub account_name: String,
    pub folio: String,
    pub state: QuoteState,
    pub customer: QuoteCustomer,
    pub lines: LinesView,
    /// dd/mm/aaaa: when it was sent, and until when it holds.
    pub issued: String,
    pub valid_until: String,
    pub notes: Option<String>,
    pub terms: Option<String>,
    /// dd/mm/aaaa hh:mm, and the name given, once answered.
    pub decided: Option<String>,
    pub decided_by: Option<String>,
    pub decision_comment: Option<String>,
    /// Whether it may be accepted or rejected now.
    pub may_answer: bool,
}

/// Whether `token` could be a customer's link (43 characters of URL-safe
/// base64): anything else is not looked up.
pub fn is_link_token(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_sent_quote_past_its_validity_is_expired() {
        let today = day("2026-12-07");
        assert_eq!(
            QuoteState::on("sent", "2026-12-07", today),
            QuoteState::Sent
        );
        assert_eq!(
            QuoteState::on("sent", "2026-12-06", today),
            QuoteState::Expired
        );
        // Only a sent one: an answer stays as given.
        assert_eq!(
            QuoteState::on("accepted", "2026-01-01", today),
            QuoteState::Accepted
        );
        assert_eq!(
            QuoteState::on("draft", "2026-01-01", today),
            QuoteState::Draft
        );
        for s in QuoteState::ALL {
            assert_eq!(QuoteState::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn every_action_goes_where_it_may_only() {
        use QuoteAction::*;
        use QuoteState::*;
        let table = [
            (Send, Draft, 2, Ok(Sent)),
            (Send, Draft, 0, Err("empty")),
            (Send, Sent, 2, Err("state")),
            (Accept, Sent, 2, Ok(Accepted)),
            (Reject, Sent, 2, Ok(Rejected)),
            (Accept, Expired, 2, Err("expired")),
            (Reject, Expired, 2, Err("expired")),
            (Accept, Draft, 2, Err("state")),
            (Accept, Accepted, 2, Err("state")),
            (Reject, Accepted, 2, Err("state")),
            (Cancel, Draft, 2, Ok(Cancelled)),
            (Cancel, Sent, 2, Ok(Cancelled)),
            (Cancel, Expired, 2, Ok(Cancelled)),
            (Cancel, Accepted, 2, Err("state")),
            (Cancel, Cancelled, 2, Err("state")),
            (Send, Cancelled, 2, Err("state")),
        ];
        for (action, from, lines, want) in table {
            assert_eq!(action.apply(from, lines), want, "{action:?} from {from:?}");
        }
        assert_eq!(folio(123), "COT-000123");
        assert_eq!(folio(1_234_567), "COT-1234567");
    }

    #[test]
    fn only_a_link_shaped_token_is_looked_up() {
        assert!(is_link_token(&"a".repeat(43)));
        assert!(is_link_token("Ab-_0123456789abcdefghijklmnopqrstuvwxyzABC"));
        assert!(!is_link_token(&"a".repeat(42)));
        assert!(!is_link_token(&"a".repeat(44)));
        assert!(!is_link_token(
            "Ab-_0123456789abcdefghijklmnopqrstuvwxyz%2F"
        ));
        assert!(!is_link_token(
            "' OR 1=1 --aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        ));
    }

    #[test]
    fn a_draft_is_read_with_every_problem_named() {
        let today = day("2026-12-07");
        let mut p = Problems::default();
        let f = QuoteInput {
            valid_until: Some("2027-01-06".into()),
            contact_id: Some("12".into()),
            notes: Some("  Precios sujetos a existencia ".into()),
            terms: Some(String::new()),
        }
        .check(&mut p, today);
        assert!(p.list().is_empty());
        assert_eq!(f.valid_until, day("2027-01-06"));
        assert_eq!(f.contact_id, Some(12));
        assert_eq!(f.notes.as_deref(), Some("Precios sujetos a existencia"));
        assert_eq!(f.terms, None);
        let cases = [
            ("", "required"),
            ("06/01/2027", "invalid"),
            ("2026-12-06", "past"),
            ("2028-01-01", "too_far"),
        ];
        for (typed, code) in cases {
            let mut p = Problems::default();
            QuoteInput {
                valid_until: Some(typed.into()),
                ..QuoteInput::default()
            }
            .check(&mut p, today);
            let got: Vec<_> = p
                .list()
                .iter()
                .map(|e| (e.field.as_str(), e.code.as_str()))
                .collect();
            assert_eq!(got, [("valid_until", code)], "{typed}");
        }
        let mut p = Problems::default();
        QuoteInput {
            valid_until: Some("2026-12-07".into()),
            contact_id: Some("x".into()),
            notes: Some("n".repeat(MAX_TEXT + 1)),
            terms: Some("a\u{0}b".into()),
        }
        .check(&mut p, today);
        let got: Vec<_> = p
            .list()
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("contact_id", "invalid"),
                ("notes", "too_long"),
                ("terms", "invalid")
            ]
        );
    }
}
