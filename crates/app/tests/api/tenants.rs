use axum::http::StatusCode;
use innexar_testkit::{PASSWORD, TestApp, random_cnpj, slug};
use serde_json::json;

pub(crate) async fn platform_token(app: &TestApp) -> String {
    let now = app.state.clock.now();
    innexar_identity::platform::create_admin(&app.state.control, "ops@innexar.com.br", "Ops", PASSWORD, now)
        .await
        .expect("admin");
    let r = app
        .post("/api/v1/platform/auth/login")
        .json(json!({"email": "ops@innexar.com.br", "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["accessToken"].as_str().expect("token").to_string()
}

#[tokio::test]
async fn a_platform_admin_provisions_a_tenant_whose_owner_signs_in_at_its_subdomain() {
    let app = TestApp::spawn().await;
    let admin = platform_token(&app).await;
    let s = slug("loja");
    let r = app
        .post("/api/v1/platform/tenants")
        .token(&admin)
        .json(json!({"slug": s, "name": "Loja Boa Vista", "cnpj": "12.ABC.345/01DE-35", "adminEmail": "Ana@LojaBoaVista.com.br", "adminPassword": "cavalo-correto-bateria"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["cnpj"], "12ABC34501DE35");
    assert_eq!(r.body["status"], "active");
    let list = app.get("/api/v1/platform/tenants").token(&admin).send().await;
    assert!(list.body["items"].as_array().expect("items").iter().any(|t| t["slug"] == s.as_str()));

    let login = app
        .post("/api/v1/auth/login")
        .host(&format!("{s}.localhost:3001"))
        .json(json!({"email": "ana@lojaboavista.com.br", "password": "cavalo-correto-bateria"}))
        .send()
        .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    assert_eq!(login.body["user"]["roles"], json!(["owner"]));
    assert_eq!(login.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn platform_routes_refuse_tenant_tokens_and_anonymous_calls() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.get("/api/v1/platform/tenants").send().await.problem(StatusCode::UNAUTHORIZED, "auth.missing_token");
    app.get("/api/v1/platform/tenants")
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_token");
    let admin = platform_token(&app).await;
    // And a platform token is no key to a tenant.
    app.get("/api/v1/me")
        .tenant(&t.slug)
        .token(&admin)
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_token");
}

#[tokio::test]
async fn bad_tenant_input_is_refused_field_by_field_and_nothing_is_created() {
    let app = TestApp::spawn().await;
    let admin = platform_token(&app).await;
    let r = app
        .post("/api/v1/platform/tenants")
        .token(&admin)
        .json(json!({"slug": "Loja_1", "name": "", "cnpj": "11.222.333/0001-82", "adminEmail": "not-an-email", "adminPassword": "12345678"}))
        .send()
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let mut pointers = r.pointers();
    pointers.sort();
    assert_eq!(pointers, vec!["/adminEmail", "/adminPassword", "/cnpj", "/name", "/slug"]);
    let codes: Vec<&str> =
        r.body["errors"].as_array().expect("errors").iter().filter_map(|e| e["code"].as_str()).collect();
    assert!(
        codes.contains(&"cnpj.check_digit")
            && codes.contains(&"tenants.slug_invalid")
            && codes.contains(&"password.too_common")
    );

    for reserved in ["www", "api", "admin"] {
        let r = app
            .post("/api/v1/platform/tenants")
            .token(&admin)
            .json(json!({"slug": reserved, "name": "X", "cnpj": random_cnpj(), "adminEmail": "a@b.com.br", "adminPassword": PASSWORD}))
            .send()
            .await;
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
        assert_eq!(r.body["errors"][0]["code"], "tenants.slug_reserved");
    }
    assert!(app.state.control.list_tenants().await.expect("list").is_empty());
}

#[tokio::test]
async fn a_taken_slug_or_cnpj_is_a_conflict() {
    let app = TestApp::spawn().await;
    let admin = platform_token(&app).await;
    let cnpj = random_cnpj();
    let body = |s: &str, c: &str| json!({"slug": s, "name": "Loja", "cnpj": c, "adminEmail": "a@b.com.br", "adminPassword": PASSWORD});
    let s = slug("dup");
    assert_eq!(
        app.post("/api/v1/platform/tenants").token(&admin).json(body(&s, &cnpj)).send().await.status,
        StatusCode::CREATED
    );
    app.post("/api/v1/platform/tenants")
        .token(&admin)
        .json(body(&s, &random_cnpj()))
        .send()
        .await
        .problem(StatusCode::CONFLICT, "tenants.slug_taken");
    app.post("/api/v1/platform/tenants")
        .token(&admin)
        .json(body(&slug("other"), &cnpj))
        .send()
        .await
        .problem(StatusCode::CONFLICT, "tenants.cnpj_taken");
    assert_eq!(app.state.control.list_tenants().await.expect("list").len(), 1);
}

#[tokio::test]
async fn provisioning_over_an_existing_database_fails_and_registers_nothing() {
    let app = TestApp::spawn().await;
    let s = slug("ocupado");
    let backend = app.state.control.backend();
    let name = innexar_db::provision::database_name(backend, &app.settings.database.tenant_db_prefix, &s);
    backend.create_database(&name).await.expect("pre-existing database");
    let r = innexar_tenants::platform::provision_tenant(
        &app.state,
        innexar_tenants::platform::NewTenantInput {
            slug: s.clone(),
            name: "Loja".into(),
            cnpj: random_cnpj(),
            plan: None,
            admin_email: "a@b.com.br".into(),
            admin_name: None,
            admin_password: PASSWORD.into(),
        },
    )
    .await;
    let err = r.expect_err("must fail");
    assert_eq!(err.code, "tenants.database_exists");
    assert!(app.state.control.find_tenant_by_slug(&s).await.expect("registry").is_none());
    // The database that was there before is left alone.
    assert!(backend.database_exists(&name).await.expect("exists"));
}

#[tokio::test]
async fn a_failure_after_the_database_is_created_removes_it_again() {
    let app = TestApp::spawn().await;
    let s = slug("falha");
    let backend = app.state.control.backend().clone();
    let input = innexar_tenants::platform::NewTenantInput {
        slug: s.clone(),
        name: "Loja".into(),
        cnpj: random_cnpj(),
        plan: None,
        admin_email: "a@b.com.br".into(),
        admin_name: None,
        admin_password: PASSWORD.into(),
    };
    let err = innexar_tenants::platform::provision_tenant_with(&app.state, input, |_, _| async {
        Err(innexar_kernel::AppError::internal("seeding broke halfway"))
    })
    .await
    .expect_err("must fail");
    assert_eq!(err.code, "internal");
    assert!(app.state.control.find_tenant_by_slug(&s).await.expect("registry").is_none());
    let name = innexar_db::provision::database_name(&backend, &app.settings.database.tenant_db_prefix, &s);
    assert!(!backend.database_exists(&name).await.expect("exists check"), "the half-made database must be dropped");
}

#[tokio::test]
async fn tenants_resolve_by_subdomain_or_header_and_unknown_ones_are_404() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let by_host = app.get("/api/v1/me").host(&format!("{}.localhost:3001", t.slug)).token(&t.owner_token).send().await;
    assert_eq!(by_host.status, StatusCode::OK, "{}", by_host.text);
    assert_eq!(by_host.body["tenant"]["slug"], t.slug.as_str());
    app.get("/api/v1/me")
        .host("ninguem.localhost:3001")
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "tenants.not_found");
    app.get("/api/v1/me").tenant("ninguem").send().await.problem(StatusCode::NOT_FOUND, "tenants.not_found");
    app.get("/api/v1/me").host("localhost:3001").send().await.problem(StatusCode::BAD_REQUEST, "tenants.missing");
}

#[tokio::test]
async fn the_sign_in_page_learns_the_tenant_name_from_the_host_without_a_token() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let by_host = app.get("/api/v1/tenant").host(&format!("{}.localhost:3001", t.slug)).send().await;
    assert_eq!(by_host.status, StatusCode::OK, "{}", by_host.text);
    assert_eq!(by_host.body["slug"], t.slug.as_str());
    assert!(by_host.body["name"].as_str().is_some_and(|n| !n.is_empty()), "{}", by_host.text);
    assert_eq!(by_host.body.as_object().map(|o| o.len()), Some(2), "nothing but slug and name: {}", by_host.text);
    let by_header = app.get("/api/v1/tenant").tenant(&t.slug).send().await;
    assert_eq!(by_header.body["slug"], t.slug.as_str());
    app.get("/api/v1/tenant").host("localhost:3001").send().await.problem(StatusCode::BAD_REQUEST, "tenants.missing");
    app.get("/api/v1/tenant").tenant("ninguem").send().await.problem(StatusCode::NOT_FOUND, "tenants.not_found");
}

#[tokio::test]
async fn a_suspended_tenant_gets_403_until_reactivated() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let admin = platform_token(&app).await;
    let r = app
        .patch(&format!("/api/v1/platform/tenants/{}", t.id))
        .token(&admin)
        .json(json!({"status": "suspended"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    app.get("/api/v1/me")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "tenants.suspended");
    app.post("/api/v1/auth/login")
        .tenant(&t.slug)
        .json(json!({"email": t.owner_email, "password": PASSWORD}))
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "tenants.suspended");
    app.patch(&format!("/api/v1/platform/tenants/{}", t.id))
        .token(&admin)
        .json(json!({"status": "active"}))
        .send()
        .await;
    assert_eq!(app.get("/api/v1/me").tenant(&t.slug).token(&t.owner_token).send().await.status, StatusCode::OK);
}

#[tokio::test]
async fn migrate_all_reports_every_tenant_and_goes_on_after_a_failure() {
    let app = TestApp::spawn().await;
    let a = app.tenant(&slug("a")).await;
    let b = app.tenant(&slug("b")).await;
    // Break b's database behind the registry's back.
    let backend = app.state.control.backend();
    let record = app.state.control.find_tenant_by_slug(&b.slug).await.expect("registry").expect("b");
    app.state.pools.close(record.id).await;
    backend.drop_database(&record.db_name).await.expect("drop");
    let mut seen = Vec::new();
    let outcomes =
        innexar_db::provision::migrate_all(&app.state.control, |o| seen.push(o.slug.clone())).await.expect("runs");
    assert_eq!(outcomes.len(), 2);
    assert_eq!(seen.len(), 2);
    let by_slug = |s: &str| outcomes.iter().find(|o| o.slug == s).expect("outcome");
    assert!(by_slug(&a.slug).result.is_ok());
    assert!(by_slug(&b.slug).result.is_err());
}
