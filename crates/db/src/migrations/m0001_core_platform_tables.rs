use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("core_outbox")
            .col(string("event_type"))
            .col(string("source"))
            .col(string_null("subject"))
            .col(timestamp_with_time_zone("occurred_at"))
            .col(json("data"))
            .col(timestamp_with_time_zone_null("dispatched_at"))
            .col(integer("attempts").default(0))
            .col(text_null("last_error"))
            .to_owned(),
    )
    .await?;
    m.create_index(index("core_outbox", "core_outbox_pending", &["dispatched_at", "id"])).await?;
    m.create_table(
        Table::create()
            .table("core_handled_events")
            .col(string("handler"))
            .col(uuid("event_id"))
            .col(timestamp_with_time_zone("handled_at"))
            .primary_key(Index::create().col("handler").col("event_id"))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("core_audit_log")
            .col(timestamp_with_time_zone("occurred_at"))
            .col(string("actor_kind"))
            .col(uuid_null("actor_id"))
            .col(string_null("actor_email"))
            .col(string("action"))
            .col(string("entity_type"))
            .col(uuid_null("entity_id"))
            .col(json("changes"))
            .col(string_null("request_id"))
            .to_owned(),
    )
    .await?;
    m.create_index(index("core_audit_log", "core_audit_log_entity", &["entity_type", "entity_id"])).await?;
    m.create_table(
        Table::create()
            .table("core_idempotency_keys")
            .col(uuid("user_id"))
            .col(string("idem_key"))
            .col(string("method"))
            .col(string("path"))
            .col(string("request_hash"))
            .col(string("state"))
            .col(integer_null("status_code"))
            .col(json_null("response_headers"))
            .col(text_null("response_body"))
            .col(timestamp_with_time_zone("created_at"))
            .primary_key(Index::create().col("user_id").col("idem_key"))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create().table("core_counters").col(string("name").primary_key()).col(big_integer("value")).to_owned(),
    )
    .await
}
