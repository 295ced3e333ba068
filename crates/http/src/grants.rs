//! The tenant's own grants per role (which permissions an Owner gave or took from each role),
//! read on signed-in requests through a short cache, as [`crate::sessions`] reads session state.
//! Identity owns the table and answers through [`GrantsLookup`].
//!
//! A change made in this process takes effect at once ([`RoleGrants::forget`] after its commit);
//! other replicas see it when their cached answer expires, within [`crate::sessions::CACHE_TTL_SECS`].

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use innexar_db::TenantDb;
use innexar_kernel::{AppError, Grants};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::memo::Memo;

pub type GrantsFuture<'a> = Pin<Box<dyn Future<Output = Result<Grants, AppError>> + Send + 'a>>;

/// Reads a tenant's grants. Implemented by identity, which this crate cannot depend on.
pub trait GrantsLookup: Send + Sync {
    fn find<'a>(&'a self, db: &'a DatabaseConnection) -> GrantsFuture<'a>;
}

pub struct RoleGrants {
    lookup: Arc<dyn GrantsLookup>,
    memo: Memo<Uuid, Arc<Grants>>,
}

impl RoleGrants {
    pub fn new(lookup: Arc<dyn GrantsLookup>) -> Self {
        RoleGrants { lookup, memo: Memo::new(Duration::seconds(crate::sessions::CACHE_TTL_SECS)) }
    }

    /// The tenant's grants; `db` is called only when they are not kept.
    pub async fn of<F, Fut>(&self, tenant: Uuid, now: DateTime<Utc>, db: F) -> Result<Arc<Grants>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TenantDb, AppError>>,
    {
        self.memo
            .get(tenant, now, || async {
                let db = db().await?;
                Ok(Arc::new(self.lookup.find(db.conn()).await?))
            })
            .await
    }

    /// Drops what is known of the tenant's grants; call it after committing a change to them.
    pub fn forget(&self, tenant: Uuid) {
        self.memo.forget(&tenant);
    }
}
