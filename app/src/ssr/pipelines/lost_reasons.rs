//! The lost reasons of the account's settings: added, renamed, retired and
//! offered again by whoever configures the pipeline
//! (`crm.pipeline.configure`). A retired reason stays on the deals lost
//! with it; it is no longer offered when losing a deal.
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::note;
use crate::ssr::db::Db;
use crate::ssr::pipelines::db::lost_reasons;

/// The most characters of a reason.
const LABEL_MAX: usize = 80;

/// Adds a reason (`id` none) or renames one and says whether it is offered.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save(
    db: &Db,
    actor: &Actor,
    id: Option<i64>,
    label: &str,
    active: bool,
) -> Result<(), AppError> {
    let mut f = Problems::default();
    let label = f.required_text("label", Some(label), LABEL_MAX);
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    if !f.failed("label")
        && lost_reasons::labelled(&mut ex, actor.account_id, &label)
            .await?
            .is_some_and(|other| Some(other) != id)
    {
        f.add("label", "taken");
    }
    f.finish()?;
    match id {
        None => {
            let id = lost_reasons::insert(&mut ex, actor.account_id, &label).await?;
            note(&mut ex, actor, "lost_reason", Some(id), "created", &label).await?;
        }
        Some(id) => {
            if !lost_reasons::update(&mut ex, actor.account_id, id, &label, active).await? {
                return Err(AppError::NotFound);
            }
            let action = if active { "updated" } else { "retired" };
            note(&mut ex, actor, "lost_reason", Some(id), action, &label).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
