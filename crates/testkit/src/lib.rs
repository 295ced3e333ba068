#![allow(clippy::disallowed_methods, reason = "test support makes its own ids, tags and times")]
//! Test support: an application on a fresh control database and fresh tenant databases, on
//! SQLite (default) or PostgreSQL (`TEST_DATABASE_URL=postgres://...`), with a fixed clock, and a
//! small client that calls the router in-process the way an API user would.
//!
//! The databases come from `innexar-testdb` (copies of migrated templates); PostgreSQL databases
//! made by a test are dropped when its `TestApp` is dropped, even when the test panics.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use http_body_util::BodyExt;
use innexar_http::AppState;
use innexar_kernel::FixedClock;
use innexar_kernel::settings::{Secret, Settings};
use innexar_tenants::platform::NewTenantInput;
use innexar_testdb::TestDatabases;
use serde_json::{Value, json};
use tower::ServiceExt;

pub use innexar_testdb::{drop_databases, postgres_url, random_cnpj, slug, start_time};

pub const PASSWORD: &str = "senha-forte-de-teste";

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub clock: Arc<FixedClock>,
    pub settings: Settings,
    /// Last, so that the app's pools are closed before their databases are removed.
    databases: TestDatabases,
}

/// A provisioned tenant and its Owner.
#[derive(Debug, Clone)]
pub struct TestTenant {
    pub slug: String,
    pub id: uuid::Uuid,
    pub owner_email: String,
    pub owner_token: String,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// An app whose settings the test adjusts first.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let databases = TestDatabases::new().await;
        let mut settings = Settings::default();
        databases.apply(&mut settings);
        settings.auth.jwt_secret = Secret::new("test-signing-key-that-is-long-enough-0123456789");
        settings.server.trust_forwarded_for = true;
        adjust(&mut settings);
        let clock = Arc::new(FixedClock::new(start_time()));
        let state = innexar_app::build_state(settings.clone(), clock.clone()).await.unwrap_or_else(|e| {
            panic!("cannot build the test app (is PostgreSQL at TEST_DATABASE_URL reachable?): {e}")
        });
        let router = innexar_app::router(state.clone());
        TestApp { state, router, clock, settings, databases }
    }

    pub fn is_postgres(&self) -> bool {
        self.databases.is_postgres()
    }

    /// Provisions a tenant with an Owner and signs the Owner in.
    pub async fn tenant(&self, slug: &str) -> TestTenant {
        let email = format!("dono@{slug}.com.br");
        let record = innexar_tenants::platform::provision_tenant(
            &self.state,
            NewTenantInput {
                slug: slug.into(),
                name: format!("Revenda {slug}"),
                cnpj: random_cnpj(),
                plan: None,
                admin_email: email.clone(),
                admin_name: Some("Dona Maria".into()),
                admin_password: PASSWORD.into(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("provisioning {slug}: {e}"));
        let owner_token = self.login(slug, &email, PASSWORD).await;
        TestTenant { slug: slug.into(), id: record.id, owner_email: email, owner_token }
    }

    /// Signs in and returns the access token; panics unless it works.
    pub async fn login(&self, slug: &str, email: &str, password: &str) -> String {
        let r = self
            .post("/api/v1/auth/login")
            .tenant(slug)
            .json(json!({"email": email, "password": password}))
            .send()
            .await;
        assert_eq!(r.status, StatusCode::OK, "login of {email} failed: {}", r.body);
        r.body["accessToken"].as_str().expect("accessToken").to_string()
    }

    /// Creates a user with `roles` (through the API, as the Owner) and returns their token.
    pub async fn user(&self, t: &TestTenant, email: &str, roles: &[&str], store_ids: Option<Vec<String>>) -> String {
        let r = self
            .post("/api/v1/users")
            .tenant(&t.slug)
            .token(&t.owner_token)
            .json(json!({"email": email, "name": "Pessoa de Teste", "roles": roles, "storeIds": store_ids, "password": PASSWORD}))
            .send()
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "creating {email}: {}", r.body);
        self.login(&t.slug, email, PASSWORD).await
    }

    /// Creates a store as the Owner and returns its id.
    pub async fn store(&self, t: &TestTenant, name: &str) -> String {
        let r =
            self.post("/api/v1/stores").tenant(&t.slug).token(&t.owner_token).json(json!({"name": name})).send().await;
        assert_eq!(r.status, StatusCode::CREATED, "creating store {name}: {}", r.body);
        r.body["id"].as_str().expect("id").to_string()
    }

    /// Creates a vehicle as the Owner with sensible defaults overridden by `fields`.
    pub async fn vehicle(&self, t: &TestTenant, store_id: &str, fields: Value) -> Value {
        let mut body = json!({
            "storeId": store_id, "make": "Volkswagen", "model": "Polo", "trim": "1.0 TSI Highline",
            "year": 2023, "modelYear": 2024, "color": "Prata", "mileageKm": 21000, "fuel": "flex",
            "transmission": "automatic", "condition": "used", "priceCents": 9890000, "costCents": 8600000,
        });
        if let (Some(b), Some(f)) = (body.as_object_mut(), fields.as_object()) {
            for (k, v) in f {
                b.insert(k.clone(), v.clone());
            }
        }
        let r = self.post("/api/v1/vehicles").tenant(&t.slug).token(&t.owner_token).json(body).send().await;
        assert_eq!(r.status, StatusCode::CREATED, "creating vehicle: {}", r.body);
        r.body
    }

    pub fn get(&self, uri: &str) -> Call<'_> {
        self.call(Method::GET, uri)
    }
    pub fn post(&self, uri: &str) -> Call<'_> {
        self.call(Method::POST, uri)
    }
    pub fn patch(&self, uri: &str) -> Call<'_> {
        self.call(Method::PATCH, uri)
    }
    pub fn delete(&self, uri: &str) -> Call<'_> {
        self.call(Method::DELETE, uri)
    }

    pub fn call(&self, method: Method, uri: &str) -> Call<'_> {
        Call { app: self, method, uri: uri.to_string(), headers: HeaderMap::new(), body: Vec::new() }
    }

    /// Sells vehicle `vehicle_id` as the Owner through the sales desk, as a store would: a
    /// customer, a quote paid in full down, sent, accepted at the desk, sold. Returns the sale.
    pub async fn sell(&self, t: &TestTenant, vehicle_id: &str) -> Value {
        self.sell_as(t, &t.owner_token, vehicle_id).await
    }

    /// [`TestApp::sell`] by the user of `token` (who becomes the salesperson).
    pub async fn sell_as(&self, t: &TestTenant, token: &str, vehicle_id: &str) -> Value {
        let v = self.get(&format!("/api/v1/vehicles/{vehicle_id}")).tenant(&t.slug).token(&t.owner_token).send().await;
        let price = v.body["priceCents"].as_i64().expect("a vehicle with a price is sold");
        let c = self
            .post("/api/v1/customers")
            .tenant(&t.slug)
            .token(token)
            .json(json!({"kind": "person", "name": "Comprador de Teste"}))
            .send()
            .await;
        assert_eq!(c.status, StatusCode::CREATED, "customer: {}", c.text);
        let valid_until =
            (innexar_kernel::Clock::now(&*self.clock).date_naive() + chrono::Duration::days(30)).to_string();
        let q = self
            .post("/api/v1/quotes")
            .tenant(&t.slug)
            .token(token)
            .json(json!({"customerId": c.body["id"], "vehicleId": vehicle_id, "validUntil": valid_until,
                "payments": [{"method": "down_payment", "amountCents": price}]}))
            .send()
            .await;
        assert_eq!(q.status, StatusCode::CREATED, "quote: {}", q.text);
        let url = format!("/api/v1/quotes/{}", q.body["id"].as_str().expect("quote"));
        let sent = self.post(&format!("{url}/send")).tenant(&t.slug).token(token).if_match(&q.etag()).send().await;
        assert_eq!(sent.status, StatusCode::OK, "send: {}", sent.text);
        let answered = self
            .post(&format!("{url}/answer"))
            .tenant(&t.slug)
            .token(token)
            .if_match(&sent.etag())
            .json(json!({"decision": "accepted"}))
            .send()
            .await;
        assert_eq!(answered.status, StatusCode::OK, "answer: {}", answered.text);
        let sale = self.post(&format!("{url}/sale")).tenant(&t.slug).token(token).send().await;
        assert_eq!(sale.status, StatusCode::CREATED, "sale: {}", sale.text);
        sale.body
    }

    /// Opens a tenant's database directly, to check what a request did (or did not) write.
    pub async fn tenant_db(&self, slug: &str) -> innexar_db::TenantDb {
        let record = self.state.control.find_tenant_by_slug(slug).await.expect("registry").expect("tenant exists");
        self.state.pools.get(&record).await.expect("tenant db")
    }
}

