//! Removing what a tenant database no longer needs.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use innexar_db::TenantDb;
use innexar_http::AppState;
use innexar_jobs::ScheduledTask;
use innexar_kernel::AppError;

pub(crate) fn task(_: &AppState) -> Arc<dyn ScheduledTask> {
    Arc::new(PurgeIdempotencyKeys)
}

/// Idempotency keys past their retention: a retry that late is a new request.
struct PurgeIdempotencyKeys;

#[async_trait]
impl ScheduledTask for PurgeIdempotencyKeys {
    fn name(&self) -> &'static str {
        "tenants.purge_idempotency_keys"
    }

    async fn run(&self, db: &TenantDb, now: DateTime<Utc>) -> Result<(), AppError> {
        innexar_db::idempotency::purge_expired(db.conn(), now).await?;
        Ok(())
    }
}
