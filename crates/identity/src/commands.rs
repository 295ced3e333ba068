//! Use cases that change identity data. Each takes the caller's transaction or context, the
//! actor and the time, and records what it did in the audit log.

use chrono::{DateTime, Duration, Utc};
use innexar_db::{DatabaseTransaction, audit};
use innexar_kernel::{Actor, AppError, FieldError, Role, new_id, validate};
use innexar_web::TenantCtx;
use innexar_web::token::TENANT_AUDIENCE;
use rand::RngCore;
use sea_orm::ConnectionTrait;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::model::{check_grant, check_password};
use crate::password;
use crate::store::{self, User, invitation, refresh_token};

/// A random, URL-safe secret and the hash that is stored in its place.
fn new_secret() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash_secret(&token);
    (token, hash)
}

fn hash_secret(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn check_name(name: &str) -> Result<String, FieldError> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 120 {
        Err(FieldError::new("/name", "users.name_length", "the name must have 1 to 120 characters"))
    } else {
        Ok(n.to_string())
    }
}

/// Creates the first Owner of a new tenant (provisioning).
pub async fn create_owner(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<User, AppError> {
    let email = validate::email(email)
        .ok_or_else(|| AppError::field("/adminEmail", "users.invalid_email", "this is not a valid e-mail address"))?;
    check_password(password, &email, "/adminPassword")?;
    let name = check_name(name).map_err(|e| AppError::validation(vec![e]))?;
    let user = User {
        id: new_id(),
        email,
        name,
        password_hash: Some(password::hash(password.to_string()).await?),
        roles: vec![Role::Owner],
        store_ids: None,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
        last_login_at: None,
    };
    store::insert_user(db, &user).await?;
    audit::record(db, &Actor::system(), now, "users.created", "user", Some(user.id), None, Some(&user.audit_view()))
        .await?;
    Ok(user)
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

async fn open_session(ctx: &TenantCtx, user: User, family: Uuid) -> Result<Session, AppError> {
    let (refresh, hash) = new_secret();
    let refresh_expires_at = ctx.now + Duration::seconds(ctx.state.settings.auth.refresh_token_ttl_secs as i64);
    store::insert_refresh_token(
        ctx.db.read().await?.conn(),
        refresh_token::Model {
            id: new_id(),
            user_id: user.id,
            family_id: family,
            token_hash: hash,
            created_at: ctx.now,
            expires_at: refresh_expires_at,
            revoked_at: None,
        },
    )
    .await?;
    let (access_token, expires_at) = ctx.state.tokens.issue(
        TENANT_AUDIENCE,
        user.id,
        &user.email,
        Some(ctx.tenant.id),
        user.roles.clone(),
        user.store_ids.clone(),
        ctx.now,
    )?;
    Ok(Session { access_token, expires_at, refresh_token: refresh, refresh_expires_at, user })
}

fn invalid_credentials() -> AppError {
    AppError::unauthorized("auth.invalid_credentials", "e-mail or password is wrong")
}

/// Signs in with e-mail and password; failures are throttled per account and per address.
pub async fn login(ctx: &TenantCtx, input: LoginInput) -> Result<Session, AppError> {
    let email = input.email.trim().to_lowercase();
    let throttle = &ctx.state.throttle;
    if let Err(wait) = throttle.check(&ctx.tenant.slug, &email, &ctx.ip, ctx.now) {
        return Err(AppError::too_many_requests(
            "auth.too_many_attempts",
            wait,
            format!("too many failed sign-ins; try again in {wait} seconds"),
        ));
    }
    let user = store::find_user_by_email(ctx.db.read().await?.conn(), &email).await?;
    let hash = user.as_ref().filter(|u| u.active).and_then(|u| u.password_hash.clone());
    let ok = password::verify(input.password, hash).await?;
    let Some(user) = user.filter(|_| ok) else {
        throttle.record_failure(&ctx.tenant.slug, &email, &ctx.ip, ctx.now);
        return Err(invalid_credentials());
    };
    throttle.record_success(&ctx.tenant.slug, &email);
    store::touch_last_login(ctx.db.read().await?.conn(), user.id, ctx.now).await?;
    open_session(ctx, user, new_id()).await
}

/// Trades a refresh token for a new pair. A token used twice means it was stolen: the whole
/// family (every token descended from the same login) is revoked.
pub async fn refresh(ctx: &TenantCtx, token: &str) -> Result<Session, AppError> {
    let invalid =
        || AppError::unauthorized("auth.invalid_refresh_token", "the refresh token is invalid or was revoked");
    let Some(row) = store::find_refresh_token(ctx.db.read().await?.conn(), &hash_secret(token)).await? else {
        return Err(invalid());
    };
    if row.revoked_at.is_some() || !store::revoke_refresh_token(ctx.db.read().await?.conn(), row.id, ctx.now).await? {
        store::revoke_family(ctx.db.read().await?.conn(), row.family_id, ctx.now).await?;
        tracing::warn!(user = %row.user_id, "refresh token reused; session family revoked");
        return Err(invalid());
    }
    if row.expires_at <= ctx.now {
        return Err(AppError::unauthorized("auth.refresh_token_expired", "the session has expired; sign in again"));
    }
    let user =
        store::find_user(ctx.db.read().await?.conn(), row.user_id).await?.filter(|u| u.active).ok_or_else(invalid)?;
    open_session(ctx, user, row.family_id).await
}

/// Ends the session of a refresh token (and every token rotated from it). Unknown tokens are
/// ignored: signing out twice is not an error.
pub async fn logout(ctx: &TenantCtx, token: &str) -> Result<(), AppError> {
    if let Some(row) = store::find_refresh_token(ctx.db.read().await?.conn(), &hash_secret(token)).await? {
        store::revoke_family(ctx.db.read().await?.conn(), row.family_id, ctx.now).await?;
    }
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// Stores the user may see; omit or null for all.
    #[serde(default)]
    pub store_ids: Option<Vec<Uuid>>,
    /// An initial password; without one the user gets an invitation to set it.
    #[serde(default)]
    pub password: Option<String>,
}

/// A pending invitation: hand the token to the new user (e-mail delivery arrives with the
/// notifications module).
pub struct Invitation {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

pub async fn create_user(
    tx: &DatabaseTransaction,
    actor: &Actor,
    now: DateTime<Utc>,
    input: NewUser,
    invitation_ttl: Duration,
) -> Result<(User, Option<Invitation>), AppError> {
    let mut errors = Vec::new();
    let email = validate::email(&input.email);
    if email.is_none() {
        errors.push(FieldError::new("/email", "users.invalid_email", "this is not a valid e-mail address"));
    }
    let name = check_name(&input.name).map_err(|e| errors.push(e)).unwrap_or_default();
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let email = email.unwrap_or_default();
    check_grant(actor, &input.roles, &input.store_ids)?;
    if let Some(p) = &input.password {
        check_password(p, &email, "/password")?;
    }
    if store::find_user_by_email(tx, &email).await?.is_some() {
        return Err(AppError::conflict("users.email_taken", "a user with this e-mail exists already")
            .with_errors(vec![FieldError::new("/email", "users.email_taken", "this e-mail is in use")]));
    }
    let mut roles = input.roles;
    roles.sort();
    roles.dedup();
    let password_hash = match input.password {
        Some(p) => Some(password::hash(p).await?),
        None => None,
    };
    let user = User {
        id: new_id(),
        email,
        name,
        password_hash,
        roles,
        store_ids: input.store_ids,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
        last_login_at: None,
    };
    store::insert_user(tx, &user).await?;
    let invitation = if user.password_hash.is_none() {
        let (token, token_hash) = new_secret();
        let expires_at = now + invitation_ttl;
        store::insert_invitation(
            tx,
            invitation::Model {
                id: new_id(),
                user_id: user.id,
                token_hash,
                created_at: now,
                expires_at,
                accepted_at: None,
            },
        )
        .await?;
        Some(Invitation { token, expires_at })
    } else {
        None
    };
    audit::record(tx, actor, now, "users.created", "user", Some(user.id), None, Some(&user.audit_view())).await?;
    Ok((user, invitation))
}

/// A partial update: absent fields stay as they are; `storeIds: null` means all stores.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserPatch {
    pub name: Option<String>,
    pub roles: Option<Vec<Role>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<Vec<Uuid>>)]
    pub store_ids: Option<Option<Vec<Uuid>>>,
    pub active: Option<bool>,
}

