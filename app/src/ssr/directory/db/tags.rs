//! Tags of organizations and contacts (one spelling per account, any case)
//! and each user's saved filters of the list pages.
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};

/// What a tag is put on.
#[derive(Clone, Copy, Debug)]
pub enum Tagged {
    Organization,
    Contact,
}

impl Tagged {
    /// The link table and its record column.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Tagged::Organization => ("organization_tags", "organization_id"),
            Tagged::Contact => ("contact_tags", "contact_id"),
        }
    }
}

/// Puts exactly these tags on a record (creating those the account lacks).
pub async fn set(
    ex: &mut Ex<'_>,
    account_id: i64,
    of: Tagged,
    record: i64,
    names: &[String],
    now: i64,
) -> Result<(), AppError> {
    let (table, column) = of.table();
    let clear = format!("DELETE FROM {table} WHERE {column} = $1");
    execute!(ex, sqlx::AssertSqlSafe(clear), record)?;
    let link =
        format!("INSERT INTO {table} ({column}, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
    for name in names {
        let found = fetch_optional!(
            ex,
            (i64,),
            "SELECT id FROM tags WHERE account_id = $1 AND LOWER(name) = LOWER($2)",
            account_id,
            name
        )?;
        let tag = match found {
            Some((id,)) => id,
            None => fetch_scalar!(
                ex,
                i64,
                "INSERT INTO tags (account_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
                account_id,
                name,
                now
            )?,
        };
        execute!(ex, sqlx::AssertSqlSafe(link.clone()), record, tag)?;
    }
    Ok(())
}

/// The tags of these records: (record id, tag name), by name.
pub async fn of_records(
    ex: &mut Ex<'_>,
    of: Tagged,
    records: &[i64],
) -> Result<Vec<(i64, String)>, AppError> {
    if records.is_empty() {
        return Ok(vec![]);
    }
    let (table, column) = of.table();
    // Ids are numbers read from the database: safe to spell out.
    let ids: Vec<String> = records.iter().map(i64::to_string).collect();
    let sql = format!(
        "SELECT x.{column}, t.name FROM {table} x JOIN tags t ON t.id = x.tag_id \
         WHERE x.{column} IN ({}) ORDER BY LOWER(t.name)",
        ids.join(",")
    );
    Ok(fetch_all!(ex, (i64, String), sqlx::AssertSqlSafe(sql))?)
}

/// Every tag of the account, by name.
pub async fn names(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<String>, AppError> {
    Ok(fetch_all!(
        ex,
        (String,),
        "SELECT name FROM tags WHERE account_id = $1 ORDER BY LOWER(name) LIMIT 500",
        account_id
    )?
    .into_iter()
    .map(|(n,)| n)
    .collect())
}

/// A saved filter: a name and the query string of its page.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SavedFilterRow {
    pub id: i64,
    pub name: String,
    pub query: String,
}

/// A user's saved filters of a page, by name.
pub async fn saved_filters(
    ex: &mut Ex<'_>,
    user_id: i64,
    page: &str,
) -> Result<Vec<SavedFilterRow>, AppError> {
    Ok(fetch_all!(
        ex,
        SavedFilterRow,
        "SELECT id, name, query FROM saved_filters WHERE user_id = $1 AND page = $2 \
         ORDER BY LOWER(name), id LIMIT 100",
        user_id,
        page
    )?)
}

/// How many filters a user saved on a page.
pub async fn saved_filter_count(
    ex: &mut Ex<'_>,
    user_id: i64,
    page: &str,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "SELECT COUNT(*) FROM saved_filters WHERE user_id = $1 AND page = $2",
        user_id,
        page
    )?)
}

/// Saves a filter of a user (its query already checked); answers its id.
pub async fn insert_saved_filter(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
    (page, name, query): (&str, &str, &str),
    now: i64,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO saved_filters (account_id, user_id, page, name, query, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        account_id,
        user_id,
        page,
        name,
        query,
        now
    )?)
}

/// Deletes one of a user's saved filters; answers whether there was one.
pub async fn delete_saved_filter(ex: &mut Ex<'_>, user_id: i64, id: i64) -> Result<bool, AppError> {
    Ok(execute!(
        ex,
        "DELETE FROM saved_filters WHERE user_id = $1 AND id = $2",
        user_id,
        id
    )? > 0)
}
