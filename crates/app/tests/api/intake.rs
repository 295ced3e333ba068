//! Leads posted by a website form or a portal with the source's key.

use axum::http::StatusCode;
use futures_util::future::join_all;
use innexar_testkit::{Resp, TestApp, TestTenant, slug};
use serde_json::{Value, json};

async fn setup(app: &TestApp) -> (TestTenant, String, String) {
    let t = app.tenant(&slug("site")).await;
    let store = app.store(&t, "Matriz").await;
    app.user(&t, "vendas@site.com.br", &["sales"], Some(vec![store.clone()])).await;
    let k = app
        .post("/api/v1/crm/intake-keys")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"name": "Formulário do site", "source": "website", "storeId": store}))
        .send()
        .await;
    assert_eq!(k.status, StatusCode::CREATED, "{}", k.text);
    let key = k.body["key"].as_str().expect("key").to_string();
    assert!(key.starts_with("inx_") && key.len() > 40);
    (t, store, key)
}

async fn post(app: &TestApp, t: &TestTenant, key: &str, body: Value) -> Resp {
    app.post("/api/v1/intake/leads").tenant(&t.slug).header("X-Api-Key", key).json(body).send().await
}

async fn totals(app: &TestApp, t: &TestTenant) -> (u64, u64) {
    let c = app.get("/api/v1/customers").tenant(&t.slug).token(&t.owner_token).send().await;
    let l = app.get("/api/v1/leads").tenant(&t.slug).token(&t.owner_token).send().await;
    (c.body["total"].as_u64().unwrap_or(999), l.body["total"].as_u64().unwrap_or(999))
}

