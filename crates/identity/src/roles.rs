//! Who may do what, per tenant: every permission has default roles declared beside it in code
//! (`<area>/src/permissions.rs`), and an Owner may grant a permission to another role or take it
//! away (`GET /roles`, `PUT /roles/{role}`). Only the changes are stored, one row per customised
//! role, so a permission a later release adds reaches each role with its default. The Owner role
//! is fixed: a tenant cannot lock itself out.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use innexar_db::{Tx, audit};
use innexar_http::grants::{GrantsFuture, GrantsLookup};
use innexar_http::{AppState, Ctx, Json, Path};
use innexar_kernel::error::Problem;
use innexar_kernel::{AppError, FieldError, Grants, Permission, Role, RoleChanges};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::permissions::ROLES_MANAGE;
use crate::store;

pub struct TenantGrantsLookup;

impl GrantsLookup for TenantGrantsLookup {
    fn find<'a>(&'a self, db: &'a DatabaseConnection) -> GrantsFuture<'a> {
        Box::pin(read_grants(db))
    }
}

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_roles)).routes(routes!(set_role, reset_role))
}

/// One role as this tenant has it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleView {
    pub role: Role,
    /// The permissions the role holds here, in the order of `permissions` of the matrix.
    pub permissions: Vec<&'static str>,
    /// Whether the tenant changed the role's defaults.
    pub customized: bool,
    /// The Owner role cannot be changed.
    pub editable: bool,
}

