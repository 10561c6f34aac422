//! How a deal's history event reads: its particulars, with ids turned into
//! names and amounts into money (the deal page and the account history).
use crate::domain::deal_event::DealEvent;
use crate::ssr::deals::db::events;
use crate::ssr::deals::db::page::EventRecord;
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
        DealEvent::CloseDateChanged { from, to } => format!("{} → {}", text(&from), text(&to)),
        DealEvent::Won {} | DealEvent::Reopened {} => return None,
    })
}
