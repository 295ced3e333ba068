//! Deliveries: one per endpoint and event, queued in the transaction that handles the event,
//! sent by the worker role with retries (exponential backoff with jitter, up to
//! `webhooks.give_up_after_hours`), every attempt logged; an endpoint failing
//! `webhooks.disable_after_failures` deliveries in a row is disabled and its Owners told.

use std::time::Duration;

use chrono::{DateTime, Utc};
use innexar_db::outbox::CloudEvent;
use innexar_db::{TenantDb, Tx};
use innexar_kernel::sealed::Sealer;
use innexar_kernel::settings::WebhookSettings;
use innexar_kernel::{AppError, new_id};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, Condition, QueryOrder, QuerySelect};

use crate::endpoints::{self, Endpoint};
use crate::send::{self, Outcome};
use crate::store::{attempt, delivery, endpoint};
use crate::{signature, target};

pub use crate::store::delivery::Model as Delivery;

pub const PENDING: &str = "pending";
pub const SUCCEEDED: &str = "succeeded";
pub const FAILED: &str = "failed";

/// How long a sender holds a delivery it claimed: longer than an attempt can take.
const LEASE: chrono::Duration = chrono::Duration::seconds(120);

/// Queues `event` for every active endpoint that takes its type; answers how many. A second
/// call for the same event queues nothing (one delivery per endpoint and event, by index).
pub async fn queue(tx: &Tx, event: &CloudEvent) -> Result<usize, AppError> {
    queue_all(tx, &[event]).await
}

/// As [`queue`] for several events, reading the endpoints once and writing one statement.
pub async fn queue_all(tx: &Tx, events: &[&CloudEvent]) -> Result<usize, AppError> {
    let active = endpoints::active(&**tx).await?;
    let mut rows = Vec::new();
    for event in events {
        let targets: Vec<&Endpoint> = active.iter().filter(|e| endpoints::subscribes(e, &event.event_type)).collect();
        if targets.is_empty() {
            continue;
        }
        let body = serde_json::to_string(event).map_err(AppError::internal)?;
        rows.extend(targets.into_iter().map(|e| row(tx, e, event, &body)));
    }
    if rows.is_empty() {
        return Ok(0);
    }
    let queued = rows.len();
    delivery::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([delivery::Column::EndpointId, delivery::Column::EventId]).do_nothing().to_owned(),
        )
        .exec_without_returning(&**tx)
        .await?;
    tx.deliveries_queued();
    Ok(queued)
}

/// Queues `event` for endpoint `e` alone, whatever it subscribes to (a test send).
pub async fn queue_to(tx: &Tx, e: &Endpoint, event: &CloudEvent) -> Result<Delivery, AppError> {
    let body = serde_json::to_string(event).map_err(AppError::internal)?;
    let d = row(tx, e, event, &body).insert(&**tx).await?;
    tx.deliveries_queued();
    Ok(d)
}

fn row(tx: &Tx, e: &Endpoint, event: &CloudEvent, body: &str) -> delivery::ActiveModel {
    let now = tx.now();
    delivery::ActiveModel {
        id: Set(new_id()),
        endpoint_id: Set(e.id),
        event_id: Set(event.id),
        event_type: Set(event.event_type.clone()),
        body: Set(body.to_string()),
        status: Set(PENDING.into()),
        attempts: Set(0),
        next_attempt_at: Set(Some(now)),
        claimed_until: Set(None),
        last_status: Set(None),
        last_latency_ms: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        delivered_at: Set(None),
    }
}

/// Deliveries whose next attempt is due, to an enabled endpoint, that no sender holds, soonest
/// first. A disabled endpoint's deliveries wait; enabled again, it gets them.
pub async fn due(db: &impl ConnectionTrait, now: DateTime<Utc>, limit: u64) -> Result<Vec<Delivery>, AppError> {
    let enabled = sea_orm::sea_query::Query::select()
        .column(endpoint::Column::Id)
        .from(endpoint::Entity)
        .and_where(endpoint::Column::Active.eq(true))
        .to_owned();
    Ok(delivery::Entity::find()
        .filter(delivery::Column::Status.eq(PENDING))
        .filter(delivery::Column::NextAttemptAt.lte(now))
        .filter(unclaimed(now))
        .filter(delivery::Column::EndpointId.in_subquery(enabled))
        .order_by_asc(delivery::Column::NextAttemptAt)
        .limit(limit)
        .all(db)
        .await?)
}

