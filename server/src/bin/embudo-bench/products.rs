//! `embudo-bench lists`, the catalogue: the account's products grown to
//! [`PRODUCTS`] (written once, by the bench), then `/crm/productos` (the
//! `list_products` server function) first page, by text (a word, a SKU),
//! inactive ones, 100 pages deep by name; `GET /api/v1/products` and deep;
//! the CSV export of the catalogue.
use super::lists::{get, time, urlencode};
use app::ssr::db::{Db, dialect};
use app::ssr::products::db::{self as products, NewProduct, ProductFilter};
use axum::Router;
use load::form_post;
use std::time::Instant;

type Failure = Box<dyn std::error::Error>;

/// Products the bench grows the catalogue to: a large distributor's.
const PRODUCTS: i64 = 100_000;
const WORDS: [&str; 12] = [
    "Tornillo", "Cable", "Licencia", "Silla", "Panel", "Caja", "Servicio", "Laptop", "Póliza",
    "Playera", "Kit", "Curso",
];
const SIZES: [&str; 6] = [
    "chico",
    "mediano",
    "grande",
    "industrial",
    "básico",
    "premium",
];

/// Fills the catalogue of `account_id` up to [`PRODUCTS`].
async fn grow(db: &Db, account_id: i64) -> Result<(), Failure> {
    let mut conn = db.read().await?;
    let filter = ProductFilter {
        account_id,
        ..ProductFilter::default()
    };
    let have = products::count(&mut conn.ex(), &filter, PRODUCTS).await?;
    drop(conn);
    let now = app::ssr::clock::now_ms();
    let mut n = have;
    while n < PRODUCTS {
        let batch = (PRODUCTS - n).min(10_000) as usize;
        let mut tx = db.begin().await?;
        let ids = dialect::reserve_ids(&mut tx.ex(), "products", batch).await?;
        let rows: Vec<(i64, NewProduct)> = ids
            .into_iter()
            .enumerate()
            .map(|(i, id)| {
                let k = n as usize + i;
                let product = NewProduct {
                    sku: format!("BN-{k:06}"),
                    name: format!(
                        "{} {} modelo {}",
                        WORDS[k % WORDS.len()],
                        SIZES[(k / WORDS.len()) % SIZES.len()],
                        k
                    ),
                    description: None,
                    unit_price_minor: 1_000 + (k as i64 * 7_919) % 5_000_000,
                    currency: "MXN".into(),
                    iva: if k.is_multiple_of(10) { "0" } else { "16" },
                    sat_product_key: Some("43211503".into()),
                    sat_unit_key: Some("H87".into()),
                    active: !k.is_multiple_of(20),
                };
                (id, product)
            })
            .collect();
        products::insert_many(&mut tx.ex(), account_id, &rows, now).await?;
        tx.commit().await?;
        n += batch as i64;
    }
    Ok(())
}

pub async fn run(
    db: &Db,
    router: &Router,
    (cookie, token): (&str, &str),
    account_id: i64,
    requests: usize,
) -> Result<(), Failure> {
    grow(db, account_id).await?;
    println!("-- /crm/productos (server function list_products, 50 rows), {PRODUCTS} products");
    let list = |form: String| {
        let cookie = cookie.to_string();
        move || {
            form_post(
                "127.0.0.1",
                "/api/list_products",
                form.clone(),
                Some(&cookie),
            )
        }
    };
    let cases = [
        ("products", "query[q]="),
        ("products q", "query[q]=tornillo+industrial"),
        ("products sku", "query[q]=BN-054321"),
        ("products none", "query[q]=zzzzzz"),
        ("inactive", "query[status]=inactive"),
    ];
    for (name, form) in cases {
        let (samples, _) = time(router, requests, list(form.into())).await?;
        super::report(name, samples);
    }
    let mut samples = vec![];
    let mut after: Option<String> = None;
    for _ in 0..100 {
        let form = match &after {
            Some(a) => format!("query[q]=&query[after]={}", urlencode(a)),
            None => "query[q]=".to_string(),
        };
        let (mut s, body) = time(router, 1, list(form)).await?;
        samples.append(&mut s);
        let v: serde_json::Value = serde_json::from_slice(&body)?;
        match v["pages"]["next"].as_str() {
            Some(n) => after = Some(n.to_string()),
            None => break,
        }
    }
    super::report("products deep", samples);
    println!("-- GET /api/v1/products?limit=50");
    let last = {
        let mut conn = db.read().await?;
        app::ssr::db::bulk::account_max_id(&mut conn.ex(), "products", account_id).await?
    };
    for (name, path) in [
        ("rest", "/api/v1/products?limit=50".to_string()),
        ("rest q", "/api/v1/products?limit=50&q=cable+premium".into()),
        (
            "rest deep",
            format!("/api/v1/products?limit=50&cursor={}", last - 5_000),
        ),
    ] {
        let (samples, _) = time(router, requests, get(&path, None, Some(token))).await?;
        super::report(name, samples);
    }
    let t = Instant::now();
    let (_, body) = time(router, 1, get("/api/v1/export/products", None, Some(token))).await?;
    let rows = body
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .saturating_sub(1);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "export products  {rows} rows in {secs:.2} s = {:.0} rows/s",
        rows as f64 / secs
    );
    Ok(())
}
