use axum::http::{Method, StatusCode};
use innexar_testkit::{PASSWORD, Part, TestApp, TestTenant, slug};
use serde_json::json;

/// Every documented tenant operation, from the OpenAPI document, with its ids filled in by
/// `id_for(path, placeholder)`.
fn tenant_operations(id_for: impl Fn(&str, &str) -> String) -> Vec<(Method, String)> {
    let doc = serde_json::to_value(innexar_app::document()).expect("doc");
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if path.starts_with("/api/v1/platform") {
            continue;
        }
        for method in item.as_object().expect("item").keys() {
            let m: Method = method.to_uppercase().parse().expect("method");
            let mut filled = path
                .replace("{token}", "not-a-link")
                .replace("{version}", "1")
                .replace("{channel}", "whatsapp")
                .replace("{kind}", "quote_sent")
                .replace("{language}", "pt-BR");
            for placeholder in ["{id}", "{expense_id}", "{photo_id}", "{document_id}", "{vehicle_id}"] {
                filled = filled.replace(placeholder, &id_for(path, placeholder));
            }
            ops.push((m, filled));
        }
    }
    ops
}

/// A photo, a document and a (dry-run) import filed under `vehicle_id`, as the tenant's Owner:
/// their ids.
async fn vehicle_files(app: &TestApp, t: &TestTenant, vehicle_id: &str, placa: &str) -> (String, String, String) {
    let photo = crate::media::upload_photo(app, t, vehicle_id, "f.png", &crate::media::noisy_png(8, 8)).await;
    let document = app
        .post(&format!("/api/v1/vehicles/{vehicle_id}/documents"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .multipart(&[
            innexar_testkit::Part::text("kind", "crlv"),
            innexar_testkit::Part::file("file", "crlv.pdf", "application/pdf", crate::media::PDF),
        ])
        .send()
        .await;
    let csv = format!("placa;marca;modelo\n{placa};Fiat;Uno\n");
    let import = app
        .post("/api/v1/vehicles/imports")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .upload(&[("file", Some("f.csv"), csv.as_bytes()), ("dryRun", None, b"true")])
        .send()
        .await;
    let id = |r: &innexar_testkit::Resp, what: &str| r.body["id"].as_str().expect(what).to_string();
    (id(&photo, "photo"), id(&document, "document"), id(&import, "import id"))
}

/// A customer filed under `store_id` who owns a car of their own: the customer's id and the car's.
async fn customer_with_car(app: &TestApp, t: &TestTenant, store_id: &str, placa: &str) -> (String, String) {
    let c = app
        .post("/api/v1/customers")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"kind": "person", "name": "Cliente Isolado", "storeId": store_id, "phones": [{"number": "11987650000"}]}))
        .send()
        .await;
    let id = c.body["id"].as_str().expect("customer").to_string();
    let car = app
        .post(&format!("/api/v1/customers/{id}/vehicles"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"placa": placa, "make": "Fiat", "model": "Uno", "year": 2015}))
        .send()
        .await;
    (id, car.body["id"].as_str().expect("customer's car").to_string())
}

/// A lead of `customer_id` with a task on it, as the Owner: the lead's id and the task's.
async fn lead_with_task(app: &TestApp, t: &TestTenant, customer_id: &str) -> (String, String) {
    let lead = app
        .post("/api/v1/leads")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"customerId": customer_id, "source": "phone"}))
        .send()
        .await;
    let id = lead.body["id"].as_str().expect("lead").to_string();
    let task = app
        .post("/api/v1/activities")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"kind": "task", "leadId": id, "body": "Ligar", "dueAt": "2030-01-01T12:00:00Z"}))
        .send()
        .await;
    (id, task.body["id"].as_str().expect("task").to_string())
}

/// The deal desk's records of `customer_id` at `store_id`, as the Owner: a second vehicle held
/// and quoted for them, a discount waiting for approval, their own car appraised.
struct Deal {
    vehicle: String,
    reservation: String,
    quote: String,
    approval: String,
    appraisal: String,
    sale: String,
    plan: String,
}

impl Deal {
    fn ids(&self) -> [&String; 7] {
        [&self.vehicle, &self.reservation, &self.quote, &self.approval, &self.appraisal, &self.sale, &self.plan]
    }

