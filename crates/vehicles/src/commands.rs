//! Use cases that change vehicles. Each records its audit entry and its outbox events in the
//! caller's transaction, as the transaction's actor at its time.

use chrono::{DateTime, Datelike, Utc};
use innexar_db::{Tx, audit, counters, outbox};
use innexar_kernel::{Actor, AppError, FieldError, Money, StoreId, new_id, validate};
use innexar_org::queries::StoreUse;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::events::{ExpenseRecorded, PriceChanged, StatusChanged, VehicleEvent, VehicleRef};
use crate::identifiers;
use crate::model::{Condition, Fuel, Origin, Transmission, VehicleStatus};
use crate::store::{self, Vehicle};

/// R$ 100.000.000,00: far above any vehicle, far below overflow.
const MAX_CENTAVOS: i64 = 10_000_000_000;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewVehicle {
    pub store_id: StoreId,
    /// Chassi, 17 characters.
    pub vin: Option<String>,
    /// `ABC1234` or Mercosul `ABC1D23`; hyphen optional. New cars usually have none yet.
    pub placa: Option<String>,
    pub make: String,
    pub model: String,
    /// Versão, e.g. `1.0 TSI Highline`.
    pub trim: Option<String>,
    /// Ano de fabricação.
    pub year: i32,
    /// Ano modelo: the year of manufacture or the next; defaults to the year of manufacture.
    pub model_year: Option<i32>,
    pub color: Option<String>,
    #[serde(default)]
    pub mileage_km: i64,
    pub fuel: Fuel,
    pub transmission: Transmission,
    pub condition: Condition,
    /// `in_transit`, `in_preparation` or `available` (default).
    pub status: Option<VehicleStatus>,
    /// Asking price in centavos.
    pub price_cents: Option<i64>,
    /// Acquisition cost in centavos.
    pub cost_cents: Option<i64>,
    #[serde(default)]
    pub images: Vec<String>,
    /// `purchase` (default), `trade_in`, `consignment` or `factory`.
    pub origin: Option<Origin>,
    /// 11 digits (9 or 10 in older documents).
    pub renavam: Option<String>,
    /// FIPE table code, `NNNNNN-N`.
    pub fipe_code: Option<String>,
    pub fipe_value_cents: Option<i64>,
    /// `YYYY-MM` of the FIPE table read.
    pub fipe_reference_month: Option<String>,
    pub interior_color: Option<String>,
    pub doors: Option<i32>,
    /// Equipment and options.
    #[serde(default)]
    pub options: Vec<String>,
    pub description: Option<String>,
    pub keys_count: Option<i32>,
    /// Where the vehicle is parked.
    pub lot_location: Option<String>,
    /// The lowest acceptable price, centavos (needs `vehicles.view_minimum_price`).
    pub min_price_cents: Option<i64>,
    /// When it entered stock (default: now).
    pub entered_at: Option<DateTime<Utc>>,
}

/// `005340-6` from `0053406` or `005340-6`.
fn normalize_fipe_code(code: &str) -> Option<String> {
    let digits: String = code.trim().chars().filter(|c| *c != '-').collect();
    (digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}", &digits[..6], &digits[6..]))
}

/// `YYYY-MM`, from 2000 to next year.
fn is_month(m: &str, this_year: i32) -> bool {
    let b = m.as_bytes();
    if b.len() != 7 || b[4] != b'-' {
        return false;
    }
    matches!((m[..4].parse::<i32>(), m[5..].parse::<u32>()), (Ok(y), Ok(mo)) if (2000..=this_year + 1).contains(&y) && (1..=12).contains(&mo))
}

