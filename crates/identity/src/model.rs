//! Users and the rules about them that need no database: password policy, names, who may grant
//! which role, who may manage whom.

use chrono::{DateTime, Utc};
use innexar_kernel::actor::ActorKind;
use innexar_kernel::{Actor, AppError, FieldError, Role, StoreId, UserId};
use serde_json::json;

/// A user of the tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub roles: Vec<Role>,
    pub store_ids: Option<Vec<StoreId>>,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// Access tokens of an older epoch are refused; moved on only when every session of the
    /// user ends.
    pub sessions_epoch: i64,
}

innexar_kernel::string_enum!(
    /// Where a user stands: `invited` users have no password yet.
    pub UserStatus { Active = "active", Invited = "invited", Inactive = "inactive" }
);

impl User {
    /// A user as created: active, first version, never logged in. `password_hash` is `None`
    /// for one invited to set a password.
    pub fn new(
        email: String,
        name: String,
        password_hash: Option<String>,
        roles: Vec<Role>,
        store_ids: Option<Vec<StoreId>>,
        now: DateTime<Utc>,
    ) -> User {
        User {
            id: UserId::new(),
            email,
            name,
            password_hash,
            roles,
            store_ids,
            active: true,
            version: 1,
            created_at: now,
            updated_at: now,
            last_login_at: None,
            sessions_epoch: 0,
        }
    }

    pub fn status(&self) -> UserStatus {
        match (self.active, self.password_hash.is_some()) {
            (false, _) => UserStatus::Inactive,
            (true, false) => UserStatus::Invited,
            (true, true) => UserStatus::Active,
        }
    }

    /// The user acting for themselves.
    pub fn actor(&self) -> Actor {
        Actor::user(self.id.uuid(), self.email.clone(), self.roles.clone(), self.store_ids.clone())
    }

    /// Whether `actor` is this user.
    pub fn is(&self, actor: &Actor) -> bool {
        actor.id == Some(self.id.uuid())
    }

    /// The fields the audit log may show (never the password hash).
    pub fn audit_view(&self) -> serde_json::Value {
        json!({
            "email": self.email,
            "name": self.name,
            "roles": self.roles,
            "storeIds": self.store_ids,
            "active": self.active,
            "hasPassword": self.password_hash.is_some(),
        })
    }
}

/// The user an actor is (none for the system or a platform admin).
pub fn actor_user(actor: &Actor) -> Option<UserId> {
    actor.id.filter(|_| actor.kind == ActorKind::User).map(UserId::from)
}

pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;
pub const NAME_MAX: usize = 120;

static COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// NIST 800-63B style: length 8..=128 (characters, not bytes), not a known common password,
/// not the e-mail address. No composition rules: they make passwords worse, not better.
pub fn check_password(password: &str, email: &str, pointer: &str) -> Result<(), AppError> {
    let len = password.chars().count();
    if len < PASSWORD_MIN {
        return Err(AppError::field(pointer, "password.too_short", format!("use at least {PASSWORD_MIN} characters")));
    }
    if len > PASSWORD_MAX {
        return Err(AppError::field(pointer, "password.too_long", format!("use at most {PASSWORD_MAX} characters")));
    }
    let lower = password.to_lowercase();
    if COMMON_PASSWORDS.lines().any(|p| p == lower) {
        return Err(AppError::field(pointer, "password.too_common", "this password is too common; choose another"));
    }
    if !email.is_empty() && (lower == email || lower == email.split('@').next().unwrap_or_default()) {
        return Err(AppError::field(pointer, "password.matches_email", "the password must not be the e-mail address"));
    }
    Ok(())
}

/// A user's name, trimmed: 1 to 120 characters.
pub fn check_name(name: &str) -> Result<String, FieldError> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > NAME_MAX {
        Err(FieldError::new("/name", "users.name_length", "the name must have 1 to 120 characters"))
    } else {
        Ok(n.to_string())
    }
}

/// Whether `actor` may give a user these roles and store scope. Only Owners grant Owner or
/// Store Manager; a manager limited to some stores can only hand out access to those stores.
pub fn check_grant(actor: &Actor, roles: &[Role], store_ids: &Option<Vec<StoreId>>) -> Result<(), AppError> {
    let mut errors = Vec::new();
    if roles.is_empty() {
        errors.push(FieldError::new("/roles", "users.roles_required", "give the user at least one role"));
    }
    if actor.kind != ActorKind::System
        && !actor.has_role(Role::Owner)
        && roles.iter().any(|r| matches!(r, Role::Owner | Role::StoreManager))
    {
        return Err(AppError::forbidden(
            "users.cannot_grant_role",
            "only an Owner can grant the Owner or Store Manager role",
        ));
    }
    if let Some(mine) = &actor.store_ids {
        match store_ids {
            None => {
                return Err(AppError::forbidden(
                    "users.cannot_grant_store",
                    "you can only give access to your own stores; list them in storeIds",
                ));
            }
            Some(ids) if ids.iter().any(|id| !mine.contains(id)) => {
                return Err(AppError::forbidden(
                    "users.cannot_grant_store",
                    "you can only give access to your own stores",
                ));
            }
            _ => {}
        }
    }
    if let Some(ids) = store_ids
        && ids.is_empty()
    {
        errors.push(FieldError::new(
            "/storeIds",
            "users.store_ids_empty",
            "use null for all stores, or list at least one",
        ));
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::validation(errors)) }
}

