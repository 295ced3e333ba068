//! `Idempotency-Key` on POST: the same key with the same body replays the saved response; with
//! another body it is refused (422); while the first request runs, a second gets 409. Keys are
//! per tenant (they live in its database) and per user, and are kept 24 hours.
//!
//! A request's business transaction settles its key (see `Ctx::commit`): the response is saved
//! in the same commit as the write, so no crash, dropped connection or timeout can leave a
//! committed write behind a key that a retry would run again.

use axum::body::Body;
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use innexar_db::TenantRecord;
use innexar_db::idempotency::{self, Claim, IdempotencyMark, KeyedRequest};
use innexar_kernel::AppError;
use sha2::{Digest, Sha256};

use crate::ctx::{ResponseSaved, saved_response};
use crate::state::AppState;
use crate::tenant::{Auth, ResolvedTenant};

pub const HEADER: &str = "idempotency-key";

/// The body is hashed whole, so it must fit in memory: the JSON limit, or for a file upload
/// the largest file the storage settings accept (plus room for the multipart framing).
fn body_limit(state: &AppState, headers: &axum::http::HeaderMap) -> usize {
    let is_upload = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    let json = state.settings.server.body_limit_bytes;
    if is_upload {
        let s = &state.settings.storage;
        json.max(s.max_photo_bytes.max(s.max_document_bytes) + 64 * 1024)
    } else {
        json
    }
}

/// No request outlives the request deadline (the observe layer drops it), so a key pending for
/// longer than that, plus a margin for clock skew between replicas, was left by a dead request.
fn abandoned_after(state: &AppState) -> chrono::Duration {
    chrono::Duration::seconds(state.settings.server.request_timeout_secs as i64 * 2 + 10)
}

pub async fn idempotency(State(state): State<AppState>, req: Request, next: Next) -> Result<Response, AppError> {
    if req.method() != Method::POST {
        return Ok(next.run(req).await);
    }
    let Some(raw_key) = req.headers().get(HEADER).cloned() else {
        return Ok(next.run(req).await);
    };
    // Anonymous calls (login) are not replayed: a replay would hand out the same tokens again.
    let user_id = match req.extensions().get::<Auth>() {
        Some(Auth::User(c)) => c.sub,
        _ => return Ok(next.run(req).await),
    };
    let Some(tenant) = req.extensions().get::<ResolvedTenant>().cloned() else {
        return Ok(next.run(req).await);
    };
    let key = raw_key.to_str().unwrap_or_default().to_string();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::bad_request(
            "idempotency.invalid_key",
            "Idempotency-Key must be 1 to 255 visible ASCII characters",
        ));
    }
    // Inside a nested router the URI has lost its prefix; key the full path the client used.
    let path = req
        .extensions()
        .get::<OriginalUri>()
        .map(|u| u.path().to_string())
        .unwrap_or_else(|| req.uri().path().to_string());
    let (parts, body) = req.into_parts();
    let limit = body_limit(&state, &parts.headers);
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return Err(AppError::payload_too_large(limit)),
    };
    let hash = hex::encode(Sha256::digest(&bytes));
    // The body has arrived: only now is a connection taken, and only for the claim.
    let mark = IdempotencyMark { user_id, key };
    let claimed = {
        let db = state.pools.get(&tenant.record).await?;
        let request = KeyedRequest { method: "POST", path: &path, request_hash: &hash };
        idempotency::claim(db.conn(), &mark, &request, state.clock.now(), abandoned_after(&state)).await?
    };
    match claimed {
        Claim::Started => {}
        Claim::Mismatch => {
            return Err(AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency.key_reused",
                "Idempotency key reused",
                "this Idempotency-Key was used with a different request",
            ));
        }
        Claim::InProgress => {
            return Err(AppError::conflict(
                "idempotency.in_progress",
                "a request with this Idempotency-Key is still being processed",
            ));
        }
        Claim::ResponseLost => {
            return Err(AppError::conflict(
                "idempotency.response_lost",
                "the request with this Idempotency-Key was carried out, but its response was lost; \
                 read the resource instead of sending it again",
            ));
        }
        Claim::Replay { status, headers, body } => {
            let mut resp = (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body).into_response();
            if let Some(map) = headers.as_object() {
                for (k, v) in map {
                    if let (Ok(name), Some(Ok(value))) =
                        (HeaderName::from_bytes(k.as_bytes()), v.as_str().map(HeaderValue::from_str))
                    {
                        resp.headers_mut().insert(name, value);
                    }
                }
            }
            resp.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
            return Ok(resp);
        }
    }
    // If the client goes away or the deadline passes, this future is dropped mid-request: the
    // guard then forgets the key unless the request's transaction committed (which settles it).
    let mut guard = ReleaseOnDrop { state: state.clone(), tenant: tenant.record.clone(), mark: Some(mark.clone()) };
    let mut req = Request::from_parts(parts, Body::from(bytes));
    req.extensions_mut().insert(mark.clone());
    let response = next.run(req).await;
    if response.extensions().get::<ResponseSaved>().is_some() {
        guard.disarm();
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let body = match body.collect().await {
        Ok(c) => c.to_bytes(),
        Err(e) => return Err(AppError::internal(e)),
    };
    let db = state.pools.get(&tenant.record).await?;
    if parts.status.is_server_error() {
        // A failure is not an answer: let the client retry with the same key (unless the write
        // committed before the failure, which `release` keeps).
        idempotency::release(db.conn(), &mark).await?;
    } else {
        // A request that wrote nothing in a transaction of its own (a refusal, a read).
        idempotency::complete(db.conn(), &mark, saved_response(&parts, &body)).await?;
    }
    guard.disarm();
    Ok(Response::from_parts(parts, Body::from(body)))
}

/// Releases a claimed key when the request is abandoned before it settled the key.
struct ReleaseOnDrop {
    state: AppState,
    tenant: TenantRecord,
    mark: Option<IdempotencyMark>,
}

impl ReleaseOnDrop {
    fn disarm(&mut self) {
        self.mark = None;
    }
}

impl Drop for ReleaseOnDrop {
    fn drop(&mut self) {
        let Some(mark) = self.mark.take() else { return };
        let (state, tenant) = (self.state.clone(), self.tenant.clone());
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                match state.pools.get(&tenant).await {
                    Ok(db) => {
                        if let Err(e) = idempotency::release(db.conn(), &mark).await {
                            tracing::warn!(error = %e, "could not release an abandoned idempotency key");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "could not release an abandoned idempotency key"),
                }
            });
        }
    }
}
