//! Attacks that once worked: concurrent duplicates the database must refuse, idempotency keys
//! that must settle with their write, and slow clients that must not hold the tenant pools.

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use futures_util::future::join_all;
use innexar_db::idempotency::{self, Claim, IdempotencyMark};
use innexar_testkit::{TestApp, TestTenant, random_cnpj, slug};
use serde_json::{Value, json};
use tower::ServiceExt;

async fn count_vehicles(app: &TestApp, t: &TestTenant) -> u64 {
    let r = app.get("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token).send().await;
    r.body["total"].as_u64().expect("total")
}

fn vehicle_body(store: &str, fields: Value) -> Value {
    let mut body = json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex",
        "transmission": "manual", "condition": "used", "priceCents": 7_990_000});
    if let (Some(b), Some(f)) = (body.as_object_mut(), fields.as_object()) {
        b.extend(f.clone());
    }
    body
}

/// Sends `bodies` to `POST /vehicles` all at once; returns the statuses and codes.
async fn create_all(app: &TestApp, t: &TestTenant, bodies: Vec<Value>) -> Vec<(StatusCode, Value)> {
    join_all(bodies.into_iter().map(|b| async move {
        let r = app.post("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token).json(b).send().await;
        (r.status, r.body["code"].clone())
    }))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_creates_with_one_vin_leave_one_vehicle_in_stock() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let bodies = (0..20).map(|_| vehicle_body(&store, json!({"vin": "9BWZZZ377VT004251"}))).collect();
    let results = create_all(&app, &t, bodies).await;
    let created = results.iter().filter(|(s, _)| *s == StatusCode::CREATED).count();
    assert_eq!(created, 1, "{results:?}");
    assert!(
        results
            .iter()
            .all(|(s, c)| *s == StatusCode::CREATED || (*s == StatusCode::CONFLICT && c == "vehicles.duplicate_vin")),
        "{results:?}"
    );
    assert_eq!(count_vehicles(&app, &t).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_placa_in_either_format_is_on_one_vehicle_in_stock_only() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    // ABC1234 and ABC1C34 are the same plate before and after the Mercosul conversion.
    let bodies = (0..20)
        .map(|i| vehicle_body(&store, json!({"placa": if i % 2 == 0 { "ABC1234" } else { "ABC-1C34" }})))
        .collect();
    let results = create_all(&app, &t, bodies).await;
    assert_eq!(results.iter().filter(|(s, _)| *s == StatusCode::CREATED).count(), 1, "{results:?}");
    assert!(
        results
            .iter()
            .all(|(s, c)| *s == StatusCode::CREATED || (*s == StatusCode::CONFLICT && c == "vehicles.duplicate_placa")),
        "{results:?}"
    );
    // Once the car is sold, the plate may come back into stock (bought back).
    let list = app.get("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token).send().await;
    let id = list.body["items"][0]["id"].as_str().expect("id").to_string();
    app.sell(&t, &id).await;
    let sold = app.get(&format!("/api/v1/vehicles/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(sold.body["status"], "sold", "{}", sold.text);
    let again = app
        .post("/api/v1/vehicles")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(vehicle_body(&store, json!({"placa": "ABC1C34"})))
        .send()
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    // An edit that gives another car in stock this plate is refused with the field named.
    let other = app.vehicle(&t, &store, json!({"placa": "XYZ9K88"})).await;
    let other_id = other["id"].as_str().expect("id");
    let etag =
        app.get(&format!("/api/v1/vehicles/{other_id}")).tenant(&t.slug).token(&t.owner_token).send().await.etag();
    let r = app
        .patch(&format!("/api/v1/vehicles/{other_id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&etag)
        .json(json!({"placa": "ABC1234"}))
        .send()
        .await;
    r.problem(StatusCode::CONFLICT, "vehicles.duplicate_placa");
    assert_eq!(r.pointers(), vec!["/placa"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_stores_with_one_cnpj_make_one_store() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let cnpj = random_cnpj();
    let results = join_all((0..20).map(|i| {
        let (app, t, cnpj) = (&app, &t, cnpj.clone());
        async move {
            let r = app
                .post("/api/v1/stores")
                .tenant(&t.slug)
                .token(&t.owner_token)
                .json(json!({"name": format!("Filial {i}"), "cnpj": cnpj}))
                .send()
                .await;
            (r.status, r.body["code"].clone())
        }
    }))
    .await;
    assert_eq!(results.iter().filter(|(s, _)| *s == StatusCode::CREATED).count(), 1, "{results:?}");
    assert!(
        results
            .iter()
            .all(|(s, c)| *s == StatusCode::CREATED || (*s == StatusCode::CONFLICT && c == "stores.duplicate_cnpj")),
        "{results:?}"
    );
    let stores = app.get("/api/v1/stores").tenant(&t.slug).token(&t.owner_token).send().await;
    let with_cnpj = stores.body["items"].as_array().expect("items").iter().filter(|s| s["cnpj"] == cnpj).count();
    assert_eq!(with_cnpj, 1, "{}", stores.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_requests_with_one_key_create_one_vehicle() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let body = vehicle_body(&store, json!({}));
    let results = join_all((0..20).map(|_| {
        let (app, t, body) = (&app, &t, body.clone());
        async move {
            app.post("/api/v1/vehicles")
                .tenant(&t.slug)
                .token(&t.owner_token)
                .header("idempotency-key", "uma-chave")
                .json(body)
                .send()
                .await
        }
    }))
    .await;
    let ids: std::collections::HashSet<&str> =
        results.iter().filter(|r| r.status == StatusCode::CREATED).filter_map(|r| r.body["id"].as_str()).collect();
    assert_eq!(ids.len(), 1, "every 201 is the same vehicle");
    for r in &results {
        assert!(
            r.status == StatusCode::CREATED
                || (r.status == StatusCode::CONFLICT && r.body["code"] == "idempotency.in_progress"),
            "{}: {}",
            r.status,
            r.text
        );
    }
    assert_eq!(count_vehicles(&app, &t).await, 1);
    // Afterwards every retry replays the one response.
    let again = app
        .post("/api/v1/vehicles")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .header("idempotency-key", "uma-chave")
        .json(body)
        .send()
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert!(ids.contains(again.body["id"].as_str().expect("id")));
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

async fn user_id(app: &TestApp, t: &TestTenant) -> uuid::Uuid {
    let me = app.get("/api/v1/me").tenant(&t.slug).token(&t.owner_token).send().await;
    me.body["user"]["id"].as_str().expect("id").parse().expect("uuid")
}

/// A tenant with a store, the body of a vehicle to create, and `key` claimed for that body as a
/// request that started it would have claimed it.
async fn claimed_key(app: &TestApp, key: &str) -> (TestTenant, Value, innexar_db::TenantDb, uuid::Uuid) {
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let body = vehicle_body(&store, json!({}));
    let hash = sha256_hex(&serde_json::to_vec(&body).expect("json"));
    let user = user_id(app, &t).await;
    let db = app.tenant_db(&t.slug).await;
    let now = app.state.clock.now();
    let mark = IdempotencyMark { user_id: user, key: key.into() };
    let request = idempotency::KeyedRequest { method: "POST", path: "/api/v1/vehicles", request_hash: &hash };
    let claim = idempotency::claim(db.conn(), &mark, &request, now, chrono::Duration::minutes(1)).await.expect("claim");
    assert_eq!(claim, Claim::Started);
    (t, body, db, user)
}

/// The state a crash between the business commit and saving the response used to leave: the
/// write committed, the key still looked unsettled. Now the commit itself settles the key, so a
/// retry, however late, never runs the request a second time.
#[tokio::test]
async fn a_key_whose_write_committed_is_never_run_again() {
    let app = TestApp::spawn().await;
    let (t, body, db, user) = claimed_key(&app, "caiu").await;
    // The request's transaction commits (its write is in it), then the process dies.
    let mark = IdempotencyMark { user_id: user, key: "caiu".into() };
    let tx = db.begin().await.expect("begin").with_idempotency(Some(mark));
    tx.commit().await.expect("commit");
    drop(db);
    // A day later (less than the 24 h retention), the client retries.
    app.clock.advance(chrono::Duration::hours(20));
    let token = app.login(&t.slug, &t.owner_email, innexar_testkit::PASSWORD).await;
    let t = TestTenant { owner_token: token, ..t };
    let r = app
        .post("/api/v1/vehicles")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .header("idempotency-key", "caiu")
        .json(body)
        .send()
        .await;
    r.problem(StatusCode::CONFLICT, "idempotency.response_lost");
    assert_eq!(count_vehicles(&app, &t).await, 0, "the request did not run again");
}

/// A key left pending by a request that died before committing anything is free again once no
/// request could still be running (twice the request deadline and a margin).
#[tokio::test]
async fn a_key_left_pending_by_a_dead_request_is_taken_over_after_the_deadline() {
    let app = TestApp::spawn().await;
    let (t, body, db, _) = claimed_key(&app, "morto").await;
    drop(db);
    let send = || {
        app.post("/api/v1/vehicles")
            .tenant(&t.slug)
            .token(&t.owner_token)
            .header("idempotency-key", "morto")
            .json(body.clone())
            .send()
    };
    send().await.problem(StatusCode::CONFLICT, "idempotency.in_progress");
    let deadline = app.settings.server.request_timeout_secs as i64;
    app.clock.advance(chrono::Duration::seconds(deadline * 2 + 11));
    let r = send().await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(count_vehicles(&app, &t).await, 1);
}

/// A body that sends its first bytes, says so, and then never finishes (a slow or hostile client).
fn stalled_body(started: tokio::sync::mpsc::Sender<()>) -> Body {
    let stream = futures_util::stream::unfold(0, move |step| {
        let started = started.clone();
        async move {
            if step == 0 {
                let _ = started.send(()).await;
                Some((Ok::<_, std::io::Error>(Bytes::from_static(b"{\"email\": \"dono@")), 1))
            } else {
                std::future::pending::<()>().await;
                None
            }
        }
    });
    Body::from_stream(stream)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn slow_anonymous_clients_do_not_starve_other_tenants_of_connections() {
    // Room for two tenant pools of one connection each.
    let app = TestApp::spawn_with(|s| {
        s.database.max_connections_total = 2;
        s.database.max_connections_per_tenant = 1;
        s.database.acquire_timeout_secs = 1;
    })
    .await;
    let tenants = [app.tenant(&slug("lenta")).await, app.tenant(&slug("lerda")).await, app.tenant(&slug("viva")).await];
    let (tx, mut started) = tokio::sync::mpsc::channel(8);
    let mut stalled = Vec::new();
    // Two logins per tenant on the first two tenants, each stuck halfway through its body.
    for t in &tenants[..2] {
        for _ in 0..2 {
            let req = Request::post("/api/v1/auth/login")
                .header("x-tenant", &t.slug)
                .header("content-type", "application/json")
                .body(stalled_body(tx.clone()))
                .expect("request");
            stalled.push(tokio::spawn(app.router.clone().oneshot(req)));
        }
    }
    for _ in 0..4 {
        started.recv().await.expect("each stalled client has started sending");
    }
    // Every stalled request is inside the server; another tenant is still served at once.
    let viva = &tenants[2];
    for _ in 0..3 {
        let r = app.get("/api/v1/vehicles").tenant(&viva.slug).token(&viva.owner_token).send().await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let r = app
            .post("/api/v1/auth/login")
            .tenant(&viva.slug)
            .json(json!({"email": viva.owner_email, "password": innexar_testkit::PASSWORD}))
            .send()
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    for h in &stalled {
        assert!(!h.is_finished(), "the stalled requests are still waiting for their bodies");
    }
    for h in stalled {
        h.abort();
    }
}

#[cfg(unix)]
#[tokio::test]
async fn data_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    app.vehicle(&t, &store, json!({})).await;
    let mode = |p: std::path::PathBuf| {
        std::fs::metadata(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())).permissions().mode() & 0o777
    };
    let data = app.settings.data_dir.clone();
    assert_eq!(mode(data.join("files")), 0o700);
    if app.is_postgres() {
        // The databases live on the server; only uploaded files are here.
        return;
    }
    assert_eq!(mode(data.clone()), 0o700);
    assert_eq!(mode(data.join("tenants")), 0o700);
    assert_eq!(mode(data.join("files")), 0o700);
    assert_eq!(mode(data.join("platform.db")), 0o600);
    let tenant_db = data.join("tenants").join(format!("{}.db", t.slug));
    assert_eq!(mode(tenant_db.clone()), 0o600);
    let wal = std::path::PathBuf::from(format!("{}-wal", tenant_db.display()));
    if wal.exists() {
        assert_eq!(mode(wal), 0o600, "SQLite's journal follows the database's mode");
    }
}

#[tokio::test]
async fn a_client_request_id_never_becomes_the_audit_logs_request_id() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let r = app
        .post("/api/v1/vehicles")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .header("x-request-id", "forjado-pelo-cliente")
        .json(vehicle_body(&store, json!({})))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.header("x-request-id"), Some("forjado-pelo-cliente"), "the client's id is echoed");
    let trace = r.header("x-trace-id").expect("the server's id").to_string();
    let id = r.body["id"].as_str().expect("id");
    let audit = app.get(&format!("/api/v1/audit?entityId={id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    assert_eq!(audit.body["items"][0]["requestId"], trace.as_str(), "{}", audit.text);
}

/// A vehicle's store is checked against the database; when that read fails the answer is the
/// server's fault (500, nothing written), never a field error blaming the store the user chose.
#[tokio::test]
async fn a_failing_store_lookup_is_a_server_error_and_not_a_field_error_about_the_input() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let db = app.tenant_db(&t.slug).await;
    // The table goes away under the running application, as a broken database would make it.
    db.conn().execute_unprepared("ALTER TABLE org_stores RENAME TO org_stores_gone").await.expect("rename");
    let r = app
        .post("/api/v1/vehicles")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "mileageKm": 0,
            "fuel": "flex", "transmission": "manual", "condition": "new"}))
        .send()
        .await;
    r.problem(StatusCode::INTERNAL_SERVER_ERROR, "internal");
    db.conn().execute_unprepared("ALTER TABLE org_stores_gone RENAME TO org_stores").await.expect("rename back");
    let list = app.get("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["total"], 0, "nothing was written: {}", list.body);
}

/// Issue #12: creates no longer queue on one counter row. Forty at once each get their own stock
/// number, and every one leaves its history lines, its event and its audit entry, written with
/// the transaction's queued rows at commit.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_concurrent_creates_get_their_own_numbers_and_every_row_they_write() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let grouped = |metrics: &str| {
        let read = |name: &str| {
            metrics.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().parse::<f64>().ok()).unwrap_or(0.0)
        };
        read("innexar_db_sqlite_group_writers_total ") - read("innexar_db_sqlite_group_commits_total ")
    };
    let before = grouped(&app.get("/metrics").send().await.text);
    let bodies = (0..40).map(|i| vehicle_body(&store, json!({"mileageKm": 1000 + i}))).collect::<Vec<_>>();
    let created = join_all(bodies.into_iter().map(|b| {
        let (app, t) = (&app, &t);
        async move { app.post("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token).json(b).send().await }
    }))
    .await;
    let mut numbers = Vec::new();
    for r in &created {
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        numbers.push(r.body["stockNumber"].as_str().expect("stockNumber").to_string());
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 40, "every create has its own stock number: {numbers:?}");
    if !app.is_postgres() {
        // Writers that queued shared commits (group commit): fewer commits than writers.
        let after = grouped(&app.get("/metrics").send().await.text);
        assert!(after > before, "no commit served more than one writer ({before} -> {after})");
    }
    assert_eq!(count_vehicles(&app, &t).await, 40);

    let db = app.tenant_db(&t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("events");
    for r in &created {
        let id = r.body["id"].as_str().expect("id");
        let of_it =
            |kind: &str| events.iter().filter(|e| e.event_type == kind && e.subject.as_deref() == Some(id)).count();
        assert_eq!(of_it("vehicle.created"), 1, "one vehicle.created for {id}");
        let audit = app.get(&format!("/api/v1/audit?entityId={id}")).tenant(&t.slug).token(&t.owner_token).send().await;
        assert_eq!(audit.body["items"].as_array().map(Vec::len), Some(1), "{}", audit.text);
        assert_eq!(audit.body["items"][0]["action"], "vehicles.created");
        for history in ["status-history", "price-history"] {
            let h =
                app.get(&format!("/api/v1/vehicles/{id}/{history}")).tenant(&t.slug).token(&t.owner_token).send().await;
            assert_eq!(h.body["items"].as_array().map(Vec::len), Some(1), "{history} of {id}: {}", h.text);
        }
    }
    // The names the make and model filters match were queued too.
    let makes = app.get("/api/v1/vehicles/makes?q=fiat").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(makes.body["items"][0]["value"], "Fiat", "{}", makes.text);
    assert_eq!(makes.body["items"][0]["vehicles"], 40, "{}", makes.text);
}
