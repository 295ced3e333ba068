//! Use cases that change vehicles. Each records its audit entry and its outbox events in the
//! caller's transaction, as the transaction's actor at its time. This file holds a vehicle's
//! lifecycle (create, update, status, delete); `expenses` its reconditioning costs.

mod deal;
mod expenses;
mod ownership;

pub use deal::{DealMove, cost_basis, move_for_deal, sell_for_deal, take_trade_in, vehicle_for_deal};

pub use expenses::{NewExpense, add_expense, delete_expense};
pub use ownership::{
    CustomerVehicle, customer_vehicle_number, move_owned_vehicles, register_customer_vehicle, release_customer_vehicle,
};

use crate::ids::VehicleId;
use chrono::{DateTime, Utc};
use innexar_db::{Tx, audit, counters, outbox};
use innexar_kernel::{Actor, AppError, FieldError, IfMatch, Money, StoreId, new_id};
use innexar_org::queries::StoreUse;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::events::{PriceChanged, StatusChanged, VehicleEvent, VehicleRef};
use crate::model::Vehicle;
use crate::model::{Condition, Fuel, Origin, Transmission, VehicleStatus};
use crate::store;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewVehicle {
    pub store_id: StoreId,
    /// Chassi, 17 characters.
    #[schema(schema_with = crate::model::vin_schema)]
    pub vin: Option<String>,
    /// `ABC1234` or Mercosul `ABC1D23`; hyphen optional. New cars usually have none yet.
    #[schema(schema_with = crate::model::placa_schema)]
    pub placa: Option<String>,
    #[schema(max_length = 60)]
    pub make: String,
    #[schema(max_length = 60)]
    pub model: String,
    /// Versão, e.g. `1.0 TSI Highline`.
    #[schema(max_length = 120)]
    pub trim: Option<String>,
    /// Ano de fabricação.
    pub year: i32,
    /// Ano modelo: the year of manufacture or the next; defaults to the year of manufacture.
    pub model_year: Option<i32>,
    #[schema(max_length = 40)]
    pub color: Option<String>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 2_000_000)]
    pub mileage_km: i64,
    pub fuel: Fuel,
    pub transmission: Transmission,
    pub condition: Condition,
    /// `in_transit`, `in_preparation` or `available` (default).
    #[schema(schema_with = crate::model::initial_status_schema)]
    pub status: Option<VehicleStatus>,
    /// Asking price in centavos.
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10_000_000_000.0)]
    pub price_cents: Option<Money>,
    /// Acquisition cost in centavos.
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10_000_000_000.0)]
    pub cost_cents: Option<Money>,
    #[serde(default)]
    pub images: Vec<String>,
    /// `purchase` (default), `trade_in`, `consignment` or `factory`.
    pub origin: Option<Origin>,
    /// 11 digits (9 or 10 in older documents).
    pub renavam: Option<String>,
    /// FIPE table code, `NNNNNN-N`.
    #[schema(schema_with = crate::model::fipe_code_schema)]
    pub fipe_code: Option<String>,
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10_000_000_000.0)]
    pub fipe_value_cents: Option<Money>,
    /// `YYYY-MM` of the FIPE table read.
    pub fipe_reference_month: Option<String>,
    #[schema(max_length = 40)]
    pub interior_color: Option<String>,
    #[schema(minimum = 1, maximum = 6)]
    pub doors: Option<i32>,
    /// Equipment and options.
    #[serde(default)]
    #[schema(schema_with = crate::model::options_schema)]
    pub options: Vec<String>,
    #[schema(max_length = 5000)]
    pub description: Option<String>,
    #[schema(minimum = 0, maximum = 10)]
    pub keys_count: Option<i32>,
    /// Where the vehicle is parked.
    #[schema(max_length = 60)]
    pub lot_location: Option<String>,
    /// The lowest acceptable price, centavos (needs `vehicles.view_minimum_price`).
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10_000_000_000.0)]
    pub min_price_cents: Option<Money>,
    /// When it entered stock (default: now).
    pub entered_at: Option<DateTime<Utc>>,
}

