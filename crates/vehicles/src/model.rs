//! Vehicles as plain rules: the status machine, the text enums of the record, folding for search,
//! and the vehicle record with its checks (`vehicle`).

mod vehicle;

pub use vehicle::entity as vehicle_entity;
pub use vehicle::{MAX_CENTAVOS, TextList, Vehicle};
// The history and expense records are their rows as they are.
pub use crate::store::{Expense, PriceChange, StatusChange};

innexar_kernel::string_enum!(
    /// Where a vehicle is in its life at the dealership.
    pub VehicleStatus {
        /// Bought or ordered, not yet on the lot.
        InTransit = "in_transit",
        /// On the lot, being cleaned, repaired or documented.
        InPreparation = "in_preparation",
        /// For sale.
        Available = "available",
        /// Held for a customer.
        Reserved = "reserved",
        /// Sold, awaiting delivery.
        Sold = "sold",
        /// Handed to the buyer.
        Delivered = "delivered",
        /// Out of sale for now (damage, legal hold).
        Unavailable = "unavailable",
        /// A consignment vehicle given back to its owner.
        Returned = "returned",
        /// A customer's own car, never (or not since) the dealer's stock: registered in the CRM,
        /// or come in for service or appraisal. It enters stock only as a trade-in.
        CustomerOwned = "customer_owned",
    }
);

impl VehicleStatus {
    /// The statuses reachable from this one.
    pub fn next(self) -> &'static [VehicleStatus] {
        use VehicleStatus::*;
        match self {
            InTransit => &[InPreparation, Available, Unavailable],
            InPreparation => &[Available, Unavailable],
            Available => &[Reserved, Sold, InPreparation, Unavailable, Returned],
            Reserved => &[Available, Sold],
            // A sale undone before delivery puts the car back on sale.
            Sold => &[Delivered, Available],
            Delivered => &[],
            Unavailable => &[Available, InPreparation, Returned],
            Returned => &[],
            CustomerOwned => &[],
        }
    }

    pub fn can_become(self, to: VehicleStatus) -> bool {
        self.next().contains(&to)
    }

    /// The statuses reachable from this one for a vehicle of this origin: only a consigned
    /// vehicle can be given back to its owner.
    pub fn next_for(self, origin: Origin) -> impl Iterator<Item = VehicleStatus> {
        self.next().iter().copied().filter(move |s| *s != VehicleStatus::Returned || origin == Origin::Consignment)
    }

    pub fn can_become_for(self, origin: Origin, to: VehicleStatus) -> bool {
        self.next_for(origin).any(|s| s == to)
    }

    /// Statuses a vehicle may be created in.
    pub const INITIAL: &'static [VehicleStatus] =
        &[VehicleStatus::InTransit, VehicleStatus::InPreparation, VehicleStatus::Available];

    pub fn is_initial(self) -> bool {
        matches!(self, VehicleStatus::InTransit | VehicleStatus::InPreparation | VehicleStatus::Available)
    }

    /// Still the dealer's stock (counts for stock value and days in stock).
    pub fn is_in_stock(self) -> bool {
        !matches!(
            self,
            VehicleStatus::Sold | VehicleStatus::Delivered | VehicleStatus::Returned | VehicleStatus::CustomerOwned
        )
    }
}

innexar_kernel::string_enum!(
    /// Fuel; `flex` runs on gasoline and ethanol, as most Brazilian cars do.
    pub Fuel { Flex = "flex", Gasoline = "gasoline", Ethanol = "ethanol", Diesel = "diesel", Hybrid = "hybrid", Electric = "electric", Cng = "cng" }
);
innexar_kernel::string_enum!(pub Transmission { Manual = "manual", Automatic = "automatic", Cvt = "cvt", AutomatedManual = "automated_manual" });
innexar_kernel::string_enum!(pub Condition { New = "new", Used = "used" });
innexar_kernel::string_enum!(
    /// How the vehicle came to the dealer.
    pub Origin {
        Purchase = "purchase", TradeIn = "trade_in", Consignment = "consignment", Factory = "factory",
        /// A customer's own car, registered without the dealer acquiring it.
        Customer = "customer",
    }
);

pub use innexar_kernel::text::{fold, name_key};

/// What dealers and customers call the makes sold in Brazil, folded, with the name the stock
/// files them under (folded too): a filter or a suggestion for "vw" finds Volkswagen.
const MAKE_ALIASES: &[(&str, &str)] = &[
    ("vw", "volkswagen"),
    ("volks", "volkswagen"),
    ("gm", "chevrolet"),
    ("chevy", "chevrolet"),
    ("mb", "mercedes-benz"),
    ("mercedes", "mercedes-benz"),
    ("benz", "mercedes-benz"),
    ("lr", "land rover"),
    ("landrover", "land rover"),
    ("caoa", "caoa chery"),
];

/// What a name filter compares, per word typed: the key to find inside a name's key, or, for
/// an alias of a make, the key the make's name starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery {
    /// The make an alias stands for (`vw` -> `volkswagen`), as a key.
    pub alias_of: Option<String>,
    /// The key of each word typed; a name matches when its key holds every one.
    pub words: Vec<String>,
}

impl NameQuery {
    pub fn new(typed: &str) -> NameQuery {
        let folded = fold(typed.trim());
        NameQuery {
            alias_of: MAKE_ALIASES.iter().find(|(alias, _)| *alias == folded).map(|(_, full)| name_key(full)),
            words: folded.split_whitespace().map(name_key).filter(|w| !w.is_empty()).collect(),
        }
    }

