//! Consumers: each event handler reads its own durable quorum queue, bound to every event the
//! exchange carries, with manual acknowledgements and a prefetch limit. A handler's effect
//! commits with its `(handler, event id)` mark (`core_handled_events`), so a message delivered
//! twice (a consumer killed before its ack, the relay publishing again after a crash) has one
//! effect. A failure waits in the retry queue of its attempt (1 s, 10 s, 1 min, 5 min, 30 min:
//! each a queue whose messages expire back into the handler's queue) and after `max_attempts`
//! goes to the handler's dead-letter queue, which an operator lists and replays
//! (`innexar events dlq`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use innexar_db::outbox::{self, CloudEvent};
use innexar_db::{ControlDb, TenantPools, TenantRecord};
use innexar_jobs::EventHandler;
use innexar_kernel::settings::AmqpSettings;
use innexar_kernel::{AppError, Clock};
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions, QueueBindOptions, QueueDeclareOptions,
};
use lapin::types::{AMQPValue, FieldTable, LongString};
use lapin::{BasicProperties, Channel};
use uuid::Uuid;

use crate::broker::{Broker, BrokerError};

/// The pause before attempt `n + 1` (n from 1), the last repeated.
const BACKOFF_SECS: &[u64] = &[1, 10, 60, 300, 1800];

/// The header counting a message's attempts.
pub const ATTEMPT_HEADER: &str = "x-innexar-attempt";
/// The header a dead-lettered message carries its last error in.
pub const ERROR_HEADER: &str = "x-innexar-error";

/// The queues of one handler.
#[derive(Debug, Clone)]
pub struct Queues {
    pub main: String,
    pub dead: String,
    retries: Vec<(String, u64)>,
}

impl Queues {
    /// `<exchange>.<handler>`, its `.retry.<n>` queues and its `.dlq`.
    pub fn of(settings: &AmqpSettings, handler: &str) -> Queues {
        let main = format!("{}.{handler}", settings.exchange);
        let retries = (1..settings.max_attempts.max(1))
            .map(|n| {
                let secs = BACKOFF_SECS[(n as usize - 1).min(BACKOFF_SECS.len() - 1)];
                (format!("{main}.retry.{n}"), secs)
            })
            .collect();
        Queues { dead: format!("{main}.dlq"), main, retries }
    }

