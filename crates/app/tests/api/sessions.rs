//! Ending sessions: sign-out everywhere, password resets, lost roles, other servers; and refresh
//! tokens that rotate atomically, also when raced or when a write fails midway.

use axum::http::StatusCode;
use chrono::Duration;
use innexar_testkit::{PASSWORD, TestApp, TestTenant, slug};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

async fn sign_in(app: &TestApp, t: &TestTenant, email: &str) -> Value {
    let r =
        app.post("/api/v1/auth/login").tenant(&t.slug).json(json!({"email": email, "password": PASSWORD})).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body
}

fn access(session: &Value) -> &str {
    session["accessToken"].as_str().expect("accessToken")
}

async fn refresh(app: &TestApp, t: &TestTenant, session: &Value) -> innexar_testkit::Resp {
    app.post("/api/v1/auth/refresh").tenant(&t.slug).json(json!({"refreshToken": session["refreshToken"]})).send().await
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_user_and_no_one_elses() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    let phone = sign_in(&app, &t, "vendas@loja.com.br").await;
    let laptop = sign_in(&app, &t, "vendas@loja.com.br").await;
    let vehicles = |token: &str| app.get("/api/v1/vehicles").tenant(&t.slug).token(token).send();
    assert_eq!(vehicles(access(&laptop)).await.status, StatusCode::OK);

    let r = app.post("/api/v1/me/sessions/revoke").tenant(&t.slug).token(access(&phone)).send().await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    for s in [&phone, &laptop] {
        vehicles(access(s)).await.problem(StatusCode::UNAUTHORIZED, "auth.session_revoked");
        refresh(&app, &t, s).await.problem(StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token");
    }
    assert_eq!(vehicles(&t.owner_token).await.status, StatusCode::OK, "the Owner's session goes on");
    // Signing in again opens a session of the new epoch.
    let again = sign_in(&app, &t, "vendas@loja.com.br").await;
    assert_eq!(vehicles(access(&again)).await.status, StatusCode::OK);

    let audit = app.get("/api/v1/audit?action=users.sessions_ended").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(audit.body["items"].as_array().map(Vec::len), Some(1), "{}", audit.text);
}

#[tokio::test]
async fn a_password_reset_by_a_manager_ends_the_users_sessions_at_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    let s = sign_in(&app, &t, "vendas@loja.com.br").await;
    let id = s["user"]["id"].as_str().expect("id");
    let r = app
        .post(&format!("/api/v1/users/{id}/password"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"newPassword": "uma-senha-nova-boa"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    app.get("/api/v1/vehicles")
        .tenant(&t.slug)
        .token(access(&s))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.session_revoked");
    refresh(&app, &t, &s).await.problem(StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token");
}

#[tokio::test]
async fn losing_a_role_ends_the_sessions_that_carried_it() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let manager = app.user(&t, "gerente@loja.com.br", &["store_manager"], None).await;
    let me = app.get("/api/v1/me").tenant(&t.slug).token(&manager).send().await;
    let id = me.body["user"]["id"].as_str().expect("id").to_string();
    let user = app.get(&format!("/api/v1/users/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    let r = app
        .patch(&format!("/api/v1/users/{id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&user.etag())
        .json(json!({"roles": ["viewer"]}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    app.get("/api/v1/users")
        .tenant(&t.slug)
        .token(&manager)
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.session_revoked");
}

#[tokio::test]
async fn a_change_made_by_another_server_is_seen_within_the_cache_lifetime() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    let vehicles = || app.get("/api/v1/vehicles").tenant(&t.slug).token(&sales).send();
    assert_eq!(vehicles().await.status, StatusCode::OK);
    // Another replica deactivates the user: this process is not told.
    app.tenant_db(&t.slug)
        .await
        .conn()
        .execute_unprepared("UPDATE identity_users SET active = false WHERE email = 'vendas@loja.com.br'")
        .await
        .expect("update");
    assert_eq!(vehicles().await.status, StatusCode::OK, "the answer is cached, not read again");
    app.clock.advance(Duration::seconds(innexar_http::sessions::CACHE_TTL_SECS));
    vehicles().await.problem(StatusCode::UNAUTHORIZED, "auth.user_inactive");
}

#[tokio::test]
async fn concurrent_uses_of_one_refresh_token_leave_no_token_of_the_family_alive() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    for round in 0..10 {
        let s = sign_in(&app, &t, &t.owner_email).await;
        let uses = (0..20).map(|_| refresh(&app, &t, &s));
        let answers = futures_util::future::join_all(uses).await;
        let winners: Vec<&Value> = answers.iter().filter(|r| r.status == StatusCode::OK).map(|r| &r.body).collect();
        assert!(winners.len() <= 1, "round {round}: one rotation at most, got {}", winners.len());
        for r in answers.iter().filter(|r| r.status != StatusCode::OK) {
            r.problem(StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token");
        }
        // The token was presented 20 times: theft, so the family ends, the winner's new token too.
        for w in winners {
            refresh(&app, &t, w).await.problem(StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token");
        }
    }
}

/// Makes every insert of a refresh token fail, as a crash between two writes would.
async fn break_refresh_token_inserts(app: &TestApp, t: &TestTenant) {
    let db = app.tenant_db(&t.slug).await;
    let statements: &[&str] = if app.is_postgres() {
        &[
            "CREATE FUNCTION fail_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER fail_insert BEFORE INSERT ON identity_refresh_tokens FOR EACH ROW EXECUTE FUNCTION fail_insert()",
        ]
    } else {
        &[
            "CREATE TRIGGER fail_insert BEFORE INSERT ON identity_refresh_tokens BEGIN SELECT RAISE(ABORT, 'simulated crash'); END",
        ]
    };
    for sql in statements {
        db.conn().execute_unprepared(sql).await.expect("trigger");
    }
}

async fn repair_refresh_token_inserts(app: &TestApp, t: &TestTenant) {
    let sql = if app.is_postgres() {
        "DROP TRIGGER fail_insert ON identity_refresh_tokens"
    } else {
        "DROP TRIGGER fail_insert"
    };
    app.tenant_db(&t.slug).await.conn().execute_unprepared(sql).await.expect("drop trigger");
}

#[tokio::test]
async fn a_refresh_that_fails_midway_leaves_the_presented_token_usable() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let s = sign_in(&app, &t, &t.owner_email).await;
    break_refresh_token_inserts(&app, &t).await;
    assert_eq!(refresh(&app, &t, &s).await.status, StatusCode::INTERNAL_SERVER_ERROR);
    repair_refresh_token_inserts(&app, &t).await;
    // Nothing of the failed rotation stayed: the token is not taken for a reused one.
    let r = refresh(&app, &t, &s).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn a_sign_in_that_fails_midway_records_nothing() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let me = app.get("/api/v1/me").tenant(&t.slug).token(&t.owner_token).send().await;
    let signed_in_at = me.body["user"]["lastLoginAt"].clone();
    assert!(signed_in_at.is_string(), "{}", me.text);
    break_refresh_token_inserts(&app, &t).await;
    app.clock.advance(Duration::minutes(1));
    let r = app
        .post("/api/v1/auth/login")
        .tenant(&t.slug)
        .json(json!({"email": t.owner_email, "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let me = app.get("/api/v1/me").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(me.body["user"]["lastLoginAt"], signed_in_at, "the failed sign-in was rolled back whole");
}
