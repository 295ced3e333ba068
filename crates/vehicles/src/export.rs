//! Writing the stock list to CSV or XLSX, in the columns and words the import reads back.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};
use innexar_kernel::page::PageRequest;
use innexar_kernel::{Actor, AppError, Money, StoreId};
use innexar_org::Store;
use rust_xlsxwriter::{ExcelDateTime, Format as XlsxFormat, Workbook};
use sea_orm::ConnectionTrait;

use crate::model::Vehicle;
use crate::model::{Condition, Fuel, Origin, Transmission, VehicleStatus};
use crate::permissions::{VEHICLES_VIEW_COST, VEHICLES_VIEW_MINIMUM_PRICE};
use crate::queries::{self, SORTABLE, VehicleQuery};

/// Most vehicles in one export; a larger stock is exported a filter at a time.
pub const MAX_ROWS: u64 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            FileFormat::Csv => "text/csv; charset=utf-8",
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }
}

/// The vehicles `actor` may see that match `query`, sorted as `GET /vehicles` sorts, as a file.
pub async fn export_vehicles(
    db: &impl ConnectionTrait,
    actor: &Actor,
    query: VehicleQuery,
    sort: Option<String>,
    format: FileFormat,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, AppError> {
    let sort = innexar_kernel::PageParams { page: None, page_size: None, sort }.validate(SORTABLE)?.sort;
    let filter = queries::parse_filter(query, actor, now)?;
    // One row past the limit tells a full file from a cut one, whatever the count says (a text
    // search's count stops at the store's search cap).
    let page = PageRequest { page: 1, page_size: MAX_ROWS + 1, sort };
    let (listed, ..) = crate::store::list_vehicles(db, &filter, &page).await?;
    let vehicles: Vec<Vehicle> = listed.into_iter().map(|l| l.vehicle).collect();
    if vehicles.len() as u64 > MAX_ROWS {
        return Err(AppError::field(
            "/q",
            "vehicles.export_too_large",
            format!("more than {MAX_ROWS} vehicles match; narrow the filters to at most {MAX_ROWS}"),
        ));
    }
    let stores: HashMap<StoreId, Store> =
        innexar_org::queries::list_stores(db, actor).await?.into_iter().map(|s| (s.id, s)).collect();
    let visible =
        Visible { cost: actor.can(VEHICLES_VIEW_COST), minimum_price: actor.can(VEHICLES_VIEW_MINIMUM_PRICE) };
    // Building a workbook of thousands of rows is CPU work: keep it off the request threads.
    tokio::task::spawn_blocking(move || match format {
        FileFormat::Csv => to_csv(&vehicles, &stores, visible, now),
        FileFormat::Xlsx => to_xlsx(&vehicles, &stores, visible, now),
    })
    .await
    .map_err(AppError::internal)?
}

/// Which money columns the reader may see; hidden ones are left out of the file entirely.
#[derive(Debug, Clone, Copy)]
pub struct Visible {
    pub cost: bool,
    pub minimum_price: bool,
}

enum Cell {
    Text(String),
    Money(i64),
    Number(i64),
    /// A business date: a real date in a workbook, `dd/mm/aaaa` in a CSV.
    Date(chrono::NaiveDate),
    Empty,
}

fn text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
}

fn money(m: Option<Money>) -> Cell {
    m.map_or(Cell::Empty, |m| Cell::Money(m.0))
}

fn number(n: Option<i64>) -> Cell {
    n.map_or(Cell::Empty, Cell::Number)
}

fn table(
    vehicles: &[Vehicle],
    stores: &HashMap<StoreId, Store>,
    visible: Visible,
    now: DateTime<Utc>,
) -> (Vec<&'static str>, Vec<Vec<Cell>>) {
    let mut headers = vec![
        "Estoque",
        "Loja",
        "Placa",
        "Chassi",
        "Marca",
        "Modelo",
        "Versão",
        "Ano fabricação",
        "Ano modelo",
        "Cor",
        "Km",
        "Combustível",
        "Câmbio",
        "Condição",
        "Situação",
        "Preço",
    ];
    if visible.cost {
        headers.push("Custo");
    }
    if visible.minimum_price {
        headers.push("Preço mínimo");
    }
    headers.extend([
        "Origem",
        "RENAVAM",
        "Código FIPE",
        "Valor FIPE",
        "Mês FIPE",
        "Cor interna",
        "Portas",
        "Opcionais",
        "Descrição",
        "Chaves",
        "Localização",
        "Entrada",
        "Dias em estoque",
    ]);
    let rows = vehicles
        .iter()
        .map(|v| {
            let until = if v.status.is_in_stock() { now } else { v.status_changed_at };
            let mut row = vec![
                Cell::Text(v.stock_number.clone()),
                text(stores.get(&v.store_id).map(|s| s.name.as_str())),
                text(v.placa.as_deref()),
                text(v.vin.as_deref()),
                Cell::Text(v.make.clone()),
                Cell::Text(v.model.clone()),
                text(v.trim.as_deref()),
                Cell::Number(v.year.into()),
                Cell::Number(v.model_year.into()),
                text(v.color.as_deref()),
                Cell::Number(v.mileage_km),
                Cell::Text(fuel_label(v.fuel).into()),
                Cell::Text(transmission_label(v.transmission).into()),
                Cell::Text(condition_label(v.condition).into()),
                Cell::Text(status_label(v.status).into()),
                money(v.price),
            ];
            if visible.cost {
                row.push(money(v.cost));
            }
            if visible.minimum_price {
                row.push(money(v.min_price));
            }
            row.extend([
                Cell::Text(origin_label(v.origin).into()),
                text(v.renavam.as_deref()),
                text(v.fipe_code.as_deref()),
                money(v.fipe_value),
                text(v.fipe_reference_month.as_deref()),
                text(v.interior_color.as_deref()),
                number(v.doors.map(i64::from)),
                if v.options.is_empty() { Cell::Empty } else { Cell::Text(v.options.join("; ")) },
                text(v.description.as_deref()),
                number(v.keys_count.map(i64::from)),
                text(v.lot_location.as_deref()),
                // The day it entered, at its store.
                Cell::Date(match stores.get(&v.store_id) {
                    Some(s) => s.today(v.entered_at),
                    None => innexar_org::model::business_date_in("", v.entered_at),
                }),
                Cell::Number((until - v.entered_at).num_days().max(0)),
            ]);
            row
        })
        .collect();
    (headers, rows)
}

