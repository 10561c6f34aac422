//! Pipelines and stages in the account's settings, for whoever configures
//! the pipeline (`crm.pipeline.configure`): added, renamed, reordered and
//! deleted. A stage holding deals is deleted only by moving them to another
//! stage of its pipeline (each move in the deal's history and the
//! dashboard); a pipeline only when it holds none. Deleted ones are hidden,
//! not erased, so old history still names them. Every change is noted in
//! the account history.
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::note;
use crate::ssr::db::Db;
use crate::ssr::db::Ex;
use crate::ssr::deals::db as deals;
use crate::ssr::pipelines::db::{self as pipelines, StageFields};

/// The most characters of a pipeline's or stage's name.
const NAME_MAX: usize = 60;
/// The longest rotting limit, in days.
const ROTTING_MAX: i64 = 365;

/// Adds a pipeline (with the default stages) or renames one; returns its id.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save_pipeline(
    db: &Db,
    actor: &Actor,
    id: Option<i64>,
    name: &str,
) -> Result<i64, AppError> {
    let mut f = Problems::default();
    let name = f.required_text("pipeline_name", Some(name), NAME_MAX);
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    if !f.failed("pipeline_name")
        && pipelines::named(&mut ex, actor.account_id, &name)
            .await?
            .is_some_and(|other| Some(other) != id)
    {
        f.add("pipeline_name", "taken");
    }
    f.finish()?;
    let id = match id {
        None => {
            let (id, _) =
                pipelines::insert(&mut ex, actor.account_id, &name, false, actor.clock.now).await?;
            note(&mut ex, actor, "pipeline", Some(id), "created", &name).await?;
            id
        }
        Some(id) => {
            if !pipelines::rename(&mut ex, actor.account_id, id, &name).await? {
                return Err(AppError::NotFound);
            }
            note(&mut ex, actor, "pipeline", Some(id), "renamed", &name).await?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// Makes a pipeline the one the board and the dashboard open with.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn make_default(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let name = live_pipeline(&mut ex, actor, id).await?.name;
    if !pipelines::make_default(&mut ex, actor.account_id, id).await? {
        return Err(AppError::NotFound);
    }
    note(&mut ex, actor, "pipeline", Some(id), "made_default", &name).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a pipeline that holds no deals, unless it is the last one.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn delete_pipeline(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let name = live_pipeline(&mut ex, actor, id).await?.name;
    if pipelines::list(&mut ex, actor.account_id).await?.len() < 2 {
        return Err(AppError::field("pipeline", "last"));
    }
    if pipelines::deal_count(&mut ex, actor.account_id, Some(id), None).await? > 0 {
        return Err(AppError::field("pipeline", "has_deals"));
    }
    pipelines::delete(&mut ex, actor.account_id, id, actor.clock.now).await?;
    note(&mut ex, actor, "pipeline", Some(id), "deleted", &name).await?;
    tx.commit().await?;
    Ok(())
}

/// A stage's fields as its form sends them.
pub struct StageInput<'a> {
    pub name: &'a str,
    /// `#rrggbb`.
    pub color: &'a str,
    /// Win probability, 0–100 %.
    pub probability: &'a str,
    /// Empty: none; else 1–365.
    pub rotting_days: &'a str,
}

/// Checks a stage's fields: name, colour `#rrggbb`, win probability 0–100 %
/// and rotting days (empty: none; else 1–365).
fn stage_fields(sent: &StageInput<'_>) -> Result<StageFields, AppError> {
    let mut f = Problems::default();
    let name = f.required_text("name", Some(sent.name), NAME_MAX);
    let color = sent.color.trim().to_ascii_lowercase();
    let hex = color.len() == 7
        && color.starts_with('#')
        && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if !hex {
        f.add("color", "invalid_color");
    }
    let probability = match sent.probability.trim().parse::<i64>() {
        Ok(p) if (0..=100).contains(&p) => p,
        _ => {
            f.add("probability", "invalid_percent");
            0
        }
    };
    let rotting_days = match sent.rotting_days.trim() {
        "" => None,
        days => match days.parse::<i64>() {
            Ok(d) if (1..=ROTTING_MAX).contains(&d) => Some(d),
            _ => {
                f.add("rotting_days", "invalid_days");
                None
            }
        },
    };
    f.finish()?;
    Ok(StageFields {
        name,
        color,
        probability,
        rotting_days,
    })
}

/// Adds a stage at the end of `pipeline_id` (no `id`) or changes stage `id`.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save_stage(
    db: &Db,
    actor: &Actor,
    pipeline_id: Option<i64>,
    id: Option<i64>,
    sent: &StageInput<'_>,
) -> Result<(), AppError> {
    let fields = stage_fields(sent)?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    match (id, pipeline_id) {
        (Some(id), _) => {
            if !pipelines::update_stage(&mut ex, actor.account_id, id, &fields).await? {
                return Err(AppError::NotFound);
            }
            note(&mut ex, actor, "stage", Some(id), "updated", &fields.name).await?;
        }
        (None, Some(pipeline_id)) => {
            live_pipeline(&mut ex, actor, pipeline_id).await?;
            let id =
                pipelines::insert_stage(&mut ex, actor.account_id, pipeline_id, &fields).await?;
            note(&mut ex, actor, "stage", Some(id), "created", &fields.name).await?;
        }
        (None, None) => return Err(AppError::field("pipeline_id", "required")),
    }
    tx.commit().await?;
    Ok(())
}

/// Moves a stage one place earlier (`up`) or later in its pipeline.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn move_stage(db: &Db, actor: &Actor, id: i64, up: bool) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let pipeline = stage_pipeline(&mut ex, actor, id).await?;
    let mut order: Vec<i64> = pipeline.stages.iter().map(|s| s.id).collect();
    let at = order
        .iter()
        .position(|s| *s == id)
        .ok_or(AppError::NotFound)?;
    let to = if up { at.checked_sub(1) } else { Some(at + 1) };
    if let Some(to) = to.filter(|to| *to < order.len()) {
        order.swap(at, to);
        pipelines::reorder_stages(&mut ex, actor.account_id, &order).await?;
        let name = &pipeline.stages[at].name;
        note(&mut ex, actor, "stage", Some(id), "moved", name).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Deletes a stage, first moving its deals to `move_to` (another stage of
/// its pipeline; required when it holds deals). Never the last stage of a
/// pipeline. Returns the pipeline, whose board changed.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn delete_stage(
    db: &Db,
    actor: &Actor,
    id: i64,
    move_to: Option<i64>,
) -> Result<i64, AppError> {
    let tz = actor.clock.tz;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let pipeline = stage_pipeline(&mut ex, actor, id).await?;
    if pipeline.stages.len() < 2 {
        return Err(AppError::field("stage", "last"));
    }
    let held = pipelines::deal_count(&mut ex, actor.account_id, None, Some(id)).await?;
    let name = pipeline
        .stages
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let now = actor.clock.now;
    if held > 0 {
        let Some(to) = move_to else {
            return Err(AppError::field("move_to", "has_deals"));
        };
        if to == id || !pipeline.stages.iter().any(|s| s.id == to) {
            return Err(AppError::field("move_to", "not_found"));
        }
        deals::move_all(&mut ex, actor.account_id, tz, actor.user_id, id, to, now).await?;
    }
    pipelines::delete_stage(&mut ex, actor.account_id, id, now).await?;
    note(&mut ex, actor, "stage", Some(id), "deleted", &name).await?;
    tx.commit().await?;
    Ok(pipeline.id)
}

/// A live pipeline of the actor's account (else not found).
async fn live_pipeline(
    ex: &mut Ex<'_>,
    actor: &Actor,
    id: i64,
) -> Result<crate::model::PipelineView, AppError> {
    pipelines::get(ex, actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The live pipeline a live stage of the actor's account is in.
async fn stage_pipeline(
    ex: &mut Ex<'_>,
    actor: &Actor,
    stage_id: i64,
) -> Result<crate::model::PipelineView, AppError> {
    let pipeline_id = deals::stage_pipeline(ex, actor.account_id, stage_id)
        .await
        .map_err(|e| match e {
            AppError::Validation(_) => AppError::NotFound,
            e => e,
        })?;
    live_pipeline(ex, actor, pipeline_id).await
}
