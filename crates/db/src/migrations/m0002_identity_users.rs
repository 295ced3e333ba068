use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("identity_users")
            .col(string_uniq("email"))
            .col(string("name"))
            .col(string_null("password_hash"))
            .col(json("roles"))
            .col(json_null("store_ids"))
            .col(boolean("active"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .col(timestamp_with_time_zone_null("last_login_at"))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("identity_refresh_tokens")
            .col(uuid("user_id"))
            .col(uuid("family_id"))
            .col(string_uniq("token_hash"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("revoked_at"))
            .foreign_key(&mut references(
                "identity_refresh_tokens",
                "user_id",
                "identity_users",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index("identity_refresh_tokens", "identity_refresh_tokens_user", &["user_id"])).await?;
    m.create_index(index("identity_refresh_tokens", "identity_refresh_tokens_family", &["family_id"])).await?;
    m.create_table(
        entity_table("identity_invitations")
            .col(uuid("user_id"))
            .col(string_uniq("token_hash"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("accepted_at"))
            .foreign_key(&mut references(
                "identity_invitations",
                "user_id",
                "identity_users",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await
}
