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
    // The tenant is the envelope's; the payload does not repeat it.
    assert!(envelope["data"].get("tenantId").is_none(), "{envelope}");
    assert_eq!(envelope["subject"], a["id"]);
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
    app.sell(&t, v["id"].as_str().expect("id")).await;
    let url = format!("/api/v1/vehicles/{}/status", v["id"].as_str().expect("id"));
    let r = app.post(&url).tenant(&t.slug).token(&t.owner_token).json(json!({"status": "delivered"})).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
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
    for s in ["in_preparation", "available"] {
        let r = go(s).send().await;
        assert_eq!(r.status, StatusCode::OK, "to {s}: {}", r.text);
        assert_eq!(r.body["status"], s);
    }
    // Holding a car for a customer is a reservation's, and selling it a sale's, never a bare
    // status (nothing changes).
    go("reserved").send().await.problem(StatusCode::CONFLICT, "vehicles.status_set_by_deal");
    go("sold").send().await.problem(StatusCode::CONFLICT, "vehicles.status_set_by_deal");
    let available = app.get(&format!("/api/v1/vehicles/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(available.body["status"], "available");
    let next = available.body["nextStatuses"].as_array().expect("next");
    assert!(!next.contains(&json!("reserved")) && !next.contains(&json!("sold")), "{}", available.text);
    app.sell(&t, id).await;
    let r = go("delivered").send().await;
    assert_eq!(r.status, StatusCode::OK, "to delivered: {}", r.text);
    assert_eq!(r.body["status"], "delivered");
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
    assert_eq!(changes, 4);
    let history =
        app.get(&format!("/api/v1/vehicles/{id}/status-history")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    let moves: Vec<(serde_json::Value, serde_json::Value)> =
        history.body["items"].as_array().expect("items").iter().map(|i| (i["from"].clone(), i["to"].clone())).collect();
    assert_eq!(
        moves,
        vec![
            (json!(null), json!("in_transit")),
            (json!("in_transit"), json!("in_preparation")),
            (json!("in_preparation"), json!("available")),
            (json!("available"), json!("sold")),
            (json!("sold"), json!("delivered")),
        ]
    );
    assert_eq!(history.body["items"][4]["note"], "cliente João");
    assert_eq!(history.body["items"][4]["changedByEmail"], t.owner_email.as_str());
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
    app.sell(&t, sold["id"].as_str().expect("id")).await;
    let r = app.get(&surl).tenant(&t.slug).token(&t.owner_token).send().await;
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
    let newest_first = app.get("/api/v1/vehicles?q=jeep").tenant(&t.slug).token(&t.owner_token).send().await;
    let models: Vec<&str> =
        newest_first.body["items"].as_array().expect("items").iter().filter_map(|v| v["model"].as_str()).collect();
    assert_eq!(models, vec!["Compass", "Renegade"], "search results come newest first");
    let oldest_first =
        app.get("/api/v1/vehicles?q=jeep&sort=createdAt").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(oldest_first.body["items"][0]["model"], "Renegade");
    let filtered =
        app.get("/api/v1/vehicles?q=jeep&status=reserved").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(filtered.body["total"], 0, "the count honours the other filters");
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

#[tokio::test]
async fn the_vehicle_record_keeps_what_dealers_track() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let entered = (app.state.clock.now() - chrono::Duration::days(45)).to_rfc3339();
    let v = app
        .vehicle(
            &t,
            &store,
            json!({"origin": "trade_in", "renavam": "639884962", "fipeCode": "0053406", "fipeValueCents": 10_250_000,
                "fipeReferenceMonth": "2026-02", "interiorColor": "Preto", "doors": 4,
                "options": ["Ar-condicionado", "Teto solar", "ar-condicionado"], "description": "Único dono, revisões na concessionária.",
                "keysCount": 2, "lotLocation": "Pátio B, vaga 12", "minPriceCents": 9_500_000, "enteredAt": entered}),
        )
        .await;
    assert_eq!(v["origin"], "trade_in");
    assert_eq!(v["renavam"], "00639884962");
    assert_eq!(v["fipeCode"], "005340-6");
    assert_eq!(v["fipeValueCents"], 10_250_000);
    assert_eq!(v["options"], json!(["Ar-condicionado", "Teto solar"]), "duplicates dropped");
    assert_eq!(v["keysCount"], 2);
    assert_eq!(v["minPriceCents"], 9_500_000);
    assert_eq!(v["daysInStock"], 45, "days count from the entry date");

    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    let url = format!("/api/v1/vehicles/{}", v["id"].as_str().expect("id"));
    let seen = app.get(&url).tenant(&t.slug).token(&sales).send().await;
    assert!(seen.body.get("minPriceCents").is_none() && seen.body.get("costCents").is_none(), "{}", seen.text);
    assert_eq!(seen.body["lotLocation"], "Pátio B, vaga 12");
    app.patch(&url)
        .tenant(&t.slug)
        .token(&sales)
        .if_match(&seen.etag())
        .json(json!({"minPriceCents": 1}))
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "auth.forbidden");
    let r = app
        .patch(&url)
        .tenant(&t.slug)
        .token(&sales)
        .if_match(&seen.etag())
        .json(json!({"lotLocation": null, "keysCount": 1}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["lotLocation"].is_null());

    let r = app.post("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token)
        .json(json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual", "condition": "used",
            "renavam": "00639884963", "fipeCode": "12345", "fipeReferenceMonth": "2026-13", "doors": 9, "keysCount": 20,
            "priceCents": 5_000_000, "minPriceCents": 6_000_000, "origin": "stolen",
            "enteredAt": (app.state.clock.now() + chrono::Duration::days(2)).to_rfc3339()}))
        .send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["pointer"], "/origin", "an unknown enum is caught while reading the body");
    let r = app.post("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token)
        .json(json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual", "condition": "used",
            "renavam": "00639884963", "fipeCode": "12345", "fipeReferenceMonth": "2026-13", "doors": 9, "keysCount": 20,
            "priceCents": 5_000_000, "minPriceCents": 6_000_000,
            "enteredAt": (app.state.clock.now() + chrono::Duration::days(2)).to_rfc3339()}))
        .send().await;
    let mut p = r.pointers();
    p.sort();
    assert_eq!(
        p,
        vec!["/doors", "/enteredAt", "/fipeCode", "/fipeReferenceMonth", "/keysCount", "/minPriceCents", "/renavam"]
    );
    let codes: Vec<&str> = r.body["errors"].as_array().expect("e").iter().filter_map(|e| e["code"].as_str()).collect();
    assert!(codes.contains(&"renavam.check_digit") && codes.contains(&"vehicles.minimum_above_price"), "{codes:?}");
}

