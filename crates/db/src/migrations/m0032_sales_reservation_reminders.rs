//! When the salesperson was reminded that a reservation is about to run out: once per
//! reservation, claimed by the scheduled task with a conditional update.

use sea_orm_migration::prelude::*;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table("sales_reservations")
            .add_column(ColumnDef::new("reminded_at").timestamp_with_time_zone().null())
            .to_owned(),
    )
    .await
}
