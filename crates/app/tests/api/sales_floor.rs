//! The stock as a sales floor uses it: make and model found however they are typed, one meaning
//! of "in stock" for the list and the home screen, days in stock, actions that follow the
//! vehicle's state, origin and the caller's permissions, and permissions an Owner grants per role.

use axum::http::StatusCode;
use innexar_kernel::Clock;
use innexar_testkit::{TestApp, TestTenant, slug};
use serde_json::{Value, json};

async fn list(app: &TestApp, t: &TestTenant, token: &str, query: &str) -> Value {
    let r = app.get(&format!("/api/v1/vehicles?{query}")).tenant(&t.slug).token(token).send().await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text);
    r.body
}

fn models_of(page: &Value) -> Vec<String> {
    let mut m: Vec<String> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|v| format!("{} {}", v["make"].as_str().unwrap_or_default(), v["model"].as_str().unwrap_or_default()))
        .collect();
    m.sort();
    m
}

async fn set_status(app: &TestApp, t: &TestTenant, token: &str, id: &str, status: &str) -> innexar_testkit::Resp {
    app.post(&format!("/api/v1/vehicles/{id}/status"))
        .tenant(&t.slug)
        .token(token)
        .json(json!({ "status": status }))
        .send()
        .await
}

#[tokio::test]
async fn make_and_model_are_found_however_the_floor_types_them() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    for (make, model) in [
        ("Chevrolet", "Onix"),
        ("Chevrolet", "Onix Plus"),
        ("Volkswagen", "Polo"),
        ("Citroën", "C3"),
        ("Hyundai", "HB20"),
    ] {
        app.vehicle(&t, &store, json!({"make": make, "model": model})).await;
    }
    let token = &t.owner_token;
    for typed in ["Chevrolet", "chevrolet", "Chev", "CHEV", "GM", "chevy"] {
        let page = list(&app, &t, token, &format!("make={typed}")).await;
        assert_eq!(models_of(&page), ["Chevrolet Onix", "Chevrolet Onix Plus"], "make={typed}");
    }
    assert_eq!(models_of(&list(&app, &t, token, "make=VW").await), ["Volkswagen Polo"]);
    assert_eq!(models_of(&list(&app, &t, token, "make=citroen").await), ["Citroën C3"]);
    assert_eq!(models_of(&list(&app, &t, token, "model=onix").await), ["Chevrolet Onix", "Chevrolet Onix Plus"]);
    assert_eq!(models_of(&list(&app, &t, token, "model=hb%2020").await), ["Hyundai HB20"]);
    assert_eq!(models_of(&list(&app, &t, token, "make=gm&model=onix%20plus").await), ["Chevrolet Onix Plus"]);
    assert_eq!(list(&app, &t, token, "make=Ferrari").await["total"], 0);
    assert_eq!(list(&app, &t, token, "make=vw&model=onix").await["total"], 0, "a model of another make");

    // The suggestions the make and model boxes show, matched the same way, most vehicles first.
    let makes = app.get("/api/v1/vehicles/makes?q=chev").tenant(&t.slug).token(token).send().await;
    assert_eq!(makes.body, json!({"items": [{"value": "Chevrolet", "vehicles": 2}]}));
    let all = app.get("/api/v1/vehicles/makes").tenant(&t.slug).token(token).send().await;
    assert_eq!(all.body["items"][0], json!({"value": "Chevrolet", "vehicles": 2}));
    assert_eq!(all.body["items"].as_array().map(Vec::len), Some(4));
    let models = app.get("/api/v1/vehicles/models?make=gm&q=on").tenant(&t.slug).token(token).send().await;
    assert_eq!(
        models.body,
        json!({"items": [{"value": "Onix", "vehicles": 1}, {"value": "Onix Plus", "vehicles": 1}]})
    );
    let long = "x".repeat(61);
    app.get(&format!("/api/v1/vehicles/makes?q={long}"))
        .tenant(&t.slug)
        .token(token)
        .send()
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
}

