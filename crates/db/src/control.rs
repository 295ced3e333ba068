//! The control database: the tenant registry and the platform admins. It holds no dealer data.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use innexar_kernel::AppError;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryOrder};
use sea_orm_migration::MigratorTrait;

use crate::backend::{Backend, CONTROL_DB, PoolSize};
use crate::migrations::ControlMigrator;

pub mod tenant {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "control_tenants")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub slug: String,
        pub name: String,
        pub cnpj: String,
        pub plan: String,
        pub status: String,
        pub db_kind: String,
        pub db_server: String,
        pub db_name: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod admin {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "control_platform_admins")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub email: String,
        pub name: String,
        pub password_hash: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

innexar_kernel::string_enum!(
    /// Whether a tenant's users may reach it.
    pub TenantStatus { Active = "active", Suspended = "suspended" }
);

/// A tenant as the registry knows it, including where its database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantRecord {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub cnpj: String,
    pub plan: String,
    pub status: TenantStatus,
    pub db_kind: String,
    /// Which configured server holds the database (`default` is `database.url`).
    pub db_server: String,
    pub db_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<tenant::Model> for TenantRecord {
    fn from(m: tenant::Model) -> Self {
        TenantRecord {
            id: m.id,
            slug: m.slug,
            name: m.name,
            cnpj: m.cnpj,
            plan: m.plan,
            status: TenantStatus::parse(&m.status).unwrap_or(TenantStatus::Suspended),
            db_kind: m.db_kind,
            db_server: m.db_server,
            db_name: m.db_name,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// How long a resolved tenant is trusted before the registry is read again. Suspending a tenant
/// through this process takes effect at once (the entry is dropped); through another replica,
/// within this time.
const CACHE_TTL: Duration = Duration::from_secs(5);

pub struct ControlDb {
    conn: DatabaseConnection,
    backend: Backend,
    by_slug: RwLock<HashMap<String, (TenantRecord, Instant)>>,
}

impl ControlDb {
    /// Opens the control database, creating and migrating it when needed.
    pub async fn open(backend: Backend) -> Result<Self, DbErr> {
        backend.ensure_control_database().await?;
        let size =
            PoolSize { max: 5, idle_timeout: Duration::from_secs(300), acquire_timeout: Duration::from_secs(10) };
        let conn = backend.open(CONTROL_DB, size, true)?;
        ControlMigrator::up(&conn, None).await?;
        Ok(ControlDb { conn, backend, by_slug: RwLock::new(HashMap::new()) })
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }

    pub async fn close(self) -> Result<(), DbErr> {
        self.conn.close().await
    }

    /// The tenant served at `slug`, cached for a few seconds: this runs on every request.
    pub async fn find_tenant_by_slug(&self, slug: &str) -> Result<Option<TenantRecord>, DbErr> {
        if let Some((t, at)) = self.by_slug.read().unwrap_or_else(|e| e.into_inner()).get(slug)
            && at.elapsed() < CACHE_TTL
        {
            return Ok(Some(t.clone()));
        }
        let found = tenant::Entity::find().filter(tenant::Column::Slug.eq(slug)).one(&self.conn).await?;
        let record = found.map(TenantRecord::from);
        let mut cache = self.by_slug.write().unwrap_or_else(|e| e.into_inner());
        match &record {
            Some(t) => {
                cache.insert(slug.to_string(), (t.clone(), Instant::now()));
            }
            None => {
                cache.remove(slug);
            }
        }
        Ok(record)
    }

    pub async fn find_tenant(&self, id: Uuid) -> Result<Option<TenantRecord>, DbErr> {
        Ok(tenant::Entity::find_by_id(id).one(&self.conn).await?.map(TenantRecord::from))
    }

    pub async fn find_tenant_by_cnpj(&self, cnpj: &str) -> Result<Option<TenantRecord>, DbErr> {
        Ok(tenant::Entity::find().filter(tenant::Column::Cnpj.eq(cnpj)).one(&self.conn).await?.map(TenantRecord::from))
    }

    pub async fn list_tenants(&self) -> Result<Vec<TenantRecord>, DbErr> {
        Ok(tenant::Entity::find()
            .order_by_asc(tenant::Column::Slug)
            .all(&self.conn)
            .await?
            .into_iter()
            .map(TenantRecord::from)
            .collect())
    }

    pub(crate) async fn insert_tenant(&self, t: &TenantRecord) -> Result<(), DbErr> {
        tenant::ActiveModel {
            id: Set(t.id),
            slug: Set(t.slug.clone()),
            name: Set(t.name.clone()),
            cnpj: Set(t.cnpj.clone()),
            plan: Set(t.plan.clone()),
            status: Set(t.status.as_str().into()),
            db_kind: Set(t.db_kind.clone()),
            db_server: Set(t.db_server.clone()),
            db_name: Set(t.db_name.clone()),
            created_at: Set(t.created_at),
            updated_at: Set(t.updated_at),
        }
        .insert(&self.conn)
        .await?;
        Ok(())
    }

    pub async fn set_tenant_status(
        &self,
        id: Uuid,
        status: TenantStatus,
        now: DateTime<Utc>,
    ) -> Result<TenantRecord, AppError> {
        let Some(model) = tenant::Entity::find_by_id(id).one(&self.conn).await? else {
            return Err(AppError::not_found("tenants.not_found", "no tenant with this id"));
        };
        let mut active: tenant::ActiveModel = model.into();
        active.status = Set(status.as_str().into());
        active.updated_at = Set(now);
        let record = TenantRecord::from(active.update(&self.conn).await?);
        self.by_slug.write().unwrap_or_else(|e| e.into_inner()).remove(&record.slug);
        Ok(record)
    }

    pub async fn find_admin_by_email(&self, email: &str) -> Result<Option<admin::Model>, DbErr> {
        admin::Entity::find().filter(admin::Column::Email.eq(email)).one(&self.conn).await
    }

    pub async fn find_admin(&self, id: Uuid) -> Result<Option<admin::Model>, DbErr> {
        admin::Entity::find_by_id(id).one(&self.conn).await
    }

    pub async fn insert_admin(&self, admin: admin::Model) -> Result<(), DbErr> {
        admin::ActiveModel::from(admin).reset_all().insert(&self.conn).await?;
        Ok(())
    }
}
