//! The transactional outbox: events are written in the same transaction as the change they
//! describe, and delivered afterwards by the jobs crate. Envelope: CloudEvents 1.0.

use chrono::{DateTime, Utc};
use innexar_kernel::new_id;

use crate::Tx;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, ExprTrait, QueryOrder, QuerySelect, QueryTrait};
use serde::Serialize;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "core_outbox")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub event_type: String,
        pub source: String,
        pub subject: Option<String>,
        pub occurred_at: DateTimeUtc,
        pub data: Json,
        pub dispatched_at: Option<DateTimeUtc>,
        pub attempts: i32,
        pub last_error: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A CloudEvents 1.0 event in its JSON form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloudEvent {
    pub specversion: &'static str,
    pub id: Uuid,
    #[serde(rename = "type")]
    pub event_type: String,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub time: DateTime<Utc>,
    pub datacontenttype: &'static str,
    pub tenantid: Uuid,
    pub data: serde_json::Value,
}

impl CloudEvent {
    /// An event as it travelled (a broker's message body); `None` when it is not one of ours.
    pub fn from_json(v: &serde_json::Value) -> Option<CloudEvent> {
        if v["specversion"] != "1.0" {
            return None;
        }
        let text = |k: &str| v[k].as_str().map(str::to_string);
        Some(CloudEvent {
            specversion: "1.0",
            id: text("id")?.parse().ok()?,
            event_type: text("type")?,
            source: text("source")?,
            subject: text("subject"),
            time: text("time")?.parse().ok()?,
            datacontenttype: "application/json",
            tenantid: text("tenantid")?.parse().ok()?,
            data: v["data"].clone(),
        })
    }

    fn from_row(tenant_id: Uuid, m: entity::Model) -> Self {
        CloudEvent {
            specversion: "1.0",
            id: m.id,
            event_type: m.event_type,
            source: m.source,
            subject: m.subject,
            time: m.occurred_at,
            datacontenttype: "application/json",
            tenantid: tenant_id,
            data: m.data,
        }
    }
}

/// An event an area publishes, defined in the area's `events.rs`. It serialises to the
/// CloudEvents `data` (camelCase); the envelope carries the tenant, the time and the source, so
/// the payload repeats none of them.
pub trait Event: Serialize {
    /// The publishing area's code name; the event's `source` is `/tenants/<id>/<area>`.
    fn area(&self) -> &'static str;
    /// The CloudEvents `type`, `<entity>.<what happened>` (`vehicle.created`).
    fn event_type(&self) -> &'static str;
    /// The CloudEvents `subject`: the id of the entity the event is about.
    fn subject(&self) -> Option<String>;
}

/// Records `event` in the transaction; committing it wakes the dispatcher.
pub async fn record(tx: &Tx, event: &impl Event) -> Result<Uuid, DbErr> {
    let id = new_id();
    let data = serde_json::to_value(event).map_err(|e| DbErr::Json(e.to_string()))?;
    let row = entity::ActiveModel {
        id: Set(id),
        event_type: Set(event.event_type().into()),
        source: Set(format!("/tenants/{}/{}", tx.tenant_id(), event.area())),
        subject: Set(event.subject()),
        occurred_at: Set(tx.now()),
        data: Set(data),
        dispatched_at: Set(None),
        attempts: Set(0),
        last_error: Set(None),
    };
    // Written with the transaction's other queued rows at commit (one round trip on PostgreSQL).
    tx.write_later(entity::Entity::insert(row).into_query());
    tx.events_recorded();
    Ok(id)
}

/// Events not yet delivered to every handler, oldest first.
/// Deliveries tried this many times are left for an operator (see `last_error`).
pub const MAX_ATTEMPTS: i32 = 10;

