//! Who moved each vehicle along its lifecycle, and when.

use sea_orm_migration::{prelude::*, schema::*};

use super::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("inventory_status_changes")
                .col(uuid("id").primary_key())
                .col(uuid("vehicle_id"))
                .col(string_null("from_status"))
                .col(string("to_status"))
                .col(text_null("note"))
                .col(uuid_null("changed_by"))
                .col(string_null("changed_by_email"))
                .col(timestamp_with_time_zone("changed_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("inventory_status_changes_vehicle")
                        .from("inventory_status_changes", "vehicle_id")
                        .to("inventory_vehicles", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "inventory_status_changes",
            "inventory_status_changes_vehicle",
            &["vehicle_id", "changed_at"],
        ))
        .await
    }
}