/// Every answer the suite receives is held to the OpenAPI document, so a status or content type
/// the document does not declare fails the test that met it.
mod contract {
    use std::sync::OnceLock;

    use axum::http::{HeaderMap, Method, StatusCode, header};
    use serde_json::Value;

    fn document() -> &'static Value {
        static DOC: OnceLock<Value> = OnceLock::new();
        DOC.get_or_init(|| serde_json::to_value(innexar_app::document()).expect("the document serialises"))
    }

    /// The documented operation `uri` reaches, if any (a route the document does not know is
    /// not this check's business: unknown paths and methods have tests of their own).
    fn operation<'a>(doc: &'a Value, method: &Method, uri: &str) -> Option<(&'a str, &'a Value)> {
        let path = uri.split('?').next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').collect();
        let (template, ops) = doc["paths"].as_object()?.iter().find(|(template, _)| {
            let t: Vec<&str> = template.split('/').collect();
            t.len() == segments.len()
                && t.iter().zip(&segments).all(|(t, s)| (t.starts_with('{') && !s.is_empty()) || t == s)
        })?;
        Some((template.as_str(), ops.get(method.as_str().to_ascii_lowercase())?))
    }

    fn resolve<'a>(doc: &'a Value, response: &'a Value) -> &'a Value {
        match response["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/responses/")) {
            Some(name) => &doc["components"]["responses"][name],
            None => response,
        }
    }

    pub(super) fn check(method: &Method, uri: &str, status: StatusCode, headers: &HeaderMap) {
        let doc = document();
        let Some((template, op)) = operation(doc, method, uri) else { return };
        // 405 comes from the router for a method the path lacks; 500 is a bug the test reports.
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            return;
        }
        let Some(response) = op["responses"].get(status.as_str()).or_else(|| op["responses"].get("default")) else {
            panic!("{method} {template} answered {status}, which its OpenAPI operation does not declare");
        };
        let declared: Vec<&str> = resolve(doc, response)["content"]
            .as_object()
            .map(|c| c.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let Some(served) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return };
        let essence = |t: &str| t.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if !declared.is_empty() && !declared.iter().any(|d| essence(d) == essence(served)) {
            panic!("{method} {template} answered {status} as {served}; the document declares {declared:?}");
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn an_undeclared_status_or_content_type_fails_and_a_declared_one_passes() {
            let json = |t: &str| {
                let mut h = HeaderMap::new();
                h.insert(header::CONTENT_TYPE, t.parse().expect("type"));
                h
            };
            let (template, _) = operation(document(), &Method::GET, "/api/v1/vehicles/0192?x=1").expect("found");
            assert_eq!(template, "/api/v1/vehicles/{id}");
            check(&Method::GET, "/api/v1/vehicles/x", StatusCode::OK, &json("application/json"));
            check(
                &Method::PATCH,
                "/api/v1/vehicles/x",
                StatusCode::PRECONDITION_REQUIRED,
                &json("application/problem+json"),
            );
            let teapot = std::panic::catch_unwind(|| {
                check(&Method::GET, "/api/v1/vehicles", StatusCode::IM_A_TEAPOT, &HeaderMap::new())
            });
            assert!(teapot.is_err(), "418 is declared nowhere");
            let wrong_type = std::panic::catch_unwind(|| {
                check(&Method::GET, "/api/v1/vehicles", StatusCode::OK, &json("text/html"))
            });
            assert!(wrong_type.is_err(), "the stock list is JSON");
            check(&Method::GET, "/api/v1/nowhere", StatusCode::NOT_FOUND, &HeaderMap::new());
        }
    }
}

