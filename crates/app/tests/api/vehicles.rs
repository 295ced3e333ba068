use axum::http::StatusCode;
use innexar_testkit::{TestApp, slug};
use serde_json::json;

#[tokio::test]
async fn a_new_vehicle_gets_the_next_stock_number_exact_money_and_a_created_event() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let a = app
        .vehicle(&t, &store, json!({"vin": " 9bwzzz377vt004251 ", "placa": "abc-1d23", "priceCents": 8990001}))
        .await;
    let b = app.vehicle(&t, &store, json!({})).await;
    assert_eq!(a["stockNumber"], "E-00001");
    assert_eq!(b["stockNumber"], "E-00002");
    assert_eq!(a["vin"], "9BWZZZ377VT004251");
    assert_eq!(a["placa"], "ABC1D23");
    assert_eq!(a["priceCents"], 8990001);
    assert_eq!(a["status"], "available");
    assert_eq!(a["daysInStock"], 0);
    assert_eq!(a["vinInfo"]["manufacturer"], "Volkswagen");
    assert_eq!(a["vinInfo"]["country"], "Brasil");
    assert_eq!(a["vinInfo"]["checkDigitValid"], false, "a warning, and the vehicle was accepted");
    assert!(b["vinInfo"].is_null());

    let db = app.tenant_db(&t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("outbox");
    let created: Vec<_> = events.iter().filter(|e| e.event_type == "vehicle.created").collect();
    assert_eq!(created.len(), 2);
    let e = created.iter().find(|e| e.data["vehicleId"] == a["id"]).expect("event of a");
    let envelope = serde_json::to_value(e).expect("json");
    assert_eq!(envelope["specversion"], "1.0");
    assert_eq!(envelope["type"], "vehicle.created");
    assert_eq!(envelope["tenantid"], t.id.to_string());
    assert_eq!(envelope["source"], format!("/tenants/{}/vehicles", t.id));
    assert_eq!(envelope["data"]["vin"], "9BWZZZ377VT004251");
    assert_eq!(envelope["data"]["tenantId"], t.id.to_string());
    assert!(envelope["time"].is_string() && envelope["id"].is_string());
}

