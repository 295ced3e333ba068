//! HTTP handlers for sign-in, the signed-in user and user administration.

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use innexar_http::etag::{etag, required_if_match};
use innexar_http::{AppState, Ctx, Json, Path, Query, TenantCtx};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, Page, Role, StoreId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::commands::{self, AcceptInvitation, NewUser, PasswordChange, PasswordReset, UserPatch};
use crate::model::{User, UserStatus, actor_user};
use crate::permissions::{USERS_MANAGE, USERS_READ};
use crate::queries::{self, UserFilter};
use crate::sessions::{self, LoginInput, Refreshed, Session, SessionKeys};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(logout))
        .routes(routes!(accept_invitation))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(end_own_sessions))
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(reset_password))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// Stores the user is limited to; null means all stores.
    pub store_ids: Option<Vec<StoreId>>,
    pub active: bool,
    /// `active`, `invited` (no password yet) or `inactive`.
    pub status: UserStatus,
    /// The row version, also sent as the ETag.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        let status = u.status();
        UserView {
            id: u.id,
            email: u.email,
            name: u.name,
            roles: u.roles,
            store_ids: u.store_ids,
            active: u.active,
            status,
            version: u.version,
            created_at: u.created_at,
            updated_at: u.updated_at,
            last_login_at: u.last_login_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
    pub user: UserView,
}

fn session_view(s: Session, now: DateTime<Utc>) -> SessionView {
    SessionView {
        expires_in: (s.expires_at - now).num_seconds(),
        access_token: s.access_token,
        token_type: "Bearer",
        expires_at: s.expires_at,
        refresh_token: s.refresh_token,
        refresh_expires_at: s.refresh_expires_at,
        user: s.user.into(),
    }
}

/// Tokens must never be cached by a proxy or the browser.
fn no_store(value: impl IntoResponse) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], value).into_response()
}

