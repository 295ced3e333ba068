//! The spreadsheet's columns: which header means which field (pt-BR or English), and how a
//! cell written the way Brazilian dealers write it ("R$ 45.990,00", "45.000 km", "2023/2024",
//! "Automático") becomes a value.

use crate::model::{Condition, Fuel, Origin, Transmission, VehicleStatus, fold};

/// A vehicle field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Store,
    Vin,
    Placa,
    Make,
    Model,
    Trim,
    Year,
    ModelYear,
    Color,
    MileageKm,
    Fuel,
    Transmission,
    Condition,
    Status,
    Price,
    Cost,
    MinPrice,
    Origin,
    Renavam,
    FipeCode,
    FipeValue,
    FipeReferenceMonth,
    InteriorColor,
    Doors,
    Options,
    Description,
    KeysCount,
    LotLocation,
    /// The dealer's stock number (`E-00042`): matches a vehicle of an exported file that has
    /// neither VIN nor placa; never set by an import.
    StockNumber,
    /// Written by the export for people to read (stock number, days in stock); not imported.
    ReadOnly,
}

impl Field {
    /// The field's name in the API (and in error reports).
    pub fn api_name(self) -> &'static str {
        use Field::*;
        match self {
            Store => "storeId",
            Vin => "vin",
            Placa => "placa",
            Make => "make",
            Model => "model",
            Trim => "trim",
            Year => "year",
            ModelYear => "modelYear",
            Color => "color",
            MileageKm => "mileageKm",
            Fuel => "fuel",
            Transmission => "transmission",
            Condition => "condition",
            Status => "status",
            Price => "priceCents",
            Cost => "costCents",
            MinPrice => "minPriceCents",
            Origin => "origin",
            Renavam => "renavam",
            FipeCode => "fipeCode",
            FipeValue => "fipeValueCents",
            FipeReferenceMonth => "fipeReferenceMonth",
            InteriorColor => "interiorColor",
            Doors => "doors",
            Options => "options",
            Description => "description",
            KeysCount => "keysCount",
            LotLocation => "lotLocation",
            StockNumber => "stockNumber",
            ReadOnly => "",
        }
    }

    /// The field an API error pointer (`/priceCents`, `/options/2`) names.
    /// The column's name as the export writes it, for a problem whose column the file lacks.
    pub fn label(self) -> &'static str {
        use Field::*;
        match self {
            Store => "Loja",
            Vin => "Chassi",
            Placa => "Placa",
            Make => "Marca",
            Model => "Modelo",
            Trim => "Versão",
            Year => "Ano fabricação",
            ModelYear => "Ano modelo",
            Color => "Cor",
            MileageKm => "Km",
            Fuel => "Combustível",
            Transmission => "Câmbio",
            Condition => "Condição",
            Status => "Situação",
            Price => "Preço",
            Cost => "Custo",
            MinPrice => "Preço mínimo",
            Origin => "Origem",
            Renavam => "RENAVAM",
            FipeCode => "Código FIPE",
            FipeValue => "Valor FIPE",
            FipeReferenceMonth => "Mês FIPE",
            InteriorColor => "Cor interna",
            Doors => "Portas",
            Options => "Opcionais",
            Description => "Descrição",
            KeysCount => "Chaves",
            LotLocation => "Localização",
            StockNumber | ReadOnly => "Estoque",
        }
    }

    pub fn from_pointer(pointer: &str) -> Option<Field> {
        let name = pointer.trim_start_matches('/').split('/').next()?;
        HEADERS.iter().map(|(_, f)| *f).find(|f| *f != Field::ReadOnly && f.api_name() == name)
    }
}

