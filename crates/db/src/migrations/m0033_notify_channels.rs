//! The tenant's own SMS and WhatsApp providers (issue #15, ADR 0032): one row per channel with
//! the provider's account settings and its tokens sealed (`kernel::sealed`). Messages gain the
//! ordered parameters of a WhatsApp template, and the token of their opt-out link.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("core_message_channels")
            .col(string("channel"))
            .col(string("provider"))
            .col(boolean("enabled"))
            // What is not secret: the sender id, the WhatsApp number's id, template names.
            .col(json("settings"))
            // Sealed: the provider's API token; the secret its callbacks are signed or sent with;
            // the token Meta echoes when it verifies the callback address.
            .col(text("token_sealed"))
            .col(text("callback_secret_sealed"))
            .col(text_null("verify_token_sealed"))
            .col(uuid_null("updated_by"))
            .col(big_integer("row_version").default(1))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .to_owned(),
    )
    .await?;
    // One provider per channel: the database says so, two Owners saving at once cannot make two.
    m.create_index(index("core_message_channels", "core_message_channels_channel", &["channel"]).unique().to_owned())
        .await?;
    for mut c in [
        ColumnDef::new("template_params").json().null().to_owned(),
        ColumnDef::new("opt_out_token").string().null().to_owned(),
    ] {
        m.alter_table(Table::alter().table("core_messages").add_column(&mut c).to_owned()).await?;
    }
    m.create_index(index("core_messages", "core_messages_opt_out", &["opt_out_token"]).unique().to_owned()).await
}
