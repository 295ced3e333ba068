//! Creating a tenant: its database, its schema, its first data, and only then its registry
//! entry, so a provisioning that fails at any step leaves nothing registered and no database.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use innexar_kernel::{AppError, FieldError, new_id, validate};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;
use uuid::Uuid;

use crate::backend::{Backend, PoolSize, private_dir, private_file, quote_ident};
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
    match template_for(backend) {
        Some(template) => create_from_template(backend, &template, &db_name).await,
        None => backend.create_database(&db_name).await,
    }
    .map_err(AppError::from)?;
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

/// A migrated database that [`provision`] copies for a new tenant instead of creating an empty
/// one; the migration history still runs on the copy and applies whatever the copy lacks.
/// Only test support registers templates (`innexar-testdb`, through [`use_template`]); the
/// server never does, so production provisioning always migrates an empty database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    /// A migrated SQLite file with no `-wal` file beside it, copied byte for byte.
    SqliteFile(PathBuf),
    /// A migrated PostgreSQL database on the backend's server that nobody is connected to.
    Postgres(String),
}

/// The templates in use, each with the [`location`] of the backend it serves.
static TEMPLATES: Mutex<Vec<(String, Template)>> = Mutex::new(Vec::new());

/// Until the guard is dropped, [`provision`] on `backend` (the same data folder, or the same
/// control database URL) starts tenant databases from `template`. Test support only.
pub fn use_template(backend: &Backend, template: Template) -> TemplateGuard {
    let key = location(backend);
    TEMPLATES.lock().unwrap_or_else(|e| e.into_inner()).push((key.clone(), template));
    TemplateGuard { key }
}

/// Ends a [`use_template`] when dropped.
#[derive(Debug)]
#[must_use = "the template is used only while the guard lives"]
pub struct TemplateGuard {
    key: String,
}

impl Drop for TemplateGuard {
    fn drop(&mut self) {
        let mut templates = TEMPLATES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = templates.iter().position(|(k, _)| *k == self.key) {
            templates.remove(i);
        }
    }
}

fn template_for(backend: &Backend) -> Option<Template> {
    let key = location(backend);
    TEMPLATES.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|(k, _)| *k == key).map(|(_, t)| t.clone())
}

/// Which databases a backend reaches: each test app has its own folder or control database.
fn location(backend: &Backend) -> String {
    match backend {
        Backend::Sqlite { data_dir, .. } => format!("sqlite:{}", data_dir.display()),
        Backend::Postgres { url } => url.clone(),
    }
}

/// Creates database `name` (a tenant's, or the control one) as a copy of `template`; fails if
/// it exists already, as [`Backend::create_database`] does.
pub async fn create_from_template(backend: &Backend, template: &Template, name: &str) -> Result<(), DbErr> {
    match (backend, template) {
        (Backend::Sqlite { data_dir, .. }, Template::SqliteFile(source)) => {
            let path = Backend::sqlite_path(data_dir, name);
            if let Some(dir) = path.parent() {
                private_dir(dir)?;
            }
            // Claimed the way `create_database` claims a file (atomically, mode 0600), then filled.
            private_file(&path, true)
                .map_err(|e| DbErr::Custom(format!("database {name} exists already or cannot be created: {e}")))?;
            let copied = std::fs::File::open(source).and_then(|mut from| {
                let mut to = std::fs::OpenOptions::new().write(true).open(&path)?;
                std::io::copy(&mut from, &mut to)
            });
            copied.map(drop).map_err(|e| {
                let _ = std::fs::remove_file(&path);
                DbErr::Custom(format!("cannot copy the template {}: {e}", source.display()))
            })
        }
        (Backend::Postgres { .. }, Template::Postgres(source)) => {
            let admin = open_single(backend, "postgres")?;
            let sql = format!("CREATE DATABASE {} TEMPLATE {}", quote_ident(name), quote_ident(source));
            let created = admin.execute_unprepared(&sql).await;
            let _ = admin.close().await;
            created.map(drop)
        }
        _ => Err(DbErr::Custom(format!("the template {template:?} is not for the {} backend", backend.kind()))),
    }
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
