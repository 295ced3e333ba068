//! Creating a tenant: its database, its schema, its first data, and only then its registry
//! entry, so a provisioning that fails at any step leaves nothing registered and no database.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use innexar_kernel::{AppError, FieldError, new_id, validate};
use sea_orm::{DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;
use uuid::Uuid;

use crate::backend::{Backend, PoolSize};
use crate::control::{ControlDb, TenantRecord, TenantStatus};
use crate::migrations::TenantMigrator;

#[derive(Debug, Clone)]
pub struct NewTenant {
    pub slug: String,
    pub name: String,
    pub cnpj: String,
    pub plan: String,
}

/// Checks a new tenant's fields, returning every problem at once.
pub fn validate_new_tenant(t: &NewTenant) -> Result<NewTenant, Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Err((code, message)) = validate::slug(&t.slug) {
        errors.push(FieldError::new("/slug", code, message));
    }
    let name = t.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(FieldError::new("/name", "tenants.name_length", "the name must have 1 to 200 characters"));
    }
    let cnpj = match validate::cnpj(&t.cnpj) {
        Ok(c) => c,
        Err(e) => {
            errors.push(FieldError::new("/cnpj", e.code(), e.message()));
            String::new()
        }
    };
    if !["standard", "trial", "enterprise"].contains(&t.plan.as_str()) {
        errors.push(FieldError::new(
            "/plan",
            "tenants.unknown_plan",
            "plan must be one of: standard, trial, enterprise",
        ));
    }
    if errors.is_empty() {
        Ok(NewTenant { slug: t.slug.clone(), name, cnpj, plan: t.plan.clone() })
    } else {
        Err(errors)
    }
}

/// The database name of a tenant: on PostgreSQL `<prefix><slug>` (hyphens become underscores),
/// on SQLite the file `tenants/<slug>.db`.
pub fn database_name(backend: &Backend, prefix: &str, slug: &str) -> String {
    match backend {
        Backend::Sqlite { .. } => slug.to_string(),
        Backend::Postgres { .. } => format!("{prefix}{}", slug.replace('-', "_")),
    }
}

/// Runs the tenant migrations on an open tenant database.
pub async fn migrate(conn: &DatabaseConnection) -> Result<(), DbErr> {
    TenantMigrator::up(conn, None).await
}

/// Opens a short-lived single connection to one tenant's database (provisioning, migration).
pub fn open_single(backend: &Backend, db_name: &str) -> Result<DatabaseConnection, DbErr> {
    backend.open(
        db_name,
        PoolSize { max: 1, idle_timeout: Duration::from_secs(30), acquire_timeout: Duration::from_secs(30) },
        false,
    )
}

/// Creates a tenant. `seed` runs on the new, migrated database (it creates the first Owner);
/// the registry entry is written last.
pub async fn provision<F, Fut>(
    control: &ControlDb,
    prefix: &str,
    input: &NewTenant,
    now: DateTime<Utc>,
    seed: F,
) -> Result<TenantRecord, AppError>
where
    F: FnOnce(DatabaseConnection, TenantRecord) -> Fut,
    Fut: Future<Output = Result<(), AppError>>,
{
    let t = validate_new_tenant(input).map_err(AppError::validation)?;
    if control.find_tenant_by_slug(&t.slug).await?.is_some() {
        return Err(AppError::conflict("tenants.slug_taken", format!("the slug '{}' is taken", t.slug))
            .with_errors(vec![FieldError::new("/slug", "tenants.slug_taken", "this slug is taken")]));
    }
    if control.find_tenant_by_cnpj(&t.cnpj).await?.is_some() {
        return Err(AppError::conflict("tenants.cnpj_taken", "a tenant with this CNPJ exists already")
            .with_errors(vec![FieldError::new("/cnpj", "tenants.cnpj_taken", "this CNPJ is registered already")]));
    }
    let backend = control.backend();
    let db_name = database_name(backend, prefix, &t.slug);
    if backend.database_exists(&db_name).await? {
        return Err(AppError::conflict(
            "tenants.database_exists",
            format!("a database named '{db_name}' exists already; remove it or choose another slug"),
        ));
    }
    backend.create_database(&db_name).await.map_err(AppError::from)?;
    let record = TenantRecord {
        id: new_id(),
        slug: t.slug.clone(),
        name: t.name.clone(),
        cnpj: t.cnpj.clone(),
        plan: t.plan.clone(),
        status: TenantStatus::Active,
        db_kind: backend.kind().into(),
        db_server: "default".into(),
        db_name: db_name.clone(),
        created_at: now,
        updated_at: now,
    };
    let result = async {
        let conn = open_single(backend, &db_name)?;
        let outcome = async {
            migrate(&conn).await?;
            seed(conn.clone(), record.clone()).await?;
            Ok::<(), AppError>(())
        }
        .await;
        let _ = conn.close().await;
        outcome?;
        control.insert_tenant(&record).await?;
        Ok::<(), AppError>(())
    }
    .await;
    if let Err(e) = result {
        if let Err(drop_err) = backend.drop_database(&db_name).await {
            tracing::error!(db = %db_name, error = %drop_err, "could not remove the database of a failed provisioning");
        }
        return Err(e);
    }
    Ok(record)
}

/// Outcome of migrating one tenant in `migrate_all`.
#[derive(Debug)]
pub struct MigrationOutcome {
    pub tenant_id: Uuid,
    pub slug: String,
    pub result: Result<(), String>,
}

/// Migrates every registered tenant, one after another, reporting each outcome as it comes and
/// going on after a failure.
pub async fn migrate_all(
    control: &ControlDb,
    report: impl FnMut(&MigrationOutcome),
) -> Result<Vec<MigrationOutcome>, DbErr> {
    migrate_some(control, None, report).await
}

/// Migrates one tenant (`only`, a slug) or, with `None`, all of them.
pub async fn migrate_some(
    control: &ControlDb,
    only: Option<&str>,
    mut report: impl FnMut(&MigrationOutcome),
) -> Result<Vec<MigrationOutcome>, DbErr> {
    let mut outcomes = Vec::new();
    for t in control.list_tenants().await?.into_iter().filter(|t| only.is_none_or(|s| s == t.slug)) {
        let result = async {
            let conn = open_single(control.backend(), &t.db_name)?;
            let r = migrate(&conn).await;
            let _ = conn.close().await;
            r
        }
        .await
        .map_err(|e| e.to_string());
        let outcome = MigrationOutcome { tenant_id: t.id, slug: t.slug.clone(), result };
        report(&outcome);
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
