use uuid::Uuid;

use crate::ids::StoreId;

use std::sync::Arc;

use crate::role::{Grants, Permission, Role};

/// Who is acting: a tenant user (with roles and an optional store scope), a platform admin, or
/// the system itself (CLI, jobs, demo seeding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<Uuid>,
    pub email: Option<String>,
    pub roles: Vec<Role>,
    /// `None` means every store of the tenant; `Some` limits the user to those stores.
    pub store_ids: Option<Vec<StoreId>>,
    /// The tenant's own grants per role (none: every role as the code declares it).
    pub grants: Arc<Grants>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    User,
    PlatformAdmin,
    System,
}

impl Actor {
    pub fn system() -> Self {
        Actor { kind: ActorKind::System, id: None, email: None, roles: vec![], store_ids: None, grants: Arc::default() }
    }

    pub fn user(id: Uuid, email: impl Into<String>, roles: Vec<Role>, store_ids: Option<Vec<StoreId>>) -> Self {
        Actor {
            kind: ActorKind::User,
            id: Some(id),
            email: Some(email.into()),
            roles,
            store_ids,
            grants: Arc::default(),
        }
    }

    pub fn platform_admin(id: Uuid, email: impl Into<String>) -> Self {
        Actor {
            kind: ActorKind::PlatformAdmin,
            id: Some(id),
            email: Some(email.into()),
            roles: vec![],
            store_ids: None,
            grants: Arc::default(),
        }
    }

    /// The same actor under a tenant's own grants per role.
    pub fn with_grants(mut self, grants: Arc<Grants>) -> Self {
        self.grants = grants;
        self
    }

    /// System actors may do anything; users through their roles.
    pub fn can(&self, permission: Permission) -> bool {
        match self.kind {
            ActorKind::System => true,
            ActorKind::PlatformAdmin => false,
            ActorKind::User => self.roles.iter().any(|r| self.grants.allows(*r, permission)),
        }
    }

    /// Whether the actor may see records of this store.
    pub fn can_access_store(&self, store_id: StoreId) -> bool {
        match &self.store_ids {
            None => true,
            Some(ids) => ids.contains(&store_id),
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}