    /// Whether a name's key answers the query (the same rule the list applies in SQL).
    pub fn matches_key(&self, key: &str) -> bool {
        self.alias_of.as_ref().is_some_and(|full| key.starts_with(full.as_str()))
            || self.words.iter().all(|w| key.contains(w.as_str()))
    }
}

/// Whether a make or model named `name` answers what a user typed: case, accents, spacing and
/// punctuation aside, every word typed is part of the name, or the text is an alias of the make
/// ("VW", "GM").
pub fn name_matches(typed: &str, name: &str) -> bool {
    NameQuery::new(typed).matches_key(&name_key(name))
}

/// A new vehicle's `status` in the OpenAPI document: one it may enter stock in, or none
/// (`available`).
pub fn initial_status_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let values =
        VehicleStatus::INITIAL.iter().map(|s| serde_json::Value::from(s.as_str())).chain([serde_json::Value::Null]);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
        .description(Some("`in_transit`, `in_preparation` or `available` (default)."))
        .build()
}

/// `options` as the record's check takes them: at most 100, each 1 to 80 characters once
/// trimmed (blank ones are refused).
pub fn options_schema() -> utoipa::openapi::schema::Array {
    options(false)
}

/// [`options_schema`] in a patch, where `null` leaves the list as it is.
pub fn options_patch_schema() -> utoipa::openapi::schema::Array {
    options(true)
}

fn options(nullable: bool) -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
    let blank = innexar_kernel::validate::BLANK_CLASS;
    let text = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]";
    let item = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(80))
        .pattern(Some(format!("^{blank}*[^\\s\\x00-\\x1F\\x7F-\\x9F]{text}*$")));
    let kind = if nullable { SchemaType::from_iter([Type::Array, Type::Null]) } else { SchemaType::new(Type::Array) };
    ArrayBuilder::new()
        .schema_type(kind)
        .items(item)
        .max_items(Some(100))
        .description(Some("Equipment and options."))
        .build()
}

/// `vin` as `identifiers::parse_vin` takes it: 17 digits and letters but I, O and Q, any case,
/// or blank for none.
pub fn vin_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let blank = innexar_kernel::validate::BLANK_CLASS;
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some(format!("^{blank}*([0-9A-HJ-NPR-Za-hj-npr-z]{{17}})?{blank}*$")))
        .description(Some("Chassi, 17 characters."))
        .build()
}

/// `fipeCode` as the record's check takes it: 7 digits, hyphens anywhere (`005340-6`), or blank
/// for none.
pub fn fipe_code_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let blank = innexar_kernel::validate::BLANK_CLASS;
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some(format!("^{blank}*(-*([0-9]-*){{7}})?{blank}*$")))
        .description(Some("FIPE table code, `NNNNNN-N`."))
        .build()
}

/// `placa` as `identifiers::parse_placa` takes it: `ABC1234` or `ABC1D23`, any case, hyphens and
/// spaces anywhere, or blank for none.
pub fn placa_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let blank = innexar_kernel::validate::BLANK_CLASS;
    let plate: String = ["[A-Za-z]", "[A-Za-z]", "[A-Za-z]", "[0-9]", "[A-Za-z0-9]", "[0-9]", "[0-9]"]
        .iter()
        .map(|class| format!("{class}[- ]*"))
        .collect();
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some(format!("^{blank}*([- ]*{plate})?{blank}*$")))
        .description(Some("`ABC1234` or Mercosul `ABC1D23`; hyphen optional. New cars usually have none yet."))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_machine_follows_the_lot() {
        use VehicleStatus::*;
        assert!(InTransit.can_become(InPreparation));
        assert!(Available.can_become(Reserved));
        assert!(Reserved.can_become(Sold));
        assert!(Sold.can_become(Delivered));
        assert!(!Available.can_become(Delivered));
        assert!(!Delivered.can_become(Available));
        assert!(!Returned.can_become(Available));
        assert!(!Reserved.can_become(Reserved));
        for &s in VehicleStatus::ALL {
            assert_eq!(VehicleStatus::parse(s.as_str()), Some(s));
            assert!(!s.can_become(s), "{s:?} must not loop to itself");
        }
    }

    #[test]
    fn only_a_consigned_vehicle_is_given_back() {
        use VehicleStatus::*;
        assert!(Available.can_become_for(Origin::Consignment, Returned));
        assert!(Unavailable.can_become_for(Origin::Consignment, Returned));
        for origin in [Origin::Purchase, Origin::TradeIn, Origin::Factory] {
            assert!(!Available.can_become_for(origin, Returned), "{origin:?}");
            assert!(Available.can_become_for(origin, Sold), "{origin:?}");
        }
    }

    #[test]
    fn names_match_as_sales_floors_type_them() {
        for typed in ["chevrolet", "Chev", "CHEVROLET", "gm", "GM", "chevy", "rolet"] {
            assert!(name_matches(typed, "Chevrolet"), "{typed}");
        }
        for typed in ["VW", "volks", "volkswagen", "Volks Wagen"] {
            assert!(name_matches(typed, "Volkswagen"), "{typed}");
        }
        assert!(name_matches("citroen", "Citroën"));
        assert!(name_matches("mercedes benz", "Mercedes-Benz"));
        assert!(name_matches("hb 20", "HB20"));
        assert!(name_matches("onix", "Onix Plus"));
        assert!(!name_matches("vw", "Chevrolet"));
        assert!(!name_matches("gm", "Volkswagen"));
        assert!(!name_matches("fiat", "Ford"));
    }
}
