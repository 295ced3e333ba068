use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use innexar_testkit::{Part, TestApp, slug};
use serde_json::json;

use crate::media;

const ROLES: [&str; 8] =
    ["owner", "store_manager", "sales", "service_advisor", "technician", "parts", "accounting", "viewer"];

/// The role x endpoint matrix: which roles may call each endpoint. Everyone else gets 403.
fn matrix() -> Vec<(Method, &'static str, &'static [&'static str])> {
    const ALL: &[&str] = &ROLES;
    const MANAGERS: &[&str] = &["owner", "store_manager"];
    const STOCK: &[&str] = &["owner", "store_manager", "sales"];
    const COST: &[&str] = &["owner", "store_manager", "accounting"];
    const PAPERS: &[&str] = &["owner", "store_manager", "sales", "accounting"];
    vec![
        (Method::GET, "/api/v1/me", ALL),
        (Method::GET, "/api/v1/users", MANAGERS),
        (Method::POST, "/api/v1/users", MANAGERS),
        (Method::GET, "/api/v1/users/{other}", MANAGERS),
        (Method::PATCH, "/api/v1/users/{other}", MANAGERS),
        (Method::POST, "/api/v1/users/{other}/password", MANAGERS),
        (Method::GET, "/api/v1/stores", ALL),
        (Method::POST, "/api/v1/stores", &["owner"]),
        (Method::GET, "/api/v1/stores/{store}", ALL),
        (Method::PATCH, "/api/v1/stores/{store}", &["owner"]),
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
                    .replace("{import}", "{id}"),
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
            || path == "/api/v1/tenant"
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
            let url = path
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
            let body = match (method.as_str(), path) {
                ("POST", "/api/v1/users") => {
                    json!({"email": format!("novo-{role}-{}@loja.com.br", rand_suffix()), "name": "Novo", "roles": ["viewer"]})
                }
                ("PATCH", "/api/v1/users/{other}") => json!({"name": "Alvo"}),
                ("POST", "/api/v1/users/{other}/password") => json!({"newPassword": "uma-senha-nova-boa"}),
                ("POST", "/api/v1/stores") => json!({"name": "Nova"}),
                ("PATCH", "/api/v1/stores/{store}") => json!({"name": "Matriz"}),
                ("POST", "/api/v1/vehicles") => {
                    json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual", "condition": "used"})
                }
                ("PATCH", "/api/v1/vehicles/{vehicle}") => json!({"mileageKm": 100}),
                ("POST", "/api/v1/vehicles/{vehicle}/status") => json!({"status": "reserved"}),
                ("POST", "/api/v1/vehicles/{vehicle}/expenses") => {
                    json!({"spentOn": "2026-03-01", "description": "Polimento", "amountCents": 1000})
                }
                ("PUT", "/api/v1/roles/{role}") => json!({"permissions": viewer_permissions}),
                _ => json!({}),
            };
            let etag = if url.contains("/users/") {
                app.get(&url.replace("/password", "")).tenant(&t.slug).token(&t.owner_token).send().await.etag()
            } else if url.contains("/stores/") {
                app.get(&url).tenant(&t.slug).token(&t.owner_token).send().await.etag()
            } else {
                "\"1\"".to_string()
            };
            let call = app.call(method.clone(), &url).tenant(&t.slug).token(&tokens[role]).if_match(&etag);
            let r = match (method.as_str(), path) {
                ("POST", "/api/v1/vehicles/{vehicle}/photos") => {
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

fn rand_suffix() -> String {
    uuid::Uuid::now_v7().simple().to_string()[20..].to_string()
}