#[tokio::test]
async fn bad_vehicle_fields_are_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let r = app
        .post("/api/v1/vehicles")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"storeId": store, "make": " ", "model": "Argo", "year": 1800, "modelYear": 2030, "vin": "9BWZZZ377VT00425O",
            "placa": "AB-12345", "mileageKm": -5, "priceCents": -1, "fuel": "flex", "transmission": "manual", "condition": "used", "status": "sold"}))
        .send()
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let mut p = r.pointers();
    p.sort();
    assert_eq!(p, vec!["/make", "/mileageKm", "/modelYear", "/placa", "/priceCents", "/status", "/vin", "/year"]);
    let codes: Vec<&str> = r.body["errors"].as_array().expect("e").iter().filter_map(|e| e["code"].as_str()).collect();
    assert!(codes.contains(&"vin.invalid_character") && codes.contains(&"placa.invalid"));
    let unknown_store = app.post("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token)
        .json(json!({"storeId": uuid::Uuid::now_v7(), "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual", "condition": "used"}))
        .send().await;
    assert_eq!(unknown_store.body["errors"][0]["code"], "vehicles.unknown_store");
    let list = app.get("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["total"], 0);
}

#[tokio::test]
async fn the_same_vin_cannot_be_in_stock_twice() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({"vin": "9BWZZZ377VT004251"})).await;
    let dup = app.post("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token)
        .json(json!({"storeId": store, "vin": "9BWZZZ377VT004251", "make": "VW", "model": "Gol", "year": 2020, "fuel": "flex", "transmission": "manual", "condition": "used"}))
        .send().await;
    dup.problem(StatusCode::CONFLICT, "vehicles.duplicate_vin");
    // Once it is sold and delivered it may come back as a trade-in.
    let url = format!("/api/v1/vehicles/{}/status", v["id"].as_str().expect("id"));
    for s in ["sold", "delivered"] {
        let r = app.post(&url).tenant(&t.slug).token(&t.owner_token).json(json!({"status": s})).send().await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    app.vehicle(&t, &store, json!({"vin": "9BWZZZ377VT004251"})).await;
}

#[tokio::test]
async fn status_moves_along_the_lifecycle_and_invalid_moves_are_409() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({"status": "in_transit"})).await;
    let id = v["id"].as_str().expect("id");
    let url = format!("/api/v1/vehicles/{id}/status");
    let go = |status: &str| {
        app.post(&url).tenant(&t.slug).token(&t.owner_token).json(json!({"status": status, "note": "cliente João"}))
    };

    let r = go("sold").send().await;
    r.problem(StatusCode::CONFLICT, "vehicles.invalid_status_transition");
    assert!(r.body["detail"].as_str().expect("detail").contains("in_preparation"));
    for s in ["in_preparation", "available", "reserved", "sold", "delivered"] {
        let r = go(s).send().await;
        assert_eq!(r.status, StatusCode::OK, "to {s}: {}", r.text);
        assert_eq!(r.body["status"], s);
    }
    go("available").send().await.problem(StatusCode::CONFLICT, "vehicles.invalid_status_transition");
    let now = app.get(&format!("/api/v1/vehicles/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(now.body["status"], "delivered");
    assert_eq!(now.body["nextStatuses"], json!([]));
    // Status is not editable by PATCH.
    app.patch(&format!("/api/v1/vehicles/{id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&now.etag())
        .json(json!({"status": "available"}))
        .send()
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");

    let db = app.tenant_db(&t.slug).await;
    let changes = innexar_db::outbox::list(db.conn(), t.id)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|e| e.event_type == "vehicle.status_changed")
        .count();
    assert_eq!(changes, 5);
    // A stale If-Match on a status change is refused too.
    let v2 = app.vehicle(&t, &store, json!({})).await;
    let url2 = format!("/api/v1/vehicles/{}/status", v2["id"].as_str().expect("id"));
    app.post(&url2)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"7\"")
        .json(json!({"status": "reserved"}))
        .send()
        .await
        .problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
}

#[tokio::test]
async fn a_price_change_is_an_event_and_an_audit_entry_with_before_and_after() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({"priceCents": 10_000_000})).await;
    let id = v["id"].as_str().expect("id");
    let r = app
        .patch(&format!("/api/v1/vehicles/{id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"1\"")
        .json(json!({"priceCents": 9_750_000, "color": null}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["color"].is_null());
    let db = app.tenant_db(&t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("outbox");
    let price = events.iter().find(|e| e.event_type == "vehicle.price_changed").expect("price event");
    assert_eq!(price.data["previousPriceCents"], 10_000_000);
    assert_eq!(price.data["priceCents"], 9_750_000);
    assert!(events.iter().any(|e| e.event_type == "vehicle.updated"));

    let audit = app.get(&format!("/api/v1/audit?entityId={id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    let entries = audit.body["items"].as_array().expect("items");
    assert_eq!(entries.len(), 2);
    let update = &entries[0];
    assert_eq!(update["action"], "vehicles.updated");
    assert_eq!(update["actorEmail"], t.owner_email.as_str());
    assert_eq!(update["changes"]["priceCents"], json!({"before": 10_000_000, "after": 9_750_000}));
    assert_eq!(update["changes"]["color"], json!({"before": "Prata", "after": null}));
    assert!(update["changes"].get("make").is_none(), "unchanged fields are not listed");
    assert!(update["requestId"].is_string());
    assert_eq!(entries[1]["action"], "vehicles.created");
}

#[tokio::test]
async fn the_list_filters_sorts_and_searches() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let s1 = app.store(&t, "Matriz").await;
    let s2 = app.store(&t, "Filial").await;
    app.vehicle(&t, &s1, json!({"make": "Fiat", "model": "Argo", "year": 2021, "modelYear": 2022, "priceCents": 6_500_000, "placa": "RIO2A18"})).await;
    app.vehicle(&t, &s1, json!({"make": "Fiat", "model": "Toro", "year": 2023, "modelYear": 2023, "priceCents": 14_000_000, "fuel": "diesel"})).await;
    app.vehicle(&t, &s2, json!({"make": "Chevrolet", "model": "Onix", "trim": "1.0 Turbo Premier", "year": 2024, "modelYear": 2025, "priceCents": 9_900_000, "vin": "9BGKS48U0SG123456", "condition": "new"})).await;
    app.vehicle(&t, &s2, json!({"make": "Citroën", "model": "C3 Aircross", "year": 2022, "modelYear": 2022, "priceCents": 8_000_000, "placa": "ABC1234"})).await;
    let models = |q: &str| {
        let app = &app;
        let t = &t;
        let q = q.to_string();
        async move {
            let r = app.get(&format!("/api/v1/vehicles?{q}")).tenant(&t.slug).token(&t.owner_token).send().await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
            r.body["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|v| v["model"].as_str().expect("model").to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(models("make=Fiat&sort=price").await, vec!["Argo", "Toro"]);
    assert_eq!(models("yearMin=2023&sort=year").await, vec!["Toro", "Onix"]);
    assert_eq!(models("priceMin=7000000&priceMax=10000000&sort=-price").await, vec!["Onix", "C3 Aircross"]);
    assert_eq!(models(&format!("storeId={s2}&sort=model")).await, vec!["C3 Aircross", "Onix"]);
    assert_eq!(models("condition=new").await, vec!["Onix"]);
    assert_eq!(models("fuel=diesel").await, vec!["Toro"]);
    assert_eq!(models("q=premier").await, vec!["Onix"]);
    assert_eq!(models("q=onix%20turbo").await, vec!["Onix"]);
    assert_eq!(models("q=rio-2a18").await, vec!["Argo"]);
    assert_eq!(models("q=9BGKS48U0SG").await, vec!["Onix"]);
    assert_eq!(models("q=citroen").await, vec!["C3 Aircross"], "accents are folded");
    assert_eq!(models("q=abc-1234").await, vec!["C3 Aircross"]);
    // A plate is found in either format: ABC1234 is ABC1C34 on a Mercosul plate, RIO2A18 was RIO2018.
    assert_eq!(models("q=abc1c34").await, vec!["C3 Aircross"]);
    assert_eq!(models("q=rio-2018").await, vec!["Argo"]);
    assert_eq!(models("q=100%25").await, Vec::<String>::new(), "LIKE wildcards are literal");
    let r = app.get("/api/v1/vehicles?status=available,voando").tenant(&t.slug).token(&t.owner_token).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/status");
    let r = app.get("/api/v1/vehicles?yearMin=2025&yearMax=2020").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(r.body["errors"][0]["code"], "field.invalid_range");
}

#[tokio::test]
async fn the_cost_is_seen_and_set_only_with_permission() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({"costCents": 7_000_000})).await;
    assert_eq!(v["costCents"], 7_000_000);
    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    let url = format!("/api/v1/vehicles/{}", v["id"].as_str().expect("id"));
    let seen = app.get(&url).tenant(&t.slug).token(&sales).send().await;
    assert!(seen.body.get("costCents").is_none(), "{}", seen.text);
    assert_eq!(seen.body["priceCents"], 9_890_000);
    app.patch(&url)
        .tenant(&t.slug)
        .token(&sales)
        .if_match(&seen.etag())
        .json(json!({"costCents": 1}))
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "auth.forbidden");
    let accounting = app.user(&t, "contabil@loja.com.br", &["accounting"], None).await;
    assert_eq!(app.get(&url).tenant(&t.slug).token(&accounting).send().await.body["costCents"], 7_000_000);
}

#[tokio::test]
async fn a_user_limited_to_a_store_sees_only_its_vehicles() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let s1 = app.store(&t, "Matriz").await;
    let s2 = app.store(&t, "Filial").await;
    let mine = app.vehicle(&t, &s1, json!({"model": "Mine"})).await;
    let other = app.vehicle(&t, &s2, json!({"model": "Other"})).await;
    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], Some(vec![s1.clone()])).await;
    let list = app.get("/api/v1/vehicles").tenant(&t.slug).token(&sales).send().await;
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["items"][0]["id"], mine["id"]);
    let url = format!("/api/v1/vehicles/{}", other["id"].as_str().expect("id"));
    app.get(&url).tenant(&t.slug).token(&sales).send().await.problem(StatusCode::NOT_FOUND, "vehicles.not_found");
    app.post(&format!("{url}/status"))
        .tenant(&t.slug)
        .token(&sales)
        .json(json!({"status": "reserved"}))
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "vehicles.not_found");
    let stores = app.get("/api/v1/stores").tenant(&t.slug).token(&sales).send().await;
    assert_eq!(stores.body["items"].as_array().expect("items").len(), 1);
    let create_elsewhere = app.post("/api/v1/vehicles").tenant(&t.slug).token(&sales)
        .json(json!({"storeId": s2, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual", "condition": "used"}))
        .send().await;
    assert_eq!(create_elsewhere.body["errors"][0]["code"], "vehicles.unknown_store");
}

#[tokio::test]
async fn vehicles_entered_by_mistake_can_be_deleted_but_sold_ones_cannot() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({})).await;
    let url = format!("/api/v1/vehicles/{}", v["id"].as_str().expect("id"));
    app.delete(&url)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"9\"")
        .send()
        .await
        .problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    assert_eq!(
        app.delete(&url).tenant(&t.slug).token(&t.owner_token).if_match("\"1\"").send().await.status,
        StatusCode::NO_CONTENT
    );
    app.get(&url)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "vehicles.not_found");
    let sold = app.vehicle(&t, &store, json!({})).await;
    let surl = format!("/api/v1/vehicles/{}", sold["id"].as_str().expect("id"));
    let r = app
        .post(&format!("{surl}/status"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"status": "sold"}))
        .send()
        .await;
    app.delete(&surl)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&r.etag())
        .send()
        .await
        .problem(StatusCode::CONFLICT, "vehicles.cannot_delete");
}

