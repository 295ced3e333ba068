#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! `innexar serve` with `INNEXAR_AMQP_URL`: every event of the business writes reaches the
//! broker's exchange; with the broker gone (a TCP proxy in front of the real RabbitMQ, cut by the
//! test, so other tests keep theirs) writes keep succeeding and their events wait in the outbox;
//! once it is back they all arrive, each once. On SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use lapin::options::{BasicGetOptions, ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions};
use lapin::types::FieldTable;
use serde_json::json;

fn broker() -> (String, u16) {
    let url = std::env::var("INNEXAR_TEST_AMQP_URL").unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into());
    (url, 5672)
}

/// Forwards connections to the broker until cut: then it shuts every one down and drops new
/// ones at once, as a stopped broker does, until restored.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    fn start(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicBool::new(true));
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::new(Mutex::new(Vec::new()));
        let (up2, open2) = (up.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !up2.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else { continue };
                let mut held = open2.lock().expect("lock");
                for s in [&client, &server] {
                    if let Ok(c) = s.try_clone() {
                        held.push(c);
                    }
                }
                for (mut from, mut to) in
                    [(client.try_clone(), server.try_clone()), (server.try_clone(), client.try_clone())]
                        .into_iter()
                        .filter_map(|(a, b)| Some((a.ok()?, b.ok()?)))
                {
                    std::thread::spawn(move || {
                        let mut buf = [0u8; 16 * 1024];
                        while let Ok(n) = from.read(&mut buf) {
                            if n == 0 || to.write_all(&buf[..n]).is_err() {
                                break;
                            }
                        }
                        let _ = to.shutdown(Shutdown::Both);
                    });
                }
            }
        });
        Proxy { port, up, open }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for s in self.open.lock().expect("lock").drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

#[test]
fn events_wait_while_the_broker_is_gone_and_arrive_once_when_it_is_back() {
    let backend = Backend::from_env();
    let dir = tempfile::tempdir().expect("dir");
    let db_name = create_tenant(&backend, dir.path());
    let (url, broker_port) = broker();
    let proxy = Proxy::start(broker_port);
    let exchange = format!("innexar.test.{}", uuid::Uuid::now_v7());

    // The test's own queue on the exchange, straight to the broker.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (conn, ch, queue) = rt.block_on(async {
        let conn = lapin::Connection::connect(&url, lapin::ConnectionProperties::default()).await.expect("connect");
        let ch = conn.create_channel().await.expect("channel");
        let durable = ExchangeDeclareOptions { durable: true, ..Default::default() };
        ch.exchange_declare(exchange.as_str().into(), lapin::ExchangeKind::Topic, durable, FieldTable::default())
            .await
            .expect("exchange");
        let exclusive = QueueDeclareOptions { exclusive: true, ..Default::default() };
        let q = ch.queue_declare("".into(), exclusive, FieldTable::default()).await.expect("queue");
        let name = q.name().to_string();
        ch.queue_bind(
            name.as_str().into(),
            exchange.as_str().into(),
            "#".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .expect("bind");
        (conn, ch, name)
    });
    let seen: Mutex<HashMap<String, usize>> = Mutex::new(HashMap::new());
    let take = || {
        rt.block_on(async {
            while let Some(m) =
                ch.basic_get(queue.as_str().into(), BasicGetOptions { no_ack: true }).await.expect("get")
            {
                let key = m.delivery.routing_key.to_string();
                let id = m.delivery.properties.message_id().as_ref().map(|s| s.to_string()).unwrap_or_default();
                *seen.lock().expect("lock").entry(format!("{key} {id}")).or_insert(0) += 1;
            }
        });
        let seen = seen.lock().expect("lock");
        (seen.len(), seen.values().all(|n| *n == 1))
    };

    let broker_url = url.replace(&format!(":{broker_port}/"), &format!(":{}/", proxy.port));
    let port = free_port();
    let _server = start_with_env(
        &backend,
        dir.path(),
        port,
        &[],
        &[("INNEXAR_AMQP_URL", broker_url.as_str()), ("INNEXAR_AMQP_EXCHANGE", exchange.as_str())],
    );
    let auth = sign_in(port, "dono@loja.com.br");
    let h = [("Authorization", auth.as_str())];
    let (status, store) = request(port, "POST", "/api/v1/stores", Some(&json!({"name": "Matriz"})), &h).expect("store");
    assert_eq!(status, 201, "{store}");
    let store = store["id"].as_str().expect("id").to_string();
    let create = |i: usize| {
        let car = json!({"storeId": store, "make": "VW", "model": "Polo", "year": 2024, "fuel": "flex",
            "transmission": "manual", "condition": "used", "description": format!("carro {i}")});
        let (status, body) = request(port, "POST", "/api/v1/vehicles", Some(&car), &h).expect("vehicle");
        assert_eq!(status, 201, "the write succeeds whatever the broker: {body}");
    };
    for i in 0..5 {
        create(i);
    }
    wait_for("the first events on the exchange", Duration::from_secs(15), || take().0 == 5);
    assert!(seen.lock().expect("lock").keys().all(|k| k.starts_with("vehicles.vehicle.created ")), "{seen:?}");

    proxy.cut();
    for i in 5..15 {
        create(i);
    }
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(take().0, 5, "nothing arrives while the broker is gone");
    assert_eq!(undelivered(&backend, dir.path(), &db_name), 10, "the events wait in the outbox");

    proxy.restore();
    wait_for("every event once the broker is back", Duration::from_secs(30), || take().0 == 15);
    std::thread::sleep(Duration::from_secs(2));
    let (count, once) = take();
    assert_eq!((count, once), (15, true), "each arrived once: {seen:?}");
    assert_eq!(undelivered(&backend, dir.path(), &db_name), 0);
    drop(_server);
    rt.block_on(async {
        // The relay declared a queue set per handler on this test's exchange: leave none behind.
        for handler in ["webhooks"] {
            let main = format!("{exchange}.{handler}");
            let names =
                [main.clone(), format!("{main}.dlq")].into_iter().chain((1..5).map(|n| format!("{main}.retry.{n}")));
            for q in names {
                let _ = ch.queue_delete(q.as_str().into(), Default::default()).await;
            }
        }
        let _ = ch.exchange_delete(exchange.as_str().into(), Default::default()).await;
        let _ = conn.close(200, "done".into()).await;
    });
}

