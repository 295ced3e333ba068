//! Webhooks for integrators (issue #15): the endpoints a tenant's Owners register, one delivery
//! per endpoint and event (the unique index makes a redelivered event one delivery), and every
//! attempt with its answer for the delivery log.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("webhooks_endpoints")
            .col(text("url"))
            .col(text_null("description"))
            .col(json("event_types"))
            .col(boolean("active"))
            .col(string_null("disabled_reason"))
            // Sealed (`kernel::sealed`): the signing secret, and the one it replaced while it is
            // still honoured after a rotation.
            .col(text("secret_sealed"))
            .col(text_null("previous_secret_sealed"))
            .col(timestamp_with_time_zone_null("previous_secret_expires_at"))
            .col(integer("consecutive_failures").default(0))
            .col(uuid_null("created_by"))
            .col(big_integer("row_version").default(1))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("webhooks_deliveries")
            .col(uuid("endpoint_id"))
            .col(uuid("event_id"))
            .col(string("event_type"))
            // The body exactly as signed and sent, so every attempt and a redelivery send the
            // same bytes.
            .col(text("body"))
            .col(string("status"))
            .col(integer("attempts").default(0))
            .col(timestamp_with_time_zone_null("next_attempt_at"))
            .col(timestamp_with_time_zone_null("claimed_until"))
            .col(integer_null("last_status"))
            .col(big_integer_null("last_latency_ms"))
            .col(text_null("last_error"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .col(timestamp_with_time_zone_null("delivered_at"))
            .foreign_key(&mut references(
                "webhooks_deliveries",
                "endpoint_id",
                "webhooks_endpoints",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(
        index("webhooks_deliveries", "webhooks_deliveries_event", &["endpoint_id", "event_id"]).unique().to_owned(),
    )
    .await?;
    // The sender asks "what is due" at every wake; the log pages an endpoint's newest first.
    m.create_index(index("webhooks_deliveries", "webhooks_deliveries_due", &["status", "next_attempt_at"])).await?;
    m.create_index(index("webhooks_deliveries", "webhooks_deliveries_endpoint", &["endpoint_id", "id"])).await?;
    m.create_table(
        entity_table("webhooks_attempts")
            .col(uuid("delivery_id"))
            .col(integer("number"))
            .col(timestamp_with_time_zone("attempted_at"))
            .col(integer_null("status"))
            .col(big_integer("latency_ms"))
            .col(text("excerpt"))
            .col(text_null("error"))
            .foreign_key(&mut references(
                "webhooks_attempts",
                "delivery_id",
                "webhooks_deliveries",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(
        index("webhooks_attempts", "webhooks_attempts_delivery", &["delivery_id", "number"]).unique().to_owned(),
    )
    .await
}
