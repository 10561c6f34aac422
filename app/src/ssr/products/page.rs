//! The `/crm/productos` pages: a keyset page of the catalogue by name under
//! a text and a status (`?q=&status=`, newest first while searching), and
//! one product with its history. Every value of the query string is
//! checked and a wrong one is named.
use crate::domain::directory::ListPages;
use crate::domain::products::{
    PRODUCTS_PAGE, ProductList, ProductPage, ProductQuery, ProductRow, ProductView, status_filter,
};
use crate::domain::search::MAX_QUERY;
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::record_changes;
use crate::ssr::db::Db;
use crate::ssr::products::db::{self as products, ProductFilter};
use crate::ssr::products::edit::EDIT;
use crate::ssr::query;

/// Products a list counts (a search: fewer).
const COUNT_CAP: i64 = 1_000;
const SEARCH_COUNT_CAP: i64 = 100;

/// A product with its price in the viewer's format.
pub fn view(actor: &Actor, product: ProductRow) -> ProductView {
    ProductView {
        price: actor
            .formats()
            .money(product.unit_price_minor, &product.currency),
        product,
    }
}

/// One page of the catalogue as `query` asks.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn list(db: &Db, actor: &Actor, query: &ProductQuery) -> Result<ProductList, AppError> {
    let typed = query::bounded(query::trimmed(&query.q), "q", MAX_QUERY)?;
    let words = crate::domain::search::words(typed);
    let mut p = Problems::default();
    let active = status_filter(&mut p, query.status.as_deref());
    p.finish()?;
    let cursor = query::name_cursor(&query.after, &query.before)?;
    let may_edit = actor.check(EDIT).is_ok();
    let currency = actor.row.currency.clone();
    if !typed.is_empty() && words.is_none() {
        let pages = ListPages {
            short_search: true,
            ..ListPages::default()
        };
        let rows = vec![];
        return Ok(ProductList {
            rows,
            pages,
            may_edit,
            currency,
        });
    }
    let filter = ProductFilter {
        account_id: actor.account_id,
        words: words.as_deref(),
        active,
    };
    let mut conn = db.read().await?;
    let (rows, more) =
        products::page(&mut conn.ex(), &filter, cursor.as_ref(), PRODUCTS_PAGE).await?;
    let cap = if words.is_some() {
        SEARCH_COUNT_CAP
    } else {
        COUNT_CAP
    };
    let total = products::count(&mut conn.ex(), &filter, cap).await?;
    let keys: Vec<(i64, &str)> = rows.iter().map(|r| (r.id, r.name.as_str())).collect();
    let (previous, next) = query::name_pager(cursor.as_ref(), words.is_some(), &keys, more);
    Ok(ProductList {
        rows: rows.into_iter().map(|r| view(actor, r)).collect(),
        pages: ListPages {
            total: total.min(cap),
            more_than: total > cap,
            previous,
            next,
            short_search: false,
        },
        may_edit,
        currency,
    })
}

/// The product with `id` (another account's: not found).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn product_page(db: &Db, actor: &Actor, id: i64) -> Result<ProductPage, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let row = products::product(&mut ex, actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ProductPage {
        view: view(actor, row),
        may_edit: actor.check(EDIT).is_ok(),
        history: record_changes(&mut ex, actor, "product", id).await?,
    })
}
