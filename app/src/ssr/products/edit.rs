//! Creating, editing and deleting products, for the pages' forms and the
//! REST API alike: every field checked (see
//! [`crate::domain::products::ProductInput`]), a SKU the account's once
//! (any case), every change in the bitácora.
use crate::domain::permission::Permission;
use crate::domain::products::{ProductFields, ProductInput, ProductRow};
use crate::domain::records::RecordInput;
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::{Actor, Need};
use crate::ssr::bitacora::{note, note_saved};
use crate::ssr::db::Db;
use crate::ssr::products::db::{self as products, NewProduct};

/// What may change the catalogue.
pub const EDIT: Need = Need::CrmPerm(Permission::PipelineConfigure);

impl From<ProductFields> for NewProduct {
    fn from(f: ProductFields) -> NewProduct {
        NewProduct {
            sku: f.sku,
            name: f.name,
            description: f.description,
            unit_price_minor: f.unit_price_minor,
            currency: f.currency,
            iva: f.iva.code(),
            sat_product_key: f.sat_product_key,
            sat_unit_key: f.sat_unit_key,
            active: f.active,
        }
    }
}

impl NewProduct {
    /// The product as stored under `id`.
    pub fn row(&self, id: i64) -> ProductRow {
        ProductRow {
            id,
            sku: self.sku.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            unit_price_minor: self.unit_price_minor,
            currency: self.currency.clone(),
            iva: self.iva.to_string(),
            sat_product_key: self.sat_product_key.clone(),
            sat_unit_key: self.sat_unit_key.clone(),
            active: self.active,
        }
    }
}

/// Creates (`id` none) or edits a product from the fields sent (an edit
/// keeps the fields not sent); answers its id. The SKU must not be another
/// product's of the account (any case).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save(
    db: &Db,
    actor: &Actor,
    id: Option<i64>,
    sent: ProductInput,
) -> Result<i64, AppError> {
    actor.check(EDIT)?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let stored = match id {
        None => None,
        Some(id) => Some(
            products::product(&mut ex, actor.account_id, id)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
    };
    let before = stored
        .as_ref()
        .map(|r| r.input().pairs())
        .unwrap_or_default();
    let input = match stored {
        Some(row) => sent.over(row.input()),
        None => sent,
    };
    let mut p = Problems::default();
    let fields = input.check(&mut p, &actor.row.currency);
    if !p.failed("sku")
        && products::with_sku(&mut ex, actor.account_id, &fields.sku)
            .await?
            .is_some_and(|other| Some(other) != id)
    {
        p.add("sku", "taken");
    }
    p.finish()?;
    let new = NewProduct::from(fields);
    let now = actor.clock.now;
    let written = match id {
        None => products::insert(&mut ex, actor.account_id, &new, now).await,
        Some(id) => products::update(&mut ex, actor.account_id, id, &new, now)
            .await
            .map(|()| id),
    };
    // Another save took the SKU between the check and the write.
    let saved = written.map_err(|e| match e {
        AppError::Conflict(_) => AppError::field("sku", "taken"),
        e => e,
    })?;
    let after = new.row(saved).input().pairs();
    let name = format!("{} · {}", new.sku, new.name);
    note_saved(&mut ex, actor, "product", saved, &name, &before, &after).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Deletes a product. The lines that took it keep what they copied.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn delete(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    actor.check(EDIT)?;
    let mut tx = db.begin().await?;
    let row = products::product(&mut tx.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    products::delete(&mut tx.ex(), actor.account_id, id).await?;
    let name = format!("{} · {}", row.sku, row.name);
    note(&mut tx.ex(), actor, "product", Some(id), "deleted", &name).await?;
    tx.commit().await?;
    Ok(())
}
