//! The event outbox: the single source of every outgoing effect. Each
//! change to a record calls [`emit`] inside the change's own transaction,
//! which writes the event (the record after the change and what changed)
//! and fans it out to the account's webhooks that want it, so an event and
//! its deliveries exist exactly when the change does. Workers read them
//! afterwards ([`crate::ssr::webhooks::deliver`]).
pub mod db;

use crate::error::AppError;
use crate::ssr::db::Ex;
use serde_json::{Map, Value, json};

/// Who made a change: a user, someone from outside the account (a customer
/// through a link: neither), or an automation rule acting `depth` steps
/// after a person's change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Source {
    pub actor_id: Option<i64>,
    pub rule_id: Option<i64>,
    pub depth: i64,
}

impl Source {
    pub fn user(user_id: i64) -> Source {
        Source {
            actor_id: Some(user_id),
            ..Source::default()
        }
    }
}

/// One change to one record, as the outbox stores it.
pub struct Change<'a> {
    pub kind: &'static str,
    pub entity: &'static str,
    pub entity_id: i64,
    /// The pipeline the record belongs to (a deal's), for endpoints that
    /// filter on one.
    pub pipeline_id: Option<i64>,
    /// Before the change (none: it was created).
    pub before: Option<&'a Value>,
    /// After the change (for a deletion: the record as it was).
    pub after: &'a Value,
}

/// Fields every write touches: a change to only these is no event.
const BOOKKEEPING: [&str; 3] = ["updated_at", "version", "position"];

/// The fields that differ between `before` and `after` (objects), as
/// `{field: {from, to}}`, bookkeeping left out.
pub fn changes(before: &Value, after: &Value) -> Map<String, Value> {
    let (Some(before), Some(after)) = (before.as_object(), after.as_object()) else {
        return Map::new();
    };
    after
        .iter()
        .filter(|(field, _)| !BOOKKEEPING.contains(&field.as_str()))
        .filter_map(|(field, to)| {
            let from = before.get(field).unwrap_or(&Value::Null);
            (from != to).then(|| (field.clone(), json!({"from": from, "to": to})))
        })
        .collect()
}

/// Writes the event of `change` by `source` at `at` and its deliveries;
/// answers its id, or none when nothing but bookkeeping changed (an update
/// that changed no field is no event).
pub async fn emit(
    ex: &mut Ex<'_>,
    account_id: i64,
    source: Source,
    at: i64,
    change: &Change<'_>,
) -> Result<Option<i64>, AppError> {
    let changed = match change.before {
        Some(before) => changes(before, change.after),
        None => Map::new(),
    };
    if change.before.is_some() && changed.is_empty() && change.kind.ends_with(".updated") {
        return Ok(None);
    }
    let data = json!({"object": change.after, "changes": changed}).to_string();
    let id = db::insert(
        ex,
        &db::NewEvent {
            account_id,
            kind: change.kind,
            entity: change.entity,
            entity_id: change.entity_id,
            pipeline_id: change.pipeline_id,
            source,
            at,
            data: &data,
        },
    )
    .await?;
    db::fan_out(ex, account_id, id, change, at).await?;
    Ok(Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_each_field_that_differs_and_not_the_bookkeeping() {
        let before =
            json!({"title": "A", "stage_id": 1, "version": 3, "updated_at": 5, "note": null});
        let after =
            json!({"title": "A", "stage_id": 2, "version": 4, "updated_at": 9, "note": "x"});
        let c = changes(&before, &after);
        assert_eq!(
            Value::Object(c),
            json!({"stage_id": {"from": 1, "to": 2}, "note": {"from": null, "to": "x"}})
        );
        assert!(changes(&before, &before).is_empty());
    }
}
