//! What the process tests share: the backend the servers run on (SQLite in a temporary
//! directory, or fresh PostgreSQL databases when `TEST_DATABASE_URL` is set, dropped afterwards),
//! starting `innexar serve`, and plain HTTP/1.1 requests to it.
#![allow(dead_code, reason = "each test binary uses its part")]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const BIN: &str = env!("CARGO_BIN_EXE_innexar");
/// The request deadline the test servers run with.
pub const DEADLINE_SECS: u64 = 1;

pub struct Backend {
    pub envs: Vec<(String, String)>,
    pub pg: Option<(String, String)>,
}

impl Backend {
    pub fn from_env() -> Backend {
        let Some(url) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
            return Backend { envs: vec![], pg: None };
        };
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let tag = format!("proc{:x}{nanos:x}", std::process::id());
        let (base, _) = url.rsplit_once('/').expect("TEST_DATABASE_URL has a database path");
        Backend {
            envs: vec![
                ("INNEXAR_DATABASE_URL".into(), format!("{base}/{tag}_ctl")),
                ("INNEXAR_DATABASE_TENANT_DB_PREFIX".into(), format!("{tag}_")),
            ],
            pg: Some((url, tag)),
        }
    }

    pub fn command(&self, dir: &Path) -> Command {
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

pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free port on the loopback interface.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

pub fn start(backend: &Backend, dir: &Path, port: u16) -> Server {
    start_with(backend, dir, port, &[])
}

/// [`start`], with more arguments to `serve` (`--roles worker`).
pub fn start_with(backend: &Backend, dir: &Path, port: u16, args: &[&str]) -> Server {
    start_with_env(backend, dir, port, args, &[])
}

/// [`start_with`], with more environment variables (`INNEXAR_AMQP_URL`).
pub fn start_with_env(backend: &Backend, dir: &Path, port: u16, args: &[&str], env: &[(&str, &str)]) -> Server {
    let child = backend
        .command(dir)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .args(args)
        .envs(env.iter().copied())
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
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Option<(u16, Value)> {
    exchange(port, method, path, body, headers).map(|(status, _, body)| (status, body))
}

/// [`request`], with the answer's ETag.
pub fn exchange(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Option<(u16, String, Value)> {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    send(port, method, path, "application/json", body.as_bytes(), headers)
}

/// A `multipart/form-data` upload of `file` (as the field `file`, named `name`) and text fields.
pub fn upload(
    port: u16,
    path: &str,
    name: &str,
    file: &[u8],
    fields: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Option<(u16, Value)> {
    let boundary = "innexar-test-boundary-7d2f";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend(file);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    send(port, "POST", path, &content_type, &body, headers).map(|(status, _, body)| (status, body))
}

fn send(
    port: u16,
    method: &str,
    path: &str,
    content_type: &str,
    body: &[u8],
    headers: &[(&str, &str)],
) -> Option<(u16, String, Value)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: loja.localhost\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    s.write_all(&request).ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    let out = String::from_utf8_lossy(&out);
    let status = out.split(' ').nth(1)?.parse().ok()?;
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let etag = head
        .lines()
        .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("etag")).map(|(_, v)| v.trim()))
        .unwrap_or_default()
        .to_string();
    // Not JSON (metrics, a plain "ok"): the text as a string.
    let value = serde_json::from_str(body).unwrap_or_else(|_| Value::String(body.to_string()));
    Some((status, etag, value))
}

pub fn sign_in(port: u16, email: &str) -> String {
    let login = json!({"email": email, "password": "uma senha longa"});
    let (status, session) = request(port, "POST", "/api/v1/auth/login", Some(&login), &[]).expect("login");
    assert_eq!(status, 200, "{session}");
    format!("Bearer {}", session["accessToken"].as_str().expect("token"))
}

/// Creates the tenant `loja` (Owner `dono@loja.com.br`) from the command line; answers its
/// database's name.
pub fn create_tenant(backend: &Backend, dir: &Path) -> String {
    let created = backend
        .command(dir)
        .args(["tenant", "create", "loja", "--name", "Loja", "--cnpj", "11.222.333/0001-81"])
        .args(["--admin-email", "dono@loja.com.br", "--admin-password", "uma senha longa"])
        .output()
        .expect("tenant create");
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    // "tenant loja created in 35 ms (database <name> on <backend>)"
    let printed = String::from_utf8_lossy(&created.stdout).to_string();
    printed.split("(database ").nth(1).and_then(|r| r.split(' ').next()).expect("database name").to_string()
}

/// The tenant database's count of events not yet delivered.
pub fn undelivered(backend: &Backend, dir: &Path, db_name: &str) -> i64 {
    scalar(backend, dir, db_name, "SELECT count(*) FROM core_outbox WHERE dispatched_at IS NULL")
}

/// One number from the tenant database, read with the database's own client.
pub fn scalar(backend: &Backend, dir: &Path, db_name: &str, sql: &str) -> i64 {
    let out = match &backend.pg {
        Some((url, _)) => {
            let (base, _) = url.rsplit_once('/').expect("a database path");
            std::process::Command::new("psql").args([&format!("{base}/{db_name}"), "-Atc", sql]).output()
        }
        None => std::process::Command::new("sqlite3")
            .arg(dir.join("tenants").join(format!("{db_name}.db")))
            .arg(sql)
            .output(),
    }
    .expect("the database's client");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().parse().expect("a count")
}

pub fn wait_for(what: &str, within: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < within, "{what} within {within:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