    /// The id an operation on a deal record takes, if `path` is one.
    fn id_for(&self, path: &str) -> Option<String> {
        [
            ("/reservations/", &self.reservation),
            ("/quotes/", &self.quote),
            ("/approvals/", &self.approval),
            ("/appraisals/", &self.appraisal),
            ("/sales/", &self.sale),
            ("/commission-plans/", &self.plan),
        ]
        .iter()
        .find(|(p, _)| path.contains(p))
        .map(|(_, id)| (*id).clone())
    }
}

async fn deal_records(app: &TestApp, t: &TestTenant, store_id: &str, customer_id: &str, placa: &str) -> Deal {
    let v = app.vehicle(t, store_id, json!({})).await;
    let vehicle = v["id"].as_str().expect("id").to_string();
    let id = |r: &innexar_testkit::Resp, what: &str| {
        assert!(r.status.is_success(), "{what}: {}", r.text);
        r.body["id"].as_str().expect(what).to_string()
    };
    let limits = app
        .call(Method::PUT, &format!("/api/v1/stores/{store_id}/discount-limits"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match("*")
        .json(json!({"limits": [{"role": "owner", "maxPercent": "0.01"}]}))
        .send()
        .await;
    assert_eq!(limits.status, StatusCode::OK, "{}", limits.text);
    let r = app
        .post(&format!("/api/v1/vehicles/{vehicle}/reservations"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"customerId": customer_id, "endsAt": "2026-03-11T12:00:00Z"}))
        .send()
        .await;
    let reservation = id(&r, "reservation");
    let q = app
        .post("/api/v1/quotes")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"customerId": customer_id, "vehicleId": vehicle, "discountCents": 500_000, "validUntil": "2026-03-20",
            "payments": [{"method": "down_payment", "amountCents": 9_390_000}]}))
        .send()
        .await;
    let quote = id(&q, "quote");
    let a = app
        .post(&format!("/api/v1/quotes/{quote}/approval-requests"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({}))
        .send()
        .await;
    let approval = id(&a, "approval");
    let p = app
        .post("/api/v1/appraisals")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"customerId": customer_id, "vehicle": {"placa": placa, "make": "Fiat", "model": "Palio", "year": 2012},
            "mileageKm": 120_000, "appraisedValueCents": 1_500_000}))
        .send()
        .await;
    let appraisal = id(&p, "appraisal");
    let sold = app.vehicle(t, store_id, json!({})).await;
    let sale = app.sell(t, sold["id"].as_str().expect("id")).await["id"].as_str().expect("sale").to_string();
    let plan = app
        .post("/api/v1/commission-plans")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"name": "Plano", "storeId": store_id, "role": "sales", "basis": "price", "rate": "0.01"}))
        .send()
        .await;
    let plan = id(&plan, "plan");
    Deal { vehicle, reservation, quote, approval, appraisal, sale, plan }
}

