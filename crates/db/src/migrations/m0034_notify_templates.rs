//! A tenant's own words for a kind of message on a channel in a language (issue #15): what it
//! writes replaces the default; removed, the default is back.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("core_message_templates")
            .col(string("kind"))
            .col(string("channel"))
            .col(string("language"))
            .col(text("subject"))
            .col(text("body"))
            .col(uuid_null("updated_by"))
            .col(big_integer("row_version").default(1))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .to_owned(),
    )
    .await?;
    m.create_index(
        index("core_message_templates", "core_message_templates_key", &["kind", "channel", "language"])
            .unique()
            .to_owned(),
    )
    .await
}
