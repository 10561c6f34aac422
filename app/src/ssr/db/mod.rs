//! The database connection: one Rust API over SQLite and PostgreSQL, chosen
//! by the URL, and what every entity's `db` module builds on.
//!
//! SQL lives only in `db` modules (this one and each entity's, such as
//! [`crate::ssr::deals::db`]). Queries are written once with `$N`
//! placeholders (both engines accept them) and run through the `fetch_*!` /
//! `execute!` macros, which dispatch to the concrete driver. Where the two
//! dialects differ, the difference lives in [`dialect`].

pub mod bulk;
pub mod dialect;
pub mod dynamic;
pub mod search;

use crate::error::AppError;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection, Transaction};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// Which SQL dialect a connection speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection pool to one of the supported databases.
///
/// SQLite gets a pool of readers and a single writer connection: writes queue
/// in Tokio instead of failing with `SQLITE_BUSY`.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

/// A pooled connection.
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

/// An open transaction; dropped without `commit` it rolls back.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A borrowed connection the query macros run on.
pub enum Ex<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl Ex<'_> {
    pub fn dialect(&self) -> Dialect {
        match self {
            Ex::Sqlite(_) => Dialect::Sqlite,
            Ex::Postgres(_) => Dialect::Postgres,
        }
    }
}

impl Conn {
    pub fn ex(&mut self) -> Ex<'_> {
        match self {
            Conn::Sqlite(c) => Ex::Sqlite(c),
            Conn::Postgres(c) => Ex::Postgres(c),
        }
    }
}

impl Tx {
    pub fn ex(&mut self) -> Ex<'_> {
        match self {
            Tx::Sqlite(t) => Ex::Sqlite(t),
            Tx::Postgres(t) => Ex::Postgres(t),
        }
    }

    pub async fn commit(self) -> Result<(), AppError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// Runs a `query_as` on an [`Ex`] and fetches every row.
#[macro_export]
macro_rules! fetch_all {
    ($ex:expr, $ty:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $ex {
            $crate::ssr::db::Ex::Sqlite(c) => sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.fetch_all(&mut **c).await,
            $crate::ssr::db::Ex::Postgres(c) => sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.fetch_all(&mut **c).await,
        }
    };
}

/// Runs a `query_as` on an [`Ex`] and fetches at most one row.
#[macro_export]
macro_rules! fetch_optional {
    ($ex:expr, $ty:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $ex {
            $crate::ssr::db::Ex::Sqlite(c) => sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.fetch_optional(&mut **c).await,
            $crate::ssr::db::Ex::Postgres(c) => sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.fetch_optional(&mut **c).await,
        }
    };
}

/// Runs a `query_as` on an [`Ex`] and fetches exactly one row.
#[macro_export]
macro_rules! fetch_one {
    ($ex:expr, $ty:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $ex {
            $crate::ssr::db::Ex::Sqlite(c) => sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.fetch_one(&mut **c).await,
            $crate::ssr::db::Ex::Postgres(c) => sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.fetch_one(&mut **c).await,
        }
    };
}

/// Runs a `query_scalar` on an [`Ex`] and fetches exactly one value.
#[macro_export]
macro_rules! fetch_scalar {
    ($ex:expr, $ty:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $ex {
            $crate::ssr::db::Ex::Sqlite(c) => sqlx::query_scalar::<_, $ty>($sql)$(.bind($arg))*.fetch_one(&mut **c).await,
            $crate::ssr::db::Ex::Postgres(c) => sqlx::query_scalar::<_, $ty>($sql)$(.bind($arg))*.fetch_one(&mut **c).await,
        }
    };
}

/// Executes a statement on an [`Ex`]; yields the number of rows affected.
#[macro_export]
macro_rules! execute {
    ($ex:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $ex {
            $crate::ssr::db::Ex::Sqlite(c) => sqlx::query($sql)$(.bind($arg))*.execute(&mut **c).await.map(|r| r.rows_affected()),
            $crate::ssr::db::Ex::Postgres(c) => sqlx::query($sql)$(.bind($arg))*.execute(&mut **c).await.map(|r| r.rows_affected()),
        }
    };
}

impl Db {
    /// Connects by URL: `sqlite:path` / `sqlite://path` or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            return Ok(Db::Postgres(pool));
        }
        let opts = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL in WAL mode survives any process crash; only an OS crash
            // or power loss may drop the last commits.
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            // 64 MiB of page cache per connection (the default 2 MiB thrashes on
            // the deal indexes once an account holds a few hundred thousand deals).
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory");
        // The writer never checkpoints the WAL itself (a commit that does
        // waits for the copy and its fsync); a background task does, see
        // `checkpoint_in_background`.
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts.clone().pragma("wal_autocheckpoint", "0"))
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(opts)
            .await?;
        checkpoint_in_background(read.clone());
        Ok(Db::Sqlite { read, write })
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite { .. } => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Applies pending migrations of this dialect.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite { write, .. } => SQLITE_MIGRATIONS.run(write).await,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        }
    }

    /// A connection for reads.
    pub async fn read(&self) -> Result<Conn, AppError> {
        Ok(match self {
            Db::Sqlite { read, .. } => Conn::Sqlite(read.acquire().await?),
            Db::Postgres(pool) => Conn::Postgres(pool.acquire().await?),
        })
    }

    /// A write transaction (SQLite: `BEGIN IMMEDIATE` on the writer).
    pub async fn begin(&self) -> Result<Tx, AppError> {
        Ok(match self {
            Db::Sqlite { write, .. } => Tx::Sqlite(write.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Closes every connection (checkpointing SQLite's WAL).
    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// Copies SQLite's write-ahead log into the database file every 250 ms
/// (PASSIVE: never waits for readers or the writer), off the commit path,
/// until the pool closes. Commits stay durable in the WAL meanwhile.
fn checkpoint_in_background(pool: sqlx::SqlitePool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        loop {
            tick.tick().await;
            if pool.is_closed() {
                return;
            }
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                if pool.is_closed() {
                    return;
                }
                tracing::warn!(error = %e, "WAL checkpoint");
            }
        }
    });
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if let Some(db) = e.as_database_error()
            && db.is_unique_violation()
        {
            return AppError::Conflict("duplicate".into());
        }
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}