#[tokio::test]
async fn a_make_renamed_on_a_vehicle_is_found_by_its_new_name() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({"make": "Chevrolt", "model": "Onix"})).await;
    let id = v["id"].as_str().expect("id");
    let r = app
        .patch(&format!("/api/v1/vehicles/{id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"1\"")
        .json(json!({"make": "Chevrolet"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(list(&app, &t, &t.owner_token, "make=gm").await["total"], 1);
    // The misspelt name no vehicle carries any more finds nothing.
    assert_eq!(list(&app, &t, &t.owner_token, "make=chevrolt").await["total"], 0);
}

#[tokio::test]
async fn in_stock_means_the_same_on_the_list_and_the_home_screen_and_days_in_stock_filter_and_sort() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let now = app.clock.now();
    let entered = |days: i64| (now - chrono::Duration::days(days)).to_rfc3339();
    let old = app.vehicle(&t, &store, json!({"model": "Velho", "enteredAt": entered(120)})).await;
    let ninety = app.vehicle(&t, &store, json!({"model": "Noventa", "enteredAt": entered(90)})).await;
    let ninety_one = app.vehicle(&t, &store, json!({"model": "NoventaUm", "enteredAt": entered(91)})).await;
    app.vehicle(&t, &store, json!({"model": "Novo", "enteredAt": entered(3)})).await;
    let sold = app.vehicle(&t, &store, json!({"model": "Vendido", "enteredAt": entered(200)})).await;
    let in_transit = app.vehicle(&t, &store, json!({"model": "Caminho", "status": "in_transit"})).await;
    app.sell(&t, sold["id"].as_str().expect("id")).await;
    let r = app
        .get(&format!("/api/v1/vehicles/{}", sold["id"].as_str().expect("id")))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await;
    assert_eq!(r.body["inStock"], false, "{}", r.text);
    assert_eq!(in_transit["inStock"], true);
    assert_eq!(old["daysInStock"], 120);
    assert_eq!(ninety["daysInStock"], 90);
    assert_eq!(ninety_one["daysInStock"], 91);

    let token = &t.owner_token;
    let summary = app.get("/api/v1/reports/inventory-summary").tenant(&t.slug).token(token).send().await.body;
    let in_stock = list(&app, &t, token, "inStock=true").await;
    assert_eq!(in_stock["total"], summary["inStock"]);
    assert_eq!(in_stock["total"], 5);
    assert_eq!(list(&app, &t, token, "inStock=false").await["total"], 1);
    assert_eq!(list(&app, &t, token, "").await["total"], 6);

    // "Parados há mais de 90 dias" on the home screen opens the list with daysMin=91.
    let over_90 = list(&app, &t, token, "daysMin=91&sort=-daysInStock").await;
    assert_eq!(over_90["total"], summary["over90Days"]);
    let names: Vec<&str> =
        over_90["items"].as_array().expect("items").iter().filter_map(|v| v["model"].as_str()).collect();
    assert_eq!(names, ["Velho", "NoventaUm"], "longest in stock first; the sold one left stock");
    let up_to_90 = list(&app, &t, token, "daysMin=4&daysMax=90").await;
    assert_eq!(models_of(&up_to_90), ["Volkswagen Noventa"]);
    let r = app.get("/api/v1/vehicles?daysMin=10&daysMax=2").tenant(&t.slug).token(token).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.pointers(), ["/daysMin"]);
    let r = app.get("/api/v1/vehicles?daysMin=-1").tenant(&t.slug).token(token).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");

    // What the stock would earn at its asking prices, for those who see cost.
    let price: i64 = 5 * 9_890_000;
    let cost: i64 = 5 * 8_600_000;
    assert_eq!(summary["valueAtPriceCents"], price);
    assert_eq!(summary["valueAtCostCents"], cost);
    assert_eq!(summary["marginCents"], price - cost);
    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    let seen = app.get("/api/v1/reports/inventory-summary").tenant(&t.slug).token(&sales).send().await.body;
    assert!(seen.get("marginCents").is_none() && seen.get("valueAtCostCents").is_none(), "{seen}");
}

#[tokio::test]
async fn only_a_consigned_car_goes_back_to_its_owner() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let bought = app.vehicle(&t, &store, json!({"origin": "purchase"})).await;
    let consigned = app.vehicle(&t, &store, json!({"origin": "consignment"})).await;
    assert!(!bought["nextStatuses"].as_array().expect("next").contains(&json!("returned")), "{bought}");
    assert!(consigned["nextStatuses"].as_array().expect("next").contains(&json!("returned")), "{consigned}");
    let r = set_status(&app, &t, &t.owner_token, bought["id"].as_str().expect("id"), "returned").await;
    r.problem(StatusCode::CONFLICT, "vehicles.invalid_status_transition");
    let r = set_status(&app, &t, &t.owner_token, consigned["id"].as_str().expect("id"), "returned").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["nextStatuses"], json!([]));
}