/// Checks every field of a vehicle, returning all problems at once.
fn check_vehicle(v: &mut Vehicle, now: DateTime<Utc>) -> Vec<FieldError> {
    let mut e = Vec::new();
    let this_year = now.year();
    v.make = validate::text(&mut e, "/make", Some(v.make.clone()), 60, true).unwrap_or_default();
    v.model = validate::text(&mut e, "/model", Some(v.model.clone()), 60, true).unwrap_or_default();
    v.trim = validate::text(&mut e, "/trim", v.trim.clone(), 120, false);
    v.color = validate::text(&mut e, "/color", v.color.clone(), 40, false);
    if let Some(raw) = v.vin.clone().filter(|s| !s.trim().is_empty()) {
        match identifiers::parse_vin(&raw, this_year) {
            Ok(vin) => v.vin = Some(vin.value),
            Err(bad) => e.push(FieldError::new("/vin", bad.code, bad.message)),
        }
    } else {
        v.vin = None;
    }
    if let Some(raw) = v.placa.clone().filter(|s| !s.trim().is_empty()) {
        match identifiers::parse_placa(&raw) {
            Ok((placa, _)) => v.placa = Some(placa),
            Err(bad) => e.push(FieldError::new("/placa", bad.code, bad.message)),
        }
    } else {
        v.placa = None;
    }
    if !(1950..=this_year + 1).contains(&v.year) {
        e.push(FieldError::new(
            "/year",
            "vehicles.invalid_year",
            format!("the year must be between 1950 and {}", this_year + 1),
        ));
    }
    if v.model_year != v.year && v.model_year != v.year + 1 {
        e.push(FieldError::new(
            "/modelYear",
            "vehicles.invalid_model_year",
            "the model year is the year of manufacture or the next",
        ));
    }
    if !(0..=2_000_000).contains(&v.mileage_km) {
        e.push(FieldError::new("/mileageKm", "vehicles.invalid_mileage", "mileage must be between 0 and 2,000,000 km"));
    }
    for (pointer, value) in [
        ("/priceCents", v.price),
        ("/costCents", v.cost),
        ("/minPriceCents", v.min_price),
        ("/fipeValueCents", v.fipe_value),
    ] {
        if let Some(Money(c)) = value
            && !(0..=MAX_CENTAVOS).contains(&c)
        {
            e.push(FieldError::new(
                pointer,
                "vehicles.invalid_amount",
                "amounts are centavos between 0 and 10,000,000,000",
            ));
        }
    }
    v.interior_color = validate::text(&mut e, "/interiorColor", v.interior_color.clone(), 40, false);
    v.description = validate::text(&mut e, "/description", v.description.clone(), 5000, false);
    v.lot_location = validate::text(&mut e, "/lotLocation", v.lot_location.clone(), 60, false);
    if let Some(raw) = v.renavam.clone().filter(|s| !s.trim().is_empty()) {
        match identifiers::parse_renavam(&raw) {
            Ok(r) => v.renavam = Some(r),
            Err(bad) => e.push(FieldError::new("/renavam", bad.code, bad.message)),
        }
    } else {
        v.renavam = None;
    }
    if let Some(raw) = v.fipe_code.clone().filter(|s| !s.trim().is_empty()) {
        match normalize_fipe_code(&raw) {
            Some(c) => v.fipe_code = Some(c),
            None => e.push(FieldError::new(
                "/fipeCode",
                "vehicles.invalid_fipe_code",
                "a FIPE code is NNNNNN-N, e.g. 005340-6",
            )),
        }
    } else {
        v.fipe_code = None;
    }
    if let Some(m) = v.fipe_reference_month.clone() {
        if !is_month(m.trim(), this_year) {
            e.push(FieldError::new(
                "/fipeReferenceMonth",
                "vehicles.invalid_month",
                "the FIPE reference month is YYYY-MM",
            ));
        }
        v.fipe_reference_month = Some(m.trim().to_string());
    }
    if v.doors.is_some_and(|d| !(1..=6).contains(&d)) {
        e.push(FieldError::new("/doors", "vehicles.invalid_doors", "doors are between 1 and 6"));
    }
    if v.keys_count.is_some_and(|k| !(0..=10).contains(&k)) {
        e.push(FieldError::new("/keysCount", "vehicles.invalid_keys_count", "keys are between 0 and 10"));
    }
    let mut options: Vec<String> = Vec::new();
    for (i, o) in v.options.iter().enumerate() {
        let o = o.trim();
        if o.is_empty() || o.chars().count() > 80 {
            e.push(FieldError::new(
                format!("/options/{i}"),
                "vehicles.invalid_option",
                "an option has 1 to 80 characters",
            ));
        } else if !options.iter().any(|x| x.eq_ignore_ascii_case(o)) {
            options.push(o.to_string());
        }
    }
    if options.len() > 100 {
        e.push(FieldError::new("/options", "vehicles.too_many_options", "at most 100 options"));
    }
    v.options = options;
    if let (Some(min), Some(price)) = (v.min_price, v.price)
        && min > price
    {
        e.push(FieldError::new(
            "/minPriceCents",
            "vehicles.minimum_above_price",
            "the minimum price is above the asking price",
        ));
    }
    if v.entered_at > now + chrono::Duration::minutes(5) {
        e.push(FieldError::new("/enteredAt", "vehicles.entry_in_future", "the entry date is in the future"));
    }
    if v.images.len() > 50 {
        e.push(FieldError::new("/images", "vehicles.too_many_images", "at most 50 images"));
    }
    for (i, url) in v.images.iter().enumerate() {
        if url.len() > 2048 || !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with("/")) {
            e.push(FieldError::new(
                format!("/images/{i}"),
                "vehicles.invalid_image_url",
                "an image is an http(s) URL or a path",
            ));
        }
    }
    e
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
    )
    .await
}

