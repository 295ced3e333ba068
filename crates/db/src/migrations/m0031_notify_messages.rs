//! Messages become deliveries (issue #15, ADR 0032): what they are for (a purpose, the customer
//! whose consent governs them), their language and rendered e-mail, what goes attached, and a
//! delivery's state — queued, kept in the mailbox, sent, delivered, read, failed, suppressed —
//! with attempts, a lease and the provider's id for its status callbacks.

use sea_orm_migration::prelude::*;

use super::index;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    // One column per statement: SQLite adds columns one at a time. Rows written before this
    // were never sent by a channel: they stay in the mailbox (`kept`), not sent late now.
    let columns = [
        ColumnDef::new("purpose").string().not_null().default("transactional").to_owned(),
        ColumnDef::new("customer_id").uuid().null().to_owned(),
        ColumnDef::new("language").string().not_null().default("pt-BR").to_owned(),
        ColumnDef::new("html").text().null().to_owned(),
        ColumnDef::new("attachments").json().not_null().default("[]").to_owned(),
        ColumnDef::new("status").string().not_null().default("kept").to_owned(),
        ColumnDef::new("attempts").integer().not_null().default(0).to_owned(),
        ColumnDef::new("next_attempt_at").timestamp_with_time_zone().null().to_owned(),
        ColumnDef::new("claimed_until").timestamp_with_time_zone().null().to_owned(),
        ColumnDef::new("provider").string().null().to_owned(),
        ColumnDef::new("provider_message_id").string().null().to_owned(),
        ColumnDef::new("last_error").text().null().to_owned(),
        ColumnDef::new("updated_at").timestamp_with_time_zone().null().to_owned(),
        ColumnDef::new("delivered_at").timestamp_with_time_zone().null().to_owned(),
        ColumnDef::new("read_at").timestamp_with_time_zone().null().to_owned(),
    ];
    for mut c in columns {
        m.alter_table(Table::alter().table("core_messages").add_column(&mut c).to_owned()).await?;
    }
    m.create_index(index("core_messages", "core_messages_due", &["status", "next_attempt_at"])).await?;
    // A provider's status callback names its own id: one message per id, found by index.
    m.create_index(
        index("core_messages", "core_messages_provider_id", &["provider", "provider_message_id"]).unique().to_owned(),
    )
    .await?;
    m.create_index(index("core_messages", "core_messages_customer", &["customer_id"])).await
}
