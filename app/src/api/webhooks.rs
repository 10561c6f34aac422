//! Cuenta › Webhooks: the account's endpoints, their latest deliveries,
//! and their plain forms (add, switch on or off, delete, send a test,
//! resend a delivery). Each checks its caller through the webhooks
//! service ([`crate::ssr::webhooks`]).
use crate::error::AppError;
use crate::model::WebhooksPage;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Deliveries each endpoint's card shows.
#[cfg(feature = "ssr")]
const SHOWN: usize = 10;

/// The endpoints with their latest deliveries.
#[server(endpoint = "list_webhooks")]
pub async fn list_webhooks() -> Result<WebhooksPage, AppError> {
    use crate::model::{DeliveryView, WebhookView};
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::pipelines::db as pipelines;
    use crate::ssr::webhooks;

    let (state, actor) = require(Need::Crm).await?;
    let rows = webhooks::list(&state.db, &actor).await?;
    let pipelines: Vec<(i64, String)> = {
        let mut conn = state.db.read().await?;
        pipelines::list(&mut conn.ex(), actor.account_id)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect()
    };
    let mut shown = Vec::with_capacity(rows.len());
    for w in rows {
        let log = webhooks::log(&state.db, &actor, w.id, None).await?;
        let deliveries = log
            .into_iter()
            .take(SHOWN)
            .map(|d| DeliveryView {
                id: d.id,
                kind: d.kind,
                entity_id: d.entity_id,
                state: d.state,
                attempts: d.attempts,
                when: actor.local_time(d.last_at.unwrap_or(d.created_at)),
                status: d.last_status,
                error: d.last_error,
                excerpt: d.last_body.filter(|b| !b.is_empty()),
            })
            .collect();
        let kinds = w.kind_list();
        shown.push(WebhookView {
            id: w.id,
            url: w.url,
            description: w.description,
            kinds,
            pipeline: w.pipeline_id.and_then(|id| {
                pipelines
                    .iter()
                    .find(|(p, _)| *p == id)
                    .map(|(_, name)| name.clone())
            }),
            active: w.active,
            disabled: w.disabled_at.map(|at| actor.local_time(at)),
            secret: w.secret,
            version: w.version,
            deliveries,
        });
    }
    Ok(WebhooksPage {
        webhooks: shown,
        pipelines,
    })
}

/// Adds an endpoint: its URL, a description, a pipeline (empty: all) and
/// the kinds ticked (`kinds[deal.won]=on`; none: every kind).
#[server(endpoint = "create_webhook")]
pub async fn create_webhook(
    url: String,
    description: Option<String>,
    pipeline_id: Option<String>,
    kinds: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use crate::error::Problems;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::webhooks::{self, WebhookInput, address::AllowNets};

    let (state, actor) = require(Need::Crm).await?;
    let mut p = Problems::default();
    let pipeline_id = p.id("pipeline_id", pipeline_id.as_deref());
    p.finish()?;
    let input = WebhookInput {
        url: Some(url),
        kinds: Some(kinds.unwrap_or_default().into_keys().collect()),
        pipeline_id: Some(pipeline_id),
        description,
        active: Some(true),
    };
    let allow = AllowNets::new(state.settings.webhook_allow_nets.clone());
    webhooks::create(&state.db, &actor, &allow, &input).await?;
    Ok(())
}

/// Switches an endpoint seen at `version` on (`active` = `true`, which
/// resumes its pending deliveries) or off.
#[server(endpoint = "set_webhook_active")]
pub async fn set_webhook_active(id: i64, version: i64, active: String) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::webhooks::{self, WebhookInput, address::AllowNets};

    let (state, actor) = require(Need::Crm).await?;
    let input = WebhookInput {
        active: Some(active == "true"),
        ..WebhookInput::default()
    };
    let allow = AllowNets::new(state.settings.webhook_allow_nets.clone());
    webhooks::update(&state.db, &actor, &allow, id, version, &input).await?;
    Ok(())
}

/// Deletes an endpoint and its log.
#[server(endpoint = "delete_webhook")]
pub async fn delete_webhook(id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::webhooks::delete(&state.db, &actor, id).await
}

/// Sends an endpoint a test message.
#[server(endpoint = "test_webhook")]
pub async fn test_webhook(id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::webhooks::test(&state.db, &actor, id).await?;
    Ok(())
}

/// Sends a delivery's event again.
#[server(endpoint = "resend_webhook")]
pub async fn resend_webhook(id: i64, delivery_id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::webhooks::resend(&state.db, &actor, id, delivery_id).await?;
    Ok(())
}
