//! Settings from the environment as an operator gives them: `config show` prints what was loaded,
//! `serve` starts with them, and a bad variable stops both with its name.

use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_innexar");

/// `innexar` with only the given `INNEXAR_*` variables (none inherited from the test's caller).
fn innexar(dir: &std::path::Path, args: &[&str], vars: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(["--data-dir", dir.to_str().expect("utf-8 path")]).args(args);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().to_ascii_uppercase().starts_with("INNEXAR_") {
            cmd.env_remove(name);
        }
    }
    cmd.env("INNEXAR_LOG_LEVEL", "warn").envs(vars.iter().copied());
    cmd
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

const IMPORTS: &[(&str, &str)] = &[
    ("INNEXAR_IMPORTS_MAX_ROWS", "1234"),
    ("INNEXAR_IMPORTS_MAX_FILE_BYTES", "2097152"),
    ("INNEXAR_IMPORTS__SLOT_WAIT_MS", "750"),
    ("INNEXAR_SERVER_BASE_DOMAIN", "erp.example.com.br"),
];

#[test]
fn config_show_prints_the_settings_the_environment_gave() {
    let dir = tempfile::tempdir().expect("dir");
    let out = innexar(dir.path(), &["config", "show"], IMPORTS).output().expect("run");
    assert!(out.status.success(), "{}", text(&out));
    let shown: toml::Table = toml::from_str(&String::from_utf8_lossy(&out.stdout)).expect("config show prints TOML");
    let imports = shown["imports"].as_table().expect("[imports]");
    assert_eq!(imports["max_rows"].as_integer(), Some(1234));
    assert_eq!(imports["max_file_bytes"].as_integer(), Some(2_097_152));
    assert_eq!(imports["slot_wait_ms"].as_integer(), Some(750));
    assert_eq!(shown["server"]["base_domain"].as_str(), Some("erp.example.com.br"));
    assert_eq!(shown["log"]["level"].as_str(), Some("warn"));
}

struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_starts_with_the_documented_imports_limits_set() {
    let dir = tempfile::tempdir().expect("dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let addr = format!("127.0.0.1:{port}");
    let mut served = Served(
        innexar(dir.path(), &["serve", "--addr", &addr], IMPORTS)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn"),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = served.0.try_wait().expect("wait") {
            let mut err = String::new();
            if let Some(mut e) = served.0.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            panic!("innexar serve exited with {status}: {err}");
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_bad_or_unknown_variable_stops_start_up_naming_it() {
    let dir = tempfile::tempdir().expect("dir");
    for (vars, expected) in [
        (&[("INNEXAR_IMPORTS_MAX_ROWS", "lots")][..], "INNEXAR_IMPORTS_MAX_ROWS: `imports.max_rows`"),
        (&[("INNEXAR_IMPORTS_MAX_ROW", "10")][..], "INNEXAR_IMPORTS_MAX_ROW: there is no setting `imports.max_row`"),
        (&[("INNEXAR_IMPORTS_MAX_ROWS", "0")][..], "(set by INNEXAR_IMPORTS_MAX_ROWS)"),
    ] {
        for args in [&["config", "show"][..], &["serve", "--addr", "127.0.0.1:0"][..]] {
            let out = innexar(dir.path(), args, vars).stdin(Stdio::null()).output().expect("run");
            assert!(!out.status.success(), "{args:?} {vars:?}: {}", text(&out));
            assert!(text(&out).contains(expected), "{args:?} {vars:?}: {}", text(&out));
        }
    }
}