/// A valid body for each customer and deal write, so only the boundary under test can refuse it.
fn customer_body(method: &Method, path: &str) -> Option<serde_json::Value> {
    let someone = "0190f5c0-0000-7000-8000-000000000000";
    match (method.as_str(), path) {
        ("POST", p) if p.ends_with("/reservations") => {
            Some(json!({"customerId": someone, "endsAt": "2026-03-11T12:00:00Z"}))
        }
        ("PUT", p) if p.contains("/quotes/") => {
            Some(json!({"customerId": someone, "vehicleId": someone, "payments": [], "validUntil": "2026-03-20"}))
        }
        ("POST", p) if p.ends_with("/decision") => Some(json!({"decision": "approve"})),
        ("POST", p) if p.ends_with("/answer") => Some(json!({"decision": "accepted"})),
        ("POST", p) if p.ends_with("/cancellation") => Some(json!({"reason": "teste"})),
        ("PUT", p) if p.contains("/commission-plans/") => {
            Some(json!({"name": "Trocado", "role": "sales", "basis": "price", "rate": "0.5"}))
        }
        ("PUT", p) if p.ends_with("/discount-limits") => Some(json!({"limits": []})),
        ("PUT", p) if p.contains("/appraisals/") => Some(json!({"mileageKm": 1, "appraisedValueCents": 1})),
        ("PATCH", p) if p.contains("/customers/") => Some(json!({"notes": "mudado"})),
        ("POST", p) if p.ends_with("/merge") => Some(json!({"mergedId": "0190f5c0-0000-7000-8000-000000000000"})),
        ("POST", p) if p.ends_with("/consents") => Some(json!({
            "purpose": "marketing", "channel": "email", "granted": false, "source": "teste"
        })),
        ("POST", p) if p.contains("/customers/") && p.ends_with("/vehicles") => {
            Some(json!({"placa": "ZZZ9Z99", "make": "Fiat", "model": "Uno", "year": 2015}))
        }
        ("PATCH", p) if p.contains("/leads/") => Some(json!({"notes": "mudado"})),
        ("POST", p) if p.ends_with("/data-requests") => Some(json!({"kind": "access", "channel": "e-mail"})),
        ("POST", p) if p.ends_with("/close") => Some(json!({"status": "refused", "answer": "x"})),
        ("POST", p) if p.contains("/leads/") && p.ends_with("/stage") => Some(json!({"stage": "qualified"})),
        ("POST", p) if p.ends_with("/assign") => Some(json!({"ownerId": null, "reason": "teste"})),
        ("PUT", p) if p.ends_with("/lead-settings") => Some(json!({"firstResponseMinutes": 5, "assignment": "manual"})),
        ("PUT", p) if p.contains("/rate-tables/") => Some(json!({"bank": "Banco", "name": "Trocada",
            "rates": [{"maxInstallments": 48, "minDownPayment": "0.2", "monthlyRate": "0.0179"}]})),
        _ => None,
    }
}

/// Answered without a token: sign-in, the tenant's public name, and signed links (whose isolation
/// tests/api/media proves).
const PUBLIC: &[&str] = &[
    "/api/v1/auth/login",
    "/api/v1/auth/refresh",
    "/api/v1/auth/logout",
    "/api/v1/auth/accept-invitation",
    "/api/v1/auth/password-reset",
    "/api/v1/auth/password-reset/confirm",
    "/api/v1/tenant",
    "/api/v1/links/not-a-link",
    // A lead source's key instead of a user's token: tests/api/intake shows a key opens nothing else.
    "/api/v1/intake/leads",
    // A quote's link, read and answered by its customer: tests/api/sales shows a link opens its
    // quote only, in its own tenant.
    "/api/v1/public/quotes/not-a-link",
    "/api/v1/public/quotes/not-a-link/confirmation-code",
    "/api/v1/public/quotes/not-a-link/acceptance",
    "/api/v1/public/quotes/not-a-link/decline",
    "/api/v1/public/quotes/not-a-link/pdf",
    // A message's opt-out link, and the providers' callbacks, authenticated by the tenant's own
    // secrets: tests/api/messaging shows another tenant's do not open them.
    "/api/v1/public/messages/opt-out/not-a-link",
    "/api/v1/public/messages/whatsapp",
    "/api/v1/public/messages/zenvia",
];

