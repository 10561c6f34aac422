//! The dashboard's reads: small range scans of the `stats_*` aggregates
//! (see [`super::deal_stats`]). `owner_id` 0 means the whole team (the
//! rollup rows).
use super::Ex;
use crate::error::AppError;
use crate::{fetch_all, fetch_one};

/// Open deals of one stage and owner at some instant.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenRow {
    pub stage_id: i64,
    pub owner_id: i64,
    pub deal_count: i64,
    pub value_total: i64,
}

/// Open deals at the end of local day `day`: open now, minus the changes of
/// every later day (summed along the primary key, then subtracted here).
pub async fn open_at_end_of(
    ex: &mut Ex<'_>,
    account_id: i64,
    day: i64,
) -> Result<Vec<OpenRow>, AppError> {
    let mut open = fetch_all!(
        ex,
        OpenRow,
        "SELECT stage_id, owner_id, deal_count, value_total FROM stats_open WHERE account_id = $1",
        account_id
    )?;
    let later = fetch_all!(
        ex,
        OpenRow,
        "SELECT stage_id, owner_id, CAST(SUM(deal_count) AS BIGINT) AS deal_count, \
           CAST(SUM(value_total) AS BIGINT) AS value_total \
         FROM stats_open_change WHERE account_id = $1 AND stage_id <> 0 AND owner_id <> 0 AND day > $2 \
         GROUP BY stage_id, owner_id",
        account_id,
        day
    )?;
    for change in later {
        match open
            .iter_mut()
            .find(|o| o.stage_id == change.stage_id && o.owner_id == change.owner_id)
        {
            Some(o) => {
                o.deal_count -= change.deal_count;
                o.value_total -= change.value_total;
            }
            None => open.push(OpenRow {
                deal_count: -change.deal_count,
                value_total: -change.value_total,
                ..change
            }),
        }
    }
    open.retain(|o| o.deal_count != 0 || o.value_total != 0);
    Ok(open)
}

/// Number and value of the open deals at the end of local day `day`, of
/// one owner or (`owner_id` 0) the whole team, from the rollup rows.
pub async fn open_total_at_end_of(
    ex: &mut Ex<'_>,
    account_id: i64,
    owner_id: i64,
    day: i64,
) -> Result<(i64, i64), AppError> {
    Ok(fetch_one!(
        ex,
        (i64, i64),
        "SELECT \
           CAST((SELECT COALESCE(SUM(deal_count), 0) FROM stats_open \
                   WHERE account_id = $1 AND ($2 = 0 OR owner_id = $2)) \
              - (SELECT COALESCE(SUM(deal_count), 0) FROM stats_open_change \
                   WHERE account_id = $1 AND stage_id = 0 AND owner_id = $2 AND day > $3) AS BIGINT), \
           CAST((SELECT COALESCE(SUM(value_total), 0) FROM stats_open \
                   WHERE account_id = $1 AND ($2 = 0 OR owner_id = $2)) \
              - (SELECT COALESCE(SUM(value_total), 0) FROM stats_open_change \
                   WHERE account_id = $1 AND stage_id = 0 AND owner_id = $2 AND day > $3) AS BIGINT)",
        account_id,
        owner_id,
        day
    )?)
}

/// Wins of one local day.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct WonDay {
    pub day: i64,
    pub deal_count: i64,
    pub value_total: i64,
    pub win_ms_total: i64,
}

/// Wins per local day from `from_day` on, of one owner or (0) the team.
pub async fn won_by_day(
    ex: &mut Ex<'_>,
    account_id: i64,
    owner_id: i64,
    from_day: i64,
) -> Result<Vec<WonDay>, AppError> {
    Ok(fetch_all!(
        ex,
        WonDay,
        "SELECT day, deal_count, value_total, win_ms_total FROM stats_won \
         WHERE account_id = $1 AND owner_id = $3 AND day >= $2",
        account_id,
        from_day,
        owner_id
    )?)
}

/// Deals created on one local day, and how many of them are won now.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CreatedDay {
    pub day: i64,
    pub deal_count: i64,
    pub won_count: i64,
}

/// Created deals per local day from `from_day` on, of one owner or (0) the team.
pub async fn created_by_day(
    ex: &mut Ex<'_>,
    account_id: i64,
    owner_id: i64,
    from_day: i64,
) -> Result<Vec<CreatedDay>, AppError> {
    Ok(fetch_all!(
        ex,
        CreatedDay,
        "SELECT day, deal_count, won_count FROM stats_created \
         WHERE account_id = $1 AND owner_id = $3 AND day >= $2",
        account_id,
        from_day,
        owner_id
    )?)
}

/// Deals lost for one reason.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LostRow {
    pub reason_id: i64,
    pub reason: String,
    pub deal_count: i64,
    pub value_total: i64,
}

/// Deals lost between two local days (inclusive), per reason.
pub async fn lost_by_reason(
    ex: &mut Ex<'_>,
    account_id: i64,
    owner_id: i64,
    first_day: i64,
    last_day: i64,
) -> Result<Vec<LostRow>, AppError> {
    Ok(fetch_all!(
        ex,
        LostRow,
        "SELECT s.reason_id, COALESCE(r.label, '') AS reason, s.deal_count, s.value_total FROM ( \
           SELECT reason_id, CAST(SUM(deal_count) AS BIGINT) AS deal_count, \
             CAST(SUM(value_total) AS BIGINT) AS value_total \
           FROM stats_lost WHERE account_id = $1 AND owner_id = $4 AND day >= $2 AND day <= $3 \
           GROUP BY reason_id \
         ) s LEFT JOIN lost_reasons r ON r.id = s.reason_id AND r.account_id = $1",
        account_id,
        first_day,
        last_day,
        owner_id
    )?)
}

/// A user as the dashboard names them.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OwnerName {
    pub id: i64,
    pub name: String,
    pub email: String,
}

/// Every user of the account (deal owners may be inactive now).
pub async fn owner_names(ex: &mut Ex<'_>, account_id: i64) -> Result<Vec<OwnerName>, AppError> {
    Ok(fetch_all!(
        ex,
        OwnerName,
        "SELECT id, name, email FROM users WHERE account_id = $1",
        account_id
    )?)
}