/// The store a vehicle is filed under: it exists, the actor may see it, it is open. A database
/// failure is the database's error, never "no such store".
async fn check_store(tx: &Tx, actor: &Actor, store_id: StoreId) -> Result<Result<(), FieldError>, AppError> {
    Ok(match innexar_org::queries::store_use(tx, actor, store_id).await? {
        StoreUse::Usable => Ok(()),
        StoreUse::Inactive => Err(FieldError::new("/storeId", "vehicles.store_inactive", "this store is inactive")),
        StoreUse::Unknown => Err(FieldError::new("/storeId", "vehicles.unknown_store", "no such store")),
    })
}

/// A friendlier 409 than the unique index gives (it names the vehicle in stock); the index in the
/// database is what keeps two concurrent writes from both passing.
async fn check_unique_identifiers(tx: &Tx, v: &Vehicle) -> Result<(), AppError> {
    if let Some(vin) = &v.vin
        && let Some(other) = store::find_in_stock_by_vin(tx, vin, Some(v.id)).await?
    {
        return Err(store::duplicate_vin(Some(&other.stock_number)));
    }
    if let Some(placa) = &v.placa
        && let Some(other) = store::find_in_stock_by_placa(tx, placa, Some(v.id)).await?
    {
        return Err(store::duplicate_placa(Some(&other.stock_number)));
    }
    Ok(())
}

/// Adds a line to the vehicle's status history (its entry into stock has no `from`).
async fn record_status(
    tx: &Tx,
    v: &Vehicle,
    from: Option<VehicleStatus>,
    note: Option<String>,
) -> Result<(), AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    store::insert_status_change(
        tx,
        store::StatusChange {
            id: new_id(),
            vehicle_id: v.id,
            from_status: from.map(|s| s.as_str().to_string()),
            to_status: v.status.as_str().to_string(),
            note,
            changed_by: actor.id,
            changed_by_email: actor.email.clone(),
            changed_at: now,
        },
    );
    Ok(())
}

/// Adds a line to the vehicle's price history.
async fn record_price(tx: &Tx, v: &Vehicle, previous: Option<Money>) -> Result<(), AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    store::insert_price_change(
        tx,
        store::PriceChange {
            id: new_id(),
            vehicle_id: v.id,
            previous_cents: previous,
            price_cents: v.price,
            changed_by: actor.id,
            changed_by_email: actor.email.clone(),
            changed_at: now,
        },
    );
    Ok(())
}

/// Formats stock number `n` as dealers print it: `E-00042`.
pub fn stock_number(n: i64) -> String {
    format!("E-{n:05}")
}

/// Builds a vehicle from input without touching the database (also used by bulk seeding).
pub fn build_vehicle(input: NewVehicle, stock_number: String, now: DateTime<Utc>) -> Result<Vehicle, AppError> {
    let status = input.status.unwrap_or(VehicleStatus::Available);
    let mut v = Vehicle {
        id: VehicleId::new(),
        stock_number,
        store_id: input.store_id,
        vin: input.vin,
        placa: input.placa,
        // Derived when the row is written.
        placa_key: None,
        make: input.make,
        model: input.model,
        trim: input.trim,
        year: input.year,
        model_year: input.model_year.unwrap_or(input.year),
        color: input.color,
        mileage_km: input.mileage_km,
        fuel: input.fuel,
        transmission: input.transmission,
        condition: input.condition,
        status,
        price: input.price_cents,
        cost: input.cost_cents,
        images: input.images.into(),
        search_text: String::new(),
        version: 1,
        created_at: now,
        updated_at: now,
        status_changed_at: now,
        origin: input.origin.unwrap_or(Origin::Purchase),
        renavam: input.renavam,
        fipe_code: input.fipe_code,
        fipe_value: input.fipe_value_cents,
        fipe_reference_month: input.fipe_reference_month,
        interior_color: input.interior_color,
        doors: input.doors,
        options: input.options.into(),
        description: input.description,
        keys_count: input.keys_count,
        lot_location: input.lot_location,
        min_price: input.min_price_cents,
        entered_at: input.entered_at.unwrap_or(now),
        owner_id: None,
        owned_since: None,
    };
    v.check_new(now)?;
    Ok(v)
}