#[tokio::test]
async fn nothing_of_tenant_b_is_reachable_from_tenant_a() {
    let app = TestApp::spawn().await;
    let a = app.tenant(&slug("a")).await;
    let b = app.tenant(&slug("b")).await;
    let b_store = app.store(&b, "Loja B").await;
    let b_vehicle = app.vehicle(&b, &b_store, json!({"placa": "BBB1B11"})).await;
    let b_vehicle_id = b_vehicle["id"].as_str().expect("id").to_string();
    let b_me = app.get("/api/v1/me").tenant(&b.slug).token(&b.owner_token).send().await;
    let b_user_id = b_me.body["user"]["id"].as_str().expect("id").to_string();
    let (b_photo_id, b_document_id, b_import_id) = vehicle_files(&app, &b, &b_vehicle_id, "BBB1B11").await;
    let (b_customer_id, b_car_id) = customer_with_car(&app, &b, &b_store, "CLB1B22").await;
    let (b_lead_id, b_task_id) = lead_with_task(&app, &b, &b_customer_id).await;
    let b_request = app
        .post(&format!("/api/v1/customers/{b_customer_id}/data-requests"))
        .tenant(&b.slug)
        .token(&b.owner_token)
        .json(json!({"kind": "access", "channel": "e-mail"}))
        .send()
        .await;
    let b_request_id = b_request.body["id"].as_str().expect("request").to_string();
    let b_rates = app
        .post("/api/v1/financing/rate-tables")
        .tenant(&b.slug)
        .token(&b.owner_token)
        .json(json!({"bank": "Banco B", "name": "Tabela B",
            "rates": [{"maxInstallments": 48, "minDownPayment": "0.2", "monthlyRate": "0.0179"}]}))
        .send()
        .await;
    let b_rates_id = b_rates.body["id"].as_str().expect("rate table").to_string();
    let b_deal = deal_records(&app, &b, &b_store, &b_customer_id, "DLB2B33").await;
    let b_hook = app
        .post("/api/v1/webhooks/endpoints")
        .tenant(&b.slug)
        .token(&b.owner_token)
        .json(json!({"url": "https://erp-b.example.com/hook", "eventTypes": ["*"]}))
        .send()
        .await;
    let b_hook_id = b_hook.body["id"].as_str().expect("endpoint").to_string();
    let b_delivery = app
        .post(&format!("/api/v1/webhooks/endpoints/{b_hook_id}/test"))
        .tenant(&b.slug)
        .token(&b.owner_token)
        .send()
        .await;
    let b_delivery_id = b_delivery.body["id"].as_str().expect("delivery").to_string();
    app.post("/api/v1/auth/password-reset").tenant(&b.slug).json(json!({"email": b.owner_email})).send().await;
    let b_messages = app.get("/api/v1/messages").tenant(&b.slug).token(&b.owner_token).send().await;
    let b_message_id = b_messages.body["items"][0]["id"].as_str().expect("a message in b's mailbox").to_string();
    let id_for = |path: &str, placeholder: &str| {
        if let Some(id) = b_deal.id_for(path) {
            id
        } else if path.contains("/webhooks/endpoints/") {
            b_hook_id.clone()
        } else if path.contains("/webhooks/deliveries/") {
            b_delivery_id.clone()
        } else if path.starts_with("/api/v1/messages/") {
            b_message_id.clone()
        } else if placeholder == "{vehicle_id}" {
            b_car_id.clone()
        } else if path.contains("/rate-tables/") {
            b_rates_id.clone()
        } else if path.contains("/data-requests/") {
            b_request_id.clone()
        } else if path.contains("/leads/") {
            b_lead_id.clone()
        } else if path.contains("/activities/") {
            b_task_id.clone()
        } else if path.contains("/crm/stores/") {
            b_store.clone()
        } else if path.contains("/customers/") {
            b_customer_id.clone()
        } else if path.contains("/imports/") {
            b_import_id.clone()
        } else if placeholder == "{photo_id}" {
            b_photo_id.clone()
        } else if placeholder == "{document_id}" {
            b_document_id.clone()
        } else if path.contains("/users/") {
            b_user_id.clone()
        } else if path.contains("/stores/") {
            b_store.clone()
        } else {
            b_vehicle_id.clone()
        }
    };
    // A valid body for each write, so only the tenant boundary can refuse it.
    let body_for = |method: &Method, path: &str| {
        customer_body(method, path).unwrap_or_else(|| match (method.as_str(), path) {
            ("PATCH", p) if p.contains("/users/") => json!({"name": "hacked", "active": false}),
            ("POST", p) if p.ends_with("/password") => json!({"newPassword": "hacked-password-1"}),
            ("PATCH", p) if p.contains("/stores/") => json!({"name": "hacked"}),
            ("PATCH", p) if p.contains("/photos/") => json!({"isCover": true}),
            ("PATCH", p) if p.contains("/vehicles/") => json!({"priceCents": 1}),
            ("POST", p) if p.ends_with("/status") => json!({"status": "sold"}),
            ("POST", p) if p.ends_with("/expenses") => {
                json!({"spentOn": "2026-03-01", "description": "x", "amountCents": 1})
            }
            _ => json!({}),
        })
    };
    let ops = tenant_operations(id_for);
    assert!(ops.len() >= 15, "the OpenAPI document lists the tenant operations: {ops:?}");

    for (method, path) in &ops {
        if PUBLIC.contains(&path.as_str()) {
            continue;
        }
        // A's token on B's host.
        let r = app
            .call(method.clone(), path)
            .host(&format!("{}.localhost", b.slug))
            .token(&a.owner_token)
            .if_match("\"1\"")
            .json(body_for(method, path))
            .send()
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {path} with A's token on B's host: {}", r.text);
        // A's own host, B's ids.
        if path.contains(&b_vehicle_id)
            || path.contains(&b_store)
            || path.contains(&b_user_id)
            || path.contains(&b_import_id)
            || path.contains(&b_customer_id)
            || path.contains(&b_lead_id)
            || path.contains(&b_task_id)
            || path.contains(&b_request_id)
            || path.contains(&b_rates_id)
            || path.contains(&b_hook_id)
            || path.contains(&b_delivery_id)
            || b_deal.ids().iter().any(|id| path.contains(id.as_str()))
        {
            let r = app
                .call(method.clone(), path)
                .tenant(&a.slug)
                .token(&a.owner_token)
                .if_match("\"1\"")
                .json(body_for(method, path))
                .send()
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{method} {path} with B's id from A: {}", r.text);
        }
    }
    let audit =
        app.get(&format!("/api/v1/audit?entityId={b_vehicle_id}")).tenant(&a.slug).token(&a.owner_token).send().await;
    assert_eq!(audit.body["total"], 0);
    let search = app.get("/api/v1/vehicles?q=BBB1B11").tenant(&a.slug).token(&a.owner_token).send().await;
    assert_eq!(search.body["total"], 0);
    for q in ["Cliente", "11987650000", "CLB1B22"] {
        let found = app.get(&format!("/api/v1/customers?q={q}")).tenant(&a.slug).token(&a.owner_token).send().await;
        assert_eq!(found.body["total"], 0, "{q}: {}", found.text);
    }
    let c = app.get(&format!("/api/v1/customers/{b_customer_id}")).tenant(&b.slug).token(&b.owner_token).send().await;
    assert_eq!((c.body["version"].as_i64(), c.body["notes"].as_str()), (Some(1), None), "{}", c.text);
    let l = app.get(&format!("/api/v1/leads/{b_lead_id}")).tenant(&b.slug).token(&b.owner_token).send().await;
    assert_eq!((l.body["version"].as_i64(), l.body["stage"].as_str()), (Some(1), Some("new")), "{}", l.text);
    let leads = app.get("/api/v1/leads/board").tenant(&a.slug).token(&a.owner_token).send().await;
    assert!(leads.body["columns"].as_array().expect("columns").iter().all(|c| c["total"] == 0), "{}", leads.text);
    let cars = app
        .get(&format!("/api/v1/customers/{b_customer_id}/vehicles"))
        .tenant(&b.slug)
        .token(&b.owner_token)
        .send()
        .await;
    // Their car and the one appraised for the deal.
    assert_eq!(cars.body["items"].as_array().map(Vec::len), Some(2), "{}", cars.text);

    // B's records are as they were.
    let v = app.get(&format!("/api/v1/vehicles/{b_vehicle_id}")).tenant(&b.slug).token(&b.owner_token).send().await;
    assert_eq!(v.body["version"], 1);
    assert_eq!(v.body["status"], "available");
    let s = app.get(&format!("/api/v1/stores/{b_store}")).tenant(&b.slug).token(&b.owner_token).send().await;
    assert_eq!(s.body["name"], "Loja B");
    let u = app.get(&format!("/api/v1/users/{b_user_id}")).tenant(&b.slug).token(&b.owner_token).send().await;
    assert_eq!(u.body["active"], true);
    app.login(&b.slug, &b.owner_email, PASSWORD).await;
    let b_list = app.get("/api/v1/vehicles?status=available").tenant(&b.slug).token(&b.owner_token).send().await;
    assert_eq!(b_list.body["total"], 1, "B's first car is still on sale, its second held: {}", b_list.text);
    let q = app.get(&format!("/api/v1/quotes/{}", b_deal.quote)).tenant(&b.slug).token(&b.owner_token).send().await;
    assert_eq!((q.body["status"].as_str(), q.body["currentVersion"].as_i64()), (Some("draft"), Some(1)), "{}", q.text);
    assert_eq!(q.body["approvals"][0]["status"], "pending");
    let r = app
        .get(&format!("/api/v1/reservations/{}", b_deal.reservation))
        .tenant(&b.slug)
        .token(&b.owner_token)
        .send()
        .await;
    assert_eq!(r.body["status"], "active");
    let h =
        app.get(&format!("/api/v1/webhooks/endpoints/{b_hook_id}")).tenant(&b.slug).token(&b.owner_token).send().await;
    assert_eq!((h.body["version"].as_i64(), h.body["active"].as_bool()), (Some(1), Some(true)), "{}", h.text);
    let log = app
        .get(&format!("/api/v1/webhooks/endpoints/{b_hook_id}/deliveries"))
        .tenant(&b.slug)
        .token(&b.owner_token)
        .send()
        .await;
    assert_eq!(
        (log.body["total"].as_u64(), log.body["items"][0]["attempts"].as_i64()),
        (Some(1), Some(0)),
        "{}",
        log.text
    );
    let a_hooks = app.get("/api/v1/webhooks/endpoints").tenant(&a.slug).token(&a.owner_token).send().await;
    assert_eq!(a_hooks.body["items"], json!([]), "A's own list holds nothing of B's");
}

