//! Vehicle photos and documents: the records of files kept on object storage.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("inventory_vehicle_photos")
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
            .foreign_key(&mut references(
                "inventory_vehicle_photos",
                "vehicle_id",
                "inventory_vehicles",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index("inventory_vehicle_photos", "inventory_vehicle_photos_vehicle", &["vehicle_id", "position"]))
        .await?;
    m.create_table(
        entity_table("inventory_vehicle_documents")
            .col(uuid("vehicle_id"))
            .col(string("kind"))
            .col(string("object_key"))
            .col(string("content_type"))
            .col(big_integer("size_bytes"))
            .col(string("sha256"))
            .col(string_null("original_filename"))
            .col(uuid_null("created_by"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut references(
                "inventory_vehicle_documents",
                "vehicle_id",
                "inventory_vehicles",
                ForeignKeyAction::Cascade,
            ))
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