/// A receiver on a local port: answers 200 to every request and counts the POSTs.
fn counting_receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let got: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = got.clone();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 8192];
            // Headers, then as much body as they announce.
            let (head, len) = loop {
                let Ok(n) = s.read(&mut chunk) else { break (String::new(), 0) };
                if n == 0 {
                    break (String::new(), 0);
                }
                buf.extend_from_slice(&chunk[..n]);
                if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..end]).to_string();
                    let len = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string())
                        })
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(0);
                    while buf.len() < end + 4 + len {
                        match s.read(&mut chunk) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    break (head, len);
                }
            };
            if head.starts_with("POST ") {
                let event = head.lines().find_map(|l| {
                    l.to_ascii_lowercase().strip_prefix("innexar-event-id:").map(|v| v.trim().to_string())
                });
                seen.lock().expect("lock").push(format!("{} ({len} bytes)", event.unwrap_or_default()));
            }
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
        }
    });
    (url, got)
}

/// Messages ready (not held by a consumer) in `queue`.
fn ready(rt: &tokio::runtime::Runtime, ch: &lapin::Channel, queue: &str) -> u32 {
    rt.block_on(async {
        let passive = QueueDeclareOptions { passive: true, ..Default::default() };
        ch.queue_declare(queue.into(), passive, FieldTable::default())
            .await
            .map(|q| q.message_count())
            .unwrap_or(u32::MAX)
    })
}

