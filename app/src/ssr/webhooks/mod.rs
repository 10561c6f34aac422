//! Webhooks: an account's endpoints (URL, secret, the event kinds and
//! pipeline they want), each event of the outbox delivered to them signed
//! ([`sign`]), at least once, in order per record, never to an internal
//! address ([`address`]), by the worker every app server runs
//! ([`deliver`]); and the delivery log with its resend and test message.
//!
//! Managed by whoever holds `account.integrations.manage` and sees every
//! deal (an endpoint receives them all).
pub mod address;
pub mod db;
pub mod deliver;
pub mod sign;

use crate::domain::events::{TEST_KIND, is_kind};
use crate::domain::permission::Permission;
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::{Actor, Need};
use crate::ssr::bitacora;
use crate::ssr::db::Db;
use crate::ssr::outbox::Source;
use crate::ssr::outbox::db::{self as events, NewEvent};
use crate::ssr::pipelines::db as pipelines;
use address::{AllowNets, check_url};
use db::{DeliveryRow, WebhookFields, WebhookRow};
use serde_json::json;

/// Endpoints an account may have.
pub const MAX_WEBHOOKS: i64 = 20;
/// The longest URL and description.
const MAX_URL: usize = 2000;
const MAX_DESCRIPTION: usize = 200;
/// Deliveries one page of the log shows.
pub const LOG_PAGE: i64 = 50;

/// An endpoint as a form or the API sends it (a field not sent keeps its
/// value on an update).
#[derive(Clone, Debug, Default)]
pub struct WebhookInput {
    pub url: Option<String>,
    /// The event kinds (none or empty: every kind).
    pub kinds: Option<Vec<String>>,
    /// `Some(None)`: every pipeline.
    pub pipeline_id: Option<Option<i64>>,
    pub description: Option<String>,
    pub active: Option<bool>,
}

/// Checks that `actor` may manage webhooks: the CRM plan, the permission,
/// and seeing every deal.
fn must_manage(actor: &Actor) -> Result<(), AppError> {
    actor.check(Need::CrmPerm(Permission::IntegrationsManage))?;
    if !actor.can(Permission::DealsViewAll) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// An endpoint's fields once checked, owned.
struct Checked {
    url: String,
    kinds: String,
    pipeline_id: Option<i64>,
    description: String,
    active: bool,
}

impl Checked {
    fn fields(&self) -> WebhookFields<'_> {
        WebhookFields {
            url: &self.url,
            kinds: &self.kinds,
            pipeline_id: self.pipeline_id,
            description: &self.description,
            active: self.active,
        }
    }
}

/// The fields of `input` over `base` (an existing endpoint), checked: each
/// wrong one named.
async fn checked(
    db: &Db,
    actor: &Actor,
    allow: &AllowNets,
    input: &WebhookInput,
    base: Option<&WebhookRow>,
) -> Result<Checked, AppError> {
    let mut p = Problems::default();
    let url = match (&input.url, base) {
        (Some(u), _) => u.trim().to_string(),
        (None, Some(b)) => b.url.clone(),
        (None, None) => String::new(),
    };
    if url.is_empty() {
        p.add("url", "required");
    } else if url.chars().count() > MAX_URL {
        p.add("url", "too_long");
    } else {
        match url::Url::parse(&url) {
            Ok(parsed) => {
                if let Err(code) = check_url(&parsed, allow) {
                    p.add("url", code);
                }
            }
            Err(_) => p.add("url", "invalid"),
        }
    }
    let kinds = match (&input.kinds, base) {
        (Some(k), _) => {
            let mut kinds: Vec<String> = k.iter().map(|k| k.trim().to_string()).collect();
            kinds.sort();
            kinds.dedup();
            if kinds.iter().any(|k| !is_kind(k)) {
                p.add("kinds", "invalid");
            }
            kinds.join(",")
        }
        (None, Some(b)) => b.kinds.clone(),
        (None, None) => String::new(),
    };
    let pipeline_id = match (input.pipeline_id, base) {
        (Some(id), _) => id,
        (None, Some(b)) => b.pipeline_id,
        (None, None) => None,
    };
    if let Some(id) = pipeline_id {
        let mut conn = db.read().await?;
        if pipelines::get(&mut conn.ex(), actor.account_id, id)
            .await?
            .is_none()
        {
            p.add("pipeline_id", "not_found");
        }
    }
    let description = match (&input.description, base) {
        (Some(d), _) => p
            .optional_text("description", Some(d), MAX_DESCRIPTION)
            .unwrap_or_default(),
        (None, Some(b)) => b.description.clone(),
        (None, None) => String::new(),
    };
    let active = input.active.or(base.map(|b| b.active)).unwrap_or(true);
    p.finish()?;
    Ok(Checked {
        url,
        kinds,
        pipeline_id,
        description,
        active,
    })
}

