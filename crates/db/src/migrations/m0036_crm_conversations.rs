//! WhatsApp conversations with customers (issue #15 item 5): one per customer and channel, on the
//! lead it belongs to, with when the person last wrote (WhatsApp's 24-hour window for free text
//! runs from then) and what the store has not read yet, for the store's shared inbox.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("crm_conversations")
            .col(uuid("customer_id"))
            .col(uuid_null("lead_id"))
            .col(uuid("store_id"))
            .col(string("channel"))
            .col(string("phone"))
            .col(string("status"))
            .col(timestamp_with_time_zone_null("last_inbound_at"))
            .col(timestamp_with_time_zone("last_message_at"))
            .col(text("last_preview"))
            .col(integer("unread").default(0))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .to_owned(),
    )
    .await?;
    m.create_index(
        index("crm_conversations", "crm_conversations_customer", &["customer_id", "channel"]).unique().to_owned(),
    )
    .await?;
    m.create_index(index("crm_conversations", "crm_conversations_inbox", &["store_id", "status", "last_message_at"]))
        .await
}
