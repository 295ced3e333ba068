//! Platform admins: the operators who provision and suspend tenants. They live in the control
//! database and sign in with tokens of their own audience, useless inside a tenant.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use innexar_db::ControlDb;
use innexar_db::control::admin;
use innexar_http::tenant::{bearer, client_ip};
use innexar_http::token::Grant;
use innexar_http::token::PLATFORM_AUDIENCE;
use innexar_http::{AppState, Json};
use innexar_kernel::error::Problem;
use innexar_kernel::{Actor, AppError, new_id, validate};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::model::check_password;
use crate::password;
use crate::sessions::LoginInput;

pub fn platform_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(platform_login))
}

/// Creates a platform admin (from the CLI).
pub async fn create_admin(
    control: &ControlDb,
    email: &str,
    name: &str,
    pw: &str,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    let email = validate::email(email)
        .ok_or_else(|| AppError::field("/email", "users.invalid_email", "this is not a valid e-mail address"))?;
    check_password(pw, &email, "/password")?;
    if control.find_admin_by_email(&email).await?.is_some() {
        return Err(AppError::conflict("platform.admin_exists", "a platform admin with this e-mail exists already"));
    }
    let id = new_id();
    let password_hash = password::hash(pw.to_string()).await?;
    control
        .insert_admin(admin::Model { id, email, name: name.trim().to_string(), password_hash, created_at: now })
        .await?;
    Ok(id)
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlatformSessionView {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub expires_at: DateTime<Utc>,
}

/// Sign in as a platform admin.
#[utoipa::path(post, path = "/auth/login", tag = "platform", request_body = LoginInput,
    responses((status = 200, body = PlatformSessionView), (status = 401, body = Problem), (status = 429, body = Problem)))]
async fn platform_login(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
) -> Result<Response, AppError> {
    let ip = client_ip(&req, state.settings.server.trust_forwarded_for);
    let Json(input) = <Json<LoginInput> as axum::extract::FromRequest<AppState>>::from_request(req, &state).await?;
    let now = state.clock.now();
    let email = input.email.trim().to_lowercase();
    let attempt = state.throttle.begin("__platform__", &email, &ip, now).map_err(|wait| {
        AppError::too_many_requests("auth.too_many_attempts", wait, format!("try again in {wait} seconds"))
    })?;
    let found = state.control.find_admin_by_email(&email).await?;
    let ok = password::verify(input.password, found.as_ref().map(|a| a.password_hash.clone())).await?;
    let Some(admin) = found.filter(|_| ok) else {
        attempt.failed();
        return Err(AppError::unauthorized("auth.invalid_credentials", "e-mail or password is wrong"));
    };
    attempt.succeeded();
    let grant = Grant {
        audience: PLATFORM_AUDIENCE,
        sub: admin.id,
        email: &admin.email,
        tenant: None,
        roles: vec![],
        stores: None,
        epoch: 0,
    };
    let (token, exp) = state.tokens.issue(grant, now)?;
    let view = PlatformSessionView {
        access_token: token,
        token_type: "Bearer",
        expires_in: (exp - now).num_seconds(),
        expires_at: exp,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], axum::Json(view)).into_response())
}

/// A request by a signed-in platform admin.
pub struct PlatformCtx {
    pub state: AppState,
    pub actor: Actor,
    pub now: DateTime<Utc>,
}

impl FromRequestParts<AppState> for PlatformCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer(&parts.headers).ok_or_else(|| {
            AppError::unauthorized("auth.missing_token", "sign in as a platform admin and send the Bearer token")
        })?;
        let now = state.clock.now();
        let claims = state.tokens.verify(token, PLATFORM_AUDIENCE, now)?;
        if state.control.find_admin(claims.sub).await?.is_none() {
            return Err(AppError::unauthorized("auth.invalid_token", "this platform admin no longer exists"));
        }
        Ok(PlatformCtx { state: state.clone(), actor: Actor::platform_admin(claims.sub, claims.email), now })
    }
}