/// Whether `actor` may manage `target`: only Owners manage Owners, and managers limited to
/// stores only manage users inside them.
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

#[cfg(test)]
mod tests {
    use innexar_kernel::new_id;

    use super::*;

    fn user(roles: Vec<Role>, store_ids: Option<Vec<StoreId>>) -> User {
        User::new("u@x.com".into(), "U".into(), None, roles, store_ids, DateTime::<Utc>::UNIX_EPOCH)
    }

    #[test]
    fn password_policy() {
        assert!(check_password("tres-carros-na-garagem", "ana@loja.com", "/password").is_ok());
        assert_eq!(check_password("curta", "", "/password").unwrap_err().errors[0].code, "password.too_short");
        assert_eq!(check_password(&"x".repeat(129), "", "/password").unwrap_err().errors[0].code, "password.too_long");
        assert_eq!(check_password("Senha123", "", "/password").unwrap_err().errors[0].code, "password.too_common");
        assert_eq!(check_password("Password1", "", "/password").unwrap_err().errors[0].code, "password.too_common");
        assert_eq!(
            check_password("ana.souza", "ana.souza@loja.com", "/password").unwrap_err().errors[0].code,
            "password.matches_email"
        );
        // 8 characters counted as characters, not bytes.
        assert!(check_password("çãõéíúâê", "", "/password").is_ok());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(check_name("  Ana Souza ").expect("name"), "Ana Souza");
        assert_eq!(check_name("   ").unwrap_err().code, "users.name_length");
        assert!(check_name(&"é".repeat(NAME_MAX)).is_ok());
        assert_eq!(check_name(&"é".repeat(NAME_MAX + 1)).unwrap_err().code, "users.name_length");
    }

    #[test]
    fn only_owners_grant_owner_and_scoped_managers_stay_in_their_stores() {
        let store = StoreId::new();
        let other = StoreId::new();
        let owner = Actor::user(new_id(), "o@x.com", vec![Role::Owner], None);
        let manager = Actor::user(new_id(), "m@x.com", vec![Role::StoreManager], Some(vec![store]));
        assert!(check_grant(&owner, &[Role::Owner], &None).is_ok());
        assert_eq!(
            check_grant(&manager, &[Role::Owner], &Some(vec![store])).unwrap_err().code,
            "users.cannot_grant_role"
        );
        assert!(check_grant(&manager, &[Role::Sales], &Some(vec![store])).is_ok());
        assert_eq!(check_grant(&manager, &[Role::Sales], &None).unwrap_err().code, "users.cannot_grant_store");
        assert_eq!(
            check_grant(&manager, &[Role::Sales], &Some(vec![other])).unwrap_err().code,
            "users.cannot_grant_store"
        );
        assert_eq!(check_grant(&owner, &[], &None).unwrap_err().errors[0].code, "users.roles_required");
    }

    #[test]
    fn scoped_managers_manage_only_non_owners_inside_their_stores() {
        let store = StoreId::new();
        let other = StoreId::new();
        let owner = Actor::user(new_id(), "o@x.com", vec![Role::Owner], None);
        let manager = Actor::user(new_id(), "m@x.com", vec![Role::StoreManager], Some(vec![store]));
        assert!(can_manage(&owner, &user(vec![Role::Owner], None)));
        assert!(!can_manage(&manager, &user(vec![Role::Owner], Some(vec![store]))));
        assert!(can_manage(&manager, &user(vec![Role::Sales], Some(vec![store]))));
        assert!(!can_manage(&manager, &user(vec![Role::Sales], Some(vec![store, other]))));
        assert!(!can_manage(&manager, &user(vec![Role::Sales], None)));
    }

    #[test]
    fn status_tells_invited_from_active_and_inactive() {
        let mut u = user(vec![Role::Sales], None);
        assert_eq!(u.status(), UserStatus::Invited);
        u.password_hash = Some("h".into());
        assert_eq!(u.status(), UserStatus::Active);
        u.active = false;
        assert_eq!(u.status(), UserStatus::Inactive);
        assert_eq!(serde_json::to_value(UserStatus::Invited).expect("json"), "invited");
    }

    #[test]
    fn only_a_signed_in_user_is_a_user() {
        let u = user(vec![Role::Sales], None);
        assert!(u.is(&u.actor()));
        assert_eq!(actor_user(&u.actor()), Some(u.id));
        assert_eq!(actor_user(&Actor::system()), None);
        assert_eq!(actor_user(&Actor::platform_admin(u.id.uuid(), "ops@x.com")), None);
    }
}
