//! The audit trail («Журнал изменений»): one row in `audit_events` per change, written in the
//! change's own transaction, so the trail holds exactly what committed. Every writer goes through
//! [`record`]; request changes through `RequestChange::audit`, which fills in the request. The
//! journal page reads it through [`journal`].

pub mod journal;

use chrono::{DateTime, Utc};
use domain::audit::AuditKind;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::Value;

use crate::entity::audit_event;
use crate::error::ServiceResult;

/// One change to record. `kind` is stored by its code (`organization.updated`,
/// `catalog.product.renamed`); `details` a JSON object, for administration changes
/// `{"before": {…}, "after": {…}}` (see [`changed`]).
pub struct AuditEvent {
    pub kind: AuditKind,
    pub actor_id: Option<i32>,
    pub organization_id: Option<i32>,
    pub request_id: Option<i32>,
    /// What the event is about when no column above points to it (`product:7`, `user:12`).
    pub subject: Option<String>,
    pub details: Value,
}

pub async fn record(conn: &impl ConnectionTrait, event: AuditEvent, now: DateTime<Utc>) -> ServiceResult<()> {
    audit_event::ActiveModel {
        kind: Set(event.kind.code()),
        actor_id: Set(event.actor_id),
        organization_id: Set(event.organization_id),
        request_id: Set(event.request_id),
        subject: Set(event.subject),
        details: Set(event.details.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The details of an edit: `{"before": {…}, "after": {…}}` with only the fields that differ
/// (both objects whole when one side is missing: a creation or a deletion).
pub fn changed(before: Option<&Value>, after: Option<&Value>) -> Value {
    match (before, after) {
        (Some(Value::Object(before)), Some(Value::Object(after))) => {
            let mut old = serde_json::Map::new();
            let mut new = serde_json::Map::new();
            for (key, value) in after {
                let previous = before.get(key).unwrap_or(&Value::Null);
                if previous != value {
                    old.insert(key.clone(), previous.clone());
                    new.insert(key.clone(), value.clone());
                }
            }
            for (key, value) in before {
                if !after.contains_key(key) {
                    old.insert(key.clone(), value.clone());
                    new.insert(key.clone(), Value::Null);
                }
            }
            serde_json::json!({ "before": old, "after": new })
        }
        (before, after) => {
            serde_json::json!({ "before": before.cloned().unwrap_or(Value::Null), "after": after.cloned().unwrap_or(Value::Null) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_edit_keeps_only_the_fields_that_changed() {
        let before = json!({ "name": "Ромашка", "inn": "7707083893", "kpp": null });
        let after = json!({ "name": "Ромашка-М", "inn": "7707083893", "kpp": "770701001" });
        assert_eq!(
            changed(Some(&before), Some(&after)),
            json!({ "before": { "name": "Ромашка", "kpp": null }, "after": { "name": "Ромашка-М", "kpp": "770701001" } })
        );
        assert_eq!(changed(None, Some(&after)), json!({ "before": null, "after": after }));
    }
}
