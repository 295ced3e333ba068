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
