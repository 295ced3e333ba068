#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! Consumers against the real RabbitMQ (`INNEXAR_TEST_AMQP_URL`, default the local broker), on a
//! fresh tenant database (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set): an event
//! delivered twice has one effect; a failing handler is retried, dead-lettered with its error
//! after its attempts, listed, and replayed. Each test has an exchange and queues of its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use innexar_db::Tx;
use innexar_db::outbox::{self, CloudEvent, Event};
use innexar_events::consumer::Queues;
use innexar_events::{Broker, Relay, consumer, dlq};
use innexar_jobs::EventHandler;
use innexar_kernel::AppError;
use innexar_kernel::settings::{AmqpSettings, Secret};
use innexar_testdb::TestDb;
use sea_orm::{ConnectionTrait, Statement};

fn settings(max_attempts: u32) -> AmqpSettings {
    let url = std::env::var("INNEXAR_TEST_AMQP_URL").unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into());
    AmqpSettings {
        url: Secret::new(url),
        exchange: format!("innexar.test.{}", uuid::Uuid::now_v7()),
        max_attempts,
        ..AmqpSettings::default()
    }
}

#[derive(serde::Serialize)]
struct Happened {
    #[serde(skip)]
    event_type: &'static str,
    n: usize,
}

impl Event for Happened {
    fn area(&self) -> &'static str {
        "vehicles"
    }
    fn event_type(&self) -> &'static str {
        self.event_type
    }
    fn subject(&self) -> Option<String> {
        None
    }
}

async fn record(t: &TestDb, event_type: &'static str, n: usize) -> uuid::Uuid {
    let tx = t.begin().await;
    let id = outbox::record(&tx, &Happened { event_type, n }).await.expect("record");
    tx.commit().await.expect("commit");
    id
}

/// Writes a row per event in the delivery's transaction; fails while `failing` is set, and
/// always on the event numbered `poison`.
struct Recorder {
    calls: AtomicUsize,
    failing: AtomicBool,
    poison: Option<u64>,
}

#[async_trait]
impl EventHandler for Recorder {
    fn name(&self) -> &'static str {
        "recorder"
    }
    fn handles(&self, event_type: &str) -> bool {
        event_type.starts_with("vehicle.")
    }
    async fn handle(&self, tx: &Tx, event: &CloudEvent) -> Result<(), AppError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.failing.load(Ordering::SeqCst) || self.poison.is_some_and(|p| event.data["n"] == p) {
            return Err(AppError::internal(format!("the recorder broke on {}", event.id)));
        }
        let backend = tx.get_database_backend();
        let sql = match backend {
            sea_orm::DatabaseBackend::Postgres => "INSERT INTO core_counters (name, value) VALUES ($1, 1)",
            _ => "INSERT INTO core_counters (name, value) VALUES (?, 1)",
        };
        tx.execute_raw(Statement::from_sql_and_values(backend, sql, [event.id.to_string().into()])).await?;
        Ok(())
    }
}

async fn effects(t: &TestDb) -> i64 {
    let backend = t.db.backend();
    let row =
        t.db.conn()
            .query_one_raw(Statement::from_string(backend, "SELECT COUNT(*) AS n FROM core_counters"))
            .await
            .expect("count")
            .expect("row");
    row.try_get::<i64>("", "n").expect("n")
}

