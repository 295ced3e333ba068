//! The request context handlers take: the tenant, its database, the acting user, the time.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderName, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use innexar_db::idempotency::{IdempotencyMark, SavedResponse};
use innexar_db::{TenantDb, TenantPools, TenantRecord, Tx};
use innexar_kernel::{Actor, AppError, Permission};

use crate::state::AppState;
use crate::tenant::{Auth, ClientIp, ResolvedTenant};

/// Response headers worth replaying for a retried request.
const REPLAYED_HEADERS: [HeaderName; 3] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG];

/// A response as an idempotency key keeps it for replay.
pub(crate) fn saved_response(parts: &axum::http::response::Parts, body: &[u8]) -> SavedResponse {
    let mut headers = serde_json::Map::new();
    for name in REPLAYED_HEADERS {
        if let Some(v) = parts.headers.get(&name).and_then(|v| v.to_str().ok()) {
            headers.insert(name.as_str().to_string(), v.into());
        }
    }
    SavedResponse {
        status: parts.status.as_u16(),
        headers: serde_json::Value::Object(headers),
        body: String::from_utf8_lossy(body).into_owned(),
    }
}

/// Marks a response whose idempotency key was settled in the business transaction.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ResponseSaved;

/// The tenant's database as a request reaches it. Nothing is taken from the pools until a
/// handler reads or begins a transaction, and a pool is held only while that lasts: a request
/// waiting on its client holds no connection.
#[derive(Clone)]
pub struct RequestDb {
    pools: Arc<TenantPools>,
    tenant: TenantRecord,
    idempotency: Option<IdempotencyMark>,
    /// Who the request's transactions write for: the signed-in user, or the system before
    /// sign-in (login, refresh).
    actor: Actor,
    now: DateTime<Utc>,
    /// Where the tenant's web app is: messages written by the request link to it.
    origin: Arc<str>,
}

impl RequestDb {
    /// The database, for reads outside a transaction (`.conn()`). Hold it for one statement or a
    /// few; never across waiting on the client.
    pub async fn read(&self) -> Result<TenantDb, AppError> {
        self.pools.get(&self.tenant).await
    }

    /// Starts a transaction by the request's actor at the request's time. If the request
    /// carries an `Idempotency-Key`, committing settles it in the same transaction.
    pub async fn begin(&self) -> Result<Tx, AppError> {
        let db = self.read().await?;
        Ok(db
            .begin_as(self.actor.clone(), self.now)
            .await?
            .with_idempotency(self.idempotency.clone())
            .with_origin(self.origin.clone()))
    }
}

/// A request inside a tenant, by anyone (login, refresh).
pub struct TenantCtx {
    pub state: AppState,
    pub tenant: TenantRecord,
    pub db: RequestDb,
    pub now: DateTime<Utc>,
    pub ip: String,
}

/// A request inside a tenant by a signed-in user.
pub struct Ctx {
    pub state: AppState,
    pub tenant: TenantRecord,
    pub db: RequestDb,
    pub actor: Actor,
    pub now: DateTime<Utc>,
    pub ip: String,
}

impl FromRequestParts<AppState> for TenantCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Some(t) = parts.extensions.get::<ResolvedTenant>().cloned() else {
            return Err(AppError::internal("tenant route mounted without the tenant resolver"));
        };
        let ip = parts.extensions.get::<ClientIp>().map(|c| c.0.clone()).unwrap_or_default();
        let now = state.clock.now();
        let db = RequestDb {
            pools: state.pools.clone(),
            tenant: t.record.clone(),
            idempotency: parts.extensions.get::<IdempotencyMark>().cloned(),
            actor: Actor::system(),
            now,
            origin: crate::tenant::app_origin(&state.settings, &t.record.slug).into(),
        };
        Ok(TenantCtx { state: state.clone(), tenant: t.record, db, now, ip })
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let mut t = TenantCtx::from_request_parts(parts, state).await?;
        let actor = match parts.extensions.get::<Auth>() {
            Some(Auth::User(c)) => {
                state.sessions.check(t.tenant.id, c, t.now, || t.db.read()).await?;
                let grants = state.grants.of(t.tenant.id, t.now, || t.db.read()).await?;
                Actor::user(c.sub, c.email.clone(), c.roles.clone(), c.stores.clone()).with_grants(grants)
            }
            Some(Auth::Invalid { code, detail }) => return Err(AppError::unauthorized(code, detail.clone())),
            _ => {
                return Err(AppError::unauthorized(
                    "auth.missing_token",
                    "sign in and send the access token as a Bearer token",
                ));
            }
        };
        t.db.actor = actor.clone();
        Ok(Ctx { state: t.state, tenant: t.tenant, db: t.db, actor, now: t.now, ip: t.ip })
    }
}

impl Ctx {
    /// 403 unless the user's roles grant `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.actor.can(permission) {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "auth.forbidden",
                format!("this action requires the permission {}", permission.name),
            ))
        }
    }

    /// Commits `tx` and answers `reply`. Under an `Idempotency-Key` the response is saved in
    /// the same transaction as the write, so a retry after a crash, a dropped connection or a
    /// timeout replays it instead of doing the work twice.
    pub async fn commit(&self, tx: Tx, reply: impl IntoResponse) -> Result<Response, AppError> {
        commit(tx, reply).await
    }
}

impl TenantCtx {
    /// As [`Ctx::commit`].
    pub async fn commit(&self, tx: Tx, reply: impl IntoResponse) -> Result<Response, AppError> {
        commit(tx, reply).await
    }
}

async fn commit(tx: Tx, reply: impl IntoResponse) -> Result<Response, AppError> {
    let response = reply.into_response();
    if !tx.has_idempotency_key() || response.status().is_server_error() {
        tx.commit().await?;
        return Ok(response);
    }
    let (mut parts, body) = response.into_parts();
    let bytes = body.collect().await.map_err(AppError::internal)?.to_bytes();
    tx.commit_with_response(saved_response(&parts, &bytes)).await?;
    parts.extensions.insert(ResponseSaved);
    Ok(Response::from_parts(parts, Body::from(bytes)))
}