/// Accepted headers, compared after cutting a unit in parentheses ("Preço (R$)"), folding
/// accents and case, and dropping everything but letters and digits.
const HEADERS: &[(&str, Field)] = &[
    ("loja", Field::Store),
    ("store", Field::Store),
    ("storeid", Field::Store),
    ("chassi", Field::Vin),
    ("vin", Field::Vin),
    ("placa", Field::Placa),
    ("plate", Field::Placa),
    ("licenseplate", Field::Placa),
    ("marca", Field::Make),
    ("make", Field::Make),
    ("fabricante", Field::Make),
    ("modelo", Field::Model),
    ("model", Field::Model),
    ("versao", Field::Trim),
    ("trim", Field::Trim),
    ("version", Field::Trim),
    ("ano", Field::Year),
    ("anofabricacao", Field::Year),
    ("anodefabricacao", Field::Year),
    ("anofab", Field::Year),
    ("year", Field::Year),
    ("anomodelo", Field::ModelYear),
    ("anomod", Field::ModelYear),
    ("modelyear", Field::ModelYear),
    ("cor", Field::Color),
    ("color", Field::Color),
    ("colour", Field::Color),
    ("km", Field::MileageKm),
    ("quilometragem", Field::MileageKm),
    ("kilometragem", Field::MileageKm),
    ("mileage", Field::MileageKm),
    ("mileagekm", Field::MileageKm),
    ("combustivel", Field::Fuel),
    ("fuel", Field::Fuel),
    ("cambio", Field::Transmission),
    ("transmission", Field::Transmission),
    ("condicao", Field::Condition),
    ("condition", Field::Condition),
    ("situacao", Field::Status),
    ("status", Field::Status),
    ("preco", Field::Price),
    ("precodevenda", Field::Price),
    ("precovenda", Field::Price),
    ("valor", Field::Price),
    ("price", Field::Price),
    ("pricecents", Field::Price),
    ("custo", Field::Cost),
    ("cost", Field::Cost),
    ("precominimo", Field::MinPrice),
    ("minimumprice", Field::MinPrice),
    ("minprice", Field::MinPrice),
    ("origem", Field::Origin),
    ("origin", Field::Origin),
    ("renavam", Field::Renavam),
    ("codigofipe", Field::FipeCode),
    ("fipe", Field::FipeCode),
    ("fipecode", Field::FipeCode),
    ("valorfipe", Field::FipeValue),
    ("fipevalue", Field::FipeValue),
    ("mesfipe", Field::FipeReferenceMonth),
    ("referenciafipe", Field::FipeReferenceMonth),
    ("fipereferencemonth", Field::FipeReferenceMonth),
    ("corinterna", Field::InteriorColor),
    ("interiorcolor", Field::InteriorColor),
    ("portas", Field::Doors),
    ("doors", Field::Doors),
    ("opcionais", Field::Options),
    ("options", Field::Options),
    ("descricao", Field::Description),
    ("description", Field::Description),
    ("chaves", Field::KeysCount),
    ("keys", Field::KeysCount),
    ("keyscount", Field::KeysCount),
    ("localizacao", Field::LotLocation),
    ("lotlocation", Field::LotLocation),
    ("estoque", Field::StockNumber),
    ("numeroestoque", Field::StockNumber),
    ("stocknumber", Field::StockNumber),
    ("diasemestoque", Field::ReadOnly),
    ("daysinstock", Field::ReadOnly),
    ("entrada", Field::ReadOnly),
    ("enteredat", Field::ReadOnly),
];

fn header_key(h: &str) -> String {
    let h = h.split('(').next().unwrap_or(h);
    fold(h).chars().filter(char::is_ascii_alphanumeric).collect()
}

/// The field a header names, if any.
pub fn field_for_header(header: &str) -> Option<Field> {
    let key = header_key(header);
    HEADERS.iter().find(|(k, _)| *k == key).map(|(_, f)| *f)
}

/// What is wrong with a cell: a stable code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCell {
    pub code: &'static str,
    pub message: String,
}

fn bad(code: &'static str, message: impl Into<String>) -> BadCell {
    BadCell { code, message: message.into() }
}

/// Reais as written in Brazil or abroad, to centavos: `R$ 45.990,00`, `45990,5`, `45.990`,
/// `45990.00`, `45,990.00`. The last `,` or `.` followed by one or two digits is the decimal
/// separator; any other is a thousands separator.
pub fn parse_money(cell: &str) -> Result<i64, BadCell> {
    let invalid = || bad("imports.invalid_amount", format!("'{cell}' is not an amount in reais, e.g. R$ 45.990,00"));
    let s: String =
        cell.trim().trim_start_matches("R$").trim_start_matches("r$").chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() || s.starts_with('-') {
        return Err(invalid());
    }
    let (int_part, cents) = match s.rfind([',', '.']) {
        Some(i) if (1..=2).contains(&(s.len() - i - 1)) => {
            let frac = &s[i + 1..];
            if !frac.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            let c: i64 = frac.parse().map_err(|_| invalid())?;
            (&s[..i], if frac.len() == 1 { c * 10 } else { c })
        }
        _ => (s.as_str(), 0),
    };
    let reais = parse_grouped(int_part).ok_or_else(invalid)?;
    reais.checked_mul(100).and_then(|r| r.checked_add(cents)).ok_or_else(invalid)
}

