use sea_orm_migration::{prelude::*, schema::*};

use super::entity_table;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("control_tenants")
            .col(string_uniq("slug"))
            .col(string("name"))
            .col(string_uniq("cnpj"))
            .col(string("plan"))
            .col(string("status"))
            .col(string("db_kind"))
            .col(string("db_server"))
            .col(string("db_name"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("control_platform_admins")
            .col(string_uniq("email"))
            .col(string("name"))
            .col(string("password_hash"))
            .col(timestamp_with_time_zone("created_at"))
            .to_owned(),
    )
    .await
}
