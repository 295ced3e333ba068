//! Vehicle photos and documents: the records of files kept on object storage.

use sea_orm_migration::{prelude::*, schema::*};

use super::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("inventory_vehicle_photos")
                .col(uuid("id").primary_key())
                .col(uuid("vehicle_id"))
                .col(string("object_key"))
                .col(string("thumbnail_key"))
                .col(string("content_type"))
                .col(big_integer("size_bytes"))
                .col(string("sha256"))
                .col(integer("width"))
                .col(integer("height"))
                .col(integer("position"))
                .col(boolean("is_cover"))
                .col(string_null("original_filename"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("inventory_vehicle_photos_vehicle")
                        .from("inventory_vehicle_photos", "vehicle_id")
                        .to("inventory_vehicles", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "inventory_vehicle_photos",
            "inventory_vehicle_photos_vehicle",
            &["vehicle_id", "position"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("inventory_vehicle_documents")
                .col(uuid("id").primary_key())
                .col(uuid("vehicle_id"))
                .col(string("kind"))
                .col(string("object_key"))
                .col(string("content_type"))
                .col(big_integer("size_bytes"))
                .col(string("sha256"))
                .col(string_null("original_filename"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("inventory_vehicle_documents_vehicle")
                        .from("inventory_vehicle_documents", "vehicle_id")
                        .to("inventory_vehicles", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "inventory_vehicle_documents",
            "inventory_vehicle_documents_vehicle",
            &["vehicle_id", "created_at"],
        ))
        .await
    }
}
