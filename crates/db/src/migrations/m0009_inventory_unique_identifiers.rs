//! The database, not a check before the insert, keeps identifiers unique: two vehicles in stock
//! never share a VIN or a placa (in either of its formats, `ABC1234` and its Mercosul form
//! `ABC1C34` being the same plate), and two stores never share a CNPJ. A sold, delivered or
//! returned car may come back (bought back, traded in again), so only stock counts.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

/// Statuses of vehicles that are no longer the dealer's stock (see the vehicle lifecycle).
const OUT_OF_STOCK: &str = "('sold', 'delivered', 'returned')";

/// The placa in its old form when it has one (CONTRAN: the Mercosul 5th letter A-J is the old
/// digit 0-9), else as it is: one key for both forms of a plate. Plain SQL both dialects run.
const PLACA_KEY: &str = "substr(placa, 1, 4) || CASE substr(placa, 5, 1) \
    WHEN 'A' THEN '0' WHEN 'B' THEN '1' WHEN 'C' THEN '2' WHEN 'D' THEN '3' WHEN 'E' THEN '4' \
    WHEN 'F' THEN '5' WHEN 'G' THEN '6' WHEN 'H' THEN '7' WHEN 'I' THEN '8' WHEN 'J' THEN '9' \
    ELSE substr(placa, 5, 1) END || substr(placa, 6)";

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    m.alter_table(
        Table::alter().table("inventory_vehicles").add_column(ColumnDef::new("placa_key").string().null()).to_owned(),
    )
    .await?;
    db.execute_unprepared(&format!("UPDATE inventory_vehicles SET placa_key = {PLACA_KEY} WHERE placa IS NOT NULL"))
        .await?;
    // A tenant whose data already breaks a rule is told which records to fix, instead of
    // failing on an index error that names none of them.
    refuse_duplicates(
        db,
        "vehicles in stock sharing a VIN",
        &format!(
            "SELECT vin AS k FROM inventory_vehicles WHERE vin IS NOT NULL AND status NOT IN {OUT_OF_STOCK} \
         GROUP BY vin HAVING COUNT(*) > 1"
        ),
    )
    .await?;
    refuse_duplicates(db, "vehicles in stock sharing a placa", &format!(
        "SELECT placa_key AS k FROM inventory_vehicles WHERE placa_key IS NOT NULL AND status NOT IN {OUT_OF_STOCK} \
         GROUP BY placa_key HAVING COUNT(*) > 1"
    ))
    .await?;
    refuse_duplicates(
        db,
        "stores sharing a CNPJ",
        "SELECT cnpj AS k FROM inventory_stores WHERE cnpj IS NOT NULL GROUP BY cnpj HAVING COUNT(*) > 1",
    )
    .await?;
    for sql in [
        format!(
            "CREATE UNIQUE INDEX inventory_vehicles_vin_in_stock ON inventory_vehicles (vin) \
             WHERE vin IS NOT NULL AND status NOT IN {OUT_OF_STOCK}"
        ),
        format!(
            "CREATE UNIQUE INDEX inventory_vehicles_placa_key_in_stock ON inventory_vehicles (placa_key) \
             WHERE placa_key IS NOT NULL AND status NOT IN {OUT_OF_STOCK}"
        ),
        "CREATE UNIQUE INDEX inventory_stores_cnpj_unique ON inventory_stores (cnpj) WHERE cnpj IS NOT NULL".into(),
    ] {
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}

async fn refuse_duplicates(db: &impl ConnectionTrait, what: &str, sql: &str) -> Result<(), DbErr> {
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    if rows.is_empty() {
        return Ok(());
    }
    let keys: Vec<String> = rows.iter().take(20).filter_map(|r| r.try_get::<String>("", "k").ok()).collect();
    Err(DbErr::Migration(format!(
        "this tenant has {} {what} ({}); make them unique, then migrate again",
        rows.len(),
        keys.join(", ")
    )))
}
