//! The web app served by the binary: client routes fall back to `index.html`, hashed assets are
//! cached for good, and `/api` keeps its problem+json. Needs `make web` (web/dist) first.

use axum::http::{Method, StatusCode};
use innexar_testkit::TestApp;

fn built() {
    let index = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/dist/index.html");
    assert!(std::path::Path::new(index).exists(), "web/dist is missing: run `make web` before the Rust tests");
}

#[tokio::test]
async fn client_routes_get_index_html_which_browsers_revalidate() {
    built();
    let app = TestApp::spawn().await;
    for path in ["/", "/inventory", "/inventory/01a2244a-3973-7259-896f-d6cd85f2b256/edit", "/login?next=%2F"] {
        let r = app.get(path).send().await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
        assert!(r.text.contains("<div id=\"root\">"), "{path}: {}", r.text);
    }
    let first = app.get("/").send().await;
    let again = app.get("/").header("if-none-match", &first.etag()).send().await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_sent_gzipped_to_browsers_that_take_it() {
    built();
    let app = TestApp::spawn().await;
    let index = app.get("/").send().await.text;
    let script = index
        .split('"')
        .find(|s| s.starts_with("/assets/") && s.ends_with(".js"))
        .expect("index.html names its entry script")
        .to_string();
    let plain = app.get(&script).send().await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert_eq!(plain.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(plain.header("content-encoding"), None);
    let gz = app.get(&script).header("accept-encoding", "gzip, deflate, br").send().await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.header("vary"), Some("accept-encoding"));
    assert_ne!(gz.etag(), plain.etag(), "two encodings, two representations");
    let again = app.get(&script).header("accept-encoding", "gzip").header("if-none-match", &gz.etag()).send().await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let other = app.get(&script).header("if-none-match", &gz.etag()).send().await;
    assert_eq!(other.status, StatusCode::OK, "the gzip ETag does not validate the plain file");
    assert!(gz.text.starts_with('\u{1f}'), "a gzip stream starts with 0x1f 0x8b");
    assert!(plain.text.starts_with(|c: char| c.is_ascii()), "the plain twin is JavaScript text");
}

#[tokio::test]
async fn missing_files_and_api_paths_are_404_not_the_app() {
    built();
    let app = TestApp::spawn().await;
    let old = app.get("/assets/index-0ld0ld.js").send().await;
    old.problem(StatusCode::NOT_FOUND, "http.not_found");
    app.get("/robots.txt").send().await.problem(StatusCode::NOT_FOUND, "http.not_found");
    app.get("/api/v1/nothing-here").send().await.problem(StatusCode::NOT_FOUND, "http.not_found");
    app.get("/api").send().await.problem(StatusCode::NOT_FOUND, "http.not_found");
    app.call(Method::POST, "/inventory")
        .send()
        .await
        .problem(StatusCode::METHOD_NOT_ALLOWED, "http.method_not_allowed");
    // The build manifest is for the size budget script, not for browsers.
    app.get("/.vite/manifest.json").send().await.problem(StatusCode::NOT_FOUND, "http.not_found");
}
