//! The loop the dispatcher and the worker share: wake for the tenants a commit marked, sweep
//! every active tenant now and then for what a crash or a failure left behind.

use std::sync::Arc;
use std::time::{Duration, Instant};

use innexar_db::outbox::OutboxSignal;
use innexar_db::{ControlDb, TenantDb, TenantPools, TenantStatus};
use innexar_kernel::AppError;
use uuid::Uuid;

/// Runs `work` on each tenant `signal` marks, and on every active tenant each `sweep_every`,
/// until the process stops. `what` names the loop in logs.
pub(crate) async fn serve_marked_tenants<F, Fut>(
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
    loop {
        let mut tenants: Vec<Uuid> = signal.wait(Duration::from_secs(1)).await;
        let sweep = last_sweep.elapsed() >= sweep_every;
        if sweep {
            last_sweep = Instant::now();
        } else if tenants.is_empty() {
            continue;
        }
        let records = match control.list_tenants().await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "{what} cannot read the tenant registry");
                continue;
            }
        };
        if sweep {
            tenants = records.iter().map(|t| t.id).collect();
        }
        for t in records.iter().filter(|t| tenants.contains(&t.id) && t.status == TenantStatus::Active) {
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
