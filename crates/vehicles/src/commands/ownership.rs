//! Who owns a vehicle (ADR 0022). A vehicle is one record through its life: the car sold from
//! stock becomes its buyer's, and a customer's own car (registered in the CRM, brought in for
//! service or appraised as a trade-in) is found by VIN or placa before a record is made for it.
//! The CRM, sales and the workshop call these with a customer they have already checked.

use chrono::Datelike;
use innexar_db::{Tx, audit, counters};
use innexar_kernel::{AppError, CustomerId, FieldError, StoreId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{NewVehicle, build_vehicle, check_store, record_status};
use crate::identifiers;
use crate::model::{Condition, Fuel, Origin, Transmission, Vehicle, VehicleStatus};
use crate::store;

/// A customer's own car as the desk registers it: what identifies it and what describes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerVehicle {
    /// The store registering it; defaults to the customer's.
    pub store_id: Option<StoreId>,
    #[schema(schema_with = crate::model::vin_schema)]
    pub vin: Option<String>,
    #[schema(schema_with = crate::model::placa_schema)]
    pub placa: Option<String>,
    #[schema(max_length = 60)]
    pub make: String,
    #[schema(max_length = 60)]
    pub model: String,
    #[schema(max_length = 120)]
    pub trim: Option<String>,
    pub year: i32,
    pub model_year: Option<i32>,
    #[schema(max_length = 40)]
    pub color: Option<String>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 2_000_000)]
    pub mileage_km: i64,
    /// Defaults to `flex`.
    pub fuel: Option<Fuel>,
    /// Defaults to `manual`.
    pub transmission: Option<Transmission>,
    pub renavam: Option<String>,
}

/// Formats a customer vehicle's number: `C-00042`.
pub fn customer_vehicle_number(n: i64) -> String {
    format!("C-{n:05}")
}

/// Makes `owner` the owner of the vehicle with this VIN or placa (either format), or registers
/// it as their own car. Returns the vehicle and whether it is a new record. A car still in the
/// dealer's stock cannot be a customer's (409 `vehicles.in_dealer_stock`).
pub async fn register_customer_vehicle(
    tx: &Tx,
    owner: CustomerId,
    default_store: StoreId,
    input: CustomerVehicle,
) -> Result<(Vehicle, bool), AppError> {
    let now = tx.now();
    let (vin, placa) = identifiers_of(&input, now.year())?;
    if let Some(found) = find_existing(tx, vin.as_deref(), placa.as_deref()).await? {
        return Ok((take_ownership(tx, found, owner).await?, false));
    }
    let store_id = input.store_id.unwrap_or(default_store);
    let store_check = check_store(tx, tx.actor(), store_id).await?;
    let new = NewVehicle {
        store_id,
        vin,
        placa,
        make: input.make,
        model: input.model,
        trim: input.trim,
        year: input.year,
        model_year: input.model_year,
        color: input.color,
        mileage_km: input.mileage_km,
        fuel: input.fuel.unwrap_or(Fuel::Flex),
        transmission: input.transmission.unwrap_or(Transmission::Manual),
        condition: Condition::Used,
        // Checked as a car entering stock would be; its status is set below.
        status: Some(VehicleStatus::Available),
        price_cents: None,
        cost_cents: None,
        images: Vec::new(),
        origin: Some(Origin::Customer),
        renavam: input.renavam,
        fipe_code: None,
        fipe_value_cents: None,
        fipe_reference_month: None,
        interior_color: None,
        doors: None,
        options: Vec::new(),
        description: None,
        keys_count: None,
        lot_location: None,
        min_price_cents: None,
        entered_at: None,
    };
    let mut v = match build_vehicle(new, String::new(), now) {
        Ok(v) => v,
        Err(mut e) => {
            if let Err(fe) = store_check {
                e.errors.insert(0, fe);
            }
            return Err(e);
        }
    };
    store_check.map_err(|fe| AppError::validation(vec![fe]))?;
    v.status = VehicleStatus::CustomerOwned;
    v.owner_id = Some(owner);
    v.owned_since = Some(now);
    v.stock_number = customer_vehicle_number(counters::next(tx, counters::CUSTOMER_VEHICLE_NUMBER).await?);
    // Two desks registering the same car at once: the unique index refuses the second insert,
    // which then finds the first one's record and links to it.
    let savepoint = tx.savepoint().await?;
    match store::insert_vehicle(&savepoint, &v).await {
        Ok(()) => savepoint.commit().await?,
        Err(e) if matches!(e.code, "vehicles.duplicate_vin" | "vehicles.duplicate_placa") => {
            savepoint.rollback().await?;
            let found = find_existing(tx, v.vin.as_deref(), v.placa.as_deref()).await?.ok_or(e)?;
            return Ok((take_ownership(tx, found, owner).await?, false));
        }
        Err(e) => return Err(e),
    }
    record_status(tx, &v, None, None).await?;
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.customer_vehicle_registered",
            entity_type: "vehicle",
            entity_id: Some(v.id.uuid()),
            before: None,
            after: Some(&v.audit_view()),
        },
    )
    .await?;
    Ok((v, true))
}

