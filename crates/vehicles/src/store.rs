//! Every statement on the inventory tables.

use chrono::{DateTime, Utc};
use innexar_kernel::page::PageRequest;
use innexar_kernel::{AppError, FieldError, Money, StoreId};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, Condition, DatabaseBackend, PaginatorTrait, QueryOrder, QuerySelect, QueryTrait, Select, SqlErr,
};
use serde_json::json;

use crate::model::{Condition as VCondition, Fuel, Origin, Transmission, VehicleStatus, fold};

pub mod vehicle_entity {
    use innexar_kernel::StoreId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_vehicles")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub stock_number: String,
        pub store_id: StoreId,
        pub vin: Option<String>,
        pub placa: Option<String>,
        /// Both forms of a plate under one key, so the database keeps placas unique in stock.
        pub placa_key: Option<String>,
        pub make: String,
        pub model: String,
        pub trim: Option<String>,
        pub year: i32,
        pub model_year: i32,
        pub color: Option<String>,
        pub mileage_km: i64,
        pub fuel: String,
        pub transmission: String,
        pub condition: String,
        pub status: String,
        pub price_cents: Option<i64>,
        pub cost_cents: Option<i64>,
        pub images: Json,
        pub search_text: String,
        pub row_version: i64,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub status_changed_at: DateTimeUtc,
        pub origin: String,
        pub renavam: Option<String>,
        pub fipe_code: Option<String>,
        pub fipe_value_cents: Option<i64>,
        pub fipe_reference_month: Option<String>,
        pub interior_color: Option<String>,
        pub doors: Option<i32>,
        pub options: Option<Json>,
        pub description: Option<String>,
        pub keys_count: Option<i32>,
        pub lot_location: Option<String>,
        pub min_price_cents: Option<i64>,
        pub entered_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod expense_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_vehicle_expenses")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub vehicle_id: Uuid,
        pub spent_on: Date,
        pub description: String,
        pub supplier: Option<String>,
        pub amount_cents: i64,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod price_change_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_price_changes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub vehicle_id: Uuid,
        pub previous_cents: Option<i64>,
        pub price_cents: Option<i64>,
        pub changed_by: Option<Uuid>,
        pub changed_by_email: Option<String>,
        pub changed_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod status_change_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_status_changes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub vehicle_id: Uuid,
        pub from_status: Option<String>,
        pub to_status: String,
        pub note: Option<String>,
        pub changed_by: Option<Uuid>,
        pub changed_by_email: Option<String>,
        pub changed_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vehicle {
    pub id: Uuid,
    pub stock_number: String,
    pub store_id: StoreId,
    pub vin: Option<String>,
    pub placa: Option<String>,
    pub make: String,
    pub model: String,
    pub trim: Option<String>,
    pub year: i32,
    pub model_year: i32,
    pub color: Option<String>,
    pub mileage_km: i64,
    pub fuel: Fuel,
    pub transmission: Transmission,
    pub condition: VCondition,
    pub status: VehicleStatus,
    pub price: Option<Money>,
    pub cost: Option<Money>,
    pub images: Vec<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub status_changed_at: DateTime<Utc>,
    pub origin: Origin,
    pub renavam: Option<String>,
    pub fipe_code: Option<String>,
    pub fipe_value: Option<Money>,
    /// `YYYY-MM` of the FIPE table the value was read from.
    pub fipe_reference_month: Option<String>,
    pub interior_color: Option<String>,
    pub doors: Option<i32>,
    /// Equipment and options ("ar-condicionado", "teto solar").
    pub options: Vec<String>,
    pub description: Option<String>,
    pub keys_count: Option<i32>,
    /// Where it is parked ("Pátio B, vaga 12").
    pub lot_location: Option<String>,
    pub min_price: Option<Money>,
    /// When it entered stock; days in stock count from here.
    pub entered_at: DateTime<Utc>,
}

impl TryFrom<vehicle_entity::Model> for Vehicle {
    type Error = AppError;