/// Digits with optional thousands separators (`.` or `,`, in groups of three).
fn parse_grouped(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let groups: Vec<&str> = s.split(['.', ',']).collect();
    let well_grouped = groups.len() == 1
        || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !well_grouped || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    groups.concat().parse().ok()
}

/// Kilometres: `45000`, `45.000`, `45.000 km`.
pub fn parse_km(cell: &str) -> Result<i64, BadCell> {
    let s = cell.trim().trim_end_matches(['k', 'K', 'm', 'M']).trim();
    parse_grouped(s).ok_or_else(|| bad("imports.invalid_number", format!("'{cell}' is not a whole number of km")))
}

/// A small whole number (doors, keys).
pub fn parse_int(cell: &str) -> Result<i32, BadCell> {
    cell.trim().parse().map_err(|_| bad("imports.invalid_number", format!("'{cell}' is not a whole number")))
}

/// A year, or the Brazilian `fabricação/modelo` pair `2023/2024` (also `2023/24`).
pub fn parse_years(cell: &str) -> Result<(i32, Option<i32>), BadCell> {
    let invalid = || bad("imports.invalid_year", format!("'{cell}' is not a year such as 2023 or 2023/2024"));
    let year = |s: &str| s.trim().parse::<i32>().map_err(|_| invalid());
    match cell.trim().split_once('/') {
        None => Ok((year(cell)?, None)),
        Some((fab, model)) => {
            let fab = year(fab)?;
            let model = match model.trim().len() {
                2 => fab / 100 * 100 + year(model)?,
                _ => year(model)?,
            };
            Ok((fab, Some(model)))
        }
    }
}

fn pick<T: Copy>(cell: &str, table: &[(&str, T)], what: &str) -> Result<T, BadCell> {
    let key: String = fold(cell.trim()).chars().filter(char::is_ascii_alphanumeric).collect();
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
        .ok_or_else(|| bad("field.invalid_enum", format!("'{}' is not a known {what}", cell.trim())))
}

pub fn parse_fuel(cell: &str) -> Result<Fuel, BadCell> {
    use Fuel::*;
    pick(
        cell,
        &[
            ("flex", Flex),
            ("flexivel", Flex),
            ("gasolina", Gasoline),
            ("gasoline", Gasoline),
            ("etanol", Ethanol),
            ("alcool", Ethanol),
            ("ethanol", Ethanol),
            ("diesel", Diesel),
            ("hibrido", Hybrid),
            ("hybrid", Hybrid),
            ("eletrico", Electric),
            ("electric", Electric),
            ("gnv", Cng),
            ("cng", Cng),
        ],
        "fuel (flex, gasolina, etanol, diesel, híbrido, elétrico, gnv)",
    )
}

pub fn parse_transmission(cell: &str) -> Result<Transmission, BadCell> {
    use Transmission::*;
    pick(
        cell,
        &[
            ("manual", Manual),
            ("mecanico", Manual),
            ("automatico", Automatic),
            ("automatica", Automatic),
            ("automatic", Automatic),
            ("cvt", Cvt),
            ("automatizado", AutomatedManual),
            ("automatizada", AutomatedManual),
            ("automatedmanual", AutomatedManual),
        ],
        "transmission (manual, automático, cvt, automatizado)",
    )
}

pub fn parse_condition(cell: &str) -> Result<Condition, BadCell> {
    use Condition::*;
    pick(
        cell,
        &[
            ("novo", New),
            ("0km", New),
            ("zerokm", New),
            ("new", New),
            ("usado", Used),
            ("seminovo", Used),
            ("used", Used),
        ],
        "condition (novo, usado)",
    )
}

