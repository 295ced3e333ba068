//! The vehicle record as dealers keep it: origin, FIPE reference, equipment, keys, place on the
//! lot, minimum price, RENAVAM, entry date; itemised reconditioning expenses; price history.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    // SQLite takes one column per ALTER TABLE.
    let columns = [
        string("origin").default("purchase").to_owned(),
        string_null("renavam"),
        string_null("fipe_code"),
        big_integer_null("fipe_value_cents"),
        string_null("fipe_reference_month"),
        string_null("interior_color"),
        integer_null("doors"),
        json_null("options"),
        text_null("description"),
        integer_null("keys_count"),
        string_null("lot_location"),
        big_integer_null("min_price_cents"),
        timestamp_with_time_zone_null("entered_at"),
    ];
    for mut col in columns {
        m.alter_table(Table::alter().table("inventory_vehicles").add_column(&mut col).to_owned()).await?;
    }
    m.create_table(
        entity_table("inventory_vehicle_expenses")
            .col(uuid("vehicle_id"))
            .col(date("spent_on"))
            .col(string("description"))
            .col(string_null("supplier"))
            .col(big_integer("amount_cents"))
            .col(uuid_null("created_by"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut references(
                "inventory_vehicle_expenses",
                "vehicle_id",
                "inventory_vehicles",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index("inventory_vehicle_expenses", "inventory_vehicle_expenses_vehicle", &["vehicle_id"])).await?;
    m.create_table(
        entity_table("inventory_price_changes")
            .col(uuid("vehicle_id"))
            .col(big_integer_null("previous_cents"))
            .col(big_integer_null("price_cents"))
            .col(uuid_null("changed_by"))
            .col(string_null("changed_by_email"))
            .col(timestamp_with_time_zone("changed_at"))
            .foreign_key(&mut references(
                "inventory_price_changes",
                "vehicle_id",
                "inventory_vehicles",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index("inventory_price_changes", "inventory_price_changes_vehicle", &["vehicle_id", "changed_at"]))
        .await
}
