//! The sign-in throttle under parallel guessing, and the owner still getting in meanwhile.

use axum::http::StatusCode;
use chrono::Duration;
use innexar_testkit::{PASSWORD, Resp, TestApp, TestTenant, slug};
use serde_json::json;

async fn sign_in(app: &TestApp, t: &TestTenant, password: &str, ip: &str) -> Resp {
    app.post("/api/v1/auth/login")
        .tenant(&t.slug)
        .header("x-forwarded-for", ip)
        .json(json!({"email": t.owner_email, "password": password}))
        .send()
        .await
}

fn retry_after(r: &Resp) -> i64 {
    r.header("retry-after").expect("Retry-After").parse().expect("seconds")
}

#[tokio::test]
async fn fifty_parallel_wrong_guesses_for_one_account_check_five_passwords_and_refuse_the_rest() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let guesses = (0..50).map(|_| sign_in(&app, &t, "senha-errada-demais", "203.0.113.50"));
    let answers = futures_util::future::join_all(guesses).await;
    let wrong = answers.iter().filter(|r| r.status == StatusCode::UNAUTHORIZED).count();
    let refused: Vec<&Resp> = answers.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).collect();
    assert_eq!((wrong, refused.len()), (5, 45), "5 per account are checked; the rest wait");
    for r in &refused {
        r.problem(StatusCode::TOO_MANY_REQUESTS, "auth.too_many_attempts");
        assert_eq!(retry_after(r), 1, "a short delay, not a 15-minute lockout");
    }

    // The owner, at the shop, has not failed: the right password gets in during the attack.
    assert_eq!(sign_in(&app, &t, PASSWORD, "198.51.100.20").await.status, StatusCode::OK);
    // From the guessing address even the right password waits, but only as long as it is told.
    let r = sign_in(&app, &t, PASSWORD, "203.0.113.50").await;
    r.problem(StatusCode::TOO_MANY_REQUESTS, "auth.too_many_attempts");
    app.clock.advance(Duration::seconds(retry_after(&r)));
    assert_eq!(sign_in(&app, &t, PASSWORD, "203.0.113.50").await.status, StatusCode::OK);
}

#[tokio::test]
async fn each_further_wrong_guess_from_an_address_waits_twice_as_long() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    for _ in 0..5 {
        sign_in(&app, &t, "senha-errada-demais", "203.0.113.7")
            .await
            .problem(StatusCode::UNAUTHORIZED, "auth.invalid_credentials");
    }
    let mut waits = Vec::new();
    for _ in 0..4 {
        let r = sign_in(&app, &t, "senha-errada-demais", "203.0.113.7").await;
        r.problem(StatusCode::TOO_MANY_REQUESTS, "auth.too_many_attempts");
        let wait = retry_after(&r);
        waits.push(wait);
        app.clock.advance(Duration::seconds(wait));
        sign_in(&app, &t, "senha-errada-demais", "203.0.113.7")
            .await
            .problem(StatusCode::UNAUTHORIZED, "auth.invalid_credentials");
    }
    assert_eq!(waits, vec![1, 2, 4, 8]);
}

#[tokio::test]
async fn parallel_guesses_for_many_accounts_from_one_address_stop_at_its_limit() {
    let app = TestApp::spawn_with(|s| s.auth.login_max_failures_per_ip = 10).await;
    let t = app.tenant(&slug("loja")).await;
    let guesses = (0..40).map(|i| {
        app.post("/api/v1/auth/login")
            .tenant(&t.slug)
            .header("x-forwarded-for", "203.0.113.99")
            .json(json!({"email": format!("pessoa{i}@loja.com.br"), "password": "qualquer-coisa"}))
            .send()
    });
    let answers = futures_util::future::join_all(guesses).await;
    let wrong = answers.iter().filter(|r| r.status == StatusCode::UNAUTHORIZED).count();
    let refused = answers.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((wrong, refused), (10, 30));
}