#[tokio::test]
async fn price_changes_undoing_a_sale_and_deleting_photos_are_the_managers_until_an_owner_grants_them() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    let manager = app.user(&t, "gerente@loja.com.br", &["store_manager"], None).await;
    let v = app.vehicle(&t, &store, json!({})).await;
    let id = v["id"].as_str().expect("id").to_string();
    let patch_price = |token: String, etag: String, cents: i64| {
        let app = &app;
        let t = &t;
        let id = id.clone();
        async move {
            app.patch(&format!("/api/v1/vehicles/{id}"))
                .tenant(&t.slug)
                .token(&token)
                .if_match(&etag)
                .json(json!({"priceCents": cents, "mileageKm": 22000}))
                .send()
                .await
        }
    };

    // A salesperson edits the car but not its price; the field says why.
    let r = patch_price(sales.clone(), "\"1\"".into(), 9_500_000).await;
    r.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    assert_eq!(r.pointers(), ["/priceCents"]);
    let unchanged = app.get(&format!("/api/v1/vehicles/{id}")).tenant(&t.slug).token(&sales).send().await;
    assert_eq!(
        (unchanged.body["priceCents"].as_i64(), unchanged.body["mileageKm"].as_i64()),
        (Some(9_890_000), Some(21000))
    );
    let r = patch_price(manager.clone(), "\"1\"".into(), 9_500_000).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    // Sold: the salesperson cannot undo the sale (put the car back on sale); the manager can.
    let sale = app.sell(&t, &id).await;
    let cancel = |token: String| {
        let url = format!("/api/v1/sales/{}/cancellation", sale["id"].as_str().expect("sale"));
        let (app, t) = (&app, &t);
        async move { app.post(&url).tenant(&t.slug).token(&token).json(json!({"reason": "cliente desistiu"})).send().await }
    };
    let sold = app.get(&format!("/api/v1/vehicles/{id}")).tenant(&t.slug).token(&sales).send().await;
    assert_eq!(sold.body["nextStatuses"], json!(["delivered"]), "undoing a sale is the sale's cancellation");
    cancel(sales.clone()).await.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    let r = set_status(&app, &t, &sales, &id, "available").await;
    r.problem(StatusCode::FORBIDDEN, "auth.forbidden");

    // The Owner lets sales change prices and undo sales.
    let matrix = app.get("/api/v1/roles").tenant(&t.slug).token(&t.owner_token).send().await.body;
    let sales_role = matrix["roles"].as_array().expect("roles").iter().find(|r| r["role"] == "sales").expect("sales");
    assert_eq!(sales_role["customized"], false);
    let mut wanted: Vec<Value> = sales_role["permissions"].as_array().expect("p").clone();
    assert!(!wanted.contains(&json!("vehicles.change_price")));
    let price_default =
        matrix["permissions"].as_array().expect("p").iter().find(|p| p["name"] == "vehicles.change_price");
    assert_eq!(price_default.expect("listed")["defaultRoles"], json!(["owner", "store_manager"]));
    wanted.extend([json!("vehicles.change_price"), json!("vehicles.undo_sale"), json!("sales.see_store")]);
    let r = app
        .call(axum::http::Method::PUT, "/api/v1/roles/sales")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({ "permissions": wanted }))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["customized"], true);
    let me = app.get("/api/v1/me").tenant(&t.slug).token(&sales).send().await;
    let mine = me.body["permissions"].as_array().expect("permissions");
    assert!(mine.contains(&json!("vehicles.change_price")) && mine.contains(&json!("vehicles.undo_sale")), "{mine:?}");
    let r = cancel(sales.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let etag = app.get(&format!("/api/v1/vehicles/{id}")).tenant(&t.slug).token(&sales).send().await.etag();
    let r = patch_price(sales.clone(), etag, 9_400_000).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let audit = app.get("/api/v1/audit").tenant(&t.slug).token(&t.owner_token).send().await.body;
    let change = audit["items"]
        .as_array()
        .expect("audit")
        .iter()
        .find(|e| e["action"] == "identity.role_permissions_changed")
        .expect("the change is in the audit log");
    assert_eq!(change["changes"]["role"]["after"], "sales", "the entry names the role: {change}");
    let gained = change["changes"]["permissions"]["after"].as_array().expect("after");
    assert!(gained.contains(&json!("vehicles.change_price")), "{change}");

    // Back to the defaults: the salesperson is refused again.
    let r = app.delete("/api/v1/roles/sales").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!((r.status, r.body["customized"].clone()), (StatusCode::OK, json!(false)), "{}", r.text);
    let etag = app.get(&format!("/api/v1/vehicles/{id}")).tenant(&t.slug).token(&sales).send().await.etag();
    patch_price(sales.clone(), etag, 9_300_000).await.problem(StatusCode::FORBIDDEN, "auth.forbidden");

    // Photos: sales adds them; deleting is the manager's.
    let photo = crate::media::noisy_png(8, 8);
    let p = crate::media::upload_photo(&app, &t, &id, "foto.png", &photo).await;
    let photo_id = p.body["id"].as_str().expect("photo");
    let r = app.delete(&format!("/api/v1/vehicles/{id}/photos/{photo_id}")).tenant(&t.slug).token(&sales).send().await;
    r.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    let listed = list(&app, &t, &sales, "").await;
    assert_eq!(listed["items"][0]["coverPhotoId"], json!(photo_id), "the list carries each car's cover");
    let r =
        app.delete(&format!("/api/v1/vehicles/{id}/photos/{photo_id}")).tenant(&t.slug).token(&manager).send().await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    assert!(list(&app, &t, &sales, "").await["items"][0]["coverPhotoId"].is_null());
}

