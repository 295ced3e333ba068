//! A tenant's own grants per role: for each role an Owner customised, the permissions added to
//! and taken from the role's defaults (JSON lists of permission names). One row per customised
//! role; no row means the defaults.

use sea_orm_migration::{prelude::*, schema::*};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("identity_role_grants")
            .col(string("role").primary_key())
            .col(json("granted"))
            .col(json("revoked"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("updated_at"))
            .col(uuid_null("updated_by"))
            .to_owned(),
    )
    .await
}
