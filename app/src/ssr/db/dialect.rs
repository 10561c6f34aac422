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

/// `n` new ids of `table` for rows inserted with explicit ids, taken from
/// its sequence on PostgreSQL (so concurrent inserts cannot collide) and
/// above its largest id on SQLite (the caller's write transaction holds the
/// only writer).
pub async fn reserve_ids(
    ex: &mut Ex<'_>,
    table: &'static str,
    n: usize,
) -> Result<Vec<i64>, AppError> {
    if n == 0 {
        return Ok(vec![]);
    }
    match ex.dialect() {
        Dialect::Postgres => {
            let sql = format!(
                "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)"
            );
            Ok(
                crate::fetch_all!(ex, (i64,), sqlx::AssertSqlSafe(sql), n as i64)?
                    .into_iter()
                    .map(|(id,)| id)
                    .collect(),
            )
        }
        Dialect::Sqlite => {
            let first = super::bulk::max_id(ex, table).await? + 1;
            Ok((first..first + n as i64).collect())
        }
    }
}

/// SQLite's page cache on the writer while a bulk load runs (1 GiB): the
/// load inserts into every deal index at random places, and with the usual
/// 64 MiB most of those pages would be read back from the OS again and again.
const BULK_CACHE_KIB: i64 = 1_048_576;
/// The usual page cache per connection (the `cache_size` of [`super::Db::connect`]).
const CACHE_KIB: i64 = 65_536;

/// Prepares the writer for a bulk load (SQLite: a large page cache).
pub async fn before_bulk_load(db: &super::Db) -> Result<(), AppError> {
    set_writer_cache(db, BULK_CACHE_KIB).await
}

async fn set_writer_cache(db: &super::Db, kib: i64) -> Result<(), AppError> {
    if let super::Db::Sqlite { write, .. } = db {
        let sql = format!("PRAGMA cache_size = -{kib}");
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(write).await?;
    }
    Ok(())
}

/// Refreshes the planner's statistics after a bulk load. PostgreSQL also
/// vacuums, which marks the new pages all-visible so that index-only scans
/// (the dashboard's covering indexes) need not visit the table.
pub async fn after_bulk_load(db: &super::Db) -> Result<(), AppError> {
    match db {
        super::Db::Sqlite { write, .. } => {
            let mut conn = write.acquire().await?;
            // Sample instead of reading every row of million-row tables.
            sqlx::query("PRAGMA analysis_limit = 1000")
                .execute(&mut *conn)
                .await?;
            sqlx::query("ANALYZE").execute(&mut *conn).await?;
            drop(conn);
            set_writer_cache(db, CACHE_KIB).await?;
        }
        super::Db::Postgres(pool) => {
            sqlx::query("VACUUM ANALYZE").execute(pool).await?;
        }
    }
    Ok(())
}

/// Sends a PostgreSQL notification (nothing on SQLite).
pub async fn notify(db: &super::Db, channel: &str, payload: &str) -> Result<(), AppError> {
    if let super::Db::Postgres(pool) = db {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(payload)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// Hears the PostgreSQL notifications of `channel`, passing each payload
/// to `heard`, until the connection fails (returns at once on SQLite).
pub async fn listen(
    db: &super::Db,
    channel: &str,
    mut heard: impl FnMut(&str),
) -> Result<(), AppError> {
    let super::Db::Postgres(pool) = db else {
        return Ok(());
    };
    let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
    listener.listen(channel).await?;
    loop {
        heard(listener.recv().await?.payload());
    }
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

/// SQLite's own check of the database file (`ok` when sound); `None` on
/// PostgreSQL, which has no equivalent to run online.
pub async fn integrity_check(ex: &mut Ex<'_>) -> Result<Option<String>, AppError> {
    match ex.dialect() {
        Dialect::Sqlite => Ok(Some(crate::fetch_scalar!(
            ex,
            String,
            "PRAGMA integrity_check(1)"
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
