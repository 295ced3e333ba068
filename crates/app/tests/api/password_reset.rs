//! "Esqueci minha senha": a link by e-mail address (in the Owner's mailbox until e-mail is
//! configured) that sets a new password once, within the hour, and ends every session.

use axum::http::StatusCode;
use innexar_testkit::{PASSWORD, TestApp, TestTenant, slug};
use serde_json::{Value, json};

async fn ask(app: &TestApp, t: &TestTenant, email: &str) -> innexar_testkit::Resp {
    app.post("/api/v1/auth/password-reset").tenant(&t.slug).json(json!({ "email": email })).send().await
}

async fn mailbox(app: &TestApp, t: &TestTenant) -> Vec<Value> {
    let token = app.login(&t.slug, &t.owner_email, PASSWORD).await;
    let r = app.get("/api/v1/messages").tenant(&t.slug).token(&token).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["items"].as_array().expect("items").clone()
}

fn token_in(message: &Value) -> String {
    let body = message["body"].as_str().expect("body");
    let at = body.find("token=").expect("a link with its token") + "token=".len();
    body[at..].chars().take_while(char::is_ascii_hexdigit).collect()
}

async fn confirm(app: &TestApp, t: &TestTenant, token: &str, password: &str) -> innexar_testkit::Resp {
    app.post("/api/v1/auth/password-reset/confirm")
        .tenant(&t.slug)
        .json(json!({ "token": token, "password": password }))
        .send()
        .await
}

#[tokio::test]
async fn a_forgotten_password_is_reset_once_with_the_link_and_every_session_ends() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let before = app.user(&t, "vendas@loja.com.br", &["sales"], None).await;

    // Whether or not the address is a user's, the answer is the same.
    assert_eq!(ask(&app, &t, "ninguem@loja.com.br").await.status, StatusCode::ACCEPTED);
    assert!(mailbox(&app, &t).await.is_empty(), "nothing is sent to an address that is no user's");
    assert_eq!(ask(&app, &t, " Vendas@Loja.com.br ").await.status, StatusCode::ACCEPTED);
    let messages = mailbox(&app, &t).await;
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert_eq!(
        (m["recipient"].as_str(), m["kind"].as_str(), m["channel"].as_str()),
        (Some("vendas@loja.com.br"), Some("password_reset"), Some("email"))
    );
    assert!(m["sentAt"].is_null());
    let body = m["body"].as_str().expect("body");
    assert!(
        body.contains(&format!("http://{}.localhost:", t.slug)) && body.contains("/reset-password?token="),
        "{body}"
    );
    let token = token_in(m);

    let weak = confirm(&app, &t, &token, "123").await;
    weak.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(weak.pointers(), ["/password"]);
    let r = confirm(&app, &t, &token, "uma-senha-nova-e-boa").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    // Once only; the old password and the old session are gone, the new password works.
    confirm(&app, &t, &token, "outra-senha-nova-boa").await.problem(StatusCode::GONE, "users.reset_invalid");
    let me = app.get("/api/v1/me").tenant(&t.slug).token(&before).send().await;
    me.problem(StatusCode::UNAUTHORIZED, "auth.session_revoked");
    let old = app
        .post("/api/v1/auth/login")
        .tenant(&t.slug)
        .json(json!({"email": "vendas@loja.com.br", "password": PASSWORD}))
        .send()
        .await;
    old.problem(StatusCode::UNAUTHORIZED, "auth.invalid_credentials");
    app.login(&t.slug, "vendas@loja.com.br", "uma-senha-nova-e-boa").await;
    let audit = app
        .get("/api/v1/audit?action=users.password_reset_requested")
        .tenant(&t.slug)
        .token(&app.login(&t.slug, &t.owner_email, PASSWORD).await)
        .send()
        .await;
    assert_eq!(audit.body["total"], 1, "{}", audit.text);

    confirm(&app, &t, "f".repeat(64).as_str(), "uma-senha-nova-e-boa")
        .await
        .problem(StatusCode::GONE, "users.reset_invalid");
    confirm(&app, &t, " ", "uma-senha-nova-e-boa").await.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    ask(&app, &t, "isto não é e-mail").await.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
}

#[tokio::test]
async fn a_link_expires_in_an_hour_and_a_flood_of_requests_is_throttled_and_sends_at_most_three() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.user(&t, "gerente@loja.com.br", &["store_manager"], None).await;
    for _ in 0..5 {
        assert_eq!(ask(&app, &t, "gerente@loja.com.br").await.status, StatusCode::ACCEPTED);
    }
    let r = ask(&app, &t, "gerente@loja.com.br").await;
    r.problem(StatusCode::TOO_MANY_REQUESTS, "auth.too_many_attempts");
    let messages = mailbox(&app, &t).await;
    assert_eq!(messages.len(), 3, "at most three open links per user");
    // Sign-in itself is not locked out by the requests.
    app.login(&t.slug, "gerente@loja.com.br", PASSWORD).await;

    let token = token_in(&messages[0]);
    app.clock.advance(chrono::Duration::minutes(61));
    confirm(&app, &t, &token, "uma-senha-nova-e-boa").await.problem(StatusCode::GONE, "users.reset_invalid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_link_used_by_many_at_once_sets_the_password_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    ask(&app, &t, "vendas@loja.com.br").await;
    ask(&app, &t, "vendas@loja.com.br").await;
    let messages = mailbox(&app, &t).await;
    let (first, second) = (token_in(&messages[0]), token_in(&messages[1]));
    let calls = (0..20).map(|i| {
        let token = if i % 2 == 0 { first.clone() } else { second.clone() };
        let (app, t) = (&app, &t);
        async move { confirm(app, t, &token, &format!("senha-nova-numero-{i:02}")).await.status }
    });
    let statuses = futures_util::future::join_all(calls).await;
    let done = statuses.iter().filter(|s| **s == StatusCode::NO_CONTENT).count();
    assert_eq!(done, 1, "one use of either link, the others find them used: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::NO_CONTENT || *s == StatusCode::GONE), "{statuses:?}");
}
