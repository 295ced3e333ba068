//! Webhooks as an Owner and an integrator use them: an endpoint registered by the API, its
//! secret shown once, events reaching a real receiver signed, the delivery log, a test send,
//! redelivery, secret rotation, disabling and enabling, and bad input refused at its fields.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use futures_util::future::join_all;
use innexar_testkit::{TestApp, TestTenant, slug};
use innexar_webhooks::signature;
use serde_json::{Value, json};

type Got = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

/// A receiver on a local port that answers 200 and keeps what it got.
async fn receiver() -> (String, Got) {
    let got: Got = Arc::default();
    let seen = got.clone();
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let seen = seen.clone();
            async move {
                seen.lock().expect("lock").push((headers, body));
                "recebido"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hook"), got)
}

/// An app whose webhooks may reach the test's receiver on 127.0.0.1.
async fn app() -> TestApp {
    TestApp::spawn_with(|s| s.webhooks.allow_private_targets = true).await
}

/// What the worker role does: hand the events to the handlers (webhooks queues deliveries),
/// then send what is due.
async fn work(app: &TestApp, t: &TestTenant) -> usize {
    let db = app.tenant_db(&t.slug).await;
    let now = app.state.clock.now();
    innexar_app::dispatcher(&app.state).drain(&db, now).await.expect("dispatch");
    let clock = app.state.clock.clone();
    innexar_webhooks::deliveries::send_due(&db, &app.state.sealer, &app.settings.webhooks, || clock.now())
        .await
        .expect("send")
}

async fn register(app: &TestApp, t: &TestTenant, url: &str, types: Value) -> Value {
    let r = app
        .post("/api/v1/webhooks/endpoints")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"url": url, "description": "ERP do grupo", "eventTypes": types}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body
}

async fn test_send(app: &TestApp, t: &TestTenant, id: &str) -> innexar_testkit::Resp {
    app.post(&format!("/api/v1/webhooks/endpoints/{id}/test")).tenant(&t.slug).token(&t.owner_token).send().await
}