/// Adds a line to the vehicle's price history.
async fn record_price(tx: &Tx, v: &Vehicle, previous: Option<Money>) -> Result<(), AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    store::insert_price_change(
        tx,
        store::PriceChange {
            id: new_id(),
            vehicle_id: v.id,
            previous_cents: previous.map(Money::centavos),
            price_cents: v.price.map(Money::centavos),
            changed_by: actor.id,
            changed_by_email: actor.email.clone(),
            changed_at: now,
        },
    )
    .await
}

/// Formats stock number `n` as dealers print it: `E-00042`.
pub fn stock_number(n: i64) -> String {
    format!("E-{n:05}")
}

/// Builds a vehicle from input without touching the database (also used by bulk seeding).
pub fn build_vehicle(input: NewVehicle, stock_number: String, now: DateTime<Utc>) -> Result<Vehicle, AppError> {
    let status = input.status.unwrap_or(VehicleStatus::Available);
    let mut v = Vehicle {
        id: new_id(),
        stock_number,
        store_id: input.store_id,
        vin: input.vin,
        placa: input.placa,
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
        price: input.price_cents.map(Money),
        cost: input.cost_cents.map(Money),
        images: input.images,
        version: 1,
        created_at: now,
        updated_at: now,
        status_changed_at: now,
        origin: input.origin.unwrap_or(Origin::Purchase),
        renavam: input.renavam,
        fipe_code: input.fipe_code,
        fipe_value: input.fipe_value_cents.map(Money),
        fipe_reference_month: input.fipe_reference_month,
        interior_color: input.interior_color,
        doors: input.doors,
        options: input.options,
        description: input.description,
        keys_count: input.keys_count,
        lot_location: input.lot_location,
        min_price: input.min_price_cents.map(Money),
        entered_at: input.entered_at.unwrap_or(now),
    };
    let mut errors = check_vehicle(&mut v, now);
    if !status.is_initial() {
        errors.push(FieldError::new(
            "/status",
            "vehicles.invalid_initial_status",
            "a vehicle enters stock as in_transit, in_preparation or available",
        ));
    }
    if errors.is_empty() { Ok(v) } else { Err(AppError::validation(errors)) }
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
    v.stock_number = stock_number(counters::next(tx, "inventory.stock_number").await?);
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
            entity_id: Some(v.id),
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
    #[schema(value_type = Option<String>)]
    pub vin: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub placa: Option<Option<String>>,
    pub make: Option<String>,
    pub model: Option<String>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub trim: Option<Option<String>>,
    pub year: Option<i32>,
    pub model_year: Option<i32>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub color: Option<Option<String>>,
    pub mileage_km: Option<i64>,
    pub fuel: Option<Fuel>,
    pub transmission: Option<Transmission>,
    pub condition: Option<Condition>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i64>)]
    pub price_cents: Option<Option<i64>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i64>)]
    pub cost_cents: Option<Option<i64>>,
    pub images: Option<Vec<String>>,
    pub origin: Option<Origin>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub renavam: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub fipe_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i64>)]
    pub fipe_value_cents: Option<Option<i64>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub fipe_reference_month: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub interior_color: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i32>)]
    pub doors: Option<Option<i32>>,
    pub options: Option<Vec<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i32>)]
    pub keys_count: Option<Option<i32>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<String>)]
    pub lot_location: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    #[schema(value_type = Option<i64>)]
    pub min_price_cents: Option<Option<i64>>,
    pub entered_at: Option<DateTime<Utc>>,
}