    fn try_from(m: vehicle_entity::Model) -> Result<Self, AppError> {
        let bad = |what: &str| AppError::internal(format!("vehicle {} has an unknown {what}", m.id));
        Ok(Vehicle {
            id: m.id,
            stock_number: m.stock_number.clone(),
            store_id: m.store_id,
            vin: m.vin.clone(),
            placa: m.placa.clone(),
            make: m.make.clone(),
            model: m.model.clone(),
            trim: m.trim.clone(),
            year: m.year,
            model_year: m.model_year,
            color: m.color.clone(),
            mileage_km: m.mileage_km,
            fuel: Fuel::parse(&m.fuel).ok_or_else(|| bad("fuel"))?,
            transmission: Transmission::parse(&m.transmission).ok_or_else(|| bad("transmission"))?,
            condition: VCondition::parse(&m.condition).ok_or_else(|| bad("condition"))?,
            status: VehicleStatus::parse(&m.status).ok_or_else(|| bad("status"))?,
            price: m.price_cents.map(Money),
            cost: m.cost_cents.map(Money),
            images: serde_json::from_value(m.images.clone()).unwrap_or_default(),
            version: m.row_version,
            created_at: m.created_at,
            updated_at: m.updated_at,
            status_changed_at: m.status_changed_at,
            origin: Origin::parse(&m.origin).ok_or_else(|| bad("origin"))?,
            renavam: m.renavam.clone(),
            fipe_code: m.fipe_code.clone(),
            fipe_value: m.fipe_value_cents.map(Money),
            fipe_reference_month: m.fipe_reference_month.clone(),
            interior_color: m.interior_color.clone(),
            doors: m.doors,
            options: m.options.clone().and_then(|o| serde_json::from_value(o).ok()).unwrap_or_default(),
            description: m.description.clone(),
            keys_count: m.keys_count,
            lot_location: m.lot_location.clone(),
            min_price: m.min_price_cents.map(Money),
            entered_at: m.entered_at.unwrap_or(m.created_at),
        })
    }
}

impl Vehicle {
    /// What text search looks in: make, model, trim, placa in both formats (a customer may read
    /// the old plate off a document and the Mercosul one off the car), VIN, stock number, colour.
    pub fn search_text(&self) -> String {
        let placas = self.placa.as_deref().map(crate::identifiers::placa_forms).unwrap_or_default();
        let parts = [Some(self.make.as_str()), Some(self.model.as_str()), self.trim.as_deref()]
            .into_iter()
            .flatten()
            .chain(placas.iter().map(String::as_str))
            .chain(
                [self.vin.as_deref(), Some(self.stock_number.as_str()), self.color.as_deref()].into_iter().flatten(),
            );
        fold(&parts.collect::<Vec<_>>().join(" "))
    }

    fn active_model(&self) -> vehicle_entity::ActiveModel {
        vehicle_entity::ActiveModel {
            id: Set(self.id),
            stock_number: Set(self.stock_number.clone()),
            store_id: Set(self.store_id),
            vin: Set(self.vin.clone()),
            placa: Set(self.placa.clone()),
            placa_key: Set(self.placa.as_deref().map(crate::identifiers::placa_key)),
            make: Set(self.make.clone()),
            model: Set(self.model.clone()),
            trim: Set(self.trim.clone()),
            year: Set(self.year),
            model_year: Set(self.model_year),
            color: Set(self.color.clone()),
            mileage_km: Set(self.mileage_km),
            fuel: Set(self.fuel.as_str().into()),
            transmission: Set(self.transmission.as_str().into()),
            condition: Set(self.condition.as_str().into()),
            status: Set(self.status.as_str().into()),
            price_cents: Set(self.price.map(Money::centavos)),
            cost_cents: Set(self.cost.map(Money::centavos)),
            images: Set(json!(self.images)),
            search_text: Set(self.search_text()),
            row_version: Set(self.version),
            created_at: Set(self.created_at),
            updated_at: Set(self.updated_at),
            status_changed_at: Set(self.status_changed_at),
            origin: Set(self.origin.as_str().into()),
            renavam: Set(self.renavam.clone()),
            fipe_code: Set(self.fipe_code.clone()),
            fipe_value_cents: Set(self.fipe_value.map(Money::centavos)),
            fipe_reference_month: Set(self.fipe_reference_month.clone()),
            interior_color: Set(self.interior_color.clone()),
            doors: Set(self.doors),
            options: Set(Some(json!(self.options))),
            description: Set(self.description.clone()),
            keys_count: Set(self.keys_count),
            lot_location: Set(self.lot_location.clone()),
            min_price_cents: Set(self.min_price.map(Money::centavos)),
            entered_at: Set(Some(self.entered_at)),
        }
    }