pub async fn create_vehicle(tx: &Tx, input: NewVehicle) -> Result<Vehicle, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let store_check = check_store(tx, actor, input.store_id).await?;
    let mut v = match build_vehicle(input, String::new(), now) {
        Ok(v) => v,
        Err(mut e) => {
            if let Err(fe) = store_check {
                e.errors.insert(0, fe);
            }
            return Err(e);
        }
    };
    store_check.map_err(|fe| AppError::validation(vec![fe]))?;
    check_unique_identifiers(tx, &v).await?;
    v.stock_number = stock_number(counters::next(tx, counters::STOCK_NUMBER).await?);
    store::insert_vehicle(tx, &v).await?;
    if v.price.is_some() {
        record_price(tx, &v, None).await?;
    }
    record_status(tx, &v, None, None).await?;
    outbox::record(tx, &VehicleEvent::Created(VehicleRef::new(&v, now))).await?;
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.created",
            entity_type: "vehicle",
            entity_id: Some(v.id.uuid()),
            before: None,
            after: Some(&v.audit_view()),
        },
    )
    .await?;
    Ok(v)
}

/// A partial update. Absent fields stay; `null` clears an optional field. The status changes
/// only through `POST /vehicles/{id}/status`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VehiclePatch {
    pub store_id: Option<StoreId>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(schema_with = crate::model::vin_schema)]
    pub vin: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(schema_with = crate::model::placa_schema)]
    pub placa: Option<Option<String>>,
    #[schema(min_length = 1, max_length = 60)]
    pub make: Option<String>,
    #[schema(min_length = 1, max_length = 60)]
    pub model: Option<String>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>, max_length = 120)]
    pub trim: Option<Option<String>>,
    pub year: Option<i32>,
    pub model_year: Option<i32>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub color: Option<Option<String>>,
    #[schema(minimum = 0, maximum = 2_000_000)]
    pub mileage_km: Option<i64>,
    pub fuel: Option<Fuel>,
    pub transmission: Option<Transmission>,
    pub condition: Option<Condition>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10_000_000_000.0)]
    pub price_cents: Option<Option<Money>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10_000_000_000.0)]
    pub cost_cents: Option<Option<Money>>,
    pub images: Option<Vec<String>>,
    pub origin: Option<Origin>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub renavam: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(schema_with = crate::model::fipe_code_schema)]
    pub fipe_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10_000_000_000.0)]
    pub fipe_value_cents: Option<Option<Money>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub fipe_reference_month: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub interior_color: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 6)]
    pub doors: Option<Option<i32>>,
    #[schema(schema_with = crate::model::options_patch_schema)]
    pub options: Option<Vec<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>, max_length = 5000)]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 10)]
    pub keys_count: Option<Option<i32>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>, max_length = 60)]
    pub lot_location: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10_000_000_000.0)]
    pub min_price_cents: Option<Option<Money>>,
    pub entered_at: Option<DateTime<Utc>>,
}

/// What the actor may see and set of a vehicle's money.
#[derive(Debug, Clone, Copy)]
pub struct MoneyAccess {
    pub cost: bool,
    pub minimum_price: bool,
}

/// Loads a vehicle the actor may see, inside the transaction.
pub(crate) async fn load_visible(tx: &Tx, actor: &Actor, id: VehicleId) -> Result<Vehicle, AppError> {
    store::find_vehicle(tx, id)
        .await?
        .filter(|v| actor.can_access_store(v.store_id))
        .ok_or_else(|| AppError::not_found("vehicles.not_found", "no vehicle with this id"))
}

