//! The SQL of the product catalogue: one product, keyset pages by name
//! (newest first while searching) under a text and a status, the REST list
//! in id order, the export's chunks and the import's writes.
use crate::domain::products::ProductRow;
use crate::error::AppError;
use crate::ssr::db::dynamic::{self, Sql};
use crate::ssr::db::{Dialect, Ex, search};
use crate::ssr::query::NameCursor;
use crate::{execute, fetch_all, fetch_optional, fetch_scalar, insert_many};

/// The columns of a [`ProductRow`], of the table aliased `p`.
const COLUMNS: &str = "p.id, p.sku, p.name, p.description, p.unit_price_minor, p.currency, \
     p.iva, p.sat_product_key, p.sat_unit_key, p.active";

/// A product's fields as written, already checked.
#[derive(Clone, Debug, PartialEq)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    pub description: Option<String>,
    pub unit_price_minor: i64,
    pub currency: String,
    /// An IVA rate's code.
    pub iva: &'static str,
    pub sat_product_key: Option<String>,
    pub sat_unit_key: Option<String>,
    pub active: bool,
}

/// Which products a list shows: every searched word (folded) in the SKU
/// or name, and active or not.
#[derive(Clone, Copy, Debug, Default)]
pub struct ProductFilter<'a> {
    pub account_id: i64,
    pub words: Option<&'a [String]>,
    pub active: Option<bool>,
}

impl ProductFilter<'_> {
    /// `FROM …` and the conditions; with a search on SQLite the text index
    /// (`f`) leads; the id the order follows.
    fn source(&self, sql: &mut Sql, dialect: Dialect) -> (String, String, &'static str) {
        let mut from = "FROM products p".to_string();
        let mut id = "p.id";
        let mut c = vec![format!("p.account_id = {}", sql.arg(self.account_id))];
        if let Some(words) = self.words {
            match dialect {
                Dialect::Sqlite => {
                    from = "FROM product_search f JOIN products p ON p.id = f.rowid".into();
                    id = "f.rowid";
                    c.insert(
                        0,
                        format!("f.doc MATCH {}", sql.arg(search::fts_query(words))),
                    );
                }
                Dialect::Postgres => {
                    for w in words {
                        let pattern = sql.arg(search::like_pattern(w));
                        c.push(format!("p.search_text LIKE {pattern}"));
                    }
                }
            }
        }
        if let Some(active) = self.active {
            c.push(format!(
                "p.active = {}",
                if active { "TRUE" } else { "FALSE" }
            ));
        }
        (from, c.join(" AND "), id)
    }
}

/// One keyset page of the filter's products by name (newest first while
/// searching), and whether the order goes on past it in the direction read.
pub async fn page(
    ex: &mut Ex<'_>,
    f: &ProductFilter<'_>,
    cursor: Option<&NameCursor>,
    limit: i64,
) -> Result<(Vec<ProductRow>, bool), AppError> {
    let backward = cursor.is_some_and(|c| c.backward);
    let searching = f.words.is_some();
    let (op, dir) = if searching != backward {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let mut sql = Sql::default();
    let (from, mut conditions, id) = f.source(&mut sql, ex.dialect());
    match cursor {
        Some(c) if searching => conditions += &format!(" AND {id} {op} {}", sql.arg(c.id)),
        Some(c) => {
            let (name, at) = (sql.arg(c.name.clone()), sql.arg(c.id));
            conditions += &format!(" AND (p.name, p.id) {op} ({name}, {at})");
        }
        None => {}
    }
    let order = if searching {
        format!("{id} {dir}")
    } else {
        format!("p.name {dir}, p.id {dir}")
    };
    let limit_arg = sql.arg(limit + 1);
    sql.push(&format!(
        "SELECT {COLUMNS} {from} WHERE {conditions} ORDER BY {order} LIMIT {limit_arg}"
    ));
    let mut rows: Vec<ProductRow> = dynamic::fetch_all(ex, sql).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    if backward {
        rows.reverse();
    }
    Ok((rows, more))
}

/// How many products the filter matches, counted up to `cap + 1`.
pub async fn count(ex: &mut Ex<'_>, f: &ProductFilter<'_>, cap: i64) -> Result<i64, AppError> {
    let mut sql = Sql::default();
    let (from, conditions, _) = f.source(&mut sql, ex.dialect());
    let cap = sql.arg(cap + 1);
    sql.push(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 AS one {from} WHERE {conditions} LIMIT {cap}) AS n"
    ));
    Ok(dynamic::fetch_scalar(ex, sql).await?)
}

