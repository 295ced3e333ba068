//! Use cases that change identity data. Each takes the caller's transaction or context, the
//! actor and the time, and records what it did in the audit log.

use chrono::{DateTime, Duration, Utc};
use innexar_db::{DatabaseTransaction, audit};
use innexar_kernel::{Actor, AppError, FieldError, Role, new_id, validate};
use rand::RngCore;
use sea_orm::ConnectionTrait;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::model::{check_grant, check_password};
use crate::password;
use crate::store::{self, User, invitation};

/// A random, URL-safe secret and the hash that is stored in its place.
pub(crate) fn new_secret() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash_secret(&token);
    (token, hash)
}

pub(crate) fn hash_secret(token: &str) -> String {
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
        sessions_epoch: 0,
    };
    store::insert_user(db, &user).await?;
    audit::record(db, &Actor::system(), now, "users.created", "user", Some(user.id), None, Some(&user.audit_view()))
        .await?;
    Ok(user)
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
        sessions_epoch: 0,
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
        // Losing access (or rights) must end sessions now, access tokens included.
        store::end_all_sessions(tx, id, now).await?;
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

pub(crate) fn not_found() -> AppError {
    AppError::not_found("users.not_found", "no user with this id")
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the signed-in user's password and ends all their sessions; returns the user, for the
/// caller to open the one session that replaces them.
pub async fn change_own_password(
    tx: &DatabaseTransaction,
    actor: &Actor,
    now: DateTime<Utc>,
    input: PasswordChange,
) -> Result<User, AppError> {
    let id = actor.id.ok_or_else(not_found)?;
    let mut user = store::find_user(tx, id).await?.ok_or_else(not_found)?;
    if !password::verify(input.current_password, user.password_hash.clone()).await? {
        return Err(AppError::field("/currentPassword", "password.wrong", "the current password is wrong"));
    }
    check_password(&input.new_password, &user.email, "/newPassword")?;
    set_password(tx, actor, now, &mut user, input.new_password).await?;
    Ok(user)
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
    user.sessions_epoch = store::end_all_sessions(tx, user.id, now).await?;
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
