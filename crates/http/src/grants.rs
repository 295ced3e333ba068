//! The tenant's own grants per role (which permissions an Owner gave or took from each role),
//! read on signed-in requests through a short cache, as [`crate::sessions`] reads session state.
//! Identity owns the table and answers through [`GrantsLookup`].
//!
//! A change made in this process takes effect at once ([`RoleGrants::forget`] after its commit);
//! other replicas see it when their cached answer expires, within [`crate::sessions::CACHE_TTL_SECS`].

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use innexar_db::TenantDb;
use innexar_kernel::{AppError, Grants};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub type GrantsFuture<'a> = Pin<Box<dyn Future<Output = Result<Grants, AppError>> + Send + 'a>>;

/// Reads a tenant's grants. Implemented by identity, which this crate cannot depend on.
pub trait GrantsLookup: Send + Sync {
    fn find<'a>(&'a self, db: &'a DatabaseConnection) -> GrantsFuture<'a>;
}

pub struct RoleGrants {
    lookup: Arc<dyn GrantsLookup>,
    ttl: Duration,
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    answers: HashMap<Uuid, (Arc<Grants>, DateTime<Utc>)>,
    /// Moves on with every `forget`: an answer read before a forget is not stored after it.
    generation: u64,
}

impl RoleGrants {
    pub fn new(lookup: Arc<dyn GrantsLookup>) -> Self {
        RoleGrants {
            lookup,
            ttl: Duration::seconds(crate::sessions::CACHE_TTL_SECS),
            cache: Mutex::new(Cache::default()),
        }
    }

    /// The tenant's grants; `db` is called only when they are not cached.
    pub async fn of<F, Fut>(&self, tenant: Uuid, now: DateTime<Utc>, db: F) -> Result<Arc<Grants>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TenantDb, AppError>>,
    {
        let (cached, generation) = {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            let fresh = cache.answers.get(&tenant).filter(|(_, at)| *at <= now && now < *at + self.ttl);
            (fresh.map(|(g, _)| g.clone()), cache.generation)
        };
        if let Some(g) = cached {
            return Ok(g);
        }
        let grants = {
            let db = db().await?;
            Arc::new(self.lookup.find(db.conn()).await?)
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.generation == generation {
            cache.answers.insert(tenant, (grants.clone(), now));
        }
        Ok(grants)
    }

    /// Drops what is known of the tenant's grants; call it after committing a change to them.
    pub fn forget(&self, tenant: Uuid) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.generation += 1;
        cache.answers.remove(&tenant);
    }
}