/// A user who can see `target`: managers limited to stores only manage users inside them.
pub fn can_manage(actor: &Actor, target: &User) -> bool {
    if target.roles.contains(&Role::Owner) && !actor.has_role(Role::Owner) {
        return false;
    }
    match (&actor.store_ids, &target.store_ids) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(mine), Some(theirs)) => theirs.iter().all(|s| mine.contains(s)),
    }
}

pub async fn update_user(
    tx: &DatabaseTransaction,
    actor: &Actor,
    now: DateTime<Utc>,
    id: Uuid,
    expected_version: i64,
    patch: UserPatch,
) -> Result<User, AppError> {
    let before = store::find_user(tx, id).await?.ok_or_else(not_found)?;
    if !can_manage(actor, &before) {
        return Err(not_found());
    }
    if before.version != expected_version {
        return Err(AppError::precondition_failed("the user was changed by someone else; reload and try again"));
    }
    let mut after = before.clone();
    if let Some(name) = patch.name {
        after.name = check_name(&name).map_err(|e| AppError::validation(vec![e]))?;
    }
    if let Some(mut roles) = patch.roles {
        roles.sort();
        roles.dedup();
        after.roles = roles;
    }
    if let Some(stores) = patch.store_ids {
        after.store_ids = stores;
    }
    if let Some(active) = patch.active {
        if !active && Some(id) == actor.id {
            return Err(AppError::conflict("users.cannot_deactivate_self", "you cannot deactivate your own account"));
        }
        after.active = active;
    }
    if after.roles != before.roles || after.store_ids != before.store_ids {
        check_grant(actor, &after.roles, &after.store_ids)?;
    }
    let was_owner = before.active && before.roles.contains(&Role::Owner);
    let is_owner = after.active && after.roles.contains(&Role::Owner);
    if was_owner && !is_owner && store::count_other_active_owners(tx, id).await? == 0 {
        return Err(AppError::conflict("users.last_owner", "the tenant must keep at least one active Owner"));
    }
    if after == before {
        return Ok(before);
    }
    after.version += 1;
    after.updated_at = now;
    if !store::update_user(tx, &after, expected_version).await? {
        return Err(AppError::precondition_failed("the user was changed by someone else; reload and try again"));
    }
    if !after.active || after.roles != before.roles || after.store_ids != before.store_ids {
        // New rights take effect at the next refresh; losing access must end sessions now.
        store::revoke_all_for_user(tx, id, now).await?;
    }
    audit::record(
        tx,
        actor,
        now,
        "users.updated",
        "user",
        Some(id),
        Some(&before.audit_view()),
        Some(&after.audit_view()),
    )
    .await?;
    Ok(after)
}

