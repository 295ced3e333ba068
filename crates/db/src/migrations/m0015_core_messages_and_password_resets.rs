//! Messages to people (the mailbox notification channels will deliver from) and password
//! reset requests: a hash of the token sent, its expiry and its use.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("core_messages")
            .col(string("channel"))
            .col(string("recipient"))
            .col(string("kind"))
            .col(string("subject"))
            .col(text("body"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("sent_at"))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("identity_password_resets")
            .col(uuid("user_id"))
            .col(string("token_hash").unique_key())
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("used_at"))
            .foreign_key(&mut references(
                "identity_password_resets",
                "user_id",
                "identity_users",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index("identity_password_resets", "identity_password_resets_user", &["user_id"])).await
}