#[tokio::test]
async fn a_users_password_cannot_open_another_tenant() {
    let app = TestApp::spawn().await;
    let a = app.tenant(&slug("a")).await;
    let b = app.tenant(&slug("b")).await;
    app.post("/api/v1/auth/login")
        .tenant(&b.slug)
        .json(json!({"email": a.owner_email, "password": PASSWORD}))
        .send()
        .await
        .problem(StatusCode::UNAUTHORIZED, "auth.invalid_credentials");
}

/// Inside one tenant: a Store Manager limited to one store reaches nothing filed under another
/// store (its vehicles and their photos, documents and expenses, the store itself, its users, an
/// import the Owner started), through every documented operation with an id: 404, or 403 where
/// the role itself forbids the action. The records are as they were afterwards.
#[tokio::test]
async fn nothing_of_another_store_is_reachable_for_a_user_limited_to_one() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let mine = app.store(&t, "Matriz").await;
    let other = app.store(&t, "Filial").await;
    let vehicle = app.vehicle(&t, &other, json!({"placa": "FIL1A11"})).await;
    let vehicle_id = vehicle["id"].as_str().expect("id").to_string();
    let (photo_id, document_id, import_id) = vehicle_files(&app, &t, &vehicle_id, "FIL1A11").await;
    let expense = app
        .post(&format!("/api/v1/vehicles/{vehicle_id}/expenses"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"spentOn": "2026-03-01", "description": "Polimento", "amountCents": 15_000}))
        .send()
        .await;
    let expense_id = expense.body["id"].as_str().expect("expense").to_string();
    let their_user = app.user(&t, "vendas@filial.com.br", &["sales"], Some(vec![other.clone()])).await;
    let their_me = app.get("/api/v1/me").tenant(&t.slug).token(&their_user).send().await;
    let their_user_id = their_me.body["user"]["id"].as_str().expect("id").to_string();
    let manager = app.user(&t, "gerente@matriz.com.br", &["store_manager"], Some(vec![mine.clone()])).await;
    let (customer_id, car_id) = customer_with_car(&app, &t, &other, "CLF1F22").await;
    let (lead_id, task_id) = lead_with_task(&app, &t, &customer_id).await;
    let deal = deal_records(&app, &t, &other, &customer_id, "DLF2F33").await;
    // The other store has a logo, so its download answers 404 for the scope, not for want of one.
    let logo = app
        .call(Method::PUT, &format!("/api/v1/stores/{other}/logo"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .multipart(&[Part::file("file", "logo.png", "image/png", &crate::media::noisy_png(20, 20))])
        .send()
        .await;
    assert_eq!(logo.status, StatusCode::OK, "{}", logo.text);

    let id_for = |path: &str, placeholder: &str| match placeholder {
        _ if deal.id_for(path).is_some() => deal.id_for(path).unwrap_or_default(),
        "{vehicle_id}" => car_id.clone(),
        _ if path.contains("/leads/") => lead_id.clone(),
        _ if path.contains("/activities/") => task_id.clone(),
        _ if path.contains("/crm/stores/") => other.clone(),
        _ if path.contains("/customers/") => customer_id.clone(),
        "{photo_id}" => photo_id.clone(),
        "{document_id}" => document_id.clone(),
        "{expense_id}" => expense_id.clone(),
        _ if path.contains("/imports/") => import_id.clone(),
        _ if path.contains("/users/") => their_user_id.clone(),
        _ if path.contains("/stores/") => other.clone(),
        _ => vehicle_id.clone(),
    };
    let body_for = |method: &Method, path: &str| {
        customer_body(method, path).unwrap_or_else(|| match (method.as_str(), path) {
            ("PATCH", p) if p.contains("/users/") => json!({"name": "mudado", "active": false}),
            ("POST", p) if p.ends_with("/password") => json!({"newPassword": "senha-trocada-1"}),
            ("PATCH", p) if p.contains("/stores/") => json!({"name": "mudada"}),
            ("PATCH", p) if p.contains("/photos/") => json!({"isCover": true}),
            ("PATCH", p) if p.contains("/vehicles/") => json!({"priceCents": 1}),
            ("POST", p) if p.ends_with("/status") => json!({"status": "reserved"}),
            ("POST", p) if p.ends_with("/expenses") => {
                json!({"spentOn": "2026-03-01", "description": "x", "amountCents": 1})
            }
            ("POST", p) if p.ends_with("/link") => json!({"ttlSecs": 60}),
            _ => json!({}),
        })
    };
    let ids: Vec<&String> = [&vehicle_id, &other, &their_user_id, &import_id, &customer_id, &lead_id, &task_id]
        .into_iter()
        .chain(deal.ids())
        .collect();
    let mut checked = 0;
    for (method, path) in tenant_operations(id_for) {
        if PUBLIC.contains(&path.as_str()) || !ids.iter().any(|id| path.contains(id.as_str())) {
            continue;
        }
        let r = app
            .call(method.clone(), &path)
            .tenant(&t.slug)
            .token(&manager)
            .if_match("*")
            .json(body_for(&method, &path))
            .send()
            .await;
        assert!(
            matches!(r.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{method} {path} by a manager of another store: {} {}",
            r.status,
            r.text
        );
        checked += 1;
    }
    assert!(checked >= 15, "every operation with an id was tried: {checked}");

    let v = app.get(&format!("/api/v1/vehicles/{vehicle_id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!((v.body["version"].as_i64(), v.body["status"].as_str()), (Some(1), Some("available")), "{}", v.text);
    let photos =
        app.get(&format!("/api/v1/vehicles/{vehicle_id}/photos")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(photos.body["items"].as_array().map(Vec::len), Some(1), "{}", photos.text);
    let u = app.get(&format!("/api/v1/users/{their_user_id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!((u.body["active"].as_bool(), u.body["name"].as_str()), (Some(true), Some("Pessoa de Teste")));
    let s = app.get(&format!("/api/v1/stores/{other}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(s.body["name"], "Filial");
    assert_eq!(s.body["logo"]["width"], 20, "the logo is as it was: {}", s.text);
    let c = app.get(&format!("/api/v1/customers/{customer_id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!((c.body["version"].as_i64(), c.body["notes"].as_str()), (Some(1), None), "{}", c.text);
    let found = app.get("/api/v1/customers?q=cliente").tenant(&t.slug).token(&manager).send().await;
    assert_eq!(found.body["total"], 0, "{}", found.text);
    let q = app.get(&format!("/api/v1/quotes/{}", deal.quote)).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(
        (q.body["status"].as_str(), q.body["approvals"][0]["status"].as_str()),
        (Some("draft"), Some("pending"))
    );
    let listed = app.get("/api/v1/quotes").tenant(&t.slug).token(&manager).send().await;
    assert_eq!(listed.body["total"], 0, "{}", listed.text);
}
