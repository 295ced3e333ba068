use axum::http::StatusCode;
use base64::Engine as _;
use chrono::Duration;
use innexar_testkit::{PASSWORD, TestApp, slug};
use serde_json::json;

async fn login_body(app: &TestApp, slug: &str, email: &str) -> serde_json::Value {
    let r =
        app.post("/api/v1/auth/login").tenant(slug).json(json!({"email": email, "password": PASSWORD})).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body
}

#[tokio::test]
async fn refresh_rotates_the_token_and_a_reused_one_ends_the_whole_session() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let first = login_body(&app, &t.slug, &t.owner_email).await;
    assert_eq!(first["tokenType"], "Bearer");
    assert_eq!(first["expiresIn"], 900);
    let r1 = first["refreshToken"].as_str().expect("refresh").to_string();

    let second = app.post("/api/v1/auth/refresh").tenant(&t.slug).json(json!({"refreshToken": r1})).send().await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    let r2 = second.body["refreshToken"].as_str().expect("refresh").to_string();
    assert_ne!(r1, r2);
    let access = second.body["accessToken"].as_str().expect("access");
    assert_eq!(app.get("/api/v1/me").tenant(&t.slug).token(access).send().await.status, StatusCode::OK);

    // The first token again: theft suspected, so r2 dies with it.
    app.post("/api/v1/auth/refresh")
        .tenant(&t.slug)
        .json(json!({"refreshToken": r1}))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token");
    app.post("/api/v1/auth/refresh")
        .tenant(&t.slug)
        .json(json!({"refreshToken": r2}))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token");
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let s = login_body(&app, &t.slug, &t.owner_email).await;
    let rt = s["refreshToken"].as_str().expect("refresh");
    assert_eq!(
        app.post("/api/v1/auth/logout").tenant(&t.slug).json(json!({"refreshToken": rt})).send().await.status,
        StatusCode::NO_CONTENT
    );
    app.post("/api/v1/auth/refresh")
        .tenant(&t.slug)
        .json(json!({"refreshToken": rt}))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token");
    // Signing out twice is fine.
    assert_eq!(
        app.post("/api/v1/auth/logout").tenant(&t.slug).json(json!({"refreshToken": rt})).send().await.status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn an_expired_refresh_token_is_refused() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let s = login_body(&app, &t.slug, &t.owner_email).await;
    app.clock.advance(Duration::days(31));
    app.post("/api/v1/auth/refresh")
        .tenant(&t.slug)
        .json(json!({"refreshToken": s["refreshToken"]}))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.refresh_token_expired");
}