#[tokio::test]
async fn the_owner_role_is_fixed_and_unknown_permissions_are_named() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let put = |role: &'static str, body: Value| {
        app.call(axum::http::Method::PUT, &format!("/api/v1/roles/{role}"))
            .tenant(&t.slug)
            .token(&t.owner_token)
            .json(body)
    };
    let r = put("owner", json!({"permissions": []})).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["code"], "roles.owner_fixed");
    let r = put("sales", json!({"permissions": ["vehicles.read", "vehicles.fly", "x"]})).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.pointers(), ["/permissions/1", "/permissions/2"]);
    // Deciding who may do what stays the Owner's: a manager given it could give itself anything.
    let r = put("store_manager", json!({"permissions": ["users.read", "roles.manage"]})).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/permissions/1");
    assert_eq!(r.body["errors"][0]["code"], "roles.not_grantable");
    let r = app
        .call(axum::http::Method::PUT, "/api/v1/roles/pilot")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"permissions": []}))
        .send()
        .await;
    assert!(r.status.is_client_error(), "an unknown role: {} {}", r.status, r.text);
    // Nothing was stored by the refusals.
    let matrix = app.get("/api/v1/roles").tenant(&t.slug).token(&t.owner_token).send().await.body;
    assert!(matrix["roles"].as_array().expect("roles").iter().all(|r| r["customized"] == false), "{matrix}");
    let manage = matrix["permissions"].as_array().expect("p").iter().find(|p| p["name"] == "roles.manage");
    assert_eq!(manage.expect("listed")["grantable"], false);
    let owner = &matrix["roles"][0];
    assert_eq!((owner["role"].as_str(), owner["editable"].as_bool()), (Some("owner"), Some(false)));
    assert_eq!(owner["permissions"].as_array().map(Vec::len), matrix["permissions"].as_array().map(Vec::len));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_changes_to_a_role_each_land_whole() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let a = json!(["vehicles.read", "vehicles.change_price"]);
    let b = json!(["vehicles.read", "vehicles.undo_sale", "vehicles.export"]);
    let calls = (0..30).map(|i| {
        let body = if i % 2 == 0 { a.clone() } else { b.clone() };
        app.call(axum::http::Method::PUT, "/api/v1/roles/sales")
            .tenant(&t.slug)
            .token(&t.owner_token)
            .json(json!({ "permissions": body }))
            .send()
    });
    let results = futures_util::future::join_all(calls).await;
    assert!(
        results.iter().all(|r| r.status == StatusCode::OK),
        "{:?}",
        results.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let matrix = app.get("/api/v1/roles").tenant(&t.slug).token(&t.owner_token).send().await.body;
    let sales = matrix["roles"].as_array().expect("roles").iter().find(|r| r["role"] == "sales").expect("sales");
    let mut held: Vec<&str> = sales["permissions"].as_array().expect("p").iter().filter_map(Value::as_str).collect();
    held.sort();
    fn sorted(v: &Value) -> Vec<&str> {
        let mut s: Vec<&str> = v.as_array().expect("list").iter().filter_map(Value::as_str).collect();
        s.sort();
        s
    }
    assert!(held == sorted(&a) || held == sorted(&b), "one request's whole set, never a mix: {held:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_cars_of_a_new_make_entered_at_once_all_land_and_are_found() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let calls = (0..30).map(|i| {
        app.post("/api/v1/vehicles")
            .tenant(&t.slug)
            .token(&t.owner_token)
            .json(json!({"storeId": store, "make": "BYD", "model": if i % 2 == 0 { "Dolphin" } else { "Song Plus" },
                "year": 2025, "fuel": "electric", "transmission": "automatic", "condition": "new"}))
            .send()
    });
    let results = futures_util::future::join_all(calls).await;
    assert!(
        results.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        results.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    assert_eq!(list(&app, &t, &t.owner_token, "make=byd").await["total"], 30);
    assert_eq!(list(&app, &t, &t.owner_token, "make=byd&model=song").await["total"], 15);
    let makes = app.get("/api/v1/vehicles/makes?q=b").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(makes.body["items"], json!([{"value": "BYD", "vehicles": 30}]));
}