/// A request being built.
pub struct Call<'a> {
    app: &'a TestApp,
    method: Method,
    uri: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Call<'_> {
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_str(value).expect("header value"),
        );
        self
    }
    pub fn tenant(self, slug: &str) -> Self {
        self.header("x-tenant", slug)
    }
    pub fn host(self, host: &str) -> Self {
        self.header("host", host)
    }
    pub fn token(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }
    pub fn if_match(self, etag: &str) -> Self {
        self.header("if-match", etag)
    }
    pub fn json(mut self, body: Value) -> Self {
        self.body = serde_json::to_vec(&body).expect("json");
        self.header("content-type", "application/json")
    }
    /// A `multipart/form-data` body, as a browser's form upload sends it.
    pub fn multipart(mut self, parts: &[Part<'_>]) -> Self {
        let boundary = "innexar-test-boundary-7d1f0c2a";
        let mut body = Vec::new();
        for p in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match p.filename {
                Some(f) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{f}\"\r\nContent-Type: {}\r\n\r\n",
                        p.name, p.content_type
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", p.name).as_bytes(),
                ),
            }
            body.extend_from_slice(p.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = body;
        self.header("content-type", &format!("multipart/form-data; boundary={boundary}"))
    }

    /// A body sent as is (malformed JSON, oversized payloads).
    pub fn raw(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self.header("content-type", content_type)
    }

    /// A `multipart/form-data` body of `(field name, file name, content)` parts, files typed
    /// `application/octet-stream` as many browsers send spreadsheets.
    pub fn upload(self, parts: &[(&str, Option<&str>, &[u8])]) -> Self {
        let parts: Vec<Part<'_>> = parts
            .iter()
            .map(|(name, file_name, bytes)| Part {
                name,
                filename: *file_name,
                content_type: if file_name.is_some() { "application/octet-stream" } else { "text/plain" },
                bytes,
            })
            .collect();
        self.multipart(&parts)
    }

    /// The response body as bytes (files).
    pub async fn send_bytes(self) -> (StatusCode, HeaderMap, Vec<u8>) {
        let (method, uri) = (self.method.clone(), self.uri.clone());
        let mut req =
            Request::builder().method(self.method).uri(&self.uri).body(Body::from(self.body)).expect("request");
        *req.headers_mut() = self.headers;
        let response = self.app.router.clone().oneshot(req).await.expect("infallible");
        let (status, headers) = (response.status(), response.headers().clone());
        contract::check(&method, &uri, status, &headers);
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, headers, bytes.to_vec())
    }

    pub async fn send(self) -> Resp {
        let (method, uri) = (self.method.clone(), self.uri.clone());
        let mut req =
            Request::builder().method(self.method).uri(&self.uri).body(Body::from(self.body)).expect("request");
        *req.headers_mut() = self.headers;
        let response = self.app.router.clone().oneshot(req).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        contract::check(&method, &uri, status, &headers);
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Resp { status, headers, body, text, bytes: bytes.to_vec() }
    }
}

