//! The makes and models a tenant's stock has used, one row per (make, model): the stock list's
//! make and model filters match what a user typed against these few names (case, accents and
//! aliases aside) and then filter the vehicles by the exact names through their indexes. Rows
//! are only added (`ON CONFLICT DO NOTHING`, no row lock a concurrent writer waits on); a name
//! no vehicle carries any more matches no vehicle.

use sea_orm_migration::{prelude::*, schema::*};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("inventory_vehicle_names")
            .col(string("make"))
            .col(string("model"))
            .primary_key(Index::create().col("make").col("model"))
            .to_owned(),
    )
    .await?;
    m.get_connection()
        .execute_unprepared(
            "INSERT INTO inventory_vehicle_names (make, model) SELECT DISTINCT make, model FROM inventory_vehicles",
        )
        .await?;
    Ok(())
}