/// 403 for a field the actor may not change, pointing at it (the form and an import's row
/// report show it there).
fn forbidden_field(pointer: &str, detail: &str) -> AppError {
    AppError::forbidden("auth.forbidden", detail).with_errors(vec![FieldError::new(pointer, "auth.forbidden", detail)])
}

fn stale() -> AppError {
    AppError::precondition_failed("the vehicle was changed by someone else; reload and try again")
}

pub async fn update_vehicle(
    tx: &Tx,
    id: VehicleId,
    expected: IfMatch,
    patch: VehiclePatch,
    access: MoneyAccess,
) -> Result<Vehicle, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let before = load_visible(tx, actor, id).await?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    if patch.cost_cents.is_some() && !access.cost {
        return Err(forbidden_field("/costCents", "changing the cost requires the permission vehicles.view_cost"));
    }
    if patch.min_price_cents.is_some() && !access.minimum_price {
        return Err(forbidden_field(
            "/minPriceCents",
            "changing the minimum price requires the permission vehicles.view_minimum_price",
        ));
    }
    let mut v = before.clone();
    // Fields copied as they come; `year` and the money fields follow.
    macro_rules! take {
        ($($field:ident),+ $(,)?) => {
            $( if let Some(x) = patch.$field { v.$field = x.into(); } )+
        };
    }
    take!(
        store_id,
        vin,
        placa,
        make,
        model,
        trim,
        color,
        mileage_km,
        fuel,
        transmission,
        condition,
        images,
        origin,
        renavam,
        fipe_code,
        fipe_reference_month,
        interior_color,
        doors,
        options,
        description,
        keys_count,
        lot_location,
        entered_at,
    );
    if let Some(x) = patch.year {
        v.year = x;
        // A new year of manufacture carries the model year along unless it still fits.
        if patch.model_year.is_none() && v.model_year != x && v.model_year != x + 1 {
            v.model_year = x;
        }
    }
    if let Some(x) = patch.model_year {
        v.model_year = x;
    }
    for (target, value) in [
        (&mut v.price, patch.price_cents),
        (&mut v.cost, patch.cost_cents),
        (&mut v.fipe_value, patch.fipe_value_cents),
        (&mut v.min_price, patch.min_price_cents),
    ] {
        if let Some(amount) = value {
            *target = amount;
        }
    }
    if v.price != before.price && !actor.can(crate::permissions::VEHICLES_CHANGE_PRICE) {
        return Err(forbidden_field(
            "/priceCents",
            "changing the asking price requires the permission vehicles.change_price",
        ));
    }
    let mut errors = v.check(now);
    if v.store_id != before.store_id
        && let Err(fe) = check_store(tx, actor, v.store_id).await?
    {
        errors.insert(0, fe);
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    if v == before {
        return Ok(before);
    }
    if v.vin != before.vin || v.placa != before.placa {
        check_unique_identifiers(tx, &v).await?;
    }
    v.version += 1;
    v.updated_at = now;
    if !store::update_vehicle(tx, &v, before.version).await? {
        return Err(stale());
    }
    if v.make != before.make || v.model != before.model {
        store::remember_names(tx, [&v]).await?;
    }
    outbox::record(tx, &VehicleEvent::Updated(VehicleRef::new(&v, now))).await?;
    if v.price != before.price {
        record_price(tx, &v, before.price).await?;
        let e = PriceChanged {
            vehicle: VehicleRef::new(&v, now),
            previous_price_cents: before.price,
            price_cents: v.price,
        };
        outbox::record(tx, &VehicleEvent::PriceChanged(e)).await?;
    }
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.updated",
            entity_type: "vehicle",
            entity_id: Some(id.uuid()),
            before: Some(&before.audit_view()),
            after: Some(&v.audit_view()),
        },
    )
    .await?;
    Ok(v)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusChange {
    pub status: VehicleStatus,
    /// Why, for the history (e.g. the customer who reserved).
    pub note: Option<String>,
}

