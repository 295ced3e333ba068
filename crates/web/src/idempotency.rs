//! `Idempotency-Key` on POST: the same key with the same body replays the saved response; with
//! another body it is refused (422); while the first request runs, a second gets 409. Keys are
//! per tenant (they live in its database) and per user, and are kept 24 hours.

use axum::body::Body;
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use innexar_db::idempotency::{self, Claim};
use innexar_kernel::AppError;
use sha2::{Digest, Sha256};

use crate::state::AppState;
use crate::tenant::{Auth, ResolvedTenant};

pub const HEADER: &str = "idempotency-key";
/// Response headers worth replaying.
const KEPT_HEADERS: [HeaderName; 3] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG];

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
    let conn = tenant.db.conn();
    let now = state.clock.now();
    match idempotency::claim(conn, user_id, &key, "POST", &path, &hash, now).await? {
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
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let (parts, body) = response.into_parts();
    let body = match body.collect().await {
        Ok(c) => c.to_bytes(),
        Err(e) => {
            idempotency::release(conn, user_id, &key).await?;
            return Err(AppError::internal(e));
        }
    };
    if parts.status.is_server_error() {
        // A failure is not an answer: let the client retry with the same key.
        idempotency::release(conn, user_id, &key).await?;
    } else {
        let mut kept = serde_json::Map::new();
        for name in KEPT_HEADERS {
            if let Some(v) = parts.headers.get(&name).and_then(|v| v.to_str().ok()) {
                kept.insert(name.as_str().to_string(), v.into());
            }
        }
        let text = String::from_utf8_lossy(&body).into_owned();
        idempotency::complete(conn, user_id, &key, parts.status.as_u16(), serde_json::Value::Object(kept), text)
            .await?;
    }
    Ok(Response::from_parts(parts, Body::from(body)))
}