/// What the actor may see and set of a vehicle's money.
#[derive(Debug, Clone, Copy)]
pub struct MoneyAccess {
    pub cost: bool,
    pub minimum_price: bool,
}

/// Loads a vehicle the actor may see, inside the transaction.
pub(crate) async fn load_visible(tx: &Tx, actor: &Actor, id: Uuid) -> Result<Vehicle, AppError> {
    store::find_vehicle(tx, id)
        .await?
        .filter(|v| actor.can_access_store(v.store_id))
        .ok_or_else(|| AppError::not_found("vehicles.not_found", "no vehicle with this id"))
}

fn stale() -> AppError {
    AppError::precondition_failed("the vehicle was changed by someone else; reload and try again")
}

pub async fn update_vehicle(
    tx: &Tx,
    id: Uuid,
    expected: i64,
    patch: VehiclePatch,
    access: MoneyAccess,
) -> Result<Vehicle, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let before = load_visible(tx, actor, id).await?;
    if before.version != expected {
        return Err(stale());
    }
    if patch.cost_cents.is_some() && !access.cost {
        return Err(AppError::forbidden(
            "auth.forbidden",
            "changing the cost requires the permission vehicles.view_cost",
        ));
    }
    if patch.min_price_cents.is_some() && !access.minimum_price {
        return Err(AppError::forbidden(
            "auth.forbidden",
            "changing the minimum price requires the permission vehicles.view_minimum_price",
        ));
    }
    let mut v = before.clone();
    // Fields copied as they come; `year` and the money fields follow.
    macro_rules! take {
        ($($field:ident),+ $(,)?) => {
            $( if let Some(x) = patch.$field { v.$field = x; } )+
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
        if let Some(cents) = value {
            *target = cents.map(Money);
        }
    }
    let mut errors = check_vehicle(&mut v, now);
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
    if !store::update_vehicle(tx, &v, expected).await? {
        return Err(stale());
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
            entity_id: Some(id),
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
pub async fn change_status(tx: &Tx, id: Uuid, expected: Option<i64>, input: StatusChange) -> Result<Vehicle, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let before = load_visible(tx, actor, id).await?;
    if expected.is_some_and(|e| e != before.version) {
        return Err(stale());
    }
    let note = input.note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(AppError::field("/note", "field.too_long", "use at most 500 characters"));
    }
    if !before.status.can_become(input.status) {
        let allowed: Vec<&str> = before.status.next().iter().map(|s| s.as_str()).collect();
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
            entity_id: Some(id),
            before: Some(&before.audit_view()),
            after: Some(&after_view),
        },
    )
    .await?;
    Ok(v)
}