/// The account's endpoints.
pub async fn list(db: &Db, actor: &Actor) -> Result<Vec<WebhookRow>, AppError> {
    must_manage(actor)?;
    db::list(&mut db.read().await?.ex(), actor.account_id).await
}

/// The account's endpoint `id` (a foreign one: not found).
pub async fn get(db: &Db, actor: &Actor, id: i64) -> Result<WebhookRow, AppError> {
    must_manage(actor)?;
    db::get(&mut db.read().await?.ex(), actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds an endpoint with a new secret; answers it.
pub async fn create(
    db: &Db,
    actor: &Actor,
    allow: &AllowNets,
    input: &WebhookInput,
) -> Result<WebhookRow, AppError> {
    must_manage(actor)?;
    let c = checked(db, actor, allow, input, None).await?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    if db::count(&mut ex, actor.account_id).await? >= MAX_WEBHOOKS {
        return Err(AppError::field("url", "too_many"));
    }
    let fields = c.fields();
    let now = actor.clock.now;
    let secret = sign::new_secret();
    let id = db::insert(
        &mut ex,
        actor.account_id,
        &fields,
        &secret,
        actor.user_id,
        now,
    )
    .await?;
    bitacora::note(&mut ex, actor, "webhook", Some(id), "created", &c.url).await?;
    let row = db::get(&mut ex, actor.account_id, id)
        .await?
        .ok_or(AppError::Internal)?;
    tx.commit().await?;
    Ok(row)
}

/// Changes an endpoint the caller saw at `version` (409 when it changed
/// since); switching it on again resumes its pending deliveries.
pub async fn update(
    db: &Db,
    actor: &Actor,
    allow: &AllowNets,
    id: i64,
    version: i64,
    input: &WebhookInput,
) -> Result<WebhookRow, AppError> {
    let base = get(db, actor, id).await?;
    let c = checked(db, actor, allow, input, Some(&base)).await?;
    let fields = c.fields();
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    if !db::update(
        &mut ex,
        actor.account_id,
        id,
        version,
        &fields,
        actor.clock.now,
    )
    .await?
    {
        return Err(AppError::Conflict("version".into()));
    }
    bitacora::note(&mut ex, actor, "webhook", Some(id), "updated", &c.url).await?;
    let row = db::get(&mut ex, actor.account_id, id)
        .await?
        .ok_or(AppError::Internal)?;
    tx.commit().await?;
    Ok(row)
}

/// Deletes an endpoint and its log.
pub async fn delete(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let base = get(db, actor, id).await?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    if !db::delete(&mut ex, actor.account_id, id).await? {
        return Err(AppError::NotFound);
    }
    bitacora::note(&mut ex, actor, "webhook", Some(id), "deleted", &base.url).await?;
    tx.commit().await
}

/// A page of the endpoint's delivery log, newest first, before the
/// delivery `before`.
pub async fn log(
    db: &Db,
    actor: &Actor,
    id: i64,
    before: Option<i64>,
) -> Result<Vec<DeliveryRow>, AppError> {
    get(db, actor, id).await?;
    let mut conn = db.read().await?;
    db::log(&mut conn.ex(), actor.account_id, id, before, LOG_PAGE).await
}

/// Sends the endpoint a test message ([`TEST_KIND`], to it alone, even
/// when switched off); answers the delivery's id.
pub async fn test(db: &Db, actor: &Actor, id: i64) -> Result<i64, AppError> {
    let hook = get(db, actor, id).await?;
    let now = actor.clock.now;
    let data = json!({
        "object": {"webhook_id": hook.id, "message": "Embudo: prueba de webhook / webhook test"},
        "changes": {},
    })
    .to_string();
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let event_id = events::insert(
        &mut ex,
        &NewEvent {
            account_id: actor.account_id,
            kind: TEST_KIND,
            entity: "webhook",
            entity_id: hook.id,
            pipeline_id: None,
            source: Source::user(actor.user_id),
            at: now,
            data: &data,
        },
    )
    .await?;
    let record = ("webhook", hook.id);
    let delivery = events::queue(&mut ex, actor.account_id, hook.id, event_id, record, now).await?;
    tx.commit().await?;
    Ok(delivery)
}

/// Queues the event of the endpoint's delivery `delivery_id` again (the
/// same message id, so a receiver that has it may drop it); answers the
/// new delivery's id.
pub async fn resend(db: &Db, actor: &Actor, id: i64, delivery_id: i64) -> Result<i64, AppError> {
    get(db, actor, id).await?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let (event_id, entity, entity_id) = db::event_of(&mut ex, actor.account_id, id, delivery_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let record = (entity.as_str(), entity_id);
    let now = actor.clock.now;
    let again = events::queue(&mut ex, actor.account_id, id, event_id, record, now).await?;
    tx.commit().await?;
    Ok(again)
}