impl PermissionView {
    fn of(p: &Permission) -> Self {
        PermissionView {
            name: p.name,
            area: p.name.split('.').next().unwrap_or_default(),
            default_roles: Role::ALL.into_iter().filter(|r| p.is_granted_to(*r)).collect(),
            grantable: !OWNER_ONLY.contains(p),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PermissionView {
    /// `<area>.<verb>`.
    pub name: &'static str,
    pub area: &'static str,
    /// The roles that hold it unless the tenant changed them.
    pub default_roles: Vec<Role>,
    /// False for the Owner's own (`roles.manage`), which no other role may be given.
    pub grantable: bool,
}

/// Every role of the tenant with its permissions, and every permission with its default roles.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleMatrix {
    pub roles: Vec<RoleView>,
    pub permissions: Vec<PermissionView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RolePermissions {
    /// Every permission the role should hold (names from `GET /roles`).
    #[schema(max_items = 500)]
    pub permissions: Vec<String>,
}

fn role_view(role: Role, grants: &Grants, all: &[Permission]) -> RoleView {
    RoleView {
        role,
        permissions: all.iter().filter(|p| grants.allows(role, **p)).map(|p| p.name).collect(),
        customized: grants.is_customized(role),
        editable: role != Role::Owner,
    }
}

async fn read_grants(db: &impl sea_orm::ConnectionTrait) -> Result<Grants, AppError> {
    Ok(Grants::new(store::list_role_grants(db).await?))
}

/// Every role with its permissions in this tenant, and every permission with its default roles.
#[utoipa::path(get, path = "/roles", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = RoleMatrix), (status = 403, body = Problem)))]
async fn list_roles(ctx: Ctx) -> Result<axum::Json<RoleMatrix>, AppError> {
    ctx.require(ROLES_MANAGE)?;
    let grants = read_grants(ctx.db.read().await?.conn()).await?;
    let all = &ctx.state.permissions;
    Ok(axum::Json(RoleMatrix {
        roles: Role::ALL.iter().map(|r| role_view(*r, &grants, all)).collect(),
        permissions: all.iter().map(PermissionView::of).collect(),
    }))
}

/// Permissions no other role may be given: deciding who may do what would let a role grant
/// itself everything.
const OWNER_ONLY: &[Permission] = &[ROLES_MANAGE];

fn owner_fixed() -> AppError {
    AppError::field("/role", "roles.owner_fixed", "the Owner role holds every permission and cannot be changed")
}

/// Sets what a role may do in this tenant. Unknown names are refused, each at its index.
pub async fn set_role_permissions(
    tx: &Tx,
    all: &[Permission],
    role: Role,
    wanted: &[String],
) -> Result<RoleChanges, AppError> {
    if role == Role::Owner {
        return Err(owner_fixed());
    }
    let errors: Vec<FieldError> = wanted
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let pointer = format!("/permissions/{i}");
            if !all.iter().any(|p| p.name == name.as_str()) {
                Some(FieldError::new(pointer, "roles.unknown_permission", "no such permission"))
            } else if OWNER_ONLY.iter().any(|p| p.name == name.as_str()) {
                Some(FieldError::new(pointer, "roles.not_grantable", "only the Owner role holds this permission"))
            } else {
                None
            }
        })
        .collect();
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect::<BTreeSet<_>>().into_iter().collect();
    let before = read_grants(tx).await?;
    let changes = Grants::changes_for(role, all, &wanted);
    store::save_role_grants(tx, role, &changes).await?;
    record_change(tx, all, role, &before, &Grants::new([(role, changes.clone())])).await?;
    Ok(changes)
}

/// Gives a role back its default permissions.
pub async fn reset_role_permissions(tx: &Tx, all: &[Permission], role: Role) -> Result<(), AppError> {
    if role == Role::Owner {
        return Err(owner_fixed());
    }
    let before = read_grants(tx).await?;
    store::delete_role_grants(tx, role).await?;
    record_change(tx, all, role, &before, &Grants::default()).await
}

async fn record_change(
    tx: &Tx,
    all: &[Permission],
    role: Role,
    before: &Grants,
    after: &Grants,
) -> Result<(), AppError> {
    let held = |g: &Grants| all.iter().filter(|p| g.allows(role, **p)).map(|p| p.name).collect::<Vec<_>>();
    audit::record(
        tx,
        audit::Change {
            action: "identity.role_permissions_changed",
            entity_type: "role",
            entity_id: None,
            // The role is named on the new side only, so the entry's changes say which role
            // (fields equal on both sides are left out of an entry).
            before: Some(&json!({ "permissions": held(before) })),
            after: Some(&json!({ "role": role, "permissions": held(after) })),
        },
    )
    .await?;
    Ok(())
}

/// Set the permissions a role holds in this tenant (the Owner role cannot be changed). Takes
/// effect on this server at once and on the others of a cluster within seconds.
#[utoipa::path(put, path = "/roles/{role}", tag = "users", security(("bearer" = [])), request_body = RolePermissions,
    params(("role" = Role, Path)),
    responses((status = 200, body = RoleView), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn set_role(
    ctx: Ctx,
    Path(role): Path<Role>,
    Json(input): Json<RolePermissions>,
) -> Result<axum::response::Response, AppError> {
    ctx.require(ROLES_MANAGE)?;
    let all = &ctx.state.permissions;
    let tx = ctx.db.begin().await?;
    let changes = set_role_permissions(&tx, all, role, &input.permissions).await?;
    let view = role_view(role, &Grants::new([(role, changes)]), all);
    let response = ctx.commit(tx, (StatusCode::OK, axum::Json(view))).await?;
    ctx.state.grants.forget(ctx.tenant.id);
    Ok(response)
}

/// Give a role back its default permissions.
#[utoipa::path(delete, path = "/roles/{role}", tag = "users", security(("bearer" = [])),
    params(("role" = Role, Path)),
    responses((status = 200, body = RoleView), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn reset_role(ctx: Ctx, Path(role): Path<Role>) -> Result<axum::Json<RoleView>, AppError> {
    ctx.require(ROLES_MANAGE)?;
    let all = &ctx.state.permissions;
    let tx = ctx.db.begin().await?;
    reset_role_permissions(&tx, all, role).await?;
    tx.commit().await?;
    ctx.state.grants.forget(ctx.tenant.id);
    Ok(axum::Json(role_view(role, &Grants::default(), all)))
}
