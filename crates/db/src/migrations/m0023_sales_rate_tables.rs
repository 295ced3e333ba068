//! The banks' rate tables the deal desk compares (issue #14): the rates by term and down payment
//! and the fees are JSON (read whole, never queried inside); the name is unique per bank, folded.

use sea_orm_migration::{prelude::*, schema::*};

use super::entity_table;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("sales_rate_tables")
            .col(string("bank"))
            .col(string("name"))
            .col(string("name_key").unique_key())
            .col(string("system"))
            .col(json("rates"))
            .col(json("fees_cents"))
            .col(boolean("finance_fees"))
            .col(boolean("active"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .to_owned(),
    )
    .await
}
