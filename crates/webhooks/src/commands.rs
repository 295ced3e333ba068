//! The Owner's changes to endpoints, and the deliveries they ask for (a test send, a
//! redelivery). Each in the request's transaction, audited; never a secret in the audit log.

use innexar_db::outbox::CloudEvent;
use innexar_db::{Tx, audit};
use innexar_http::EventType;
use innexar_kernel::sealed::Sealer;
use innexar_kernel::{AppError, FieldError, IfMatch, new_id};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, IntoActiveModel, QuerySelect};

use crate::deliveries::{self, PENDING};
use crate::endpoints::{self, Endpoint, NewEndpoint};
use crate::model::{
    self, DISABLED_BY_USER, DeliveryId, DeliveryView, EndpointId, EndpointPatch, EndpointView, EndpointWithSecret,
    MAX_KEEP_PREVIOUS_HOURS, NewEndpointInput, SecretRotation, TEST_TYPE,
};
use crate::store::{delivery, endpoint};

/// What the checks on an endpoint need from the application: the event types published, and
/// whether the operator lets webhooks reach addresses inside.
#[derive(Clone, Copy)]
pub struct Rules<'a> {
    pub catalogue: &'a [EventType],
    pub allow_private_targets: bool,
}

pub fn not_found() -> AppError {
    AppError::not_found("webhooks.endpoint_not_found", "no webhook endpoint with this id")
}

fn stale() -> AppError {
    AppError::precondition_failed("the endpoint was changed by someone else; reload and try again")
}

fn disabled() -> AppError {
    AppError::conflict("webhooks.endpoint_disabled", "the endpoint is disabled; enable it first")
}

/// Registers an endpoint; answers it with its secret, shown this once.
pub async fn create_endpoint(
    tx: &Tx,
    sealer: &Sealer,
    rules: Rules<'_>,
    input: NewEndpointInput,
) -> Result<EndpointWithSecret, AppError> {
    let mut errors = Vec::new();
    let url = model::check_url(&mut errors, input.url, rules.allow_private_targets);
    let description = model::check_description(&mut errors, input.description);
    let event_types = model::check_event_types(&mut errors, input.event_types, rules.catalogue);
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let created_by = tx.actor().id;
    let (e, secret) = endpoints::create(tx, sealer, NewEndpoint { url, description, event_types }, created_by).await?;
    let view = EndpointView::of(&e, tx.now());
    audit(tx, "webhooks.endpoint_created", e.id, None, Some(&view)).await?;
    Ok(EndpointWithSecret { endpoint: view, secret })
}

/// The endpoint, held until the transaction ends on PostgreSQL (SQLite's writers take turns
/// already), so changes that do not name a version wait for each other instead of failing.
async fn find_locked(tx: &Tx, id: EndpointId) -> Result<Endpoint, AppError> {
    let mut q = endpoint::Entity::find_by_id(id.uuid());
    if tx.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        q = q.lock_exclusive();
    }
    q.one(&**tx).await?.ok_or_else(not_found)
}

/// Saves `after` over `before` if no one changed it meanwhile, one version on.
async fn save(tx: &Tx, before: &Endpoint, mut after: endpoint::ActiveModel) -> Result<Endpoint, AppError> {
    after.row_version = Set(before.row_version + 1);
    after.updated_at = Set(tx.now());
    let res = endpoint::Entity::update_many()
        .set(after)
        .filter(endpoint::Column::Id.eq(before.id))
        .filter(endpoint::Column::RowVersion.eq(before.row_version))
        .exec(&**tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(stale());
    }
    endpoint::Entity::find_by_id(before.id).one(&**tx).await?.ok_or_else(not_found)
}

