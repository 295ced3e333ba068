use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use innexar_db::outbox::CloudEvent;
use innexar_jobs::{Dispatcher, EventHandler};
use innexar_kernel::AppError;
use innexar_testkit::{TestApp, slug};
use sea_orm::ConnectionTrait;
use serde_json::json;

/// Records what it was given; fails the first `fail_first` deliveries.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<CloudEvent>>,
    fail_first: Mutex<usize>,
}

#[async_trait]
impl EventHandler for Recorder {
    fn name(&self) -> &'static str {
        "test.recorder"
    }
    fn handles(&self, event_type: &str) -> bool {
        event_type == "vehicle.created"
    }
    async fn handle(&self, _tx: &innexar_db::Tx, event: &CloudEvent) -> Result<(), AppError> {
        let mut fail = self.fail_first.lock().expect("lock");
        if *fail > 0 {
            *fail -= 1;
            return Err(AppError::internal("downstream is down"));
        }
        self.seen.lock().expect("lock").push(event.clone());
        Ok(())
    }
}

#[tokio::test]
async fn created_vehicles_reach_handlers_once_even_when_delivered_again() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({"vin": "9BD19524SN1234567"})).await;
    let recorder = Arc::new(Recorder::default());
    let mut dispatcher = Dispatcher::new();
    dispatcher.register(recorder.clone());
    let db = app.tenant_db(&t.slug).await;
    let now = app.state.clock.now();

    assert_eq!(dispatcher.drain(&db, now).await.expect("drain"), 1);
    assert_eq!(dispatcher.drain(&db, now).await.expect("drain"), 0, "nothing left to deliver");
    {
        let seen = recorder.seen.lock().expect("lock");
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].data["vehicleId"], v["id"]);
        assert_eq!(seen[0].data["vin"], "9BD19524SN1234567");
        assert_eq!(seen[0].tenantid, t.id);
    }

    // A relay that crashed before marking the event as sent delivers it again...
    db.conn().execute_unprepared("UPDATE core_outbox SET dispatched_at = NULL").await.expect("reset");
    assert_eq!(dispatcher.drain(&db, now).await.expect("drain"), 1);
    // ...and the handler, idempotent by event id, does not act twice.
    assert_eq!(recorder.seen.lock().expect("lock").len(), 1);
}

#[tokio::test]
async fn a_failing_handler_is_retried_on_the_next_pass() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    app.vehicle(&t, &store, json!({})).await;
    let recorder = Arc::new(Recorder { fail_first: Mutex::new(1), ..Default::default() });
    let mut dispatcher = Dispatcher::new();
    dispatcher.register(recorder.clone());
    let db = app.tenant_db(&t.slug).await;
    let now = app.state.clock.now();
    let pass = dispatcher.run_once(&db, now, 100).await.expect("pass");
    assert_eq!((pass.dispatched, pass.failed), (0, 1));
    assert!(recorder.seen.lock().expect("lock").is_empty());
    let pass = dispatcher.run_once(&db, now, 100).await.expect("pass");
    assert_eq!((pass.dispatched, pass.failed), (1, 0));
    assert_eq!(recorder.seen.lock().expect("lock").len(), 1);
}

#[tokio::test]
async fn a_rolled_back_creation_leaves_no_event() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    app.vehicle(&t, &store, json!({"vin": "9BD19524SN1234567"})).await;
    // The duplicate VIN fails after validation, inside the transaction.
    let r = app.post("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token)
        .json(json!({"storeId": store, "vin": "9BD19524SN1234567", "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual", "condition": "used"}))
        .send().await;
    assert_eq!(r.status, axum::http::StatusCode::CONFLICT);
    let db = app.tenant_db(&t.slug).await;
    let created = innexar_db::outbox::list(db.conn(), t.id)
        .await
        .expect("list")
        .into_iter()
        .filter(|e| e.event_type == "vehicle.created")
        .count();
    assert_eq!(created, 1);
    let next = app.vehicle(&t, &store, json!({})).await;
    assert_eq!(next["stockNumber"], "E-00002", "the failed creation gave its stock number back");
}
