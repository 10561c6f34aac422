//! What a CSV import answers, as the server sends it and the import page
//! reads it (also line by line, as progress, from the streaming answer).
use crate::error::RowProblem;
use serde::{Deserialize, Serialize};

/// The columns of a deal file (PRODUCT.md §5, plus `exchange_rate`), in the
/// order an export writes them.
pub const DEAL_COLUMNS: [&str; 16] = [
    "key",
    "title",
    "value",
    "currency",
    "pipeline",
    "stage",
    "status",
    "owner_email",
    "organization",
    "contact_email",
    "created_at",
    "won_at",
    "lost_at",
    "lost_reason",
    "expected_close_date",
    "exchange_rate",
];

/// The columns a deal file must have.
pub const DEAL_REQUIRED: [&str; 6] = [
    "title",
    "value",
    "stage",
    "status",
    "owner_email",
    "created_at",
];

/// What an import did (or, on a dry run, would do).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub dry_run: bool,
    /// Data rows read.
    pub rows: usize,
    pub deals_created: usize,
    pub contacts_created: usize,
    pub organizations_created: usize,
    pub lost_reasons_created: usize,
    pub products_created: usize,
    pub products_updated: usize,
    /// Headers that are not columns of the import (their cells were skipped).
    pub ignored_columns: Vec<String>,
    /// Pipelines that received deals (their open boards are told).
    #[serde(skip)]
    pub pipelines: Vec<i64>,
}

/// How far an import is: rows checked, then rows written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub phase: ImportPhase,
    pub done: usize,
    pub total: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportPhase {
    Checking,
    Writing,
}

/// The error part of a streamed answer's last line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportFailure {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub rows: Vec<RowProblem>,
    #[serde(default)]
    pub row_error_count: usize,
}

/// One line of the streamed answer (`application/x-ndjson`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportLine {
    Progress(ImportProgress),
    Report(ImportReport),
    Error(ImportFailure),
}
