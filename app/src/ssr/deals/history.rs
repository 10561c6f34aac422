//! How a deal's history event reads: its particulars, with ids turned into
//! names and amounts into money (the deal page and the account history).
use crate::domain::deal_event::DealEvent;
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::ssr::deals::db::events;
use crate::ssr::deals::db::page::{self as q, EventRecord};
use crate::ssr::format::Formats;
use std::collections::HashMap;

/// The particulars of a history event, with ids turned into names and
/// amounts in `currency` unless the event names its own (`None` for an
/// event without any, or one this version cannot read).
pub fn particulars(
    e: &EventRecord,
    names: &HashMap<(String, i64), String>,
    formats: Formats,
    currency: &str,
) -> Option<String> {
    let name = |kind: &str, id: i64| -> String {
        names
            .get(&(kind.to_string(), id))
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    };
    let money = |minor: i64, code: &Option<String>| {
        formats.money(minor, code.as_deref().unwrap_or(currency))
    };
    let text = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".to_string());
    Some(match events::read(&e.kind, &e.data)? {
        DealEvent::Created { stage_id } => name("stage", stage_id),
        DealEvent::StageChanged { from, to } => {
            format!("{} → {}", name("stage", from), name("stage", to))
        }
        DealEvent::Lost { reason_id } => name("reason", reason_id),
        DealEvent::ValueChanged {
            from,
            to,
            from_currency,
            to_currency,
        } => format!(
            "{} → {}",
            money(from, &from_currency),
            money(to, &to_currency)
        ),
        DealEvent::OwnerChanged { from, to } => {
            format!("{} → {}", name("user", from), name("user", to))
        }
        DealEvent::TitleChanged { from, to } | DealEvent::CurrencyChanged { from, to, .. } => {
            format!("{from} → {to}")
        }
        DealEvent::CloseDateChanged { from, to }
        | DealEvent::PriorityChanged { from, to }
        | DealEvent::SourceChanged { from, to } => format!("{} → {}", text(&from), text(&to)),
        DealEvent::OrganizationChanged { from, to } => {
            let named =
                |id: Option<i64>| id.map_or("—".to_string(), |id| name("organization", id));
            format!("{} → {}", named(from), named(to))
        }
        DealEvent::ContactChanged { from, to } => {
            let named = |id: Option<i64>| id.map_or("—".to_string(), |id| name("contact", id));
            format!("{} → {}", named(from), named(to))
        }
        // `3 · subtotal $2,500.00 · total $2,900.00`, and the value's
        // change when the lines made one.
        DealEvent::LinesChanged {
            count,
            currency,
            subtotal_minor,
            total_minor,
            value_from,
            ..
        } => {
            let currency = Some(currency);
            let mut text = format!(
                "{count} · subtotal {} · total {}",
                money(subtotal_minor, &currency),
                money(total_minor, &currency)
            );
            if let Some(from) = value_from {
                text += &format!(
                    " · {} → {}",
                    money(from, &currency),
                    money(subtotal_minor, &currency)
                );
            }
            text
        }
        // `COT-000123 · $43,406.00`.
        DealEvent::QuoteCreated(q)
        | DealEvent::QuoteSent(q)
        | DealEvent::QuoteAccepted(q)
        | DealEvent::QuoteRejected(q)
        | DealEvent::QuoteCancelled(q) => {
            let mut text = format!(
                "{} · {}",
                crate::domain::quotes::folio(q.folio),
                money(q.total_minor, &Some(q.currency))
            );
            if let Some(customer) = q.customer {
                text += &format!(" · {customer}");
            }
            text
        }
        DealEvent::SaleNoteIssued(n) => format!(
            "{} · {}",
            crate::domain::sale_notes::folio(n.folio),
            money(n.total_minor, &Some(n.currency))
        ),
        DealEvent::Won {} | DealEvent::Reopened {} | DealEvent::DescriptionChanged {} => {
            return None;
        }
    })
}

/// The names `events` refer to: every stage, user and lost reason of the
/// account, and the organizations and contacts these events name (so a
/// page of history costs the same however large the directory).
pub async fn names<'e>(
    ex: &mut Ex<'_>,
    account_id: i64,
    events: impl Iterator<Item = &'e EventRecord>,
) -> Result<HashMap<(String, i64), String>, AppError> {
    let (mut organizations, mut contacts) = (vec![], vec![]);
    for e in events {
        match events::read(&e.kind, &e.data) {
            Some(DealEvent::OrganizationChanged { from, to }) => organizations.extend([from, to]),
            Some(DealEvent::ContactChanged { from, to }) => contacts.extend([from, to]),
            _ => {}
        }
    }
    let ids = |list: Vec<Option<i64>>| list.into_iter().flatten().collect::<Vec<i64>>();
    let mut names = q::names(ex, account_id).await?;
    names.extend(q::record_names(ex, account_id, &ids(organizations), &ids(contacts)).await?);
    Ok(names
        .into_iter()
        .map(|(kind, id, name)| ((kind, id), name))
        .collect())
}
