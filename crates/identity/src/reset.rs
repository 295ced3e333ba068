//! "Esqueci minha senha": a user asks for a reset link by e-mail address and sets a new
//! password with it. The link is a message to the user (`innexar_db::messages`), delivered by
//! e-mail once a channel is configured and, until then, read by the tenant's Owners in the
//! mailbox. The answer never says whether the address is a user's, and requests are counted
//! before anything is looked up.

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use innexar_db::{Tx, audit};
use innexar_http::{AppState, Json, TenantCtx};
use innexar_kernel::error::Problem;
use innexar_kernel::{AppError, validate};
use innexar_notify::{Channel, Notice};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::commands::{hash_secret, new_secret};
use crate::model::check_password;
use crate::store;

/// How long a reset link works.
pub const RESET_TTL_MINUTES: i64 = 60;
/// Links that may be outstanding for one user at once; more requests are answered the same
/// way but send nothing (a mailbox is not flooded by someone who knows an address).
const MAX_OPEN_RESETS: u64 = 3;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(request_reset)).routes(routes!(confirm_reset))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetRequest {
    #[schema(format = Email)]
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetConfirmation {
    /// The token of the link.
    #[schema(min_length = 1, max_length = 128)]
    pub token: String,
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
}

pub use innexar_http::app_origin;

/// Writes a reset link for the active user with this e-mail, if there is one; says nothing
/// either way.
pub async fn request_password_reset(tx: &Tx, email: &str, origin: &str, tenant_name: &str) -> Result<(), AppError> {
    let now = tx.now();
    let Some(user) = store::find_user_by_email(&**tx, email).await?.filter(|u| u.active) else { return Ok(()) };
    if store::count_open_resets(&**tx, user.id, now).await? >= MAX_OPEN_RESETS {
        return Ok(());
    }
    let (token, hash) = new_secret();
    let expires_at = now + Duration::minutes(RESET_TTL_MINUTES);
    store::insert_reset(&**tx, user.id, &hash, now, expires_at).await?;
    let link = format!("{origin}/reset-password?token={token}");
    // The link's life, not a clock time: the reader's zone is not known here.
    let params = serde_json::json!({
        "name": user.name, "tenant": tenant_name, "link": link, "minutes": RESET_TTL_MINUTES,
    });
    innexar_notify::queue(tx, Notice::new("password_reset", Channel::Email, &user.email, params)).await?;
    audit::record(
        tx,
        audit::Change {
            action: "users.password_reset_requested",
            entity_type: "user",
            entity_id: Some(user.id.uuid()),
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(())
}

/// Sends a new user the link of their invitation to set a password.
pub async fn send_invitation(
    tx: &Tx,
    user: &crate::model::User,
    invitation: &crate::commands::Invitation,
    origin: &str,
    tenant_name: &str,
) -> Result<(), AppError> {
    let link = format!("{origin}/accept-invitation?token={}", invitation.token);
    // In Brazil's official time, where nearly every dealer is: the e-mail cannot know the reader's.
    let expires = invitation.expires_at.with_timezone(&chrono_tz::America::Sao_Paulo).format("%d/%m/%Y %H:%M");
    let params = serde_json::json!({
        "name": user.name, "tenant": tenant_name, "link": link, "expires": expires.to_string(),
    });
    innexar_notify::queue(tx, Notice::new("user_invitation", Channel::Email, &user.email, params)).await?;
    Ok(())
}

fn invalid_link() -> AppError {
    AppError::new(
        StatusCode::GONE,
        "users.reset_invalid",
        "Reset link invalid",
        "this reset link is unknown, used or expired; ask for a new one",
    )
}

/// Sets the password of the link's user; the link and every other open link of the user stop
/// working, and every session of the user ends.
pub async fn confirm_password_reset(tx: &Tx, input: ResetConfirmation) -> Result<(), AppError> {
    if input.token.trim().is_empty() {
        return Err(AppError::field("/token", "field.required", "send the link's token"));
    }
    check_password(&input.password, "", "/password")?;
    let now: DateTime<Utc> = tx.now();
    let reset = store::find_reset(&**tx, &hash_secret(input.token.trim())).await?.ok_or_else(invalid_link)?;
    if reset.used_at.is_some() || reset.expires_at <= now {
        return Err(invalid_link());
    }
    let mut user = store::find_user(&**tx, reset.user_id).await?.filter(|u| u.active).ok_or_else(invalid_link)?;
    check_password(&input.password, &user.email, "/password")?;
    // The first of two concurrent uses takes the link; the other finds it used.
    if !store::use_resets(&**tx, user.id, reset.id, now).await? {
        return Err(invalid_link());
    }
    let actor = user.actor();
    crate::commands::set_password(tx, &actor, &mut user, input.password).await
}

/// Ask for a link to set a new password. Always 202, whether or not the address is a user's;
/// the link works for an hour. Requests are throttled per address and per client like
/// sign-ins (429 `auth.too_many_attempts`).
#[utoipa::path(post, path = "/auth/password-reset", tag = "auth", request_body = ResetRequest,
    responses((status = 202, description = "If the address is a user's, a link is on its way"), (status = 422, body = Problem), (status = 429, body = Problem)))]
async fn request_reset(ctx: TenantCtx, Json(input): Json<ResetRequest>) -> Result<StatusCode, AppError> {
    let Some(email) = validate::email(&input.email) else {
        return Err(AppError::field("/email", "users.invalid_email", "this is not an e-mail address"));
    };
    // Counted first, as a failed sign-in is, on its own key so it does not lock sign-ins out.
    let attempt = ctx
        .state
        .throttle
        .begin(&ctx.tenant.slug, &format!("reset:{email}"), &ctx.ip, ctx.now)
        .map_err(crate::sessions::too_many_attempts)?;
    attempt.failed();
    let origin = app_origin(&ctx.state.settings, &ctx.tenant.slug);
    let tx = ctx.db.begin().await?;
    request_password_reset(&tx, &email, &origin, &ctx.tenant.name).await?;
    tx.commit().await?;
    Ok(StatusCode::ACCEPTED)
}

/// Set a new password with the token of a reset link. Every session of the user ends; 410
/// `users.reset_invalid` for a link unknown, used or expired.
#[utoipa::path(post, path = "/auth/password-reset/confirm", tag = "auth", request_body = ResetConfirmation,
    responses((status = 204), (status = 410, body = Problem), (status = 422, body = Problem)))]
async fn confirm_reset(ctx: TenantCtx, Json(input): Json<ResetConfirmation>) -> Result<StatusCode, AppError> {
    let tx = ctx.db.begin().await?;
    confirm_password_reset(&tx, input).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
