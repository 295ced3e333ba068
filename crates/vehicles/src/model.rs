//! Vehicles and stores as plain rules: the status machine, identifiers, field checks.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a vehicle is in its life at the dealership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VehicleStatus {
    /// Bought or ordered, not yet on the lot.
    InTransit,
    /// On the lot, being cleaned, repaired or documented.
    InPreparation,
    /// For sale.
    Available,
    /// Held for a customer.
    Reserved,
    /// Sold, awaiting delivery.
    Sold,
    /// Handed to the buyer.
    Delivered,
    /// Out of sale for now (damage, legal hold).
    Unavailable,
    /// A consignment vehicle given back to its owner.
    Returned,
}

impl VehicleStatus {
    pub const ALL: [VehicleStatus; 8] = [
        VehicleStatus::InTransit,
        VehicleStatus::InPreparation,
        VehicleStatus::Available,
        VehicleStatus::Reserved,
        VehicleStatus::Sold,
        VehicleStatus::Delivered,
        VehicleStatus::Unavailable,
        VehicleStatus::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VehicleStatus::InTransit => "in_transit",
            VehicleStatus::InPreparation => "in_preparation",
            VehicleStatus::Available => "available",
            VehicleStatus::Reserved => "reserved",
            VehicleStatus::Sold => "sold",
            VehicleStatus::Delivered => "delivered",
            VehicleStatus::Unavailable => "unavailable",
            VehicleStatus::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

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
        }
    }

    pub fn can_become(self, to: VehicleStatus) -> bool {
        self.next().contains(&to)
    }

    /// Statuses a vehicle may be created in.
    pub fn is_initial(self) -> bool {
        matches!(self, VehicleStatus::InTransit | VehicleStatus::InPreparation | VehicleStatus::Available)
    }

    /// Still the dealer's stock (counts for stock value and days in stock).
    pub fn is_in_stock(self) -> bool {
        !matches!(self, VehicleStatus::Sold | VehicleStatus::Delivered | VehicleStatus::Returned)
    }
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

string_enum!(
    /// Fuel; `flex` runs on gasoline and ethanol, as most Brazilian cars do.
    Fuel { Flex = "flex", Gasoline = "gasoline", Ethanol = "ethanol", Diesel = "diesel", Hybrid = "hybrid", Electric = "electric", Cng = "cng" }
);
string_enum!(Transmission { Manual = "manual", Automatic = "automatic", Cvt = "cvt", AutomatedManual = "automated_manual" });
string_enum!(Condition { New = "new", Used = "used" });
string_enum!(
    /// How the vehicle came to the dealer.
    Origin { Purchase = "purchase", TradeIn = "trade_in", Consignment = "consignment", Factory = "factory" }
);

/// Lowercase without accents, so "João" finds "joao" and "Citroën" finds "citroen".
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

/// Brazilian states (UF).
pub const UFS: &[&str] = &[
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB", "PR", "PE", "PI", "RJ",
    "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
];

/// The IANA zones in use in Brazil.
pub const TIME_ZONES: &[&str] = &[
    "America/Sao_Paulo",
    "America/Bahia",
    "America/Fortaleza",
    "America/Recife",
    "America/Maceio",
    "America/Belem",
    "America/Araguaina",
    "America/Santarem",
    "America/Manaus",
    "America/Boa_Vista",
    "America/Porto_Velho",
    "America/Cuiaba",
    "America/Campo_Grande",
    "America/Rio_Branco",
    "America/Eirunepe",
    "America/Noronha",
];

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
        for s in VehicleStatus::ALL {
            assert_eq!(VehicleStatus::parse(s.as_str()), Some(s));
            assert!(!s.can_become(s), "{s:?} must not loop to itself");
        }
    }

    #[test]
    fn folds_accents() {
        assert_eq!(fold("Citroën C3 Aircross Automático"), "citroen c3 aircross automatico");
    }
}
