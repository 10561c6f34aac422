//! Pipelines and their stages.
use super::Ex;
use crate::error::AppError;
use crate::model::{PipelineView, StageView};
use crate::{fetch_all, fetch_optional, fetch_scalar};

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
    let pipeline_id = fetch_scalar!(
        ex,
        i64,
        "INSERT INTO pipelines (account_id, name, position, is_default, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        account_id,
        "Ventas",
        0_i64,
        true,
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
        "SELECT id, name, is_default FROM pipelines WHERE account_id = $1 ORDER BY position, id",
        account_id
    )?;
    let stages = fetch_all!(
        ex,
        StageRow,
        concat!(
            stage_select!(),
            "WHERE account_id = $1 ORDER BY position, id"
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
        "SELECT id, name, is_default FROM pipelines WHERE account_id = $1 AND id = $2",
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
            "WHERE account_id = $1 AND pipeline_id = $2 ORDER BY position, id"
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