fn not_found() -> AppError {
    AppError::not_found("users.not_found", "no user with this id")
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the signed-in user's password and ends their other sessions.
pub async fn change_own_password(
    tx: &DatabaseTransaction,
    actor: &Actor,
    now: DateTime<Utc>,
    input: PasswordChange,
) -> Result<(), AppError> {
    let id = actor.id.ok_or_else(not_found)?;
    let mut user = store::find_user(tx, id).await?.ok_or_else(not_found)?;
    if !password::verify(input.current_password, user.password_hash.clone()).await? {
        return Err(AppError::field("/currentPassword", "password.wrong", "the current password is wrong"));
    }
    check_password(&input.new_password, &user.email, "/newPassword")?;
    set_password(tx, actor, now, &mut user, input.new_password).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordReset {
    pub new_password: String,
}

/// An Owner or manager sets a user's password (a forgotten password, before e-mail exists).
pub async fn reset_password(
    tx: &DatabaseTransaction,
    actor: &Actor,
    now: DateTime<Utc>,
    id: Uuid,
    input: PasswordReset,
) -> Result<(), AppError> {
    let mut user = store::find_user(tx, id).await?.ok_or_else(not_found)?;
    if !can_manage(actor, &user) {
        return Err(not_found());
    }
    check_password(&input.new_password, &user.email, "/newPassword")?;
    set_password(tx, actor, now, &mut user, input.new_password).await
}

async fn set_password(
    tx: &DatabaseTransaction,
    actor: &Actor,
    now: DateTime<Utc>,
    user: &mut User,
    new_password: String,
) -> Result<(), AppError> {
    let expected = user.version;
    user.password_hash = Some(password::hash(new_password).await?);
    user.version += 1;
    user.updated_at = now;
    if !store::update_user(tx, user, expected).await? {
        return Err(AppError::conflict("users.concurrent_change", "the user was changed at the same time; try again"));
    }
    store::revoke_all_for_user(tx, user.id, now).await?;
    audit::record(tx, actor, now, "users.password_changed", "user", Some(user.id), None, None).await?;
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptInvitation {
    pub token: String,
    pub password: String,
}

/// An invited user sets their password.
pub async fn accept_invitation(
    tx: &DatabaseTransaction,
    now: DateTime<Utc>,
    input: AcceptInvitation,
) -> Result<User, AppError> {
    let invalid = || {
        AppError::new(
            axum::http::StatusCode::GONE,
            "users.invitation_invalid",
            "Invitation invalid",
            "this invitation is unknown, used or expired; ask for a new one",
        )
    };
    let inv = store::find_invitation(tx, &hash_secret(&input.token)).await?.ok_or_else(invalid)?;
    if inv.accepted_at.is_some() || inv.expires_at <= now {
        return Err(invalid());
    }
    let mut user = store::find_user(tx, inv.user_id).await?.filter(|u| u.active).ok_or_else(invalid)?;
    check_password(&input.password, &user.email, "/password")?;
    if !store::accept_invitation(tx, inv.id, now).await? {
        return Err(invalid());
    }
    let actor = Actor::user(user.id, user.email.clone(), user.roles.clone(), user.store_ids.clone());
    set_password(tx, &actor, now, &mut user, input.password).await?;
    Ok(user)
}
