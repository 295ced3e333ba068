#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! The server killed (`kill -9`) in the middle of keyed writes, then restarted: every retry with
//! the same `Idempotency-Key` either replays the first answer or runs a request that never
//! committed, so no retry ever makes a second vehicle. On SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_innexar");
/// The request deadline the test server runs with; a pending key is abandoned after twice this
/// plus ten seconds.
const DEADLINE_SECS: u64 = 1;

struct Backend {
    envs: Vec<(String, String)>,
    pg: Option<(String, String)>,
}

impl Backend {
    fn from_env() -> Backend {
        let Some(url) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
            return Backend { envs: vec![], pg: None };
        };
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let tag = format!("crash{:x}{nanos:x}", std::process::id());
        let (base, _) = url.rsplit_once('/').expect("TEST_DATABASE_URL has a database path");
        Backend {
            envs: vec![
                ("INNEXAR_DATABASE_URL".into(), format!("{base}/{tag}_ctl")),
                ("INNEXAR_DATABASE_TENANT_DB_PREFIX".into(), format!("{tag}_")),
            ],
            pg: Some((url, tag)),
        }
    }

    fn command(&self, dir: &Path) -> Command {
        let mut c = Command::new(BIN);
        c.args(["--data-dir", dir.to_str().expect("utf-8 path")])
            .env_remove("INNEXAR_DATABASE_URL")
            .env("INNEXAR_LOG_LEVEL", "warn")
            .env("INNEXAR_SERVER_REQUEST_TIMEOUT_SECS", DEADLINE_SECS.to_string());
        for (k, v) in &self.envs {
            c.env(k, v);
        }
        c
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        if let Some((url, tag)) = self.pg.take() {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(innexar_testkit::drop_databases(&url, &tag));
        }
    }
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(backend: &Backend, dir: &Path, port: u16) -> Server {
    let child = backend
        .command(dir)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let server = Server(child);
    let started = Instant::now();
    while request(port, "GET", "/healthz", None, &[]).is_none() {
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// One HTTP/1.1 request; `None` when the connection fails (the server is down or was killed).
fn request(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Option<(u16, Value)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: loja.localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    s.write_all(format!("{head}\r\n{body}").as_bytes()).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split(' ').nth(1)?.parse().ok()?;
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    Some((status, serde_json::from_str(body).unwrap_or(Value::Null)))
}

fn vehicle(store: &str, key: &str) -> Value {
    json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual",
        "condition": "used", "priceCents": 7_990_000, "description": key})
}

/// How many vehicles carry each description (one per key), read through the API.
fn vehicles_by_key(port: u16, auth: &str) -> std::collections::HashMap<String, usize> {
    let mut seen = std::collections::HashMap::new();
    for page in 1.. {
        let (status, list) = request(
            port,
            "GET",
            &format!("/api/v1/vehicles?pageSize=100&page={page}"),
            None,
            &[("Authorization", auth)],
        )
        .expect("list");
        assert_eq!(status, 200, "{list}");
        let items = list["items"].as_array().expect("items");
        for v in items {
            *seen.entry(v["description"].as_str().unwrap_or_default().to_string()).or_insert(0) += 1;
        }
        if items.len() < 100 {
            break;
        }
    }
    seen
}

#[test]
fn keyed_creates_killed_midway_are_never_made_twice_by_their_retries() {
    let backend = Backend::from_env();
    let dir = tempfile::tempdir().expect("dir");
    let created = backend
        .command(dir.path())
        .args(["tenant", "create", "loja", "--name", "Loja", "--cnpj", "11.222.333/0001-81"])
        .args(["--admin-email", "dono@loja.com.br", "--admin-password", "uma senha longa"])
        .output()
        .expect("tenant create");
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let mut server = start(&backend, dir.path(), port);
    let login = json!({"email": "dono@loja.com.br", "password": "uma senha longa"});
    let (_, session) = request(port, "POST", "/api/v1/auth/login", Some(&login), &[]).expect("login");
    let auth = format!("Bearer {}", session["accessToken"].as_str().expect("token"));
    let (status, store) =
        request(port, "POST", "/api/v1/stores", Some(&json!({"name": "Matriz"})), &[("Authorization", &auth)])
            .expect("store");
    assert_eq!(status, 201, "{store}");
    let store = store["id"].as_str().expect("id").to_string();

    // Three rounds of 16 parallel keyed creates; each time, once the first answer is back (the
    // others are mid-flight), the server is killed a little later.
    let mut keys = Vec::new();
    for (round, kill_after_ms) in [0u64, 3, 10].into_iter().enumerate() {
        let round_keys: Vec<String> = (0..16).map(|i| format!("r{round}-k{i}")).collect();
        let (answered, first) = std::sync::mpsc::channel();
        let senders: Vec<_> = round_keys
            .iter()
            .cloned()
            .map(|key| {
                let (auth, store, answered) = (auth.clone(), store.clone(), answered.clone());
                std::thread::spawn(move || {
                    let r = request(
                        port,
                        "POST",
                        "/api/v1/vehicles",
                        Some(&vehicle(&store, &key)),
                        &[("Authorization", &auth), ("Idempotency-Key", &key)],
                    );
                    let _ = answered.send(());
                    r
                })
            })
            .collect();
        let _ = first.recv_timeout(Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(kill_after_ms));
        server.0.kill().expect("kill -9");
        let _ = server.0.wait();
        for s in senders {
            let _ = s.join();
        }
        keys.extend(round_keys);
        server = start(&backend, dir.path(), port);
    }

    // Past the time after which a key left pending by a dead request is free again.
    std::thread::sleep(Duration::from_secs(DEADLINE_SECS * 2 + 11));
    let before = vehicles_by_key(port, &auth);
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    for key in &keys {
        let (status, body) = request(
            port,
            "POST",
            "/api/v1/vehicles",
            Some(&vehicle(&store, key)),
            &[("Authorization", &auth), ("Idempotency-Key", key)],
        )
        .expect("retry");
        let outcome = match (status, before.contains_key(key)) {
            (201, true) => "replayed",
            (201, false) => "first run",
            _ => panic!("retry of {key}: {status} {body}"),
        };
        *outcomes.entry(outcome.into()).or_insert(0) += 1;
    }
    eprintln!("retries after kill -9: {outcomes:?}");
    let after = vehicles_by_key(port, &auth);
    for key in &keys {
        assert_eq!(after.get(key), Some(&1), "key {key}: exactly one vehicle ({outcomes:?})");
    }
    assert_eq!(after.values().sum::<usize>(), keys.len());
    drop(server);
}