#[tokio::test]
async fn stores_validate_cnpj_state_cep_and_time_zone() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let r = app.post("/api/v1/stores").tenant(&t.slug).token(&t.owner_token)
        .json(json!({"name": "Filial", "cnpj": "11.222.333/0001-00", "address": {"state": "XX", "postalCode": "123"}, "timeZone": "Europe/Lisbon"}))
        .send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let mut p = r.pointers();
    p.sort();
    assert_eq!(p, vec!["/address/postalCode", "/address/state", "/cnpj", "/timeZone"]);
    let ok = app.post("/api/v1/stores").tenant(&t.slug).token(&t.owner_token)
        .json(json!({"name": "Filial Centro", "cnpj": "11.222.333/0001-81", "address": {"street": "Rua Direita", "number": "10", "city": "São Paulo", "state": "sp", "postalCode": "01002-000"}}))
        .send().await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    assert_eq!(ok.body["cnpj"], "11222333000181");
    assert_eq!(ok.body["address"]["state"], "SP");
    assert_eq!(ok.body["address"]["postalCode"], "01002000");
    assert_eq!(ok.body["timeZone"], "America/Sao_Paulo");
    let url = format!("/api/v1/stores/{}", ok.body["id"].as_str().expect("id"));
    let r = app
        .patch(&url)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&ok.etag())
        .json(json!({"name": "Filial Sé"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["name"], "Filial Sé");
}

#[tokio::test]
async fn search_follows_edits_and_deletions() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({"make": "Jeep", "model": "Renegade", "trim": "Longitude"})).await;
    app.vehicle(&t, &store, json!({"make": "Jeep", "model": "Compass"})).await;
    let hits = |q: &'static str| {
        let app = &app;
        let t = &t;
        async move {
            let r = app.get(&format!("/api/v1/vehicles?q={q}")).tenant(&t.slug).token(&t.owner_token).send().await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            r.body["total"].as_u64().expect("total")
        }
    };
    assert_eq!(hits("longitude").await, 1);
    assert_eq!(hits("jeep").await, 2);
    let url = format!("/api/v1/vehicles/{}", v["id"].as_str().expect("id"));
    let r = app
        .patch(&url)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"1\"")
        .json(json!({"trim": "Trailhawk"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(hits("longitude").await, 0);
    assert_eq!(hits("trailhawk").await, 1);
    assert_eq!(hits("jeep%20trail").await, 1);
    assert_eq!(
        app.delete(&url).tenant(&t.slug).token(&t.owner_token).if_match("\"2\"").send().await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(hits("trailhawk").await, 0);
    assert_eq!(hits("jeep").await, 1);
    assert_eq!(hits("je").await, 1, "short words are searched too");
}
