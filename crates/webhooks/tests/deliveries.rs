#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! Deliveries end to end on a fresh tenant database (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set) and a real HTTP receiver: retries until the receiver recovers,
//! one success logged; a target inside refused without a request; an endpoint disabled after
//! failures in a row and its Owner told; two senders at once sending each delivery once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::Duration;
use innexar_db::outbox::{self, CloudEvent, Event};
use innexar_kernel::Clock;
use innexar_kernel::sealed::Sealer;
use innexar_kernel::settings::WebhookSettings;
use innexar_testdb::TestDb;
use innexar_webhooks::deliveries::{self, FAILED, PENDING, SUCCEEDED};
use innexar_webhooks::endpoints::{self, NewEndpoint};
use innexar_webhooks::signature;
use sea_orm::{ConnectionTrait, Statement};

#[derive(Default)]
struct Receiver {
    /// Answers 500 to this many requests first.
    failures: AtomicUsize,
    got: Mutex<Vec<(HeaderMap, Bytes)>>,
}

async fn receiver(failures: usize) -> (String, Arc<Receiver>) {
    let r = Arc::new(Receiver { failures: AtomicUsize::new(failures), got: Mutex::default() });
    let state = r.clone();
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let r = state.clone();
            async move {
                r.got.lock().expect("lock").push((headers, body));
                let failing = r.failures.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
                if failing {
                    (StatusCode::INTERNAL_SERVER_ERROR, "indisponível")
                } else {
                    (StatusCode::OK, "recebido")
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://127.0.0.1:{}/hook", listener.local_addr().expect("addr").port());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, r)
}

fn settings(allow_private: bool) -> WebhookSettings {
    WebhookSettings { allow_private_targets: allow_private, timeout_secs: 5, ..WebhookSettings::default() }
}

fn sealer() -> Sealer {
    Sealer::from_hex(&"5e".repeat(32)).expect("key")
}

#[derive(serde::Serialize)]
struct Created {
    placa: String,
}

impl Event for Created {
    fn area(&self) -> &'static str {
        "vehicles"
    }
    fn event_type(&self) -> &'static str {
        "vehicle.created"
    }
    fn subject(&self) -> Option<String> {
        None
    }
}

/// Records an event and runs the webhooks handler on it, as the dispatcher does.
async fn happen(t: &TestDb, placa: &str) -> CloudEvent {
    let tx = t.begin().await;
    outbox::record(&tx, &Created { placa: placa.into() }).await.expect("record");
    tx.commit().await.expect("commit");
    let event = outbox::pending(t.db.conn(), t.tenant.id, 100).await.expect("pending").pop().expect("event");
    let mut d = innexar_jobs::Dispatcher::new();
    d.register(Arc::new(innexar_webhooks::handler::Webhooks));
    d.drain(&t.db, t.now()).await.expect("dispatch");
    event
}

async fn endpoint(t: &TestDb, url: &str, types: &[&str]) -> (uuid::Uuid, String) {
    let tx = t.begin().await;
    let input =
        NewEndpoint { url: url.into(), description: None, event_types: types.iter().map(|s| s.to_string()).collect() };
    let (e, secret) = endpoints::create(&tx, &sealer(), input, None).await.expect("endpoint");
    tx.commit().await.expect("commit");
    (e.id, secret)
}

async fn count(t: &TestDb, sql: &str) -> i64 {
    let row =
        t.db.conn().query_one_raw(Statement::from_string(t.db.backend(), sql)).await.expect("query").expect("row");
    row.try_get_by_index::<i64>(0).expect("count")
}

async fn send(t: &TestDb, s: &WebhookSettings) -> usize {
    let clock = t.clock.clone();
    deliveries::send_due(&t.db, &sealer(), s, || clock.now()).await.expect("send")
}