#[tokio::test]
async fn a_placa_in_stock_in_either_format_is_refused_by_the_form_and_the_api() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    app.vehicle(&t, &store, json!({"placa": "CWI-6777"})).await;
    let r = app
        .post("/api/v1/vehicles")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"storeId": store, "placa": "CWI6H77", "make": "Fiat", "model": "Uno", "year": 2020,
            "fuel": "flex", "transmission": "manual", "condition": "used"}))
        .send()
        .await;
    r.problem(StatusCode::CONFLICT, "vehicles.duplicate_placa");
    assert_eq!(r.pointers(), ["/placa"]);
    assert_eq!(list(&app, &t, &t.owner_token, "").await["total"], 1);
}

#[tokio::test]
async fn an_expense_is_dated_by_the_store_s_day_not_utc_s() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let sao_paulo = app.store(&t, "Matriz").await;
    let r = app
        .post("/api/v1/stores")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"name": "Noronha", "timeZone": "America/Noronha"}))
        .send()
        .await;
    let noronha = r.body["id"].as_str().expect("store").to_string();
    let car_sp = app.vehicle(&t, &sao_paulo, json!({})).await;
    let car_fn = app.vehicle(&t, &noronha, json!({})).await;
    let expense = |token: String, id: String, day: &'static str| {
        let (app, slug) = (&app, t.slug.clone());
        async move {
            app.post(&format!("/api/v1/vehicles/{id}/expenses"))
                .tenant(&slug)
                .token(&token)
                .json(json!({"spentOn": day, "description": "Lavagem", "amountCents": 5000}))
                .send()
                .await
        }
    };
    let (sp, fno) = (car_sp["id"].as_str().expect("id").to_string(), car_fn["id"].as_str().expect("id").to_string());
    // 2026-03-10 22:30 in São Paulo is 01:30 UTC on the 11th.
    app.clock.advance(chrono::Duration::minutes(13 * 60 + 30));
    let token = app.login(&t.slug, &t.owner_email, innexar_testkit::PASSWORD).await;
    let r = expense(token.clone(), sp.clone(), "2026-03-11").await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["code"], "vehicles.expense_in_future");
    assert_eq!(expense(token.clone(), sp.clone(), "2026-03-10").await.status, StatusCode::CREATED);
    // Forty-five minutes later it is the 11th in Noronha (UTC-2), still the 10th in São Paulo.
    app.clock.advance(chrono::Duration::minutes(45));
    let token = app.login(&t.slug, &t.owner_email, innexar_testkit::PASSWORD).await;
    assert_eq!(expense(token.clone(), fno, "2026-03-11").await.status, StatusCode::CREATED);
    expense(token, sp, "2026-03-11").await.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
}

#[tokio::test]
async fn the_export_dates_a_car_s_entry_by_its_store_s_day() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    // 22:30 on 9 March in São Paulo is 01:30 UTC on the 10th.
    app.vehicle(&t, &store, json!({"enteredAt": "2026-03-10T01:30:00Z"})).await;
    let (status, _, csv) =
        app.get("/api/v1/vehicles/export?format=csv").tenant(&t.slug).token(&t.owner_token).send_bytes().await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(csv).expect("utf-8");
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().expect("header").split(';').collect();
    let row: Vec<&str> = lines.next().expect("row").split(';').collect();
    let entrada = header.iter().position(|h| *h == "Entrada").expect("Entrada column");
    assert_eq!(row[entrada], "09/03/2026");
}
