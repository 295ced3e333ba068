//! Every statement on the photo and document tables.

use crate::ids::{DocumentId, PhotoId, VehicleId};
use innexar_kernel::AppError;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, IntoActiveModel, PaginatorTrait, QueryOrder};

pub mod photo_entity {
    use crate::ids::{PhotoId, VehicleId};
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_vehicle_photos")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: PhotoId,
        pub vehicle_id: VehicleId,
        pub object_key: String,
        pub thumbnail_key: String,
        pub content_type: String,
        pub size_bytes: i64,
        pub sha256: String,
        pub width: i32,
        pub height: i32,
        pub position: i32,
        pub is_cover: bool,
        pub original_filename: Option<String>,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod document_entity {
    use crate::ids::{DocumentId, VehicleId};
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_vehicle_documents")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: DocumentId,
        pub vehicle_id: VehicleId,
        pub kind: String,
        pub object_key: String,
        pub content_type: String,
        pub size_bytes: i64,
        pub sha256: String,
        pub original_filename: Option<String>,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use document_entity::Model as Document;
pub use photo_entity::Model as Photo;

pub async fn insert_photo(db: &impl ConnectionTrait, p: Photo) -> Result<(), AppError> {
    photo_entity::ActiveModel::from(p).reset_all().insert(db).await?;
    Ok(())
}

/// A vehicle's photos in display order.
pub async fn list_photos(db: &impl ConnectionTrait, vehicle_id: VehicleId) -> Result<Vec<Photo>, AppError> {
    Ok(photo_entity::Entity::find()
        .filter(photo_entity::Column::VehicleId.eq(vehicle_id))
        .order_by_asc(photo_entity::Column::Position)
        .order_by_asc(photo_entity::Column::Id)
        .all(db)
        .await?)
}

/// The vehicle's cover photo, if it has photos.
pub async fn cover_photo(db: &impl ConnectionTrait, vehicle: VehicleId) -> Result<Option<PhotoId>, AppError> {
    use sea_orm::QuerySelect;
    Ok(photo_entity::Entity::find()
        .select_only()
        .column(photo_entity::Column::Id)
        .filter(photo_entity::Column::IsCover.eq(true))
        .filter(photo_entity::Column::VehicleId.eq(vehicle))
        .into_tuple()
        .one(db)
        .await?)
}

pub async fn count_photos(db: &impl ConnectionTrait, vehicle_id: VehicleId) -> Result<u64, AppError> {
    Ok(photo_entity::Entity::find().filter(photo_entity::Column::VehicleId.eq(vehicle_id)).count(db).await?)
}

pub async fn find_photo(
    db: &impl ConnectionTrait,
    vehicle_id: VehicleId,
    id: PhotoId,
) -> Result<Option<Photo>, AppError> {
    Ok(photo_entity::Entity::find_by_id(id).filter(photo_entity::Column::VehicleId.eq(vehicle_id)).one(db).await?)
}

/// A photo by its id alone, for signed links (which name no vehicle).
pub async fn find_photo_by_id(db: &impl ConnectionTrait, id: PhotoId) -> Result<Option<Photo>, AppError> {
    Ok(photo_entity::Entity::find_by_id(id).one(db).await?)
}

/// Writes the position and cover flag of a photo when they changed.
pub async fn update_photo_order(
    db: &impl ConnectionTrait,
    p: &Photo,
    position: i32,
    is_cover: bool,
) -> Result<(), AppError> {
    if p.position == position && p.is_cover == is_cover {
        return Ok(());
    }
    let mut a = p.clone().into_active_model();
    a.position = Set(position);
    a.is_cover = Set(is_cover);
    a.update(db).await?;
    Ok(())
}

pub async fn delete_photo(db: &impl ConnectionTrait, id: PhotoId) -> Result<(), AppError> {
    photo_entity::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

pub async fn insert_document(db: &impl ConnectionTrait, d: Document) -> Result<(), AppError> {
    document_entity::ActiveModel::from(d).reset_all().insert(db).await?;
    Ok(())
}

/// A vehicle's documents, oldest first.
pub async fn list_documents(db: &impl ConnectionTrait, vehicle_id: VehicleId) -> Result<Vec<Document>, AppError> {
    Ok(document_entity::Entity::find()
        .filter(document_entity::Column::VehicleId.eq(vehicle_id))
        .order_by_asc(document_entity::Column::CreatedAt)
        .order_by_asc(document_entity::Column::Id)
        .all(db)
        .await?)
}

pub async fn find_document(
    db: &impl ConnectionTrait,
    vehicle_id: VehicleId,
    id: DocumentId,
) -> Result<Option<Document>, AppError> {
    Ok(document_entity::Entity::find_by_id(id)
        .filter(document_entity::Column::VehicleId.eq(vehicle_id))
        .one(db)
        .await?)
}

/// A document by its id alone, for signed links.
pub async fn find_document_by_id(db: &impl ConnectionTrait, id: DocumentId) -> Result<Option<Document>, AppError> {
    Ok(document_entity::Entity::find_by_id(id).one(db).await?)
}

pub async fn delete_document(db: &impl ConnectionTrait, id: DocumentId) -> Result<(), AppError> {
    document_entity::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Every object key of a vehicle's files, so they can be removed once the vehicle is.
pub async fn object_keys_of_vehicle(db: &impl ConnectionTrait, vehicle_id: VehicleId) -> Result<Vec<String>, AppError> {
    let mut keys = Vec::new();
    for p in list_photos(db, vehicle_id).await? {
        keys.push(p.object_key);
        keys.push(p.thumbnail_key);
    }
    keys.extend(list_documents(db, vehicle_id).await?.into_iter().map(|d| d.object_key));
    Ok(keys)
}
