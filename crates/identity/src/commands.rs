//! Use cases that change users. Each takes the caller's tenant transaction, which knows who acts
//! and when, and records what it did in the audit log.

use chrono::{DateTime, Duration, Utc};
use innexar_db::{Tx, audit};
use innexar_kernel::{Actor, AppError, FieldError, IfMatch, Role, StoreId, UserId, new_id, validate};
use sea_orm::ConnectionTrait;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::model::{User, actor_user, can_manage, check_grant, check_name, check_password};
use crate::password;
use crate::store::{self, invitation};

/// A random, URL-safe secret and the hash that is stored in its place.
pub(crate) fn new_secret() -> (String, String) {
    let mut bytes = [0u8; 32];
    innexar_kernel::random::fill(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash_secret(&token);
    (token, hash)
}

pub(crate) fn hash_secret(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The audit entry of a new user, whose audit view is `view`.
fn created<'a>(user: &User, view: &'a serde_json::Value) -> audit::Change<'a> {
    audit::Change {
        action: "users.created",
        entity_type: "user",
        entity_id: Some(user.id.uuid()),
        before: None,
        after: Some(view),
    }
}

/// Creates the first Owner of a new tenant. Provisioning writes on a bare connection, before
/// the tenant is registered and any tenant transaction can exist, so this records by the system.
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
    let password_hash = password::hash(password.to_string()).await?;
    let user = User::new(email, name, Some(password_hash), vec![Role::Owner], None, now);
    store::insert_user(db, &user).await?;
    let view = user.audit_view();
    audit::record_by(db, &Actor::system(), now, created(&user, &view)).await?;
    Ok(user)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewUser {
    #[schema(format = Email)]
    pub email: String,
    #[schema(max_length = 120)]
    pub name: String,
    #[schema(min_items = 1)]
    pub roles: Vec<Role>,
    /// Stores the user may see; omit or null for all.
    #[serde(default)]
    #[schema(min_items = 1)]
    pub store_ids: Option<Vec<StoreId>>,
    /// An initial password; without one the user gets an invitation to set it.
    #[serde(default)]
    #[schema(min_length = 8, max_length = 128)]
    pub password: Option<String>,
}

