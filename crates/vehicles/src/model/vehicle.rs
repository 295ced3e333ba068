//! The vehicle record and the rules every saved vehicle keeps.

use chrono::{DateTime, Datelike, Utc};
use innexar_kernel::{AppError, FieldError, Money, validate};
use serde::Serialize;

use super::{Condition, Fuel, Origin, Transmission, VehicleStatus, fold};
use crate::identifiers;

/// R$ 100.000.000,00: far above any vehicle, far below overflow.
pub const MAX_CENTAVOS: i64 = 10_000_000_000;

pub use entity::Model as Vehicle;

/// The vehicle record is its row, read and written by sea-orm as it is (`store` brings the
/// derived columns up to date on every write). Serialised, it is the record's data under the
/// API's field names, without its id, version, timestamps and derived columns: the audit log's
/// view of the vehicle, and the body of the API's `VehicleView`, which adds those.
pub mod entity {
    use super::{Condition, Fuel, Origin, TextList, Transmission, VehicleStatus};
    use crate::ids::VehicleId;
    use innexar_kernel::{CustomerId, Money, StoreId};
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    /// A vehicle's record.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "inventory_vehicles")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = VehicleRecord)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        #[serde(skip)]
        pub id: VehicleId,
        /// Per-tenant stock number, e.g. `E-00042`.
        pub stock_number: String,
        pub store_id: StoreId,
        pub vin: Option<String>,
        pub placa: Option<String>,
        /// Both forms of the plate under one key, so the database keeps placas unique in stock.
        /// Derived from `placa` when the row is written.
        #[serde(skip)]
        pub placa_key: Option<String>,
        pub make: String,
        pub model: String,
        pub trim: Option<String>,
        pub year: i32,
        pub model_year: i32,
        pub color: Option<String>,
        pub mileage_km: i64,
        pub fuel: Fuel,
        pub transmission: Transmission,
        pub condition: Condition,
        pub status: VehicleStatus,
        /// Asking price in centavos.
        #[sea_orm(column_name = "price_cents")]
        #[serde(rename = "priceCents")]
        pub price: Option<Money>,
        /// Acquisition cost in centavos; in the API, present only with the `vehicles.view_cost`
        /// permission.
        #[sea_orm(column_name = "cost_cents")]
        #[serde(rename = "costCents", skip_serializing_if = "Option::is_none")]
        pub cost: Option<Money>,
        #[schema(value_type = Vec<String>)]
        pub images: TextList,
        /// What text search looks in ([`Vehicle::searchable_text`]), derived when the row is written.
        #[serde(skip)]
        pub search_text: String,
        #[sea_orm(column_name = "row_version")]
        #[serde(skip)]
        pub version: i64,
        #[serde(skip)]
        pub created_at: DateTimeUtc,
        #[serde(skip)]
        pub updated_at: DateTimeUtc,
        #[serde(skip)]
        pub status_changed_at: DateTimeUtc,
        pub origin: Origin,
        pub renavam: Option<String>,
        pub fipe_code: Option<String>,
        #[sea_orm(column_name = "fipe_value_cents")]
        #[serde(rename = "fipeValueCents")]
        pub fipe_value: Option<Money>,
        /// `YYYY-MM` of the FIPE table the value was read from.
        pub fipe_reference_month: Option<String>,
        pub interior_color: Option<String>,
        pub doors: Option<i32>,
        /// Equipment and options ("ar-condicionado", "teto solar").
        #[schema(value_type = Vec<String>)]
        pub options: TextList,
        pub description: Option<String>,
        pub keys_count: Option<i32>,
        /// Where it is parked ("Pátio B, vaga 12").
        pub lot_location: Option<String>,
        /// Lowest acceptable price, centavos; in the API, present only with
        /// `vehicles.view_minimum_price`.
        #[sea_orm(column_name = "min_price_cents")]
        #[serde(rename = "minPriceCents", skip_serializing_if = "Option::is_none")]
        pub min_price: Option<Money>,
        /// When the vehicle entered stock; days in stock count from here.
        pub entered_at: chrono::DateTime<chrono::Utc>,
        /// The customer who owns it: the buyer of a car sold from stock, or the customer whose
        /// own car was registered (status `customer_owned`). None while it is the dealer's.
        #[schema(value_type = Option<uuid::Uuid>)]
        pub owner_id: Option<CustomerId>,
        /// Since when `ownerId` owns it.
        pub owned_since: Option<chrono::DateTime<chrono::Utc>>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A list of short texts kept as a JSON array (image URLs, equipment).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, sea_orm::FromJsonQueryResult)]
#[serde(transparent)]
pub struct TextList(pub Vec<String>);

impl std::ops::Deref for TextList {
    type Target = Vec<String>;
    fn deref(&self) -> &Vec<String> {
        &self.0
    }
}

impl From<Vec<String>> for TextList {
    fn from(v: Vec<String>) -> Self {
        TextList(v)
    }
}

impl Vehicle {
    /// What text search looks in: make, model, trim, placa in both formats (a customer may read
    /// the old plate off a document and the Mercosul one off the car), VIN, stock number, colour.
    pub fn searchable_text(&self) -> String {
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

    /// Checks every field, normalising what it may (placa, VIN, FIPE code, options), and
    /// returns all problems at once.
    pub fn check(&mut self, now: DateTime<Utc>) -> Vec<FieldError> {
        check_vehicle(self, now)
    }

    /// The checks of a vehicle entering stock: every field, and a status it may enter in.
    pub fn check_new(&mut self, now: DateTime<Utc>) -> Result<(), AppError> {
        let mut errors = check_vehicle(self, now);
        if !self.status.is_initial() {
            errors.push(FieldError::new(
                "/status",
                "vehicles.invalid_initial_status",
                "a vehicle enters stock as in_transit, in_preparation or available",
            ));
        }
        if errors.is_empty() { Ok(()) } else { Err(AppError::validation(errors)) }
    }

    /// The fields the audit log records.
    pub fn audit_view(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
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
    // In i64: a year of i32::MAX must be refused, not overflow.
    if v.model_year != v.year && i64::from(v.model_year) != i64::from(v.year) + 1 {
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
    // Blank is none, as for every optional text of the record.
    v.fipe_reference_month = v.fipe_reference_month.take().filter(|m| !m.trim().is_empty());
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
    v.options = options.into();
    if let (Some(min), Some(price)) = (v.min_price, v.price)
        && min > price
    {
        e.push(FieldError::new(
            "/minPriceCents",
            "vehicles.minimum_above_price",
            "the minimum price is above the asking price",
        ));
    }
    validate::business_date(&mut e, "/enteredAt", v.entered_at.date_naive());
    if v.entered_at > now + chrono::Duration::minutes(5) {
        e.push(FieldError::new("/enteredAt", "vehicles.entry_in_future", "the entry date is in the future"));
    }
    if v.images.len() > 50 {
        e.push(FieldError::new("/images", "vehicles.too_many_images", "at most 50 images"));
    }
    for (i, url) in v.images.iter().enumerate() {
        if !validate::image_url(url) {
            e.push(FieldError::new(
                format!("/images/{i}"),
                "vehicles.invalid_image_url",
                "an image is an http(s) URL or a path",
            ));
        }
    }
    e
}