#[tokio::test]
async fn forged_expired_and_misdirected_tokens_are_all_401() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = t.owner_token.split('.').collect();
    let me = |token: String| {
        let app = &app;
        let slug = t.slug.clone();
        async move { app.get("/api/v1/me").tenant(&slug).token(&token).send().await }
    };

    // alg=none with the same claims and no signature.
    let none = format!("{}.{}.", b64.encode(br#"{"alg":"none","typ":"JWT"}"#), parts[1]);
    me(none).await.problem(StatusCode::UNAUTHORIZED, "auth.invalid_token");
    // A signature from another key.
    let mut sig = b64.decode(parts[2]).expect("sig");
    sig[0] ^= 0xff;
    me(format!("{}.{}.{}", parts[0], parts[1], b64.encode(&sig)))
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_token");
    // Claims edited after signing (roles raised).
    let mut claims: serde_json::Value = serde_json::from_slice(&b64.decode(parts[1]).expect("claims")).expect("json");
    claims["roles"] = json!(["owner", "accounting"]);
    let edited = b64.encode(serde_json::to_vec(&claims).expect("json"));
    me(format!("{}.{}.{}", parts[0], edited, parts[2])).await.problem(StatusCode::UNAUTHORIZED, "auth.invalid_token");
    // Wrong audience and wrong issuer, correctly signed.
    let now = app.state.clock.now();
    let sub = claims["sub"].as_str().expect("sub").parse().expect("uuid");
    let grant = |audience| innexar_http::token::Grant {
        audience,
        sub,
        email: &t.owner_email,
        tenant: Some(t.id),
        roles: vec![],
        stores: None,
        epoch: 0,
    };
    let (wrong_aud, _) = app.state.tokens.issue(grant("someone-else"), now).expect("issue");
    me(wrong_aud).await.problem(StatusCode::UNAUTHORIZED, "auth.invalid_token");
    let other_issuer =
        innexar_http::token::TokenKeys::new(b"test-signing-key-that-is-long-enough-0123456789", "not-innexar", 900)
            .expect("keys");
    let (wrong_iss, _) = other_issuer.issue(grant(innexar_http::token::TENANT_AUDIENCE), now).expect("issue");
    me(wrong_iss).await.problem(StatusCode::UNAUTHORIZED, "auth.invalid_token");
    // Garbage and a missing token.
    me("abc.def".into()).await.problem(StatusCode::UNAUTHORIZED, "auth.invalid_token");
    app.get("/api/v1/me").tenant(&t.slug).send().await.problem(StatusCode::UNAUTHORIZED, "auth.missing_token");
    // Expired, by the application clock.
    app.clock.advance(Duration::minutes(16));
    me(t.owner_token.clone()).await.problem(StatusCode::UNAUTHORIZED, "auth.token_expired");
}

#[tokio::test]
async fn a_token_of_one_tenant_is_refused_by_another() {
    let app = TestApp::spawn().await;
    let a = app.tenant(&slug("a")).await;
    let b = app.tenant(&slug("b")).await;
    app.get("/api/v1/me")
        .tenant(&b.slug)
        .token(&a.owner_token)
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.wrong_tenant");
    app.get("/api/v1/vehicles")
        .host(&format!("{}.localhost", b.slug))
        .token(&a.owner_token)
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.wrong_tenant");
}

#[tokio::test]
async fn failed_logins_are_throttled_with_a_short_delay_and_no_lockout_of_a_client_that_has_not_failed() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let attempt = |password: &'static str, ip: &'static str| {
        let app = &app;
        let slug = t.slug.clone();
        let email = t.owner_email.clone();
        async move {
            app.post("/api/v1/auth/login")
                .tenant(&slug)
                .header("x-forwarded-for", ip)
                .json(json!({"email": email, "password": password}))
                .send()
                .await
        }
    };
    for i in 0..5 {
        attempt("senha-errada-demais", if i % 2 == 0 { "10.0.0.1" } else { "10.0.0.2" })
            .await
            .problem(StatusCode::UNAUTHORIZED, "auth.invalid_credentials");
    }
    // An address that failed waits a little, even with the right password...
    let r = attempt(PASSWORD, "10.0.0.1").await;
    r.problem(StatusCode::TOO_MANY_REQUESTS, "auth.too_many_attempts");
    let retry: i64 = r.header("retry-after").expect("Retry-After").parse().expect("seconds");
    assert!(retry > 0 && retry <= 60, "{retry}");
    // ...while one that has not failed is let in at once.
    assert_eq!(attempt(PASSWORD, "10.0.0.3").await.status, StatusCode::OK);
    app.clock.advance(Duration::seconds(retry));
    assert_eq!(attempt(PASSWORD, "10.0.0.1").await.status, StatusCode::OK);
}

