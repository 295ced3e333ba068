//! In-app notifications (issue #14's "notify the approver and back"): one row per person told,
//! read by the bell of the web app. The text is not stored: a `kind` code and its parameters,
//! which the app words in the reader's language.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("core_notifications")
            .col(uuid("user_id"))
            .col(string("kind"))
            .col(text("params"))
            .col(string("link"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("read_at"))
            .foreign_key(&mut references("core_notifications", "user_id", "identity_users", ForeignKeyAction::Cascade))
            .to_owned(),
    )
    .await?;
    // The bell asks "my unread ones, newest first" on every page; the list pages by id (v7, in
    // time order) within one person's rows.
    m.create_index(index("core_notifications", "core_notifications_user_read", &["user_id", "read_at", "id"])).await
}
