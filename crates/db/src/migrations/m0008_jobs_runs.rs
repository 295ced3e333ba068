//! Background jobs of a tenant (imports today; later exports, reports, recalculations): what
//! was asked, by whom, how far it got and what came of it.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("jobs_runs")
            .col(string("kind"))
            .col(string("status"))
            .col(json("params"))
            .col(blob_null("input"))
            .col(string_null("input_name"))
            .col(uuid_null("created_by"))
            .col(string_null("created_by_email"))
            .col(json("actor"))
            .col(big_integer("total").default(0))
            .col(big_integer("processed").default(0))
            .col(json_null("result"))
            .col(text_null("error"))
            .col(integer("attempts").default(0))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("started_at"))
            .col(timestamp_with_time_zone_null("heartbeat_at"))
            .col(timestamp_with_time_zone_null("finished_at"))
            .to_owned(),
    )
    .await?;
    m.create_index(index("jobs_runs", "jobs_runs_status", &["status", "id"])).await
}
