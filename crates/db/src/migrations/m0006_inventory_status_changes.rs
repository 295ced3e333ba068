//! Who moved each vehicle along its lifecycle, and when.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("inventory_status_changes")
            .col(uuid("vehicle_id"))
            .col(string_null("from_status"))
            .col(string("to_status"))
            .col(text_null("note"))
            .col(uuid_null("changed_by"))
            .col(string_null("changed_by_email"))
            .col(timestamp_with_time_zone("changed_at"))
            .foreign_key(&mut references(
                "inventory_status_changes",
                "vehicle_id",
                "inventory_vehicles",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index("inventory_status_changes", "inventory_status_changes_vehicle", &["vehicle_id", "changed_at"]))
        .await
}
