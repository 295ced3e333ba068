//! Sessions: signing in, rotating refresh tokens, signing out, and ending every session of a user
//! (ADR 0013); and what the request context asks identity on every signed-in request (through a
//! short cache in `innexar_http::sessions`): is the user still active, which epoch is current.
//!
//! Every write of a sign-in, a rotation or a sign-out goes through the caller's one transaction:
//! a failure between two of them leaves nothing behind, never a family half rotated.

use chrono::{DateTime, Duration, Utc};
use innexar_db::{Tx, audit};
use innexar_http::sessions::{LookupFuture, SessionLookup};
use innexar_http::token::{Grant, TENANT_AUDIENCE, TokenKeys};
use innexar_http::{AppState, TenantCtx};
use innexar_kernel::{AppError, UserId, new_id};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::commands::{hash_secret, new_secret, not_found};
use crate::model::{User, actor_user};
use crate::password;
use crate::store::{self, refresh_token};

pub struct UserSessionLookup;

impl SessionLookup for UserSessionLookup {
    fn find<'a>(&'a self, db: &'a DatabaseConnection, user: Uuid) -> LookupFuture<'a> {
        Box::pin(store::find_sessions(db, UserId::from(user)))
    }
}

/// What issuing tokens takes besides the transaction: the signing keys and how long a refresh
/// token lives.
#[derive(Clone, Copy)]
pub struct SessionKeys<'a> {
    pub tokens: &'a TokenKeys,
    pub refresh_ttl: Duration,
}

impl<'a> SessionKeys<'a> {
    pub fn of(state: &'a AppState) -> Self {
        SessionKeys {
            tokens: &state.tokens,
            refresh_ttl: Duration::seconds(state.settings.auth.refresh_token_ttl_secs as i64),
        }
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
async fn open_session(tx: &Tx, keys: SessionKeys<'_>, user: User, family: Uuid) -> Result<Session, AppError> {
    let now = tx.now();
    let (refresh, hash) = new_secret();
    let refresh_expires_at = now + keys.refresh_ttl;
    store::insert_refresh_token(
        &**tx,
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
    let grant = Grant {
        audience: TENANT_AUDIENCE,
        sub: user.id.uuid(),
        email: &user.email,
        tenant: Some(tx.tenant_id()),
        roles: user.roles.clone(),
        stores: user.store_ids.clone(),
        epoch: user.sessions_epoch,
    };
    let (access_token, expires_at) = keys.tokens.issue(grant, now)?;
    Ok(Session { access_token, expires_at, refresh_token: refresh, refresh_expires_at, user })
}

/// Opens a session in a new family (a sign-in, or the session that replaces the ended ones after
/// a password change).
pub async fn open_new_session(tx: &Tx, keys: SessionKeys<'_>, user: User) -> Result<Session, AppError> {
    let family = new_id();
    store::insert_refresh_family(&**tx, family, user.id, tx.now()).await?;
    open_session(tx, keys, user, family).await
}

fn invalid_credentials() -> AppError {
    AppError::unauthorized("auth.invalid_credentials", "e-mail or password is wrong")
}

pub(crate) fn too_many_attempts(wait: u64) -> AppError {
    AppError::too_many_requests(
        "auth.too_many_attempts",
        wait,
        format!("too many failed sign-ins; try again in {wait} seconds"),
    )
}

/// The user whose e-mail and password these are. The attempt is counted by the throttle before
/// the password is checked (so parallel guesses are limited too). Reads only: the slow password
/// check must not hold a transaction (on SQLite, the tenant's one writer).
pub async fn check_credentials(ctx: &TenantCtx, input: LoginInput) -> Result<User, AppError> {
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
    Ok(user)
}

/// Signs `user` in (their credentials checked by [`check_credentials`]): notes the sign-in and
/// opens a session in a new family.
pub async fn sign_in(tx: &Tx, keys: SessionKeys<'_>, user: User) -> Result<Session, AppError> {
    store::touch_last_login(&**tx, user.id, tx.now()).await?;
    open_new_session(tx, keys, user).await
}

fn invalid_refresh_token() -> AppError {
    AppError::unauthorized("auth.invalid_refresh_token", "the refresh token is invalid or was revoked")
}

/// What a presented refresh token was traded for.
pub enum Refreshed {
    /// The new pair; the presented token no longer works.
    Session(Session),
    /// Refused after writing something that must stay (a reused token's family revoked, an
    /// expired token spent): commit, then answer the error.
    Refused(AppError),
}

/// Trades a refresh token for a new pair. A token used twice means it was stolen: the whole
/// family (every token descended from the same login) is revoked, including a token that a
/// concurrent use of the same one has just been given. An `Err` wrote nothing worth keeping.
pub async fn refresh(tx: &Tx, keys: SessionKeys<'_>, token: &str) -> Result<Refreshed, AppError> {
    let now = tx.now();
    let Some(row) = store::find_refresh_token(&**tx, &hash_secret(token)).await? else {
        return Err(invalid_refresh_token());
    };
    // The family's row first: a concurrent rotation or reuse of this family waits here.
    if !store::claim_live_family(&**tx, row.family_id, now).await? {
        return Err(invalid_refresh_token());
    }
    if !store::revoke_refresh_token(&**tx, row.id, now).await? {
        store::revoke_family(&**tx, row.family_id, now).await?;
        tracing::warn!(user = %row.user_id, "refresh token reused; session family revoked");
        return Ok(Refreshed::Refused(invalid_refresh_token()));
    }
    if row.expires_at <= now {
        return Ok(Refreshed::Refused(AppError::unauthorized(
            "auth.refresh_token_expired",
            "the session has expired; sign in again",
        )));
    }
    let Some(user) = store::find_user(&**tx, row.user_id).await?.filter(|u| u.active) else {
        return Ok(Refreshed::Refused(invalid_refresh_token()));
    };
    Ok(Refreshed::Session(open_session(tx, keys, user, row.family_id).await?))
}

/// Ends the session of a refresh token (and every token rotated from it). Unknown tokens are
/// ignored: signing out twice is not an error.
pub async fn logout(tx: &Tx, token: &str) -> Result<(), AppError> {
    if let Some(row) = store::find_refresh_token(&**tx, &hash_secret(token)).await? {
        store::revoke_family(&**tx, row.family_id, tx.now()).await?;
    }
    Ok(())
}

/// Signs the transaction's actor out everywhere: every access and refresh token they hold stops
/// working. Returns who that was.
pub async fn end_own_sessions(tx: &Tx) -> Result<UserId, AppError> {
    let id = actor_user(tx.actor()).ok_or_else(not_found)?;
    store::end_all_sessions(&**tx, id, tx.now()).await?;
    let change = audit::Change {
        action: "users.sessions_ended",
        entity_type: "user",
        entity_id: Some(id.uuid()),
        before: None,
        after: None,
    };
    audit::record(tx, change).await?;
    Ok(id)
}
