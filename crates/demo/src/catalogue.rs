//! The makes, models and versions the generator draws from.
//!
//! Prices are 0 km list prices in reais at 2025-2026 levels. A version that is no longer sold
//! is priced as if it were still sold today, so that depreciation from that price gives a
//! plausible used-car price. Each version carries the years (of manufacture) it was on sale;
//! a model is on sale in a year when any of its versions is.

pub(crate) const FLEX: &str = "flex";
pub(crate) const GASOLINE: &str = "gasoline";
pub(crate) const DIESEL: &str = "diesel";
pub(crate) const HYBRID: &str = "hybrid";
pub(crate) const ELECTRIC: &str = "electric";

pub(crate) const MANUAL: &str = "manual";
pub(crate) const AUTOMATIC: &str = "automatic";
pub(crate) const CVT: &str = "cvt";
pub(crate) const AUTOMATED_MANUAL: &str = "automated_manual";

pub(crate) struct Trim {
    pub(crate) name: &'static str,
    pub(crate) price_reais: i64,
    pub(crate) fuel: &'static str,
    pub(crate) transmission: &'static str,
    pub(crate) from: i32,
    pub(crate) until: i32,
}

impl Trim {
    pub(crate) const fn on_sale(&self, year: i32) -> bool {
        self.from <= year && year <= self.until
    }

    const fn since(mut self, year: i32) -> Self {
        self.from = year;
        self
    }

    const fn until(mut self, year: i32) -> Self {
        self.until = year;
        self
    }

    const fn years(self, from: i32, until: i32) -> Self {
        self.since(from).until(until)
    }
}

const fn t(name: &'static str, price_reais: i64, fuel: &'static str, transmission: &'static str) -> Trim {
    Trim { name, price_reais, fuel, transmission, from: i32::MIN, until: i32::MAX }
}

pub(crate) struct Model {
    pub(crate) name: &'static str,
    /// Relative share of the make's stock.
    pub(crate) weight: u32,
    pub(crate) trims: &'static [Trim],
}

impl Model {
    pub(crate) fn on_sale(&self, year: i32) -> bool {
        self.trims.iter().any(|t| t.on_sale(year))
    }
}

pub(crate) struct Make {
    pub(crate) name: &'static str,
    /// Relative share of the market.
    pub(crate) weight: u32,
    /// World manufacturer identifiers (VIN positions 1-3).
    pub(crate) wmis: &'static [&'static str],
    /// Plant codes (VIN position 11), each a character of the VIN alphabet.
    pub(crate) plants: &'static [u8],
    pub(crate) models: &'static [Model],
}

const fn m(name: &'static str, weight: u32, trims: &'static [Trim]) -> Model {
    Model { name, weight, trims }
}