/// `45.990,00`: the amount as a Brazilian spreadsheet shows it, without the currency sign.
fn brl(centavos: i64) -> String {
    Money(centavos).to_string().replacen("R$ ", "", 1)
}

/// CSV the way Excel in Brazil opens it: UTF-8 with a byte-order mark, `;` between fields,
/// decimal commas. A text a spreadsheet would take for a formula gets a leading `'` (as OWASP
/// advises against CSV injection), which the import takes off again.
pub fn to_csv(
    vehicles: &[Vehicle],
    stores: &HashMap<StoreId, Store>,
    visible: Visible,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, AppError> {
    let (headers, rows) = table(vehicles, stores, visible, now);
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        w.write_record(&headers).map_err(AppError::internal)?;
        for row in rows {
            let record: Vec<String> = row
                .into_iter()
                .map(|c| match c {
                    // Dealers open the file in a spreadsheet, which would run `=...` as a formula.
                    Cell::Text(s) => crate::import::sheet::neutralize(&s).into_owned(),
                    Cell::Money(c) => brl(c),
                    Cell::Number(n) => n.to_string(),
                    Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
                    Cell::Empty => String::new(),
                })
                .collect();
            w.write_record(&record).map_err(AppError::internal)?;
        }
        w.flush().map_err(AppError::internal)?;
    }
    Ok(out)
}

/// One worksheet, numbers as numbers (money formatted in reais) so the dealer can sum them.
pub fn to_xlsx(
    vehicles: &[Vehicle],
    stores: &HashMap<StoreId, Store>,
    visible: Visible,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, AppError> {
    let (headers, rows) = table(vehicles, stores, visible, now);
    let mut book = Workbook::new();
    let bold = XlsxFormat::new().set_bold();
    let reais = XlsxFormat::new().set_num_format("\"R$\" #,##0.00");
    let date = XlsxFormat::new().set_num_format("dd/mm/yyyy");
    let sheet = book.add_worksheet();
    sheet.set_name("Veículos").map_err(AppError::internal)?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(AppError::internal)?;
    }
    for (r, row) in rows.into_iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                Cell::Money(cents) => sheet.write_number_with_format(r, c, cents as f64 / 100.0, &reais).map(|_| ()),
                Cell::Number(n) => sheet.write_number(r, c, n as f64).map(|_| ()),
                Cell::Date(d) => ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                    .and_then(|x| sheet.write_datetime_with_format(r, c, &x, &date).map(|_| ())),
                Cell::Empty => Ok(()),
            }
            .map_err(AppError::internal)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(AppError::internal)?;
    book.save_to_buffer().map_err(AppError::internal)
}

/// How the export writes each value, in pt-BR, so a dealer reads the file and it imports back.
pub fn fuel_label(f: Fuel) -> &'static str {
    match f {
        Fuel::Flex => "Flex",
        Fuel::Gasoline => "Gasolina",
        Fuel::Ethanol => "Etanol",
        Fuel::Diesel => "Diesel",
        Fuel::Hybrid => "Híbrido",
        Fuel::Electric => "Elétrico",
        Fuel::Cng => "GNV",
    }
}

pub fn transmission_label(t: Transmission) -> &'static str {
    match t {
        Transmission::Manual => "Manual",
        Transmission::Automatic => "Automático",
        Transmission::Cvt => "CVT",
        Transmission::AutomatedManual => "Automatizado",
    }
}

pub fn condition_label(c: Condition) -> &'static str {
    match c {
        Condition::New => "Novo",
        Condition::Used => "Usado",
    }
}

pub fn status_label(s: VehicleStatus) -> &'static str {
    match s {
        VehicleStatus::InTransit => "Em trânsito",
        VehicleStatus::InPreparation => "Em preparação",
        VehicleStatus::Available => "Disponível",
        VehicleStatus::Reserved => "Reservado",
        VehicleStatus::Sold => "Vendido",
        VehicleStatus::Delivered => "Entregue",
        VehicleStatus::Unavailable => "Indisponível",
        VehicleStatus::Returned => "Devolvido",
        VehicleStatus::CustomerOwned => "Do cliente",
    }
}

pub fn origin_label(o: Origin) -> &'static str {
    match o {
        Origin::Purchase => "Compra",
        Origin::TradeIn => "Troca",
        Origin::Consignment => "Consignação",
        Origin::Factory => "Fábrica",
        Origin::Customer => "Do cliente",
    }
}
