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
        execute!(ex, sqlx::AssertSqlSafe(sql))?;
    }
    Ok(())
}

/// Refreshes the planner's statistics after a bulk load.
pub async fn analyze(ex: &mut Ex<'_>) -> Result<(), AppError> {
    if ex.dialect() == Dialect::Sqlite {
        // Sample instead of reading every row of million-row tables.
        execute!(ex, "PRAGMA analysis_limit = 1000")?;
    }
    execute!(ex, "ANALYZE")?;
    Ok(())
}

/// SQLite's journal mode (`wal` expected); `None` on PostgreSQL.
pub async fn journal_mode(ex: &mut Ex<'_>) -> Result<Option<String>, AppError> {
    match ex.dialect() {
        Dialect::Sqlite => Ok(Some(crate::fetch_scalar!(
            ex,
            String,
            "PRAGMA journal_mode"
        )?)),
        Dialect::Postgres => Ok(None),
    }
}

/// Creates an empty database on a PostgreSQL server (tests and set-up tools).
pub async fn create_database(db: &super::Db, name: &str) -> Result<(), AppError> {
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(AppError::field("name", "invalid"));
    }
    let mut conn = db.read().await?;
    execute!(
        &mut conn.ex(),
        sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))
    )?;
    Ok(())
}