/// Moves a vehicle along its lifecycle; an invalid move is a 409 naming the allowed ones.
pub async fn change_status(
    tx: &Tx,
    id: VehicleId,
    expected: IfMatch,
    input: StatusChange,
) -> Result<Vehicle, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let before = load_visible(tx, actor, id).await?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    let note = input.note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(AppError::field("/note", "field.too_long", "use at most 500 characters"));
    }
    if !before.status.can_become_for(before.origin, input.status) {
        let allowed: Vec<&str> = before.status.next_for(before.origin).map(|s| s.as_str()).collect();
        return Err(AppError::conflict(
            "vehicles.invalid_status_transition",
            format!(
                "a vehicle {} cannot become {}; allowed: {}",
                before.status.as_str(),
                input.status.as_str(),
                if allowed.is_empty() { "none".to_string() } else { allowed.join(", ") }
            ),
        ));
    }
    if let Some(needed) = crate::permissions::status_move_permission(before.status, input.status)
        && !actor.can(needed)
    {
        return Err(AppError::forbidden(
            "auth.forbidden",
            format!("this move requires the permission {}", needed.name),
        ));
    }
    if deal_status(before.status, input.status) {
        return Err(AppError::conflict(
            "vehicles.status_set_by_deal",
            "a vehicle is reserved through its reservations and sold or given back through its sale",
        ));
    }
    let mut v = before.clone();
    v.status = input.status;
    v.status_changed_at = now;
    v.version += 1;
    v.updated_at = now;
    if !store::update_vehicle(tx, &v, before.version).await? {
        return Err(stale());
    }
    record_status(tx, &v, Some(before.status), note.clone()).await?;
    let e = StatusChanged {
        vehicle: VehicleRef::new(&v, now),
        from: before.status,
        to: v.status,
        note: note.clone(),
        changed_by: actor.id,
    };
    outbox::record(tx, &VehicleEvent::StatusChanged(e)).await?;
    let mut after_view = v.audit_view();
    after_view["note"] = json!(note);
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.status_changed",
            entity_type: "vehicle",
            entity_id: Some(id.uuid()),
            before: Some(&before.audit_view()),
            after: Some(&after_view),
        },
    )
    .await?;
    Ok(v)
}

/// Whether a move into or out of `reserved` is asked of the generic status change: the sales
/// desk's reservations own that status (ADR 0025), so the record of who holds the car and until
/// when cannot disagree with the vehicle.
pub(crate) fn deal_status(from: VehicleStatus, to: VehicleStatus) -> bool {
    use VehicleStatus::*;
    matches!(to, Reserved | Sold) || from == Reserved || (from, to) == (Sold, Available)
}

/// Removes a vehicle entered by mistake. Vehicles that were sold stay for the records.
pub async fn delete_vehicle(tx: &Tx, id: VehicleId, expected: IfMatch) -> Result<(), AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let before = load_visible(tx, actor, id).await?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    if matches!(before.status, VehicleStatus::Sold | VehicleStatus::Delivered | VehicleStatus::Reserved) {
        return Err(AppError::conflict(
            "vehicles.cannot_delete",
            format!("a {} vehicle is part of a deal and cannot be deleted", before.status.as_str()),
        ));
    }
    if !store::delete_vehicle(tx, id, before.version).await? {
        return Err(stale());
    }
    outbox::record(tx, &VehicleEvent::Deleted(VehicleRef::new(&before, now))).await?;
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.deleted",
            entity_type: "vehicle",
            entity_id: Some(id.uuid()),
            before: Some(&before.audit_view()),
            after: None,
        },
    )
    .await?;
    Ok(())
}
