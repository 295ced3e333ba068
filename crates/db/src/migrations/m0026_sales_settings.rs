//! The tenant's financing settings (issue #14): the IOF rates, which the law sets and changes by
//! decree, kept as decimal fractions in text; one row.

use sea_orm_migration::{prelude::*, schema::*};

use super::entity_table;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("sales_settings")
            .col(string("iof_daily_person"))
            .col(string("iof_daily_company"))
            .col(string("iof_additional"))
            .col(timestamp_with_time_zone("updated_at"))
            .to_owned(),
    )
    .await
}