/// Sign in with e-mail and password.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginInput,
    responses((status = 200, body = SessionView), (status = 401, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
async fn login(ctx: TenantCtx, Json(input): Json<LoginInput>) -> Result<Response, AppError> {
    let user = sessions::check_credentials(&ctx, input).await?;
    let tx = ctx.db.begin().await?;
    let session = sessions::sign_in(&tx, SessionKeys::of(&ctx.state), user).await?;
    // A plain commit: the tokens must not be kept as an idempotent replay.
    tx.commit().await?;
    Ok(no_store(axum::Json(session_view(session, ctx.now))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefreshInput {
    pub refresh_token: String,
}

/// Trade a refresh token for a new access token and a new refresh token (the old one stops working).
#[utoipa::path(post, path = "/auth/refresh", tag = "auth", request_body = RefreshInput,
    responses((status = 200, body = SessionView), (status = 401, body = Problem)))]
async fn refresh(ctx: TenantCtx, Json(input): Json<RefreshInput>) -> Result<Response, AppError> {
    let tx = ctx.db.begin().await?;
    let refreshed = sessions::refresh(&tx, SessionKeys::of(&ctx.state), &input.refresh_token).await?;
    tx.commit().await?;
    match refreshed {
        Refreshed::Session(session) => Ok(no_store(axum::Json(session_view(session, ctx.now)))),
        Refreshed::Refused(e) => Err(e),
    }
}

/// End the session of a refresh token.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", request_body = RefreshInput, responses((status = 204)))]
async fn logout(ctx: TenantCtx, Json(input): Json<RefreshInput>) -> Result<StatusCode, AppError> {
    let tx = ctx.db.begin().await?;
    sessions::logout(&tx, &input.refresh_token).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Set the password of an invited user.
#[utoipa::path(post, path = "/auth/accept-invitation", tag = "auth", request_body = AcceptInvitation,
    responses((status = 204), (status = 410, body = Problem), (status = 422, body = Problem)))]
async fn accept_invitation(ctx: TenantCtx, Json(input): Json<AcceptInvitation>) -> Result<StatusCode, AppError> {
    let tx = ctx.db.begin().await?;
    commands::accept_invitation(&tx, input).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The tenant the signed-in user works in.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionTenant {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeView {
    pub user: UserView,
    pub tenant: SessionTenant,
    /// Permissions the user's roles grant, e.g. `vehicles.create`.
    pub permissions: Vec<&'static str>,
}

/// The signed-in user, their tenant and what they may do.
#[utoipa::path(get, path = "/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = Problem)))]
async fn me(ctx: Ctx) -> Result<axum::Json<MeView>, AppError> {
    let id = actor_user(&ctx.actor).unwrap_or_default();
    let user = queries::find_user(ctx.db.read().await?.conn(), id)
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| AppError::unauthorized("auth.user_inactive", "this user no longer exists or was deactivated"))?;
    let permissions = ctx.state.permissions.iter().filter(|p| ctx.actor.can(**p)).map(|p| p.name).collect();
    Ok(axum::Json(MeView {
        user: user.into(),
        tenant: SessionTenant { id: ctx.tenant.id, slug: ctx.tenant.slug.clone(), name: ctx.tenant.name.clone() },
        permissions,
    }))
}

/// Change your own password. Every session of yours ends, this one's tokens included; the
/// answer is the session that replaces this one.
#[utoipa::path(post, path = "/me/password", tag = "auth", security(("bearer" = [])), request_body = PasswordChange,
    responses((status = 200, body = SessionView), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn change_password(ctx: Ctx, Json(input): Json<PasswordChange>) -> Result<Response, AppError> {
    let tx = ctx.db.begin().await?;
    let user = commands::change_own_password(&tx, input).await?;
    let id = user.id;
    let session = sessions::open_new_session(&tx, SessionKeys::of(&ctx.state), user).await?;
    tx.commit().await?;
    ctx.state.sessions.forget(ctx.tenant.id, id.uuid());
    Ok(no_store(axum::Json(session_view(session, ctx.now))))
}

/// Sign out everywhere: every access and refresh token of yours stops working, this one's too.
/// Other servers of a cluster may accept an access token for a few more seconds.
#[utoipa::path(post, path = "/me/sessions/revoke", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = Problem)))]
async fn end_own_sessions(ctx: Ctx) -> Result<StatusCode, AppError> {
    let tx = ctx.db.begin().await?;
    let id = sessions::end_own_sessions(&tx).await?;
    tx.commit().await?;
    ctx.state.sessions.forget(ctx.tenant.id, id.uuid());
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    /// Items per page, 1..=100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    #[param(schema_with = user_sort)]
    pub sort: Option<String>,
    /// Text in the name or e-mail.
    pub q: Option<String>,
    pub active: Option<bool>,
}

fn user_sort() -> utoipa::openapi::schema::Object {
    innexar_kernel::page::sort_schema(crate::queries::SORTABLE)
}

/// The tenant's users (those inside your stores, for store-limited managers).
#[utoipa::path(get, path = "/users", tag = "users", security(("bearer" = [])), params(UserListParams),
    responses((status = 200, body = Page<UserView>), (status = 403, body = Problem)))]
async fn list_users(ctx: Ctx, Query(p): Query<UserListParams>) -> Result<axum::Json<Page<UserView>>, AppError> {
    ctx.require(USERS_READ)?;
    let page = PageParams { page: p.page, page_size: p.page_size, sort: p.sort };
    let filter = UserFilter { q: p.q, active: p.active };
    Ok(axum::Json(
        queries::list_users(ctx.db.read().await?.conn(), &ctx.actor, &filter, &page).await?.map(UserView::from),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvitationView {
    /// Give this to the user; they set their password with `POST /auth/accept-invitation`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedUserView {
    pub user: UserView,
    pub invitation: Option<InvitationView>,
}

/// Create a user with an initial password, or with an invitation when no password is given.
#[utoipa::path(post, path = "/users", tag = "users", security(("bearer" = [])), request_body = NewUser,
    responses((status = 201, body = CreatedUserView), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_user(ctx: Ctx, Json(input): Json<NewUser>) -> Result<Response, AppError> {
    ctx.require(USERS_MANAGE)?;
    let ttl = Duration::seconds(ctx.state.settings.auth.invitation_ttl_secs as i64);
    let tx = ctx.db.begin().await?;
    let (user, invitation) = commands::create_user(&tx, input, ttl).await?;
    if let Some(i) = &invitation {
        let origin = crate::reset::app_origin(&ctx.state.settings, &ctx.tenant.slug);
        crate::reset::send_invitation(&tx, &user, i, &origin, &ctx.tenant.name).await?;
    }
    let headers = [(header::LOCATION, format!("/api/v1/users/{}", user.id)), (header::ETAG, etag_str(user.version))];
    let body = CreatedUserView {
        user: user.into(),
        invitation: invitation.map(|i| InvitationView { token: i.token, expires_at: i.expires_at }),
    };
    ctx.commit(tx, (StatusCode::CREATED, headers, axum::Json(body))).await
}

fn etag_str(version: i64) -> String {
    etag(version).to_str().unwrap_or_default().to_string()
}

/// One user.
#[utoipa::path(get, path = "/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = UserId, Path)),
    responses((status = 200, body = UserView, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_user(ctx: Ctx, Path(id): Path<UserId>) -> Result<Response, AppError> {
    if actor_user(&ctx.actor) != Some(id) {
        ctx.require(USERS_READ)?;
    }
    let user = queries::get_user(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    Ok(([(header::ETAG, etag(user.version))], axum::Json(UserView::from(user))).into_response())
}

/// Change a user's name, roles, stores or active flag. Requires `If-Match`. Deactivating a user
/// or changing their roles or stores ends their sessions at once.
#[utoipa::path(patch, path = "/users/{id}", tag = "users", security(("bearer" = [])), request_body = UserPatch,
    params(("id" = UserId, Path), ("If-Match" = String, Header, description = "The ETag of the user as last read")),
    responses((status = 200, body = UserView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn update_user(
    ctx: Ctx,
    Path(id): Path<UserId>,
    headers: HeaderMap,
    Json(patch): Json<UserPatch>,
) -> Result<Response, AppError> {
    ctx.require(USERS_MANAGE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let user = commands::update_user(&tx, id, expected, patch).await?;
    tx.commit().await?;
    ctx.state.sessions.forget(ctx.tenant.id, id.uuid());
    Ok(([(header::ETAG, etag(user.version))], axum::Json(UserView::from(user))).into_response())
}

/// Set a user's password; their sessions end.
#[utoipa::path(post, path = "/users/{id}/password", tag = "users", security(("bearer" = [])), request_body = PasswordReset,
    params(("id" = UserId, Path)),
    responses((status = 204), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn reset_password(
    ctx: Ctx,
    Path(id): Path<UserId>,
    Json(input): Json<PasswordReset>,
) -> Result<StatusCode, AppError> {
    ctx.require(USERS_MANAGE)?;
    let tx = ctx.db.begin().await?;
    commands::reset_password(&tx, id, input).await?;
    tx.commit().await?;
    ctx.state.sessions.forget(ctx.tenant.id, id.uuid());
    Ok(StatusCode::NO_CONTENT)
}
