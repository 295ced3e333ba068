//! Rules about users that need no database: password policy, who may grant which role.

use innexar_kernel::actor::ActorKind;
use innexar_kernel::{Actor, AppError, FieldError, Role};
use uuid::Uuid;

pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;

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

/// Whether `actor` may give a user these roles and store scope. Only Owners grant Owner or
/// Store Manager; a manager limited to some stores can only hand out access to those stores.
pub fn check_grant(actor: &Actor, roles: &[Role], store_ids: &Option<Vec<Uuid>>) -> Result<(), AppError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn only_owners_grant_owner_and_scoped_managers_stay_in_their_stores() {
        let store = Uuid::now_v7();
        let other = Uuid::now_v7();
        let owner = Actor::user(Uuid::now_v7(), "o@x.com", vec![Role::Owner], None);
        let manager = Actor::user(Uuid::now_v7(), "m@x.com", vec![Role::StoreManager], Some(vec![store]));
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
}
