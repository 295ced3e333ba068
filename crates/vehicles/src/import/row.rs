//! One spreadsheet row: its cells read into values, then applied as the create or update the
//! API would make (same checks, events, price and status history, audit).

use chrono::Datelike;
use innexar_db::Tx;
use innexar_kernel::{AppError, StoreId};

use super::columns::{self, BadCell, Field};
use super::{Columns, RowError, StoreIndex};
use innexar_kernel::Money;

use crate::commands::{self, MoneyAccess, NewVehicle, StatusChange, VehiclePatch};
use crate::model::{Condition, Fuel, Origin, Transmission, VehicleStatus};
use crate::{identifiers, store};

/// What a row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Created,
    Updated,
    Unchanged,
}

/// A row's values. The outer `Option` is "the file has this column"; for optional fields the
/// inner one is "the cell is not blank" (a blank cell clears the field on update).
#[derive(Debug, Default)]
struct Values {
    store: Option<String>,
    vin: Option<Option<String>>,
    placa: Option<Option<String>>,
    make: Option<String>,
    model: Option<String>,
    trim: Option<Option<String>>,
    year: Option<i32>,
    model_year: Option<i32>,
    color: Option<Option<String>>,
    mileage_km: Option<i64>,
    fuel: Option<Fuel>,
    transmission: Option<Transmission>,
    condition: Option<Condition>,
    status: Option<VehicleStatus>,
    price: Option<Option<Money>>,
    cost: Option<Option<Money>>,
    min_price: Option<Option<Money>>,
    origin: Option<Origin>,
    renavam: Option<Option<String>>,
    fipe_code: Option<Option<String>>,
    fipe_value: Option<Option<Money>>,
    fipe_month: Option<Option<String>>,
    interior_color: Option<Option<String>>,
    doors: Option<Option<i32>>,
    options: Option<Vec<String>>,
    description: Option<Option<String>>,
    keys_count: Option<Option<i32>>,
    lot_location: Option<Option<String>>,
    stock_number: Option<String>,
}

struct Reader<'a> {
    columns: &'a Columns,
    cells: &'a [String],
    row: u64,
    errors: Vec<RowError>,
}

impl Reader<'_> {
    /// The cell of `field`: `None` when the file has no such column, `Some("")` when blank.
    fn raw(&self, field: Field) -> Option<&str> {
        self.columns.index(field).map(|i| self.cells.get(i).map(|c| c.trim()).unwrap_or_default())
    }

    fn text(&self, field: Field) -> Option<Option<String>> {
        self.raw(field).map(|c| Some(c.to_string()).filter(|c| !c.is_empty()))
    }

    /// A required value: blank counts as absent.
    fn required_text(&self, field: Field) -> Option<String> {
        self.text(field).flatten()
    }

    fn parsed<T>(&mut self, field: Field, parse: impl Fn(&str) -> Result<T, BadCell>) -> Option<Option<T>> {
        let cell = self.raw(field)?;
        if cell.is_empty() {
            return Some(None);
        }
        match parse(cell) {
            Ok(v) => Some(Some(v)),
            Err(bad) => {
                self.errors.push(self.columns.error(self.row, Some(field), bad.code, bad.message));
                Some(None)
            }
        }
    }

    fn values(&mut self) -> Values {
        let mut v = Values {
            store: self.required_text(Field::Store),
            vin: self.text(Field::Vin),
            placa: self.text(Field::Placa),
            make: self.required_text(Field::Make),
            model: self.required_text(Field::Model),
            trim: self.text(Field::Trim),
            color: self.text(Field::Color),
            renavam: self.text(Field::Renavam),
            fipe_code: self.text(Field::FipeCode),
            fipe_month: self.text(Field::FipeReferenceMonth),
            interior_color: self.text(Field::InteriorColor),
            description: self.text(Field::Description),
            lot_location: self.text(Field::LotLocation),
            stock_number: self.required_text(Field::StockNumber),
            ..Default::default()
        };
        if let Some(Some((year, model_year))) = self.parsed(Field::Year, columns::parse_years) {
            v.year = Some(year);
            v.model_year = model_year;
        }
        if let Some(Some((y, _))) = self.parsed(Field::ModelYear, columns::parse_years) {
            v.model_year = Some(y);
        }
        v.mileage_km = self.parsed(Field::MileageKm, columns::parse_km).flatten();
        v.fuel = self.parsed(Field::Fuel, columns::parse_fuel).flatten();
        v.transmission = self.parsed(Field::Transmission, columns::parse_transmission).flatten();
        v.condition = self.parsed(Field::Condition, columns::parse_condition).flatten();
        v.status = self.parsed(Field::Status, columns::parse_status).flatten();
        v.origin = self.parsed(Field::Origin, columns::parse_origin).flatten();
        v.price = self.parsed(Field::Price, columns::parse_money).map(|m| m.map(Money));
        v.cost = self.parsed(Field::Cost, columns::parse_money).map(|m| m.map(Money));
        v.min_price = self.parsed(Field::MinPrice, columns::parse_money).map(|m| m.map(Money));
        v.fipe_value = self.parsed(Field::FipeValue, columns::parse_money).map(|m| m.map(Money));
        v.doors = self.parsed(Field::Doors, columns::parse_int);
        v.keys_count = self.parsed(Field::KeysCount, columns::parse_int);
        // Options are listed in one cell, separated as people do: `;`, `|` or line breaks.
        v.options = self
            .raw(Field::Options)
            .map(|c| c.split([';', '|', '\n']).map(str::trim).filter(|o| !o.is_empty()).map(str::to_string).collect());
        v
    }
}