/// A pending invitation: hand the token to the new user (e-mail delivery arrives with the
/// notifications module).
pub struct Invitation {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Creates a user with `input.password`, or with an invitation valid for `invitation_ttl`.
pub async fn create_user(
    tx: &Tx,
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
    check_grant(tx.actor(), &input.roles, &input.store_ids)?;
    check_stores_exist(tx, &input.store_ids).await?;
    if let Some(p) = &input.password {
        check_password(p, &email, "/password")?;
    }
    if store::find_user_by_email(&**tx, &email).await?.is_some() {
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
    let now = tx.now();
    let user = User::new(email, name, password_hash, roles, input.store_ids, now);
    store::insert_user(&**tx, &user).await?;
    let invitation = if user.password_hash.is_none() {
        let (token, token_hash) = new_secret();
        let expires_at = now + invitation_ttl;
        store::insert_invitation(
            &**tx,
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
    let view = user.audit_view();
    audit::record(tx, created(&user, &view)).await?;
    Ok((user, invitation))
}

/// A partial update: absent fields stay as they are; `storeIds: null` means all stores.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserPatch {
    #[schema(min_length = 1, max_length = 120)]
    pub name: Option<String>,
    #[schema(min_items = 1)]
    pub roles: Option<Vec<Role>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<Vec<StoreId>>, min_items = 1)]
    pub store_ids: Option<Option<Vec<StoreId>>>,
    pub active: Option<bool>,
}

/// Changes user `id` if its version is one `expected` allows (the client's `If-Match`).
/// Losing access or rights ends the user's sessions at once.
pub async fn update_user(tx: &Tx, id: UserId, expected: IfMatch, patch: UserPatch) -> Result<User, AppError> {
    let actor = tx.actor();
    let before = store::find_user(&**tx, id).await?.ok_or_else(not_found)?;
    if !can_manage(actor, &before) {
        return Err(not_found());
    }
    if !expected.allows(before.version) {
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
        if !active && before.is(actor) {
            return Err(AppError::conflict("users.cannot_deactivate_self", "you cannot deactivate your own account"));
        }
        after.active = active;
    }
    if after.roles != before.roles || after.store_ids != before.store_ids {
        check_grant(actor, &after.roles, &after.store_ids)?;
        check_stores_exist(tx, &after.store_ids).await?;
    }
    let was_owner = before.active && before.roles.contains(&Role::Owner);
    let is_owner = after.active && after.roles.contains(&Role::Owner);
    if was_owner && !is_owner && store::count_other_active_owners(&**tx, id).await? == 0 {
        return Err(AppError::conflict("users.last_owner", "the tenant must keep at least one active Owner"));
    }
    if after == before {
        return Ok(before);
    }
    after.version += 1;
    after.updated_at = tx.now();
    if !store::update_user(&**tx, &after, before.version).await? {
        return Err(AppError::precondition_failed("the user was changed by someone else; reload and try again"));
    }
    if !after.active || after.roles != before.roles || after.store_ids != before.store_ids {
        // Losing access (or rights) must end sessions now, access tokens included.
        store::end_all_sessions(&**tx, id, tx.now()).await?;
    }
    audit::record(
        tx,
        audit::Change {
            action: "users.updated",
            entity_type: "user",
            entity_id: Some(id.uuid()),
            before: Some(&before.audit_view()),
            after: Some(&after.audit_view()),
        },
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
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}

/// Changes the signed-in user's password and ends all their sessions; returns the user, for the
/// caller to open the one session that replaces them.
pub async fn change_own_password(tx: &Tx, input: PasswordChange) -> Result<User, AppError> {
    let id = actor_user(tx.actor()).ok_or_else(not_found)?;
    let mut user = store::find_user(&**tx, id).await?.ok_or_else(not_found)?;
    if !password::verify(input.current_password, user.password_hash.clone()).await? {
        return Err(AppError::field("/currentPassword", "password.wrong", "the current password is wrong"));
    }
    check_password(&input.new_password, &user.email, "/newPassword")?;
    set_password(tx, tx.actor(), &mut user, input.new_password).await?;
    Ok(user)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordReset {
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}

/// An Owner or manager sets a user's password (a forgotten password, before e-mail exists).
pub async fn reset_password(tx: &Tx, id: UserId, input: PasswordReset) -> Result<(), AppError> {
    let mut user = store::find_user(&**tx, id).await?.ok_or_else(not_found)?;
    if !can_manage(tx.actor(), &user) {
        return Err(not_found());
    }
    check_password(&input.new_password, &user.email, "/newPassword")?;
    set_password(tx, tx.actor(), &mut user, input.new_password).await
}

/// Sets the password and ends every session of the user, recorded as done by `actor` (the
/// transaction's actor, except for an invited user, who acts before signing in).
pub(crate) async fn set_password(
    tx: &Tx,
    actor: &Actor,
    user: &mut User,
    new_password: String,
) -> Result<(), AppError> {
    let now = tx.now();
    let expected = user.version;
    user.password_hash = Some(password::hash(new_password).await?);
    user.version += 1;
    user.updated_at = now;
    if !store::update_user(&**tx, user, expected).await? {
        return Err(AppError::conflict("users.concurrent_change", "the user was changed at the same time; try again"));
    }
    user.sessions_epoch = store::end_all_sessions(&**tx, user.id, now).await?;
    let change = audit::Change {
        action: "users.password_changed",
        entity_type: "user",
        entity_id: Some(user.id.uuid()),
        before: None,
        after: None,
    };
    audit::record_by(&**tx, actor, now, change).await?;
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptInvitation {
    pub token: String,
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
}

/// An invited user sets their password. The audit log names the user, not the transaction's
/// (anonymous) actor.
pub async fn accept_invitation(tx: &Tx, input: AcceptInvitation) -> Result<User, AppError> {
    let invalid = || {
        AppError::new(
            axum::http::StatusCode::GONE,
            "users.invitation_invalid",
            "Invitation invalid",
            "this invitation is unknown, used or expired; ask for a new one",
        )
    };
    if input.token.trim().is_empty() {
        return Err(AppError::field("/token", "field.required", "send the invitation's token"));
    }
    // The input's own faults first, whatever the token: the e-mail rule waits for the user.
    check_password(&input.password, "", "/password")?;
    let now = tx.now();
    let inv = store::find_invitation(&**tx, &hash_secret(&input.token)).await?.ok_or_else(invalid)?;
    if inv.accepted_at.is_some() || inv.expires_at <= now {
        return Err(invalid());
    }
    let mut user = store::find_user(&**tx, inv.user_id).await?.filter(|u| u.active).ok_or_else(invalid)?;
    check_password(&input.password, &user.email, "/password")?;
    if !store::accept_invitation(&**tx, inv.id, now).await? {
        return Err(invalid());
    }
    let actor = user.actor();
    set_password(tx, &actor, &mut user, input.password).await?;
    Ok(user)
}

/// Every store a user is limited to is one of the tenant's (a random id, or another tenant's
/// store, would be stored and then silently match nothing).
async fn check_stores_exist(tx: &Tx, store_ids: &Option<Vec<StoreId>>) -> Result<(), AppError> {
    let Some(ids) = store_ids.as_deref().filter(|ids| !ids.is_empty()) else { return Ok(()) };
    // One read of the tenant's stores (a handful), not one per id.
    let known: std::collections::HashSet<StoreId> =
        innexar_org::queries::list_stores(&**tx, &Actor::system()).await?.into_iter().map(|s| s.id).collect();
    let mut errors = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if !known.contains(id) {
            errors.push(FieldError::new(
                format!("/storeIds/{i}"),
                "users.unknown_store",
                "no such store in this tenant",
            ));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::validation(errors)) }
}
