//! Creating a deal from the board's "Nuevo trato" form: every field checked
//! at once, each problem named by its field, nothing written unless all are
//! right.
use crate::domain::deal::NewDealInput;
use crate::domain::money::parse_minor;
use crate::domain::permission::Permission;
use crate::error::{AppError, FieldError};
use crate::ssr::auth::guard::Actor;
use crate::ssr::dashboard::time_zone;
use crate::ssr::db::Db;
use crate::ssr::db::deals::{self, NewDeal};
use crate::ssr::live::{BoardChange, Live};
use crate::ssr::now_ms;
use chrono::NaiveDate;

fn problem(field: &str, code: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
    }
}

/// Creates the deal `input` describes, owned by the caller unless another
/// owner is chosen (which needs `crm.deals.edit_all`); returns its id.
pub async fn create(
    db: &Db,
    live: &Live,
    actor: &Actor,
    input: &NewDealInput,
) -> Result<i64, AppError> {
    let mut problems = vec![];
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        problems.push(problem("title", "length"));
    }
    let value = parse_minor(&input.value).map_err(|e| problem("value", e.code()));
    let stage_id = input.stage_id.trim().parse::<i64>();
    if stage_id.is_err() {
        problems.push(problem("stage_id", "invalid"));
    }
    let owner_id = match input.owner_id.trim() {
        "" => Ok(actor.user_id),
        text => text.parse::<i64>(),
    };
    match owner_id {
        Err(_) => problems.push(problem("owner_id", "invalid")),
        Ok(id) if id != actor.user_id && !actor.can(Permission::DealsEditAll) => {
            problems.push(problem("owner_id", "not_allowed"));
        }
        Ok(_) => {}
    }
    let close = match input.expected_close_date.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some),
    };
    if close.is_err() {
        problems.push(problem("expected_close_date", "invalid_date"));
    }
    if let Err(p) = &value {
        problems.push(p.clone());
    }
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    let (Ok(value_minor), Ok(stage_id), Ok(owner_id), Ok(close)) =
        (value, stage_id, owner_id, close)
    else {
        return Err(AppError::Internal);
    };
    let tz = time_zone(&actor.row.time_zone)?;
    let now = now_ms();
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let deal = NewDeal {
        title: title.to_string(),
        value_minor,
        stage_id,
        owner_id,
        created_at: now,
        won_at: None,
        lost_at: None,
        lost_reason_id: None,
    };
    // Stage and owner of another account, or an inactive owner, are named
    // field errors from here; nothing is written then.
    let id = deals::create(&mut ex, actor.account_id, tz, actor.user_id, &deal, now).await?;
    if let Some(date) = close {
        deals::set_expected_close(&mut ex, actor.account_id, id, &date.to_string()).await?;
    }
    let pipeline_id = deals::stage_pipeline(&mut ex, actor.account_id, stage_id).await?;
    tx.commit().await?;
    let change = BoardChange {
        account_id: actor.account_id,
        pipeline_id,
    };
    live.publish(db, change).await;
    Ok(id)
}