pub(crate) fn unclaimed(now: DateTime<Utc>) -> Condition {
    Condition::any().add(delivery::Column::ClaimedUntil.is_null()).add(delivery::Column::ClaimedUntil.lt(now))
}

/// Takes delivery `id` for this sender; false when another has it or it is no longer due.
pub async fn claim(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, AppError> {
    let res = delivery::Entity::update_many()
        .col_expr(delivery::Column::ClaimedUntil, Expr::value(now + LEASE))
        .filter(delivery::Column::Id.eq(id))
        .filter(delivery::Column::Status.eq(PENDING))
        .filter(unclaimed(now))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Sends delivery `d` (claimed) once and records the attempt.
pub async fn attempt(
    db: &TenantDb,
    sealer: &Sealer,
    settings: &WebhookSettings,
    d: Delivery,
    now: DateTime<Utc>,
) -> Result<Outcome, AppError> {
    let Some(e) = endpoints::find(db.conn(), d.endpoint_id).await? else {
        return Err(AppError::internal("a delivery's endpoint is gone"));
    };
    if !e.active {
        // Disabled since it was claimed: left for when the endpoint is enabled again.
        delivery::Entity::update_many()
            .col_expr(delivery::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(delivery::Column::Id.eq(d.id))
            .exec(db.conn())
            .await?;
        return Ok(Outcome {
            status: None,
            latency_ms: 0,
            excerpt: String::new(),
            error: Some("endpoint disabled".into()),
        });
    }
    let outcome = match target::resolve(&e.url, settings.allow_private_targets).await {
        Err(refused) => {
            Outcome { status: None, latency_ms: 0, excerpt: String::new(), error: Some(refused.to_string()) }
        }
        Ok(t) => {
            let secrets = endpoints::secrets_in_force(sealer, &e, now)?;
            let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
            let body = d.body.clone().into_bytes();
            let headers = vec![
                ("content-type", "application/cloudevents+json".to_string()),
                (signature::HEADER, signature::header(&refs, now.timestamp(), &body)),
                ("innexar-event-id", d.event_id.to_string()),
                ("innexar-event-type", d.event_type.clone()),
                ("innexar-delivery-id", d.id.to_string()),
                ("innexar-delivery-attempt", (d.attempts + 1).to_string()),
            ];
            send::post(send::Delivery {
                target: &t,
                headers,
                body,
                timeout: Duration::from_secs(settings.timeout_secs.max(1)),
                max_response_bytes: settings.max_response_bytes,
            })
            .await
        }
    };
    record(db, settings, &e, &d, &outcome, now).await?;
    Ok(outcome)
}

async fn record(
    db: &TenantDb,
    settings: &WebhookSettings,
    e: &Endpoint,
    d: &Delivery,
    o: &Outcome,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // Here only: its `max`/`min` would shadow the integers' elsewhere in the module.
    use sea_orm::ExprTrait;
    let tx = db.begin().await?;
    let number = d.attempts + 1;
    attempt::ActiveModel {
        id: Set(new_id()),
        delivery_id: Set(d.id),
        number: Set(number),
        attempted_at: Set(now),
        status: Set(o.status.map(i32::from)),
        latency_ms: Set(i64::try_from(o.latency_ms).unwrap_or(i64::MAX)),
        excerpt: Set(o.excerpt.clone()),
        error: Set(o.error.clone()),
    }
    .insert(&*tx)
    .await?;
    let gave_up =
        now - d.created_at >= chrono::Duration::hours(i64::try_from(settings.give_up_after_hours).unwrap_or(72));
    let (status, next) = if o.succeeded() {
        (SUCCEEDED, None)
    } else if gave_up {
        (FAILED, None)
    } else {
        let pause = chrono::Duration::from_std(innexar_kernel::random::backoff(settings.retry_base_secs, number))
            .unwrap_or_default();
        (PENDING, Some(now + pause))
    };
    delivery::Entity::update_many()
        .col_expr(delivery::Column::Status, Expr::value(status))
        .col_expr(delivery::Column::Attempts, Expr::value(number))
        .col_expr(delivery::Column::NextAttemptAt, Expr::value(next))
        .col_expr(delivery::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(delivery::Column::LastStatus, Expr::value(o.status.map(i32::from)))
        .col_expr(delivery::Column::LastLatencyMs, Expr::value(i64::try_from(o.latency_ms).unwrap_or(i64::MAX)))
        .col_expr(delivery::Column::LastError, Expr::value(o.error.clone()))
        .col_expr(delivery::Column::UpdatedAt, Expr::value(now))
        .col_expr(delivery::Column::DeliveredAt, Expr::value(o.succeeded().then_some(now)))
        .filter(delivery::Column::Id.eq(d.id))
        .exec(&*tx)
        .await?;
    if o.succeeded() {
        endpoint::Entity::update_many()
            .col_expr(endpoint::Column::ConsecutiveFailures, Expr::value(0))
            .filter(endpoint::Column::Id.eq(e.id))
            .exec(&*tx)
            .await?;
    } else {
        // Counted in the statement, so two senders failing at once both count.
        endpoint::Entity::update_many()
            .col_expr(endpoint::Column::ConsecutiveFailures, Expr::col(endpoint::Column::ConsecutiveFailures).add(1))
            .filter(endpoint::Column::Id.eq(e.id))
            .exec(&*tx)
            .await?;
        let limit = i32::try_from(settings.disable_after_failures).unwrap_or(i32::MAX);
        let disabled = endpoint::Entity::update_many()
            .col_expr(endpoint::Column::Active, Expr::value(false))
            .col_expr(endpoint::Column::DisabledReason, Expr::value("failures"))
            .col_expr(endpoint::Column::RowVersion, Expr::col(endpoint::Column::RowVersion).add(1))
            .col_expr(endpoint::Column::UpdatedAt, Expr::value(now))
            .filter(endpoint::Column::Id.eq(e.id))
            .filter(endpoint::Column::Active.eq(true))
            .filter(endpoint::Column::ConsecutiveFailures.gte(limit))
            .exec(&*tx)
            .await?;
        if disabled.rows_affected == 1 {
            let owners: Vec<Uuid> =
                innexar_identity::queries::active_users_holding(&*tx, crate::permissions::WEBHOOKS_MANAGE)
                    .await?
                    .into_iter()
                    .map(|u| u.id.0)
                    .collect();
            let params = serde_json::json!({"url": e.url, "failures": limit});
            innexar_db::notifications::notify(&tx, &owners, "webhooks.endpoint_disabled", &params, "/admin/webhooks")
                .await?;
            tracing::warn!(endpoint = %e.id, url = %e.url, "webhook endpoint disabled after repeated failures");
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Sends what is due for one tenant, a few at once (a slow receiver does not hold up the
/// others); answers how many attempts were made.
pub async fn send_due(
    db: &TenantDb,
    sealer: &Sealer,
    settings: &WebhookSettings,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<usize, AppError> {
    use futures_util::StreamExt;
    let mut made = 0;
    loop {
        let batch = due(db.conn(), now(), 32).await?;
        if batch.is_empty() {
            return Ok(made);
        }
        let mut claimed = Vec::new();
        for d in batch {
            if claim(db.conn(), d.id, now()).await? {
                claimed.push(d);
            }
        }
        if claimed.is_empty() {
            return Ok(made);
        }
        made += claimed.len();
        let results: Vec<Result<Outcome, AppError>> = futures_util::stream::iter(claimed)
            .map(|d| attempt(db, sealer, settings, d, now()))
            .buffer_unordered(8)
            .collect()
            .await;
        for r in results {
            if let Err(e) = r {
                tracing::warn!(error = %e, "a webhook delivery could not be recorded");
            }
        }
    }
}
