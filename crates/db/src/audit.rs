//! The audit log: who changed what and when, with the before and after of each changed field.

use chrono::{DateTime, Utc};
use innexar_kernel::actor::ActorKind;
use innexar_kernel::page::PageRequest;
use innexar_kernel::{Actor, new_id};

use crate::Tx;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, PaginatorTrait, QueryOrder, QuerySelect, QueryTrait};
use serde_json::{Map, Value, json};

pub mod entity {
    use sea_orm::entity::prelude::*;

    // Serialised, it is the API's view of an entry (`GET /audit`).
    /// One write in the tenant's audit log: who changed what, and when.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema)]
    #[sea_orm(table_name = "core_audit_log")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = AuditEntryView)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub occurred_at: chrono::DateTime<chrono::Utc>,
        /// `user`, `platform_admin` or `system`.
        pub actor_kind: String,
        pub actor_id: Option<Uuid>,
        pub actor_email: Option<String>,
        /// `<area>.<verb>`, e.g. `vehicles.updated`.
        pub action: String,
        pub entity_type: String,
        pub entity_id: Option<Uuid>,
        /// `{"field": {"before": .., "after": ..}}` for each changed field.
        #[schema(value_type = Object)]
        pub changes: Json,
        pub request_id: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use entity::Model as AuditEntry;

/// The fields that differ between `before` and `after` (JSON objects), as
/// `{"field": {"before": .., "after": ..}}`. Secrets must be removed by the caller.
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Value {
    let empty = Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut changes = Map::new();
    for key in b.keys().chain(a.keys().filter(|k| !b.contains_key(*k))) {
        let (old, new) = (b.get(key), a.get(key));
        if old != new {
            changes.insert(key.clone(), json!({ "before": old, "after": new }));
        }
    }
    Value::Object(changes)
}

/// One write as the audit log keeps it. `before`/`after` are the entity's audit views (JSON
/// objects without secrets); the entry stores only the fields that differ.
pub struct Change<'a> {
    /// `<area>.<what happened>`, e.g. `vehicles.updated`.
    pub action: &'a str,
    /// The entity's name in the log (`vehicle`, `user`).
    pub entity_type: &'a str,
    pub entity_id: Option<Uuid>,
    pub before: Option<&'a Value>,
    pub after: Option<&'a Value>,
}

/// Records `change` in the transaction, by its actor, at its time.
pub async fn record(tx: &Tx, change: Change<'_>) -> Result<(), DbErr> {
    // Written with the transaction's other queued rows at commit (one round trip on PostgreSQL).
    tx.write_later(entity::Entity::insert(entry(tx.actor(), tx.now(), change)).into_query());
    Ok(())
}

/// As [`record`], for writes outside a tenant transaction (the control database).
pub async fn record_by(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
    change: Change<'_>,
) -> Result<(), DbErr> {
    entity::Entity::insert(entry(actor, now, change)).exec_without_returning(conn).await?;
    Ok(())
}

fn entry(actor: &Actor, now: DateTime<Utc>, change: Change<'_>) -> entity::ActiveModel {
    entity::ActiveModel {
        id: Set(new_id()),
        occurred_at: Set(now),
        actor_kind: Set(match actor.kind {
            ActorKind::User => "user",
            ActorKind::PlatformAdmin => "platform_admin",
            ActorKind::System => "system",
        }
        .into()),
        actor_id: Set(actor.id),
        actor_email: Set(actor.email.clone()),
        action: Set(change.action.into()),
        entity_type: Set(change.entity_type.into()),
        entity_id: Set(change.entity_id),
        changes: Set(diff(change.before, change.after)),
        request_id: Set(innexar_kernel::request::current_id()),
    }
}

#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub action: Option<String>,
}

/// A page of entries, newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    f: &AuditFilter,
    page: &PageRequest,
) -> Result<(Vec<AuditEntry>, u64), DbErr> {
    let mut q = entity::Entity::find();
    if let Some(t) = &f.entity_type {
        q = q.filter(entity::Column::EntityType.eq(t.clone()));
    }
    if let Some(id) = f.entity_id {
        q = q.filter(entity::Column::EntityId.eq(id));
    }
    if let Some(id) = f.actor_id {
        q = q.filter(entity::Column::ActorId.eq(id));
    }
    if let Some(a) = &f.action {
        q = q.filter(entity::Column::Action.eq(a.clone()));
    }
    let total = q.clone().count(conn).await?;
    let items = q.order_by_desc(entity::Column::Id).offset(page.offset()).limit(page.page_size).all(conn).await?;
    Ok((items, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_keeps_only_changed_fields() {
        let before = json!({"price": 100, "make": "Fiat", "color": null});
        let after = json!({"price": 90, "make": "Fiat", "color": "Prata"});
        assert_eq!(
            diff(Some(&before), Some(&after)),
            json!({"price": {"before": 100, "after": 90}, "color": {"before": null, "after": "Prata"}})
        );
        assert_eq!(diff(None, Some(&json!({"make": "Fiat"}))), json!({"make": {"before": null, "after": "Fiat"}}));
    }
}