async fn eventually(what: &str, within: Duration, mut done: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !done().await {
        assert!(started.elapsed() < within, "{what} within {within:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the consumer consumes (its queue declared, bound, and read).
async fn consuming(s: &AmqpSettings) {
    let b = Broker::connect(s).await.expect("connect");
    let main = Queues::of(s, "recorder").main;
    eventually("the consumer started", Duration::from_secs(10), async || {
        // A passive declare of a missing queue closes its channel: a channel each time.
        let Ok(ch) = b.connection().create_channel().await else { return false };
        let passive = lapin::options::QueueDeclareOptions { passive: true, ..Default::default() };
        ch.queue_declare(main.as_str().into(), passive, Default::default()).await.is_ok_and(|q| q.consumer_count() == 1)
    })
    .await;
}

fn start(t: &TestDb, s: &AmqpSettings, handler: Arc<Recorder>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(consumer::run_forever(s.clone(), handler, t.control.clone(), t.pools.clone(), t.clock.clone()))
}

async fn cleanup(s: &AmqpSettings) {
    let b = Broker::connect(s).await.expect("connect");
    let q = Queues::of(s, "recorder");
    for name in
        [q.main.clone(), q.dead.clone()].into_iter().chain((1..s.max_attempts).map(|n| format!("{}.retry.{n}", q.main)))
    {
        let _ = b.channel().queue_delete(name.as_str().into(), Default::default()).await;
    }
    let _ = b.channel().exchange_delete(s.exchange.as_str().into(), Default::default()).await;
}

#[tokio::test]
async fn an_event_delivered_twice_has_one_effect_and_events_it_does_not_handle_are_let_by() {
    let t = TestDb::new().await;
    let s = settings(5);
    let handler = Arc::new(Recorder { calls: AtomicUsize::new(0), failing: AtomicBool::new(false), poison: None });
    let consumer = start(&t, &s, handler.clone());
    consuming(&s).await;
    let b = Broker::connect(&s).await.expect("connect");
    for n in 0..20 {
        record(&t, "vehicle.created", n).await;
    }
    record(&t, "sale.completed", 99).await;
    let events = outbox::pending(t.db.conn(), t.tenant.id, 100).await.expect("pending");
    // Published twice, as after a relay that crashed between the confirm and its mark.
    assert_eq!(b.publish_confirmed(&events).await.expect("publish").len(), 21);
    assert_eq!(b.publish_confirmed(&events).await.expect("publish").len(), 21);

    eventually("every event handled", Duration::from_secs(20), async || effects(&t).await == 20).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(effects(&t).await, 20, "one effect per event");
    assert_eq!(handler.calls.load(Ordering::SeqCst), 20, "the second copies were skipped, not handled again");
    consumer.abort();
    cleanup(&s).await;
}

#[tokio::test]
async fn a_failing_handler_is_retried_then_dead_lettered_with_its_error_and_a_replay_handles_it_once() {
    let t = TestDb::new().await;
    // Two attempts: the first, and one more after the one-second retry queue.
    let s = settings(2);
    let handler = Arc::new(Recorder { calls: AtomicUsize::new(0), failing: AtomicBool::new(true), poison: None });
    let consumer = start(&t, &s, handler.clone());
    // The relay declares the handlers' queues before it publishes.
    let relay = Relay::new(s.clone(), vec!["recorder"]);
    let id = record(&t, "vehicle.created", 1).await;
    assert_eq!(relay.pass(&t.db, t.now()).await.expect("relay"), 1);

    let started = Instant::now();
    eventually("two attempts", Duration::from_secs(20), async || handler.calls.load(Ordering::SeqCst) == 2).await;
    assert!(started.elapsed() >= Duration::from_millis(900), "the second attempt waited for its retry queue");
    let dead = async || dlq::list(&s, "recorder").await.expect("list");
    eventually("dead-lettered", Duration::from_secs(10), async || dead().await.len() == 1).await;
    let listed = dead().await;
    assert_eq!(listed[0].event_id.as_deref(), Some(id.to_string().as_str()));
    assert_eq!(listed[0].event_type.as_deref(), Some("vehicle.created"));
    assert_eq!(listed[0].tenant.as_deref(), Some(t.tenant.id.to_string().as_str()));
    assert_eq!(listed[0].attempts, 2);
    assert!(listed[0].error.as_deref().is_some_and(|e| e.contains("the recorder broke")), "{listed:?}");
    // Listing leaves it there; no third attempt happens on its own.
    assert_eq!(dead().await.len(), 1);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!((handler.calls.load(Ordering::SeqCst), effects(&t).await), (2, 0));

    // Fixed, and replayed by the operator: handled once, the queue empty.
    handler.failing.store(false, Ordering::SeqCst);
    assert_eq!(dlq::replay(&s, "recorder").await.expect("replay"), 1);
    eventually("handled after the replay", Duration::from_secs(10), async || effects(&t).await == 1).await;
    assert!(dead().await.is_empty());
    consumer.abort();
    cleanup(&s).await;
}

#[tokio::test]
async fn one_failing_event_in_a_batch_is_retried_alone_and_the_others_take_effect_once() {
    let t = TestDb::new().await;
    let s = settings(2);
    let handler = Arc::new(Recorder { calls: AtomicUsize::new(0), failing: AtomicBool::new(false), poison: Some(7) });
    let relay = Relay::new(s.clone(), vec!["recorder"]);
    for n in 0..30 {
        record(&t, "vehicle.created", n).await;
    }
    // Published before the consumer starts, so that it receives them as batches.
    assert_eq!(relay.pass(&t.db, t.now()).await.expect("relay"), 30);
    let consumer = start(&t, &s, handler.clone());
    let dead = async || dlq::list(&s, "recorder").await.expect("list");
    eventually("the others handled", Duration::from_secs(20), async || effects(&t).await == 29).await;
    eventually("the poisoned one dead-lettered", Duration::from_secs(20), async || dead().await.len() == 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(effects(&t).await, 29, "each of the others once (a second effect would break the unique name)");
    let listed = dead().await;
    assert_eq!(listed[0].attempts, 2, "{listed:?}");
    consumer.abort();
    cleanup(&s).await;
}