/// Changes endpoint `id` if its version is one `expected` allows. Enabling it clears its
/// failures (what waited goes out); disabling it holds its deliveries.
pub async fn update_endpoint(
    tx: &Tx,
    rules: Rules<'_>,
    id: EndpointId,
    expected: IfMatch,
    patch: EndpointPatch,
) -> Result<EndpointView, AppError> {
    let before = find_locked(tx, id).await?;
    if !expected.allows(before.row_version) {
        return Err(stale());
    }
    let mut errors = Vec::new();
    let mut after = before.clone().into_active_model();
    if let Some(url) = patch.url {
        after.url = Set(model::check_url(&mut errors, url, rules.allow_private_targets));
    }
    if let Some(d) = patch.description {
        after.description = Set(model::check_description(&mut errors, Some(d)));
    }
    if let Some(types) = patch.event_types {
        after.event_types = Set(serde_json::json!(model::check_event_types(&mut errors, types, rules.catalogue)));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    match patch.active {
        Some(true) if !before.active => {
            after.active = Set(true);
            after.disabled_reason = Set(None);
            after.consecutive_failures = Set(0);
            // Deliveries that waited go now, not at the retry time they had.
            delivery::Entity::update_many()
                .col_expr(delivery::Column::NextAttemptAt, Expr::value(tx.now()))
                .filter(delivery::Column::EndpointId.eq(before.id))
                .filter(delivery::Column::Status.eq(PENDING))
                .exec(&**tx)
                .await?;
            tx.deliveries_queued();
        }
        Some(false) if before.active => {
            after.active = Set(false);
            after.disabled_reason = Set(Some(DISABLED_BY_USER.into()));
        }
        _ => {}
    }
    let saved = save(tx, &before, after).await?;
    let (was, now) = (EndpointView::of(&before, tx.now()), EndpointView::of(&saved, tx.now()));
    audit(tx, "webhooks.endpoint_changed", before.id, Some(&was), Some(&now)).await?;
    Ok(now)
}

/// Removes endpoint `id` with its deliveries and their log.
pub async fn delete_endpoint(tx: &Tx, id: EndpointId, expected: IfMatch) -> Result<(), AppError> {
    let before = find_locked(tx, id).await?;
    if !expected.allows(before.row_version) {
        return Err(stale());
    }
    let res = endpoint::Entity::delete_many()
        .filter(endpoint::Column::Id.eq(before.id))
        .filter(endpoint::Column::RowVersion.eq(before.row_version))
        .exec(&**tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(stale());
    }
    let was = EndpointView::of(&before, tx.now());
    audit(tx, "webhooks.endpoint_deleted", before.id, Some(&was), None).await
}

/// Gives endpoint `id` a new secret; the current one keeps signing beside it for the hours
/// asked (a rotation during another's grace retires the older one at once).
pub async fn rotate_secret(
    tx: &Tx,
    sealer: &Sealer,
    id: EndpointId,
    expected: IfMatch,
    rotation: SecretRotation,
) -> Result<EndpointWithSecret, AppError> {
    let hours = rotation.keep_previous_for_hours.unwrap_or(24);
    if hours > MAX_KEEP_PREVIOUS_HOURS {
        return Err(AppError::validation(vec![FieldError::new(
            "/keepPreviousForHours",
            "field.out_of_range",
            format!("keep the previous secret for 0 to {MAX_KEEP_PREVIOUS_HOURS} hours"),
        )]));
    }
    let before = find_locked(tx, id).await?;
    if !expected.allows(before.row_version) {
        return Err(stale());
    }
    let secret = endpoints::new_secret();
    let context = endpoints::secret_context(before.id);
    let mut after = before.clone().into_active_model();
    after.secret_sealed = Set(sealer.seal(&context, &secret));
    if hours == 0 {
        after.previous_secret_sealed = Set(None);
        after.previous_secret_expires_at = Set(None);
    } else {
        after.previous_secret_sealed = Set(Some(before.secret_sealed.clone()));
        after.previous_secret_expires_at = Set(Some(tx.now() + chrono::Duration::hours(i64::from(hours))));
    }
    let saved = save(tx, &before, after).await?;
    audit::record(
        tx,
        audit::Change {
            action: "webhooks.secret_rotated",
            entity_type: "webhook_endpoint",
            entity_id: Some(before.id),
            before: None,
            after: Some(&serde_json::json!({ "keepPreviousForHours": hours })),
        },
    )
    .await?;
    Ok(EndpointWithSecret { endpoint: EndpointView::of(&saved, tx.now()), secret })
}

/// Queues a `webhook.test` delivery to endpoint `id` alone, signed and logged as any other.
pub async fn test_send(tx: &Tx, id: EndpointId) -> Result<DeliveryView, AppError> {
    let e = endpoints::find(&**tx, id.uuid()).await?.ok_or_else(not_found)?;
    if !e.active {
        return Err(disabled());
    }
    let now = tx.now();
    let event = CloudEvent {
        specversion: "1.0",
        id: new_id(),
        event_type: TEST_TYPE.into(),
        source: format!("/tenants/{}/webhooks", tx.tenant_id()),
        subject: Some(e.id.to_string()),
        time: now,
        datacontenttype: "application/json",
        tenantid: tx.tenant_id(),
        data: serde_json::json!({
            "endpointId": e.id,
            "message": "A test delivery from Innexar: if you can read this, the endpoint works.",
        }),
    };
    let d = deliveries::queue_to(tx, &e, &event).await?;
    Ok(DeliveryView::from(&d))
}

pub fn delivery_not_found() -> AppError {
    AppError::not_found("webhooks.delivery_not_found", "no webhook delivery with this id")
}

/// Sends delivery `id` again now, whatever became of it: one more attempt (and, if it fails
/// while its days last, the retries after it).
pub async fn redeliver(tx: &Tx, id: DeliveryId) -> Result<DeliveryView, AppError> {
    let d = delivery::Entity::find_by_id(id.uuid()).one(&**tx).await?.ok_or_else(delivery_not_found)?;
    let e = endpoints::find(&**tx, d.endpoint_id).await?.ok_or_else(delivery_not_found)?;
    if !e.active {
        return Err(disabled());
    }
    let now = tx.now();
    let res = delivery::Entity::update_many()
        .col_expr(delivery::Column::Status, Expr::value(PENDING))
        .col_expr(delivery::Column::NextAttemptAt, Expr::value(now))
        .col_expr(delivery::Column::UpdatedAt, Expr::value(now))
        .filter(delivery::Column::Id.eq(d.id))
        .filter(deliveries::unclaimed(now))
        .exec(&**tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::conflict(
            "webhooks.delivery_in_flight",
            "the delivery is being sent right now; look at its log in a moment",
        ));
    }
    tx.deliveries_queued();
    audit::record(
        tx,
        audit::Change {
            action: "webhooks.delivery_redelivered",
            entity_type: "webhook_delivery",
            entity_id: Some(d.id),
            before: Some(&serde_json::json!({ "status": d.status, "attempts": d.attempts })),
            after: None,
        },
    )
    .await?;
    let d = delivery::Entity::find_by_id(d.id).one(&**tx).await?.ok_or_else(delivery_not_found)?;
    Ok(DeliveryView::from(&d))
}

async fn audit(
    tx: &Tx,
    action: &'static str,
    id: Uuid,
    before: Option<&EndpointView>,
    after: Option<&EndpointView>,
) -> Result<(), AppError> {
    let (before, after) = (before.map(EndpointView::audit_view), after.map(EndpointView::audit_view));
    audit::record(
        tx,
        audit::Change {
            action,
            entity_type: "webhook_endpoint",
            entity_id: Some(id),
            before: before.as_ref(),
            after: after.as_ref(),
        },
    )
    .await?;
    Ok(())
}