/// One part of a multipart body: a text field, or a file when `filename` is set.
pub struct Part<'a> {
    pub name: &'a str,
    pub filename: Option<&'a str>,
    /// The type the client claims; servers should not believe it.
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

impl<'a> Part<'a> {
    pub fn text(name: &'a str, value: &'a str) -> Self {
        Part { name, filename: None, content_type: "text/plain", bytes: value.as_bytes() }
    }
    pub fn file(name: &'a str, filename: &'a str, content_type: &'a str, bytes: &'a [u8]) -> Self {
        Part { name, filename: Some(filename), content_type, bytes }
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
    /// The body as received (files).
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn etag(&self) -> String {
        self.header("etag").expect("ETag header").to_string()
    }

    /// Asserts an RFC 9457 problem with this status and code, and returns it.
    #[track_caller]
    pub fn problem(&self, status: StatusCode, code: &str) -> &Value {
        assert_eq!(self.status, status, "expected {status} {code}, got {}: {}", self.status, self.text);
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "not problem+json: {}", self.text);
        assert_eq!(self.body["code"], code, "wrong code: {}", self.text);
        assert_eq!(self.body["status"], status.as_u16());
        assert!(self.body["title"].is_string() && self.body["detail"].is_string());
        &self.body
    }

    /// The pointers of the field errors.
    pub fn pointers(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["pointer"].as_str().map(String::from)).collect())
            .unwrap_or_default()
    }
}
