//! A bound on how many of one kind of heavy work (reading an uploaded spreadsheet) run at once:
//! in the whole process, and per tenant so that one tenant cannot take every slot.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use uuid::Uuid;

/// Which bound a caller ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// The tenant already runs as many as it may.
    Tenant,
    /// The process runs as many as it may, all tenants together.
    Process,
}

pub struct ConcurrencyLimit {
    process: Arc<Semaphore>,
    per_tenant: usize,
    tenants: Mutex<HashMap<Uuid, Arc<Semaphore>>>,
}

/// The right to run one piece of the work; the slot frees itself when dropped.
#[derive(Debug)]
pub struct Slot {
    _tenant: OwnedSemaphorePermit,
    _process: OwnedSemaphorePermit,
}

impl ConcurrencyLimit {
    pub fn new(process: usize, per_tenant: usize) -> Self {
        ConcurrencyLimit {
            process: Arc::new(Semaphore::new(process.max(1))),
            per_tenant: per_tenant.max(1),
            tenants: Mutex::new(HashMap::new()),
        }
    }

    /// A slot for `tenant`, waiting at most `wait` (`None`: as long as it takes). The tenant's
    /// own bound is taken first, so the callers one tenant queues never hold process slots.
    pub async fn acquire(&self, tenant: Uuid, wait: Option<Duration>) -> Result<Slot, Busy> {
        let deadline = wait.map(|w| tokio::time::Instant::now() + w);
        let semaphore = {
            let mut tenants = self.tenants.lock().unwrap_or_else(PoisonError::into_inner);
            // Entries of tenants with nothing running go, so the map stays as small as the work.
            tenants.retain(|_, s| Arc::strong_count(s) > 1 || s.available_permits() < self.per_tenant);
            tenants.entry(tenant).or_insert_with(|| Arc::new(Semaphore::new(self.per_tenant))).clone()
        };
        let tenant_permit = until(deadline, semaphore.acquire_owned()).await.ok_or(Busy::Tenant)?;
        let process_permit = until(deadline, self.process.clone().acquire_owned()).await.ok_or(Busy::Process)?;
        Ok(Slot { _tenant: tenant_permit, _process: process_permit })
    }
}

async fn until<E>(
    deadline: Option<tokio::time::Instant>,
    acquire: impl Future<Output = Result<OwnedSemaphorePermit, E>>,
) -> Option<OwnedSemaphorePermit> {
    match deadline {
        Some(d) => tokio::time::timeout_at(d, acquire).await.ok()?.ok(),
        None => acquire.await.ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_tenant_gets_its_own_share_and_the_process_bound_holds_for_all() {
        let limit = ConcurrencyLimit::new(2, 1);
        let (a, b, c) = (innexar_kernel::new_id(), innexar_kernel::new_id(), innexar_kernel::new_id());
        let short = Some(Duration::from_millis(20));
        let first = limit.acquire(a, short).await.expect("a's first");
        assert_eq!(limit.acquire(a, short).await.err(), Some(Busy::Tenant));
        let second = limit.acquire(b, short).await.expect("b");
        assert_eq!(limit.acquire(c, short).await.err(), Some(Busy::Process));
        drop(first);
        let third = limit.acquire(c, short).await.expect("c once a is done");
        drop((second, third));
        assert!(limit.acquire(a, short).await.is_ok());
        assert!(limit.tenants.lock().expect("lock").len() <= 1, "idle tenants are forgotten");
    }
}
