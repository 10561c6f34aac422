//! Pipelines and their stages.
pub mod lost_reasons;
use crate::error::AppError;
use crate::model::{PipelineView, StageView};
use crate::ssr::db::Ex;
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};

/// The default pipeline "Ventas": (name, colour, probability %, rotting days).
pub const DEFAULT_STAGES: [(&str, &str, i64, Option<i64>); 5] = [
    ("Contacto inicial", "#4f7cff", 10, Some(14)),
    ("Calificado", "#22a6b3", 25, Some(14)),
    ("Propuesta enviada", "#f0932b", 50, Some(21)),
    ("En negociación", "#eb4d4b", 75, Some(21)),
    ("Reevaluación", "#8e5cd9", 40, Some(30)),
];

/// Creates the default pipeline and stages; returns (pipeline id, stage ids).
pub async fn insert_default(
    ex: &mut Ex<'_>,
    account_id: i64,
    now: i64,
) -> Result<(i64, Vec<i64>), AppError> {
    insert(ex, account_id, "Ventas", true, now).await
}

/// Creates a pipeline, last in order, with the default stages; returns
/// (pipeline id, stage ids).
pub async fn insert(
    ex: &mut Ex<'_>,
    account_id: i64,
    name: &str,
    is_default: bool,
    now: i64,
) -> Result<(i64, Vec<i64>), AppError> {
    let pipeline_id = fetch_scalar!(
        ex,
        i64,
        "INSERT INTO pipelines (account_id, name, position, is_default, created_at) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(position), -1) + 1 FROM pipelines WHERE account_id = $1), $3, $4) \
         RETURNING id",
        account_id,
        name,
        is_default,
        now
    )?;
    let mut stage_ids = Vec::with_capacity(DEFAULT_STAGES.len());
    for (i, (name, color, probability, rotting)) in DEFAULT_STAGES.iter().enumerate() {
        stage_ids.push(fetch_scalar!(
            ex,
            i64,
            "INSERT INTO stages (account_id, pipeline_id, name, position, color, probability, rotting_days) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            account_id,
            pipeline_id,
            *name,
            i as i64,
            *color,
            *probability,
            *rotting
        )?);
    }
    Ok((pipeline_id, stage_ids))
}

type PipelineRow = (i64, String, bool);
type StageRow = (i64, i64, String, i64, String, i64, Option<i64>);

/// Columns of a [`StageRow`] (a macro so that `concat!` builds static SQL).
macro_rules! stage_select {
    () => {
        "SELECT id, pipeline_id, name, position, color, probability, rotting_days FROM stages "
    };
}

fn assemble(pipelines: Vec<PipelineRow>, stages: Vec<StageRow>) -> Vec<PipelineView> {
    pipelines
        .into_iter()
        .map(|(id, name, is_default)| PipelineView {
            id,
            name,
            is_default,
            stages: stages
                .iter()
                .filter(|s| s.1 == id)
                .map(|s| StageView {
                    id: s.0,
                    name: s.2.clone(),
                    position: s.3,
                    color: s.4.clone(),
                    probability: s.5,
                    rotting_days: s.6,
                })
                .collect(),
        })
        .collect()
}

/// Every pipeline of the account with its stages, in order.
pub async fn list(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<PipelineView>, AppError> {
    let pipelines = fetch_all!(
        ex,
        PipelineRow,
        "SELECT id, name, is_default FROM pipelines WHERE account_id = $1 AND deleted_at IS NULL \
         ORDER BY position, id",
        account_id
    )?;
    let stages = fetch_all!(
        ex,
        StageRow,
        concat!(
            stage_select!(),
            "WHERE account_id = $1 AND deleted_at IS NULL ORDER BY position, id"
        ),
        account_id
    )?;
    Ok(assemble(pipelines, stages))
}

/// One pipeline of the account; a pipeline of another account is `None`.
pub async fn get(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<PipelineView>, AppError> {
    let Some(p) = fetch_optional!(
        ex,
        PipelineRow,
        "SELECT id, name, is_default FROM pipelines \
         WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL",
        account_id,
        id
    )?
    else {
        return Ok(None);
    };
    let stages = fetch_all!(
        ex,
        StageRow,
        concat!(
            stage_select!(),
            "WHERE account_id = $1 AND pipeline_id = $2 AND deleted_at IS NULL ORDER BY position, id"
        ),
        account_id,
        id
    )?;
    Ok(assemble(vec![p], stages).pop())
}

/// The pipeline asked for (a foreign or unknown id is a `pipeline_id`
/// field error), or without one the account's default pipeline.
pub async fn chosen(
    ex: &mut Ex<'_>,
    account_id: i64,
    wanted: Option<i64>,
) -> Result<PipelineView, AppError> {
    match wanted {
        Some(id) => get(ex, account_id, id)
            .await?
            .ok_or_else(|| AppError::field("pipeline_id", "not_found")),
        None => list(ex, account_id)
            .await?
            .into_iter()
            .reduce(|a, b| if b.is_default && !a.is_default { b } else { a })
            .ok_or(AppError::NotFound),
    }
}

/// The live pipeline of the account with this name (any case), if any.
pub async fn named(ex: &mut Ex<'_>, account_id: i64, name: &str) -> Result<Option<i64>, AppError> {
    Ok(fetch_optional!(
        ex,
        (i64,),
        "SELECT id FROM pipelines \
         WHERE account_id = $1 AND LOWER(name) = LOWER($2) AND deleted_at IS NULL",
        account_id,
        name
    )?
    .map(|r| r.0))
}

/// Renames a live pipeline; false when the account has no such pipeline.
pub async fn rename(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    name: &str,
) -> Result<bool, AppError> {
    Ok(execute!(
        ex,
        "UPDATE pipelines SET name = $3 WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL",
        account_id,
        id,
        name
    )? == 1)
}

/// Makes a live pipeline the one the board and dashboard open with; false
/// when the account has no such pipeline.
pub async fn make_default(ex: &mut Ex<'_>, account_id: i64, id: i64) -> Result<bool, AppError> {
    let found = execute!(
        ex,
        "UPDATE pipelines SET is_default = (id = $2) WHERE account_id = $1 AND deleted_at IS NULL",
        account_id,
        id
    )?;
    let chosen = fetch_scalar!(
        ex,
        i64,
        "SELECT COUNT(*) FROM pipelines WHERE account_id = $1 AND is_default AND deleted_at IS NULL",
        account_id
    )?;
    Ok(found > 0 && chosen == 1)
}

/// How many deals (open or closed) a pipeline, or one of its stages, holds.
pub async fn deal_count(
    ex: &mut Ex<'_>,
    account_id: i64,
    pipeline_id: Option<i64>,
    stage_id: Option<i64>,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "SELECT COUNT(*) FROM deals WHERE account_id = $1 \
         AND ($2 IS NULL OR pipeline_id = $2) AND ($3 IS NULL OR stage_id = $3)",
        account_id,
        pipeline_id,
        stage_id
    )?)
}