pub async fn pending(conn: &impl ConnectionTrait, tenant_id: Uuid, limit: u64) -> Result<Vec<CloudEvent>, DbErr> {
    Ok(entity::Entity::find()
        .filter(entity::Column::DispatchedAt.is_null())
        .filter(entity::Column::Attempts.lt(MAX_ATTEMPTS))
        .order_by_asc(entity::Column::Id)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| CloudEvent::from_row(tenant_id, m))
        .collect())
}

/// Marks events delivered to every handler, in one statement.
pub async fn mark_dispatched(conn: &impl ConnectionTrait, ids: &[Uuid], now: DateTime<Utc>) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    entity::Entity::update_many()
        .col_expr(entity::Column::DispatchedAt, Expr::value(now))
        .filter(entity::Column::Id.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn mark_failed(conn: &impl ConnectionTrait, id: Uuid, error: &str) -> Result<(), DbErr> {
    entity::Entity::update_many()
        .col_expr(entity::Column::Attempts, Expr::col(entity::Column::Attempts).add(1))
        .col_expr(entity::Column::LastError, Expr::value(error.to_string()))
        .filter(entity::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// All events, newest first (tests and support tooling).
pub async fn list(conn: &impl ConnectionTrait, tenant_id: Uuid) -> Result<Vec<CloudEvent>, DbErr> {
    Ok(entity::Entity::find()
        .order_by_desc(entity::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| CloudEvent::from_row(tenant_id, m))
        .collect())
}

pub mod handled {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "core_handled_events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub handler: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub event_id: Uuid,
        pub handled_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Whether `handler` has already handled event `id`.
pub async fn was_handled(conn: &impl ConnectionTrait, handler: &str, id: Uuid) -> Result<bool, DbErr> {
    Ok(handled::Entity::find_by_id((handler.to_string(), id)).one(conn).await?.is_some())
}

/// Which of events `ids` `handler` has handled already (one query for a consumer's batch).
pub async fn handled_among(
    conn: &impl ConnectionTrait,
    handler: &str,
    ids: &[Uuid],
) -> Result<std::collections::HashSet<Uuid>, DbErr> {
    Ok(handled::Entity::find()
        .select_only()
        .column(handled::Column::EventId)
        .filter(handled::Column::Handler.eq(handler))
        .filter(handled::Column::EventId.is_in(ids.iter().copied()))
        .into_tuple::<Uuid>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// Records that `handler` handled events `ids`, in one statement of the handler's transaction.
pub async fn mark_all_handled(
    conn: &impl ConnectionTrait,
    handler: &str,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    let rows = ids.iter().map(|id| handled::ActiveModel {
        handler: Set(handler.into()),
        event_id: Set(*id),
        handled_at: Set(now),
    });
    handled::Entity::insert_many(rows).exec_without_returning(conn).await?;
    Ok(())
}

/// Records that `handler` handled event `id`, in the handler's transaction.
pub async fn mark_handled(
    conn: &impl ConnectionTrait,
    handler: &str,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    handled::ActiveModel { handler: Set(handler.into()), event_id: Set(id), handled_at: Set(now) }.insert(conn).await?;
    Ok(())
}

/// Tells the dispatcher which tenants have new events, so delivery follows a commit at once
/// instead of waiting for the next sweep.
#[derive(Default)]
pub struct OutboxSignal {
    dirty: std::sync::Mutex<std::collections::HashSet<Uuid>>,
    notify: tokio::sync::Notify,
}

impl OutboxSignal {
    pub fn mark(&self, tenant_id: Uuid) {
        self.dirty.lock().unwrap_or_else(|e| e.into_inner()).insert(tenant_id);
        self.notify.notify_one();
    }

    /// Waits until some tenant is marked (or `timeout` passes) and takes the marked set.
    pub async fn wait(&self, timeout: std::time::Duration) -> Vec<Uuid> {
        let _ = tokio::time::timeout(timeout, self.notify.notified()).await;
        self.take()
    }

    /// Takes the marked set without waiting.
    pub fn take(&self) -> Vec<Uuid> {
        self.dirty.lock().unwrap_or_else(|e| e.into_inner()).drain().collect()
    }
}