/// Everything the rows of one job share.
pub struct RowContext<'a> {
    pub now: chrono::DateTime<chrono::Utc>,
    pub columns: &'a Columns,
    pub stores: &'a StoreIndex,
    pub access: MoneyAccess,
}

/// Applies one row inside `tx` (a savepoint the caller rolls back on error).
pub async fn apply(tx: &Tx, cx: &RowContext<'_>, row: u64, cells: &[String]) -> Result<Applied, Vec<RowError>> {
    let mut reader = Reader { columns: cx.columns, cells, row, errors: Vec::new() };
    let mut v = reader.values();
    let mut errors = reader.errors;
    // Fields the user may not see are not theirs to set either, as in the API.
    if !cx.access.cost {
        v.cost = None;
    }
    if !cx.access.minimum_price {
        v.min_price = None;
    }
    let store_id = match v.store.as_deref().map(|s| cx.stores.resolve(s)) {
        Some(Ok(id)) => Some(id),
        Some(Err(bad)) => {
            errors.push(cx.columns.error(row, Some(Field::Store), bad.code, bad.message));
            None
        }
        None => None,
    };
    let fail = |e: AppError| cx.columns.errors_of(row, e);
    let vin = v.vin.clone().flatten().and_then(|raw| identifiers::parse_vin(&raw, cx.now.year()).ok()).map(|x| x.value);
    let placas = v
        .placa
        .clone()
        .flatten()
        .and_then(|raw| identifiers::parse_placa(&raw).ok())
        .map(|(p, _)| identifiers::placa_forms(&p))
        .unwrap_or_default();
    let existing =
        store::find_for_import(tx, vin.as_deref(), &placas, v.stock_number.as_deref()).await.map_err(fail)?;
    let Some(before) = existing else {
        // Every problem of a new vehicle's row at once: the cells, then the checks of creation.
        let store_id = store_id.or_else(|| cx.stores.only());
        if store_id.is_none() && v.store.is_none() {
            errors.push(cx.columns.error(
                row,
                Some(Field::Store),
                "field.required",
                "name the store (loja): the tenant has more than one",
            ));
        }
        let input = new_vehicle(cx, row, v, store_id.unwrap_or_default());
        return match (input, errors.is_empty()) {
            (Ok(input), true) => {
                commands::create_vehicle(tx, input).await.map_err(fail)?;
                Ok(Applied::Created)
            }
            (Ok(_), false) => Err(errors),
            (Err(missing), _) => Err(errors.into_iter().chain(missing).collect()),
        };
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let status = v.status;
    let after =
        commands::update_vehicle(tx, before.id, before.version, patch(v, store_id), cx.access).await.map_err(fail)?;
    let mut applied = if after.version == before.version { Applied::Unchanged } else { Applied::Updated };
    if let Some(to) = status.filter(|s| *s != after.status) {
        let change = StatusChange { status: to, note: Some("importação de planilha".into()) };
        commands::change_status(tx, after.id, None, change).await.map_err(fail)?;
        applied = Applied::Updated;
    }
    Ok(applied)
}

/// The input of a new vehicle; when required cells are blank, their errors plus those the
/// creation checks find in the other cells, so one pass reports the whole row.
fn new_vehicle(cx: &RowContext<'_>, row: u64, v: Values, store_id: StoreId) -> Result<NewVehicle, Vec<RowError>> {
    let required = [
        (v.make.is_some(), Field::Make),
        (v.model.is_some(), Field::Model),
        (v.year.is_some(), Field::Year),
        (v.fuel.is_some(), Field::Fuel),
        (v.transmission.is_some(), Field::Transmission),
        (v.condition.is_some(), Field::Condition),
    ];
    let missing: Vec<Field> = required.iter().filter(|(present, _)| !present).map(|(_, f)| *f).collect();
    let input = NewVehicle {
        store_id,
        vin: v.vin.flatten(),
        placa: v.placa.flatten(),
        make: v.make.unwrap_or_else(|| "-".into()),
        model: v.model.unwrap_or_else(|| "-".into()),
        trim: v.trim.flatten(),
        year: v.year.unwrap_or_else(|| cx.now.year()),
        model_year: if v.year.is_some() { v.model_year } else { None },
        color: v.color.flatten(),
        mileage_km: v.mileage_km.unwrap_or(0),
        fuel: v.fuel.unwrap_or(Fuel::Flex),
        transmission: v.transmission.unwrap_or(Transmission::Manual),
        condition: v.condition.unwrap_or(Condition::Used),
        status: v.status,
        price_cents: v.price.flatten(),
        cost_cents: v.cost.flatten(),
        images: Vec::new(),
        origin: v.origin,
        renavam: v.renavam.flatten(),
        fipe_code: v.fipe_code.flatten(),
        fipe_value_cents: v.fipe_value.flatten(),
        fipe_reference_month: v.fipe_month.flatten(),
        interior_color: v.interior_color.flatten(),
        doors: v.doors.flatten(),
        options: v.options.unwrap_or_default(),
        description: v.description.flatten(),
        keys_count: v.keys_count.flatten(),
        lot_location: v.lot_location.flatten(),
        min_price_cents: v.min_price.flatten(),
        entered_at: None,
    };
    if missing.is_empty() {
        return Ok(input);
    }
    let mut errors: Vec<RowError> = missing
        .iter()
        .map(|f| cx.columns.error(row, Some(*f), "field.required", "this field is required for a new vehicle"))
        .collect();
    if let Err(e) = commands::build_vehicle(input, String::new(), cx.now) {
        // Errors about the stand-in values are not the user's.
        let stand_in = |name: Option<&str>| {
            missing.iter().any(|f| name == Some(f.api_name()))
                || (missing.contains(&Field::Year) && name == Some("modelYear"))
        };
        errors.extend(cx.columns.errors_of(row, e).into_iter().filter(|e| !stand_in(e.field.as_deref())));
    }
    Err(errors)
}

/// The columns present become the patch; a blank required cell keeps the value.
fn patch(v: Values, store_id: Option<StoreId>) -> VehiclePatch {
    VehiclePatch {
        store_id,
        vin: v.vin,
        placa: v.placa,
        make: v.make,
        model: v.model,
        trim: v.trim,
        year: v.year,
        model_year: v.model_year,
        color: v.color,
        mileage_km: v.mileage_km,
        fuel: v.fuel,
        transmission: v.transmission,
        condition: v.condition,
        price_cents: v.price,
        cost_cents: v.cost,
        images: None,
        origin: v.origin,
        renavam: v.renavam,
        fipe_code: v.fipe_code,
        fipe_value_cents: v.fipe_value,
        fipe_reference_month: v.fipe_month,
        interior_color: v.interior_color,
        doors: v.doors,
        options: v.options,
        description: v.description,
        keys_count: v.keys_count,
        lot_location: v.lot_location,
        min_price_cents: v.min_price,
        entered_at: None,
    }
}