pub fn parse_status(cell: &str) -> Result<VehicleStatus, BadCell> {
    use VehicleStatus::*;
    pick(
        cell,
        &[
            ("emtransito", InTransit),
            ("intransit", InTransit),
            ("empreparacao", InPreparation),
            ("inpreparation", InPreparation),
            ("disponivel", Available),
            ("available", Available),
            ("reservado", Reserved),
            ("reserved", Reserved),
            ("vendido", Sold),
            ("sold", Sold),
            ("entregue", Delivered),
            ("delivered", Delivered),
            ("indisponivel", Unavailable),
            ("unavailable", Unavailable),
            ("devolvido", Returned),
            ("returned", Returned),
            ("docliente", CustomerOwned),
            ("customerowned", CustomerOwned),
        ],
        "status (disponível, em trânsito, em preparação, ...)",
    )
}

pub fn parse_origin(cell: &str) -> Result<Origin, BadCell> {
    use Origin::*;
    pick(
        cell,
        &[
            ("compra", Purchase),
            ("purchase", Purchase),
            ("troca", TradeIn),
            ("tradein", TradeIn),
            ("consignacao", Consignment),
            ("consignado", Consignment),
            ("consignment", Consignment),
            ("fabrica", Factory),
            ("montadora", Factory),
            ("factory", Factory),
        ],
        "origin (compra, troca, consignação, fábrica)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_money_written_the_brazilian_way_and_the_other_way() {
        assert_eq!(parse_money("R$ 45.990,00"), Ok(4_599_000));
        assert_eq!(parse_money("R$45.990,5"), Ok(4_599_050));
        assert_eq!(parse_money("45990,99"), Ok(4_599_099));
        assert_eq!(parse_money("45.990"), Ok(4_599_000));
        assert_eq!(parse_money("1.245.990"), Ok(124_599_000));
        assert_eq!(parse_money("45990.00"), Ok(4_599_000));
        assert_eq!(parse_money("45,990.00"), Ok(4_599_000));
        assert_eq!(parse_money("45990"), Ok(4_599_000));
        assert_eq!(parse_money(" 0,05 "), Ok(5));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for cell in ["", "abc", "45.99.0", "-10,00", "R$", "4599,0,0", "12.34,5x", "99999999999999999999"] {
            assert_eq!(parse_money(cell).map_err(|e| e.code), Err("imports.invalid_amount"), "{cell}");
        }
    }

    #[test]
    fn reads_km_and_years() {
        assert_eq!(parse_km("45.000 km"), Ok(45_000));
        assert_eq!(parse_km("45000"), Ok(45_000));
        assert_eq!(parse_km("1,200"), Ok(1_200));
        assert!(parse_km("45 mil").is_err());
        assert_eq!(parse_years("2023"), Ok((2023, None)));
        assert_eq!(parse_years("2023/2024"), Ok((2023, Some(2024))));
        assert_eq!(parse_years("2023/24"), Ok((2023, Some(2024))));
        assert_eq!(parse_years("vinte").map_err(|e| e.code), Err("imports.invalid_year"));
    }

    #[test]
    fn headers_and_values_in_portuguese_or_english() {
        assert_eq!(field_for_header("Preço (R$)"), Some(Field::Price));
        assert_eq!(field_for_header("Ano Fabricação"), Some(Field::Year));
        assert_eq!(field_for_header("ano_modelo"), Some(Field::ModelYear));
        assert_eq!(field_for_header("Chassi"), Some(Field::Vin));
        assert_eq!(field_for_header("Model Year"), Some(Field::ModelYear));
        assert_eq!(field_for_header("Foto"), None);
        assert_eq!(parse_transmission("Automático"), Ok(Transmission::Automatic));
        assert_eq!(parse_fuel("Álcool"), Ok(Fuel::Ethanol));
        assert_eq!(parse_condition("0 km"), Ok(Condition::New));
        assert_eq!(parse_status("Em preparação"), Ok(VehicleStatus::InPreparation));
        for &s in VehicleStatus::ALL {
            assert_eq!(parse_status(crate::export::status_label(s)), Ok(s));
        }
        assert_eq!(Field::from_pointer("/options/3"), Some(Field::Options));
        assert_eq!(Field::from_pointer("/priceCents"), Some(Field::Price));
    }
}
