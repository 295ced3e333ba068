//! The S3 path against a real S3-compatible server: moto's server (PyPI `moto[server]`), started
//! on a free port for the test and stopped after it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::http::StatusCode;
use futures_util::StreamExt;
use innexar_kernel::settings::{Secret, StorageBackend};
use innexar_testkit::{Part, TestApp, slug};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use serde_json::json;

use super::*;

const INSTALL: &str = "the S3 tests need moto's S3-compatible server: pip install 'moto[server]' (.ci/run installs it)";

struct S3Server {
    child: Child,
    endpoint: String,
}

impl S3Server {
    /// Starts the server and returns once it says it is listening.
    async fn start() -> S3Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("addr").port();
        let mut child = Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run python3 ({e}); {INSTALL}"));
        let stderr = child.stderr.take().expect("stderr");
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        // Reads the log until the server is up, then keeps draining it so the server never
        // blocks on a full pipe.
        std::thread::spawn(move || {
            let mut ready = Some(ready_tx);
            let mut seen = String::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(tx) = ready.take_if(|_| line.contains("Running on")) {
                    let _ = tx.send(Ok(()));
                } else if ready.is_some() {
                    seen.push_str(&line);
                    seen.push('\n');
                }
            }
            if let Some(tx) = ready {
                let _ = tx.send(Err(seen));
            }
        });
        match tokio::time::timeout(Duration::from_secs(60), ready_rx).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(log))) => panic!("the S3 server did not start; {INSTALL}\n{log}"),
            other => panic!("the S3 server did not start within a minute: {other:?}; {INSTALL}"),
        }
        S3Server { child, endpoint: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn photos_and_documents_live_on_s3_under_the_tenant_prefix() {
    let s3 = S3Server::start().await;
    let endpoint = s3.endpoint.clone();
    let app = TestApp::spawn_with(|s| {
        s.storage.backend = StorageBackend::S3;
        s.storage.s3_endpoint = endpoint;
        s.storage.s3_bucket = "innexar-test".into();
        s.storage.prefix = "ci/media".into();
        s.storage.s3_access_key_id = "test-key".into();
        s.storage.s3_secret_access_key = Secret::new("test-secret");
        s.storage.thumbnail_side_px = 32;
    })
    .await;
    // Moto accepts an unsigned request to create a bucket. (The app built the S3 client first,
    // which installed the TLS provider reqwest needs.)
    let http = reqwest::Client::new();
    let created = http.put(format!("{}/innexar-test", s3.endpoint)).send().await.expect("create bucket");
    assert!(created.status().is_success(), "creating the bucket: {}", created.status());

    let t = app.tenant(&slug("loja")).await;
    let vid = app.vehicle(&t, &app.store(&t, "Matriz").await, json!({})).await["id"].as_str().expect("id").to_string();
    let r = upload_photo(&app, &t, &vid, "frente.jpg", &jpeg_with_exif(120, 60)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let pid = r.body["id"].as_str().expect("id").to_string();
    let doc = app
        .post(&format!("/api/v1/vehicles/{vid}/documents"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .multipart(&[Part::text("kind", "nota_fiscal"), Part::file("file", "nf.pdf", "application/pdf", PDF)])
        .send()
        .await;
    assert_eq!(doc.status, StatusCode::CREATED, "{}", doc.text);
    let did = doc.body["id"].as_str().expect("id").to_string();

    // The bucket as another S3 client sees it.
    let bucket = AmazonS3Builder::new()
        .with_endpoint(&s3.endpoint)
        .with_allow_http(true)
        .with_region("us-east-1")
        .with_bucket_name("innexar-test")
        .with_access_key_id("test-key")
        .with_secret_access_key("test-secret")
        .build()
        .expect("client");
    let keys = |bucket: AmazonS3| async move {
        let mut keys: Vec<String> =
            bucket.list(None).map(|m| m.expect("listing").location.to_string()).collect::<Vec<_>>().await;
        keys.sort();
        keys
    };
    assert_eq!(
        keys(bucket.clone()).await,
        vec![
            format!("ci/media/{}/vehicles/{vid}/documents/{did}.pdf", t.id),
            format!("ci/media/{}/vehicles/{vid}/photos/{pid}-thumbnail.jpg", t.id),
            format!("ci/media/{}/vehicles/{vid}/photos/{pid}.jpg", t.id),
        ]
    );
    let pdf =
        app.get(&format!("/api/v1/vehicles/{vid}/documents/{did}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(pdf.bytes, PDF);
    // What S3 holds is the sanitised image, and Innexar serves it back.
    let location = ObjectPath::from(format!("ci/media/{}/vehicles/{vid}/photos/{pid}.jpg", t.id));
    let raw = bucket.get(&location).await.expect("get").bytes().await.expect("bytes");
    assert!(dimensions(&raw) == (60, 120) && !contains(&raw, b"SecretCam"));
    let served =
        app.get(&format!("/api/v1/vehicles/{vid}/photos/{pid}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(served.status, StatusCode::OK, "{}", served.text);
    assert_eq!(served.bytes, raw.to_vec());
    assert_eq!(dimensions(&served.bytes), (60, 120));
    let thumb = app
        .get(&format!("/api/v1/vehicles/{vid}/photos/{pid}/thumbnail"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await;
    assert_eq!(dimensions(&thumb.bytes), (16, 32));
    let link = app
        .post(&format!("/api/v1/vehicles/{vid}/photos/{pid}/link"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({}))
        .send()
        .await;
    assert_eq!(app.get(link.body["url"].as_str().expect("url")).send().await.bytes, raw.to_vec());

    let r =
        app.delete(&format!("/api/v1/vehicles/{vid}/photos/{pid}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app
        .delete(&format!("/api/v1/vehicles/{vid}/documents/{did}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(keys(bucket).await.is_empty());
}
