//! The pages' writes to organizations, contacts and activities: one form
//! endpoint for the three (the form island is one), deleting, completing an
//! activity and moving it to another day (the calendar). Each function checks
//! session, plan and permission itself, through the same checks as the REST
//! API ([`crate::ssr::directory_edit`], [`crate::ssr::activity_edit`]).
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
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::{activity_edit, directory_edit};

    let (state, actor) = require(Need::Crm).await?;
    let sent = fields.into_iter().collect();
    Ok(match kind {
        RecordKind::Organization => {
            let saved = directory_edit::save_organization(&state.db, &actor, id, sent).await?;
            format!("/clientes/{saved}")
        }
        RecordKind::Contact => {
            let saved = directory_edit::save_contact(&state.db, &actor, id, sent).await?;
            format!("/contactos/{saved}")
        }
        RecordKind::Activity => {
            activity_edit::save(&state, &actor, id, sent).await?;
            String::new()
        }
    })
}

/// Deletes a record; answers the page to show next (its list; empty: the
/// page the button is on).
#[server(endpoint = "delete_record")]
pub async fn delete_record(kind: RecordKind, id: i64) -> Result<String, AppError> {
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::{activity_edit, directory_edit};

    let (state, actor) = require(Need::Crm).await?;
    Ok(match kind {
        RecordKind::Organization => {
            directory_edit::delete_organization(&state.db, &actor, id).await?;
            "/clientes".to_string()
        }
        RecordKind::Contact => {
            directory_edit::delete_contact(&state.db, &actor, id).await?;
            "/contactos".to_string()
        }
        RecordKind::Activity => {
            activity_edit::delete(&state, &actor, id).await?;
            String::new()
        }
    })
}

/// Marks an activity done.
#[server(endpoint = "complete_activity")]
pub async fn complete_activity(id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::activity_edit::complete(&state, &actor, id).await?;
    Ok(())
}

/// Moves an activity to another local day (`YYYY-MM-DD`), keeping its time.
#[server(endpoint = "reschedule_activity")]
pub async fn reschedule_activity(id: i64, date: String) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::activity_edit::reschedule(&state, &actor, id, &date).await
}

/// Saves the filters of a list page (`clientes`, `contactos`) under a name.
#[server(endpoint = "save_filter")]
pub async fn save_filter(page: String, name: String, query: String) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory_edit::save_filter(&state.db, &actor, &page, &name, &query).await
}

/// Deletes one of the caller's saved filters.
#[server(endpoint = "delete_filter")]
pub async fn delete_filter(id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::directory_edit::delete_filter(&state.db, &actor, id).await
}