pub(crate) const MAKES: &[Make] = &[
    Make {
        name: "Volkswagen",
        weight: 16,
        wmis: &["9BW"],
        plants: b"TP4",
        models: &[
            m(
                "Gol",
                10,
                &[
                    t("1.0 MPI", 76_000, FLEX, MANUAL).years(2012, 2022),
                    t("1.6 MSI", 86_000, FLEX, MANUAL).years(2013, 2022),
                    t("1.6 MSI Automático", 95_000, FLEX, AUTOMATIC).years(2019, 2022),
                ],
            ),
            m(
                "Polo",
                18,
                &[
                    t("1.0 MPI", 95_000, FLEX, MANUAL).since(2017),
                    t("1.0 MPI Track", 92_000, FLEX, MANUAL).since(2023),
                    t("1.0 200 TSI Comfortline", 122_000, FLEX, AUTOMATIC).since(2017),
                    t("1.0 200 TSI Highline", 135_000, FLEX, AUTOMATIC).since(2017),
                    t("1.4 250 TSI GTS", 160_000, FLEX, AUTOMATIC).since(2020),
                ],
            ),
            m(
                "Virtus",
                10,
                &[
                    t("1.6 MSI", 105_000, FLEX, MANUAL).years(2018, 2022),
                    t("1.0 200 TSI Comfortline", 128_000, FLEX, AUTOMATIC).since(2018),
                    t("1.0 200 TSI Highline", 143_000, FLEX, AUTOMATIC).since(2018),
                    t("1.4 250 TSI Exclusive", 160_000, FLEX, AUTOMATIC).since(2023),
                ],
            ),
            m(
                "T-Cross",
                16,
                &[
                    t("1.0 200 TSI", 145_000, FLEX, AUTOMATIC).since(2019),
                    t("1.0 200 TSI Comfortline", 160_000, FLEX, AUTOMATIC).since(2019),
                    t("1.4 250 TSI Highline", 185_000, FLEX, AUTOMATIC).since(2019),
                ],
            ),
            m(
                "Nivus",
                10,
                &[
                    t("1.0 200 TSI Comfortline", 140_000, FLEX, AUTOMATIC).since(2020),
                    t("1.0 200 TSI Highline", 158_000, FLEX, AUTOMATIC).since(2020),
                    t("1.4 250 TSI GTS", 175_000, FLEX, AUTOMATIC).since(2022),
                ],
            ),
            m(
                "Saveiro",
                8,
                &[
                    t("1.6 MSI Robust CS", 100_000, FLEX, MANUAL).since(2012),
                    t("1.6 MSI Trendline CD", 110_000, FLEX, MANUAL).since(2012),
                    t("1.6 MSI Cross CD", 120_000, FLEX, MANUAL).years(2012, 2022),
                    t("1.6 MSI Extreme CD", 125_000, FLEX, MANUAL).since(2023),
                ],
            ),
            m(
                "Amarok",
                4,
                &[
                    t("2.0 TDI SE 4x4 CD", 220_000, DIESEL, MANUAL).years(2012, 2020),
                    t("2.0 TDI Highline 4x4 CD", 245_000, DIESEL, AUTOMATIC).years(2012, 2020),
                    t("3.0 V6 Comfortline 4Motion", 285_000, DIESEL, AUTOMATIC).since(2018),
                    t("3.0 V6 Highline 4Motion", 315_000, DIESEL, AUTOMATIC).since(2018),
                    t("3.0 V6 Extreme 4Motion", 340_000, DIESEL, AUTOMATIC).since(2018),
                ],
            ),
        ],
    },
    Make {
        name: "Chevrolet",
        weight: 14,
        wmis: &["9BG"],
        plants: b"BCG",
        models: &[
            m(
                "Onix",
                24,
                &[
                    t("1.4 LTZ", 90_000, FLEX, MANUAL).years(2012, 2019),
                    t("1.4 LTZ Automático", 95_000, FLEX, AUTOMATIC).years(2013, 2019),
                    t("1.0 LT", 100_000, FLEX, MANUAL).since(2012),
                    t("1.0 MT", 96_000, FLEX, MANUAL).since(2020),
                    t("1.0 Turbo LT", 115_000, FLEX, AUTOMATIC).since(2020),
                    t("1.0 Turbo RS", 120_000, FLEX, AUTOMATIC).since(2023),
                    t("1.0 Turbo Premier", 128_000, FLEX, AUTOMATIC).since(2020),
                ],
            ),
            m(
                "Onix Plus",
                12,
                &[
                    t("1.0 LT", 108_000, FLEX, MANUAL).since(2019),
                    t("1.0 Turbo LT", 121_000, FLEX, AUTOMATIC).since(2019),
                    t("1.0 Turbo Premier", 134_000, FLEX, AUTOMATIC).since(2019),
                ],
            ),
            m(
                "Prisma",
                6,
                &[
                    t("1.4 LT", 88_000, FLEX, MANUAL).years(2013, 2019),
                    t("1.4 LTZ Automático", 95_000, FLEX, AUTOMATIC).years(2013, 2019),
                ],
            ),
            m(
                "Tracker",
                16,
                &[
                    t("1.8 LTZ", 115_000, FLEX, AUTOMATIC).years(2013, 2016),
                    t("1.4 Turbo LTZ", 130_000, FLEX, AUTOMATIC).years(2017, 2020),
                    t("1.0 Turbo", 127_000, FLEX, AUTOMATIC).since(2020),
                    t("1.0 Turbo LT", 140_000, FLEX, AUTOMATIC).since(2020),
                    t("1.2 Turbo Premier", 165_000, FLEX, AUTOMATIC).since(2020),
                    t("1.2 Turbo RS", 163_000, FLEX, AUTOMATIC).since(2024),
                ],
            ),
            m(
                "S10",
                8,
                &[
                    t("2.5 Flex LT 4x2 CD", 210_000, FLEX, AUTOMATIC).years(2013, 2023),
                    t("2.8 Turbo Diesel LS 4x4 CD", 255_000, DIESEL, MANUAL).since(2012),
                    t("2.8 Turbo Diesel LTZ 4x4 CD", 290_000, DIESEL, AUTOMATIC).years(2012, 2022),
                    t("2.8 Turbo Diesel LT 4x4 CD", 280_000, DIESEL, AUTOMATIC).since(2023),
                    t("2.8 Turbo Diesel High Country 4x4 CD", 320_000, DIESEL, AUTOMATIC).since(2016),
                ],
            ),
            m(
                "Spin",
                6,
                &[
                    t("1.8 LT", 118_000, FLEX, MANUAL).since(2012),
                    t("1.8 LTZ 7L", 135_000, FLEX, AUTOMATIC).years(2012, 2024),
                    t("1.8 Premier 7L", 142_000, FLEX, AUTOMATIC).since(2019),
                ],
            ),
            m(
                "Montana",
                6,
                &[
                    t("1.2 Turbo MT", 130_000, FLEX, MANUAL).since(2023),
                    t("1.2 Turbo LT", 145_000, FLEX, AUTOMATIC).since(2023),
                    t("1.2 Turbo Premier", 162_000, FLEX, AUTOMATIC).since(2023),
                ],
            ),
        ],
    },
    Make {
        name: "Fiat",
        weight: 21,
        wmis: &["9BD"],
        plants: b"B1",
        models: &[
            m(
                "Mobi",
                10,
                &[t("1.0 Like", 76_000, FLEX, MANUAL).since(2016), t("1.0 Trekking", 82_000, FLEX, MANUAL).since(2016)],
            ),
            m(
                "Uno",
                5,
                &[
                    t("1.0 Attractive", 68_000, FLEX, MANUAL).years(2012, 2021),
                    t("1.0 Way", 72_000, FLEX, MANUAL).years(2012, 2021),
                ],
            ),
            m(
                "Argo",
                16,
                &[
                    t("1.0 Drive", 92_000, FLEX, MANUAL).since(2017),
                    t("1.3 Drive", 100_000, FLEX, MANUAL).since(2017),
                    t("1.3 Drive GSR", 95_000, FLEX, AUTOMATED_MANUAL).years(2017, 2020),
                    t("1.8 HGT AT6", 100_000, FLEX, AUTOMATIC).years(2017, 2021),
                    t("1.3 Drive CVT", 108_000, FLEX, CVT).since(2022),
                    t("1.3 Trekking CVT", 112_000, FLEX, CVT).since(2023),
                ],
            ),
            m(
                "Cronos",
                8,
                &[
                    t("1.3 Drive", 106_000, FLEX, MANUAL).since(2018),
                    t("1.8 Precision AT6", 110_000, FLEX, AUTOMATIC).years(2018, 2022),
                    t("1.0 Drive", 102_000, FLEX, MANUAL).since(2022),
                    t("1.3 Drive CVT", 113_000, FLEX, CVT).since(2022),
                ],
            ),
            m(
                "Strada",
                22,
                &[
                    t("1.4 Working CS", 90_000, FLEX, MANUAL).years(2012, 2020),
                    t("1.4 Freedom CD", 95_000, FLEX, MANUAL).years(2012, 2020),
                    t("1.3 Endurance CP", 108_000, FLEX, MANUAL).since(2020),
                    t("1.3 Freedom CD", 118_000, FLEX, MANUAL).since(2020),
                    t("1.3 Volcano CD CVT", 130_000, FLEX, CVT).since(2023),
                    t("1.0 Turbo Ranch CD", 145_000, FLEX, CVT).since(2023),
                ],
            ),
            m(
                "Toro",
                10,
                &[
                    t("1.8 Freedom AT6", 140_000, FLEX, AUTOMATIC).years(2016, 2021),
                    t("2.0 Turbodiesel Volcano 4x4", 210_000, DIESEL, AUTOMATIC).years(2016, 2021),
                    t("1.3 Turbo Freedom", 165_000, FLEX, AUTOMATIC).since(2022),
                    t("1.3 Turbo Volcano", 185_000, FLEX, AUTOMATIC).since(2022),
                    t("2.2 Turbodiesel Volcano 4x4", 220_000, DIESEL, AUTOMATIC).since(2022),
                    t("2.2 Turbodiesel Ultra 4x4", 240_000, DIESEL, AUTOMATIC).since(2022),
                ],
            ),
            m(
                "Pulse",
                8,
                &[
                    t("1.3 Drive", 100_000, FLEX, MANUAL).since(2021),
                    t("1.3 Drive CVT", 112_000, FLEX, CVT).since(2021),
                    t("1.0 Turbo Audace", 128_000, FLEX, CVT).since(2021),
                    t("1.0 Turbo Impetus", 140_000, FLEX, CVT).since(2021),
                    t("1.3 Turbo Abarth", 160_000, FLEX, AUTOMATIC).since(2022),
                ],
            ),
            m(
                "Fastback",
                6,
                &[
                    t("1.0 Turbo Audace", 140_000, FLEX, CVT).since(2022),
                    t("1.0 Turbo Impetus", 150_000, FLEX, CVT).since(2022),
                    t("1.3 Turbo Abarth", 165_000, FLEX, AUTOMATIC).since(2023),
                ],
            ),
        ],
    },
    Make {
        name: "Hyundai",
        weight: 9,
        wmis: &["95P", "9BH"],
        plants: b"PB",
        models: &[
            m(
                "HB20",
                20,
                &[
                    t("1.0 Comfort", 88_000, FLEX, MANUAL).since(2012),
                    t("1.6 Premium Automático", 85_000, FLEX, AUTOMATIC).years(2012, 2019),
                    t("1.0 Sense", 85_000, FLEX, MANUAL).since(2020),
                    t("1.0 Turbo Limited", 110_000, FLEX, AUTOMATIC).since(2020),
                    t("1.0 Turbo Platinum", 120_000, FLEX, AUTOMATIC).since(2022),
                ],
            ),
            m(
                "HB20S",
                10,
                &[
                    t("1.0 Comfort", 98_000, FLEX, MANUAL).since(2013),
                    t("1.6 Premium Automático", 90_000, FLEX, AUTOMATIC).years(2013, 2019),
                    t("1.0 Turbo Limited", 118_000, FLEX, AUTOMATIC).since(2020),
                    t("1.0 Turbo Platinum Plus", 128_000, FLEX, AUTOMATIC).since(2022),
                ],
            ),
            m(
                "Creta",
                14,
                &[
                    t("1.6 Attitude", 120_000, FLEX, AUTOMATIC).years(2016, 2021),
                    t("2.0 Prestige", 135_000, FLEX, AUTOMATIC).years(2016, 2021),
                    t("1.0 Turbo Comfort", 148_000, FLEX, AUTOMATIC).since(2022),
                    t("1.0 Turbo Limited", 162_000, FLEX, AUTOMATIC).since(2022),
                    t("2.0 Ultimate", 175_000, FLEX, AUTOMATIC).years(2022, 2024),
                    t("1.6 Turbo Ultimate", 188_000, FLEX, AUTOMATIC).since(2025),
                ],
            ),
        ],
    },
    Make {
        name: "Toyota",
        weight: 8,
        wmis: &["9BR"],
        plants: b"JS",
        models: &[
            m(
                "Corolla",
                14,
                &[
                    t("2.0 GLi", 160_000, FLEX, CVT).since(2012),
                    t("2.0 XEi", 175_000, FLEX, CVT).since(2012),
                    t("2.0 Altis Premium", 190_000, FLEX, CVT).since(2015),
                    t("1.8 Altis Hybrid Premium", 205_000, HYBRID, CVT).since(2019),
                ],
            ),
            m(
                "Corolla Cross",
                14,
                &[
                    t("2.0 XR", 170_000, FLEX, CVT).since(2021),
                    t("2.0 XRE", 190_000, FLEX, CVT).since(2021),
                    t("1.8 XRX Hybrid", 205_000, HYBRID, CVT).since(2021),
                ],
            ),
            m(
                "Hilux",
                12,
                &[
                    t("2.7 SR 4x2 Flex CD", 225_000, FLEX, AUTOMATIC).since(2012),
                    t("3.0 SRV 4x4 Diesel CD", 270_000, DIESEL, AUTOMATIC).years(2012, 2015),
                    t("2.8 SRV 4x4 Diesel CD", 300_000, DIESEL, AUTOMATIC).since(2016),
                    t("2.8 SRX Plus 4x4 Diesel CD", 335_000, DIESEL, AUTOMATIC).since(2021),
                    t("2.8 GR-Sport 4x4 Diesel CD", 360_000, DIESEL, AUTOMATIC).since(2022),
                ],
            ),
            m(
                "Yaris",
                8,
                &[
                    t("1.5 XL", 100_000, FLEX, MANUAL).since(2018),
                    t("1.5 XS CVT", 115_000, FLEX, CVT).since(2018),
                    t("1.5 XLS CVT", 125_000, FLEX, CVT).since(2018),
                ],
            ),
            m(
                "Etios",
                5,
                &[
                    t("1.3 X", 65_000, FLEX, MANUAL).years(2012, 2021),
                    t("1.5 XLS Automático", 75_000, FLEX, AUTOMATIC).years(2017, 2021),
                ],
            ),
            m(
                "SW4",
                4,
                &[
                    t("3.0 SRV Diesel 7L", 300_000, DIESEL, AUTOMATIC).years(2012, 2015),
                    t("2.7 SR Flex 7L", 330_000, FLEX, AUTOMATIC).years(2012, 2020),
                    t("2.8 SRX Diesel 7L", 410_000, DIESEL, AUTOMATIC).since(2016),
                    t("2.8 Diamond Diesel 7L", 440_000, DIESEL, AUTOMATIC).since(2019),
                ],
            ),
        ],
    },
    Make {
        name: "Honda",
        weight: 5,
        wmis: &["93H"],
        plants: b"SZ",
        models: &[
            m(
                "City",
                12,
                &[
                    t("1.5 EX", 125_000, FLEX, CVT).since(2012),
                    t("1.5 EXL", 135_000, FLEX, CVT).since(2012),
                    t("1.5 Touring", 145_000, FLEX, CVT).since(2022),
                ],
            ),
            m(
                "Fit",
                6,
                &[t("1.5 EX", 90_000, FLEX, CVT).years(2012, 2021), t("1.5 EXL", 95_000, FLEX, CVT).years(2012, 2021)],
            ),
            m(
                "Civic",
                8,
                &[
                    t("2.0 LXR", 145_000, FLEX, AUTOMATIC).years(2012, 2016),
                    t("2.0 EXL", 160_000, FLEX, CVT).years(2017, 2022),
                    t("1.5 Turbo Touring", 200_000, GASOLINE, CVT).years(2017, 2021),
                    t("2.0 e:HEV Advanced Hybrid", 265_000, HYBRID, CVT).since(2023),
                ],
            ),
            m(
                "HR-V",
                14,
                &[
                    t("1.8 EX", 150_000, FLEX, CVT).years(2015, 2022),
                    t("1.8 EXL", 160_000, FLEX, CVT).years(2015, 2022),
                    t("1.8 Touring", 175_000, FLEX, CVT).years(2015, 2019),
                    t("1.5 EX", 155_000, FLEX, CVT).since(2023),
                    t("1.5 Turbo Advance", 180_000, FLEX, CVT).since(2023),
                    t("1.5 Turbo Touring", 190_000, FLEX, CVT).since(2023),
                ],
            ),
            m(
                "WR-V",
                6,
                &[
                    t("1.5 EX", 120_000, FLEX, CVT).years(2017, 2022),
                    t("1.5 EXL", 130_000, FLEX, CVT).years(2017, 2022),
                    t("1.5 EXL CVT", 140_000, FLEX, CVT).since(2025),
                ],
            ),
        ],
    },
    Make {
        name: "Jeep",
        weight: 6,
        wmis: &["988"],
        plants: b"GK",
        models: &[
            m(
                "Renegade",
                14,
                &[
                    t("1.8 Sport", 110_000, FLEX, MANUAL).years(2015, 2021),
                    t("1.8 Longitude", 125_000, FLEX, AUTOMATIC).years(2015, 2021),
                    t("2.0 Turbodiesel Trailhawk 4x4", 180_000, DIESEL, AUTOMATIC).years(2015, 2022),
                    t("1.3 Turbo", 135_000, FLEX, AUTOMATIC).since(2022),
                    t("1.3 Turbo Longitude", 150_000, FLEX, AUTOMATIC).since(2022),
                    t("1.3 Turbo Sahara", 165_000, FLEX, AUTOMATIC).since(2022),
                    t("1.3 Turbo Willys 4x4", 175_000, FLEX, AUTOMATIC).since(2022),
                ],
            ),
            m(
                "Compass",
                16,
                &[
                    t("2.0 Sport", 145_000, FLEX, AUTOMATIC).years(2016, 2021),
                    t("2.0 Longitude", 160_000, FLEX, AUTOMATIC).years(2016, 2021),
                    t("2.0 Turbodiesel Trailhawk 4x4", 240_000, DIESEL, AUTOMATIC).since(2016),
                    t("1.3 Turbo Sport", 170_000, FLEX, AUTOMATIC).since(2022),
                    t("1.3 Turbo Longitude", 185_000, FLEX, AUTOMATIC).since(2022),
                    t("1.3 Turbo Limited", 205_000, FLEX, AUTOMATIC).since(2022),
                ],
            ),
            m(
                "Commander",
                6,
                &[
                    t("1.3 Turbo Longitude", 215_000, FLEX, AUTOMATIC).since(2021),
                    t("1.3 Turbo Overland", 245_000, FLEX, AUTOMATIC).since(2021),
                    t("2.0 Turbodiesel Overland 4x4", 290_000, DIESEL, AUTOMATIC).since(2021),
                ],
            ),
        ],
    },
    Make {
        name: "Renault",
        weight: 6,
        wmis: &["93Y"],
        plants: b"SJ",
        models: &[
            m(
                "Kwid",
                14,
                &[
                    t("1.0 Zen", 73_000, FLEX, MANUAL).since(2017),
                    t("1.0 Intense", 77_000, FLEX, MANUAL).since(2017),
                    t("1.0 Outsider", 80_000, FLEX, MANUAL).since(2022),
                    t("E-Tech", 100_000, ELECTRIC, AUTOMATIC).since(2022),
                ],
            ),
            m(
                "Sandero",
                10,
                &[
                    t("1.0 Expression", 70_000, FLEX, MANUAL).years(2012, 2019),
                    t("1.6 Zen", 85_000, FLEX, MANUAL).years(2012, 2022),
                    t("1.0 Life", 80_000, FLEX, MANUAL).years(2020, 2022),
                    t("1.6 Stepway Iconic CVT", 98_000, FLEX, CVT).years(2020, 2022),
                ],
            ),
            m(
                "Duster",
                10,
                &[
                    t("1.6 Expression", 105_000, FLEX, MANUAL).years(2012, 2020),
                    t("1.6 Zen", 118_000, FLEX, MANUAL).since(2021),
                    t("1.6 Intense CVT", 130_000, FLEX, CVT).since(2021),
                    t("1.3 Turbo Iconic", 150_000, FLEX, CVT).since(2022),
                ],
            ),
            m(
                "Oroch",
                6,
                &[
                    t("2.0 Dynamique Automático", 110_000, FLEX, AUTOMATIC).years(2016, 2021),
                    t("1.6 Pro", 120_000, FLEX, MANUAL).since(2016),
                    t("1.3 Turbo Outsider", 150_000, FLEX, CVT).since(2023),
                ],
            ),
            m(
                "Kardian",
                8,
                &[
                    t("1.0 Turbo Evolution", 115_000, FLEX, MANUAL).since(2024),
                    t("1.0 Turbo Techno EDC", 135_000, FLEX, AUTOMATED_MANUAL).since(2024),
                    t("1.0 Turbo Première Edition EDC", 145_000, FLEX, AUTOMATED_MANUAL).since(2024),
                ],
            ),
        ],
    },
    Make {
        name: "Nissan",
        weight: 4,
        wmis: &["94D"],
        plants: b"RT",
        models: &[
            m(
                "Kicks",
                18,
                &[
                    t("1.6 S", 110_000, FLEX, MANUAL).years(2016, 2021),
                    t("1.6 SV CVT", 125_000, FLEX, CVT).years(2016, 2021),
                    t("1.6 SL CVT", 135_000, FLEX, CVT).years(2016, 2021),
                    t("1.6 Sense", 115_000, FLEX, MANUAL).since(2022),
                    t("1.6 Advance CVT", 140_000, FLEX, CVT).since(2022),
                    t("1.6 Exclusive CVT", 155_000, FLEX, CVT).since(2022),
                    t("1.0 Turbo Platinum", 185_000, FLEX, CVT).since(2025),
                ],
            ),
            m(
                "Versa",
                8,
                &[
                    t("1.6 SV", 70_000, FLEX, MANUAL).years(2012, 2019),
                    t("1.6 SL CVT", 80_000, FLEX, CVT).years(2016, 2019),
                    t("1.6 Sense", 105_000, FLEX, MANUAL).since(2020),
                    t("1.6 Advance CVT", 125_000, FLEX, CVT).since(2020),
                    t("1.6 Exclusive CVT", 140_000, FLEX, CVT).since(2020),
                ],
            ),
            m(
                "March",
                6,
                &[
                    t("1.0 S", 60_000, FLEX, MANUAL).years(2012, 2020),
                    t("1.6 SV CVT", 70_000, FLEX, CVT).years(2016, 2020),
                ],
            ),
            m(
                "Frontier",
                5,
                &[
                    t("2.5 SV Attack 4x4 Diesel", 160_000, DIESEL, MANUAL).years(2012, 2016),
                    t("2.3 S 4x4 Diesel", 245_000, DIESEL, MANUAL).since(2017),
                    t("2.3 XE 4x4 Diesel", 285_000, DIESEL, AUTOMATIC).since(2017),
                    t("2.3 Pro-4X Diesel", 325_000, DIESEL, AUTOMATIC).since(2017),
                ],
            ),
        ],
    },
    Make {
        name: "Ford",
        weight: 3,
        wmis: &["9BF"],
        plants: b"BC",
        models: &[
            m(
                "Ka",
                14,
                &[
                    t("1.0 SE", 72_000, FLEX, MANUAL).years(2014, 2021),
                    t("1.5 SE Plus", 80_000, FLEX, MANUAL).years(2014, 2021),
                    t("1.5 Sedan Titanium Automático", 90_000, FLEX, AUTOMATIC).years(2019, 2021),
                ],
            ),
            m(
                "EcoSport",
                8,
                &[
                    t("2.0 Titanium Powershift", 105_000, FLEX, AUTOMATED_MANUAL).years(2013, 2017),
                    t("1.6 Freestyle", 95_000, FLEX, MANUAL).years(2012, 2021),
                    t("1.5 Titanium Automático", 110_000, FLEX, AUTOMATIC).years(2018, 2021),
                ],
            ),
            m(
                "Ranger",
                12,
                &[
                    t("2.5 XL CD Flex", 170_000, FLEX, MANUAL).years(2012, 2019),
                    t("2.2 XLS 4x4 Diesel CD", 220_000, DIESEL, AUTOMATIC).years(2012, 2023),
                    t("3.2 Limited 4x4 Diesel CD", 260_000, DIESEL, AUTOMATIC).years(2012, 2023),
                    t("2.0 XL 4x4 Diesel CD", 235_000, DIESEL, MANUAL).since(2024),
                    t("2.0 XLS 4x4 Diesel CD", 260_000, DIESEL, AUTOMATIC).since(2024),
                    t("2.0 XLT 4x4 Diesel CD", 290_000, DIESEL, AUTOMATIC).since(2024),
                    t("3.0 V6 Limited 4x4 Diesel CD", 340_000, DIESEL, AUTOMATIC).since(2024),
                    t("3.0 V6 Raptor", 440_000, GASOLINE, AUTOMATIC).since(2024),
                ],
            ),
            m(
                "Territory",
                6,
                &[
                    t("1.5 EcoBoost SEL", 195_000, GASOLINE, AUTOMATIC).years(2020, 2023),
                    t("1.5 EcoBoost Titanium", 220_000, GASOLINE, AUTOMATIC).since(2020),
                ],
            ),
            m(
                "Maverick",
                6,
                &[
                    t("2.0 EcoBoost Lariat FX4", 245_000, GASOLINE, AUTOMATIC).since(2022),
                    t("2.5 Hybrid Lariat", 235_000, HYBRID, CVT).since(2024),
                ],
            ),
        ],
    },
    Make {
        name: "Peugeot",
        weight: 3,
        wmis: &["936"],
        plants: b"PB",
        models: &[
            m(
                "208",
                16,
                &[
                    t("1.2 Active", 78_000, FLEX, MANUAL).years(2013, 2019),
                    t("1.6 Griffe Automático", 90_000, FLEX, AUTOMATIC).years(2013, 2019),
                    t("1.6 Active", 95_000, FLEX, MANUAL).years(2020, 2022),
                    t("1.6 Allure Automático", 105_000, FLEX, AUTOMATIC).years(2020, 2023),
                    t("1.0 Like", 82_000, FLEX, MANUAL).since(2023),
                    t("1.0 Turbo Allure", 112_000, FLEX, CVT).since(2024),
                    t("1.0 Turbo GT", 125_000, FLEX, CVT).since(2024),
                    t("e-208 GT", 175_000, ELECTRIC, AUTOMATIC).since(2021),
                ],
            ),
            m(
                "2008",
                10,
                &[
                    t("1.6 Allure Automático", 115_000, FLEX, AUTOMATIC).years(2015, 2023),
                    t("1.6 THP Griffe", 125_000, FLEX, AUTOMATIC).years(2016, 2023),
                    t("1.0 Turbo Active", 135_000, FLEX, CVT).since(2024),
                    t("1.0 Turbo Allure", 145_000, FLEX, CVT).since(2024),
                    t("1.0 Turbo GT", 160_000, FLEX, CVT).since(2024),
                ],
            ),
        ],
    },
    Make {
        name: "Citroën",
        weight: 2,
        wmis: &["935"],
        plants: b"RV",
        models: &[
            m(
                "C3",
                16,
                &[
                    t("1.5 Tendance", 70_000, FLEX, MANUAL).years(2012, 2016),
                    t("1.2 Tendance", 72_000, FLEX, MANUAL).years(2017, 2022),
                    t("1.6 Exclusive Automático", 85_000, FLEX, AUTOMATIC).years(2017, 2022),
                    t("1.0 Live", 75_000, FLEX, MANUAL).since(2022),
                    t("1.0 Feel", 85_000, FLEX, MANUAL).since(2022),
                    t("1.0 Turbo YOU!", 105_000, FLEX, CVT).since(2024),
                ],
            ),
            m(
                "C3 Aircross",
                8,
                &[
                    t("1.0 Turbo Feel", 125_000, FLEX, CVT).since(2023),
                    t("1.0 Turbo Shine 7L", 140_000, FLEX, CVT).since(2023),
                ],
            ),
            m(
                "Basalt",
                6,
                &[
                    t("1.0 Feel", 95_000, FLEX, MANUAL).since(2024),
                    t("1.0 Turbo Shine", 115_000, FLEX, CVT).since(2024),
                ],
            ),
        ],
    },
    Make {
        name: "BYD",
        weight: 4,
        wmis: &["LGX"],
        plants: b"SC",
        models: &[
            m("Dolphin Mini", 14, &[t("GS", 120_000, ELECTRIC, AUTOMATIC).since(2024)]),
            m(
                "Dolphin",
                10,
                &[
                    t("GS", 150_000, ELECTRIC, AUTOMATIC).since(2023),
                    t("Plus", 185_000, ELECTRIC, AUTOMATIC).since(2023),
                ],
            ),
            m(
                "Song Pro",
                6,
                &[
                    t("1.5 DM-i GL", 180_000, HYBRID, AUTOMATIC).since(2024),
                    t("1.5 DM-i GS", 190_000, HYBRID, AUTOMATIC).since(2024),
                ],
            ),
            m("Song Plus", 8, &[t("1.5 DM-i Premium", 240_000, HYBRID, AUTOMATIC).since(2023)]),
            m("King", 6, &[t("1.5 DM-i GS", 180_000, HYBRID, AUTOMATIC).since(2024)]),
            m("Seal", 3, &[t("AWD Performance", 300_000, ELECTRIC, AUTOMATIC).since(2023)]),
        ],
    },
];
