//! Background work over tenants: delivering outbox events to in-process handlers, and the job
//! queue (`jobs_runs`) that runs long work such as imports with visible progress.
//!
//! Event delivery is at least once; each handler runs in a transaction that also records
//! `(handler, event id)`, so a redelivered event has the effect of one. Jobs are claimed by one
//! worker at a time and claimed again when their worker stops reporting (see `runs`); areas add
//! kinds of jobs by implementing [`JobHandler`].

pub mod runs;
pub mod schedule;
pub mod tenants;
pub mod worker;

pub use runs::{Job, JobStatus, NewJob};
pub use schedule::{ScheduledTask, Scheduler};
pub use worker::{JobHandler, Progress, Worker};

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use innexar_db::outbox::{self, CloudEvent, OutboxSignal};
use innexar_db::{ControlDb, TenantDb, TenantPools, Tx};
use innexar_kernel::{AppError, Clock};

/// Something that reacts to events (accounting postings, notifications, webhooks...).
#[async_trait]
pub trait EventHandler: Send + Sync {
    /// Stable name; part of the key that makes delivery idempotent.
    fn name(&self) -> &'static str;
    fn handles(&self, event_type: &str) -> bool;
    /// Runs inside `tx` (by the system actor), which commits together with the "handled" mark;
    /// a handler calls other areas' commands with it.
    async fn handle(&self, tx: &Tx, event: &CloudEvent) -> Result<(), AppError>;

    /// Handles several events of one tenant in one transaction (a broker consumer's batch). By
    /// default one by one; a handler that can do the lot in fewer statements says so here.
    async fn handle_all(&self, tx: &Tx, events: &[&CloudEvent]) -> Result<(), AppError> {
        for e in events {
            self.handle(tx, e).await?;
        }
        Ok(())
    }

    /// Whether the handler has anything to do in this tenant now (webhooks: an active endpoint).
    /// When not, events pass it by without a transaction or a "handled" mark: a tenant that
    /// uses no webhooks pays one read per pass, not a write per event.
    async fn active(&self, _db: &TenantDb) -> Result<bool, AppError> {
        Ok(true)
    }
}

/// Events read per pass.
const DRAIN_BATCH: u64 = 100;

#[derive(Clone, Default)]
pub struct Dispatcher {
    handlers: Vec<Arc<dyn EventHandler>>,
}

/// What one pass over a tenant did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub dispatched: usize,
    pub failed: usize,
}

impl Dispatcher {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn register(&mut self, handler: Arc<dyn EventHandler>) {
        self.handlers.push(handler);
    }

    pub fn handler_names(&self) -> Vec<&'static str> {
        self.handlers.iter().map(|h| h.name()).collect()
    }

    /// The registered handlers, for consumers that deliver from a broker instead.
    pub fn handlers(&self) -> &[Arc<dyn EventHandler>] {
        &self.handlers
    }

    /// Delivers up to `limit` pending events of one tenant. Tests call this until it returns 0.
    pub async fn run_once(&self, db: &TenantDb, now: DateTime<Utc>, limit: u64) -> Result<Pass, AppError> {
        let mut pass = Pass::default();
        let mut delivered = Vec::new();
        let events = outbox::pending(db.conn(), db.tenant_id(), limit).await?;
        if events.is_empty() {
            return Ok(pass);
        }
        let mut active = Vec::new();
        for h in &self.handlers {
            if h.active(db).await? {
                active.push(h.clone());
            }
        }
        for event in events {
            match Self::deliver(&active, db, &event, now).await {
                Ok(()) => delivered.push(event.id),
                Err(e) => {
                    tracing::warn!(event = %event.id, event_type = %event.event_type, error = %e, "event delivery failed");
                    outbox::mark_failed(db.conn(), event.id, &e.to_string()).await?;
                    pass.failed += 1;
                }
            }
        }
        // One statement for the pass: a burst of writes is marked in one round trip, not one
        // each. A crash before it redelivers the pass, which the handled marks make harmless.
        outbox::mark_dispatched(db.conn(), &delivered, now).await?;
        pass.dispatched = delivered.len();
        Ok(pass)
    }

    async fn deliver(
        handlers: &[Arc<dyn EventHandler>],
        db: &TenantDb,
        event: &CloudEvent,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        for h in handlers.iter().filter(|h| h.handles(&event.event_type)) {
            if outbox::was_handled(db.conn(), h.name(), event.id).await? {
                continue;
            }
            let tx = db.begin().await?;
            h.handle(&tx, event).await?;
            outbox::mark_handled(&tx, h.name(), event.id, now).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Delivers every pending event of one tenant.
    pub async fn drain(&self, db: &TenantDb, now: DateTime<Utc>) -> Result<usize, AppError> {
        let mut total = 0;
        loop {
            let pass = self.run_once(db, now, DRAIN_BATCH).await?;
            total += pass.dispatched;
            // A short pass read every pending event; one committed since has marked the tenant
            // again, so the next wake takes it.
            if pass.dispatched == 0 || pass.dispatched + pass.failed < DRAIN_BATCH as usize {
                return Ok(total);
            }
        }
    }

    /// Runs until the process stops: delivers right after commits that wrote events, and
    /// sweeps every active tenant each `sweep_every` for leftovers (after a crash, a failure).
    pub async fn run_forever(
        self,
        control: Arc<ControlDb>,
        pools: Arc<TenantPools>,
        clock: Arc<dyn Clock>,
        signal: Arc<OutboxSignal>,
        sweep_every: Duration,
    ) {
        let work = |db: TenantDb| {
            let d = &self;
            let now = clock.now();
            async move { d.drain(&db, now).await.map(drop) }
        };
        tenants::serve_marked_tenants("event dispatcher", control, pools, signal, sweep_every, work).await
    }
}
