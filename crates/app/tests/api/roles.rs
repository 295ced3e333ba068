use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use innexar_testkit::{Part, TestApp, slug};
use serde_json::json;

use crate::media;

const ROLES: [&str; 8] =
    ["owner", "store_manager", "sales", "service_advisor", "technician", "parts", "accounting", "viewer"];
/// The roles that register and change customers.
const FRONT_DESK: &[&str] = &["owner", "store_manager", "sales", "service_advisor", "parts"];

/// The role x endpoint matrix: which roles may call each endpoint. Everyone else gets 403.
fn matrix() -> Vec<(Method, &'static str, &'static [&'static str])> {
    const ALL: &[&str] = &ROLES;
    const MANAGERS: &[&str] = &["owner", "store_manager"];
    const STOCK: &[&str] = &["owner", "store_manager", "sales"];
    const COST: &[&str] = &["owner", "store_manager", "accounting"];
    const PAPERS: &[&str] = &["owner", "store_manager", "sales", "accounting"];
    const LEADS: &[&str] = &["owner", "store_manager", "sales", "viewer"];
    const CUSTOMERS: &[&str] = &["owner", "store_manager", "sales", "service_advisor", "parts", "accounting", "viewer"];
    const DEALS: &[&str] = &["owner", "store_manager", "sales", "accounting", "viewer"];
    vec![
        (Method::GET, "/api/v1/vehicles/{vehicle}/reservations", DEALS),
        (Method::POST, "/api/v1/vehicles/{vehicle}/reservations", STOCK),
        (Method::GET, "/api/v1/reservations", DEALS),
        (Method::GET, "/api/v1/reservations/{reservation}", DEALS),
        (Method::POST, "/api/v1/reservations/{reservation}/release", STOCK),
        (Method::GET, "/api/v1/quotes", DEALS),
        (Method::POST, "/api/v1/quotes", STOCK),
        (Method::GET, "/api/v1/quotes/{quote}", DEALS),
        (Method::PUT, "/api/v1/quotes/{quote}", STOCK),
        (Method::GET, "/api/v1/quotes/{quote}/versions", DEALS),
        (Method::GET, "/api/v1/quotes/{quote}/versions/{version}", DEALS),
        (Method::POST, "/api/v1/quotes/{quote}/send", STOCK),
        (Method::POST, "/api/v1/quotes/{quote}/reject", STOCK),
        (Method::POST, "/api/v1/quotes/{quote}/approval-requests", STOCK),
        (Method::GET, "/api/v1/approvals", DEALS),
        (Method::POST, "/api/v1/approvals/{approval}/decision", MANAGERS),
        (Method::GET, "/api/v1/stores/{store}/discount-limits", DEALS),
        (Method::PUT, "/api/v1/stores/{store}/discount-limits", MANAGERS),
        (Method::GET, "/api/v1/appraisals", DEALS),
        (Method::POST, "/api/v1/appraisals", STOCK),
        (Method::GET, "/api/v1/appraisals/{appraisal}", DEALS),
        (Method::PUT, "/api/v1/appraisals/{appraisal}", STOCK),
        (Method::POST, "/api/v1/quotes/{quote}/links", STOCK),
        (Method::GET, "/api/v1/quotes/{quote}/pdf", DEALS),
        (Method::GET, "/api/v1/quotes/{quote}/versions/{version}/pdf", DEALS),
        (Method::GET, "/api/v1/sales/{sale}/pdf", DEALS),
        (Method::GET, "/api/v1/sales/{sale}/jacket", DEALS),
        (Method::POST, "/api/v1/quotes/{quote}/answer", STOCK),
        (Method::POST, "/api/v1/quotes/{quote}/sale", STOCK),
        (Method::GET, "/api/v1/sales", DEALS),
        (Method::GET, "/api/v1/sales/{sale}", DEALS),
        (Method::POST, "/api/v1/sales/{sale}/cancellation", MANAGERS),
        (Method::GET, "/api/v1/commission-plans", DEALS),
        (Method::POST, "/api/v1/commission-plans", &["owner"]),
        (Method::GET, "/api/v1/commission-plans/{plan}", DEALS),
        (Method::PUT, "/api/v1/commission-plans/{plan}", &["owner"]),
        (Method::GET, "/api/v1/commissions", DEALS),
        (Method::GET, "/api/v1/customers", CUSTOMERS),
        (Method::POST, "/api/v1/customers", FRONT_DESK),
        (Method::GET, "/api/v1/customers/{customer}", CUSTOMERS),
        (Method::PATCH, "/api/v1/customers/{customer}", FRONT_DESK),
        (Method::POST, "/api/v1/customers/{customer}/merge", MANAGERS),
        (Method::GET, "/api/v1/customers/{customer}/consents", CUSTOMERS),
        (Method::POST, "/api/v1/customers/{customer}/consents", FRONT_DESK),
        (Method::GET, "/api/v1/customers/{customer}/vehicles", CUSTOMERS),
        (Method::POST, "/api/v1/customers/{customer}/vehicles", FRONT_DESK),
        (Method::DELETE, "/api/v1/customers/{customer}/vehicles/{car}", FRONT_DESK),
        (Method::GET, "/api/v1/customers/{customer}/activities", CUSTOMERS),
        (Method::GET, "/api/v1/leads", LEADS),
        (Method::POST, "/api/v1/leads", STOCK),
        (Method::GET, "/api/v1/leads/board", LEADS),
        (Method::GET, "/api/v1/leads/{lead}", LEADS),
        (Method::PATCH, "/api/v1/leads/{lead}", STOCK),
        (Method::POST, "/api/v1/leads/{lead}/stage", STOCK),
        (Method::POST, "/api/v1/leads/{lead}/assign", MANAGERS),
        (Method::GET, "/api/v1/leads/{lead}/timeline", LEADS),
        (Method::GET, "/api/v1/conversations", LEADS),
        (Method::POST, "/api/v1/conversations/{conversation}/read", STOCK),
        (Method::POST, "/api/v1/conversations/{conversation}/close", STOCK),
        (Method::GET, "/api/v1/leads/{lead}/conversation", LEADS),
        (Method::POST, "/api/v1/leads/{lead}/conversation/messages", STOCK),
        (Method::GET, "/api/v1/leads/{lead}/score", LEADS),
        (Method::POST, "/api/v1/activities", FRONT_DESK),
        (Method::POST, "/api/v1/activities/{task}/done", FRONT_DESK),
        (Method::GET, "/api/v1/tasks", FRONT_DESK),
        (Method::GET, "/api/v1/crm/stores/{store}/lead-settings", LEADS),
        (Method::PUT, "/api/v1/crm/stores/{store}/lead-settings", MANAGERS),
        (Method::GET, "/api/v1/crm/lists/source", LEADS),
        (Method::GET, "/api/v1/crm/intake-keys", &["owner"]),
        (Method::POST, "/api/v1/crm/intake-keys", &["owner"]),
        (Method::DELETE, "/api/v1/crm/intake-keys/{intake}", &["owner"]),
        (Method::GET, "/api/v1/customers/{customer}/personal-data", &["owner"]),
        (Method::POST, "/api/v1/customers/{customer}/anonymize", &["owner"]),
        (Method::POST, "/api/v1/customers/{customer}/data-requests", &["owner"]),
        (Method::GET, "/api/v1/crm/data-requests", &["owner"]),
        (Method::POST, "/api/v1/crm/data-requests/{request}/close", &["owner"]),
        (Method::PUT, "/api/v1/crm/lists/lost_reason", &["owner"]),
        (Method::POST, "/api/v1/financing/simulations", PAPERS),
        (Method::POST, "/api/v1/financing/comparisons", PAPERS),
        (Method::GET, "/api/v1/financing/rate-tables", PAPERS),
        (Method::POST, "/api/v1/financing/rate-tables", MANAGERS),
        (Method::GET, "/api/v1/financing/rate-tables/{rates}", PAPERS),
        (Method::PUT, "/api/v1/financing/rate-tables/{rates}", MANAGERS),
        (Method::GET, "/api/v1/financing/settings", PAPERS),
        (Method::PUT, "/api/v1/financing/settings", MANAGERS),
        (Method::GET, "/api/v1/me", ALL),
        (Method::GET, "/api/v1/me/notifications", ALL),
        (Method::GET, "/api/v1/me/notifications/unread-count", ALL),
        (Method::POST, "/api/v1/me/notifications/read", ALL),
        (Method::GET, "/api/v1/users", MANAGERS),
        (Method::POST, "/api/v1/users", MANAGERS),
        (Method::GET, "/api/v1/users/{other}", MANAGERS),
        (Method::PATCH, "/api/v1/users/{other}", MANAGERS),
        (Method::POST, "/api/v1/users/{other}/password", MANAGERS),
        (Method::GET, "/api/v1/stores", ALL),
        (Method::POST, "/api/v1/stores", &["owner"]),
        (Method::GET, "/api/v1/stores/{store}", ALL),
        (Method::PATCH, "/api/v1/stores/{store}", &["owner"]),
        // In this order: the Owner's upload gives every role a logo to read before it goes.
        (Method::PUT, "/api/v1/stores/{store}/logo", &["owner"]),
        (Method::GET, "/api/v1/stores/{store}/logo", ALL),
        (Method::DELETE, "/api/v1/stores/{store}/logo", &["owner"]),
        (Method::GET, "/api/v1/vehicles", ALL),
        (Method::POST, "/api/v1/vehicles", STOCK),
        (Method::GET, "/api/v1/vehicles/{vehicle}", ALL),
        (Method::PATCH, "/api/v1/vehicles/{vehicle}", STOCK),
        (Method::POST, "/api/v1/vehicles/{vehicle}/status", STOCK),
        (Method::DELETE, "/api/v1/vehicles/{vehicle}", MANAGERS),
        (Method::GET, "/api/v1/vehicles/{vehicle}/price-history", ALL),
        (Method::GET, "/api/v1/vehicles/{vehicle}/status-history", ALL),
        (Method::GET, "/api/v1/vehicles/{vehicle}/expenses", COST),
        (Method::POST, "/api/v1/vehicles/{vehicle}/expenses", MANAGERS),
        (Method::DELETE, "/api/v1/vehicles/{vehicle}/expenses/{expense}", MANAGERS),
        (Method::GET, "/api/v1/vehicles/{vehicle}/photos", ALL),
        (Method::POST, "/api/v1/vehicles/{vehicle}/photos", STOCK),
        (Method::GET, "/api/v1/vehicles/{vehicle}/photos/{photo}", ALL),
        (Method::PATCH, "/api/v1/vehicles/{vehicle}/photos/{photo}", STOCK),
        (Method::DELETE, "/api/v1/vehicles/{vehicle}/photos/{photo}", MANAGERS),
        (Method::GET, "/api/v1/vehicles/{vehicle}/photos/{photo}/thumbnail", ALL),
        (Method::POST, "/api/v1/vehicles/{vehicle}/photos/{photo}/link", ALL),
        (Method::GET, "/api/v1/vehicles/{vehicle}/documents", PAPERS),
        (Method::POST, "/api/v1/vehicles/{vehicle}/documents", COST),
        (Method::GET, "/api/v1/vehicles/{vehicle}/documents/{document}", PAPERS),
        (Method::DELETE, "/api/v1/vehicles/{vehicle}/documents/{document}", COST),
        (Method::POST, "/api/v1/vehicles/{vehicle}/documents/{document}/link", PAPERS),
        (Method::POST, "/api/v1/vehicles/imports", MANAGERS),
        (Method::GET, "/api/v1/vehicles/imports/{import}", MANAGERS),
        (Method::GET, "/api/v1/vehicles/imports/{import}/rejected", MANAGERS),
        (Method::GET, "/api/v1/vehicles/makes", ALL),
        (Method::GET, "/api/v1/vehicles/models", ALL),
        (Method::GET, "/api/v1/roles", &["owner"]),
        (Method::PUT, "/api/v1/roles/{role}", &["owner"]),
        (Method::DELETE, "/api/v1/roles/{role}", &["owner"]),
        (Method::GET, "/api/v1/vehicles/export", &["owner", "store_manager", "sales", "accounting"]),
        (Method::GET, "/api/v1/reports/stock-aging", COST),
        (Method::GET, "/api/v1/reports/inventory-summary", ALL),
        (Method::GET, "/api/v1/audit", &["owner"]),
        (Method::GET, "/api/v1/messages", &["owner"]),
        (Method::GET, "/api/v1/messages/{message}", &["owner"]),
        (Method::GET, "/api/v1/messages/channels", &["owner"]),
        (Method::GET, "/api/v1/messages/channels/{channel}", &["owner"]),
        (Method::PUT, "/api/v1/messages/channels/{channel}", &["owner"]),
        (Method::POST, "/api/v1/messages/channels/{channel}/test", &["owner"]),
        (Method::DELETE, "/api/v1/messages/channels/{channel}", &["owner"]),
        (Method::GET, "/api/v1/messages/templates", &["owner"]),
        (Method::POST, "/api/v1/messages/templates/preview", &["owner"]),
        (Method::PUT, "/api/v1/messages/templates/{kind}/{channel}/{language}", &["owner"]),
        (Method::DELETE, "/api/v1/messages/templates/{kind}/{channel}/{language}", &["owner"]),
        (Method::GET, "/api/v1/webhooks/event-types", &["owner"]),
        (Method::GET, "/api/v1/webhooks/endpoints", &["owner"]),
        (Method::POST, "/api/v1/webhooks/endpoints", &["owner"]),
        (Method::GET, "/api/v1/webhooks/endpoints/{hook}", &["owner"]),
        (Method::PATCH, "/api/v1/webhooks/endpoints/{hook}", &["owner"]),
        (Method::POST, "/api/v1/webhooks/endpoints/{hook}/secret", &["owner"]),
        (Method::POST, "/api/v1/webhooks/endpoints/{hook}/test", &["owner"]),
        (Method::GET, "/api/v1/webhooks/endpoints/{hook}/deliveries", &["owner"]),
        (Method::GET, "/api/v1/webhooks/deliveries/{delivery}", &["owner"]),
        (Method::POST, "/api/v1/webhooks/deliveries/{delivery}/redeliver", &["owner"]),
        (Method::DELETE, "/api/v1/webhooks/endpoints/{hook}", &["owner"]),
    ]
}

#[tokio::test]
async fn each_role_reaches_exactly_the_endpoints_the_matrix_allows() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let mut tokens = BTreeMap::new();
    for role in ROLES {
        tokens.insert(role, app.user(&t, &format!("{role}@loja.com.br"), &[role], None).await);
    }
    let other = app.post("/api/v1/users").tenant(&t.slug).token(&t.owner_token)
        .json(json!({"email": "alvo@loja.com.br", "name": "Alvo", "roles": ["viewer"], "password": innexar_testkit::PASSWORD})).send().await;
    let other_id = other.body["user"]["id"].as_str().expect("id").to_string();
    let photo = media::noisy_png(8, 8);
    let csv = "placa;marca;modelo;ano;combustivel;cambio;condicao\nABC1D23;Fiat;Argo;2024;flex;manual;usado\n";
    let import = app
        .post("/api/v1/vehicles/imports")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .upload(&[("file", Some("a.csv"), csv.as_bytes()), ("dryRun", None, b"true")])
        .send()
        .await;
    let import_id = import.body["id"].as_str().expect("import id").to_string();
    innexar_app::worker(&app.state).drain(&app.tenant_db(&t.slug).await).await.expect("worker");
    // What the viewer holds now: setting exactly that changes nothing for the roles below.
    let viewer_permissions = app.get("/api/v1/roles").tenant(&t.slug).token(&t.owner_token).send().await.body["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .find(|r| r["role"] == "viewer")
        .expect("viewer")["permissions"]
        .clone();

    // Every documented tenant operation is in the matrix (public sign-in routes aside).
    let doc = serde_json::to_value(innexar_app::document()).expect("doc");
    let listed: Vec<(String, String)> = matrix()
        .iter()
        .map(|(m, p, _)| {
            (
                m.to_string(),
                p.replace("{other}", "{id}")
                    .replace("{store}", "{id}")
                    .replace("{vehicle}", "{id}")
                    .replace("{expense}", "{expense_id}")
                    .replace("{photo}", "{photo_id}")
                    .replace("{document}", "{document_id}")
                    .replace("{import}", "{id}")
                    .replace("{customer}", "{id}")
                    .replace("{lead}", "{id}")
                    .replace("{task}", "{id}")
                    .replace("{intake}", "{id}")
                    .replace("{request}", "{id}")
                    .replace("{rates}", "{id}")
                    .replace("{reservation}", "{id}")
                    .replace("{quote}", "{id}")
                    .replace("{approval}", "{id}")
                    .replace("{appraisal}", "{id}")
                    .replace("{sale}", "{id}")
                    .replace("{plan}", "{id}")
                    .replace("{hook}", "{id}")
                    .replace("{delivery}", "{id}")
                    .replace("{message}", "{id}")
                    .replace("{conversation}", "{id}")
                    .replace("/crm/lists/source", "/crm/lists/{kind}")
                    .replace("/crm/lists/lost_reason", "/crm/lists/{kind}")
                    .replace("{car}", "{vehicle_id}"),
            )
        })
        .collect();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        // Signed links are opened without a token: tests/api/media covers them.
        if path.starts_with("/api/v1/platform")
            || path.starts_with("/api/v1/auth/")
            || path.starts_with("/api/v1/links/")
            || path == "/api/v1/me/password"
            || path == "/api/v1/me/sessions/revoke"
            // Each reads only their own; tests/api/quotes.rs reads one and is refused another's.
            || path == "/api/v1/me/notifications/{id}/read"
            || path == "/api/v1/tenant"
            || path == "/api/v1/intake/leads"
            || path.starts_with("/api/v1/public/")
        {
            continue;
        }
        for method in item.as_object().expect("item").keys() {
            assert!(
                listed.contains(&(method.to_uppercase(), path.clone())),
                "{method} {path} is missing from the role matrix"
            );
        }
    }

    for (method, path, allowed) in matrix() {
        for role in ROLES {
            // A fresh vehicle each time, so deletes and status changes do not interfere.
            let v = app.vehicle(&t, &store, json!({})).await;
            let vehicle_id = v["id"].as_str().expect("id");
            let expense_id = if path.contains("{expense}") {
                let e = app
                    .post(&format!("/api/v1/vehicles/{vehicle_id}/expenses"))
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .json(json!({"spentOn": "2026-03-01", "description": "Lavagem", "amountCents": 5000}))
                    .send()
                    .await;
                e.body["id"].as_str().expect("expense").to_string()
            } else {
                String::new()
            };
            let photo_id = if path.contains("{photo}") {
                let p = media::upload_photo(&app, &t, vehicle_id, "foto.png", &photo).await;
                p.body["id"].as_str().expect("photo").to_string()
            } else {
                String::new()
            };
            let document_id = if path.contains("{document}") {
                let d = app
                    .post(&format!("/api/v1/vehicles/{vehicle_id}/documents"))
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .multipart(&[
                        Part::text("kind", "crlv"),
                        Part::file("file", "crlv.pdf", "application/pdf", media::PDF),
                    ])
                    .send()
                    .await;
                d.body["id"].as_str().expect("document").to_string()
            } else {
                String::new()
            };
            // A customer the role may see: its own where it registers customers (a salesperson
            // sees the ones they registered), the Owner's otherwise.
            let needs_customer = path.contains("{customer}")
                || path.contains("{reservation}")
                || path.contains("{quote}")
                || path.contains("{approval}")
                || path.contains("{appraisal}")
                || path.contains("{sale}")
                || path.ends_with("/reservations")
                || path == "/api/v1/quotes"
                || path == "/api/v1/appraisals"
                || path.contains("{request}")
                || path.contains("{lead}")
                || path.contains("{task}")
                || path.contains("{conversation}")
                || (method == Method::POST && (path == "/api/v1/leads" || path == "/api/v1/activities"));
            let (customer_id, merged_id, car_id) = if needs_customer {
                let by = if FRONT_DESK.contains(&role) { &tokens[role] } else { &t.owner_token };
                let mk = |name: &str| {
                    app.post("/api/v1/customers")
                        .tenant(&t.slug)
                        .token(by)
                        .json(json!({"kind": "person", "name": name}))
                };
                let c = mk("Cliente da Matriz").send().await;
                let m = mk("Cliente Repetido").send().await;
                let id = c.body["id"].as_str().expect("customer").to_string();
                let car = app
                    .post(&format!("/api/v1/customers/{id}/vehicles"))
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .json(json!({"placa": placa(), "make": "Fiat", "model": "Uno", "year": 2015}))
                    .send()
                    .await;
                (
                    id,
                    m.body["id"].as_str().expect("merged").to_string(),
                    car.body["id"].as_str().expect("car").to_string(),
                )
            } else {
                Default::default()
            };
            // A lead of that customer, the role's own where it works leads (a salesperson sees
            // the leads they work), with a task of the role's.
            let (lead_id, task_id) = if path.contains("{lead}")
                || path.contains("{task}")
                || path.contains("{conversation}")
            {
                let by =
                    if ["owner", "store_manager", "sales"].contains(&role) { &tokens[role] } else { &t.owner_token };
                let l = app
                    .post("/api/v1/leads")
                    .tenant(&t.slug)
                    .token(by)
                    .json(json!({"customerId": customer_id, "source": "phone"}))
                    .send()
                    .await;
                let lead = l.body["id"].as_str().expect("lead").to_string();
                let by = if FRONT_DESK.contains(&role) { &tokens[role] } else { &t.owner_token };
                let task = app
                    .post("/api/v1/activities")
                    .tenant(&t.slug)
                    .token(by)
                    .json(json!({"kind": "task", "customerId": customer_id, "body": "Ligar", "dueAt": "2030-01-01T12:00:00Z"}))
                    .send()
                    .await;
                (lead, task.body["id"].as_str().expect("task").to_string())
            } else {
                Default::default()
            };
            let intake_id = if path.contains("{intake}") {
                let k = app
                    .post("/api/v1/crm/intake-keys")
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .json(json!({"name": "Site", "source": "website", "storeId": store}))
                    .send()
                    .await;
                k.body["id"].as_str().expect("intake key").to_string()
            } else {
                String::new()
            };
            let rates_id = if path.contains("{rates}") {
                let r = app
                    .post("/api/v1/financing/rate-tables")
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .json(json!({"bank": "Banco", "name": format!("Tabela {role} {method}"),
                        "rates": [{"maxInstallments": 48, "minDownPayment": "0.2", "monthlyRate": "0.0179"}]}))
                    .send()
                    .await;
                r.body["id"].as_str().expect("rate table").to_string()
            } else {
                String::new()
            };
            let request_id = if path.contains("{request}") {
                let r = app
                    .post(&format!("/api/v1/customers/{customer_id}/data-requests"))
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .json(json!({"kind": "access", "channel": "e-mail"}))
                    .send()
                    .await;
                r.body["id"].as_str().expect("request").to_string()
            } else {
                String::new()
            };
            // The deal desk's records, made by the role where it works deals (a salesperson
            // sees their own), by the Owner otherwise.
            let desk = if ["owner", "store_manager", "sales"].contains(&role) { &tokens[role] } else { &t.owner_token };
            if path == "/api/v1/quotes/{quote}/approval-requests" || path.contains("{approval}") {
                // Discounts above 1 % need approval, whoever gives them.
                let r = app
                    .call(Method::PUT, &format!("/api/v1/stores/{store}/discount-limits"))
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .if_match("*")
                    .json(json!({"limits": [{"role": "sales", "maxPercent": "0.01"},
                        {"role": "store_manager", "maxPercent": "0.01"}, {"role": "owner", "maxPercent": "0.01"}]}))
                    .send()
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            }
            let quote_id = if path.contains("{quote}") || path.contains("{approval}") {
                let discount = if path.contains("approval") { 500_000 } else { 0 };
                let by = if path.contains("{approval}") { &t.owner_token } else { desk };
                let q = app
                    .post("/api/v1/quotes")
                    .tenant(&t.slug)
                    .token(by)
                    .json(quote_body(&customer_id, vehicle_id, discount))
                    .send()
                    .await;
                assert_eq!(q.status, StatusCode::CREATED, "{}", q.text);
                let id = q.body["id"].as_str().expect("quote").to_string();
                if path.ends_with("/reject")
                    || path.ends_with("/links")
                    || path.ends_with("/answer")
                    || path.ends_with("/sale")
                {
                    let s = app
                        .post(&format!("/api/v1/quotes/{id}/send"))
                        .tenant(&t.slug)
                        .token(by)
                        .if_match("\"1\"")
                        .send()
                        .await;
                    assert_eq!(s.status, StatusCode::OK, "{}", s.text);
                }
                if path.ends_with("/sale") {
                    let a = app
                        .post(&format!("/api/v1/quotes/{id}/answer"))
                        .tenant(&t.slug)
                        .token(by)
                        .if_match("\"2\"")
                        .json(json!({"decision": "accepted"}))
                        .send()
                        .await;
                    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
                }
                id
            } else {
                String::new()
            };
            let sale_id = if path.contains("{sale}") {
                app.sell_as(&t, desk, vehicle_id).await["id"].as_str().expect("sale").to_string()
            } else {
                String::new()
            };
            let plan_id = if path.contains("{plan}") {
                let p = app
                    .post("/api/v1/commission-plans")
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .json(json!({"name": format!("Plano {role}"), "role": "sales", "basis": "price", "rate": "0.01"}))
                    .send()
                    .await;
                p.body["id"].as_str().expect("plan").to_string()
            } else {
                String::new()
            };
            let approval_id = if path.contains("{approval}") {
                let a = app
                    .post(&format!("/api/v1/quotes/{quote_id}/approval-requests"))
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .json(json!({}))
                    .send()
                    .await;
                assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
                a.body["id"].as_str().expect("approval").to_string()
            } else {
                String::new()
            };
            let reservation_id = if path.contains("{reservation}") {
                let r = app
                    .post(&format!("/api/v1/vehicles/{vehicle_id}/reservations"))
                    .tenant(&t.slug)
                    .token(desk)
                    .json(json!({"customerId": customer_id, "endsAt": "2026-03-11T12:00:00Z"}))
                    .send()
                    .await;
                assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
                r.body["id"].as_str().expect("reservation").to_string()
            } else {
                String::new()
            };
            let appraisal_id = if path.contains("{appraisal}") {
                let r = app
                    .post("/api/v1/appraisals")
                    .tenant(&t.slug)
                    .token(desk)
                    .json(appraisal_body(&customer_id))
                    .send()
                    .await;
                assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
                r.body["id"].as_str().expect("appraisal").to_string()
            } else {
                String::new()
            };
            // An endpoint of the Owner's, and a test delivery to it.
            let (hook_id, delivery_id) = if path.contains("{hook}") || path.contains("{delivery}") {
                let h = app
                    .post("/api/v1/webhooks/endpoints")
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .json(json!({"url": "https://erp.example.com/hook", "eventTypes": ["*"]}))
                    .send()
                    .await;
                let hook = h.body["id"].as_str().expect("endpoint").to_string();
                let d = app
                    .post(&format!("/api/v1/webhooks/endpoints/{hook}/test"))
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .send()
                    .await;
                (hook, d.body["id"].as_str().expect("delivery").to_string())
            } else {
                Default::default()
            };
            // A message in the Owner's mailbox: a password reset they asked for.
            let message_id = if path.contains("{message}") {
                app.post("/api/v1/auth/password-reset")
                    .tenant(&t.slug)
                    .json(json!({"email": t.owner_email}))
                    .send()
                    .await;
                let m =
                    app.get("/api/v1/messages?kind=password_reset").tenant(&t.slug).token(&t.owner_token).send().await;
                m.body["items"][0]["id"].as_str().expect("a message").to_string()
            } else {
                String::new()
            };
            let conversation_id =
                if path.contains("conversation") && (path.contains("{lead}") || path.contains("{conversation}")) {
                    // The customer writes by WhatsApp from a number of theirs: a conversation on the lead.
                    app.call(Method::PUT, "/api/v1/messages/channels/whatsapp")
                        .tenant(&t.slug)
                        .token(&t.owner_token)
                        .header("If-None-Match", "*")
                        .json(json!({"provider": "whatsapp_cloud", "enabled": true, "phoneNumberId": "1",
                        "token": "wa-token", "appSecret": "wa-secret"}))
                        .send()
                        .await;
                    let phone = format!(
                        "+55119{}",
                        &rand_suffix()[..8].chars().map(|c| ((c as u8 % 10) + b'0') as char).collect::<String>()
                    );
                    let c = app
                        .get(&format!("/api/v1/customers/{customer_id}"))
                        .tenant(&t.slug)
                        .token(&t.owner_token)
                        .send()
                        .await;
                    let patched = app
                        .patch(&format!("/api/v1/customers/{customer_id}"))
                        .tenant(&t.slug)
                        .token(&t.owner_token)
                        .if_match(&c.etag())
                        .json(json!({"phones": [{"number": phone, "whatsapp": true}]}))
                        .send()
                        .await;
                    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
                    let db = app.tenant_db(&t.slug).await;
                    let tx = db.begin().await.expect("tx");
                    innexar_crm::conversations::receive(
                        &tx,
                        innexar_crm::conversations::Inbound {
                            phones: vec![phone],
                            text: "Oi".into(),
                            profile_name: None,
                            at: app.state.clock.now(),
                            store_id: None,
                        },
                    )
                    .await
                    .expect("received");
                    tx.commit().await.expect("commit");
                    let all = app.get("/api/v1/conversations").tenant(&t.slug).token(&t.owner_token).send().await;
                    all.body["items"]
                        .as_array()
                        .expect("items")
                        .iter()
                        .find(|c| c["customerId"] == customer_id.as_str())
                        .expect("conversation")["id"]
                        .as_str()
                        .expect("id")
                        .to_string()
                } else {
                    String::new()
                };
            if path.contains("/messages/templates/{kind}") {
                // The tenant's own words for quote_sent by SMS (again, after a removal).
                app.call(Method::PUT, "/api/v1/messages/templates/quote_sent/sms/pt-BR")
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .header("If-None-Match", "*")
                    .json(json!({"body": "{{ store }}: proposta {{ quote_number }} em {{ link }}"}))
                    .send()
                    .await;
            }
            if path.contains("{channel}") && !path.contains("{kind}") {
                // The tenant's SMS set up (again, after a removal); refused when it is already.
                app.call(Method::PUT, "/api/v1/messages/channels/sms")
                    .tenant(&t.slug)
                    .token(&t.owner_token)
                    .header("If-None-Match", "*")
                    .json(json!({"provider": "zenvia", "enabled": true, "from": "loja", "token": "zv-token"}))
                    .send()
                    .await;
            }
            let url = path
                .replace("{kind}", "quote_sent")
                .replace("{language}", "pt-BR")
                .replace("{channel}", "sms")
                .replace("{message}", &message_id)
                .replace("{conversation}", &conversation_id)
                .replace("{hook}", &hook_id)
                .replace("{delivery}", &delivery_id)
                .replace("{quote}", &quote_id)
                .replace("{version}", "1")
                .replace("{approval}", &approval_id)
                .replace("{reservation}", &reservation_id)
                .replace("{appraisal}", &appraisal_id)
                .replace("{sale}", &sale_id)
                .replace("{plan}", &plan_id)
                .replace("{rates}", &rates_id)
                .replace("{request}", &request_id)
                .replace("{intake}", &intake_id)
                .replace("{lead}", &lead_id)
                .replace("{task}", &task_id)
                .replace("{customer}", &customer_id)
                .replace("{car}", &car_id)
                .replace("{other}", &other_id)
                .replace("{store}", &store)
                .replace("{vehicle}", vehicle_id)
                .replace("{expense}", &expense_id)
                .replace("{photo}", &photo_id)
                .replace("{document}", &document_id)
                .replace("{import}", &import_id)
                .replace("{role}", "viewer")
                .replace("/rejected", "/rejected?format=xlsx")
                .replace("/vehicles/export", "/vehicles/export?format=csv");
            let url = if method == Method::GET && path == "/api/v1/appraisals" {
                format!("{url}?customerId={customer_id}")
            } else if path == "/api/v1/commissions" {
                format!("{url}?month=2026-03")
            } else {
                url
            };
            let body = match (method.as_str(), path) {
                ("POST", "/api/v1/users") => {
                    json!({"email": format!("novo-{role}-{}@loja.com.br", rand_suffix()), "name": "Novo", "roles": ["viewer"]})
                }
                ("PATCH", "/api/v1/users/{other}") => json!({"name": "Alvo"}),
                ("POST", "/api/v1/users/{other}/password") => json!({"newPassword": "uma-senha-nova-boa"}),
                ("POST", "/api/v1/stores") => json!({"name": "Nova"}),
                ("POST", "/api/v1/financing/rate-tables") | ("PUT", "/api/v1/financing/rate-tables/{rates}") => {
                    json!({"bank": "Banco", "name": format!("Nova {role} {method}"),
                        "rates": [{"maxInstallments": 60, "minDownPayment": "0.3", "monthlyRate": "0.0189"}]})
                }
                ("POST", "/api/v1/financing/comparisons") => {
                    json!({"priceCents": 9_000_000, "downPaymentCents": 2_000_000,
                    "installments": 48, "contractDate": "2026-03-10", "firstDueDate": "2026-04-09"})
                }
                ("POST", "/api/v1/financing/simulations") => json!({"system": "price", "financedCents": 5_000_000,
                    "monthlyRate": "0.0199", "installments": 48, "contractDate": "2026-03-10", "firstDueDate": "2026-04-09"}),
                ("PATCH", "/api/v1/stores/{store}") => json!({"name": "Matriz"}),
                ("POST", "/api/v1/vehicles") => {
                    json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual", "condition": "used"})
                }
                ("PATCH", "/api/v1/vehicles/{vehicle}") => json!({"mileageKm": 100}),
                ("POST", "/api/v1/vehicles/{vehicle}/status") => json!({"status": "in_preparation"}),
                ("POST", "/api/v1/vehicles/{vehicle}/reservations") => {
                    json!({"customerId": customer_id, "endsAt": "2026-03-11T12:00:00Z"})
                }
                ("POST", "/api/v1/quotes") | ("PUT", "/api/v1/quotes/{quote}") => {
                    quote_body(&customer_id, vehicle_id, 0)
                }
                ("POST", "/api/v1/approvals/{approval}/decision") => json!({"decision": "approve"}),
                ("PUT", "/api/v1/financing/settings") => {
                    json!({"iofDailyPerson": "0.000082", "iofDailyCompany": "0.000041", "iofAdditional": "0.0038"})
                }
                ("POST", "/api/v1/quotes/{quote}/answer") => json!({"decision": "accepted"}),
                ("POST", "/api/v1/sales/{sale}/cancellation") => json!({"reason": "desistência"}),
                ("POST", "/api/v1/commission-plans") | ("PUT", "/api/v1/commission-plans/{plan}") => {
                    json!({"name": format!("Plano {role} {method}"), "role": "sales", "basis": "gross_margin", "rate": "0.1"})
                }
                ("PUT", "/api/v1/stores/{store}/discount-limits") => {
                    json!({"limits": [{"role": "sales", "maxPercent": "0.03", "maxCents": 300_000}]})
                }
                ("POST", "/api/v1/appraisals") => appraisal_body(&customer_id),
                ("PUT", "/api/v1/appraisals/{appraisal}") => {
                    json!({"mileageKm": 80_000, "appraisedValueCents": 2_500_000})
                }
                ("POST", "/api/v1/vehicles/{vehicle}/expenses") => {
                    json!({"spentOn": "2026-03-01", "description": "Polimento", "amountCents": 1000})
                }
                ("PUT", "/api/v1/roles/{role}") => json!({"permissions": viewer_permissions}),
                ("POST", "/api/v1/customers") => json!({"kind": "person", "name": "Novo Cliente"}),
                ("PATCH", "/api/v1/customers/{customer}") => json!({"notes": "Prefere contato à tarde"}),
                ("POST", "/api/v1/customers/{customer}/merge") => json!({"mergedId": merged_id}),
                ("POST", "/api/v1/customers/{customer}/consents") => {
                    json!({"purpose": "marketing", "channel": "email", "granted": false, "source": "balcão"})
                }
                ("POST", "/api/v1/customers/{customer}/vehicles") => {
                    json!({"placa": placa(), "make": "Fiat", "model": "Uno", "year": 2015})
                }
                ("POST", "/api/v1/leads") => json!({"customerId": customer_id, "source": "walk_in"}),
                ("PATCH", "/api/v1/leads/{lead}") => json!({"notes": "Quer SUV"}),
                ("POST", "/api/v1/leads/{lead}/stage") => json!({"stage": "qualified"}),
                ("POST", "/api/v1/leads/{lead}/assign") => json!({"ownerId": null, "reason": "redistribuição"}),
                ("POST", "/api/v1/activities") => json!({"kind": "note", "customerId": customer_id, "body": "Ligou"}),
                ("PUT", "/api/v1/crm/stores/{store}/lead-settings") => {
                    json!({"firstResponseMinutes": 30, "assignment": "round_robin"})
                }
                ("PUT", "/api/v1/crm/lists/lost_reason") => json!([{"key": "price", "label": "Preço"}]),
                ("POST", "/api/v1/crm/intake-keys") => json!({"name": "Site", "source": "website", "storeId": store}),
                ("POST", "/api/v1/webhooks/endpoints") => {
                    json!({"url": "https://erp.example.com/hook", "eventTypes": ["vehicle.created"]})
                }
                ("PATCH", "/api/v1/webhooks/endpoints/{hook}") => json!({"description": "ERP"}),
                ("PUT", "/api/v1/messages/channels/{channel}") => {
                    json!({"provider": "zenvia", "enabled": true, "from": "matriz"})
                }
                ("POST", "/api/v1/messages/channels/{channel}/test") => json!({"to": "(11) 98765-4321"}),
                ("POST", "/api/v1/leads/{lead}/conversation/messages") => json!({"text": "Olá!"}),
                ("POST", "/api/v1/messages/templates/preview") => {
                    json!({"kind": "quote_sent", "channel": "sms", "language": "pt-BR", "body": "Oi {{ customer_name }}"})
                }
                ("PUT", "/api/v1/messages/templates/{kind}/{channel}/{language}") => {
                    json!({"body": "{{ store }}: sua proposta {{ quote_number }}: {{ link }}"})
                }
                ("POST", "/api/v1/customers/{customer}/data-requests") => {
                    json!({"kind": "access", "channel": "balcão"})
                }
                ("POST", "/api/v1/crm/data-requests/{request}/close") => {
                    json!({"status": "completed", "answer": "Enviado por e-mail."})
                }
                _ => json!({}),
            };
            let etag = if url.contains("/users/") {
                app.get(&url.replace("/password", "")).tenant(&t.slug).token(&t.owner_token).send().await.etag()
            } else if url.contains("/messages/templates/quote_sent") {
                let all = app.get("/api/v1/messages/templates").tenant(&t.slug).token(&t.owner_token).send().await;
                let version = all
                    .body
                    .as_array()
                    .expect("kinds")
                    .iter()
                    .find(|k| k["kind"] == "quote_sent")
                    .expect("kind")["templates"]
                    .as_array()
                    .expect("templates")
                    .iter()
                    .find(|w| w["channel"] == "sms" && w["language"] == "pt-BR")
                    .expect("sms")["version"]
                    .as_i64()
                    .expect("version");
                format!("\"{version}\"")
            } else if url.contains("/messages/channels/") {
                app.get(url.trim_end_matches("/test")).tenant(&t.slug).token(&t.owner_token).send().await.etag()
            } else if path.starts_with("/api/v1/quotes/{quote}") && method != Method::GET {
                app.get(&format!("/api/v1/quotes/{quote_id}")).tenant(&t.slug).token(&t.owner_token).send().await.etag()
            } else if (url.contains("/stores/") && !url.contains("/crm/"))
                || url.contains("/rate-tables/")
                || url.ends_with("/financing/settings")
            {
                // A logo's If-Match is its store's version.
                app.get(url.trim_end_matches("/logo")).tenant(&t.slug).token(&t.owner_token).send().await.etag()
            } else {
                "\"1\"".to_string()
            };
            let call = app.call(method.clone(), &url).tenant(&t.slug).token(&tokens[role]).if_match(&etag);
            let r = match (method.as_str(), path) {
                ("POST", "/api/v1/vehicles/{vehicle}/photos") | ("PUT", "/api/v1/stores/{store}/logo") => {
                    call.multipart(&[Part::file("file", "foto.png", "image/png", &photo)])
                }
                ("POST", "/api/v1/vehicles/{vehicle}/documents") => call.multipart(&[
                    Part::text("kind", "nota_fiscal"),
                    Part::file("file", "nf.pdf", "application/pdf", media::PDF),
                ]),
                ("POST", "/api/v1/vehicles/imports") => {
                    call.upload(&[("file", Some("a.csv"), csv.as_bytes()), ("dryRun", None, b"true")])
                }
                _ => call.json(body),
            }
            .send()
            .await;
            if allowed.contains(&role) {
                assert!(r.status.is_success(), "{role} must be able to {method} {path}: {} {}", r.status, r.text);
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} must not {method} {path}: {}", r.text);
                assert_eq!(r.body["code"], "auth.forbidden");
            }
        }
    }
}

/// A quote of a R$ 98.900,00 car paid in full down.
fn quote_body(customer: &str, vehicle: &str, discount: i64) -> serde_json::Value {
    json!({"customerId": customer, "vehicleId": vehicle, "discountCents": discount, "validUntil": "2026-03-20",
        "payments": [{"method": "down_payment", "amountCents": 9_890_000 - discount}]})
}

fn appraisal_body(customer: &str) -> serde_json::Value {
    json!({"customerId": customer, "vehicle": {"placa": placa(), "make": "Fiat", "model": "Uno", "year": 2015},
        "mileageKm": 90_000, "appraisedValueCents": 2_000_000})
}

fn rand_suffix() -> String {
    uuid::Uuid::now_v7().simple().to_string()[20..].to_string()
}

/// A random old-format placa (`ABC1234`).
fn placa() -> String {
    use rand::Rng;
    let mut r = rand::rng();
    let letters: String = (0..3).map(|_| char::from(b'A' + r.random_range(0..26u8))).collect();
    format!("{letters}{:04}", r.random_range(0..10_000u32))
}
