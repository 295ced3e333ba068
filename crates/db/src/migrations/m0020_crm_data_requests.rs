//! Data-subject requests (LGPD art. 18): what a person asked for, when, by when it is due, and
//! how it was answered.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("crm_data_requests")
            .col(uuid("customer_id"))
            .col(string("kind"))
            .col(string("status"))
            .col(string("channel"))
            .col(text_null("details"))
            .col(timestamp_with_time_zone("received_at"))
            .col(date("due_on"))
            .col(timestamp_with_time_zone_null("closed_at"))
            .col(text_null("answer"))
            .col(uuid_null("created_by"))
            .col(uuid_null("closed_by"))
            .col(big_integer("row_version"))
            .foreign_key(&mut references(
                "crm_data_requests",
                "customer_id",
                "crm_customers",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index("crm_data_requests", "crm_data_requests_status", &["status", "due_on"])).await?;
    m.create_index(index("crm_data_requests", "crm_data_requests_customer", &["customer_id"])).await
}