#[tokio::test]
async fn every_asking_price_is_kept_in_the_price_history() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({"priceCents": 10_000_000})).await;
    let url = format!("/api/v1/vehicles/{}", v["id"].as_str().expect("id"));
    for (version, price) in [(1, 9_800_000), (2, 9_500_000)] {
        app.clock.advance(chrono::Duration::minutes(5));
        let r = app
            .patch(&url)
            .tenant(&t.slug)
            .token(&t.owner_token)
            .if_match(&format!("\"{version}\""))
            .json(json!({"priceCents": price}))
            .send()
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    app.patch(&url)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("\"3\"")
        .json(json!({"mileageKm": 22000}))
        .send()
        .await;
    let h = app.get(&format!("{url}/price-history")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(h.status, StatusCode::OK, "{}", h.text);
    let items = h.body["items"].as_array().expect("items");
    let prices: Vec<(serde_json::Value, serde_json::Value)> =
        items.iter().map(|i| (i["previousCents"].clone(), i["priceCents"].clone())).collect();
    assert_eq!(
        prices,
        vec![
            (json!(null), json!(10_000_000)),
            (json!(10_000_000), json!(9_800_000)),
            (json!(9_800_000), json!(9_500_000)),
        ]
    );
    assert_eq!(items[2]["changedByEmail"], t.owner_email.as_str());
}

#[tokio::test]
async fn reconditioning_expenses_add_to_the_cost_and_aging_buckets_the_stock() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let s1 = app.store(&t, "Matriz").await;
    let s2 = app.store(&t, "Filial").await;
    let now = app.state.clock.now();
    let ago = |d: i64| (now - chrono::Duration::days(d)).to_rfc3339();
    let young =
        app.vehicle(&t, &s1, json!({"enteredAt": ago(10), "priceCents": 5_000_000, "costCents": 4_000_000})).await;
    app.vehicle(&t, &s1, json!({"enteredAt": ago(45), "priceCents": 6_000_000, "costCents": 5_000_000})).await;
    app.vehicle(&t, &s1, json!({"enteredAt": ago(75), "priceCents": 7_000_000, "costCents": 6_000_000})).await;
    app.vehicle(&t, &s2, json!({"enteredAt": ago(120), "priceCents": 8_000_000, "costCents": 7_000_000})).await;
    let sold =
        app.vehicle(&t, &s2, json!({"enteredAt": ago(5), "priceCents": 9_000_000, "costCents": 8_000_000})).await;
    app.sell(&t, sold["id"].as_str().expect("id")).await;

    let expenses = format!("/api/v1/vehicles/{}/expenses", young["id"].as_str().expect("id"));
    for (desc, amount) in [("Polimento", 35_000), ("Troca de pneus", 180_000)] {
        let r = app.post(&expenses).tenant(&t.slug).token(&t.owner_token)
            .json(json!({"spentOn": "2026-03-01", "description": desc, "supplier": "Oficina do Zé", "amountCents": amount})).send().await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    let bad = app
        .post(&expenses)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"spentOn": "2026-03-01", "description": "", "amountCents": 0}))
        .send()
        .await;
    let mut p = bad.pointers();
    p.sort();
    assert_eq!(p, vec!["/amountCents", "/description"]);
    let list = app.get(&expenses).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["totalCents"], 215_000);
    assert_eq!(list.body["items"].as_array().expect("items").len(), 2);
    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], None).await;
    app.get(&expenses).tenant(&t.slug).token(&sales).send().await.problem(StatusCode::FORBIDDEN, "auth.forbidden");

    let report = app.get("/api/v1/reports/stock-aging").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let counts: Vec<u64> =
        report.body["buckets"].as_array().expect("b").iter().map(|b| b["vehicles"].as_u64().expect("n")).collect();
    assert_eq!(counts, vec![1, 1, 1, 1], "the sold vehicle is out of stock");
    assert_eq!(report.body["buckets"][0]["valueAtCostCents"], 4_000_000 + 215_000);
    assert_eq!(report.body["buckets"][3]["label"], "90+");
    assert_eq!(report.body["total"]["valueAtPriceCents"], 26_000_000);
    let matriz = report.body["stores"]
        .as_array()
        .expect("stores")
        .iter()
        .find(|s| s["storeName"] == "Matriz")
        .expect("matriz")
        .clone();
    assert_eq!(matriz["total"]["vehicles"], 3);
    let filial = app
        .get(&format!("/api/v1/reports/stock-aging?storeId={s2}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await;
    assert_eq!(filial.body["total"]["vehicles"], 1);
    assert_eq!(filial.body["stores"].as_array().expect("stores").len(), 1);
    app.get("/api/v1/reports/stock-aging")
        .tenant(&t.slug)
        .token(&sales)
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "auth.forbidden");

    let first = list.body["items"][0]["id"].as_str().expect("id");
    assert_eq!(
        app.delete(&format!("{expenses}/{first}")).tenant(&t.slug).token(&t.owner_token).send().await.status,
        StatusCode::NO_CONTENT
    );
    app.delete(&format!("{expenses}/{first}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "vehicles.expense_not_found");
    assert_eq!(app.get(&expenses).tenant(&t.slug).token(&t.owner_token).send().await.body["totalCents"], 180_000);
}

#[tokio::test]
async fn the_inventory_summary_counts_a_users_stores_by_status_with_age_and_value() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let s1 = app.store(&t, "Matriz").await;
    let s2 = app.store(&t, "Filial").await;
    let now = app.state.clock.now();
    let ago = |d: i64| (now - chrono::Duration::days(d)).to_rfc3339();
    app.vehicle(&t, &s1, json!({"enteredAt": ago(10), "priceCents": 5_000_000, "costCents": 4_000_000})).await;
    app.vehicle(&t, &s1, json!({"enteredAt": ago(100), "priceCents": 6_000_000, "costCents": 5_000_000})).await;
    app.vehicle(&t, &s1, json!({"status": "in_transit", "enteredAt": ago(1), "priceCents": 7_000_000, "costCents": 0}))
        .await;
    let sold = app.vehicle(&t, &s2, json!({"enteredAt": ago(30), "priceCents": 9_000_000})).await;
    app.sell(&t, sold["id"].as_str().expect("id")).await;

    let all = app.get("/api/v1/reports/inventory-summary").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    let count = |body: &serde_json::Value, status: &str| {
        body["byStatus"].as_array().expect("byStatus").iter().find(|s| s["status"] == status).expect("status")
            ["vehicles"]
            .as_u64()
            .expect("n")
    };
    assert_eq!(all.body["byStatus"].as_array().expect("byStatus").len(), 8, "every status, zeros included");
    assert_eq!((count(&all.body, "available"), count(&all.body, "in_transit")), (2, 1));
    assert_eq!((count(&all.body, "sold"), count(&all.body, "reserved")), (1, 0));
    assert_eq!(all.body["inStock"], 3, "the sold vehicle has left the stock");
    assert_eq!(all.body["averageDaysInStock"], (10 + 100 + 1) / 3);
    assert_eq!(all.body["over90Days"], 1);
    assert_eq!(all.body["valueAtPriceCents"], 18_000_000);
    assert_eq!(all.body["valueAtCostCents"], 9_000_000);

    // A salesperson limited to the branch sees only its numbers, and never the cost.
    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], Some(vec![s2.clone()])).await;
    let mine = app.get("/api/v1/reports/inventory-summary").tenant(&t.slug).token(&sales).send().await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text);
    assert_eq!((mine.body["inStock"].as_u64(), count(&mine.body, "sold")), (Some(0), 1));
    assert!(mine.body["averageDaysInStock"].is_null());
    assert!(mine.body.get("valueAtCostCents").is_none(), "{}", mine.text);
    let outside =
        app.get(&format!("/api/v1/reports/inventory-summary?storeId={s1}")).tenant(&t.slug).token(&sales).send().await;
    assert_eq!(outside.status, StatusCode::OK, "{}", outside.text);
    assert_eq!(
        (outside.body["inStock"].as_u64(), count(&outside.body, "sold")),
        (Some(0), 0),
        "a store outside the user's is a filter nothing passes: its numbers are not shown"
    );
}

