//! The binary as an operator runs it: CLI commands and one server on a real port.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_innexar");

fn innexar(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(["--data-dir", dir.to_str().expect("utf-8 path")])
        .args(args)
        .env_remove("INNEXAR_DATABASE_URL")
        .env("INNEXAR_LOG_LEVEL", "warn")
        .output()
        .expect("run innexar")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn tenants_are_created_listed_and_refused_with_reasons_from_the_cli() {
    let dir = tempfile::tempdir().expect("dir");
    let ok = innexar(
        dir.path(),
        &[
            "tenant",
            "create",
            "loja-um",
            "--name",
            "Loja Um",
            "--cnpj",
            "11.222.333/0001-81",
            "--admin-email",
            "dono@loja.com.br",
            "--admin-password",
            "uma senha longa",
        ],
    );
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("tenant loja-um created"));
    let dup = innexar(
        dir.path(),
        &[
            "tenant",
            "create",
            "loja-um",
            "--name",
            "Outra",
            "--cnpj",
            "11.444.777/0001-61",
            "--admin-email",
            "a@b.com.br",
            "--admin-password",
            "uma senha longa",
        ],
    );
    assert!(!dup.status.success());
    assert!(text(&dup).contains("tenants.slug_taken"), "{}", text(&dup));
    let bad = innexar(
        dir.path(),
        &[
            "tenant",
            "create",
            "x",
            "--name",
            "X",
            "--cnpj",
            "123",
            "--admin-email",
            "a@b.com.br",
            "--admin-password",
            "uma senha longa",
        ],
    );
    assert!(!bad.status.success());
    assert!(text(&bad).contains("/slug") && text(&bad).contains("cnpj.length"), "{}", text(&bad));
    let list = innexar(dir.path(), &["tenant", "list"]);
    assert!(text(&list).contains("loja-um") && text(&list).contains("11222333000181"), "{}", text(&list));
    let migrate = innexar(dir.path(), &["tenant", "migrate", "--all"]);
    assert!(
        migrate.status.success() && text(&migrate).contains("1 tenant(s) migrated, 0 failed"),
        "{}",
        text(&migrate)
    );
}

#[test]
fn config_show_masks_secrets_and_bad_settings_name_the_key() {
    let dir = tempfile::tempdir().expect("dir");
    let shown = Command::new(BIN)
        .args(["--data-dir", dir.path().to_str().expect("path"), "config", "show"])
        .env("INNEXAR_DATABASE_URL", "postgres://app:s3cret@db.internal:5432/innexar")
        .env("INNEXAR_AUTH_JWT_SECRET", "a-very-long-signing-key-of-more-than-32-bytes")
        .env("INNEXAR_STORAGE_S3_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-bucket-key")
        .output()
        .expect("run");
    let out = text(&shown);
    assert!(shown.status.success(), "{out}");
    assert!(out.contains("postgres://app:***@db.internal:5432/innexar"), "{out}");
    assert!(!out.contains("s3cret") && !out.contains("a-very-long-signing-key"), "{out}");
    assert!(out.contains("jwt_secret = \"***\""), "{out}");
    assert!(out.contains("s3_secret_access_key = \"***\"") && !out.contains("wJalrXUtnFEMI"), "{out}");

    let bad =
        Command::new(BIN).args(["config", "show"]).env("INNEXAR_DATABASE_MAX_CONECTIONS", "3").output().expect("run");
    assert!(!bad.status.success());
    assert!(text(&bad).to_lowercase().contains("max_conections"), "{}", text(&bad));
}

struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A minimal HTTP/1.1 exchange over a real socket.
fn http(port: u16, request: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    s.write_all(request.as_bytes()).expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    let status = out.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Starts `innexar serve` with `args` on a free port and waits until it accepts connections.
fn serve(dir: &std::path::Path, args: &[&str]) -> (Served, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let child = Command::new(BIN)
        .args(["--data-dir", dir.to_str().expect("path"), "serve", "--addr", &format!("127.0.0.1:{port}")])
        .args(args)
        .env_remove("INNEXAR_DATABASE_URL")
        .env("INNEXAR_LOG_LEVEL", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let served = Served(child);
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (served, port)
}

#[test]
fn serve_demo_answers_on_a_real_port_with_the_demo_tenant() {
    let dir = tempfile::tempdir().expect("dir");
    let (_served, port) = serve(dir.path(), &["--demo"]);
    let (status, _) = http(port, "GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 200);
    let body = r#"{"email":"vendas@demo.innexar.com.br","password":"innexar-demo"}"#;
    let (status, session) = http(
        port,
        &format!(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: demo.localhost:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert_eq!(status, 200, "{session}");
    let token = serde_json::from_str::<serde_json::Value>(&session).expect("json")["accessToken"]
        .as_str()
        .expect("token")
        .to_string();
    let (status, list) = http(
        port,
        &format!(
            "GET /api/v1/vehicles?pageSize=1 HTTP/1.1\r\nHost: demo.localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 200, "{list}");
    let list: serde_json::Value = serde_json::from_str(&list).expect("json");
    // The demo's 300 cars and the customers' cars its sales took in as trade-ins.
    assert_eq!(list["total"], 306);
    assert!(list["items"][0].get("costCents").is_none(), "a salesperson does not see the cost");
    let (status, stores) = http(
        port,
        &format!(
            "GET /api/v1/stores HTTP/1.1\r\nHost: demo.localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 200);
    let stores = serde_json::from_str::<serde_json::Value>(&stores).expect("json")["items"].clone();
    assert_eq!(stores.as_array().expect("items").len(), 2);
    // Each heads its documents with the group's logo, stored as an upload is.
    for s in stores.as_array().expect("items") {
        let mut c = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        c.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        let url = s["logo"]["url"].as_str().expect("a logo");
        let request = format!(
            "GET {url} HTTP/1.1\r\nHost: demo.localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        );
        c.write_all(request.as_bytes()).expect("write");
        let mut out = Vec::new();
        c.read_to_end(&mut out).expect("read");
        let at = out.windows(4).position(|w| w == b"\r\n\r\n").expect("headers") + 4;
        assert!(out.starts_with(b"HTTP/1.1 200"), "{}", s["name"]);
        assert!(out[at..].starts_with(b"\x89PNG\r\n"), "a PNG for {}", s["name"]);
    }

    // The manager finds a discount waiting, in the inbox and on the bell.
    let body = r#"{"email":"gerente@demo.innexar.com.br","password":"innexar-demo"}"#;
    let (_, session) = http(
        port,
        &format!(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: demo.localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    let manager: serde_json::Value = serde_json::from_str(&session).expect("json");
    let get = |path: &str| {
        let (status, body) = http(
            port,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: demo.localhost\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
                manager["accessToken"].as_str().expect("token")
            ),
        );
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str::<serde_json::Value>(&body).expect("json")
    };
    let pending = get("/api/v1/approvals?status=pending");
    assert!(!pending["items"].as_array().expect("items").is_empty(), "{pending}");
    let bell = get("/api/v1/me/notifications?unread=true");
    assert_eq!(bell["items"][0]["kind"], "sales.approval_requested", "{bell}");
}

#[test]
fn vehicles_export_and_import_back_from_the_cli_reporting_rejected_rows() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let created = innexar(
        d,
        &[
            "tenant",
            "create",
            "loja-um",
            "--name",
            "Loja Um",
            "--cnpj",
            "11.222.333/0001-81",
            "--admin-email",
            "dono@loja.com.br",
            "--admin-password",
            "uma senha longa",
        ],
    );
    assert!(created.status.success(), "{}", text(&created));
    let seeded = innexar(d, &["demo", "seed", "--tenant", "loja-um", "--vehicles", "4"]);
    assert!(seeded.status.success(), "{}", text(&seeded));

    let csv_path = d.join("estoque.csv");
    let export = innexar(
        d,
        &["vehicles", "export", "--tenant", "loja-um", "--format", "csv", "-o", csv_path.to_str().expect("path")],
    );
    assert!(export.status.success(), "{}", text(&export));
    let exported = std::fs::read_to_string(&csv_path).expect("export written");
    assert!(exported.lines().next().is_some_and(|h| h.contains("Chassi") && h.contains("Custo")), "{exported}");
    assert_eq!(exported.lines().count(), 5, "a header and the four vehicles");

    // The same file back, plus a row the import must refuse.
    let columns = exported.lines().next().expect("header").split(';').count();
    let mut bad = vec![""; columns];
    let header: Vec<&str> = exported.lines().next().expect("header").split(';').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).expect("column");
    bad[at("Marca")] = "Fiat";
    bad[at("Modelo")] = "Uno";
    bad[at("Chassi")] = "9BD0000000000000O";
    let with_bad = format!("{exported}{}\n", bad.join(";"));
    let import_path = d.join("volta.csv");
    std::fs::write(&import_path, with_bad).expect("write");

    let dry =
        innexar(d, &["vehicles", "import", import_path.to_str().expect("path"), "--tenant", "loja-um", "--dry-run"]);
    assert!(!dry.status.success(), "a rejected row fails the command: {}", text(&dry));
    let out = text(&dry);
    assert!(out.contains("5 rows: 0 would be created, 0 would be updated, 4 unchanged, 1 rejected (dry run"), "{out}");
    assert!(out.contains("row 6, Chassi:") && out.contains("vin.invalid_character"), "{out}");

    let back = innexar(d, &["vehicles", "import", csv_path.to_str().expect("path"), "--tenant", "loja-um"]);
    assert!(back.status.success(), "{}", text(&back));
    assert!(text(&back).contains("4 rows: 0 created, 0 updated, 4 unchanged, 0 rejected"), "{}", text(&back));
}

/// `innexar` with `input` on its standard input (a pipe, not a terminal).
fn innexar_with_input(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)], input: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(["--data-dir", dir.to_str().expect("utf-8 path")])
        .args(args)
        .env_remove("INNEXAR_DATABASE_URL")
        .env_remove("INNEXAR_ADMIN_PASSWORD")
        .envs(env.iter().copied())
        .env("INNEXAR_LOG_LEVEL", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run innexar");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait")
}

#[test]
fn passwords_come_from_standard_input_or_the_environment_and_the_flag_warns() {
    let dir = tempfile::tempdir().expect("dir");
    let create = ["tenant", "create", "loja-um", "--name", "Loja Um", "--cnpj", "11.222.333/0001-81"];
    let with_email = |email: &'static str| [&create[..], &["--admin-email", email]].concat();

    let empty = innexar_with_input(dir.path(), &with_email("dono@loja.com.br"), &[], "");
    assert!(!empty.status.success());
    assert!(text(&empty).contains("INNEXAR_ADMIN_PASSWORD"), "{}", text(&empty));
    // The line read is the password, checked like any other.
    let short = innexar_with_input(dir.path(), &with_email("dono@loja.com.br"), &[], "curta\n");
    assert!(text(&short).contains("password.too_short"), "{}", text(&short));
    let piped = innexar_with_input(dir.path(), &with_email("dono@loja.com.br"), &[], "uma senha com espaços\n");
    assert!(piped.status.success(), "{}", text(&piped));

    let admin = ["platform-admin", "create", "--email", "ops@innexar.com.br"];
    let from_env =
        innexar_with_input(dir.path(), &admin, &[("INNEXAR_ADMIN_PASSWORD", "outra senha longa")], "ignored\n");
    assert!(from_env.status.success(), "{}", text(&from_env));
    // The variable is not a setting: the settings loader does not refuse it.
    let shown = innexar_with_input(dir.path(), &["config", "show"], &[("INNEXAR_ADMIN_PASSWORD", "x")], "");
    assert!(shown.status.success(), "{}", text(&shown));

    for args in [&["tenant", "create", "--help"][..], &["platform-admin", "create", "--help"]] {
        let help = innexar(dir.path(), args);
        assert!(text(&help).contains("WARNING") && text(&help).contains("INNEXAR_ADMIN_PASSWORD"), "{}", text(&help));
    }

    // The Owner signs in with exactly the piped password.
    let (_served, port) = serve(dir.path(), &[]);
    let body = r#"{"email":"dono@loja.com.br","password":"uma senha com espaços"}"#;
    let (status, session) = http(
        port,
        &format!(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: loja-um.localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert_eq!(status, 200, "{session}");
}