fn verifies(headers: &HeaderMap, body: &[u8], secret: &str, now: i64) -> bool {
    let h = headers.get("innexar-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    signature::verify(h, secret, body, now, 300).is_ok()
}

#[tokio::test]
async fn an_endpoint_gets_the_events_it_takes_signed_and_its_log_shows_each_attempt() {
    let app = app().await;
    let t = app.tenant(&slug("hooks")).await;
    let store = app.store(&t, "Matriz").await;
    let (url, got) = receiver().await;
    let made = register(&app, &t, &url, json!(["vehicle.created", "vehicle.created", "sale.completed"])).await;
    let secret = made["secret"].as_str().expect("secret").to_string();
    assert!(secret.starts_with("whsec_") && secret.len() > 40, "{secret}");
    assert_eq!(made["eventTypes"], json!(["vehicle.created", "sale.completed"]), "repeats dropped");
    assert_eq!((made["active"].as_bool(), made["consecutiveFailures"].as_i64()), (Some(true), Some(0)));
    let id = made["id"].as_str().expect("id").to_string();

    // The secret is never shown again.
    let list = app.get("/api/v1/webhooks/endpoints").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));
    let one = app.get(&format!("/api/v1/webhooks/endpoints/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(!list.text.contains(&secret) && !one.text.contains(&secret) && !one.text.contains("whsec_"));
    assert_eq!(one.etag(), "\"1\"");

    let v = app.vehicle(&t, &store, json!({"vin": "9BD19524SN1234567"})).await;
    assert_eq!(work(&app, &t).await, 1);
    let (headers, body) = got.lock().expect("lock")[0].clone();
    let now = app.state.clock.now().timestamp();
    assert!(verifies(&headers, &body, &secret, now), "{headers:?}");
    let event: Value = serde_json::from_slice(&body).expect("CloudEvents JSON");
    assert_eq!(
        (event["type"].as_str(), event["data"]["vehicleId"].as_str()),
        (Some("vehicle.created"), v["id"].as_str())
    );
    assert_eq!(headers["innexar-event-id"].to_str().ok(), event["id"].as_str());

    // An event it does not take goes nowhere.
    let r = app
        .patch(&format!("/api/v1/vehicles/{}", v["id"].as_str().expect("vehicle")))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"1\"")
        .json(json!({"priceCents": 9_990_000}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(work(&app, &t).await, 0);

    let log = app
        .get(&format!("/api/v1/webhooks/endpoints/{id}/deliveries"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await;
    assert_eq!(log.body["total"], 1, "{}", log.text);
    let d = &log.body["items"][0];
    assert_eq!(
        (d["status"].as_str(), d["lastStatus"].as_i64(), d["attempts"].as_i64()),
        (Some("succeeded"), Some(200), Some(1))
    );
    assert!(d["lastLatencyMs"].as_i64().is_some() && d["deliveredAt"].is_string());
    let did = d["id"].as_str().expect("delivery").to_string();
    let detail =
        app.get(&format!("/api/v1/webhooks/deliveries/{did}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(detail.body["body"].as_str().map(str::as_bytes), Some(&body[..]), "the body as signed");
    assert_eq!(detail.body["attemptsLog"][0]["excerpt"], "recebido");

    // A test send goes to this endpoint alone, whatever it takes.
    let test =
        app.post(&format!("/api/v1/webhooks/endpoints/{id}/test")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(
        (test.status, test.body["eventType"].as_str()),
        (StatusCode::ACCEPTED, Some("webhook.test")),
        "{}",
        test.text
    );
    assert_eq!(work(&app, &t).await, 1);
    let (headers, body) = got.lock().expect("lock")[1].clone();
    assert!(verifies(&headers, &body, &secret, now));
    assert_eq!(serde_json::from_slice::<Value>(&body).expect("json")["type"], "webhook.test");

    // Redelivery sends the same body again, as a second attempt of the same delivery.
    let again = app
        .post(&format!("/api/v1/webhooks/deliveries/{did}/redeliver"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await;
    assert_eq!(
        (again.status, again.body["status"].as_str()),
        (StatusCode::ACCEPTED, Some("pending")),
        "{}",
        again.text
    );
    assert_eq!(work(&app, &t).await, 1);
    let got = got.lock().expect("lock").clone();
    assert_eq!(got.len(), 3);
    assert_eq!(got[2].1, got[0].1, "the same bytes");
    assert_eq!(got[2].0["innexar-event-id"], got[0].0["innexar-event-id"], "receivers deduplicate by it");
    assert_eq!(got[2].0["innexar-delivery-attempt"], "2");
    let detail =
        app.get(&format!("/api/v1/webhooks/deliveries/{did}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(detail.body["attemptsLog"].as_array().map(Vec::len), Some(2), "{}", detail.text);
    assert_eq!(detail.body["attemptsLog"][0]["number"], 2, "newest first");

    // The log filters by status and type.
    let tests = app
        .get(&format!("/api/v1/webhooks/endpoints/{id}/deliveries?eventType=webhook.test&status=succeeded"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await;
    assert_eq!(tests.body["total"], 1, "{}", tests.text);
    app.get(&format!("/api/v1/webhooks/endpoints/{id}/deliveries?status=lost"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");

    // The catalogue lists what may be subscribed to.
    let types = app.get("/api/v1/webhooks/event-types").tenant(&t.slug).token(&t.owner_token).send().await;
    let names: Vec<&str> =
        types.body["items"].as_array().into_iter().flatten().filter_map(|e| e["type"].as_str()).collect();
    for expected in ["vehicle.created", "lead.assigned", "sale.completed", "quote.sent"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    assert!(!names.contains(&"webhook.test"));
}

#[tokio::test]
async fn bad_endpoints_are_refused_at_their_fields_and_nothing_is_written() {
    // The operator's default: no webhook reaches inside.
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("hookbad")).await;
    for (body, pointer, code) in [
        (json!({"url": "ftp://erp.example.com/", "eventTypes": ["*"]}), "/url", "webhooks.invalid_url"),
        (json!({"url": "http://127.0.0.1:8080/hook", "eventTypes": ["*"]}), "/url", "webhooks.private_target"),
        (json!({"url": "http://169.254.169.254/latest", "eventTypes": ["*"]}), "/url", "webhooks.private_target"),
        (json!({"url": "http://localhost/hook", "eventTypes": ["*"]}), "/url", "webhooks.private_target"),
        (json!({"url": "https://erp.example.com/", "eventTypes": []}), "/eventTypes", "webhooks.no_event_types"),
        (
            json!({"url": "https://erp.example.com/", "eventTypes": ["vehicle.created", "vehicle.exploded"]}),
            "/eventTypes/1",
            "webhooks.unknown_event_type",
        ),
        (
            json!({"url": "https://erp.example.com/", "eventTypes": ["*"], "description": "x".repeat(201)}),
            "/description",
            "field.too_long",
        ),
        (json!({"url": "https://erp.example.com/", "eventTypes": ["*"], "secret": "mine"}), "/secret", "field.unknown"),
        (json!({"eventTypes": ["*"]}), "/url", "field.required"),
    ] {
        let r = app
            .post("/api/v1/webhooks/endpoints")
            .tenant(&t.slug)
            .token(&t.owner_token)
            .json(body.clone())
            .send()
            .await;
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
        let errors = r.body["errors"].as_array().cloned().unwrap_or_default();
        assert!(
            errors.iter().any(|e| e["pointer"] == pointer && e["code"] == code),
            "{body}: expected {code} at {pointer}, got {}",
            r.text
        );
    }
    let list = app.get("/api/v1/webhooks/endpoints").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["items"], json!([]));

    // A made-up id is 404; a rotation beyond a week is refused at its field.
    let ghost = uuid::Uuid::now_v7();
    app.get(&format!("/api/v1/webhooks/endpoints/{ghost}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "webhooks.endpoint_not_found");
    app.post(&format!("/api/v1/webhooks/deliveries/{ghost}/redeliver"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "webhooks.delivery_not_found");
    let made = register(&app, &t, "https://erp.example.com/hook", json!(["*"])).await;
    let id = made["id"].as_str().expect("id");
    let r = app
        .post(&format!("/api/v1/webhooks/endpoints/{id}/secret"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"keepPreviousForHours": 169}))
        .send()
        .await;
    assert_eq!(r.pointers(), ["/keepPreviousForHours"], "{}", r.text);
    // A change to a private address is refused like a new endpoint's.
    let r = app
        .patch(&format!("/api/v1/webhooks/endpoints/{id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"1\"")
        .json(json!({"url": "http://10.0.0.5/hook"}))
        .send()
        .await;
    assert_eq!(r.pointers(), ["/url"], "{}", r.text);
    let one = app.get(&format!("/api/v1/webhooks/endpoints/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!((one.body["url"].as_str(), one.etag().as_str()), (Some("https://erp.example.com/hook"), "\"1\""));
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_new_one_until_its_hours_pass() {
    let app = app().await;
    let t = app.tenant(&slug("hookrot")).await;
    let (url, got) = receiver().await;
    let made = register(&app, &t, &url, json!(["*"])).await;
    let (id, old) = (made["id"].as_str().expect("id").to_string(), made["secret"].as_str().expect("s").to_string());
    let rotated = app
        .post(&format!("/api/v1/webhooks/endpoints/{id}/secret"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"1\"")
        .json(json!({"keepPreviousForHours": 24}))
        .send()
        .await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.text);
    let new = rotated.body["secret"].as_str().expect("new secret").to_string();
    assert_ne!(new, old);
    assert!(rotated.body["previousSecretExpiresAt"].is_string());

    assert_eq!(test_send(&app, &t, &id).await.status, StatusCode::ACCEPTED);
    work(&app, &t).await;
    let now = app.state.clock.now().timestamp();
    let (h, b) = got.lock().expect("lock")[0].clone();
    assert_eq!(h["innexar-signature"].to_str().unwrap_or_default().matches("v1=").count(), 2);
    assert!(verifies(&h, &b, &old, now) && verifies(&h, &b, &new, now), "both secrets verify during the grace");

    app.clock.advance(chrono::Duration::hours(25));
    // A day on, the Owner signs in again.
    let t = TestTenant { owner_token: app.login(&t.slug, &t.owner_email, innexar_testkit::PASSWORD).await, ..t };
    assert_eq!(test_send(&app, &t, &id).await.status, StatusCode::ACCEPTED);
    work(&app, &t).await;
    let now = app.state.clock.now().timestamp();
    let (h, b) = got.lock().expect("lock")[1].clone();
    assert!(verifies(&h, &b, &new, now) && !verifies(&h, &b, &old, now), "the old secret retired");
    let one = app.get(&format!("/api/v1/webhooks/endpoints/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert!(one.body["previousSecretExpiresAt"].is_null(), "{}", one.text);

    // 0 hours retires the current secret at once.
    let r = app
        .post(&format!("/api/v1/webhooks/endpoints/{id}/secret"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"keepPreviousForHours": 0}))
        .send()
        .await;
    let newest = r.body["secret"].as_str().expect("secret").to_string();
    assert_eq!(test_send(&app, &t, &id).await.status, StatusCode::ACCEPTED);
    work(&app, &t).await;
    let (h, b) = got.lock().expect("lock")[2].clone();
    assert_eq!(h["innexar-signature"].to_str().unwrap_or_default().matches("v1=").count(), 1);
    assert!(verifies(&h, &b, &newest, now) && !verifies(&h, &b, &new, now));
}

#[tokio::test]
async fn a_disabled_endpoint_holds_its_deliveries_and_enabling_it_sends_them() {
    let app = app().await;
    let t = app.tenant(&slug("hookoff")).await;
    let store = app.store(&t, "Matriz").await;
    let (url, got) = receiver().await;
    let made = register(&app, &t, &url, json!(["vehicle.created"])).await;
    let id = made["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/webhooks/endpoints/{id}");

    app.patch(&path)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"active": false}))
        .send()
        .await
        .problem(StatusCode::PRECONDITION_REQUIRED, "http.precondition_required");
    let off = app
        .patch(&path)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"1\"")
        .json(json!({"active": false}))
        .send()
        .await;
    assert_eq!((off.status, off.body["disabledReason"].as_str()), (StatusCode::OK, Some("manual")), "{}", off.text);
    app.patch(&path)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"1\"")
        .json(json!({"description": "x"}))
        .send()
        .await
        .problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    app.post(&format!("{path}/test"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::CONFLICT, "webhooks.endpoint_disabled");

    // A disabled endpoint takes no new events (events recorded meanwhile are not queued for it).
    app.vehicle(&t, &store, json!({"vin": "9BD19524SN1234567"})).await;
    assert_eq!(work(&app, &t).await, 0);
    assert!(got.lock().expect("lock").is_empty());

    let on = app
        .patch(&path)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&off.etag())
        .json(json!({"active": true, "eventTypes": ["vehicle.created", "vehicle.price_changed"]}))
        .send()
        .await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.text);
    assert_eq!((on.body["active"].as_bool(), on.body["disabledReason"].as_str()), (Some(true), None));
    assert_eq!(on.body["eventTypes"], json!(["vehicle.created", "vehicle.price_changed"]));
    app.vehicle(&t, &store, json!({"vin": "9BWZZZ377VT004251"})).await;
    assert_eq!(work(&app, &t).await, 1);

    // Deleting it takes its log with it.
    let del = app.delete(&path).tenant(&t.slug).token(&t.owner_token).if_match("\"1\"").send().await;
    del.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    let del = app.delete(&path).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(del.status, StatusCode::NO_CONTENT, "{}", del.text);
    app.get(&path)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "webhooks.endpoint_not_found");
    let db = app.tenant_db(&t.slug).await;
    use sea_orm::ConnectionTrait;
    let left = db
        .conn()
        .query_one_raw(sea_orm::Statement::from_string(
            db.conn().get_database_backend(),
            "SELECT COUNT(*) AS n FROM webhooks_deliveries",
        ))
        .await
        .expect("count")
        .and_then(|r| r.try_get::<i64>("", "n").ok());
    assert_eq!(left, Some(0));
}

#[tokio::test]
async fn twenty_owners_at_once_each_get_what_they_asked_and_nothing_is_lost() {
    let app = app().await;
    let t = app.tenant(&slug("hookrace")).await;
    let (url, got) = receiver().await;

    // Twenty registrations: twenty endpoints, twenty secrets.
    let made = join_all((0..20).map(|i| {
        app.post("/api/v1/webhooks/endpoints")
            .tenant(&t.slug)
            .token(&t.owner_token)
            .json(json!({"url": format!("{url}?n={i}"), "eventTypes": ["*"]}))
            .send()
    }))
    .await;
    assert!(
        made.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        made.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let mut secrets: Vec<&str> = made.iter().filter_map(|r| r.body["secret"].as_str()).collect();
    secrets.sort_unstable();
    secrets.dedup();
    assert_eq!(secrets.len(), 20);
    let list = app.get("/api/v1/webhooks/endpoints").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(20));

    // Twenty changes naming the same version: one wins, the rest are told it changed.
    let id = made[0].body["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/webhooks/endpoints/{id}");
    let changes = join_all((0..20).map(|i| {
        app.patch(&path)
            .tenant(&t.slug)
            .token(&t.owner_token)
            .if_match("\"1\"")
            .json(json!({"description": format!("mudança {i}")}))
            .send()
    }))
    .await;
    let statuses: Vec<StatusCode> = changes.iter().map(|r| r.status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::PRECONDITION_FAILED), "{statuses:?}");

    // Twenty rotations without If-Match take turns: each answers a secret, the last one stands.
    let rotations = join_all(
        (0..20)
            .map(|_| app.post(&format!("{path}/secret")).tenant(&t.slug).token(&t.owner_token).json(json!({})).send()),
    )
    .await;
    assert!(
        rotations.iter().all(|r| r.status == StatusCode::OK),
        "{:?}",
        rotations.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let one = app.get(&path).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(one.etag(), "\"22\"", "one version per change: {}", one.text);
    let last = rotations
        .iter()
        .find(|r| r.etag() == "\"22\"")
        .and_then(|r| r.body["secret"].as_str())
        .expect("the last rotation")
        .to_string();

    // Twenty test sends: twenty deliveries, each sent once, signed with the secret that stood.
    let tests =
        join_all((0..20).map(|_| app.post(&format!("{path}/test")).tenant(&t.slug).token(&t.owner_token).send())).await;
    assert!(tests.iter().all(|r| r.status == StatusCode::ACCEPTED));
    assert_eq!(work(&app, &t).await, 20);
    let got = got.lock().expect("lock").clone();
    assert_eq!(got.len(), 20);
    let now = app.state.clock.now().timestamp();
    assert!(got.iter().all(|(h, b)| verifies(h, b, &last, now)));

    // Twenty redeliveries of one delivery at once: one more attempt, not twenty.
    let log = app.get(&format!("{path}/deliveries")).tenant(&t.slug).token(&t.owner_token).send().await;
    let did = log.body["items"][0]["id"].as_str().expect("delivery").to_string();
    let again = join_all((0..20).map(|_| {
        app.post(&format!("/api/v1/webhooks/deliveries/{did}/redeliver")).tenant(&t.slug).token(&t.owner_token).send()
    }))
    .await;
    assert!(
        again.iter().all(|r| r.status == StatusCode::ACCEPTED),
        "{:?}",
        again.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    assert_eq!(work(&app, &t).await, 1);
}