#[tokio::test]
async fn a_broad_search_counts_up_to_the_cap_and_says_so_while_filters_and_exports_stay_whole() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let db = app.tenant_db(&t.slug).await;
    innexar_app::demo::seed(db.conn(), t.id, 1_100, app.state.clock.now(), "http://demo.localhost")
        .await
        .expect("seed");
    let list = |q: &'static str| app.get(q).tenant(&t.slug).token(&t.owner_token).send();

    // Every stock number (E-00001 ... E-01100) holds "e-0".
    let broad = list("/api/v1/vehicles?q=e-0").await;
    assert_eq!(broad.status, StatusCode::OK, "{}", broad.text);
    assert_eq!((broad.body["total"].as_u64(), broad.body["totalExact"].as_bool()), (Some(1_000), Some(false)));
    assert_eq!(broad.body["items"].as_array().map(Vec::len), Some(25));
    let filtered = list("/api/v1/vehicles?q=e-0&yearMin=1950").await;
    assert_eq!((filtered.body["total"].as_u64(), filtered.body["totalExact"].as_bool()), (Some(1_000), Some(false)));

    let narrow = list("/api/v1/vehicles?q=E-00042").await;
    assert_eq!((narrow.body["total"].as_u64(), narrow.body["totalExact"].as_bool()), (Some(1), Some(true)));
    // The demo's sales took some customers' cars into stock as trade-ins (numbered after the 1,100).
    let sales = list("/api/v1/sales?pageSize=100").await;
    let trade_ins =
        sales.body["items"].as_array().expect("sales").iter().filter(|s| s["tradeInVehicleId"].is_string()).count();
    assert!(trade_ins > 0, "the demo has trade-ins: {}", sales.text);
    let stock = 1_100 + trade_ins as u64;
    let all = list("/api/v1/vehicles").await;
    assert_eq!((all.body["total"].as_u64(), all.body["totalExact"].as_bool()), (Some(stock), Some(true)));

    // The export of that search is every match, not the counted thousand.
    let csv = list("/api/v1/vehicles/export?format=csv&q=e-0").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    assert_eq!(csv.text.trim_end().lines().count() as u64, 1 + stock, "a header and every vehicle");
}
