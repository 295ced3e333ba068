//! Every statement on the `org_stores` table.

use innexar_kernel::{AppError, FieldError, StoreId};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect, SqlErr};

use crate::model::{Address, Store, StoreLogo};

mod entity {
    use innexar_kernel::StoreId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "org_stores")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: StoreId,
        pub name: String,
        pub cnpj: Option<String>,
        pub street: Option<String>,
        pub number: Option<String>,
        pub complement: Option<String>,
        pub district: Option<String>,
        pub city: Option<String>,
        pub state: Option<String>,
        pub postal_code: Option<String>,
        pub time_zone: String,
        pub active: bool,
        pub logo_key: Option<String>,
        pub logo_sha256: Option<String>,
        pub logo_width: Option<i32>,
        pub logo_height: Option<i32>,
        pub logo_size_bytes: Option<i64>,
        pub row_version: i64,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::{ActiveModel, Column, Entity};

impl From<entity::Model> for Store {
    fn from(m: entity::Model) -> Self {
        let logo = match (m.logo_key, m.logo_sha256) {
            (Some(key), Some(sha256)) => Some(StoreLogo {
                key,
                width: m.logo_width.unwrap_or_default(),
                height: m.logo_height.unwrap_or_default(),
                size_bytes: m.logo_size_bytes.unwrap_or_default(),
                sha256,
                url: StoreLogo::url_of(m.id),
            }),
            _ => None,
        };
        Store {
            logo,
            id: m.id,
            name: m.name,
            cnpj: m.cnpj,
            address: Address {
                street: m.street,
                number: m.number,
                complement: m.complement,
                district: m.district,
                city: m.city,
                state: m.state,
                postal_code: m.postal_code,
            },
            time_zone: m.time_zone,
            active: m.active,
            version: m.row_version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

fn row(s: &Store) -> ActiveModel {
    let a = s.address.clone();
    ActiveModel {
        id: Set(s.id),
        name: Set(s.name.clone()),
        cnpj: Set(s.cnpj.clone()),
        street: Set(a.street),
        number: Set(a.number),
        complement: Set(a.complement),
        district: Set(a.district),
        city: Set(a.city),
        state: Set(a.state),
        postal_code: Set(a.postal_code),
        time_zone: Set(s.time_zone.clone()),
        active: Set(s.active),
        logo_key: Set(s.logo.as_ref().map(|l| l.key.clone())),
        logo_sha256: Set(s.logo.as_ref().map(|l| l.sha256.clone())),
        logo_width: Set(s.logo.as_ref().map(|l| l.width)),
        logo_height: Set(s.logo.as_ref().map(|l| l.height)),
        logo_size_bytes: Set(s.logo.as_ref().map(|l| l.size_bytes)),
        row_version: Set(s.version),
        created_at: Set(s.created_at),
        updated_at: Set(s.updated_at),
    }
}

/// The unique index on CNPJ is the rule (two concurrent writes cannot both pass); this only
/// turns its refusal into the API's answer.
fn unique_violation(e: DbErr) -> AppError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(msg)) if msg.contains("cnpj") => {
            AppError::conflict("stores.duplicate_cnpj", "another store has this CNPJ")
                .with_errors(vec![FieldError::new("/cnpj", "stores.duplicate_cnpj", "another store has this CNPJ")])
        }
        _ => e.into(),
    }
}

pub(crate) async fn insert(db: &impl ConnectionTrait, s: &Store) -> Result<(), AppError> {
    row(s).insert(db).await.map_err(unique_violation)?;
    Ok(())
}

/// Writes `s` if the row is still at version `expected`; false when someone changed it first.
pub(crate) async fn update(db: &impl ConnectionTrait, s: &Store, expected: i64) -> Result<bool, AppError> {
    let res = Entity::update_many()
        .set(row(s))
        .filter(Column::Id.eq(s.id))
        .filter(Column::RowVersion.eq(expected))
        .exec(db)
        .await
        .map_err(unique_violation)?;
    Ok(res.rows_affected == 1)
}

pub(crate) async fn find(db: &impl ConnectionTrait, id: StoreId) -> Result<Option<Store>, AppError> {
    Ok(Entity::find_by_id(id).one(db).await?.map(Store::from))
}

/// As [`find`], holding the row until the transaction ends on PostgreSQL, so a change that does
/// not name the version it read (a logo sent without If-Match) waits for the one before instead
/// of failing its compare-and-set. SQLite's writers take turns on the whole database already.
pub(crate) async fn find_locked(db: &impl ConnectionTrait, id: StoreId) -> Result<Option<Store>, AppError> {
    let mut q = Entity::find_by_id(id);
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        q = q.lock_exclusive();
    }
    Ok(q.one(db).await?.map(Store::from))
}

pub(crate) async fn list(db: &impl ConnectionTrait, only: Option<&[StoreId]>) -> Result<Vec<Store>, AppError> {
    let mut q = Entity::find();
    if let Some(ids) = only {
        q = q.filter(Column::Id.is_in(ids.iter().copied()));
    }
    Ok(q.order_by_asc(Column::Name).all(db).await?.into_iter().map(Store::from).collect())
}
