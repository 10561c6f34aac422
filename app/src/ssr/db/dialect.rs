//! The few places where SQLite and PostgreSQL need different SQL.
use super::{Dialect, Ex};
use crate::error::AppError;
use crate::execute;

/// After rows were inserted with explicit ids, makes sure the next generated
/// id of `table` is above them. SQLite's rowid already does this by itself.
pub async fn sync_id_sequence(ex: &mut Ex<'_>, table: &'static str) -> Result<(), AppError> {
    if ex.dialect() == Dialect::Postgres {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
        );
        execute!(ex, &sql)?;
    }
    Ok(())
}

/// Refreshes the planner's statistics after a bulk load.
pub async fn analyze(ex: &mut Ex<'_>) -> Result<(), AppError> {
    let sql = match ex.dialect() {
        Dialect::Sqlite => "ANALYZE",
        Dialect::Postgres => "ANALYZE",
    };
    execute!(ex, sql)?;
    Ok(())
}
