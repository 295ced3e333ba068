//! Platform routes: tenants, for platform admins. Provisioning is shared with the CLI.

use std::future::Future;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use innexar_db::provision::{self, NewTenant};
use innexar_db::{TenantRecord, TenantStatus};
use innexar_http::{AppState, Json, Path};
use innexar_identity::platform::PlatformCtx;
use innexar_kernel::error::Problem;
use innexar_kernel::{AppError, FieldError, validate};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_tenants, create_tenant)).routes(routes!(get_tenant, update_tenant))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewTenantInput {
    /// The subdomain: 3-40 lowercase letters, digits and hyphens.
    pub slug: String,
    pub name: String,
    /// The group's CNPJ, numeric or alphanumeric; punctuation optional.
    pub cnpj: String,
    /// `standard` (default), `trial` or `enterprise`.
    pub plan: Option<String>,
    #[schema(format = Email)]
    pub admin_email: String,
    pub admin_name: Option<String>,
    #[schema(min_length = 8, max_length = 128)]
    pub admin_password: String,
}

/// Creates a tenant: its database, schema and first Owner; the registry entry comes last, so a
/// failure leaves nothing behind.
pub async fn provision_tenant(state: &AppState, input: NewTenantInput) -> Result<TenantRecord, AppError> {
    provision_tenant_with(state, input, |_, _| async { Ok(()) }).await
}

/// Provisioning with extra seeding (the demo's stores and stock) that is part of the same
/// all-or-nothing creation.
pub async fn provision_tenant_with<F, Fut>(
    state: &AppState,
    input: NewTenantInput,
    extra: F,
) -> Result<TenantRecord, AppError>
where
    F: FnOnce(DatabaseConnection, TenantRecord) -> Fut,
    Fut: Future<Output = Result<(), AppError>>,
{
    let tenant = NewTenant {
        slug: input.slug.trim().to_string(),
        name: input.name.clone(),
        cnpj: input.cnpj.clone(),
        plan: input.plan.clone().unwrap_or_else(|| "standard".into()),
    };
    let mut errors = provision::validate_new_tenant(&tenant).err().unwrap_or_default();
    let email = validate::email(&input.admin_email);
    if email.is_none() {
        errors.push(FieldError::new("/adminEmail", "users.invalid_email", "this is not a valid e-mail address"));
    }
    if let Err(e) =
        innexar_identity::model::check_password(&input.admin_password, email.as_deref().unwrap_or(""), "/adminPassword")
    {
        errors.extend(e.errors);
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let now = state.clock.now();
    let admin_name = input.admin_name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "Owner".into());
    let record = provision::provision(
        &state.control,
        &state.settings.database.tenant_db_prefix,
        &tenant,
        now,
        |conn, record| async move {
            innexar_identity::commands::create_owner(
                &conn,
                &input.admin_email,
                &admin_name,
                &input.admin_password,
                now,
            )
            .await?;
            extra(conn, record).await
        },
    )
    .await?;
    tracing::info!(tenant = %record.slug, db = %record.db_name, "tenant provisioned");
    Ok(record)
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TenantView {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub cnpj: String,
    pub plan: String,
    /// `active` or `suspended`.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub db_kind: String,
    pub db_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<TenantRecord> for TenantView {
    fn from(t: TenantRecord) -> Self {
        TenantView {
            id: t.id,
            slug: t.slug,
            name: t.name,
            cnpj: t.cnpj,
            plan: t.plan,
            status: t.status.as_str().into(),
            db_kind: t.db_kind,
            db_name: t.db_name,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TenantList {
    pub items: Vec<TenantView>,
}

/// Every tenant.
#[utoipa::path(get, path = "/tenants", tag = "platform", security(("bearer" = [])),
    responses((status = 200, body = TenantList), (status = 401, body = Problem)))]
async fn list_tenants(ctx: PlatformCtx) -> Result<axum::Json<TenantList>, AppError> {
    let items = ctx.state.control.list_tenants().await?.into_iter().map(TenantView::from).collect();
    Ok(axum::Json(TenantList { items }))
}

/// Provision a tenant: database, schema and first Owner user.
#[utoipa::path(post, path = "/tenants", tag = "platform", security(("bearer" = [])), request_body = NewTenantInput,
    responses((status = 201, body = TenantView), (status = 401, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_tenant(ctx: PlatformCtx, Json(input): Json<NewTenantInput>) -> Result<Response, AppError> {
    let record = provision_tenant(&ctx.state, input).await?;
    let location = format!("/api/v1/platform/tenants/{}", record.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(TenantView::from(record))).into_response())
}

/// One tenant.
#[utoipa::path(get, path = "/tenants/{id}", tag = "platform", security(("bearer" = [])),
    responses((status = 200, body = TenantView), (status = 404, body = Problem)))]
async fn get_tenant(ctx: PlatformCtx, Path(id): Path<Uuid>) -> Result<axum::Json<TenantView>, AppError> {
    let t = ctx
        .state
        .control
        .find_tenant(id)
        .await?
        .ok_or_else(|| AppError::not_found("tenants.not_found", "no tenant with this id"))?;
    Ok(axum::Json(t.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TenantPatch {
    /// `active` or `suspended`; a suspended tenant's requests get 403.
    pub status: TenantStatusInput,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TenantStatusInput {
    Active,
    Suspended,
}

/// Suspend or reactivate a tenant.
#[utoipa::path(patch, path = "/tenants/{id}", tag = "platform", security(("bearer" = [])), request_body = TenantPatch,
    responses((status = 200, body = TenantView), (status = 404, body = Problem)))]
async fn update_tenant(
    ctx: PlatformCtx,
    Path(id): Path<Uuid>,
    Json(patch): Json<TenantPatch>,
) -> Result<axum::Json<TenantView>, AppError> {
    let status = match patch.status {
        TenantStatusInput::Active => TenantStatus::Active,
        TenantStatusInput::Suspended => TenantStatus::Suspended,
    };
    let t = ctx.state.control.set_tenant_status(id, status, ctx.now).await?;
    tracing::info!(tenant = %t.slug, status = status.as_str(), admin = ?ctx.actor.id, "tenant status changed");
    Ok(axum::Json(t.into()))
}
