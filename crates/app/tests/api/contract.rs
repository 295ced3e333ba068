//! Input that once got a 5xx or a wrong status: every one is a 4xx problem with a pointer now.

use axum::http::StatusCode;
use innexar_testkit::{Resp, TestApp, TestTenant, slug};
use serde_json::json;

use crate::tenants::platform_token;

/// `POST url` with `body` as the tenant's Owner.
async fn owner_post(app: &TestApp, t: &TestTenant, url: &str, body: serde_json::Value) -> Resp {
    app.post(url).tenant(&t.slug).token(&t.owner_token).json(body).send().await
}

/// `É` is two bytes: ten characters that are fourteen bytes passed the length check and were
/// then sliced as fourteen characters (a panic, hence a 500).
#[tokio::test]
async fn a_cnpj_with_multi_byte_characters_is_a_422_wherever_a_cnpj_is_taken() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let bad = "ÉÉÉÉ123456";
    let r = owner_post(&app, &t, "/api/v1/stores", json!({"name": "L", "cnpj": bad})).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(
        (r.body["errors"][0]["pointer"].as_str(), r.body["errors"][0]["code"].as_str()),
        (Some("/cnpj"), Some("cnpj.length"))
    );

    let store = app.store(&t, "Matriz").await;
    let url = format!("/api/v1/stores/{store}");
    let etag = app.get(&url).tenant(&t.slug).token(&t.owner_token).send().await.etag();
    let r = app
        .patch(&url)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&etag)
        .json(json!({"cnpj": "ÉÉ.345.678/0001-95"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.body["errors"][0]["code"], "cnpj.invalid_character");

    let admin = platform_token(&app).await;
    let r = app
        .post("/api/v1/platform/tenants")
        .token(&admin)
        .json(json!({"slug": slug("nova"), "name": "Nova", "cnpj": bad, "adminEmail": "a@nova.com.br", "adminPassword": "cavalo-correto-bateria"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.body["errors"][0]["pointer"], "/cnpj");
}

/// PostgreSQL cannot store U+0000 in text and SQLite's full-text syntax breaks on it: both were
/// 500s. Refused at the door, in bodies (also before sign-in) and in query strings.
#[tokio::test]
async fn control_characters_are_refused_with_a_pointer_and_line_breaks_pass_in_text() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    for path in
        ["/api/v1/vehicles?q=ab%00", "/api/v1/vehicles/export?format=csv&q=ab%00", "/api/v1/vehicles?make=Fi%1Bat"]
    {
        let r = app.get(path).tenant(&t.slug).token(&t.owner_token).send().await;
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
        assert_eq!(r.body["errors"][0]["code"], "field.control_character", "{path}");
        assert!(matches!(r.body["errors"][0]["pointer"].as_str(), Some("/q" | "/make")), "{path}: {}", r.text);
    }
    let r = app
        .post("/api/v1/auth/login")
        .tenant(&t.slug)
        .json(json!({"email": "a\u{0}b@x.com", "password": "qualquer-coisa-longa"}))
        .send()
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/email");

    let vehicle = json!({"storeId": store, "make": "Fi\u{0}at", "model": "Argo", "year": 2024, "fuel": "flex",
        "transmission": "manual", "condition": "used", "options": ["ar", "teto\u{7}solar"]});
    let r = owner_post(&app, &t, "/api/v1/vehicles", vehicle).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let pointers: Vec<&str> =
        r.body["errors"].as_array().expect("errors").iter().filter_map(|e| e["pointer"].as_str()).collect();
    assert_eq!(pointers, ["/make", "/options/1"], "{}", r.text);
    let listed = app.get("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(listed.body["total"], 0, "nothing was written");

    let ok = json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex",
        "transmission": "manual", "condition": "used", "description": "Revisado.\n\tPneus novos."});
    let r = owner_post(&app, &t, "/api/v1/vehicles", ok).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["description"], "Revisado.\n\tPneus novos.");
}

/// JSON Schema's `integer` takes `2024.0`; a real fraction is a 422 at the field.
#[tokio::test]
async fn whole_numbers_written_with_a_decimal_point_are_numbers_and_fractions_are_refused() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let body = |year: serde_json::Value, price: serde_json::Value| {
        json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": year, "fuel": "flex",
            "transmission": "manual", "condition": "used", "priceCents": price})
    };
    let r = owner_post(&app, &t, "/api/v1/vehicles", body(json!(2024.0), json!(7_990_000.0))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!((r.body["year"].clone(), r.body["priceCents"].clone()), (json!(2024), json!(7_990_000)));
    let r = owner_post(&app, &t, "/api/v1/vehicles", body(json!(2024), json!(7_990_000.5))).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(
        (r.body["errors"][0]["pointer"].as_str(), r.body["errors"][0]["code"].as_str()),
        (Some("/priceCents"), Some("field.invalid_type"))
    );
}

