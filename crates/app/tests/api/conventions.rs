use axum::http::StatusCode;
use innexar_testkit::{TestApp, TestTenant, slug};
use serde_json::json;

async fn count_vehicles(app: &TestApp, t: &TestTenant) -> u64 {
    let r = app.get("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token).send().await;
    r.body["total"].as_u64().expect("total")
}

#[tokio::test]
async fn malformed_bodies_get_problem_json_and_write_nothing() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let post = || app.post("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token);

    post().raw("application/json", "{\"make\": ").send().await.problem(StatusCode::BAD_REQUEST, "http.malformed_json");
    post()
        .raw("text/plain", "make=Fiat")
        .send()
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "http.unsupported_media_type");

    let base = json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual", "condition": "used"});
    let with = |k: &str, v: serde_json::Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    let r = post().json(with("year", json!("dois mil"))).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/year");
    assert_eq!(r.body["errors"][0]["code"], "field.invalid_type");

    let r = post().json(with("fuel", json!("nuclear"))).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/fuel");
    assert_eq!(r.body["errors"][0]["code"], "field.invalid_enum");

    let r = post().json(with("priceCents", json!(99.9))).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/priceCents");

    let r = post().json(with("colour", json!("azul"))).send().await;
    assert_eq!(r.body["errors"][0]["code"], "field.unknown");
    assert_eq!(r.body["errors"][0]["pointer"], "/colour");

    let mut missing = base.clone();
    missing.as_object_mut().expect("object").remove("make");
    let r = post().json(missing).send().await;
    assert_eq!(r.body["errors"][0]["code"], "field.required");
    assert_eq!(r.body["errors"][0]["pointer"], "/make");

    let r = post().json(with("images", json!(["https://x/1.jpg", 7]))).send().await;
    assert_eq!(r.body["errors"][0]["pointer"], "/images/1");

    let huge = format!("{{\"make\": \"{}\"}}", "a".repeat(2 * 1024 * 1024));
    post().raw("application/json", huge).send().await.problem(StatusCode::PAYLOAD_TOO_LARGE, "http.payload_too_large");

    assert_eq!(count_vehicles(&app, &t).await, 0);
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems_too() {
    let app = TestApp::spawn().await;
    app.get("/api/v1/nada").send().await.problem(StatusCode::NOT_FOUND, "http.not_found");
    app.call(axum::http::Method::PUT, "/healthz")
        .send()
        .await
        .problem(StatusCode::METHOD_NOT_ALLOWED, "http.method_not_allowed");
    let t = app.tenant(&slug("loja")).await;
    app.get("/api/v1/vehicles/nao-e-uuid")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "http.not_found");
}

#[tokio::test]
async fn a_retried_post_with_the_same_idempotency_key_creates_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let body = json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual", "condition": "used"});
    let post = |b: serde_json::Value, key: &str, token: &str| {
        app.post("/api/v1/vehicles").tenant(&t.slug).token(token).header("idempotency-key", key).json(b)
    };
    let first = post(body.clone(), "chave-1", &t.owner_token).send().await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let again = post(body.clone(), "chave-1", &t.owner_token).send().await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(count_vehicles(&app, &t).await, 1);

    let mut other = body.clone();
    other["model"] = json!("Cronos");
    post(other, "chave-1", &t.owner_token)
        .send()
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "idempotency.key_reused");
    assert_eq!(count_vehicles(&app, &t).await, 1);

    // Keys belong to their user: another user's same key is a new request.
    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    let theirs = post(body.clone(), "chave-1", &sales).send().await;
    assert_eq!(theirs.status, StatusCode::CREATED);
    assert_ne!(theirs.body["id"], first.body["id"]);

    post(body.clone(), &"k".repeat(300), &t.owner_token)
        .send()
        .await
        .problem(StatusCode::BAD_REQUEST, "idempotency.invalid_key");

    // Kept for 24 hours, then the key is free again.
    app.clock.advance(chrono::Duration::hours(25));
    let token = app.login(&t.slug, &t.owner_email, innexar_testkit::PASSWORD).await;
    let later = post(body, "chave-1", &token).send().await;
    assert_eq!(later.status, StatusCode::CREATED);
    assert!(later.header("idempotent-replayed").is_none());
    assert_ne!(later.body["id"], first.body["id"]);
}

