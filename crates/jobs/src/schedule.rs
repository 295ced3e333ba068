//! Work an area runs for every active tenant at a fixed interval (housekeeping, reminders).
//!
//! Intervals are kept in the process: each replica runs its own schedule, so a task must be
//! safe to run twice (purging expired rows, sending what is not yet marked sent).

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use innexar_db::{ControlDb, TenantDb, TenantPools, TenantStatus};
use innexar_kernel::{AppError, Clock};

#[async_trait]
pub trait ScheduledTask: Send + Sync {
    /// Stable name, for logs.
    fn name(&self) -> &'static str;
    async fn run(&self, db: &TenantDb, now: DateTime<Utc>) -> Result<(), AppError>;
}

#[derive(Clone, Default)]
pub struct Scheduler {
    tasks: Vec<(Duration, Arc<dyn ScheduledTask>)>,
}

impl Scheduler {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn register(&mut self, every: Duration, task: Arc<dyn ScheduledTask>) {
        self.tasks.push((every.max(Duration::from_secs(1)), task));
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.tasks.iter().map(|(_, t)| t.name()).collect()
    }

    /// Runs every task once on one tenant (tests, and the CLI's maintenance commands).
    pub async fn run_all(&self, db: &TenantDb, now: DateTime<Utc>) -> Result<(), AppError> {
        for (_, task) in &self.tasks {
            task.run(db, now).await?;
        }
        Ok(())
    }

    /// Runs until the process stops: each task, when its interval has passed, over every
    /// active tenant. A failure on one tenant is logged and does not stop the others.
    pub async fn run_forever(self, control: Arc<ControlDb>, pools: Arc<TenantPools>, clock: Arc<dyn Clock>) {
        if self.tasks.is_empty() {
            return;
        }
        let mut last_run: Vec<Option<Instant>> = vec![None; self.tasks.len()];
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let due: Vec<usize> = (0..self.tasks.len())
                .filter(|&i| last_run[i].is_none_or(|at| at.elapsed() >= self.tasks[i].0))
                .collect();
            if due.is_empty() {
                continue;
            }
            let tenants = match control.list_tenants().await {
                Ok(t) => t,
                Err(e) => {
                    tracing::error!(error = %e, "scheduler cannot read the tenant registry");
                    continue;
                }
            };
            for &i in &due {
                last_run[i] = Some(Instant::now());
                let task = &self.tasks[i].1;
                for t in tenants.iter().filter(|t| t.status == TenantStatus::Active) {
                    let result = match pools.get(t).await {
                        Ok(db) => task.run(&db, clock.now()).await,
                        Err(e) => Err(e),
                    };
                    if let Err(e) = result {
                        tracing::warn!(task = task.name(), tenant = %t.slug, error = %e, "scheduled task failed");
                    }
                }
            }
        }
    }
}
