//! The deal page for a user: details, history with names, comments and
//! activities. A role without `crm.deals.view_all` sees only its own deals.
use crate::domain::deal::{ActivityView, CommentView, DealPage, HistoryEntry, HistoryKind};
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::Db;
use crate::ssr::deals::db::page as q;
use crate::ssr::deals::history::{self, particulars};

/// The most history events and comments the deal page shows (the newest).
pub const PAGE_ITEMS: i64 = 100;

/// The page of the deal with `key` (another account's is not found).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn page(db: &Db, actor: &Actor, key: &str) -> Result<DealPage, AppError> {
    let formats = actor.formats();
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let d = q::by_key(&mut ex, actor.account_id, key.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.may_see_deal(d.owner_id) {
        return Err(AppError::Forbidden);
    }
    // The newest of each, oldest first: a deal with years of history
    // opens as fast as a new one.
    let mut events = q::latest_events(&mut ex, actor.account_id, d.id, PAGE_ITEMS + 1).await?;
    let earlier_history = events.len() as i64 > PAGE_ITEMS;
    events.truncate(PAGE_ITEMS as usize);
    let names = history::names(&mut ex, actor.account_id, events.iter()).await?;
    let history = events
        .iter()
        .rev()
        .map(|e| HistoryEntry {
            at: actor.local_time(e.at),
            actor: e.actor.clone(),
            kind: HistoryKind::from_event(&e.kind),
            detail: particulars(e, &names, formats, &d.currency),
        })
        .collect();
    let mut comments = q::latest_comments(&mut ex, actor.account_id, d.id, PAGE_ITEMS + 1).await?;
    let earlier_comments = comments.len() as i64 > PAGE_ITEMS;
    comments.truncate(PAGE_ITEMS as usize);
    let comments = comments
        .into_iter()
        .rev()
        .map(|c| CommentView {
            author: c.author,
            at: actor.local_time(c.created_at),
            body: c.body,
        })
        .collect();
    let activities = q::activities(&mut ex, actor.account_id, d.id)
        .await?
        .into_iter()
        .map(|a| ActivityView {
            subject: a.subject,
            due: a.due_at.map(|t| actor.local_time(t)),
            done: a.done,
        })
        .collect();
    let can_edit = actor.may_edit_deal(d.owner_id);
    let form = if can_edit {
        Some(crate::ssr::deals::edit::form(&mut ex, actor, &d).await?)
    } else {
        None
    };
    let lines =
        crate::ssr::deals::lines::section(&mut ex, actor, d.id, &d.currency, d.value_from_lines)
            .await?;
    let quotes = crate::ssr::quotes::page::of_deal(&mut ex, actor, d.id).await?;
    let sale_notes = crate::ssr::sale_notes::page::of_deal(&mut ex, actor, d.id).await?;
    let value = formats.money(d.value_minor, &d.currency);
    Ok(DealPage {
        id: d.id,
        can_edit,
        form,
        key: d.key,
        title: d.title,
        value,
        status: d.status,
        pipeline: d.pipeline,
        stage: d.stage,
        owner: d.owner,
        organization: d.organization_id.zip(d.organization),
        contact: d.contact_id.zip(d.contact),
        description: d.description,
        priority: d.priority,
        source: d.source,
        expected_close_date: d.expected_close_date,
        created: actor.local_time(d.created_at),
        closed: d.won_at.or(d.lost_at).map(|t| actor.local_time(t)),
        lost_reason: d.lost_reason,
        lost_note: d.lost_note,
        version: d.version,
        history,
        earlier_history,
        comments,
        earlier_comments,
        activities,
        lines,
        quotes,
        sale_notes,
    })
}
