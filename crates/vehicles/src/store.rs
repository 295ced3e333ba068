//! Every statement on the inventory tables: the simple ones here, the stock list's filters and
//! text search in `search`, the reports' aggregates in `reports`, the rows in `rows`.

mod reports;
mod rows;
mod search;

use crate::ids::{ExpenseId, VehicleId};
use innexar_db::Tx;
use innexar_kernel::{AppError, CustomerId, FieldError};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, QueryTrait, SqlErr};

pub use reports::{aging_rows, count_by_status};
pub use rows::{expense_entity, name_entity, price_change_entity, status_change_entity, vehicle_entity};
pub use search::{Listed, VehicleFilter, count_names, list_vehicles, matching_names};

use crate::model::{Vehicle, VehicleStatus};

pub use expense_entity::Model as Expense;
pub use price_change_entity::Model as PriceChange;
pub use status_change_entity::Model as StatusChange;

/// The API's answer when the database refuses a duplicate. The unique indexes (migration
/// `m0009`) are the rule; the checks commands make first only give a friendlier message. SQLite
/// names the column (`inventory_vehicles.vin`), PostgreSQL the index
/// (`inventory_vehicles_vin_in_stock`): both contain the column's name.
pub(crate) fn unique_violation(e: DbErr) -> AppError {
    let Some(SqlErr::UniqueConstraintViolation(msg)) = e.sql_err() else { return e.into() };
    if msg.contains("placa_key") {
        duplicate_placa(None)
    } else if msg.contains("inventory_vehicles.vin") || msg.contains("inventory_vehicles_vin_in_stock") {
        duplicate_vin(None)
    } else {
        e.into()
    }
}

/// 409 `vehicles.duplicate_vin`, naming the vehicle in stock when it is known.
pub(crate) fn duplicate_vin(other_stock_number: Option<&str>) -> AppError {
    let detail = match other_stock_number {
        Some(n) => format!("vehicle {n} in stock has this VIN"),
        None => "another vehicle in stock has this VIN".into(),
    };
    AppError::conflict("vehicles.duplicate_vin", detail).with_errors(vec![FieldError::new(
        "/vin",
        "vehicles.duplicate_vin",
        "another vehicle in stock has this VIN",
    )])
}

/// 409 `vehicles.duplicate_placa`: the plate, in either of its forms, is on a vehicle in stock.
pub(crate) fn duplicate_placa(other_stock_number: Option<&str>) -> AppError {
    let detail = match other_stock_number {
        Some(n) => format!("vehicle {n} in stock has this placa"),
        None => "another vehicle in stock has this placa".into(),
    };
    AppError::conflict("vehicles.duplicate_placa", detail).with_errors(vec![FieldError::new(
        "/placa",
        "vehicles.duplicate_placa",
        "another vehicle in stock has this placa (in this or the other format)",
    )])
}

/// Inserts one vehicle; its make and model join the names with the transaction's queued rows.
pub async fn insert_vehicle(tx: &Tx, v: &Vehicle) -> Result<(), AppError> {
    vehicle_entity::Entity::insert(v.active_model()).exec_without_returning(tx).await.map_err(unique_violation)?;
    tx.write_later(names_insert(&[(v.make.as_str(), v.model.as_str())]).into_query());
    Ok(())
}