    /// Declares the queues and binds the main one to the exchange. Idempotent.
    pub async fn declare(&self, ch: &Channel, exchange: &str) -> Result<(), BrokerError> {
        let durable = QueueDeclareOptions { durable: true, ..Default::default() };
        let mut quorum = FieldTable::default();
        quorum.insert("x-queue-type".into(), AMQPValue::LongString("quorum".into()));
        ch.queue_declare(self.main.as_str().into(), durable, quorum.clone()).await?;
        ch.queue_declare(self.dead.as_str().into(), durable, quorum).await?;
        for (name, secs) in &self.retries {
            // Each message of a retry queue waits the same time, so none waits behind a longer
            // one; expired, it goes back to the handler's queue through the default exchange.
            let mut args = FieldTable::default();
            args.insert("x-message-ttl".into(), AMQPValue::LongLongInt((secs * 1000) as i64));
            args.insert("x-dead-letter-exchange".into(), AMQPValue::LongString("".into()));
            args.insert("x-dead-letter-routing-key".into(), AMQPValue::LongString(self.main.as_str().into()));
            ch.queue_declare(name.as_str().into(), durable, args).await?;
        }
        ch.queue_bind(
            self.main.as_str().into(),
            exchange.into(),
            "#".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await?;
        Ok(())
    }
}

/// The attempt a delivery is (1 for the first).
pub fn attempt_of(props: &BasicProperties) -> u32 {
    props
        .headers()
        .as_ref()
        .and_then(|h| h.inner().get(ATTEMPT_HEADER).cloned())
        .and_then(|v| match v {
            AMQPValue::LongInt(n) => u32::try_from(n).ok(),
            AMQPValue::LongLongInt(n) => u32::try_from(n).ok(),
            AMQPValue::LongUInt(n) => Some(n),
            _ => None,
        })
        .unwrap_or(1)
}

/// `props` with its attempt set to `n` (and an error, for the dead-letter queue).
pub fn with_attempt(props: &BasicProperties, n: u32, error: Option<&str>) -> BasicProperties {
    let mut headers = props.headers().clone().unwrap_or_default();
    headers.insert(ATTEMPT_HEADER.into(), AMQPValue::LongLongInt(i64::from(n)));
    if let Some(e) = error {
        let cut: String = e.chars().take(1000).collect();
        headers.insert(ERROR_HEADER.into(), AMQPValue::LongString(LongString::from(cut)));
    }
    props.clone().with_headers(headers)
}

/// Runs `handler` on one event of its tenant once: skipped when already handled, else its
/// effect and the mark commit together. `tenants` keeps the registry's records this consumer
/// has read, so a message costs no read of the control database.
async fn handle_once(
    handler: &dyn EventHandler,
    control: &ControlDb,
    pools: &TenantPools,
    clock: &dyn Clock,
    tenants: &mut HashMap<Uuid, TenantRecord>,
    event: &CloudEvent,
) -> Result<(), AppError> {
    if !tenants.contains_key(&event.tenantid) {
        let Some(found) = control.find_tenant(event.tenantid).await? else {
            tracing::warn!(event = %event.id, tenant = %event.tenantid, "an event of an unknown tenant is dropped");
            return Ok(());
        };
        tenants.insert(found.id, found);
    }
    let Some(tenant) = tenants.get(&event.tenantid) else { return Ok(()) };
    let db = pools.get(tenant).await?;
    if !handler.active(&db).await? || outbox::was_handled(db.conn(), handler.name(), event.id).await? {
        return Ok(());
    }
    let tx = db.begin().await?;
    handler.handle(&tx, event).await?;
    outbox::mark_handled(&tx, handler.name(), event.id, clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// One handler's consumer, until the process stops; reconnects after a lost connection.
pub async fn run_forever(
    settings: AmqpSettings,
    handler: Arc<dyn EventHandler>,
    control: Arc<ControlDb>,
    pools: Arc<TenantPools>,
    clock: Arc<dyn Clock>,
) {
    loop {
        if let Err(e) = consume(&settings, handler.as_ref(), &control, &pools, clock.as_ref()).await {
            tracing::warn!(handler = handler.name(), error = %e, "event consumer stopped; reconnecting");
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn consume(
    settings: &AmqpSettings,
    handler: &dyn EventHandler,
    control: &ControlDb,
    pools: &TenantPools,
    clock: &dyn Clock,
) -> Result<(), BrokerError> {
    let broker = Broker::connect(settings).await?;
    let queues = Queues::of(settings, handler.name());
    queues.declare(broker.channel(), &settings.exchange).await?;
    // Consuming on a channel of its own: the broker's publishing channel (retries, dead
    // letters) stays in confirm mode.
    let ch = broker.connection().create_channel().await?;
    ch.basic_qos(settings.prefetch, BasicQosOptions::default()).await?;
    let mut deliveries = ch
        .basic_consume(
            queues.main.as_str().into(),
            format!("innexar-{}", handler.name()).as_str().into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await?;
    let mut tenants = HashMap::new();
    while let Some(first) = deliveries.next().await {
        // What the broker has sent already (up to the prefetch) is handled with it: one commit
        // per tenant for the lot instead of one per event.
        let mut batch = vec![first?];
        while batch.len() < usize::from(settings.prefetch.max(1)) {
            match deliveries.next().now_or_never() {
                Some(Some(d)) => batch.push(d?),
                _ => break,
            }
        }
        let mut work: Vec<(usize, CloudEvent)> = Vec::new();
        for (i, delivery) in batch.iter().enumerate() {
            let event = serde_json::from_slice(&delivery.data).ok().and_then(|v| CloudEvent::from_json(&v));
            match event {
                Some(e) if handler.handles(&e.event_type) => work.push((i, e)),
                Some(_) => {}
                None => {
                    // Not ours: kept for an operator rather than retried forever.
                    let props =
                        with_attempt(&delivery.properties, attempt_of(&delivery.properties), Some("not a CloudEvent"));
                    publish_to(&broker, &queues.dead, &delivery.data, props).await?;
                }
            }
        }
        let failed = handle_batch(handler, control, pools, clock, &mut tenants, &work).await;
        #[cfg(debug_assertions)]
        if failed.is_empty() && !work.is_empty() {
            failpoint("events.before_ack").await;
        }
        for (i, e) in failed {
            let delivery = &batch[i];
            let attempt = attempt_of(&delivery.properties);
            tracing::warn!(handler = handler.name(), event = %work_id(&work, i), attempt, error = %e, "event handler failed");
            let (queue, error) = match queues.retries.get((attempt as usize).saturating_sub(1)) {
                Some((retry, _)) => (retry.as_str(), None),
                None => (queues.dead.as_str(), Some(e.to_string())),
            };
            let props = with_attempt(&delivery.properties, attempt + 1, error.as_deref());
            publish_to(&broker, queue, &delivery.data, props).await?;
        }
        // Acknowledged only once every effect committed, or its next attempt is safely queued:
        // the last one acknowledges the batch (everything unacknowledged on this channel is in it).
        if let Some(last) = batch.last() {
            last.ack(BasicAckOptions { multiple: true }).await?;
        }
    }
    Ok(())
}

fn work_id(work: &[(usize, CloudEvent)], i: usize) -> Uuid {
    work.iter().find(|(j, _)| *j == i).map(|(_, e)| e.id).unwrap_or_default()
}

/// Handles a batch, tenant by tenant, each tenant's events in one transaction with their marks;
/// answers the failures (by their index in the batch). Should any event of a tenant fail, that
/// tenant's transaction is undone and its events are handled one by one, so that only the one
/// that fails is retried.
async fn handle_batch(
    handler: &dyn EventHandler,
    control: &ControlDb,
    pools: &TenantPools,
    clock: &dyn Clock,
    tenants: &mut HashMap<Uuid, TenantRecord>,
    work: &[(usize, CloudEvent)],
) -> Vec<(usize, AppError)> {
    let mut order: Vec<Uuid> = Vec::new();
    for (_, e) in work {
        if !order.contains(&e.tenantid) {
            order.push(e.tenantid);
        }
    }
    let mut failed = Vec::new();
    for tenant in order {
        let events: Vec<&(usize, CloudEvent)> = work.iter().filter(|(_, e)| e.tenantid == tenant).collect();
        if events.len() > 1 && together(handler, control, pools, clock, tenants, tenant, &events).await.is_ok() {
            continue;
        }
        for (i, e) in events {
            if let Err(err) = handle_once(handler, control, pools, clock, tenants, e).await {
                failed.push((*i, err));
            }
        }
    }
    failed
}

/// One tenant's events of a batch in one transaction: skipped when the handler has nothing to do
/// in the tenant or handled them already, else every effect and mark commit together.
async fn together(
    handler: &dyn EventHandler,
    control: &ControlDb,
    pools: &TenantPools,
    clock: &dyn Clock,
    tenants: &mut HashMap<Uuid, TenantRecord>,
    tenant: Uuid,
    events: &[&(usize, CloudEvent)],
) -> Result<(), AppError> {
    if !tenants.contains_key(&tenant) {
        let Some(found) = control.find_tenant(tenant).await? else {
            tracing::warn!(tenant = %tenant, "events of an unknown tenant are dropped");
            return Ok(());
        };
        tenants.insert(found.id, found);
    }
    let Some(record) = tenants.get(&tenant) else { return Ok(()) };
    let db = pools.get(record).await?;
    if !handler.active(&db).await? {
        return Ok(());
    }
    let ids: Vec<Uuid> = events.iter().map(|(_, e)| e.id).collect();
    let done = outbox::handled_among(db.conn(), handler.name(), &ids).await?;
    let mut marked = std::collections::HashSet::new();
    let todo: Vec<&CloudEvent> =
        events.iter().map(|(_, e)| e).filter(|e| !done.contains(&e.id) && marked.insert(e.id)).collect();
    if todo.is_empty() {
        return Ok(());
    }
    let tx = db.begin().await?;
    handler.handle_all(&tx, &todo).await?;
    let ids: Vec<Uuid> = todo.iter().map(|e| e.id).collect();
    outbox::mark_all_handled(&tx, handler.name(), &ids, clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Debug builds only: with `INNEXAR_FAILPOINT` naming `point`, the consumer stops there for
/// good, so a test can kill the process exactly between an effect's commit and its ack.
#[cfg(debug_assertions)]
async fn failpoint(point: &str) {
    if std::env::var("INNEXAR_FAILPOINT").is_ok_and(|v| v == point) {
        tracing::warn!(failpoint = point, "holding at a failpoint until the process is killed");
        std::future::pending::<()>().await;
    }
}

/// Publishes `body` straight to `queue` (through the default exchange) and waits for the
/// broker's confirm.
pub async fn publish_to(broker: &Broker, queue: &str, body: &[u8], props: BasicProperties) -> Result<(), BrokerError> {
    let confirm = broker
        .channel()
        .basic_publish("".into(), queue.into(), BasicPublishOptions::default(), body, props.with_delivery_mode(2))
        .await?
        .await?;
    if confirm.is_ack() { Ok(()) } else { Err(BrokerError::Refused(queue.to_string())) }
}
