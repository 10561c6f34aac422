//! The one record form's writes (the form island is one for deals,
//! organizations, contacts, activities and products) and its delete button, a plain
//! form's post after which the server shows the page that follows. Each
//! function checks session, plan and permission itself, through the same
//! checks as the REST API ([`crate::ssr::directory::edit`],
//! [`crate::ssr::activities::edit`], [`crate::ssr::deals::edit`]).
use crate::domain::records::RecordKind;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Creates (`id` none) or edits a record from the form's fields; answers
/// the page to show next (the record's own; empty: the page the form is on).
#[server(endpoint = "save_record")]
pub async fn save_record(
    kind: RecordKind,
    id: Option<i64>,
    fields: BTreeMap<String, String>,
) -> Result<String, AppError> {
    use crate::domain::activity_input::ActivityInput;
    use crate::domain::directory_input::{ContactInput, OrganizationInput};
    use crate::domain::products::ProductInput;
    use crate::ssr::activities::edit as activity_edit;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::directory::edit as directory_edit;
    use crate::ssr::products::edit as product_edit;

    let (state, actor) = require(Need::Crm).await?;
    Ok(match kind {
        RecordKind::Deal => {
            save_deal(&state, &actor, id, &fields).await?;
            String::new()
        }
        RecordKind::Organization => {
            let sent = OrganizationInput::from_form(&fields);
            let saved = directory_edit::save_organization(&state.db, &actor, id, sent).await?;
            format!("/clientes/{saved}")
        }
        RecordKind::Contact => {
            let sent = ContactInput::from_form(&fields);
            let saved = directory_edit::save_contact(&state.db, &actor, id, sent).await?;
            format!("/contactos/{saved}")
        }
        RecordKind::Activity => {
            let sent = ActivityInput::from_form(&fields);
            activity_edit::save(&state, &actor, id, sent).await?;
            String::new()
        }
        RecordKind::Product => {
            let sent = ProductInput::from_form(&fields);
            let saved = product_edit::save(&state.db, &actor, id, sent).await?;
            format!("/crm/productos/{saved}")
        }
        RecordKind::Quote => {
            use crate::domain::quotes::QuoteInput;
            let id = id.ok_or_else(|| AppError::field("id", "required"))?;
            let version = fields
                .get("version")
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| AppError::field("version", "invalid"))?;
            let sent = QuoteInput::from_form(&fields);
            crate::ssr::quotes::edit::save_draft(&state.db, &actor, id, version, sent).await?;
            format!("/crm/cotizaciones/{id}")
        }
        RecordKind::SaleNote => {
            use crate::domain::sale_notes::BillingInput;
            let id = id.ok_or_else(|| AppError::field("id", "required"))?;
            let sent = BillingInput::from_form(&fields);
            crate::ssr::sale_notes::edit::set_billing(&state.db, &actor, id, sent).await?;
            format!("/crm/notas/{id}")
        }
    })
}

/// Creates (`id` none) or edits (at the `version` the form carries) a deal
/// from the "Nuevo trato" / "Editar trato" form; the page is shown again.
#[cfg(feature = "ssr")]
async fn save_deal(
    state: &crate::ssr::state::AppState,
    actor: &crate::ssr::auth::guard::Actor,
    id: Option<i64>,
    fields: &BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::domain::deal::DealInput;
    use crate::ssr::deals::edit as deal_edit;

    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let input = DealInput {
        title: get("title"),
        value: get("value"),
        currency: get("currency"),
        exchange_rate: get("exchange_rate"),
        stage_id: get("stage_id"),
        owner_id: get("owner_id"),
        expected_close_date: get("expected_close_date"),
        organization_id: get("organization_id"),
        organization: get("organization"),
        contact_id: get("contact_id"),
        description: get("description"),
        priority: get("priority"),
        source: get("source"),
    };
    match id {
        None => {
            deal_edit::create(&state.db, &state.live, actor, &input).await?;
        }
        Some(id) => {
            let version = get("version")
                .parse()
                .map_err(|_| AppError::field("version", "invalid"))?;
            deal_edit::update(&state.db, &state.live, actor, id, version, &input).await?;
        }
    }
    Ok(())
}

/// Deletes a record (a plain form's post); an organization or contact then
/// shows its list, an activity the page the button was on.
#[server(endpoint = "delete_record")]
pub async fn delete_record(kind: RecordKind, id: i64) -> Result<(), AppError> {
    use crate::ssr::activities::edit as activity_edit;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::directory::edit as directory_edit;

    let (state, actor) = require(Need::Crm).await?;
    match kind {
        RecordKind::Organization => {
            directory_edit::delete_organization(&state.db, &actor, id).await?;
            leptos_axum::redirect("/clientes");
        }
        RecordKind::Contact => {
            directory_edit::delete_contact(&state.db, &actor, id).await?;
            leptos_axum::redirect("/contactos");
        }
        RecordKind::Activity => activity_edit::delete(&state, &actor, id).await?,
        RecordKind::Product => {
            crate::ssr::products::edit::delete(&state.db, &actor, id).await?;
            leptos_axum::redirect("/crm/productos");
        }
        // A deal is deleted with the version its page shows (REST).
        RecordKind::Deal => {
            return Err(AppError::BadRequest("use DELETE /api/v1/deals/{id}".into()));
        }
        // A quote is cancelled, never deleted (its folio stays given).
        RecordKind::Quote => {
            return Err(AppError::BadRequest(
                "a quote is cancelled, not deleted".into(),
            ));
        }
        // A nota de venta is never deleted (its folio stays given).
        RecordKind::SaleNote => {
            return Err(AppError::BadRequest("a nota de venta stays".into()));
        }
    }
    Ok(())
}
