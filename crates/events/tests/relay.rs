#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! The relay against the real RabbitMQ of `INNEXAR_TEST_AMQP_URL` (default the local broker at
//! 127.0.0.1:5672, guest/guest), on a fresh tenant database (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set). Each test publishes to an exchange of its own. The broker's
//! outage is made with a TCP proxy the test cuts, so other tests keep their broker.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use innexar_db::outbox::{self, Event};
use innexar_events::Relay;
use innexar_kernel::settings::{AmqpSettings, Secret};
use innexar_testdb::TestDb;
use lapin::options::{BasicGetOptions, QueueBindOptions, QueueDeclareOptions};
use lapin::types::FieldTable;
use lapin::{Channel, Connection, ConnectionProperties};
use tokio::net::{TcpListener, TcpStream};

fn broker_url() -> String {
    std::env::var("INNEXAR_TEST_AMQP_URL").unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

fn settings(url: &str) -> AmqpSettings {
    AmqpSettings {
        url: Secret::new(url),
        exchange: format!("innexar.test.{}", uuid::Uuid::now_v7()),
        ..AmqpSettings::default()
    }
}

#[derive(serde::Serialize)]
struct Happened {
    #[serde(skip)]
    area: &'static str,
    #[serde(skip)]
    event_type: &'static str,
    n: usize,
}

impl Event for Happened {
    fn area(&self) -> &'static str {
        self.area
    }
    fn event_type(&self) -> &'static str {
        self.event_type
    }
    fn subject(&self) -> Option<String> {
        Some(self.n.to_string())
    }
}

async fn record(t: &TestDb, n: usize) -> uuid::Uuid {
    let tx = t.begin().await;
    let (area, event_type) =
        if n.is_multiple_of(2) { ("vehicles", "vehicle.created") } else { ("sales", "sale.completed") };
    let id = outbox::record(&tx, &Happened { area, event_type, n }).await.expect("record");
    tx.commit().await.expect("commit");
    id
}

/// A queue of the test's own, bound to everything the exchange carries.
async fn tap(s: &AmqpSettings) -> (Connection, Channel, String) {
    let conn = Connection::connect(&broker_url(), ConnectionProperties::default()).await.expect("connect");
    let ch = conn.create_channel().await.expect("channel");
    // The relay declares the exchange; the test may run first.
    ch.exchange_declare(
        s.exchange.as_str().into(),
        lapin::ExchangeKind::Topic,
        lapin::options::ExchangeDeclareOptions { durable: true, ..Default::default() },
        FieldTable::default(),
    )
    .await
    .expect("exchange");
    let q = ch
        .queue_declare("".into(), QueueDeclareOptions { exclusive: true, ..Default::default() }, FieldTable::default())
        .await
        .expect("queue");
    let name = q.name().to_string();
    ch.queue_bind(
        name.as_str().into(),
        s.exchange.as_str().into(),
        "#".into(),
        QueueBindOptions::default(),
        FieldTable::default(),
    )
    .await
    .expect("bind");
    (conn, ch, name)
}

async fn drain(ch: &Channel, queue: &str) -> Vec<lapin::message::BasicGetMessage> {
    let mut out = Vec::new();
    while let Some(m) = ch.basic_get(queue.into(), BasicGetOptions { no_ack: true }).await.expect("get") {
        out.push(m);
    }
    out
}

async fn cleanup(ch: &Channel, s: &AmqpSettings) {
    let _ = ch.exchange_delete(s.exchange.as_str().into(), Default::default()).await;
}

#[tokio::test]
async fn events_go_out_in_order_persistent_and_routed_by_area_and_are_marked_only_once_confirmed() {
    let t = TestDb::new().await;
    let s = settings(&broker_url());
    let (_conn, ch, queue) = tap(&s).await;
    let mut ids = Vec::new();
    for n in 0..30 {
        ids.push(record(&t, n).await);
    }
    let relay = Relay::new(s.clone(), Vec::new());
    assert_eq!(relay.pass(&t.db, t.now()).await.expect("pass"), 30);
    assert!(outbox::pending(t.db.conn(), t.tenant.id, 100).await.expect("pending").is_empty());

    let got = drain(&ch, &queue).await;
    assert_eq!(got.len(), 30);
    for (n, (m, id)) in got.iter().zip(&ids).enumerate() {
        let d = &m.delivery;
        let expected_key = if n.is_multiple_of(2) { "vehicles.vehicle.created" } else { "sales.sale.completed" };
        assert_eq!(d.routing_key.as_str(), expected_key);
        assert_eq!(d.properties.delivery_mode(), &Some(2), "persistent");
        assert_eq!(d.properties.message_id().as_ref().map(|s| s.as_str().to_string()), Some(id.to_string()));
        assert_eq!(d.properties.content_type().as_ref().map(|s| s.as_str()), Some("application/cloudevents+json"));
        let body: serde_json::Value = serde_json::from_slice(&d.data).expect("json");
        assert_eq!(body["id"], id.to_string());
        assert_eq!(body["specversion"], "1.0");
        assert_eq!(body["tenantid"], t.tenant.id.to_string());
        assert_eq!(body["data"]["n"], n);
    }
    // Nothing is published twice by a later pass.
    assert_eq!(relay.pass(&t.db, t.now()).await.expect("pass"), 0);
    assert!(drain(&ch, &queue).await.is_empty());
    cleanup(&ch, &s).await;
}

/// Forwards connections to the broker until cut: then it drops them all and refuses new ones,
/// as a stopped broker would, until restored.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    cut: Arc<tokio::sync::Notify>,
}

impl Proxy {
    async fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicBool::new(true));
        let cut = Arc::new(tokio::sync::Notify::new());
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else { return };
                if !up2.load(Ordering::SeqCst) {
                    continue;
                }
                let cut = cut2.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(("127.0.0.1", 5672)).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.notified() => {}
                    }
                });
            }
        });
        Proxy { port, up, cut }
    }

    fn url(&self) -> String {
        broker_url().replace("127.0.0.1:5672", &format!("127.0.0.1:{}", self.port))
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.notify_waiters();
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn with_the_broker_gone_events_wait_in_the_outbox_and_once_it_is_back_each_arrives_once() {
    let t = TestDb::new().await;
    let proxy = Proxy::start().await;
    let s = settings(&proxy.url());
    let (_conn, ch, queue) = tap(&s).await;
    let relay = Relay::new(s.clone(), Vec::new());
    record(&t, 0).await;
    assert_eq!(relay.pass(&t.db, t.now()).await.expect("pass"), 1);

    proxy.cut();
    // Business writes go on; their events wait.
    for n in 1..11 {
        record(&t, n).await;
    }
    let err = relay.pass(&t.db, t.now()).await.expect_err("the broker is gone");
    assert_eq!(err.code, "events.broker_unavailable");
    assert_eq!(outbox::pending(t.db.conn(), t.tenant.id, 100).await.expect("pending").len(), 10);

    proxy.restore();
    assert_eq!(relay.pass(&t.db, t.now()).await.expect("pass after the broker came back"), 10);
    let got = drain(&ch, &queue).await;
    let ns: Vec<u64> = got
        .iter()
        .map(|m| {
            serde_json::from_slice::<serde_json::Value>(&m.delivery.data).expect("json")["data"]["n"]
                .as_u64()
                .expect("n")
        })
        .collect();
    assert_eq!(ns, (0..11).collect::<Vec<_>>(), "each once, in order");
    cleanup(&ch, &s).await;
}