#[tokio::test]
async fn a_key_still_in_flight_is_a_409() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let me = app.get("/api/v1/me").tenant(&t.slug).token(&t.owner_token).send().await;
    let user_id: uuid::Uuid = me.body["user"]["id"].as_str().expect("id").parse().expect("uuid");
    let body = json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual", "condition": "used"});
    // The first request with this key and body is still running (its claim is pending).
    use sha2::Digest;
    let hash = hex_lower(&sha2::Sha256::digest(serde_json::to_vec(&body).expect("json")));
    let db = app.tenant_db(&t.slug).await;
    let mark = innexar_db::idempotency::IdempotencyMark { user_id, key: "em-voo".into() };
    let request =
        innexar_db::idempotency::KeyedRequest { method: "POST", path: "/api/v1/vehicles", request_hash: &hash };
    let claim =
        innexar_db::idempotency::claim(db.conn(), &mark, &request, app.state.clock.now(), chrono::Duration::minutes(1))
            .await
            .expect("claim");
    assert_eq!(claim, innexar_db::idempotency::Claim::Started);
    let r = app
        .post("/api/v1/vehicles")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .header("idempotency-key", "em-voo")
        .json(body)
        .send()
        .await;
    r.problem(StatusCode::CONFLICT, "idempotency.in_progress");
    assert_eq!(count_vehicles(&app, &t).await, 0);
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn updates_need_the_current_etag() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({})).await;
    let url = format!("/api/v1/vehicles/{}", v["id"].as_str().expect("id"));
    let read = app.get(&url).tenant(&t.slug).token(&t.owner_token).send().await;
    let etag = read.etag();
    assert_eq!(etag, "\"1\"");
    app.patch(&url)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"priceCents": 1}))
        .send()
        .await
        .problem(StatusCode::PRECONDITION_REQUIRED, "http.precondition_required");
    let ok = app
        .patch(&url)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&etag)
        .json(json!({"priceCents": 9500000}))
        .send()
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(ok.etag(), "\"2\"");
    // Someone else's screen still holds version 1.
    app.patch(&url)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&etag)
        .json(json!({"priceCents": 1}))
        .send()
        .await
        .problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    let now = app.get(&url).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(now.body["priceCents"], 9500000);
}

#[tokio::test]
async fn lists_paginate_with_a_capped_page_size_and_validated_sort() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    for price in [5_000_000, 7_000_000, 6_000_000] {
        app.vehicle(&t, &store, json!({"priceCents": price})).await;
    }
    let get = |q: &str| app.get(&format!("/api/v1/vehicles?{q}")).tenant(&t.slug).token(&t.owner_token);
    let page = get("pageSize=2&page=2&sort=-price").send().await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["total"], 3);
    assert_eq!(page.body["page"], 2);
    assert_eq!(page.body["items"].as_array().expect("items").len(), 1);
    assert_eq!(page.body["items"][0]["priceCents"], 5_000_000);
    let r = get("pageSize=500").send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/pageSize");
    let r = get("sort=costCents").send().await;
    assert_eq!(r.body["errors"][0]["code"], "page.unknown_sort_field");
    let r = get("page=0").send().await;
    assert_eq!(r.body["errors"][0]["pointer"], "/page");
    let r = get("yearMin=abc").send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/yearMin");
    let r = get("unknownFilter=1").send().await;
    assert_eq!(r.body["errors"][0]["code"], "field.unknown");
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_security_headers() {
    let app = TestApp::spawn().await;
    let r = app.get("/healthz").send().await;
    assert!(r.header("x-request-id").is_some_and(|id| id.len() == 36));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r.header("content-security-policy").is_some_and(|c| c.contains("default-src 'self'")));
    assert!(r.header("strict-transport-security").is_none(), "no HSTS without TLS");
    let p = app.get("/api/v1/me").tenant("ninguem").header("x-request-id", "req-123").send().await;
    // The client's id is echoed; the server's own id is the trace id.
    assert_eq!(p.header("x-request-id"), Some("req-123"));
    let trace = p.header("x-trace-id").expect("x-trace-id");
    assert_eq!(p.body["traceId"], trace);
    assert_ne!(trace, "req-123");

    let tls = TestApp::spawn_with(|s| s.server.behind_tls = true).await;
    let r = tls.get("/healthz").send().await;
    assert!(r.header("strict-transport-security").is_some_and(|h| h.starts_with("max-age=")));
}
