//! The job worker: claims queued jobs of a tenant and hands each to the handler of its kind.
//!
//! Tests call [`Worker::step`] (or [`Worker::drain`]) until the queue is empty; `innexar serve`
//! runs [`Worker::run_forever`], woken when a request queues a job and sweeping every tenant
//! now and then for jobs left behind by a stopped process.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use innexar_db::outbox::OutboxSignal;
use innexar_db::{ControlDb, TenantDb, TenantPools};
use innexar_kernel::{AppError, Clock};
use serde_json::Value;
use uuid::Uuid;

use crate::runs::{self, Job};

/// The work of one kind of job (`vehicles.import`, ...), registered by the area that owns it.
#[async_trait]
pub trait JobHandler: Send + Sync {
    fn kind(&self) -> &'static str;
    /// Runs the job to its end and returns its result. The handler owns its transactions: a
    /// long job commits in batches so its progress can be seen and its locks stay short.
    async fn run(&self, db: &TenantDb, job: &Job, progress: &Progress) -> Result<Value, AppError>;
}

/// How a running job reports progress (which also tells other workers it is alive).
pub struct Progress {
    db: TenantDb,
    job_id: Uuid,
    clock: Arc<dyn Clock>,
}

impl Progress {
    /// `result` is the partial outcome so far, shown to whoever polls the job.
    pub async fn report(&self, processed: u64, total: u64, result: Option<&Value>) -> Result<(), AppError> {
        // Through a transaction so SQLite's writers queue in the process instead of timing out.
        let tx = self.db.begin().await?;
        runs::progress(&*tx, self.job_id, processed as i64, total as i64, result, self.clock.now()).await?;
        Ok(tx.commit().await?)
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}

#[derive(Clone)]
pub struct Worker {
    handlers: HashMap<&'static str, Arc<dyn JobHandler>>,
    clock: Arc<dyn Clock>,
}

impl Worker {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Worker { handlers: HashMap::new(), clock }
    }

    pub fn register(&mut self, handler: Arc<dyn JobHandler>) {
        self.handlers.insert(handler.kind(), handler);
    }

    /// Runs the oldest claimable job of this tenant, if any; returns its id.
    pub async fn step(&self, db: &TenantDb) -> Result<Option<Uuid>, AppError> {
        let tx = db.begin().await?;
        let claimed = runs::claim_next(&*tx, self.clock.now()).await?;
        tx.commit().await?;
        let Some(job) = claimed else { return Ok(None) };
        self.execute(db, &job).await?;
        Ok(Some(job.id))
    }

    /// Runs jobs until none is left; returns how many ran.
    pub async fn drain(&self, db: &TenantDb) -> Result<usize, AppError> {
        let mut n = 0;
        while self.step(db).await?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    /// Runs job `id` here and now (the CLI, which shows its progress). False when another
    /// worker has it already or it is finished.
    pub async fn run_job(&self, db: &TenantDb, id: Uuid) -> Result<bool, AppError> {
        let tx = db.begin().await?;
        let claimed = runs::claim(&*tx, id, self.clock.now()).await?;
        tx.commit().await?;
        if !claimed {
            return Ok(false);
        }
        let job = runs::find(db.conn(), id).await?.ok_or_else(|| AppError::internal("claimed job vanished"))?;
        self.execute(db, &job).await?;
        Ok(true)
    }

    async fn execute(&self, db: &TenantDb, job: &Job) -> Result<(), AppError> {
        let outcome = match self.handlers.get(job.kind.as_str()).cloned() {
            Some(h) => {
                let progress = Progress { db: db.clone(), job_id: job.id, clock: self.clock.clone() };
                let (db, owned) = (db.clone(), job.clone());
                // A task of its own, so a panicking handler fails its job instead of the worker.
                let run = tokio::spawn(async move { h.run(&db, &owned, &progress).await });
                match run.await {
                    Ok(Ok(result)) => Ok(result),
                    Ok(Err(e)) => {
                        tracing::warn!(job = %job.id, kind = %job.kind, error = %e, "job failed");
                        Err(if e.status.is_server_error() {
                            "the job stopped on an unexpected error".to_string()
                        } else {
                            e.detail
                        })
                    }
                    Err(e) => {
                        tracing::error!(job = %job.id, kind = %job.kind, error = %e, "job panicked");
                        Err("the job stopped on an unexpected error".to_string())
                    }
                }
            }
            None => Err(format!("no worker handles jobs of kind {}", job.kind)),
        };
        let tx = db.begin().await?;
        runs::finish(&*tx, job.id, outcome, self.clock.now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Runs until the process stops: right after a request queued a job (`signal`), and over
    /// every active tenant each `sweep_every`.
    pub async fn run_forever(
        self,
        control: Arc<ControlDb>,
        pools: Arc<TenantPools>,
        signal: Arc<OutboxSignal>,
        sweep_every: Duration,
    ) {
        let work = |db: TenantDb| {
            let w = &self;
            async move { w.drain(&db).await.map(drop) }
        };
        crate::tenants::serve_marked_tenants("job worker", control, pools, signal, sweep_every, work).await
    }
}