/// Removes a vehicle entered by mistake. Vehicles that were sold stay for the records.
pub async fn delete_vehicle(tx: &Tx, id: Uuid, expected: i64) -> Result<(), AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let before = load_visible(tx, actor, id).await?;
    if before.version != expected {
        return Err(stale());
    }
    if matches!(before.status, VehicleStatus::Sold | VehicleStatus::Delivered | VehicleStatus::Reserved) {
        return Err(AppError::conflict(
            "vehicles.cannot_delete",
            format!("a {} vehicle is part of a deal and cannot be deleted", before.status.as_str()),
        ));
    }
    if !store::delete_vehicle(tx, id, expected).await? {
        return Err(stale());
    }
    outbox::record(tx, &VehicleEvent::Deleted(VehicleRef::new(&before, now))).await?;
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.deleted",
            entity_type: "vehicle",
            entity_id: Some(id),
            before: Some(&before.audit_view()),
            after: None,
        },
    )
    .await?;
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewExpense {
    /// The day it was spent, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub spent_on: chrono::NaiveDate,
    /// What was done ("polimento", "troca de pneus").
    pub description: String,
    pub supplier: Option<String>,
    /// Centavos, more than zero.
    pub amount_cents: i64,
}

/// Records a reconditioning expense on a vehicle in stock.
pub async fn add_expense(tx: &Tx, vehicle_id: Uuid, input: NewExpense) -> Result<store::Expense, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let v = load_visible(tx, actor, vehicle_id).await?;
    let mut errors = Vec::new();
    let description =
        validate::text(&mut errors, "/description", Some(input.description), 200, true).unwrap_or_default();
    let supplier = validate::text(&mut errors, "/supplier", input.supplier, 120, false);
    if !(1..=MAX_CENTAVOS).contains(&input.amount_cents) {
        errors.push(FieldError::new(
            "/amountCents",
            "vehicles.invalid_amount",
            "the amount is more than zero, in centavos",
        ));
    }
    if input.spent_on > now.date_naive() + chrono::Duration::days(1) {
        errors.push(FieldError::new("/spentOn", "vehicles.expense_in_future", "the expense date is in the future"));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    if !v.status.is_in_stock() {
        return Err(AppError::conflict("vehicles.not_in_stock", "expenses are recorded while the vehicle is in stock"));
    }
    let expense = store::Expense {
        id: new_id(),
        vehicle_id,
        spent_on: input.spent_on,
        description,
        supplier,
        amount_cents: input.amount_cents,
        created_by: actor.id,
        created_at: now,
    };
    store::insert_expense(tx, expense.clone()).await?;
    let e = ExpenseRecorded {
        vehicle: VehicleRef::new(&v, now),
        expense_id: expense.id,
        amount_cents: Money(expense.amount_cents),
    };
    outbox::record(tx, &VehicleEvent::ExpenseRecorded(e)).await?;
    let after = expense_audit_view(&expense);
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.expense_recorded",
            entity_type: "vehicle_expense",
            entity_id: Some(expense.id),
            before: None,
            after: Some(&after),
        },
    )
    .await?;
    Ok(expense)
}

/// Removes an expense recorded by mistake.
pub async fn delete_expense(tx: &Tx, vehicle_id: Uuid, expense_id: Uuid) -> Result<(), AppError> {
    let actor = tx.actor();
    load_visible(tx, actor, vehicle_id).await?;
    let e = store::find_expense(tx, vehicle_id, expense_id)
        .await?
        .ok_or_else(|| AppError::not_found("vehicles.expense_not_found", "no such expense on this vehicle"))?;
    store::delete_expense(tx, e.id).await?;
    let before = expense_audit_view(&e);
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.expense_deleted",
            entity_type: "vehicle_expense",
            entity_id: Some(e.id),
            before: Some(&before),
            after: None,
        },
    )
    .await?;
    Ok(())
}

fn expense_audit_view(e: &store::Expense) -> serde_json::Value {
    json!({"spentOn": e.spent_on, "description": e.description, "supplier": e.supplier, "amountCents": e.amount_cents})
}
