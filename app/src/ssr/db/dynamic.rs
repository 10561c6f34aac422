//! SQL written at run time for the filters a request gives (so that no
//! `$n IS NULL OR …` catch-all hides an index from the planner), with its
//! values bound in order to `$1`, `$2`… Only code of this module's callers
//! writes the text; every value from outside goes through [`Sql::arg`].
use super::Ex;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use std::fmt::Write as _;

/// A value bound to a placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Int(i64),
    Text(String),
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Int(n)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

/// A statement being written and its arguments.
#[derive(Debug, Default)]
pub struct Sql {
    pub text: String,
    args: Vec<Arg>,
}

impl Sql {
    /// Appends text.
    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Binds a value; yields its placeholder, which may be written more than once.
    pub fn arg(&mut self, value: impl Into<Arg>) -> String {
        self.args.push(value.into());
        let mut placeholder = String::new();
        let _ = write!(placeholder, "${}", self.args.len());
        placeholder
    }
}

/// Runs the statement and fetches every row.
pub async fn fetch_all<T>(ex: &mut Ex<'_>, sql: Sql) -> Result<Vec<T>, sqlx::Error>
where
    T: Send + Unpin + for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow>,
{
    match ex {
        Ex::Sqlite(c) => {
            let mut q = sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.text));
            for a in sql.args {
                q = match a {
                    Arg::Int(n) => q.bind(n),
                    Arg::Text(s) => q.bind(s),
                };
            }
            q.fetch_all(&mut **c).await
        }
        Ex::Postgres(c) => {
            let mut q = sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.text));
            for a in sql.args {
                q = match a {
                    Arg::Int(n) => q.bind(n),
                    Arg::Text(s) => q.bind(s),
                };
            }
            q.fetch_all(&mut **c).await
        }
    }
}

/// Runs the statement and fetches its one value.
pub async fn fetch_scalar(ex: &mut Ex<'_>, sql: Sql) -> Result<i64, sqlx::Error> {
    let rows: Vec<(i64,)> = fetch_all(ex, sql).await?;
    Ok(rows.first().map_or(0, |r| r.0))
}
