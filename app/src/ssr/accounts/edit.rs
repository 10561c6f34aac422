//! The account's own settings, for whoever manages the account
//! (`account.plan.manage`): its name, base currency and time zone. The base
//! currency changes only while the account has no deals (their values and
//! exchange rates are in it). A new time zone moves every dashboard day and
//! month bucket, so the aggregates are rebuilt from the deals in the same
//! transaction.
use crate::domain::money::CURRENCIES;
use crate::error::{AppError, Problems};
use crate::ssr::accounts::db as accounts;
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::note;
use crate::ssr::db::Db;
use crate::ssr::deals::db::stats as deal_stats;
use crate::ssr::pipelines::db as pipelines;
use chrono_tz::Tz;

/// The most characters of an account's name.
const NAME_MAX: usize = 120;

/// Saves the account's name, currency and time zone, as its form sends
/// them.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn save(
    db: &Db,
    actor: &Actor,
    (name, currency, zone): (&str, &str, &str),
) -> Result<(), AppError> {
    let mut f = Problems::default();
    let name = f.required_text("account_name", Some(name), NAME_MAX);
    let currency = currency.trim().to_ascii_uppercase();
    if !CURRENCIES.contains(&currency.as_str()) {
        f.add("currency", "invalid_currency");
    }
    let zone = zone.trim().to_string();
    let tz = zone.parse::<Tz>().ok();
    if tz.is_none() {
        f.add("time_zone", "invalid_time_zone");
    }
    let row = &actor.row;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    if currency != row.currency
        && !f.failed("currency")
        && pipelines::deal_count(&mut ex, actor.account_id, None, None).await? > 0
    {
        f.add("currency", "has_deals");
    }
    f.finish()?;
    let tz = tz.ok_or(AppError::Internal)?;
    accounts::update_settings(&mut ex, actor.account_id, &name, &currency, &zone).await?;
    if zone != row.time_zone {
        deal_stats::hold_deal_writes(&mut ex).await?;
        let stats = deal_stats::recompute(&mut ex, actor.account_id, tz).await?;
        deal_stats::replace(&mut ex, actor.account_id, &stats).await?;
    }
    let detail = format!("{name} · {currency} · {zone}");
    note(
        &mut ex,
        actor,
        "account",
        Some(actor.account_id),
        "updated",
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