/// `null` is valid JSON: where a value is required it is the field that is wrong, not the body.
#[tokio::test]
async fn a_null_for_a_required_enum_is_a_422_at_the_field_not_a_malformed_body() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({})).await;
    let url = format!("/api/v1/vehicles/{}/status", v["id"].as_str().expect("id"));
    let r = owner_post(&app, &t, &url, json!({"status": null})).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/status");
    let body = json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": null,
        "transmission": "manual", "condition": "used"});
    let r = owner_post(&app, &t, "/api/v1/vehicles", body).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/fuel");
    let r =
        owner_post(&app, &t, "/api/v1/users", json!({"email": "v@loja.com.br", "name": "V", "roles": [null]})).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/roles/0");
}

/// RFC 9110: `*` matches whatever version is current, a list matches any member, and ETags
/// are compared strongly (a weak `W/"n"` matches nothing).
#[tokio::test]
async fn if_match_takes_a_star_or_a_list_and_compares_strongly() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({})).await;
    let url = format!("/api/v1/vehicles/{}", v["id"].as_str().expect("id"));
    let patch = |if_match: &'static str, km: i64| {
        app.patch(&url).tenant(&t.slug).token(&t.owner_token).if_match(if_match).json(json!({"mileageKm": km})).send()
    };
    let r = patch("*", 1_000).await;
    assert_eq!((r.status, r.etag()), (StatusCode::OK, "\"2\"".to_string()), "{}", r.text);
    let r = patch(r#""1", "2""#, 2_000).await;
    assert_eq!((r.status, r.etag()), (StatusCode::OK, "\"3\"".to_string()), "{}", r.text);
    patch(r#"W/"3""#, 3_000).await.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    patch(r#""1", "2""#, 3_000).await.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    patch(r#""abc""#, 3_000).await.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    patch("tres", 3_000).await.problem(StatusCode::BAD_REQUEST, "http.invalid_if_match");
    let r = app.get(&url).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(r.body["mileageKm"], 2_000, "the refused writes changed nothing");
    let r = app.delete(&url).tenant(&t.slug).token(&t.owner_token).if_match("*").send().await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
}

/// What the fuzzer and the first hostile tries found: a year that overflows the model-year rule
/// (a panic, hence a 500), dates in year 1, and image addresses that are another host.
#[tokio::test]
async fn extreme_years_dates_and_foreign_image_hosts_are_refused_at_their_fields() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let body = |extra: serde_json::Value| {
        let mut b = json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex",
            "transmission": "manual", "condition": "used"});
        b.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        b
    };
    let cases = [
        (json!({"year": i32::MAX}), "/year"),
        (json!({"enteredAt": "0001-01-01T00:00:00Z"}), "/enteredAt"),
        (json!({"images": ["//evil.example/x.png"]}), "/images/0"),
    ];
    for (extra, pointer) in cases {
        let r = owner_post(&app, &t, "/api/v1/vehicles", body(extra.clone())).await;
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
        assert!(r.pointers().contains(&pointer.to_string()), "{extra}: {}", r.text);
    }
    let v = app.vehicle(&t, &store, json!({})).await;
    let url = format!("/api/v1/vehicles/{}/expenses", v["id"].as_str().expect("id"));
    let r =
        owner_post(&app, &t, &url, json!({"spentOn": "0001-01-01", "description": "Polimento", "amountCents": 15_000}))
            .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["code"], "field.date_too_early");
}

/// A user limited to stores must be limited to stores of this tenant: an unknown id or another
/// tenant's store was stored as given.
#[tokio::test]
async fn a_users_stores_are_stores_of_the_tenant() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let other = app.tenant(&slug("outra")).await;
    let mine = app.store(&t, "Matriz").await;
    let theirs = app.store(&other, "Deles").await;
    let unknown = uuid::Uuid::now_v7().to_string();
    let r = app
        .post("/api/v1/users")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(
            json!({"email": "v@loja.com.br", "name": "Vera", "roles": ["sales"], "storeIds": [mine, theirs, unknown]}),
        )
        .send()
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.pointers(), ["/storeIds/1", "/storeIds/2"], "{}", r.text);
    assert_eq!(r.body["errors"][0]["code"], "users.unknown_store");

    let r = owner_post(
        &app,
        &t,
        "/api/v1/users",
        json!({"email": "v@loja.com.br", "name": "Vera", "roles": ["sales"], "storeIds": [mine]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let url = format!("/api/v1/users/{}", r.body["user"]["id"].as_str().expect("id"));
    let etag = app.get(&url).tenant(&t.slug).token(&t.owner_token).send().await.etag();
    let r = app
        .patch(&url)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&etag)
        .json(json!({"storeIds": [theirs]}))
        .send()
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.pointers(), ["/storeIds/0"]);
}
