//! The relay: a tenant's undelivered outbox rows, oldest first, published to the broker and
//! marked sent only once it confirmed them. Delivery is at least once: a crash between the
//! confirm and the mark publishes the event again, and consumers deduplicate by event id.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use innexar_db::outbox::{self, CloudEvent, OutboxSignal};
use innexar_db::{ControlDb, TenantDb, TenantPools};
use innexar_kernel::settings::AmqpSettings;
use innexar_kernel::{AppError, Clock};
use uuid::Uuid;

use crate::broker::{Broker, BrokerError};

/// Events read and published per round trip.
const BATCH: u64 = 500;

/// How long a tenant whose pass failed (the broker down) waits before it is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(2);

pub struct Relay {
    settings: AmqpSettings,
    /// The handlers whose queues the relay declares before it publishes, so an event is never
    /// dropped as unroutable because a consumer has not started yet.
    handlers: Vec<&'static str>,
    broker: tokio::sync::Mutex<Option<Broker>>,
}

fn unavailable(e: BrokerError) -> AppError {
    AppError {
        source: Some(Box::new(e)),
        ..AppError::unavailable("events.broker_unavailable", "the message broker is unreachable")
    }
}

impl Relay {
    pub fn new(settings: AmqpSettings, handlers: Vec<&'static str>) -> Relay {
        Relay { settings, handlers, broker: tokio::sync::Mutex::new(None) }
    }

    async fn connect(&self) -> Result<Broker, BrokerError> {
        let broker = Broker::connect(&self.settings).await?;
        for h in &self.handlers {
            crate::consumer::Queues::of(&self.settings, h).declare(broker.channel(), &self.settings.exchange).await?;
        }
        Ok(broker)
    }

    /// Publishes every undelivered event of one tenant; answers how many were confirmed. An
    /// error (the broker unreachable) leaves the rest in the outbox, in order.
    pub async fn pass(&self, db: &TenantDb, now: DateTime<Utc>) -> Result<usize, AppError> {
        let mut total = 0;
        loop {
            let events = outbox::pending(db.conn(), db.tenant_id(), BATCH).await?;
            if events.is_empty() {
                return Ok(total);
            }
            let confirmed = self.publish(&events).await?;
            outbox::mark_dispatched(db.conn(), &confirmed, now).await?;
            total += confirmed.len();
            // A refused event stops the pass: those after it wait, so order is kept.
            if events.len() < BATCH as usize || confirmed.len() < events.len() {
                return Ok(total);
            }
        }
    }

    async fn publish(&self, events: &[CloudEvent]) -> Result<Vec<Uuid>, AppError> {
        let mut guard = self.broker.lock().await;
        if !guard.as_ref().is_some_and(Broker::is_connected) {
            *guard = None;
            *guard = Some(self.connect().await.map_err(unavailable)?);
        }
        let Some(broker) = guard.as_ref() else {
            return Err(AppError::internal("the broker connection vanished"));
        };
        match broker.publish_confirmed(events).await {
            Ok(ids) => Ok(ids),
            Err(e) => {
                // The next pass connects again.
                *guard = None;
                Err(unavailable(e))
            }
        }
    }

    /// Runs until the process stops: publishes right after commits that wrote events (the
    /// signal, or a notification from an api process), sweeps every tenant each `sweep_every`,
    /// and tries a tenant whose pass failed again after a short pause, so events flow again
    /// within seconds of the broker coming back.
    pub async fn run_forever(
        self,
        control: Arc<ControlDb>,
        pools: Arc<TenantPools>,
        clock: Arc<dyn Clock>,
        signal: Arc<OutboxSignal>,
        sweep_every: Duration,
    ) {
        let relay = &self;
        let retry = signal.clone();
        let work = |db: TenantDb| {
            let now = clock.now();
            let retry = retry.clone();
            async move {
                let result = relay.pass(&db, now).await.map(drop);
                if result.is_err() {
                    let tenant = db.tenant_id();
                    tokio::spawn(async move {
                        tokio::time::sleep(RETRY_AFTER).await;
                        retry.mark(tenant);
                    });
                }
                result
            }
        };
        innexar_jobs::tenants::serve_marked_tenants("event relay", control, pools, signal, sweep_every, work).await
    }
}
