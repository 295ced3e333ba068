//! The loop the dispatcher and the worker share: wake for the tenants a commit marked, sweep
//! every active tenant now and then for what a crash or a failure left behind.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use innexar_db::outbox::OutboxSignal;
use innexar_db::{ControlDb, TenantDb, TenantPools, TenantRecord, TenantStatus};
use innexar_kernel::AppError;
use uuid::Uuid;

/// The shortest time between two passes (see the loop).
const MIN_PASS_GAP: Duration = Duration::from_millis(20);

/// Runs `work` on each tenant `signal` marks, and on every active tenant each `sweep_every`,
/// until the process stops. `what` names the loop in logs.
pub async fn serve_marked_tenants<F, Fut>(
    what: &'static str,
    control: Arc<ControlDb>,
    pools: Arc<TenantPools>,
    signal: Arc<OutboxSignal>,
    sweep_every: Duration,
    work: F,
) where
    F: Fn(TenantDb) -> Fut,
    Fut: Future<Output = Result<(), AppError>>,
{
    let mut last_sweep = Instant::now();
    // The registry as last read: re-read at each sweep and when a marked tenant is not in it,
    // not on every wake (under a burst of writes the loop wakes hundreds of times a second).
    let mut known: HashMap<Uuid, TenantRecord> = HashMap::new();
    let mut last_pass: Option<Instant> = None;
    loop {
        let mut tenants: Vec<Uuid> = signal.wait(Duration::from_secs(1)).await;
        let sweep = last_sweep.elapsed() >= sweep_every;
        if sweep {
            last_sweep = Instant::now();
        } else if tenants.is_empty() {
            continue;
        }
        // At most one pass per tenant each MIN_PASS_GAP: commits that land meanwhile are
        // delivered together, in one read and one update, instead of one pass each. A quiet
        // tenant's first event goes at once.
        if let Some(wait) = last_pass.and_then(|at| MIN_PASS_GAP.checked_sub(at.elapsed())) {
            tokio::time::sleep(wait).await;
            tenants.extend(signal.take());
        }
        if sweep || tenants.iter().any(|id| !known.contains_key(id)) {
            match control.list_tenants().await {
                Ok(records) => known = records.into_iter().map(|t| (t.id, t)).collect(),
                Err(e) => {
                    tracing::error!(error = %e, "{what} cannot read the tenant registry");
                    continue;
                }
            }
        }
        if sweep {
            tenants = known.keys().copied().collect();
        }
        tenants.sort_unstable();
        tenants.dedup();
        last_pass = Some(Instant::now());
        for t in tenants.iter().filter_map(|id| known.get(id)).filter(|t| t.status == TenantStatus::Active) {
            let result = match pools.get(t).await {
                Ok(db) => work(db).await,
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                tracing::error!(tenant = %t.slug, error = %e, "{what} failed");
            }
        }
    }
}