/// Up to `limit` products of the filter after id `after`, in id order (the
/// REST list).
pub async fn by_id(
    ex: &mut Ex<'_>,
    f: &ProductFilter<'_>,
    after: i64,
    limit: i64,
) -> Result<Vec<ProductRow>, AppError> {
    let mut sql = Sql::default();
    let (from, conditions, id) = f.source(&mut sql, ex.dialect());
    let (after, limit) = (sql.arg(after), sql.arg(limit));
    sql.push(&format!(
        "SELECT {COLUMNS} {from} WHERE {conditions} AND {id} > {after} ORDER BY {id} LIMIT {limit}"
    ));
    Ok(dynamic::fetch_all(ex, sql).await?)
}

/// The product of the account with this id.
pub async fn product(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<ProductRow>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM products p WHERE p.account_id = $1 AND p.id = $2");
    Ok(fetch_optional!(
        ex,
        ProductRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        id
    )?)
}

/// The products of the account among `ids` (a deal's lines name at most
/// 200), in no order.
pub async fn with_ids(
    ex: &mut Ex<'_>,
    account_id: i64,
    ids: &[i64],
) -> Result<Vec<ProductRow>, AppError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::default();
    let account = sql.arg(account_id);
    let list: Vec<String> = ids.iter().map(|id| sql.arg(*id)).collect();
    sql.push(&format!(
        "SELECT {COLUMNS} FROM products p WHERE p.account_id = {account} AND p.id IN ({})",
        list.join(", ")
    ));
    Ok(dynamic::fetch_all(ex, sql).await?)
}

/// The product of the account with this SKU (any case).
pub async fn with_sku(
    ex: &mut Ex<'_>,
    account_id: i64,
    sku: &str,
) -> Result<Option<i64>, AppError> {
    Ok(fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM products WHERE account_id = $1 AND lower(sku) = lower($2)",
        account_id,
        sku
    )?
    .map(|(id,)| id))
}

/// Creates a product of the account; answers its id.
pub async fn insert(
    ex: &mut Ex<'_>,
    account_id: i64,
    p: &NewProduct,
    now: i64,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO products (account_id, sku, name, description, unit_price_minor, currency, \
           iva, sat_product_key, sat_unit_key, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
        account_id,
        &p.sku,
        &p.name,
        &p.description,
        p.unit_price_minor,
        &p.currency,
        p.iva,
        &p.sat_product_key,
        &p.sat_unit_key,
        p.active,
        now
    )?)
}

/// Writes an edited product's fields.
pub async fn update(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    p: &NewProduct,
    now: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE products SET sku = $3, name = $4, description = $5, unit_price_minor = $6, \
           currency = $7, iva = $8, sat_product_key = $9, sat_unit_key = $10, active = $11, \
           updated_at = $12 \
         WHERE account_id = $1 AND id = $2",
        account_id,
        id,
        &p.sku,
        &p.name,
        &p.description,
        p.unit_price_minor,
        &p.currency,
        p.iva,
        &p.sat_product_key,
        &p.sat_unit_key,
        p.active,
        now
    )?;
    Ok(())
}

/// Deletes a product.
pub async fn delete(ex: &mut Ex<'_>, account_id: i64, id: i64) -> Result<(), AppError> {
    execute!(
        ex,
        "DELETE FROM products WHERE account_id = $1 AND id = $2",
        account_id,
        id
    )?;
    Ok(())
}

/// The products of the account with ids in `(after, until]`, in id order
/// (a chunk of the export).
pub async fn export(
    ex: &mut Ex<'_>,
    account_id: i64,
    after: i64,
    until: i64,
) -> Result<Vec<ProductRow>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM products p \
         WHERE p.account_id = $1 AND p.id > $2 AND p.id <= $3 ORDER BY p.id"
    );
    Ok(fetch_all!(
        ex,
        ProductRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        after,
        until
    )?)
}

/// Every product of the account, what an import matches its rows against
/// (by SKU).
pub async fn all(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<ProductRow>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM products p WHERE p.account_id = $1");
    Ok(fetch_all!(
        ex,
        ProductRow,
        sqlx::AssertSqlSafe(sql),
        account_id
    )?)
}

/// New products with their ids reserved (an import's).
pub async fn insert_many(
    ex: &mut Ex<'_>,
    account_id: i64,
    rows: &[(i64, NewProduct)],
    now: i64,
) -> Result<(), AppError> {
    insert_many!(
        ex,
        "INSERT INTO products (id, account_id, sku, name, description, unit_price_minor, \
           currency, iva, sat_product_key, sat_unit_key, active, created_at, updated_at)",
        rows,
        |r| [
            r.0,
            account_id,
            &r.1.sku,
            &r.1.name,
            &r.1.description,
            r.1.unit_price_minor,
            &r.1.currency,
            r.1.iva,
            &r.1.sat_product_key,
            &r.1.sat_unit_key,
            r.1.active,
            now,
            now
        ]
    )
}
