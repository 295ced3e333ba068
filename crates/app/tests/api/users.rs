use axum::http::StatusCode;
use innexar_testkit::{PASSWORD, TestApp, slug};
use serde_json::json;

#[tokio::test]
async fn an_invited_user_sets_a_password_once_and_signs_in() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let r = app
        .post("/api/v1/users")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"email": "Novo@Loja.com.br", "name": "Novo Vendedor", "roles": ["sales"]}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["user"]["status"], "invited");
    assert_eq!(r.body["user"]["email"], "novo@loja.com.br");
    let token = r.body["invitation"]["token"].as_str().expect("invitation").to_string();
    app.post("/api/v1/auth/login")
        .tenant(&t.slug)
        .json(json!({"email": "novo@loja.com.br", "password": PASSWORD}))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_credentials");
    let accept = app
        .post("/api/v1/auth/accept-invitation")
        .tenant(&t.slug)
        .json(json!({"token": token, "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(accept.status, StatusCode::NO_CONTENT, "{}", accept.text);
    app.login(&t.slug, "novo@loja.com.br", PASSWORD).await;
    app.post("/api/v1/auth/accept-invitation")
        .tenant(&t.slug)
        .json(json!({"token": token, "password": "outra-senha-boa"}))
        .send()
        .await
        .problem(StatusCode::GONE, "users.invitation_invalid");
}

#[tokio::test]
async fn user_input_is_validated_and_duplicates_refused() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let r = app
        .post("/api/v1/users")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"email": "sem-arroba", "name": "", "roles": ["sales"]}))
        .send()
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let mut p = r.pointers();
    p.sort();
    assert_eq!(p, vec!["/email", "/name"]);
    let r = app
        .post("/api/v1/users")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"email": "a@b.com.br", "name": "A", "roles": ["chefe"]}))
        .send()
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["code"], "field.invalid_enum");
    assert_eq!(r.body["errors"][0]["pointer"], "/roles/0");
    app.post("/api/v1/users")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"email": t.owner_email, "name": "Dup", "roles": ["viewer"], "password": PASSWORD}))
        .send()
        .await
        .problem(StatusCode::CONFLICT, "users.email_taken");
}

#[tokio::test]
async fn a_store_manager_cannot_make_owners_nor_reach_beyond_their_stores() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let s1 = app.store(&t, "Matriz").await;
    let s2 = app.store(&t, "Filial").await;
    let mgr = app.user(&t, "gerente@loja.com.br", &["store_manager"], Some(vec![s1.clone()])).await;
    let post = |body: serde_json::Value| app.post("/api/v1/users").tenant(&t.slug).token(&mgr).json(body);
    post(json!({"email": "x@loja.com.br", "name": "X", "roles": ["owner"], "storeIds": [s1], "password": PASSWORD}))
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "users.cannot_grant_role");
    post(json!({"email": "x@loja.com.br", "name": "X", "roles": ["sales"], "storeIds": [s2], "password": PASSWORD}))
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "users.cannot_grant_store");
    post(json!({"email": "x@loja.com.br", "name": "X", "roles": ["sales"], "password": PASSWORD}))
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "users.cannot_grant_store");
    let ok = post(
        json!({"email": "x@loja.com.br", "name": "X", "roles": ["sales"], "storeIds": [s1], "password": PASSWORD}),
    )
    .send()
    .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    // The manager sees their team, not the Owner.
    let list = app.get("/api/v1/users").tenant(&t.slug).token(&mgr).send().await;
    let emails: Vec<&str> =
        list.body["items"].as_array().expect("items").iter().filter_map(|u| u["email"].as_str()).collect();
    assert!(emails.contains(&"x@loja.com.br") && !emails.contains(&t.owner_email.as_str()), "{emails:?}");
}

#[tokio::test]
async fn deactivating_a_user_ends_their_sessions_and_the_last_owner_stays() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    let session = app
        .post("/api/v1/auth/login")
        .tenant(&t.slug)
        .json(json!({"email": "vendas@loja.com.br", "password": PASSWORD}))
        .send()
        .await;
    let id = session.body["user"]["id"].as_str().expect("id").to_string();
    let access = session.body["accessToken"].as_str().expect("access").to_string();
    let new_vehicle = json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex",
        "transmission": "manual", "condition": "used"});
    let list = || app.get("/api/v1/vehicles").tenant(&t.slug).token(&access);
    let create = || app.post("/api/v1/vehicles").tenant(&t.slug).token(&access).json(new_vehicle.clone());
    assert_eq!(list().send().await.status, StatusCode::OK);
    assert_eq!(create().send().await.status, StatusCode::CREATED);
    let user = app.get(&format!("/api/v1/users/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    let etag = user.etag();
    let r = app
        .patch(&format!("/api/v1/users/{id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&etag)
        .json(json!({"active": false}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["status"], "inactive");
    // The very next request with their access token is refused, not 15 minutes later.
    list().send().await.problem(StatusCode::UNAUTHORIZED, "auth.user_inactive");
    create().send().await.problem(StatusCode::UNAUTHORIZED, "auth.user_inactive");
    app.post("/api/v1/auth/refresh")
        .tenant(&t.slug)
        .json(json!({"refreshToken": session.body["refreshToken"]}))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token");
    app.post("/api/v1/auth/login")
        .tenant(&t.slug)
        .json(json!({"email": "vendas@loja.com.br", "password": PASSWORD}))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_credentials");
    // A stale ETag changes nothing.
    app.patch(&format!("/api/v1/users/{id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&etag)
        .json(json!({"active": true}))
        .send()
        .await
        .problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");

    let me = app.get("/api/v1/me").tenant(&t.slug).token(&t.owner_token).send().await;
    let owner_id = me.body["user"]["id"].as_str().expect("id").to_string();
    let owner = app.get(&format!("/api/v1/users/{owner_id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    app.patch(&format!("/api/v1/users/{owner_id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&owner.etag())
        .json(json!({"roles": ["sales"]}))
        .send()
        .await
        .problem(StatusCode::CONFLICT, "users.last_owner");
    app.patch(&format!("/api/v1/users/{owner_id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&owner.etag())
        .json(json!({"active": false}))
        .send()
        .await
        .problem(StatusCode::CONFLICT, "users.cannot_deactivate_self");
}
