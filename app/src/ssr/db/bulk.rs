//! Multi-row statements: many rows per `INSERT`, within the engines' limits
//! on bind parameters, for the demo seeder and the CSV imports, which give
//! rows explicit ids so that related rows can be built in memory first (see
//! [`super::dialect::reserve_ids`]); each entity's rows are written by its
//! own db module.
use super::{Dialect, Ex};
use crate::error::AppError;
use crate::fetch_scalar;

/// Most bind parameters per statement (SQLite allows 32,766; PostgreSQL 65,535).
pub const MAX_BINDS: usize = 32_000;

/// `head VALUES ($1, …), (…)` for `rows` rows of `cols` columns. SQLite gets
/// plain `?` placeholders: it looks every `$N` name up linearly while parsing,
/// which makes a statement with thousands of them quadratic.
pub fn values_sql(head: &str, rows: usize, cols: usize, dialect: Dialect, tail: &str) -> String {
    let mut sql = String::with_capacity(head.len() + rows * cols * 6);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    let mut n = 1;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..cols {
            if c > 0 {
                sql.push(',');
            }
            match dialect {
                Dialect::Sqlite => sql.push('?'),
                Dialect::Postgres => {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                }
            }
            n += 1;
        }
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}

/// Inserts `rows` in chunks; `|r| [exprs…]` lists one row's values in column
/// order; an optional `tail` (such as `ON CONFLICT …`) ends each statement.
#[macro_export]
macro_rules! insert_many {
    ($ex:expr, $head:expr, $rows:expr, |$r:ident| [$($field:expr),+ $(,)?]) => {
        $crate::insert_many!($ex, $head, "", $rows, |$r| [$($field),+])
    };
    ($ex:expr, $head:expr, $tail:expr, $rows:expr, |$r:ident| [$($field:expr),+ $(,)?]) => {{
        use $crate::ssr::db::bulk;
        use $crate::ssr::db::Ex;
        const COLS: usize = [$(stringify!($field)),+].len();
        for chunk in $rows.chunks((bulk::MAX_BINDS / COLS).max(1)) {
            let sql = bulk::values_sql($head, chunk.len(), COLS, $ex.dialect(), $tail);
            match &mut *$ex {
                Ex::Sqlite(c) => {
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
                    for $r in chunk {
                        $(q = q.bind($field);)+
                    }
                    q.execute(&mut **c).await?;
                }
                Ex::Postgres(c) => {
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
                    for $r in chunk {
                        $(q = q.bind($field);)+
                    }
                    q.execute(&mut **c).await?;
                }
            }
        }
        Ok::<(), $crate::error::AppError>(())
    }};
}

/// The largest id in `table` (0 when empty).
pub async fn max_id(ex: &mut Ex<'_>, table: &'static str) -> Result<i64, AppError> {
    let sql = format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table}");
    Ok(fetch_scalar!(ex, i64, sqlx::AssertSqlSafe(sql))?)
}

/// The largest id of the account's rows of `table` (0: none).
pub async fn account_max_id(
    ex: &mut Ex<'_>,
    table: &'static str,
    account_id: i64,
) -> Result<i64, AppError> {
    let sql =
        format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table} WHERE account_id = $1");
    Ok(fetch_scalar!(
        ex,
        i64,
        sqlx::AssertSqlSafe(sql),
        account_id
    )?)
}

#[cfg(test)]
mod tests {
    use super::{Dialect, values_sql};

    #[test]
    fn placeholders_per_dialect() {
        let head = "INSERT INTO t (a, b)";
        assert_eq!(
            values_sql(head, 2, 2, Dialect::Postgres, ""),
            "INSERT INTO t (a, b) VALUES ($1,$2),($3,$4)"
        );
        assert_eq!(
            values_sql(head, 2, 2, Dialect::Sqlite, " ON CONFLICT DO NOTHING"),
            "INSERT INTO t (a, b) VALUES (?,?),(?,?) ON CONFLICT DO NOTHING"
        );
    }
}
