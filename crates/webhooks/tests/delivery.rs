//! Delivery attempts against a real HTTP receiver on this machine (private targets allowed, as
//! the operator of a test would): the exact request, a redirect not followed, a slow receiver cut
//! at the deadline, a huge answer read only as far as the log needs; and the signature checked by
//! a verifier written independently, in Python's standard library, as an integrator would.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use innexar_webhooks::send::{Delivery, EXCERPT_CHARS, post as send};
use innexar_webhooks::{signature, target};

type Seen = Arc<Mutex<Vec<(String, HeaderMap, Bytes)>>>;

async fn receiver() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let record = |path: &'static str, seen: Seen| {
        move |headers: HeaderMap, body: Bytes| async move {
            seen.lock().expect("lock").push((path.to_string(), headers, body));
        }
    };
    let app = Router::new()
        .route("/ok", post(record("/ok", seen.clone())))
        .route("/moved", post(|| async { Redirect::temporary("/elsewhere") }))
        .route("/elsewhere", post(record("/elsewhere", seen.clone())))
        .route(
            "/slow",
            post(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
        .route("/huge", post(|| async { (StatusCode::OK, "x".repeat(8 * 1024 * 1024)).into_response() }))
        .route("/broken", post(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "database down\x07") }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://127.0.0.1:{}", listener.local_addr().expect("addr").port());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, seen)
}

async fn attempt(url: &str, body: &[u8], timeout: Duration) -> innexar_webhooks::send::Outcome {
    let t = target::resolve(url, true).await.expect("target");
    let headers = vec![
        ("content-type", "application/cloudevents+json".to_string()),
        (signature::HEADER, signature::header(&["whsec_teste"], 1_765_000_000, body)),
        ("innexar-event-id", "01a24d1f-dd34-74f3-b524-c9dd9b040dfa".to_string()),
    ];
    send(Delivery { target: &t, headers, body: body.to_vec(), timeout, max_response_bytes: 64 * 1024 }).await
}

#[tokio::test]
async fn the_receiver_gets_the_exact_body_and_headers() {
    let (base, seen) = receiver().await;
    let body = br#"{"specversion":"1.0","type":"vehicle.created"}"#;
    let o = attempt(&format!("{base}/ok"), body, Duration::from_secs(5)).await;
    assert!(o.succeeded(), "{o:?}");
    let seen = seen.lock().expect("lock");
    let (path, headers, got) = &seen[0];
    assert_eq!((path.as_str(), got.as_ref()), ("/ok", body.as_slice()));
    assert_eq!(headers["content-type"], "application/cloudevents+json");
    assert_eq!(headers["innexar-event-id"], "01a24d1f-dd34-74f3-b524-c9dd9b040dfa");
    assert!(headers["user-agent"].to_str().expect("ua").starts_with("Innexar-Webhooks/"));
    assert!(headers["innexar-signature"].to_str().expect("sig").starts_with("t=1765000000,v1="));
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_counts_as_a_failure() {
    let (base, seen) = receiver().await;
    let o = attempt(&format!("{base}/moved"), b"{}", Duration::from_secs(5)).await;
    assert_eq!(o.status, Some(307));
    assert!(!o.succeeded());
    assert!(seen.lock().expect("lock").is_empty(), "the redirect's target was not called");
}

#[tokio::test]
async fn a_slow_receiver_is_cut_at_the_deadline_and_a_huge_answer_is_read_only_in_part() {
    let (base, _) = receiver().await;
    let o = attempt(&format!("{base}/slow"), b"{}", Duration::from_millis(500)).await;
    assert_eq!((o.status, o.error.as_deref()), (None, Some("timed out")));
    assert!(o.latency_ms < 2000, "{o:?}");
    let o = attempt(&format!("{base}/huge"), b"{}", Duration::from_secs(5)).await;
    assert_eq!(o.status, Some(200));
    assert_eq!(o.excerpt.chars().count(), EXCERPT_CHARS);
    let o = attempt(&format!("{base}/broken"), b"{}", Duration::from_secs(5)).await;
    assert_eq!((o.status, o.excerpt.as_str()), (Some(500), "database down"), "control characters dropped");
    let o = attempt("http://127.0.0.1:9/nothing-listens", b"{}", Duration::from_secs(2)).await;
    assert_eq!((o.status, o.error.as_deref()), (None, Some("could not connect")));
}

/// The receiver's recipe from the docs, in Python: parse `t` and every `v1`, reject a timestamp
/// more than 300 s away, compare HMAC-SHA256(secret, "<t>.<body>") in constant time.
const PYTHON_VERIFIER: &str = r#"
import hmac, hashlib, sys
header, secret, body, now = sys.argv[1], sys.argv[2].encode(), sys.stdin.buffer.read(), int(sys.argv[3])
parts = [p.split("=", 1) for p in header.split(",")]
t = next(v for k, v in parts if k == "t")
if abs(now - int(t)) > 300:
    print("stale"); sys.exit(0)
expected = hmac.new(secret, t.encode() + b"." + body, hashlib.sha256).hexdigest()
print("valid" if any(hmac.compare_digest(expected, v) for k, v in parts if k == "v1") else "invalid")
"#;

fn python_verdict(header: &str, secret: &str, body: &[u8], now: i64) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", PYTHON_VERIFIER, header, secret, &now.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    child.stdin.take().expect("stdin").write_all(body).expect("write");
    let out = child.wait_with_output().expect("python3");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn signatures_pass_an_independent_verifier_and_a_replay_or_a_change_fails_it() {
    let body = "{\"id\":\"1\",\"data\":{\"marca\":\"Citroën\"}}".as_bytes();
    let header = signature::header(&["whsec_nova", "whsec_antiga"], 1_765_000_000, body);
    assert_eq!(python_verdict(&header, "whsec_nova", body, 1_765_000_030), "valid");
    assert_eq!(python_verdict(&header, "whsec_antiga", body, 1_765_000_030), "valid", "during a rotation");
    assert_eq!(python_verdict(&header, "whsec_outra", body, 1_765_000_030), "invalid");
    assert_eq!(python_verdict(&header, "whsec_nova", b"{\"id\":\"2\"}", 1_765_000_030), "invalid");
    assert_eq!(python_verdict(&header, "whsec_nova", body, 1_765_000_301), "stale", "older than 5 minutes");
}

/// The fenced block of `lang` in the receivers' guide.
fn documented(lang: &str) -> String {
    let guide = include_str!("../../../docs/webhooks.md");
    let start = guide.find(&format!("```{lang}\n")).map(|i| i + lang.len() + 4).expect("the recipe in the guide");
    guide[start..].split("\n```").next().expect("a closed block").to_string()
}

/// Runs the guide's recipe in `program` with a harness that reads the body from stdin.
fn recipe_verdict(program: &str, harness: &str, header: &str, secret: &str, body: &[u8], now: i64) -> String {
    use std::io::Write;
    let (cmd, flag) = if program == "python" { ("python3", "-c") } else { ("node", "-e") };
    let mut child = std::process::Command::new(cmd)
        .args([flag, &format!("{}\n{harness}", documented(program)), header, secret, &now.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect(cmd);
    child.stdin.take().expect("stdin").write_all(body).expect("write");
    let out = child.wait_with_output().expect(cmd);
    assert!(out.status.success(), "{cmd} failed");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn the_receivers_guide_recipes_accept_our_signatures_and_refuse_replays_and_changes() {
    let body = "{\"id\":\"1\",\"data\":{\"marca\":\"Citroën\"}}".as_bytes();
    let header = signature::header(&["whsec_nova", "whsec_antiga"], 1_765_000_000, body);
    let harnesses = [
        ("python", "import sys\nprint(verify(sys.argv[1], sys.argv[2], sys.stdin.buffer.read(), float(sys.argv[3])))"),
        (
            "js",
            "const body = require('node:fs').readFileSync(0);\n\
             console.log(verify(process.argv[1], process.argv[2], body, Number(process.argv[3])) ? 'True' : 'False');",
        ),
    ];
    for (lang, harness) in harnesses {
        let verdict = |h: &str, s: &str, b: &[u8], now: i64| recipe_verdict(lang, harness, h, s, b, now);
        assert_eq!(verdict(&header, "whsec_nova", body, 1_765_000_030), "True", "{lang}");
        assert_eq!(verdict(&header, "whsec_antiga", body, 1_765_000_030), "True", "{lang}: during a rotation");
        assert_eq!(verdict(&header, "whsec_outra", body, 1_765_000_030), "False", "{lang}: another secret");
        assert_eq!(verdict(&header, "whsec_nova", b"{\"id\":\"2\"}", 1_765_000_030), "False", "{lang}: a changed body");
        assert_eq!(verdict(&header, "whsec_nova", body, 1_765_000_301), "False", "{lang}: replayed after 5 minutes");
        assert_eq!(verdict(&header, "whsec_nova", body, 1_764_999_600), "False", "{lang}: from the future");
        assert_eq!(verdict("v1=abc", "whsec_nova", body, 1_765_000_030), "False", "{lang}: no timestamp");
    }
}
