#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! The outbox and its delivery, on a fresh tenant database: SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use innexar_db::Tx;
use innexar_db::outbox::{self, CloudEvent, Event, MAX_ATTEMPTS};
use innexar_jobs::runs::{self, NewJob};
use innexar_jobs::{Dispatcher, EventHandler, JobStatus, Pass};
use innexar_kernel::{AppError, Role};
use innexar_testdb::TestDb;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use serde_json::json;
use uuid::Uuid;

/// An event as an area declares one; its payload is `{"n": ..}`.
#[derive(serde::Serialize)]
struct Numbered {
    #[serde(skip)]
    event_type: &'static str,
    #[serde(skip)]
    subject: Option<String>,
    n: String,
}

impl Event for Numbered {
    fn area(&self) -> &'static str {
        "inventory"
    }
    fn event_type(&self) -> &'static str {
        self.event_type
    }
    fn subject(&self) -> Option<String> {
        self.subject.clone()
    }
}

/// Records `event_type` about `subject` in a transaction of its own and commits it.
async fn record(t: &TestDb, event_type: &'static str, subject: &str) -> Uuid {
    let tx = t.begin().await;
    let event = Numbered { event_type, subject: Some(subject.into()), n: subject.into() };
    let id = outbox::record(&tx, &event).await.expect("record");
    tx.commit().await.expect("commit");
    id
}

#[tokio::test]
async fn recorded_events_wait_oldest_first_until_dispatched_and_a_rolled_back_one_never_appears() {
    let t = TestDb::new().await;
    let first = record(&t, "vehicle.created", "a").await;
    let second = record(&t, "vehicle.priced", "b").await;
    let tx = t.begin().await;
    let sold = Numbered { event_type: "vehicle.sold", subject: None, n: String::new() };
    outbox::record(&tx, &sold).await.expect("record");
    tx.rollback().await.expect("rollback");

    let pending = outbox::pending(t.db.conn(), t.tenant.id, 10).await.expect("pending");
    assert_eq!(pending.iter().map(|e| e.id).collect::<Vec<_>>(), [first, second]);
    let event = &pending[0];
    assert_eq!(event.event_type, "vehicle.created");
    assert_eq!(event.source, format!("/tenants/{}/inventory", t.tenant.id));
    assert_eq!((event.tenantid, event.time, event.subject.as_deref()), (t.tenant.id, t.now(), Some("a")));
    assert_eq!(event.data, json!({"n": "a"}));

    outbox::mark_dispatched(t.db.conn(), &[first], t.now()).await.expect("mark");
    let pending = outbox::pending(t.db.conn(), t.tenant.id, 10).await.expect("pending");
    assert_eq!(pending.iter().map(|e| e.id).collect::<Vec<_>>(), [second]);
    assert_eq!(outbox::list(t.db.conn(), t.tenant.id).await.expect("list").len(), 2, "dispatched events stay listed");
}

/// Counts its deliveries and writes a row in the delivery's transaction, as a real handler does.
struct Counting {
    calls: AtomicUsize,
    fail: bool,
}

#[async_trait]
impl EventHandler for Counting {
    fn name(&self) -> &'static str {
        "counting"
    }
    fn handles(&self, event_type: &str) -> bool {
        event_type.starts_with("vehicle.")
    }
    async fn handle(&self, tx: &Tx, event: &CloudEvent) -> Result<(), AppError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.fail {
            return Err(AppError::internal(format!("handler broke on {}", event.id)));
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

async fn counters(t: &TestDb) -> usize {
    let backend = t.db.backend();
    let row =
        t.db.conn()
            .query_one_raw(Statement::from_string(backend, "SELECT COUNT(*) AS n FROM core_counters"))
            .await
            .expect("count")
            .expect("row");
    usize::try_from(row.try_get::<i64>("", "n").expect("n")).expect("count")
}

#[tokio::test]
async fn each_event_reaches_each_handler_once_even_when_delivered_again() {
    let t = TestDb::new().await;
    let handler = Arc::new(Counting { calls: AtomicUsize::new(0), fail: false });
    let mut dispatcher = Dispatcher::new();
    dispatcher.register(handler.clone());
    record(&t, "vehicle.created", "a").await;
    record(&t, "vehicle.created", "b").await;
    record(&t, "customer.created", "c").await;

    assert_eq!(dispatcher.drain(&t.db, t.now()).await.expect("drain"), 3, "events no handler takes are dispatched too");
    assert_eq!(handler.calls.load(Ordering::SeqCst), 2);
    assert_eq!(counters(&t).await, 2);
    assert_eq!(dispatcher.run_once(&t.db, t.now(), 10).await.expect("again"), Pass::default());

    // A relay that died after delivering but before marking the event sends it again.
    t.db.conn().execute_unprepared("UPDATE core_outbox SET dispatched_at = NULL").await.expect("undo");
    assert_eq!(dispatcher.run_once(&t.db, t.now(), 10).await.expect("redeliver").dispatched, 3);
    assert_eq!(handler.calls.load(Ordering::SeqCst), 2, "a handled event is not handled again");
    assert_eq!(counters(&t).await, 2);
}

#[tokio::test]
async fn a_failing_delivery_stays_pending_with_its_error_until_the_attempts_run_out() {
    let t = TestDb::new().await;
    let handler = Arc::new(Counting { calls: AtomicUsize::new(0), fail: true });
    let mut dispatcher = Dispatcher::new();
    dispatcher.register(handler.clone());
    let id = record(&t, "vehicle.created", "a").await;

    assert_eq!(dispatcher.run_once(&t.db, t.now(), 10).await.expect("pass"), Pass { dispatched: 0, failed: 1 });
    let row = outbox::entity::Entity::find_by_id(id).one(t.db.conn()).await.expect("read").expect("row");
    assert_eq!(row.attempts, 1);
    assert!(row.last_error.as_deref().is_some_and(|e| e.contains("handler broke")), "{:?}", row.last_error);
    assert_eq!(counters(&t).await, 0, "the failed delivery's writes rolled back");

    for _ in 1..MAX_ATTEMPTS {
        dispatcher.run_once(&t.db, t.now(), 10).await.expect("pass");
    }
    assert!(outbox::pending(t.db.conn(), t.tenant.id, 10).await.expect("pending").is_empty());
    assert_eq!(handler.calls.load(Ordering::SeqCst), usize::try_from(MAX_ATTEMPTS).expect("attempts"));
}

#[tokio::test]
async fn one_tenants_events_and_jobs_are_not_in_anothers_database() {
    let t = TestDb::new().await;
    let (other, other_db) = t.another_tenant(&innexar_testdb::slug("outra")).await;
    record(&t, "vehicle.created", "a").await;
    let tx = t.begin_as(t.actor(Role::StoreManager)).await;
    let job = runs::enqueue(&tx, NewJob { kind: "inventory.import", params: json!({}), input: None, input_name: None })
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");

    assert!(outbox::pending(other_db.conn(), other.id, 10).await.expect("pending").is_empty());
    assert!(runs::find(other_db.conn(), job.id).await.expect("find").is_none());
    let queued = runs::find(t.db.conn(), job.id).await.expect("find").expect("job");
    assert_eq!(
        (queued.status, queued.created_by_email.as_deref()),
        (JobStatus::Queued, Some("store_manager@teste.com.br"))
    );
    assert!(runs::claim(t.db.conn(), job.id, t.now()).await.expect("claim"));
    assert!(!runs::claim(t.db.conn(), job.id, t.now()).await.expect("second claim"), "one worker at a time");
}
