use sea_orm_migration::{prelude::*, schema::*};

use super::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("identity_users")
                .col(uuid("id").primary_key())
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
            Table::create()
                .table("identity_refresh_tokens")
                .col(uuid("id").primary_key())
                .col(uuid("user_id"))
                .col(uuid("family_id"))
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("identity_refresh_tokens_user")
                        .from("identity_refresh_tokens", "user_id")
                        .to("identity_users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("identity_refresh_tokens", "identity_refresh_tokens_user", &["user_id"])).await?;
        m.create_index(index("identity_refresh_tokens", "identity_refresh_tokens_family", &["family_id"])).await?;
        m.create_table(
            Table::create()
                .table("identity_invitations")
                .col(uuid("id").primary_key())
                .col(uuid("user_id"))
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("accepted_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("identity_invitations_user")
                        .from("identity_invitations", "user_id")
                        .to("identity_users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }
}
