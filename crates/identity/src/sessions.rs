//! Sessions: signing in, rotating refresh tokens, signing out, and ending every session of a user
//! (ADR 0013); and what the request context asks identity on every signed-in request (through a
//! short cache in `innexar_http::sessions`): is the user still active, which epoch is current.

use chrono::{DateTime, Duration, Utc};
use innexar_db::{DatabaseTransaction, audit};
use innexar_kernel::{Actor, AppError, new_id};
use innexar_http::sessions::{LookupFuture, SessionLookup};
use innexar_http::token::TENANT_AUDIENCE;
use innexar_http::{AppState, TenantCtx};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::commands::{hash_secret, new_secret, not_found};
use crate::password;
use crate::store::{self, User, refresh_token};

pub struct UserSessionLookup;

impl SessionLookup for UserSessionLookup {
    fn find<'a>(&'a self, db: &'a DatabaseConnection, user: Uuid) -> LookupFuture<'a> {
        Box::pin(store::find_sessions(db, user))
    }
}

/// A signed-in session: a short-lived access token and a rotating refresh token.
pub struct Session {
    pub access_token: String,
    pub expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
    pub user: User,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
}

/// Issues an access token of the user's current epoch and a refresh token in `family`.
async fn open_session(
    db: &impl ConnectionTrait,
    state: &AppState,
    tenant: Uuid,
    now: DateTime<Utc>,
    user: User,
    family: Uuid,
) -> Result<Session, AppError> {
    let (refresh, hash) = new_secret();
    let refresh_expires_at = now + Duration::seconds(state.settings.auth.refresh_token_ttl_secs as i64);
    store::insert_refresh_token(
        db,
        refresh_token::Model {
            id: new_id(),
            user_id: user.id,
            family_id: family,
            token_hash: hash,
            created_at: now,
            expires_at: refresh_expires_at,
            revoked_at: None,
        },
    )
    .await?;
    let (access_token, expires_at) = state.tokens.issue_in_epoch(
        TENANT_AUDIENCE,
        user.id,
        &user.email,
        Some(tenant),
        user.roles.clone(),
        user.store_ids.clone(),
        user.sessions_epoch,
        now,
    )?;
    Ok(Session { access_token, expires_at, refresh_token: refresh, refresh_expires_at, user })
}

/// Opens a session in a new family (a sign-in, or the session that replaces the ended ones after
/// a password change), in the caller's transaction.
pub async fn open_new_session(
    db: &impl ConnectionTrait,
    state: &AppState,
    tenant: Uuid,
    now: DateTime<Utc>,
    user: User,
) -> Result<Session, AppError> {
    let family = new_id();
    store::insert_refresh_family(db, family, user.id, now).await?;
    open_session(db, state, tenant, now, user, family).await
}

fn invalid_credentials() -> AppError {
    AppError::unauthorized("auth.invalid_credentials", "e-mail or password is wrong")
}

fn too_many_attempts(wait: u64) -> AppError {
    AppError::too_many_requests(
        "auth.too_many_attempts",
        wait,
        format!("too many failed sign-ins; try again in {wait} seconds"),
    )
}

/// Signs in with e-mail and password. The attempt is counted by the throttle before the
/// password is checked (so parallel guesses are limited too), and the session's writes are one
/// transaction, opened only after the slow password check.
pub async fn login(ctx: &TenantCtx, input: LoginInput) -> Result<Session, AppError> {
    let email = input.email.trim().to_lowercase();
    let attempt = ctx.state.throttle.begin(&ctx.tenant.slug, &email, &ctx.ip, ctx.now).map_err(too_many_attempts)?;
    let user = store::find_user_by_email(ctx.db.read().await?.conn(), &email).await?;
    let hash = user.as_ref().filter(|u| u.active).and_then(|u| u.password_hash.clone());
    let ok = password::verify(input.password, hash).await?;
    let Some(user) = user.filter(|_| ok) else {
        attempt.failed();
        return Err(invalid_credentials());
    };
    attempt.succeeded();
    let tx = ctx.db.begin().await?;
    store::touch_last_login(&*tx, user.id, ctx.now).await?;
    let session = open_new_session(&*tx, &ctx.state, ctx.tenant.id, ctx.now, user).await?;
    tx.commit().await?;
    Ok(session)
}

/// Trades a refresh token for a new pair, in one transaction. A token used twice means it was
/// stolen: the whole family (every token descended from the same login) is revoked, including a
/// token that a concurrent use of the same one has just been given.
pub async fn refresh(ctx: &TenantCtx, token: &str) -> Result<Session, AppError> {
    let invalid =
        || AppError::unauthorized("auth.invalid_refresh_token", "the refresh token is invalid or was revoked");
    let now = ctx.now;
    let tx = ctx.db.begin().await?;
    let Some(row) = store::find_refresh_token(&*tx, &hash_secret(token)).await? else {
        return Err(invalid());
    };
    // The family's row first: a concurrent rotation or reuse of this family waits here.
    if !store::claim_live_family(&*tx, row.family_id, now).await? {
        return Err(invalid());
    }
    if !store::revoke_refresh_token(&*tx, row.id, now).await? {
        store::revoke_family(&*tx, row.family_id, now).await?;
        tx.commit().await?;
        tracing::warn!(user = %row.user_id, "refresh token reused; session family revoked");
        return Err(invalid());
    }
    if row.expires_at <= now {
        tx.commit().await?;
        return Err(AppError::unauthorized("auth.refresh_token_expired", "the session has expired; sign in again"));
    }
    let Some(user) = store::find_user(&*tx, row.user_id).await?.filter(|u| u.active) else {
        tx.commit().await?;
        return Err(invalid());
    };
    let session = open_session(&*tx, &ctx.state, ctx.tenant.id, now, user, row.family_id).await?;
    tx.commit().await?;
    Ok(session)
}

/// Ends the session of a refresh token (and every token rotated from it). Unknown tokens are
/// ignored: signing out twice is not an error.
pub async fn logout(ctx: &TenantCtx, token: &str) -> Result<(), AppError> {
    let tx = ctx.db.begin().await?;
    if let Some(row) = store::find_refresh_token(&*tx, &hash_secret(token)).await? {
        store::revoke_family(&*tx, row.family_id, ctx.now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Signs the actor out everywhere: every access and refresh token they hold stops working.
pub async fn end_own_sessions(tx: &DatabaseTransaction, actor: &Actor, now: DateTime<Utc>) -> Result<(), AppError> {
    let id = actor.id.ok_or_else(not_found)?;
    store::end_all_sessions(tx, id, now).await?;
    audit::record(tx, actor, now, "users.sessions_ended", "user", Some(id), None, None).await?;
    Ok(())
}