    /// The fields the audit log records.
    pub fn audit_view(&self) -> serde_json::Value {
        json!({
            "stockNumber": self.stock_number,
            "storeId": self.store_id,
            "vin": self.vin,
            "placa": self.placa,
            "make": self.make,
            "model": self.model,
            "trim": self.trim,
            "year": self.year,
            "modelYear": self.model_year,
            "color": self.color,
            "mileageKm": self.mileage_km,
            "fuel": self.fuel,
            "transmission": self.transmission,
            "condition": self.condition,
            "status": self.status,
            "priceCents": self.price,
            "costCents": self.cost,
            "images": self.images,
            "origin": self.origin,
            "renavam": self.renavam,
            "fipeCode": self.fipe_code,
            "fipeValueCents": self.fipe_value,
            "fipeReferenceMonth": self.fipe_reference_month,
            "interiorColor": self.interior_color,
            "doors": self.doors,
            "options": self.options,
            "description": self.description,
            "keysCount": self.keys_count,
            "lotLocation": self.lot_location,
            "minPriceCents": self.min_price,
            "enteredAt": self.entered_at,
        })
    }
}

pub async fn insert_vehicle(db: &impl ConnectionTrait, v: &Vehicle) -> Result<(), AppError> {
    v.active_model().insert(db).await.map_err(unique_violation)?;
    Ok(())
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
    Ok(())
}

pub async fn update_vehicle(db: &impl ConnectionTrait, v: &Vehicle, expected: i64) -> Result<bool, AppError> {
    let res = vehicle_entity::Entity::update_many()
        .set(v.active_model())
        .filter(vehicle_entity::Column::Id.eq(v.id))
        .filter(vehicle_entity::Column::RowVersion.eq(expected))
        .exec(db)
        .await
        .map_err(unique_violation)?;
    Ok(res.rows_affected == 1)
}

pub async fn delete_vehicle(db: &impl ConnectionTrait, id: Uuid, expected: i64) -> Result<bool, AppError> {
    let res = vehicle_entity::Entity::delete_many()
        .filter(vehicle_entity::Column::Id.eq(id))
        .filter(vehicle_entity::Column::RowVersion.eq(expected))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn find_vehicle(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Vehicle>, AppError> {
    vehicle_entity::Entity::find_by_id(id).one(db).await?.map(Vehicle::try_from).transpose()
}

/// Vehicles in stock (not sold, delivered or returned) with this VIN, other than `except`.
pub async fn find_in_stock_by_vin(
    db: &impl ConnectionTrait,
    vin: &str,
    except: Option<Uuid>,
) -> Result<Option<Vehicle>, AppError> {
    find_in_stock_by(db, vehicle_entity::Column::Vin, vin.to_string(), except).await
}

/// The vehicle in stock with this placa in either of its formats.
pub async fn find_in_stock_by_placa(
    db: &impl ConnectionTrait,
    placa: &str,
    except: Option<Uuid>,
) -> Result<Option<Vehicle>, AppError> {
    find_in_stock_by(db, vehicle_entity::Column::PlacaKey, crate::identifiers::placa_key(placa), except).await
}

async fn find_in_stock_by(
    db: &impl ConnectionTrait,
    column: vehicle_entity::Column,
    value: String,
    except: Option<Uuid>,
) -> Result<Option<Vehicle>, AppError> {
    let mut q = vehicle_entity::Entity::find()
        .filter(column.eq(value))
        .filter(vehicle_entity::Column::Status.is_not_in(["sold", "delivered", "returned"]));
    if let Some(id) = except {
        q = q.filter(vehicle_entity::Column::Id.ne(id));
    }
    q.one(db).await?.map(Vehicle::try_from).transpose()
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
        let mut vehicles = found.into_iter().map(Vehicle::try_from).collect::<Result<Vec<_>, _>>()?;
        if let Some(i) = vehicles.iter().position(|v| v.status.is_in_stock()) {
            return Ok(Some(vehicles.swap_remove(i)));
        }
        if !vehicles.is_empty() {
            return Ok(Some(vehicles.swap_remove(0)));
        }
    }
    Ok(None)
}

#[derive(Debug, Default, Clone)]
pub struct VehicleFilter {
    pub statuses: Vec<VehicleStatus>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub year_min: Option<i32>,
    pub year_max: Option<i32>,
    pub price_min: Option<i64>,
    pub price_max: Option<i64>,
    pub store_id: Option<StoreId>,
    pub condition: Option<VCondition>,
    pub fuel: Option<Fuel>,
    /// Words that must all appear in make, model, trim, placa, VIN, stock number or colour.
    pub words: Vec<String>,
    /// Stores the reader is limited to.
    pub visible_stores: Option<Vec<StoreId>>,
}

fn filtered(f: &VehicleFilter, backend: DatabaseBackend) -> Select<vehicle_entity::Entity> {
    use vehicle_entity::Column as C;
    let mut q = vehicle_entity::Entity::find();
    if !f.statuses.is_empty() {
        q = q.filter(C::Status.is_in(f.statuses.iter().map(|s| s.as_str())));
    }
    if let Some(m) = &f.make {
        q = q.filter(C::Make.eq(m.clone()));
    }
    if let Some(m) = &f.model {
        q = q.filter(C::Model.eq(m.clone()));
    }
    if let Some(y) = f.year_min {
        q = q.filter(C::ModelYear.gte(y));
    }
    if let Some(y) = f.year_max {
        q = q.filter(C::ModelYear.lte(y));
    }
    if let Some(p) = f.price_min {
        q = q.filter(C::PriceCents.gte(p));
    }
    if let Some(p) = f.price_max {
        q = q.filter(C::PriceCents.lte(p));
    }
    if let Some(s) = f.store_id {
        q = q.filter(C::StoreId.eq(s));
    }
    if let Some(c) = f.condition {
        q = q.filter(C::Condition.eq(c.as_str()));
    }
    if let Some(fuel) = f.fuel {
        q = q.filter(C::Fuel.eq(fuel.as_str()));
    }
    if let Some(ids) = &f.visible_stores {
        q = q.filter(C::StoreId.is_in(ids.iter().copied()));
    }
    if !f.words.is_empty() {
        let (like_words, fts_match) = search_terms(&f.words, backend);
        let mut all = Condition::all();
        for w in like_words {
            all = all.add(Expr::col(C::SearchText).like(format!("%{w}%")));
        }
        if let Some(m) = fts_match {
            all = all.add(Expr::cust_with_values(
                "inventory_vehicles.rowid IN (SELECT rowid FROM inventory_vehicles_search WHERE inventory_vehicles_search MATCH ?)",
                [m],
            ));
        }
        q = q.filter(all);
    }
    q
}

/// Splits search words into those for `LIKE` and one FTS5 `MATCH` expression. On SQLite the
/// trigram index answers words of 3 characters or more; shorter ones, and every word on
/// PostgreSQL (where the GIN trigram index serves `LIKE`), use `LIKE`.
fn search_terms(words: &[String], backend: DatabaseBackend) -> (Vec<&String>, Option<String>) {
    let (fts, like): (Vec<&String>, Vec<&String>) =
        words.iter().partition(|w| backend == DatabaseBackend::Sqlite && w.chars().count() >= 3);
    let fts_match = (!fts.is_empty())
        .then(|| fts.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND "));
    (like, fts_match)
}

/// The FTS5 expression when text is the only filter, so SQLite can count matches in the index
/// without visiting every matching row.
fn text_only_match(f: &VehicleFilter, backend: DatabaseBackend) -> Option<String> {
    let only_text = f.statuses.is_empty()
        && f.make.is_none()
        && f.model.is_none()
        && f.year_min.is_none()
        && f.year_max.is_none()
        && f.price_min.is_none()
        && f.price_max.is_none()
        && f.store_id.is_none()
        && f.condition.is_none()
        && f.fuel.is_none()
        && f.visible_stores.is_none();
    let (like, fts) = search_terms(&f.words, backend);
    if only_text && like.is_empty() { fts } else { None }
}

/// Runs a `SELECT count(*) AS n ...` statement.
async fn count_n(db: &impl ConnectionTrait, stmt: sea_orm::Statement) -> Result<u64, AppError> {
    let row = db.query_one_raw(stmt).await?;
    Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) as u64)
}

/// A text search counts at most this many matches: counting every vehicle a broad word (a colour,
/// "flex") matches costs more than the page itself, and nobody pages through a thousand results.
pub const SEARCH_COUNT_CAP: u64 = 1_000;

/// One page of vehicles, the total and whether it is exact (a text search stops counting past
/// [`SEARCH_COUNT_CAP`]).
pub async fn list_vehicles(
    db: &impl ConnectionTrait,
    f: &VehicleFilter,
    page: &PageRequest,
) -> Result<(Vec<Vehicle>, u64, bool), AppError> {
    use vehicle_entity::Column as C;
    let backend = db.get_database_backend();
    // One past the cap tells "exactly the cap" from "more than it".
    let limit = (!f.words.is_empty()).then_some(SEARCH_COUNT_CAP + 1);
    let counted = match (text_only_match(f, backend), limit) {
        (Some(m), Some(n)) => {
            let sql = "SELECT count(*) AS n FROM (SELECT 1 FROM inventory_vehicles_search \
                       WHERE inventory_vehicles_search MATCH ? LIMIT ?) AS m";
            count_n(db, sea_orm::Statement::from_sql_and_values(backend, sql, [m.into(), (n as i64).into()])).await?
        }
        (_, Some(n)) => {
            let matches = filtered(f, backend).select_only().column_as(Expr::val(1), "one").limit(n).into_query();
            let count = sea_orm::sea_query::Query::select()
                .expr_as(Expr::cust("count(*)"), sea_orm::sea_query::Alias::new("n"))
                .from_subquery(matches, sea_orm::sea_query::Alias::new("m"))
                .to_owned();
            count_n(db, backend.build(&count)).await?
        }
        (_, None) => filtered(f, backend).count(db).await?,
    };
    let (total, exact) = match limit {
        Some(_) if counted > SEARCH_COUNT_CAP => (SEARCH_COUNT_CAP, false),
        _ => (counted, true),
    };
    // SQLite text search in creation order reads the matches in rowid order (insertion order,
    // which is creation order) instead of sorting every match by id.
    let fts_creation_order = backend == DatabaseBackend::Sqlite
        && search_terms(&f.words, backend).1.is_some()
        && page.sort.iter().all(|k| k.field == "createdAt");
    // The id breaks ties in the direction of the first key, so an index on that key can be read
    // backwards for a descending sort instead of sorting every match.
    let descending = page.sort.first().is_none_or(|k| k.descending);
    let mut q = filtered(f, backend);
    if fts_creation_order {
        let rowid = Expr::cust("inventory_vehicles.rowid");
        q = if descending { q.order_by_desc(rowid) } else { q.order_by_asc(rowid) };
    } else {
        for key in &page.sort {
            let col = match key.field.as_str() {
                "price" => C::PriceCents,
                "year" => C::ModelYear,
                "mileage" => C::MileageKm,
                "make" => C::Make,
                "model" => C::Model,
                "stockNumber" => C::StockNumber,
                "statusChangedAt" => C::StatusChangedAt,
                // Ids are time-ordered (UUID v7): creation order without a separate index.
                _ => C::Id,
            };
            q = if key.descending { q.order_by_desc(col) } else { q.order_by_asc(col) };
        }
        q = if descending { q.order_by_desc(C::Id) } else { q.order_by_asc(C::Id) };
    }
    let rows = q.offset(page.offset()).limit(page.page_size).all(db).await?;
    let items = rows.into_iter().map(Vehicle::try_from).collect::<Result<Vec<_>, _>>()?;
    Ok((items, total, exact))
}

pub async fn insert_price_change(db: &impl ConnectionTrait, c: PriceChange) -> Result<(), AppError> {
    price_change_entity::ActiveModel::from(c)
        // Every field is written: reset_all marks them all as set.
        .reset_all()
        .insert(db)
        .await?;
    Ok(())
}

pub async fn list_price_changes(db: &impl ConnectionTrait, vehicle_id: Uuid) -> Result<Vec<PriceChange>, AppError> {
    Ok(price_change_entity::Entity::find()
        .filter(price_change_entity::Column::VehicleId.eq(vehicle_id))
        .order_by_asc(price_change_entity::Column::ChangedAt)
        .order_by_asc(price_change_entity::Column::Id)
        .all(db)
        .await?)
}

pub async fn insert_expense(db: &impl ConnectionTrait, e: Expense) -> Result<(), AppError> {
    expense_entity::ActiveModel::from(e)
        // Every field is written: reset_all marks them all as set.
        .reset_all()
        .insert(db)
        .await?;
    Ok(())
}

pub async fn list_expenses(db: &impl ConnectionTrait, vehicle_id: Uuid) -> Result<Vec<Expense>, AppError> {
    Ok(expense_entity::Entity::find()
        .filter(expense_entity::Column::VehicleId.eq(vehicle_id))
        .order_by_asc(expense_entity::Column::SpentOn)
        .order_by_asc(expense_entity::Column::Id)
        .all(db)
        .await?)
}

pub async fn find_expense(db: &impl ConnectionTrait, vehicle_id: Uuid, id: Uuid) -> Result<Option<Expense>, AppError> {
    Ok(expense_entity::Entity::find_by_id(id).filter(expense_entity::Column::VehicleId.eq(vehicle_id)).one(db).await?)
}

pub async fn delete_expense(db: &impl ConnectionTrait, id: Uuid) -> Result<(), AppError> {
    expense_entity::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Reconditioning spent on one vehicle, in centavos.
pub async fn expenses_total(db: &impl ConnectionTrait, vehicle_id: Uuid) -> Result<i64, AppError> {
    Ok(list_expenses(db, vehicle_id).await?.iter().map(|e| e.amount_cents).sum())
}

/// One in-stock vehicle's numbers for the aging report.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct AgingRow {
    pub id: Uuid,
    pub store_id: StoreId,
    pub entered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub price_cents: Option<i64>,
    pub cost_cents: Option<i64>,
}

impl AgingRow {
    /// Whole days since it entered stock (its creation when no entry date was given).
    pub fn days_in_stock(&self, now: DateTime<Utc>) -> i64 {
        Ord::max((now - self.entered_at.unwrap_or(self.created_at)).num_days(), 0)
    }

