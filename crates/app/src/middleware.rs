//! What every request passes through: a request id, a log span, metrics, a deadline, security
//! headers, and problem+json for the answers axum would otherwise give in plain text.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use innexar_http::AppState;
use innexar_kernel::AppError;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Instrument;

pub const REQUEST_ID: &str = "x-request-id";

/// The process-wide Prometheus recorder (metrics are global by nature; installed once even when
/// tests build many apps in one process).
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0],
            )
            .map(PrometheusBuilder::build_recorder)
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        let handle = recorder.handle();
        // Another recorder may already be installed (a test harness); ours still renders.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// The server's own id for every request (in problems' `traceId`, the audit log and the logs).
pub const TRACE_ID: &str = "x-trace-id";

/// The id a client sent to correlate its own logs: echoed back and logged beside ours, but never
/// used as ours, so a client cannot write what it likes into the audit log or collide with
/// another request's id.
fn client_request_id(req: &Request) -> Option<String> {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_string)
}

/// Request id, span, metrics and deadline.
pub async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let id = innexar_kernel::new_id().to_string();
    let client_id = client_request_id(&req);
    let method = req.method().as_str().to_string();
    let route =
        req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let span = tracing::info_span!("request", request_id = %id, client_request_id = client_id.as_deref().unwrap_or_default(), method = %method, route = %route, tenant = tracing::field::Empty, user = tracing::field::Empty);
    let started = Instant::now();
    let deadline = Duration::from_secs(state.settings.server.request_timeout_secs);
    let run = innexar_kernel::request::scope(id.clone(), async move {
        match tokio::time::timeout(deadline, next.run(req)).await {
            Ok(r) => r,
            Err(_) => AppError::unavailable("http.timeout", "the request took too long").into_response(),
        }
    });
    let mut response = run.instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    // The access log line; a 5xx's cause was logged once where the error was rendered.
    span.in_scope(|| tracing::info!(status, elapsed_ms = elapsed.as_millis() as u64, "request"));
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status.to_string())
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(elapsed.as_secs_f64());
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(TRACE_ID, v);
    }
    if let Ok(v) = HeaderValue::from_str(client_id.as_deref().unwrap_or(&id)) {
        response.headers_mut().insert(REQUEST_ID, v);
    }
    response
}

/// The web app's policy; also harmless on JSON. Swagger UI needs inline styles.
pub const CSP: &str = "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline'; \
    script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; \
    base-uri 'self'; form-action 'self'";

pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    if state.settings.server.behind_tls {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

pub async fn not_found() -> AppError {
    AppError::not_found("http.not_found", "no such resource")
}

pub async fn method_not_allowed() -> AppError {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "http.method_not_allowed",
        "Method not allowed",
        "this method is not allowed here",
    )
}

/// A panic becomes a 500 problem with the request id; the panic itself is logged.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let msg = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into());
    AppError::internal(format!("handler panicked: {msg}")).into_response()
}
