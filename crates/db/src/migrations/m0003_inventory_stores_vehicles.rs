use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("inventory_stores")
            .col(string("name"))
            .col(string_null("cnpj"))
            .col(string_null("street"))
            .col(string_null("number"))
            .col(string_null("complement"))
            .col(string_null("district"))
            .col(string_null("city"))
            .col(string_null("state"))
            .col(string_null("postal_code"))
            .col(string("time_zone"))
            .col(boolean("active"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("inventory_vehicles")
            .col(string_uniq("stock_number"))
            .col(uuid("store_id"))
            .col(string_null("vin"))
            .col(string_null("placa"))
            .col(string("make"))
            .col(string("model"))
            .col(string_null("trim"))
            .col(integer("year"))
            .col(integer("model_year"))
            .col(string_null("color"))
            .col(big_integer("mileage_km"))
            .col(string("fuel"))
            .col(string("transmission"))
            .col(string("condition"))
            .col(string("status"))
            .col(big_integer_null("price_cents"))
            .col(big_integer_null("cost_cents"))
            .col(json("images"))
            .col(string("search_text"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .col(timestamp_with_time_zone("status_changed_at"))
            .foreign_key(&mut references(
                "inventory_vehicles",
                "store_id",
                "inventory_stores",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
    )
    .await?;
    for (name, cols) in [
        ("inventory_vehicles_status", &["status", "id"][..]),
        ("inventory_vehicles_store_status", &["store_id", "status"]),
        ("inventory_vehicles_make_model", &["make", "model"]),
        ("inventory_vehicles_price", &["price_cents"]),
        ("inventory_vehicles_model_year", &["model_year"]),
        ("inventory_vehicles_vin", &["vin"]),
        ("inventory_vehicles_placa", &["placa"]),
    ] {
        m.create_index(index("inventory_vehicles", name, cols)).await?;
    }
    Ok(())
}
