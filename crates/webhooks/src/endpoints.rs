//! Endpoints: where a tenant's events go, which types, and the secrets that sign them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use innexar_db::Tx;
use innexar_kernel::sealed::Sealer;
use innexar_kernel::{AppError, FieldError, new_id};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder};

use crate::store::endpoint::{self, Entity as Endpoints};

pub use crate::store::endpoint::Model as Endpoint;

/// Where a secret is sealed: bound to its endpoint (a sealed secret copied to another row does
/// not open there).
pub(crate) fn secret_context(id: Uuid) -> String {
    format!("webhooks.endpoint:{id}")
}

/// `whsec_` and 32 random bytes, URL-safe base64.
pub fn new_secret() -> String {
    format!("whsec_{}", URL_SAFE_NO_PAD.encode(innexar_kernel::random::bytes(32)))
}

/// An endpoint to register.
#[derive(Debug, Clone)]
pub struct NewEndpoint {
    pub url: String,
    pub description: Option<String>,
    /// Event types (`vehicle.created`), or `*` for every one.
    pub event_types: Vec<String>,
}

/// Registers an endpoint; answers it and its signing secret, which is shown this once.
pub async fn create(
    tx: &Tx,
    sealer: &Sealer,
    input: NewEndpoint,
    created_by: Option<Uuid>,
) -> Result<(Endpoint, String), AppError> {
    let mut errors = Vec::new();
    if crate::target::parse(&input.url).is_err() {
        errors.push(FieldError::new("/url", "webhooks.invalid_url", "use an http or https URL with a host name"));
    }
    if input.event_types.is_empty() {
        errors.push(FieldError::new("/eventTypes", "webhooks.no_event_types", "choose at least one event type, or *"));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let id = new_id();
    let secret = new_secret();
    let now = tx.now();
    let row = endpoint::ActiveModel {
        id: Set(id),
        url: Set(input.url.trim().to_string()),
        description: Set(input.description),
        event_types: Set(serde_json::json!(input.event_types)),
        active: Set(true),
        disabled_reason: Set(None),
        secret_sealed: Set(sealer.seal(&secret_context(id), &secret)),
        previous_secret_sealed: Set(None),
        previous_secret_expires_at: Set(None),
        consecutive_failures: Set(0),
        created_by: Set(created_by),
        row_version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let saved = row.insert(&**tx).await?;
    Ok((saved, secret))
}

/// Whether `e` takes events of `event_type`.
pub fn subscribes(e: &Endpoint, event_type: &str) -> bool {
    e.event_types.as_array().is_some_and(|types| types.iter().any(|t| t == "*" || t == event_type))
}

/// The active endpoints.
pub async fn active(db: &impl ConnectionTrait) -> Result<Vec<Endpoint>, AppError> {
    Ok(Endpoints::find().filter(endpoint::Column::Active.eq(true)).order_by_asc(endpoint::Column::Id).all(db).await?)
}

/// Whether the tenant has an endpoint that takes events at all.
pub async fn any_active(db: &impl ConnectionTrait) -> Result<bool, AppError> {
    use sea_orm::QuerySelect;
    Ok(Endpoints::find()
        .select_only()
        .column(endpoint::Column::Id)
        .filter(endpoint::Column::Active.eq(true))
        .limit(1)
        .into_tuple::<Uuid>()
        .one(db)
        .await?
        .is_some())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Endpoint>, AppError> {
    Ok(Endpoints::find_by_id(id).one(db).await?)
}

/// The secrets that sign a delivery at `now`: the current one, and the one it replaced while
/// that is still honoured after a rotation.
pub fn secrets_in_force(sealer: &Sealer, e: &Endpoint, now: DateTime<Utc>) -> Result<Vec<String>, AppError> {
    let context = secret_context(e.id);
    let mut out = vec![sealer.open(&context, &e.secret_sealed).map_err(AppError::internal)?];
    if let (Some(old), Some(until)) = (&e.previous_secret_sealed, e.previous_secret_expires_at)
        && until > now
    {
        out.push(sealer.open(&context, old).map_err(AppError::internal)?);
    }
    Ok(out)
}