    /// Acquisition cost plus the reconditioning spent on it, centavos.
    pub fn cost_with(&self, expenses: &std::collections::HashMap<Uuid, i64>) -> i64 {
        self.cost_cents.unwrap_or(0) + expenses.get(&self.id).copied().unwrap_or(0)
    }
}

#[derive(Debug, Clone, sea_orm::FromQueryResult)]
struct ExpenseSum {
    vehicle_id: Uuid,
    total: Option<i64>,
}

/// Every vehicle still in stock with its entry date and money (optionally within some stores),
/// and the reconditioning spent per vehicle.
pub async fn aging_rows(
    db: &impl ConnectionTrait,
    stores: Option<&[StoreId]>,
) -> Result<(Vec<AgingRow>, std::collections::HashMap<Uuid, i64>), AppError> {
    use vehicle_entity::Column as C;
    let mut q = vehicle_entity::Entity::find()
        .select_only()
        .column(C::Id)
        .column(C::StoreId)
        .column(C::EnteredAt)
        .column(C::CreatedAt)
        .column(C::PriceCents)
        .column(C::CostCents)
        .filter(C::Status.is_not_in(["sold", "delivered", "returned"]));
    if let Some(ids) = stores {
        q = q.filter(C::StoreId.is_in(ids.iter().copied()));
    }
    let rows = q.into_model::<AgingRow>().all(db).await?;
    let sums = expense_entity::Entity::find()
        .select_only()
        .column(expense_entity::Column::VehicleId)
        // SUM(bigint) is numeric on PostgreSQL; cast back so both backends give an integer.
        .column_as(
            Expr::expr(sea_orm::sea_query::Func::cast_as(
                sea_orm::sea_query::Func::sum(Expr::col(expense_entity::Column::AmountCents)),
                "BIGINT",
            )),
            "total",
        )
        .group_by(expense_entity::Column::VehicleId)
        .into_model::<ExpenseSum>()
        .all(db)
        .await?;
    Ok((rows, sums.into_iter().map(|s| (s.vehicle_id, s.total.unwrap_or(0))).collect()))
}

#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct StatusCount {
    pub status: String,
    pub vehicles: i64,
}

