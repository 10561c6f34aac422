//! The kinds of event the outbox writes (one per change to a record, in
//! the change's transaction) and that webhooks subscribe to. Only kinds
//! that are written are listed: a webhook cannot wait for one that never
//! fires.
use crate::domain::deal_event::DealEvent;

/// Every event kind, in the order the webhook form offers them.
pub const EVENT_KINDS: [&str; 11] = [
    "deal.created",
    "deal.updated",
    "deal.stage_changed",
    "deal.won",
    "deal.lost",
    "deal.reopened",
    "deal.deleted",
    "activity.created",
    "activity.updated",
    "activity.completed",
    "activity.deleted",
];

/// The kind of the test message "Enviar prueba" sends (to one endpoint,
/// never fanned out).
pub const TEST_KIND: &str = "webhook.test";

/// The outbox kind of a deal's change, by the history events it wrote: a
/// close or reopening first, then a move, else an update.
pub fn deal_kind(history: &[DealEvent]) -> &'static str {
    let has = |f: fn(&DealEvent) -> bool| history.iter().any(f);
    if has(|e| matches!(e, DealEvent::Won {})) {
        "deal.won"
    } else if has(|e| matches!(e, DealEvent::Lost { .. })) {
        "deal.lost"
    } else if has(|e| matches!(e, DealEvent::Reopened {})) {
        "deal.reopened"
    } else if has(|e| matches!(e, DealEvent::StageChanged { .. })) {
        "deal.stage_changed"
    } else {
        "deal.updated"
    }
}

/// Whether `kind` is one the outbox writes.
pub fn is_kind(kind: &str) -> bool {
    EVENT_KINDS.contains(&kind)
}

/// The kinds stored comma-separated (empty: none named, every kind).
pub fn kind_list(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether an endpoint subscribed to `kinds` (none: every kind) receives
/// an event of `kind`.
pub fn subscribed(kinds: &[String], kind: &str) -> bool {
    kinds.is_empty() || kinds.iter().any(|k| k == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_receives_what_it_subscribed_to_or_everything() {
        assert!(subscribed(&[], "deal.won"));
        assert!(subscribed(&["deal.won".into()], "deal.won"));
        assert!(!subscribed(&["deal.lost".into()], "deal.won"));
        assert!(is_kind("deal.stage_changed"));
        assert!(!is_kind("deal.archived"));
        assert!(!is_kind(TEST_KIND));
        let moved = DealEvent::StageChanged { from: 1, to: 2 };
        assert_eq!(
            deal_kind(std::slice::from_ref(&moved)),
            "deal.stage_changed"
        );
        assert_eq!(deal_kind(&[moved, DealEvent::Won {}]), "deal.won");
        assert_eq!(deal_kind(&[DealEvent::Lost { reason_id: 1 }]), "deal.lost");
        assert_eq!(deal_kind(&[DealEvent::Reopened {}]), "deal.reopened");
        assert_eq!(deal_kind(&[]), "deal.updated");
    }
}
