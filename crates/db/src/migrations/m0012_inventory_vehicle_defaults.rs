//! Vehicles saved before `m0005` have no equipment list and no entry date. The record now reads
//! both as always present (an empty list; in stock since it was created), which is what the API
//! has answered for them all along; the columns stay nullable, as SQLite cannot change that.

use sea_orm_migration::prelude::*;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    db.execute_unprepared("UPDATE inventory_vehicles SET options = '[]' WHERE options IS NULL").await?;
    db.execute_unprepared("UPDATE inventory_vehicles SET entered_at = created_at WHERE entered_at IS NULL").await?;
    Ok(())
}
