//! A deal's history events as stored: the `kind` word and the JSON `data`
//! of a [`DealEvent`], written in the change's transaction.
use crate::domain::deal_event::DealEvent;
use crate::error::AppError;
use crate::execute;
use crate::ssr::db::Ex;
use serde_json::{Value, json};

/// The stored `kind` and `data` of an event.
pub fn stored(event: &DealEvent) -> (&'static str, String) {
    let data = match serde_json::to_value(event) {
        Ok(Value::Object(mut fields)) => fields.remove("data"),
        _ => None,
    };
    (event.kind(), data.unwrap_or_else(|| json!({})).to_string())
}

/// The event stored as `kind` and `data`; `None` for a kind this version
/// does not know or data of another shape.
pub fn read(kind: &str, data: &str) -> Option<DealEvent> {
    let data: Value = serde_json::from_str(data).ok()?;
    serde_json::from_value(json!({"kind": kind, "data": data})).ok()
}

/// Appends `event` to a deal's history, by `actor_id` at `at`.
pub async fn append(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    actor_id: i64,
    at: i64,
    event: &DealEvent,
) -> Result<(), AppError> {
    append_by(ex, account_id, deal_id, Some(actor_id), at, event).await
}

/// Appends `event` to a deal's history at `at`, by a user or (none)
/// someone from outside the account (a customer answering a quote).
pub async fn append_by(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    actor_id: Option<i64>,
    at: i64,
    event: &DealEvent,
) -> Result<(), AppError> {
    let (kind, data) = stored(event);
    execute!(
        ex,
        "INSERT INTO deal_events (account_id, deal_id, kind, actor_id, at, data) VALUES ($1, $2, $3, $4, $5, $6)",
        account_id,
        deal_id,
        kind,
        actor_id,
        at,
        data
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_stored_as_their_kind_and_particulars() {
        assert_eq!(
            stored(&DealEvent::StageChanged { from: 1, to: 2 }),
            ("stage_changed", r#"{"from":1,"to":2}"#.to_string())
        );
        assert_eq!(stored(&DealEvent::Won {}), ("won", "{}".to_string()));
        assert_eq!(
            read("lost", r#"{"reason_id":4}"#),
            Some(DealEvent::Lost { reason_id: 4 })
        );
        assert_eq!(read("lost", "not json"), None);
        assert_eq!(read("archived", "{}"), None);
    }
}