/// The VIN and placa, normalised; at least one is needed to know the car again.
fn identifiers_of(input: &CustomerVehicle, this_year: i32) -> Result<(Option<String>, Option<String>), AppError> {
    let mut errors = Vec::new();
    let vin = match input.vin.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => identifiers::parse_vin(raw, this_year).map(|v| Some(v.value)).unwrap_or_else(|bad| {
            errors.push(FieldError::new("/vin", bad.code, bad.message));
            None
        }),
        None => None,
    };
    let placa = match input.placa.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => identifiers::parse_placa(raw).map(|(p, _)| Some(p)).unwrap_or_else(|bad| {
            errors.push(FieldError::new("/placa", bad.code, bad.message));
            None
        }),
        None => None,
    };
    if errors.is_empty() && vin.is_none() && placa.is_none() {
        errors.push(FieldError::new(
            "/placa",
            "vehicles.identifier_required",
            "a customer's vehicle needs its placa or VIN, to be known again",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    Ok((vin, placa))
}

/// The record of this car, by VIN first (a placa changes hands more rarely, but it can be
/// misread), then by placa in either format.
async fn find_existing(tx: &Tx, vin: Option<&str>, placa: Option<&str>) -> Result<Option<Vehicle>, AppError> {
    if let Some(vin) = vin
        && let Some(v) = store::find_latest_by_identifier(tx, store::Identifier::Vin(vin)).await?
    {
        return Ok(Some(v));
    }
    match placa {
        Some(p) => store::find_latest_by_identifier(tx, store::Identifier::Placa(p)).await,
        None => Ok(None),
    }
}

async fn take_ownership(tx: &Tx, before: Vehicle, owner: CustomerId) -> Result<Vehicle, AppError> {
    if before.status.is_in_stock() {
        return Err(in_dealer_stock(&before));
    }
    if before.owner_id == Some(owner) {
        return Ok(before);
    }
    // Not conditional on the version: whoever registers the car last is its owner, as the
    // desks that registered it would expect; only a car that entered stock meanwhile is refused.
    let after =
        store::set_owner(tx, before.id, Some(owner), None, tx.now()).await?.ok_or_else(|| in_dealer_stock(&before))?;
    record_owner_change(tx, &before, &after).await?;
    Ok(after)
}

fn in_dealer_stock(v: &Vehicle) -> AppError {
    AppError::conflict(
        "vehicles.in_dealer_stock",
        format!("vehicle {} with this placa or VIN is in the dealer's stock", v.stock_number),
    )
}

async fn record_owner_change(tx: &Tx, before: &Vehicle, after: &Vehicle) -> Result<(), AppError> {
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.owner_changed",
            entity_type: "vehicle",
            entity_id: Some(after.id.uuid()),
            before: Some(&serde_json::json!({ "ownerId": before.owner_id, "ownedSince": before.owned_since })),
            after: Some(&serde_json::json!({ "ownerId": after.owner_id, "ownedSince": after.owned_since })),
        },
    )
    .await?;
    Ok(())
}

/// `owner` no longer owns vehicle `id` (sold it, or it was linked by mistake).
pub async fn release_customer_vehicle(
    tx: &Tx,
    owner: CustomerId,
    id: crate::ids::VehicleId,
) -> Result<Vehicle, AppError> {
    let before = store::find_vehicle(tx, id)
        .await?
        .filter(|v| v.owner_id == Some(owner))
        .ok_or_else(|| AppError::not_found("vehicles.not_found", "this customer owns no vehicle with this id"))?;
    let after = store::set_owner(tx, id, None, Some(owner), tx.now())
        .await?
        .ok_or_else(|| AppError::not_found("vehicles.not_found", "this customer owns no vehicle with this id"))?;
    record_owner_change(tx, &before, &after).await?;
    Ok(after)
}

/// Every vehicle `from` owns passes to `to` (a merge of two records of one customer), keeping
/// the date each was acquired. Returns how many moved.
pub async fn move_owned_vehicles(tx: &Tx, from: CustomerId, to: CustomerId) -> Result<u64, AppError> {
    store::move_owner(tx, from, to, tx.now()).await
}