/// How many vehicles are in each status (optionally within some stores).
pub async fn count_by_status(
    db: &impl ConnectionTrait,
    stores: Option<&[StoreId]>,
) -> Result<Vec<StatusCount>, AppError> {
    use vehicle_entity::Column as C;
    let mut q = vehicle_entity::Entity::find()
        .select_only()
        .column(C::Status)
        // COUNT is bigint on PostgreSQL and integer on SQLite; both read as i64.
        .column_as(Expr::col(C::Id).count(), "vehicles")
        .group_by(C::Status);
    if let Some(ids) = stores {
        q = q.filter(C::StoreId.is_in(ids.iter().copied()));
    }
    Ok(q.into_model::<StatusCount>().all(db).await?)
}

pub async fn insert_status_change(db: &impl ConnectionTrait, c: StatusChange) -> Result<(), AppError> {
    status_change_entity::ActiveModel::from(c)
        // Every field is written: reset_all marks them all as set.
        .reset_all()
        .insert(db)
        .await?;
    Ok(())
}

pub async fn list_status_changes(db: &impl ConnectionTrait, vehicle_id: Uuid) -> Result<Vec<StatusChange>, AppError> {
    Ok(status_change_entity::Entity::find()
        .filter(status_change_entity::Column::VehicleId.eq(vehicle_id))
        .order_by_asc(status_change_entity::Column::ChangedAt)
        .order_by_asc(status_change_entity::Column::Id)
        .all(db)
        .await?)
}
