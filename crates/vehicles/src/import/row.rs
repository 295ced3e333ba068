//! One spreadsheet row: its cells read into values, then applied as the create or update the
//! API would make (same checks, events, price and status history, audit).

use chrono::Datelike;
use innexar_db::Tx;
use innexar_kernel::{AppError, IfMatch, StoreId};

use super::columns::{self, BadCell, Field};
use super::{Columns, RowError, StoreIndex};
use innexar_kernel::Money;

use crate::commands::{self, MoneyAccess, NewVehicle, StatusChange, VehiclePatch};
use crate::model::{Condition, Fuel, Transmission, VehicleStatus};
use crate::{identifiers, store};

/// What a row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Created,
    Updated,
    Unchanged,
}

/// A row's values: the vehicle's fields as a patch (the outer `Option` is "the file has this
/// column"; for optional fields the inner one is "the cell is not blank", and a blank cell clears
/// the field on update), and the cells that are not fields of the record.
#[derive(Debug, Default)]
struct Values {
    store: Option<String>,
    status: Option<VehicleStatus>,
    stock_number: Option<String>,
    fields: VehiclePatch,
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
        let f = VehiclePatch {
            vin: self.text(Field::Vin),
            placa: self.text(Field::Placa),
            make: self.required_text(Field::Make),
            model: self.required_text(Field::Model),
            trim: self.text(Field::Trim),
            color: self.text(Field::Color),
            renavam: self.text(Field::Renavam),
            fipe_code: self.text(Field::FipeCode),
            fipe_reference_month: self.text(Field::FipeReferenceMonth),
            interior_color: self.text(Field::InteriorColor),
            description: self.text(Field::Description),
            lot_location: self.text(Field::LotLocation),
            mileage_km: self.parsed(Field::MileageKm, columns::parse_km).flatten(),
            fuel: self.parsed(Field::Fuel, columns::parse_fuel).flatten(),
            transmission: self.parsed(Field::Transmission, columns::parse_transmission).flatten(),
            condition: self.parsed(Field::Condition, columns::parse_condition).flatten(),
            origin: self.parsed(Field::Origin, columns::parse_origin).flatten(),
            price_cents: self.money(Field::Price),
            cost_cents: self.money(Field::Cost),
            min_price_cents: self.money(Field::MinPrice),
            fipe_value_cents: self.money(Field::FipeValue),
            doors: self.parsed(Field::Doors, columns::parse_int),
            keys_count: self.parsed(Field::KeysCount, columns::parse_int),
            // Options are listed in one cell, separated as people do: `;`, `|` or line breaks.
            options: self.raw(Field::Options).map(|c| {
                c.split([';', '|', '\n']).map(str::trim).filter(|o| !o.is_empty()).map(str::to_string).collect()
            }),
            ..Default::default()
        };
        let mut v = Values {
            store: self.required_text(Field::Store),
            status: self.parsed(Field::Status, columns::parse_status).flatten(),
            stock_number: self.required_text(Field::StockNumber),
            fields: f,
        };
        if let Some(Some((year, model_year))) = self.parsed(Field::Year, columns::parse_years) {
            v.fields.year = Some(year);
            v.fields.model_year = model_year;
        }
        if let Some(Some((y, _))) = self.parsed(Field::ModelYear, columns::parse_years) {
            v.fields.model_year = Some(y);
        }
        v
    }

    fn money(&mut self, field: Field) -> Option<Option<Money>> {
        self.parsed(field, columns::parse_money).map(|m| m.map(Money))
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
        v.fields.cost_cents = None;
    }
    if !cx.access.minimum_price {
        v.fields.min_price_cents = None;
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
    let vin = v
        .fields
        .vin
        .clone()
        .flatten()
        .and_then(|raw| identifiers::parse_vin(&raw, cx.now.year()).ok())
        .map(|x| x.value);
    let placas = v
        .fields
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
        let input = new_vehicle(cx, row, v.status, v.fields, store_id.unwrap_or_default());
        return match (input, errors.is_empty()) {
            (Ok(input), true) => {
                commands::create_vehicle(tx, input).await.map_err(fail)?;
                Ok(Applied::Created)
            }
            (Ok(_), false) => Err(errors),
            (Err(missing), _) => {
                // A cell that could not be read is already reported; "required" would say it twice.
                let missing: Vec<RowError> = missing
                    .into_iter()
                    .filter(|m| m.code != "field.required" || !errors.iter().any(|e| e.field == m.field))
                    .collect();
                Err(errors.into_iter().chain(missing).collect())
            }
        };
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let patch = VehiclePatch { store_id, ..v.fields };
    let after = commands::update_vehicle(tx, before.id, IfMatch::version(before.version), patch, cx.access)
        .await
        .map_err(fail)?;
    let mut applied = if after.version == before.version { Applied::Unchanged } else { Applied::Updated };
    if let Some(to) = v.status.filter(|s| *s != after.status) {
        let change = StatusChange { status: to, note: Some("importação de planilha".into()) };
        commands::change_status(tx, after.id, IfMatch::Any, change).await.map_err(fail)?;
        applied = Applied::Updated;
    }
    Ok(applied)
}

/// The input of a new vehicle; when required cells are blank, their errors plus those the
/// creation checks find in the other cells, so one pass reports the whole row.
fn new_vehicle(
    cx: &RowContext<'_>,
    row: u64,
    status: Option<VehicleStatus>,
    v: VehiclePatch,
    store_id: StoreId,
) -> Result<NewVehicle, Vec<RowError>> {
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
        status,
        price_cents: v.price_cents.flatten(),
        cost_cents: v.cost_cents.flatten(),
        images: Vec::new(),
        origin: v.origin,
        renavam: v.renavam.flatten(),
        fipe_code: v.fipe_code.flatten(),
        fipe_value_cents: v.fipe_value_cents.flatten(),
        fipe_reference_month: v.fipe_reference_month.flatten(),
        interior_color: v.interior_color.flatten(),
        doors: v.doors.flatten(),
        options: v.options.unwrap_or_default(),
        description: v.description.flatten(),
        keys_count: v.keys_count.flatten(),
        lot_location: v.lot_location.flatten(),
        min_price_cents: v.min_price_cents.flatten(),
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
