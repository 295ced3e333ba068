//! Messages people send the tenant (WhatsApp, SMS replies), by the provider's id: providers
//! deliver a callback again when they doubt it arrived, and the unique index makes the second one
//! a no-op.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("core_inbound_messages")
            .col(string("channel"))
            .col(string("provider"))
            .col(string("provider_message_id"))
            .col(string("sender"))
            .col(timestamp_with_time_zone("received_at"))
            .to_owned(),
    )
    .await?;
    m.create_index(
        index("core_inbound_messages", "core_inbound_messages_provider_id", &["provider", "provider_message_id"])
            .unique()
            .to_owned(),
    )
    .await
}