#[tokio::test]
async fn a_receiver_failing_three_times_then_recovering_gets_one_logged_success_after_the_retries() {
    let t = TestDb::new().await;
    let (url, r) = receiver(3).await;
    let (_, secret) = endpoint(&t, &url, &["vehicle.created"]).await;
    let s = settings(true);
    let event = happen(&t, "ABC1D23").await;

    let mut waited = Vec::new();
    for _ in 0..4 {
        assert_eq!(send(&t, &s).await, 1, "one attempt each time it is due");
        assert_eq!(send(&t, &s).await, 0, "nothing more until the pause has passed");
        let next = count(&t, "SELECT COUNT(*) FROM webhooks_deliveries WHERE next_attempt_at IS NOT NULL").await;
        if next == 1 {
            waited.push(());
        }
        t.clock.advance(Duration::hours(1));
    }
    assert_eq!(waited.len(), 3, "a retry was scheduled after each failure");
    let got = r.got.lock().expect("lock").clone();
    assert_eq!(got.len(), 4);
    let body = serde_json::to_vec(&event).expect("json");
    for (i, (headers, b)) in got.iter().enumerate() {
        assert_eq!(b.as_ref(), body.as_slice(), "the same bytes each time");
        assert_eq!(headers["innexar-event-id"], event.id.to_string());
        assert_eq!(headers["innexar-delivery-attempt"], (i + 1).to_string());
        let sig = headers["innexar-signature"].to_str().expect("signature");
        let t_sent: i64 =
            sig.split(',').next().and_then(|p| p.strip_prefix("t=")).and_then(|v| v.parse().ok()).expect("t");
        assert_eq!(signature::verify(sig, &secret, b, t_sent + 10, 300), Ok(()));
    }
    assert_eq!(
        count(&t, &format!("SELECT COUNT(*) FROM webhooks_deliveries WHERE status = '{SUCCEEDED}' AND attempts = 4"))
            .await,
        1
    );
    assert_eq!(count(&t, "SELECT COUNT(*) FROM webhooks_attempts WHERE status = 200").await, 1, "one success logged");
    assert_eq!(count(&t, "SELECT COUNT(*) FROM webhooks_attempts WHERE status = 500").await, 3);
    assert_eq!(count(&t, "SELECT COUNT(*) FROM webhooks_attempts WHERE excerpt = 'indisponível'").await, 3);

    // The same event handled again (a redelivery from the broker) queues nothing new.
    let tx = t.begin().await;
    assert_eq!(deliveries::queue(&tx, &event).await.expect("queue"), 1, "the endpoint still takes it");
    tx.commit().await.expect("commit");
    assert_eq!(count(&t, "SELECT COUNT(*) FROM webhooks_deliveries").await, 1, "one delivery per endpoint and event");
}

#[tokio::test]
async fn a_target_inside_is_refused_without_a_request_and_the_attempt_says_why() {
    let t = TestDb::new().await;
    let (url, r) = receiver(0).await;
    endpoint(&t, &url.replace("127.0.0.1", "localhost"), &["*"]).await;
    happen(&t, "ABC1D23").await;
    assert_eq!(send(&t, &settings(false)).await, 1);
    assert!(r.got.lock().expect("lock").is_empty(), "no request left");
    let row =
        t.db.conn()
            .query_one_raw(Statement::from_string(t.db.backend(), "SELECT error FROM webhooks_attempts"))
            .await
            .expect("query")
            .expect("row");
    let error: String = row.try_get_by_index(0).expect("error");
    assert!(error.contains("private, loopback or link-local"), "{error}");
    assert_eq!(count(&t, &format!("SELECT COUNT(*) FROM webhooks_deliveries WHERE status = '{PENDING}'")).await, 1);
}

