//! One deal as its page shows it: details, history (bitácora), comments and
//! activities, with money and instants already formatted by the server (in
//! the account's currency and time zone).
use crate::domain::deal_status::DealStatus;
use serde::{Deserialize, Serialize};

/// Longest comment.
pub const MAX_COMMENT: usize = 5_000;

/// What happened to a deal, for its history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryKind {
    Created,
    StageChanged,
    Won,
    Lost,
    Reopened,
    ValueChanged,
    OwnerChanged,
    TitleChanged,
    CurrencyChanged,
    CloseDateChanged,
    OrganizationChanged,
    ContactChanged,
    DescriptionChanged,
    PriorityChanged,
    SourceChanged,
    LinesChanged,
    QuoteCreated,
    QuoteSent,
    QuoteAccepted,
    QuoteRejected,
    QuoteCancelled,
    SaleNoteIssued,
    Other,
}

impl HistoryKind {
    pub fn from_event(kind: &str) -> HistoryKind {
        match kind {
            "created" => HistoryKind::Created,
            "stage_changed" => HistoryKind::StageChanged,
            "won" => HistoryKind::Won,
            "lost" => HistoryKind::Lost,
            "reopened" => HistoryKind::Reopened,
            "value_changed" => HistoryKind::ValueChanged,
            "owner_changed" => HistoryKind::OwnerChanged,
            "title_changed" => HistoryKind::TitleChanged,
            "currency_changed" => HistoryKind::CurrencyChanged,
            "close_date_changed" => HistoryKind::CloseDateChanged,
            "organization_changed" => HistoryKind::OrganizationChanged,
            "contact_changed" => HistoryKind::ContactChanged,
            "description_changed" => HistoryKind::DescriptionChanged,
            "priority_changed" => HistoryKind::PriorityChanged,
            "source_changed" => HistoryKind::SourceChanged,
            "lines_changed" => HistoryKind::LinesChanged,
            "quote_created" => HistoryKind::QuoteCreated,
            "quote_sent" => HistoryKind::QuoteSent,
            "quote_accepted" => HistoryKind::QuoteAccepted,
            "quote_rejected" => HistoryKind::QuoteRejected,
            "quote_cancelled" => HistoryKind::QuoteCancelled,
            "sale_note_issued" => HistoryKind::SaleNoteIssued,
            _ => HistoryKind::Other,
        }
    }
}

/// The deal form as typed ("Nuevo trato" and "Editar trato"): every field
/// text, checked by the server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DealInput {
    pub title: String,
    /// Amount in the deal's currency, such as `12,500.50`.
    pub value: String,
    /// ISO 4217 code; empty: the account's.
    pub currency: String,
    /// Account currency per unit of `currency`; ignored for the account's own.
    pub exchange_rate: String,
    pub stage_id: String,
    /// Empty: the caller.
    pub owner_id: String,
    /// `YYYY-MM-DD` or empty.
    pub expected_close_date: String,
    /// An organization of the account by id; empty: by `organization`.
    pub organization_id: String,
    /// An organization by name (created when the account has none of that
    /// name); empty, with no id: none.
    pub organization: String,
    /// A contact of the account (of the organization, if there is one);
    /// empty: none.
    pub contact_id: String,
    pub description: String,
    /// A [`crate::domain::activities::Priority`] (its stored or API word) or
    /// empty.
    pub priority: String,
    /// Where the deal came from (`Sitio web`, `Referido`…), free text.
    pub source: String,
}

/// Where deals usually come from: the source field's suggestions.
pub const SOURCES: [&str; 8] = [
    "Sitio web",
    "Referido",
    "WhatsApp",
    "Llamada en frío",
    "Correo",
    "Redes sociales",
    "Evento",
    "Tienda en línea",
];
/// Longest description and source.
pub const MAX_DESCRIPTION: usize = 5_000;
pub const MAX_SOURCE: usize = 100;

/// What the edit form needs: the deal's values as the form shows them and
/// the choices it offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealForm {
    pub input: DealInput,
    /// The stages of the deal's pipeline: (id, name).
    pub stages: Vec<(i64, String)>,
    /// Who may own it (empty: the owner cannot be changed by the caller).
    pub owners: Vec<(i64, String)>,
    /// The contacts of its organization: (id, name).
    pub contacts: Vec<(i64, String)>,
    pub account_currency: String,
}

/// One line of the history: when, who, what, and its particulars
/// ("Calificado → Propuesta enviada", a reason, an amount…).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: String,
    pub actor: Option<String>,
    pub kind: HistoryKind,
    pub detail: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub author: String,
    pub at: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityView {
    pub subject: String,
    pub due: Option<String>,
    pub done: bool,
}

/// The deal page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealPage {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub value: String,
    pub status: DealStatus,
    pub pipeline: String,
    pub stage: String,
    pub owner: String,
    pub organization: Option<(i64, String)>,
    pub contact: Option<(i64, String)>,
    pub description: Option<String>,
    pub priority: Option<String>,
    pub source: Option<String>,
    pub expected_close_date: Option<String>,
    pub created: String,
    pub closed: Option<String>,
    pub lost_reason: Option<String>,
    pub lost_note: Option<String>,
    pub version: i64,
    /// The caller may change this deal (edit, reopen, comment).
    pub can_edit: bool,
    /// The edit form, when the caller may edit the deal.
    pub form: Option<DealForm>,
    /// The newest history events and comments, oldest first; `earlier_*`:
    /// there are older ones than these.
    pub history: Vec<HistoryEntry>,
    pub earlier_history: bool,
    pub comments: Vec<CommentView>,
    pub earlier_comments: bool,
    pub activities: Vec<ActivityView>,
    /// Its "Productos" section.
    pub lines: crate::domain::deal_lines::LinesView,
    /// Its quotes and notas de venta, newest first.
    pub quotes: Vec<crate::domain::quotes::QuoteSummary>,
    pub sale_notes: Vec<crate::domain::sale_notes::SaleNoteSummary>,
}

/// Deals per page of the `/crm/tratos` list.
pub const LIST_PAGE: i64 = 50;

/// The `/crm/tratos` query string: status (`open`, `won`, `lost`), owner, text,
/// sort (`created`, `value`, `title`), direction (`asc`, `desc`), and where the
/// page starts: after or before a row (`<id>.<sort key>`, from the pager).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DealListQuery {
    pub status: Option<String>,
    /// A user id: only that owner's deals.
    pub owner: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    /// As in the address; checked by the server.
    pub after: Option<String>,
    pub before: Option<String>,
}

/// One row of the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealListRow {
    pub key: String,
    pub title: String,
    pub organization: Option<String>,
    pub value: String,
    pub status: DealStatus,
    pub stage: String,
    pub owner: String,
    pub created: String,
}

/// One page of the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealList {
    /// Users the owner filter offers (empty for a role that sees only its
    /// own deals): (id, name).
    pub owners: Vec<(i64, String)>,
    pub rows: Vec<DealListRow>,
    /// Matching deals, counted up to a cap; `more_than` when there are more.
    pub total: i64,
    pub more_than: bool,
    /// Where the neighbouring pages start (`None`: nothing that way).
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The text search had no word of three characters or more.
    pub short_search: bool,
}
