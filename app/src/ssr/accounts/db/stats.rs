//! Record counts of an account, for the seeder's report and for checks.
use crate::error::AppError;
use crate::fetch_one;
use crate::ssr::db::Ex;

/// How much an account holds.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountCounts {
    pub deals_open: i64,
    pub deals_won: i64,
    pub deals_lost: i64,
    pub value_minor: i64,
    pub events: i64,
    pub comments: i64,
    pub activities: i64,
    pub organizations: i64,
    pub contacts: i64,
}

pub async fn account_counts(ex: &mut Ex<'_>, account_id: i64) -> Result<AccountCounts, AppError> {
    Ok(fetch_one!(
        ex,
        AccountCounts,
        "SELECT \
           (SELECT COUNT(*) FROM deals WHERE account_id = $1 AND status = 'open') AS deals_open, \
           (SELECT COUNT(*) FROM deals WHERE account_id = $1 AND status = 'won') AS deals_won, \
           (SELECT COUNT(*) FROM deals WHERE account_id = $1 AND status = 'lost') AS deals_lost, \
           (SELECT CAST(COALESCE(SUM(base_value_minor), 0) AS BIGINT) FROM deals WHERE account_id = $1) AS value_minor, \
           (SELECT COUNT(*) FROM deal_events WHERE account_id = $1) AS events, \
           (SELECT COUNT(*) FROM deal_comments WHERE account_id = $1) AS comments, \
           (SELECT COUNT(*) FROM activities WHERE account_id = $1) AS activities, \
           (SELECT COUNT(*) FROM organizations WHERE account_id = $1) AS organizations, \
           (SELECT COUNT(*) FROM contacts WHERE account_id = $1) AS contacts",
        account_id
    )?)
}