#[tokio::test]
async fn failures_in_a_row_disable_the_endpoint_tell_its_owner_and_a_delivery_is_given_up_after_its_days() {
    let t = TestDb::new().await;
    let tx = t.begin().await;
    let owner = innexar_identity::commands::create_user(
        &tx,
        innexar_identity::commands::NewUser {
            email: "dono@loja.com.br".into(),
            name: "Dona da Loja".into(),
            roles: vec![innexar_kernel::Role::Owner],
            store_ids: None,
            password: Some("uma senha longa e boa".into()),
        },
        chrono::Duration::days(7),
    )
    .await
    .expect("owner")
    .0;
    tx.commit().await.expect("commit");
    let (url, _) = receiver(usize::MAX).await;
    let (id, _) = endpoint(&t, &url, &["vehicle.created"]).await;
    let s = WebhookSettings { disable_after_failures: 3, give_up_after_hours: 2, ..settings(true) };
    happen(&t, "AAA1A11").await;
    for _ in 0..3 {
        assert_eq!(send(&t, &s).await, 1);
        t.clock.advance(Duration::minutes(50));
    }
    let e = endpoints::find(t.db.conn(), id).await.expect("find").expect("endpoint");
    assert!(!e.active && e.disabled_reason.as_deref() == Some("failures"), "{e:?}");
    let told = innexar_db::notifications::list(
        t.db.conn(),
        owner.id.0,
        false,
        &innexar_kernel::page::PageRequest { page: 1, page_size: 10, sort: Vec::new() },
    )
    .await
    .expect("notifications");
    assert_eq!(told.0.first().map(|n| n.kind.as_str()), Some("webhooks.endpoint_disabled"), "{told:?}");
    // Disabled: what is pending waits, not sent.
    t.clock.advance(Duration::hours(1));
    assert_eq!(send(&t, &s).await, 0);
    assert_eq!(count(&t, "SELECT COUNT(*) FROM webhooks_attempts").await, 3);
    // Enabled again past the delivery's two hours: one more attempt, then it is given up.
    let enable = "UPDATE webhooks_endpoints SET active = true, consecutive_failures = 0";
    t.db.conn().execute_raw(Statement::from_string(t.db.backend(), enable)).await.expect("enable");
    assert_eq!(send(&t, &s).await, 1);
    assert_eq!(count(&t, &format!("SELECT COUNT(*) FROM webhooks_deliveries WHERE status = '{FAILED}'")).await, 1);
    t.clock.advance(Duration::hours(6));
    assert_eq!(send(&t, &s).await, 0, "a given-up delivery is not tried again");
}

#[tokio::test]
async fn two_senders_at_once_send_each_delivery_once() {
    let t = TestDb::new().await;
    let (url, r) = receiver(0).await;
    endpoint(&t, &url, &["*"]).await;
    for i in 0..20 {
        happen(&t, &format!("CAR{i:04}")).await;
    }
    let s = settings(true);
    let (a, b) = tokio::join!(send(&t, &s), send(&t, &s));
    assert_eq!(a + b, 20, "{a} + {b}");
    let mut per_delivery: HashMap<String, usize> = HashMap::new();
    for (headers, _) in r.got.lock().expect("lock").iter() {
        *per_delivery.entry(headers["innexar-delivery-id"].to_str().expect("id").to_string()).or_default() += 1;
    }
    assert_eq!(per_delivery.len(), 20);
    assert!(per_delivery.values().all(|n| *n == 1), "{per_delivery:?}");
    assert_eq!(count(&t, &format!("SELECT COUNT(*) FROM webhooks_deliveries WHERE status = '{SUCCEEDED}'")).await, 20);
}

#[tokio::test]
async fn a_tenant_without_endpoints_lets_its_events_pass_without_a_write_each() {
    let t = TestDb::new().await;
    for i in 0..5 {
        happen(&t, &format!("SEM{i:04}")).await;
    }
    assert_eq!(count(&t, "SELECT COUNT(*) FROM core_outbox WHERE dispatched_at IS NULL").await, 0, "delivered");
    assert_eq!(count(&t, "SELECT COUNT(*) FROM core_handled_events").await, 0, "no mark, no transaction each");
    let (url, _) = receiver(0).await;
    endpoint(&t, &url, &["vehicle.created"]).await;
    happen(&t, "COM0001").await;
    assert_eq!(count(&t, "SELECT COUNT(*) FROM core_handled_events").await, 1);
    assert_eq!(count(&t, "SELECT COUNT(*) FROM webhooks_deliveries").await, 1, "only events after the endpoint");
}
