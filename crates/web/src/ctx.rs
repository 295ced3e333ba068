//! The request context handlers take: the tenant, its database, the acting user, the time.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use innexar_db::{TenantDb, TenantRecord};
use innexar_kernel::{Actor, AppError, Permission};

use crate::state::AppState;
use crate::tenant::{Auth, ClientIp, ResolvedTenant};

/// A request inside a tenant, by anyone (login, refresh).
pub struct TenantCtx {
    pub state: AppState,
    pub tenant: TenantRecord,
    pub db: TenantDb,
    pub now: DateTime<Utc>,
    pub ip: String,
}

/// A request inside a tenant by a signed-in user.
pub struct Ctx {
    pub state: AppState,
    pub tenant: TenantRecord,
    pub db: TenantDb,
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
        Ok(TenantCtx { state: state.clone(), tenant: t.record, db: t.db, now: state.clock.now(), ip })
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let t = TenantCtx::from_request_parts(parts, state).await?;
        let actor = match parts.extensions.get::<Auth>() {
            Some(Auth::User(c)) => {
                state.sessions.check(t.tenant.id, c, t.now, || async { Ok(t.db.clone()) }).await?;
                Actor::user(c.sub, c.email.clone(), c.roles.clone(), c.stores.clone())
            }
            Some(Auth::Invalid { code, detail }) => return Err(AppError::unauthorized(code, detail.clone())),
            _ => {
                return Err(AppError::unauthorized(
                    "auth.missing_token",
                    "sign in and send the access token as a Bearer token",
                ));
            }
        };
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

    /// Tells the event dispatcher that a commit wrote outbox events.
    pub fn events_written(&self) {
        self.state.outbox_signal.mark(self.tenant.id);
    }

    /// Tells the job worker that a commit queued a job.
    pub fn job_queued(&self) {
        self.state.job_signal.mark(self.tenant.id);
    }
}
