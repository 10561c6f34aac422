//! The catalogue import: the columns of its export, every field checked as
//! the product form checks it. A row whose SKU (any case) is the account's
//! updates that product (its SKU as stored) with the columns the file has (a column left out
//! keeps what is stored; an empty cell clears the field as the form
//! would); another row creates a product. A SKU twice in the file is a bad
//! row. Each product created or changed is noted in the bitácora with the
//! fields that changed; a row that changes nothing writes nothing.
use super::read::Table;
use super::{OnProgress, Problems, checking, fold};
use app::domain::import::{ImportPhase, ImportProgress, ImportReport};
use app::domain::products::{ProductInput, ProductRow};
use app::domain::records::RecordInput;
use app::error::{AppError, Problems as FieldProblems};
use app::ssr::bitacora::changed;
use app::ssr::bitacora::db::{self as audit, Entry};
use app::ssr::db::{Db, dialect};
use app::ssr::products::db::{self as products, NewProduct};
use std::collections::{HashMap, HashSet};

/// Product columns, in export order.
pub const PRODUCT_COLUMNS: [&str; 9] = [
    "sku",
    "name",
    "description",
    "unit_price",
    "currency",
    "iva",
    "sat_product_key",
    "sat_unit_key",
    "active",
];

/// How an import names a field's problem: the form's code, except that a
/// code that is not one (SKU, SAT keys) is `malformed` and a word it does
/// not know (currency, IVA, active) `unknown`.
fn import_code<'a>(field: &str, code: &'a str) -> &'a str {
    match (field, code) {
        ("sku" | "sat_product_key" | "sat_unit_key", "invalid") => "malformed",
        (_, "invalid") => "unknown",
        (_, other) => other,
    }
}

/// A product the file changes: its id, as stored, and as the file leaves it.
struct Change {
    id: i64,
    before: ProductRow,
    after: NewProduct,
}

/// Imports products into the catalogue of the account, as `user_id`; a
/// new product's currency defaults to the account's.
pub async fn import(
    db: &Db,
    (account_id, user_id): (i64, i64),
    csv: &[u8],
    dry_run: bool,
    progress: OnProgress<'_>,
) -> Result<ImportReport, AppError> {
    let mut problems = Problems::default();
    let t = Table::read(csv, &PRODUCT_COLUMNS, &["sku"], &mut problems)?;
    let (stored, currency) = {
        let mut conn = db.read().await?;
        let mut ex = conn.ex();
        let stored: HashMap<String, ProductRow> = products::all(&mut ex, account_id)
            .await?
            .into_iter()
            .map(|p| (fold(&p.sku), p))
            .collect();
        let account = app::ssr::accounts::db::find(&mut ex, &account_id.to_string())
            .await?
            .ok_or(AppError::NotFound)?;
        (stored, account.currency)
    };
    let total = t.rows.len();
    let mut seen = HashSet::new();
    let (mut new, mut changes) = (vec![], vec![]);
    for (i, (line, row)) in t.rows.iter().enumerate() {
        checking(progress, i, total);
        let cell = |name: &str| {
            let k = PRODUCT_COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
            t.has(k).then(|| t.cell(row, k).to_string())
        };
        let sent = ProductInput {
            sku: cell("sku"),
            name: cell("name"),
            description: cell("description"),
            unit_price: cell("unit_price"),
            currency: cell("currency"),
            iva: cell("iva"),
            sat_product_key: cell("sat_product_key"),
            sat_unit_key: cell("sat_unit_key"),
            active: cell("active"),
        };
        let key = fold(sent.sku.as_deref().unwrap_or(""));
        let before = stored.get(&key);
        // The row names a product of the catalogue: its SKU stays as stored.
        let input = match before {
            Some(row) => ProductInput { sku: None, ..sent }.over(row.input()),
            None => sent,
        };
        let mut found = FieldProblems::default();
        let fields = input.check(&mut found, &currency);
        if !found.failed("sku") && !seen.insert(key) {
            found.add("sku", "duplicate");
        }
        for p in found.list() {
            let value = cell(&p.field).unwrap_or_default();
            let shown = (!value.is_empty()).then(|| value.chars().take(100).collect());
            problems.add(*line, Some(&p.field), import_code(&p.field, &p.code), shown);
        }
        if !found.list().is_empty() {
            continue;
        }
        let after = NewProduct::from(fields);
        match before {
            None => new.push(after),
            Some(row) if after.row(row.id) != *row => changes.push(Change {
                id: row.id,
                before: row.clone(),
                after,
            }),
            Some(_) => {}
        }
    }
    problems.check()?;
    let report = ImportReport {
        dry_run,
        rows: total,
        ignored_columns: t.ignored,
        products_created: new.len(),
        products_updated: changes.len(),
        ..ImportReport::default()
    };
    if dry_run {
        return Ok(report);
    }
    progress(ImportProgress {
        phase: ImportPhase::Writing,
        done: 0,
        total,
    });
    let now = app::ssr::clock::now_ms();
    let mut tx = db.begin().await?;
    let ids = dialect::reserve_ids(&mut tx.ex(), "products", new.len()).await?;
    let rows: Vec<(i64, NewProduct)> = ids.into_iter().zip(new).collect();
    products::insert_many(&mut tx.ex(), account_id, &rows, now).await?;
    let note = |id: i64, action: &'static str, p: &NewProduct, fields: String| {
        let detail = format!("{} · {}", p.sku, p.name);
        (id, action, detail, fields)
    };
    let mut notes: Vec<(i64, &str, String, String)> = rows
        .iter()
        .map(|(id, p)| note(*id, "created", p, String::new()))
        .collect();
    for c in &changes {
        products::update(&mut tx.ex(), account_id, c.id, &c.after, now).await?;
        let (before, after) = (c.before.input().pairs(), c.after.row(c.id).input().pairs());
        let fields = changed(&before, &after).join(",");
        notes.push(note(c.id, "updated", &c.after, fields));
    }
    for (id, action, detail, fields) in &notes {
        let entry = Entry {
            account_id,
            actor_id: user_id,
            entity: "product",
            entity_id: Some(*id),
            action,
            detail,
            fields,
            at: now,
        };
        audit::record(&mut tx.ex(), &entry).await?;
    }
    tx.commit().await?;
    Ok(report)
}