#[test]
fn a_consumer_killed_after_its_effect_and_before_its_ack_is_redelivered_with_no_second_effect() {
    let backend = Backend::from_env();
    let dir = tempfile::tempdir().expect("dir");
    let db_name = create_tenant(&backend, dir.path());
    let (url, _) = broker();
    let exchange = format!("innexar.test.{}", uuid::Uuid::now_v7());
    let queue = format!("{exchange}.webhooks");
    let (hook, got) = counting_receiver();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (conn, ch) = rt.block_on(async {
        let conn = lapin::Connection::connect(&url, lapin::ConnectionProperties::default()).await.expect("connect");
        let ch = conn.create_channel().await.expect("channel");
        (conn, ch)
    });
    let env = [
        ("INNEXAR_AMQP_URL", url.as_str()),
        ("INNEXAR_AMQP_EXCHANGE", exchange.as_str()),
        ("INNEXAR_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"),
    ];
    let api_port = free_port();
    let _api = start_with_env(&backend, dir.path(), api_port, &["--roles", "api"], &env);
    // The first worker stops for good between the webhooks consumer's commit and its ack.
    let held = [env.as_slice(), &[("INNEXAR_FAILPOINT", "events.before_ack")]].concat();
    let first = start_with_env(&backend, dir.path(), free_port(), &["--roles", "worker"], &held);

    let auth = sign_in(api_port, "dono@loja.com.br");
    let h = [("Authorization", auth.as_str())];
    let endpoint = json!({"url": hook, "eventTypes": ["vehicle.created"]});
    let (status, body) =
        request(api_port, "POST", "/api/v1/webhooks/endpoints", Some(&endpoint), &h).expect("endpoint");
    assert_eq!(status, 201, "{body}");
    let body_id = body["id"].as_str().expect("endpoint id").to_string();
    let (_, store) = request(api_port, "POST", "/api/v1/stores", Some(&json!({"name": "Matriz"})), &h).expect("store");
    let car = json!({"storeId": store["id"], "make": "VW", "model": "Polo", "year": 2024, "fuel": "flex",
        "transmission": "manual", "condition": "used"});
    let (status, body) = request(api_port, "POST", "/api/v1/vehicles", Some(&car), &h).expect("vehicle");
    assert_eq!(status, 201, "{body}");

    let marks = || {
        scalar(&backend, dir.path(), &db_name, "SELECT count(*) FROM core_handled_events WHERE handler = 'webhooks'")
    };
    wait_for("the effect committed with its mark", Duration::from_secs(30), || marks() == 1);
    wait_for("the integrator received the event", Duration::from_secs(30), || got.lock().expect("lock").len() == 1);
    assert_eq!(ready(&rt, &ch, &queue), 0, "the message is held, unacknowledged, by the first worker");

    // kill -9: the broker takes the unacknowledged message back.
    drop(first);
    wait_for("the message back in the queue", Duration::from_secs(30), || ready(&rt, &ch, &queue) == 1);

    let second = start_with_env(&backend, dir.path(), free_port(), &["--roles", "worker"], &env);
    wait_for("the second worker took the message", Duration::from_secs(30), || ready(&rt, &ch, &queue) == 0);
    // A test send asked of the api reaches the worker's sender (woken through the database on
    // PostgreSQL, at its sweep on SQLite).
    let test = format!("/api/v1/webhooks/endpoints/{body_id}/test");
    let (status, sent) = request(api_port, "POST", &test, None, &h).expect("test send");
    assert_eq!(status, 202, "{sent}");
    wait_for("the test delivery", Duration::from_secs(30), || got.lock().expect("lock").len() == 2);
    std::thread::sleep(Duration::from_secs(2));
    // Killed in turn: had it not acknowledged the message, the broker would offer it again.
    drop(second);
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(ready(&rt, &ch, &queue), 0, "the second worker acknowledged it");
    assert_eq!(ready(&rt, &ch, &format!("{queue}.dlq")), 0, "nothing dead-lettered");
    assert_eq!(marks(), 1);
    // The event's delivery and the test's, each sent once.
    assert_eq!(scalar(&backend, dir.path(), &db_name, "SELECT count(*) FROM webhooks_deliveries"), 2);
    assert_eq!(scalar(&backend, dir.path(), &db_name, "SELECT count(*) FROM webhooks_attempts"), 2);
    let got = got.lock().expect("lock").clone();
    assert!(got.len() == 2 && got[0] != got[1], "one POST per event: {got:?}");

    rt.block_on(async {
        let names =
            [queue.clone(), format!("{queue}.dlq")].into_iter().chain((1..5).map(|n| format!("{queue}.retry.{n}")));
        for q in names {
            let _ = ch.queue_delete(q.as_str().into(), Default::default()).await;
        }
        let _ = ch.exchange_delete(exchange.as_str().into(), Default::default()).await;
        let _ = conn.close(200, "done".into()).await;
    });
}
