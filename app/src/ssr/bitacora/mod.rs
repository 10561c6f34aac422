//! The account history (bitácora): what every settings and record change
//! notes ([`note`]), and the page admins read ([`history`]).
pub mod db;
use crate::domain::bitacora::{BITACORA_PAGE, Bitacora, BitacoraEntry, BitacoraQuery, ENTITIES};
use crate::domain::dashboard::day_number;
use crate::domain::directory::RecordChange;
use crate::domain::permission::Permission;
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::db::{self as audit, HistoryFilter, HistoryRow};
use crate::ssr::clock::day_start;
use crate::ssr::db::Db;
use crate::ssr::db::Ex;
use crate::ssr::deals::db::page::EventRecord;
use crate::ssr::deals::history as deal_history;
use crate::ssr::users::db as users;
use chrono::NaiveDate;

/// Notes a change made by `actor` now (in the change's transaction).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn note(
    ex: &mut Ex<'_>,
    actor: &Actor,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    detail: &str,
) -> Result<(), AppError> {
    note_edit(ex, actor, entity, entity_id, action, detail, &[]).await
}

/// Notes a change with the fields it changed.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn note_edit(
    ex: &mut Ex<'_>,
    actor: &Actor,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    detail: &str,
    fields: &[&str],
) -> Result<(), AppError> {
    audit::record(
        ex,
        &audit::Entry {
            account_id: actor.account_id,
            actor_id: actor.user_id,
            entity,
            entity_id,
            action,
            detail,
            fields: &fields.join(","),
            at: actor.clock.now,
        },
    )
    .await
}

/// A page of the account history for `actor` (who manages users): newest
/// first, narrowed by user, by what changed and by local dates (both
/// inclusive). Deal events appear only to whoever sees every deal.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn history(db: &Db, actor: &Actor, query: &BitacoraQuery) -> Result<Bitacora, AppError> {
    let tz = actor.clock.tz;
    let formats = actor.formats();
    let mut f = Problems::default();
    let raw = |value: &Option<String>| value.as_deref().unwrap_or("").trim().to_string();
    let actor_id = f.id("user", query.user.as_deref());
    let entity = match raw(&query.entity).as_str() {
        "" => None,
        e if ENTITIES.contains(&e) => Some(e.to_string()),
        _ => {
            f.add("entity", "invalid");
            None
        }
    };
    let mut day = |name: &str, value: &Option<String>| match raw(value).as_str() {
        "" => None,
        text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => Some(day_number(date)),
            Err(_) => {
                f.add(name, "invalid_date");
                None
            }
        },
    };
    let from = day("from", &query.from).map(|d| day_start(tz, d));
    let to = day("to", &query.to).map(|d| day_start(tz, d + 1));
    let page = match raw(&query.page).as_str() {
        "" => 1,
        p => match p.parse::<i64>() {
            Ok(p) if (1..=10_000).contains(&p) => p,
            _ => {
                f.add("page", "invalid");
                1
            }
        },
    };
    f.finish()?;
    let filter = HistoryFilter {
        actor_id,
        entity,
        from,
        to,
        deals: actor.can(Permission::DealsViewAll),
    };
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let mut rows = audit::page(
        &mut ex,
        actor.account_id,
        &filter,
        BITACORA_PAGE + 1,
        (page - 1) * BITACORA_PAGE,
    )
    .await?;
    let more = rows.len() as i64 > BITACORA_PAGE;
    rows.truncate(BITACORA_PAGE as usize);
    let event_of = |r: &HistoryRow| EventRecord {
        kind: r.action.clone(),
        actor: None,
        at: r.at,
        data: r.data.clone(),
    };
    let deal_events: Vec<EventRecord> = rows
        .iter()
        .filter(|r| r.entity == "deal")
        .map(event_of)
        .collect();
    let names = deal_history::names(&mut ex, actor.account_id, deal_events.iter()).await?;
    let users = users::list(&mut ex, actor.account_id)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let entries = rows
        .into_iter()
        .map(|r| {
            let (particulars, href) = if r.entity == "deal" {
                let event = event_of(&r);
                let key = r.detail.split(" · ").next().unwrap_or_default();
                (
                    deal_history::particulars(&event, &names, formats, &actor.row.currency),
                    Some(format!("/crm/tratos/{key}")),
                )
            } else {
                let href = match (r.entity.as_str(), r.entity_id) {
                    ("organization", Some(id)) if r.action != "deleted" => {
                        Some(format!("/clientes/{id}"))
                    }
                    ("contact", Some(id)) if r.action != "deleted" => {
                        Some(format!("/contactos/{id}"))
                    }
                    ("product", Some(id)) if r.action != "deleted" => {
                        Some(format!("/crm/productos/{id}"))
                    }
                    _ => None,
                };
                (None, href)
            };
            BitacoraEntry {
                at: formats.date_time(tz, r.at),
                actor: r.actor,
                entity: r.entity,
                action: r.action,
                subject: r.detail,
                particulars,
                fields: split_fields(&r.fields),
                href,
            }
        })
        .collect();
    Ok(Bitacora {
        entries,
        users,
        page,
        more,
    })
}

/// The fields an edit changed, as stored comma-separated.
pub fn split_fields(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// The changes noted for a record (an organization, a contact, a
/// product), newest first.
pub async fn record_changes(
    ex: &mut Ex<'_>,
    actor: &Actor,
    entity: &str,
    id: i64,
) -> Result<Vec<RecordChange>, AppError> {
    Ok(audit::of_record(ex, actor.account_id, entity, id)
        .await?
        .into_iter()
        .map(|(at, by, action, detail, fields)| RecordChange {
            at: actor.local_time(at),
            actor: by,
            action,
            detail,
            fields: split_fields(&fields),
        })
        .collect())
}

/// Notes a saved record: created (nothing `before`), or updated with the
/// fields whose values differ between `before` and `after` (the record's
/// fields as its form shows them).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn note_saved(
    ex: &mut Ex<'_>,
    actor: &Actor,
    entity: &str,
    id: i64,
    name: &str,
    before: &[(String, String)],
    after: &[(String, String)],
) -> Result<(), AppError> {
    if before.is_empty() {
        return note(ex, actor, entity, Some(id), "created", name).await;
    }
    let fields = changed(before, after);
    note_edit(ex, actor, entity, Some(id), "updated", name, &fields).await
}

/// The names of the fields whose values differ between `before` and
/// `after` (fields of the same record as its form shows them).
pub fn changed<'a>(before: &'a [(String, String)], after: &[(String, String)]) -> Vec<&'a str> {
    before
        .iter()
        .filter(|(name, value)| {
            after
                .iter()
                .find(|(n, _)| n == name)
                .is_some_and(|(_, v)| v != value)
        })
        .map(|(name, _)| name.as_str())
        .collect()
}
