//! The keys a lead source (the dealer's website, a marketplace integration) posts leads with:
//! each names its source and store; only its hash is kept.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("crm_intake_keys")
            .col(string("name"))
            .col(string("source"))
            .col(uuid("store_id"))
            .col(string("prefix"))
            .col(string("key_hash").unique_key())
            .col(uuid_null("created_by"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("revoked_at"))
            .col(timestamp_with_time_zone_null("last_used_at"))
            .foreign_key(&mut references("crm_intake_keys", "store_id", "org_stores", ForeignKeyAction::Restrict))
            .to_owned(),
    )
    .await
}
