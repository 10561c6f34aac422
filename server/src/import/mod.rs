//! CSV imports (PRODUCT.md §5): deals with their history, organizations,
//! contacts and the product catalogue. A file is read and checked whole before anything is written;
//! one bad row stops the import (all-or-nothing) and every bad row is
//! reported with its line number (the header is line 1), column and reason.
//! The writes maintain what a normal write maintains (history events,
//! dashboard aggregates) in one transaction.
use app::domain::import::ImportProgress;
use app::domain::import::ImportReport;
use app::error::{AppError, RowProblem};
use app::ssr::db::Db;
use std::collections::{HashMap, HashSet};

pub mod deals;
pub mod directory;
pub mod products;
mod read;

/// Most data rows one import takes (a larger file answers 413).
pub const MAX_ROWS: usize = 200_000;
/// Largest file taken over HTTP, in bytes.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Most problems listed in an answer (all are counted).
const MAX_LISTED: usize = 1_000;

/// The problems found in a file.
#[derive(Default)]
pub struct Problems {
    list: Vec<RowProblem>,
    total: usize,
}

impl Problems {
    fn add(&mut self, line: u64, column: Option<&str>, code: &str, value: Option<String>) {
        self.total += 1;
        if self.list.len() < MAX_LISTED {
            self.list.push(RowProblem {
                line,
                column: column.map(str::to_string),
                code: code.into(),
                value,
            });
        }
    }

    /// `Err` with every problem if there is any.
    fn check(self) -> Result<(), AppError> {
        if self.total == 0 {
            return Ok(());
        }
        let Problems { mut list, total } = self;
        list.sort_by_key(|p| p.line);
        Err(AppError::InvalidRows {
            problems: list,
            total,
        })
    }
}

/// Rows checked or written between two progress reports.
const STEP: usize = 5_000;

/// Reports checking progress every [`STEP`] rows.
fn checking(progress: OnProgress<'_>, i: usize, total: usize) {
    if i.is_multiple_of(STEP) {
        progress(ImportProgress {
            phase: app::domain::import::ImportPhase::Checking,
            done: i,
            total,
        });
    }
}

/// Names are matched trimmed and without regard to case.
fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

/// Told of the progress now and then.
pub type OnProgress<'a> = &'a (dyn Fn(ImportProgress) + Send + Sync);

/// What an import or an export handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Records {
    Deals,
    Organizations,
    Contacts,
    Products,
}

/// Imports `what` from `csv` into the account; organizations and contacts
/// without an owner get `user_id`.
pub async fn run(
    db: &Db,
    (account_id, user_id): (i64, i64),
    what: Records,
    csv: &[u8],
    dry_run: bool,
    progress: OnProgress<'_>,
) -> Result<ImportReport, AppError> {
    match what {
        Records::Deals => deals::import(db, account_id, csv, dry_run, progress).await,
        Records::Organizations => {
            directory::organizations(db, account_id, user_id, csv, dry_run, progress).await
        }
        Records::Contacts => {
            directory::contacts(db, account_id, user_id, csv, dry_run, progress).await
        }
        Records::Products => {
            products::import(db, (account_id, user_id), csv, dry_run, progress).await
        }
    }
}

/// The account's users by normalised email: the active ones (who may own
/// what comes in) and the emails of the deactivated ones (named apart).
async fn users_by_email(
    ex: &mut app::ssr::db::Ex<'_>,
    account_id: i64,
) -> Result<(HashMap<String, i64>, HashSet<String>), AppError> {
    let (mut active, mut inactive) = (HashMap::new(), HashSet::new());
    for u in app::ssr::users::db::list(ex, account_id).await? {
        let email = app::domain::validate::normalize_email(&u.email);
        if u.active {
            active.insert(email, u.id);
        } else {
            inactive.insert(email);
        }
    }
    Ok((active, inactive))
}