/// Hides a pipeline with its stages (kept so old history still names
/// them); its name is freed for a new pipeline. Another live pipeline
/// becomes the default if it was.
pub async fn delete(ex: &mut Ex<'_>, account_id: i64, id: i64, now: i64) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE pipelines SET deleted_at = $3, is_default = FALSE, \
           name = name || ' · ' || CAST(id AS TEXT) \
         WHERE account_id = $1 AND id = $2",
        account_id,
        id,
        now
    )?;
    execute!(
        ex,
        "UPDATE stages SET deleted_at = $3 WHERE account_id = $1 AND pipeline_id = $2 AND deleted_at IS NULL",
        account_id,
        id,
        now
    )?;
    execute!(
        ex,
        "UPDATE pipelines SET is_default = TRUE WHERE id = \
           (SELECT id FROM pipelines WHERE account_id = $1 AND deleted_at IS NULL \
            ORDER BY position, id LIMIT 1) \
         AND NOT EXISTS (SELECT 1 FROM pipelines WHERE account_id = $1 AND deleted_at IS NULL AND is_default)",
        account_id
    )?;
    Ok(())
}

/// A stage's fields as the settings set them.
#[derive(Clone, Debug, PartialEq)]
pub struct StageFields {
    pub name: String,
    pub color: String,
    pub probability: i64,
    pub rotting_days: Option<i64>,
}

/// Adds a stage at the end of a pipeline; returns its id.
pub async fn insert_stage(
    ex: &mut Ex<'_>,
    account_id: i64,
    pipeline_id: i64,
    f: &StageFields,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO stages (account_id, pipeline_id, name, position, color, probability, rotting_days) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), -1) + 1 FROM stages WHERE pipeline_id = $2), $4, $5, $6) \
         RETURNING id",
        account_id,
        pipeline_id,
        &f.name,
        &f.color,
        f.probability,
        f.rotting_days
    )?)
}

/// Changes a live stage; false when the account has no such stage.
pub async fn update_stage(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    f: &StageFields,
) -> Result<bool, AppError> {
    Ok(execute!(
        ex,
        "UPDATE stages SET name = $3, color = $4, probability = $5, rotting_days = $6 \
         WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL",
        account_id,
        id,
        &f.name,
        &f.color,
        f.probability,
        f.rotting_days
    )? == 1)
}

/// Sets the positions of a pipeline's live stages to the order given.
pub async fn reorder_stages(
    ex: &mut Ex<'_>,
    account_id: i64,
    order: &[i64],
) -> Result<(), AppError> {
    for (position, id) in order.iter().enumerate() {
        execute!(
            ex,
            "UPDATE stages SET position = $3 WHERE account_id = $1 AND id = $2",
            account_id,
            *id,
            position as i64
        )?;
    }
    Ok(())
}

/// Hides a stage that holds no deals any more (kept so old history still
/// names it), with its all-zero dashboard rows.
pub async fn delete_stage(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    now: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE stages SET deleted_at = $3 WHERE account_id = $1 AND id = $2",
        account_id,
        id,
        now
    )?;
    for sql in [
        "DELETE FROM stats_open WHERE account_id = $1 AND stage_id = $2 AND deal_count = 0 AND value_total = 0",
        "DELETE FROM stats_open_change WHERE account_id = $1 AND stage_id = $2 AND deal_count = 0 AND value_total = 0",
        "DELETE FROM stats_open_change_month WHERE account_id = $1 AND stage_id = $2 AND deal_count = 0 AND value_total = 0",
    ] {
        execute!(ex, sql, account_id, id)?;
    }
    Ok(())
}

/// How many deals (open or closed) each stage of the account holds:
/// (stage id, count), stages without deals left out.
pub async fn deal_counts(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(fetch_all!(
        ex,
        (i64, i64),
        "SELECT stage_id, COUNT(*) FROM deals WHERE account_id = $1 GROUP BY stage_id",
        account_id
    )?)
}