#[tokio::test]
async fn a_form_posts_a_lead_once_however_often_it_is_sent_and_a_revoked_key_is_refused() {
    let app = TestApp::spawn().await;
    let (t, store, key) = setup(&app).await;
    let body = json!({"externalId": "form-1001", "name": "Juliana Prado", "phone": "(11) 97777-1234", "whatsapp": true,
        "email": "juliana@exemplo.com", "message": "Quero um SUV automático", "make": "Jeep", "budgetCents": 15_000_000,
        "marketingConsent": {"granted": true, "textShown": "Aceito receber ofertas.", "textVersion": "site-v3"}});
    let first = post(&app, &t, &key, body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.body["created"], true);
    let again = post(&app, &t, &key, body.clone()).await;
    assert_eq!((again.status, &again.body["leadId"]), (StatusCode::OK, &first.body["leadId"]), "{}", again.text);
    assert_eq!(again.body["created"], false);
    assert_eq!(totals(&app, &t).await, (1, 1));

    let lead_id = first.body["leadId"].as_str().expect("lead");
    let l = app.get(&format!("/api/v1/leads/{lead_id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!((l.body["source"].as_str(), l.body["storeId"].as_str()), (Some("website"), Some(store.as_str())));
    assert_eq!(l.body["externalId"], "form-1001");
    assert!(l.body["ownerId"].is_string(), "the store's round robin gave it to the salesperson: {}", l.text);
    let cid = first.body["customerId"].as_str().expect("customer");
    let consents =
        app.get(&format!("/api/v1/customers/{cid}/consents")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(consents.body["current"].as_array().map(Vec::len), Some(2), "e-mail and WhatsApp: {}", consents.text);

    // The same person again, by another form: the customer is known, the lead is new.
    let other =
        post(&app, &t, &key, json!({"externalId": "form-1002", "name": "Ju Prado", "phone": "+5511977771234"})).await;
    assert_eq!(
        (other.status, &other.body["customerId"]),
        (StatusCode::CREATED, &first.body["customerId"]),
        "{}",
        other.text
    );
    assert_eq!(totals(&app, &t).await, (1, 2));

    // The key opens nothing else, and a revoked key nothing at all.
    let r = app.get("/api/v1/customers").tenant(&t.slug).header("X-Api-Key", &key).send().await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let keys = app.get("/api/v1/crm/intake-keys").tenant(&t.slug).token(&t.owner_token).send().await;
    let listed = &keys.body["items"][0];
    assert!(listed.get("key").is_none() && listed.get("keyHash").is_none(), "{listed}");
    assert!(key.starts_with(listed["prefix"].as_str().expect("prefix")));
    let id = listed["id"].as_str().expect("id");
    let r = app.delete(&format!("/api/v1/crm/intake-keys/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    post(&app, &t, &key, json!({"externalId": "form-1003", "name": "X", "phone": "11977770000"}))
        .await
        .problem(StatusCode::UNAUTHORIZED, "intake.invalid_key");
    post(&app, &t, "inx_made-up", json!({"externalId": "x", "name": "X", "phone": "11977770000"}))
        .await
        .problem(StatusCode::UNAUTHORIZED, "intake.invalid_key");
    app.post("/api/v1/intake/leads")
        .tenant(&t.slug)
        .json(json!({"externalId": "x", "name": "X", "phone": "11977770000"}))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "intake.invalid_key");
    // Only the Owner makes keys.
    let sales = app.login(&t.slug, "vendas@site.com.br", innexar_testkit::PASSWORD).await;
    app.post("/api/v1/crm/intake-keys")
        .tenant(&t.slug)
        .token(&sales)
        .json(json!({"name": "x", "source": "website", "storeId": store}))
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "auth.forbidden");
}

#[tokio::test]
async fn bad_or_bot_posts_are_refused_at_their_fields_and_create_nothing() {
    let app = TestApp::spawn().await;
    let (t, _, key) = setup(&app).await;
    for (body, pointer, code) in [
        (json!({"externalId": "a", "name": "", "phone": "11977771234"}), "/name", "field.required"),
        (json!({"externalId": "a", "name": "X", "phone": "(10) 98765-4321"}), "/phone", "phone.area_code"),
        (json!({"externalId": "a", "name": "X"}), "/phone", "intake.contact_required"),
        (json!({"externalId": "a", "name": "X", "email": "não-é-email"}), "/email", "customers.invalid_email"),
        (
            json!({"externalId": "a", "name": "X", "phone": "11977771234", "website": "http://spam"}),
            "/website",
            "intake.spam",
        ),
        (
            json!({"externalId": "a", "name": "X", "phone": "11977771234", "yearMin": 1800}),
            "/yearMin",
            "leads.invalid_year",
        ),
    ] {
        let r = post(&app, &t, &key, body.clone()).await;
        let p = r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
        assert_eq!(
            (p["errors"][0]["pointer"].as_str(), p["errors"][0]["code"].as_str()),
            (Some(pointer), Some(code)),
            "{body}"
        );
    }
    let r = post(&app, &t, &key, json!({"externalId": "a", "name": "X", "phone": "11977771234", "admin": true})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused: {}", r.text);
    assert_eq!(totals(&app, &t).await, (0, 0));
    // A bot replaying a form for one phone is stopped after five leads in an hour.
    for i in 0..5 {
        let r = post(&app, &t, &key, json!({"externalId": format!("bot-{i}"), "name": "Bot", "phone": "11966665555"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    let r = post(&app, &t, &key, json!({"externalId": "bot-6", "name": "Bot", "phone": "11966665555"})).await;
    r.problem(StatusCode::TOO_MANY_REQUESTS, "intake.phone_flood");
    assert!(r.header("retry-after").is_some());
    assert_eq!(totals(&app, &t).await, (1, 5));
}

#[tokio::test]
async fn thirty_deliveries_at_once_make_one_lead_per_external_id() {
    let app = TestApp::spawn().await;
    let (t, _, key) = setup(&app).await;
    let same = join_all((0..30).map(|_| {
        post(&app, &t, &key, json!({"externalId": "portal-77", "name": "Rafael Lima", "phone": "21988887777"}))
    }))
    .await;
    for r in &same {
        assert!(matches!(r.status, StatusCode::CREATED | StatusCode::OK), "{} {}", r.status, r.text);
    }
    assert_eq!(same.iter().filter(|r| r.status == StatusCode::CREATED).count(), 1);
    let ids: std::collections::BTreeSet<&str> = same.iter().filter_map(|r| r.body["leadId"].as_str()).collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(totals(&app, &t).await, (1, 1), "the repeats wrote no customer either");
    let many = join_all((0..30).map(|i| {
        post(&app, &t, &key, json!({"externalId": format!("portal-{i}"), "name": format!("Pessoa {i}"), "email": format!("p{i}@ex.com")}))
    }))
    .await;
    assert!(
        many.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        many.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    assert_eq!(totals(&app, &t).await, (31, 31));
}
