//! The makes and models a tenant's stock has used, one row per (make, model), with each name's
//! key (`kernel::text::name_key`: folded, letters and digits only). The stock list's make and
//! model filters match what a user typed against these keys inside their own statement
//! (`make IN (SELECT make FROM inventory_vehicle_names WHERE make_key LIKE ...)`) and filter the
//! vehicles by the exact names through their indexes. Rows are only added (`ON CONFLICT DO
//! NOTHING`, no row lock a concurrent writer waits on); a name no vehicle carries any more
//! matches no vehicle.

use innexar_kernel::text::name_key;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("inventory_vehicle_names")
            .col(string("make"))
            .col(string("model"))
            .col(string("make_key"))
            .col(string("model_key"))
            .primary_key(Index::create().col("make").col("model"))
            .to_owned(),
    )
    .await?;
    // The keys are computed here, as the store computes them on every write.
    let db = m.get_connection();
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(backend, "SELECT DISTINCT make, model FROM inventory_vehicles"))
        .await?;
    for row in rows {
        let (make, model): (String, String) = (row.try_get("", "make")?, row.try_get("", "model")?);
        let insert = Query::insert()
            .into_table("inventory_vehicle_names")
            .columns(["make", "model", "make_key", "model_key"])
            .values_panic([make.clone().into(), model.clone().into(), name_key(&make).into(), name_key(&model).into()])
            .to_owned();
        db.execute(&insert).await?;
    }
    Ok(())
}