/// Adds the vehicles' (make, model) pairs to the names the filters match against; one already
/// there is left alone without waiting on anyone. Inserts do it themselves; an update whose make
/// or model changed calls it.
pub(crate) async fn remember_names<'a>(
    db: &impl ConnectionTrait,
    vs: impl IntoIterator<Item = &'a Vehicle>,
) -> Result<(), AppError> {
    let mut pairs: Vec<(&str, &str)> = vs.into_iter().map(|v| (v.make.as_str(), v.model.as_str())).collect();
    pairs.sort_unstable();
    pairs.dedup();
    for chunk in pairs.chunks(1000) {
        names_insert(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Adds (make, model) pairs to the names, leaving those already there alone.
fn names_insert(pairs: &[(&str, &str)]) -> sea_orm::TryInsert<name_entity::ActiveModel> {
    use sea_orm::ActiveValue::Set;
    let rows = pairs.iter().map(|(make, model)| name_entity::ActiveModel {
        make: Set((*make).to_string()),
        model: Set((*model).to_string()),
        make_key: Set(crate::model::name_key(make)),
        model_key: Set(crate::model::name_key(model)),
    });
    name_entity::Entity::insert_many(rows)
        .on_conflict_do_nothing_on([name_entity::Column::Make, name_entity::Column::Model])
}

/// Inserts many vehicles in one statement per chunk (demo data, imports).
pub async fn insert_vehicles(db: &impl ConnectionTrait, vs: &[Vehicle]) -> Result<(), AppError> {
    // SQLite allows 32,766 bound values per statement; 24 columns x 500 rows stays under it.
    for chunk in vs.chunks(500) {
        vehicle_entity::Entity::insert_many(chunk.iter().map(Vehicle::active_model))
            .exec(db)
            .await
            .map_err(unique_violation)?;
    }
    remember_names(db, vs).await
}

pub async fn update_vehicle(db: &impl ConnectionTrait, v: &Vehicle, expected: i64) -> Result<bool, AppError> {
    let res = vehicle_entity::Entity::update_many()
        .set(v.active_model())
        .filter(vehicle_entity::Column::Id.eq(v.id))
        .filter(vehicle_entity::Column::Version.eq(expected))
        .exec(db)
        .await
        .map_err(unique_violation)?;
    Ok(res.rows_affected == 1)
}

pub async fn delete_vehicle(db: &impl ConnectionTrait, id: VehicleId, expected: i64) -> Result<bool, AppError> {
    let res = vehicle_entity::Entity::delete_many()
        .filter(vehicle_entity::Column::Id.eq(id))
        .filter(vehicle_entity::Column::Version.eq(expected))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The `n` vehicles in stock that entered last (the demo's photos).
pub async fn newest_in_stock(db: &impl ConnectionTrait, n: u64) -> Result<Vec<Vehicle>, AppError> {
    Ok(vehicle_entity::Entity::find()
        .filter(vehicle_entity::Column::Status.is_not_in(["sold", "delivered", "returned"]))
        .order_by_desc(vehicle_entity::Column::Id)
        .limit(n)
        .all(db)
        .await?)
}

/// A vehicle with its cover photo, in one statement.
pub async fn find_listed(db: &impl ConnectionTrait, id: VehicleId) -> Result<Option<Listed>, AppError> {
    Ok(vehicle_entity::Entity::find_by_id(id)
        .column_as(search::cover_photo_column(), "cover_photo_id")
        .into_model::<Listed>()
        .one(db)
        .await?)
}

pub async fn find_vehicle(db: &impl ConnectionTrait, id: VehicleId) -> Result<Option<Vehicle>, AppError> {
    Ok(vehicle_entity::Entity::find_by_id(id).one(db).await?)
}

/// Vehicles in stock (not sold, delivered or returned) with this VIN, other than `except`.
pub async fn find_in_stock_by_vin(
    db: &impl ConnectionTrait,
    vin: &str,
    except: Option<VehicleId>,
) -> Result<Option<Vehicle>, AppError> {
    find_in_stock_by(db, vehicle_entity::Column::Vin, vin.to_string(), except).await
}

/// The vehicle in stock with this placa in either of its formats.
pub async fn find_in_stock_by_placa(
    db: &impl ConnectionTrait,
    placa: &str,
    except: Option<VehicleId>,
) -> Result<Option<Vehicle>, AppError> {
    find_in_stock_by(db, vehicle_entity::Column::PlacaKey, crate::identifiers::placa_key(placa), except).await
}

async fn find_in_stock_by(
    db: &impl ConnectionTrait,
    column: vehicle_entity::Column,
    value: String,
    except: Option<VehicleId>,
) -> Result<Option<Vehicle>, AppError> {
    let mut q = vehicle_entity::Entity::find()
        .filter(column.eq(value))
        .filter(vehicle_entity::Column::Status.is_not_in(["sold", "delivered", "returned"]));
    if let Some(id) = except {
        q = q.filter(vehicle_entity::Column::Id.ne(id));
    }
    Ok(q.one(db).await?)
}

/// How a car is known again.
pub enum Identifier<'a> {
    Vin(&'a str),
    /// Either format: matched by its key.
    Placa(&'a str),
}

/// The newest record of the car with this VIN or placa, whatever its status: a car sold,
/// delivered or returned and later seen again is the same car.
pub async fn find_latest_by_identifier(
    db: &impl ConnectionTrait,
    id: Identifier<'_>,
) -> Result<Option<Vehicle>, AppError> {
    use vehicle_entity::Column as C;
    let q = match id {
        Identifier::Vin(vin) => vehicle_entity::Entity::find().filter(C::Vin.eq(vin)),
        Identifier::Placa(p) => vehicle_entity::Entity::find().filter(C::PlacaKey.eq(crate::identifiers::placa_key(p))),
    };
    Ok(q.order_by_desc(C::Id).one(db).await?)
}

/// The vehicles `owner` owns, newest first.
pub async fn owned_by(db: &impl ConnectionTrait, owner: CustomerId) -> Result<Vec<Vehicle>, AppError> {
    use vehicle_entity::Column as C;
    Ok(vehicle_entity::Entity::find().filter(C::OwnerId.eq(owner)).order_by_desc(C::OwnedSince).all(db).await?)
}

/// The owners of the vehicles with this placa (either format).
pub async fn owners_by_placa(db: &impl ConnectionTrait, placa: &str) -> Result<Vec<CustomerId>, AppError> {
    use vehicle_entity::Column as C;
    let rows: Vec<Option<CustomerId>> = vehicle_entity::Entity::find()
        .select_only()
        .column(C::OwnerId)
        .filter(C::PlacaKey.eq(crate::identifiers::placa_key(placa)))
        .filter(C::OwnerId.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().flatten().collect())
}

/// Sets the owner of vehicle `id` unless it is in the dealer's stock (or, with `if_owner`, no
/// longer that customer's), as a new row version; the row as written, or None when not set.
pub async fn set_owner(
    db: &impl ConnectionTrait,
    id: VehicleId,
    owner: Option<CustomerId>,
    if_owner: Option<CustomerId>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Vehicle>, AppError> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    use vehicle_entity::Column as C;
    let not_stock = VehicleStatus::ALL.iter().filter(|s| !s.is_in_stock()).map(|s| s.as_str());
    let res = vehicle_entity::Entity::update_many()
        .col_expr(C::OwnerId, Expr::value(owner))
        .col_expr(C::OwnedSince, Expr::value(owner.map(|_| now)))
        .col_expr(C::Version, Expr::col(C::Version).add(1))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Id.eq(id))
        .filter(C::Status.is_in(not_stock))
        .apply_if(if_owner, |q, o| q.filter(C::OwnerId.eq(o)))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    find_vehicle(db, id).await
}

/// Every vehicle of `from` passes to `to`, each a new row version.
pub async fn move_owner(
    db: &impl ConnectionTrait,
    from: CustomerId,
    to: CustomerId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, AppError> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    use vehicle_entity::Column as C;
    let res = vehicle_entity::Entity::update_many()
        .col_expr(C::OwnerId, Expr::value(to))
        .col_expr(C::Version, Expr::col(C::Version).add(1))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::OwnerId.eq(from))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// The VINs and placa keys of the vehicles in stock, for bulk loads that must not repeat them.
pub async fn in_stock_identifiers(
    db: &impl ConnectionTrait,
) -> Result<(std::collections::HashSet<String>, std::collections::HashSet<String>), AppError> {
    use vehicle_entity::Column as C;
    let rows: Vec<(Option<String>, Option<String>)> = vehicle_entity::Entity::find()
        .select_only()
        .column(C::Vin)
        .column(C::PlacaKey)
        .filter(C::Status.is_not_in(["sold", "delivered", "returned"]))
        .into_tuple()
        .all(db)
        .await?;
    let vins = rows.iter().filter_map(|(v, _)| v.clone()).collect();
    let placas = rows.into_iter().filter_map(|(_, p)| p).collect();
    Ok((vins, placas))
}

/// The vehicle a spreadsheet row is about: of those with this VIN, or else with one of these
/// placa forms, or else this stock number, the one in stock, else the most recent (a car sold
/// and bought back again).
pub async fn find_for_import(
    db: &impl ConnectionTrait,
    vin: Option<&str>,
    placas: &[String],
    stock_number: Option<&str>,
) -> Result<Option<Vehicle>, AppError> {
    use vehicle_entity::Column as C;
    let mut lookups = Vec::new();
    if let Some(v) = vin {
        lookups.push(vehicle_entity::Entity::find().filter(C::Vin.eq(v)));
    }
    if !placas.is_empty() {
        lookups.push(vehicle_entity::Entity::find().filter(C::Placa.is_in(placas.iter().cloned())));
    }
    if let Some(n) = stock_number {
        lookups.push(vehicle_entity::Entity::find().filter(C::StockNumber.eq(n.to_ascii_uppercase())));
    }
    for q in lookups {
        let found = q.order_by_desc(C::Id).limit(20).all(db).await?;
        let mut vehicles = found;
        if let Some(i) = vehicles.iter().position(|v| v.status.is_in_stock()) {
            return Ok(Some(vehicles.swap_remove(i)));
        }
        if !vehicles.is_empty() {
            return Ok(Some(vehicles.swap_remove(0)));
        }
    }
    Ok(None)
}

/// Queues a price history line with the transaction's other queued rows.
pub fn insert_price_change(tx: &Tx, c: PriceChange) {
    // Every field is written: reset_all marks them all as set.
    tx.write_later(
        price_change_entity::Entity::insert(price_change_entity::ActiveModel::from(c).reset_all()).into_query(),
    );
}

pub async fn list_price_changes(
    db: &impl ConnectionTrait,
    vehicle_id: VehicleId,
) -> Result<Vec<PriceChange>, AppError> {
    Ok(price_change_entity::Entity::find()
        .filter(price_change_entity::Column::VehicleId.eq(vehicle_id))
        .order_by_asc(price_change_entity::Column::ChangedAt)
        .order_by_asc(price_change_entity::Column::Id)
        .all(db)
        .await?)
}

/// Inserts many expenses in one statement per chunk (demo data).
pub async fn insert_expenses(db: &impl ConnectionTrait, es: &[Expense]) -> Result<(), AppError> {
    for chunk in es.chunks(1_000) {
        expense_entity::Entity::insert_many(
            chunk.iter().cloned().map(|e| expense_entity::ActiveModel::from(e).reset_all()),
        )
        .exec(db)
        .await?;
    }
    Ok(())
}

pub async fn insert_expense(db: &impl ConnectionTrait, e: Expense) -> Result<(), AppError> {
    expense_entity::ActiveModel::from(e)
        // Every field is written: reset_all marks them all as set.
        .reset_all()
        .insert(db)
        .await?;
    Ok(())
}

pub async fn list_expenses(db: &impl ConnectionTrait, vehicle_id: VehicleId) -> Result<Vec<Expense>, AppError> {
    Ok(expense_entity::Entity::find()
        .filter(expense_entity::Column::VehicleId.eq(vehicle_id))
        .order_by_asc(expense_entity::Column::SpentOn)
        .order_by_asc(expense_entity::Column::Id)
        .all(db)
        .await?)
}

pub async fn find_expense(
    db: &impl ConnectionTrait,
    vehicle_id: VehicleId,
    id: ExpenseId,
) -> Result<Option<Expense>, AppError> {
    Ok(expense_entity::Entity::find_by_id(id).filter(expense_entity::Column::VehicleId.eq(vehicle_id)).one(db).await?)
}

pub async fn delete_expense(db: &impl ConnectionTrait, id: ExpenseId) -> Result<(), AppError> {
    expense_entity::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Queues a status history line with the transaction's other queued rows.
pub fn insert_status_change(tx: &Tx, c: StatusChange) {
    // Every field is written: reset_all marks them all as set.
    tx.write_later(
        status_change_entity::Entity::insert(status_change_entity::ActiveModel::from(c).reset_all()).into_query(),
    );
}

pub async fn list_status_changes(
    db: &impl ConnectionTrait,
    vehicle_id: VehicleId,
) -> Result<Vec<StatusChange>, AppError> {
    Ok(status_change_entity::Entity::find()
        .filter(status_change_entity::Column::VehicleId.eq(vehicle_id))
        .order_by_asc(status_change_entity::Column::ChangedAt)
        .order_by_asc(status_change_entity::Column::Id)
        .all(db)
        .await?)
}

/// Vehicles by id, in one statement.
pub async fn find_vehicles(db: &impl ConnectionTrait, ids: &[VehicleId]) -> Result<Vec<Vehicle>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vehicle_entity::Entity::find().filter(vehicle_entity::Column::Id.is_in(ids.iter().copied())).all(db).await?)
}