#[tokio::test]
async fn one_address_guessing_many_accounts_is_throttled() {
    let app = TestApp::spawn_with(|s| s.auth.login_max_failures_per_ip = 3).await;
    let t = app.tenant(&slug("loja")).await;
    for i in 0..3 {
        let r = app
            .post("/api/v1/auth/login")
            .tenant(&t.slug)
            .header("x-forwarded-for", "203.0.113.9")
            .json(json!({"email": format!("user{i}@x.com.br"), "password": "qualquer-coisa"}))
            .send()
            .await;
        r.problem(StatusCode::UNAUTHORIZED, "auth.invalid_credentials");
    }
    let r = app
        .post("/api/v1/auth/login")
        .tenant(&t.slug)
        .header("x-forwarded-for", "203.0.113.9")
        .json(json!({"email": t.owner_email, "password": PASSWORD}))
        .send()
        .await;
    r.problem(StatusCode::TOO_MANY_REQUESTS, "auth.too_many_attempts");
    let elsewhere = app
        .post("/api/v1/auth/login")
        .tenant(&t.slug)
        .header("x-forwarded-for", "198.51.100.7")
        .json(json!({"email": t.owner_email, "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(elsewhere.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_answer_alike() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let wrong = app
        .post("/api/v1/auth/login")
        .tenant(&t.slug)
        .json(json!({"email": t.owner_email, "password": "nao-e-essa"}))
        .send()
        .await;
    let unknown = app
        .post("/api/v1/auth/login")
        .tenant(&t.slug)
        .json(json!({"email": "ninguem@x.com.br", "password": "nao-e-essa"}))
        .send()
        .await;
    wrong.problem(StatusCode::UNAUTHORIZED, "auth.invalid_credentials");
    unknown.problem(StatusCode::UNAUTHORIZED, "auth.invalid_credentials");
    assert_eq!(wrong.body["detail"], unknown.body["detail"]);
}

#[tokio::test]
async fn me_lists_what_the_roles_permit() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let me = app.get("/api/v1/me").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(me.status, StatusCode::OK);
    let perms: Vec<&str> =
        me.body["permissions"].as_array().expect("perms").iter().filter_map(|p| p.as_str()).collect();
    assert!(perms.contains(&"users.manage") && perms.contains(&"audit.read") && perms.contains(&"vehicles.view_cost"));
    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    let me = app.get("/api/v1/me").tenant(&t.slug).token(&sales).send().await;
    let perms: Vec<&str> =
        me.body["permissions"].as_array().expect("perms").iter().filter_map(|p| p.as_str()).collect();
    assert!(perms.contains(&"vehicles.create"));
    assert!(
        !perms.contains(&"users.manage") && !perms.contains(&"vehicles.view_cost") && !perms.contains(&"audit.read")
    );
}

#[tokio::test]
async fn changing_the_password_checks_the_current_one_ends_every_session_and_answers_a_new_one() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let other_session = login_body(&app, &t.slug, &t.owner_email).await;
    let change = |current: &str, new: &str| {
        app.post("/api/v1/me/password")
            .tenant(&t.slug)
            .token(&t.owner_token)
            .json(json!({"currentPassword": current, "newPassword": new}))
    };
    change("errada-errada", "nova-senha-comprida")
        .send()
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let weak = change(PASSWORD, "senha123").send().await;
    weak.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(weak.body["errors"][0]["pointer"], "/newPassword");
    assert_eq!(weak.body["errors"][0]["code"], "password.too_common");
    let short = change(PASSWORD, "curta").send().await;
    assert_eq!(short.body["errors"][0]["code"], "password.too_short");
    let long = change(PASSWORD, &"x".repeat(129)).send().await;
    assert_eq!(long.body["errors"][0]["code"], "password.too_long");
    let changed = change(PASSWORD, "nova-senha-comprida").send().await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.header("cache-control"), Some("no-store"));

    // Every earlier token stops working at once, the caller's own included...
    for access in [&t.owner_token, other_session["accessToken"].as_str().expect("access")] {
        app.get("/api/v1/me")
            .tenant(&t.slug)
            .token(access)
            .send()
            .await
            .problem(StatusCode::UNAUTHORIZED, "auth.session_revoked");
    }
    app.post("/api/v1/auth/refresh")
        .tenant(&t.slug)
        .json(json!({"refreshToken": other_session["refreshToken"]}))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token");
    // ...and the caller carries on with the session the change answered.
    let access = changed.body["accessToken"].as_str().expect("access");
    assert_eq!(app.get("/api/v1/me").tenant(&t.slug).token(access).send().await.status, StatusCode::OK);
    let refreshed = app
        .post("/api/v1/auth/refresh")
        .tenant(&t.slug)
        .json(json!({"refreshToken": changed.body["refreshToken"]}))
        .send()
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.text);
    app.login(&t.slug, &t.owner_email, "nova-senha-comprida").await;
}
