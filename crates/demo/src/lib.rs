//! Demo stock for Innexar: a pure, deterministic generator of realistic Brazilian dealership
//! vehicles, used to seed the demo tenant and the 100,000-vehicle benchmark.
//!
//! The catalogue holds makes, models and versions sold in Brazil with 0 km prices at 2025-2026
//! levels. A generated vehicle is new (about 30%) or used (1 to 12 years old, mileage plausible
//! for its age, price depreciated by age and km), with a VIN that carries its make's WMI, a
//! correct check digit and its model-year code, and a placa in the old (`ABC1234`) or Mercosul
//! (`ABC1D23`) format. The same seed and year always give the same vehicles; nothing here reads
//! the clock, the network or a database.

mod catalogue;

use catalogue::{FLEX, MAKES, Make, Model, Trim};
use innexar_kernel::validate::vin_check_digit;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// One vehicle of demo stock, with the values a dealership's stock record holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoVehicle {
    pub make: &'static str,
    pub model: &'static str,
    /// Versão, e.g. "1.0 200 TSI Highline".
    pub trim: &'static str,
    /// Ano de fabricação.
    pub year: i32,
    /// Ano modelo: `year` or `year + 1`.
    pub model_year: i32,
    /// Portuguese colour name: "Branco", "Prata", "Preto", "Cinza", "Vermelho", "Azul"...
    pub color: &'static str,
    pub mileage_km: i64,
    /// One of "flex", "gasoline", "ethanol", "diesel", "hybrid", "electric", "cng".
    pub fuel: &'static str,
    /// One of "manual", "automatic", "cvt", "automated_manual".
    pub transmission: &'static str,
    /// "new" or "used".
    pub condition: &'static str,
    /// 17 characters of the VIN alphabet, starting with a Brazilian WMI of the make.
    pub vin: String,
    /// Uppercase without hyphen; `None` for most new cars.
    pub placa: Option<String>,
    /// Asking price in centavos: a multiple of R$ 100 for used cars, of R$ 10 for new ones.
    pub price_cents: i64,
    /// Acquisition cost in centavos, about 78% to 92% of the price.
    pub cost_cents: i64,
    /// "available", "reserved", "in_preparation", "in_transit" (new only) or "sold".
    pub status: &'static str,
}

/// Generates `count` vehicles. Deterministic for a given seed (and `current_year`).
pub fn generate(seed: u64, count: usize, current_year: i32) -> Vec<DemoVehicle> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count).map(|_| vehicle(&mut rng, current_year)).collect()
}

/// One vehicle from an RNG (used by [`generate`]; lets a caller stream 100,000 without a `Vec`).
pub fn vehicle(rng: &mut StdRng, current_year: i32) -> DemoVehicle {
    let is_new = rng.random_bool(NEW_SHARE);
    let age = if is_new { 0 } else { pick(rng, &USED_AGES, |&(_, w)| w).map_or(3, |&(age, _)| age) };
    let year = current_year - age;
    let (make, model) = choose_model(rng, year);
    let trim = choose_trim(rng, model, year);
    let model_year = if rng.random_bool(if is_new { 0.4 } else { 0.45 }) { year + 1 } else { year };
    let color = pick(rng, &COLORS, |&(_, w)| w).map_or("Branco", |&(c, _)| c);

    let mileage_km = if is_new { rng.random_range(0..=50) } else { used_mileage(rng, age) };
    // Some older flex cars carry a GNV kit (common with taxi and app drivers).
    let fuel = if !is_new && age >= 3 && trim.fuel == FLEX && rng.random_bool(0.03) { "cng" } else { trim.fuel };

    let price_cents = if is_new {
        round_reais_to_cents(trim.price_reais as f64 * rng.random_range(0.97..=1.02), 10)
    } else {
        used_price_cents(rng, trim, age, mileage_km, model_year > year)
    };
    let cost_cents =
        round_reais_to_cents(price_cents as f64 / 100.0 * rng.random_range(0.78..=0.92), 10).min(price_cents - 1_000);

    let vin = vin(rng, make, model_year);
    let placa = placa(rng, is_new, year);
    let statuses: &[(&str, u32)] = if is_new { &NEW_STATUSES } else { &USED_STATUSES };
    let status = pick(rng, statuses, |&(_, w)| w).map_or("available", |&(s, _)| s);

    DemoVehicle {
        make: make.name,
        model: model.name,
        trim: trim.name,
        year,
        model_year,
        color,
        mileage_km,
        fuel,
        transmission: trim.transmission,
        condition: if is_new { "new" } else { "used" },
        vin,
        placa,
        price_cents,
        cost_cents,
        status,
    }
}

/// Whether a placa is in the old (`ABC1234`) or Mercosul (`ABC1D23`) format: uppercase, no hyphen.
pub fn is_valid_placa(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() == 7
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b[3].is_ascii_digit()
        && (b[4].is_ascii_digit() || b[4].is_ascii_uppercase())
        && b[5..].iter().all(u8::is_ascii_digit)
}

const NEW_SHARE: f64 = 0.30;

/// Age in years of a used car and its relative share of used stock.
const USED_AGES: [(i32, u32); 12] =
    [(1, 10), (2, 14), (3, 15), (4, 14), (5, 12), (6, 10), (7, 8), (8, 6), (9, 4), (10, 3), (11, 2), (12, 2)];

const COLORS: [(&str, u32); 9] = [
    ("Branco", 28),
    ("Cinza", 24),
    ("Preto", 18),
    ("Prata", 16),
    ("Vermelho", 6),
    ("Azul", 5),
    ("Marrom", 1),
    ("Verde", 1),
    ("Bege", 1),
];

const NEW_STATUSES: [(&str, u32); 5] =
    [("available", 70), ("in_transit", 12), ("in_preparation", 6), ("reserved", 7), ("sold", 5)];
const USED_STATUSES: [(&str, u32); 4] = [("available", 75), ("in_preparation", 12), ("reserved", 7), ("sold", 6)];

/// Old-format letter series of some states (SP, MG, RJ, PR, RS, SC, BA, GO, DF, PE), weighted
/// roughly by fleet. Used loosely for Mercosul plates too.
const PLATE_SERIES: [(&[u8; 3], &[u8; 3], u32); 10] = [
    (b"BFA", b"GKI", 40),
    (b"GKJ", b"HOK", 12),
    (b"KMF", b"LVE", 9),
    (b"AAA", b"BEZ", 8),
    (b"IAQ", b"JDO", 8),
    (b"LWR", b"MMM", 6),
    (b"JKS", b"JSZ", 4),
    (b"KAV", b"KFC", 4),
    (b"JDP", b"JKR", 4),
    (b"KFD", b"KME", 3),
];

/// Characters allowed in a VIN: digits and letters except I, O and Q.
const VIN_ALPHABET: &[u8; 33] = b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

/// A weighted pick; `None` when every weight is 0.
fn pick<'a, T>(rng: &mut StdRng, items: &'a [T], weight: impl Fn(&T) -> u32) -> Option<&'a T> {
    let total: u32 = items.iter().map(&weight).sum();
    if total == 0 {
        return None;
    }
    let mut roll = rng.random_range(0..total);
    for item in items {
        let w = weight(item);
        if roll < w {
            return Some(item);
        }
        roll -= w;
    }
    None
}

/// A make by market share, then one of its models on sale in `year` by popularity.
fn choose_model(rng: &mut StdRng, year: i32) -> (&'static Make, &'static Model) {
    for _ in 0..32 {
        let Some(make) = pick(rng, MAKES, |m| m.weight) else { break };
        if let Some(model) = pick(rng, make.models, |m| if m.on_sale(year) { m.weight } else { 0 }) {
            return (make, model);
        }
    }
    // Only reached for a year far outside the catalogue: any model will do.
    let make = &MAKES[rng.random_range(0..MAKES.len())];
    (make, &make.models[rng.random_range(0..make.models.len())])
}

fn choose_trim(rng: &mut StdRng, model: &'static Model, year: i32) -> &'static Trim {
    match pick(rng, model.trims, |t| u32::from(t.on_sale(year))) {
        Some(trim) => trim,
        None => &model.trims[rng.random_range(0..model.trims.len())],
    }
}

/// About 8,000 to 20,000 km a year, over the part of its age the car has been on the road.
fn used_mileage(rng: &mut StdRng, age: i32) -> i64 {
    let per_year = rng.random_range(8_000.0..=20_000.0);
    let years_driven = f64::from(age) - rng.random_range(0.0..0.7);
    let km: f64 = per_year * years_driven * rng.random_range(0.85..=1.15);
    (km.round() as i64).max(500)
}

/// The 0 km price less about 14% on leaving the dealership and 6.5% a year after that, adjusted
/// for mileage against 13,000 km a year, plus some noise.
fn used_price_cents(rng: &mut StdRng, trim: &Trim, age: i32, mileage_km: i64, next_model_year: bool) -> i64 {
    let retention = 0.86 * 0.935_f64.powi(age - 1);
    let expected_km = 13_000.0 * f64::from(age.max(1));
    let km_factor = (1.0 - 0.10 * (mileage_km as f64 / expected_km - 1.0)).clamp(0.85, 1.08);
    let model_year_factor = if next_model_year { 1.02 } else { 1.0 };
    let noise = rng.random_range(0.95..=1.05);
    round_reais_to_cents(trim.price_reais as f64 * retention * km_factor * model_year_factor * noise, 100)
}

/// Rounds an amount in reais to a multiple of `step_reais` and returns it in centavos.
fn round_reais_to_cents(reais: f64, step_reais: i64) -> i64 {
    ((reais / step_reais as f64).round() as i64).max(1) * step_reais * 100
}

/// VIN: WMI, five random VDS characters, check digit, model-year code, plant, six-digit serial.
fn vin(rng: &mut StdRng, make: &Make, model_year: i32) -> String {
    let mut vin = String::with_capacity(17);
    vin.push_str(make.wmis[rng.random_range(0..make.wmis.len())]);
    for _ in 0..5 {
        vin.push(char::from(VIN_ALPHABET[rng.random_range(0..VIN_ALPHABET.len())]));
    }
    vin.push('0');
    vin.push(model_year_code(model_year));
    vin.push(char::from(make.plants[rng.random_range(0..make.plants.len())]));
    vin.push_str(&format!("{:06}", rng.random_range(0..1_000_000)));
    if let Some(check) = vin_check_digit(&vin) {
        vin.replace_range(8..9, check.encode_utf8(&mut [0; 4]));
    }
    vin
}

/// VIN position 10: the 30-year cycle A..Y (without I, O, Q, U, Z) then 1..9; 1980 and 2010 are A.
fn model_year_code(model_year: i32) -> char {
    const CODES: &[u8; 30] = b"ABCDEFGHJKLMNPRSTVWXY123456789";
    char::from(CODES[(model_year - 1980).rem_euclid(30) as usize])
}

/// New cars mostly have no placa yet. Used cars made before 2018 keep the old format 40% of the
/// time; the rest have Mercosul plates (converted ones use A-J in position 5, as the conversion
/// maps the old digit to a letter).
fn placa(rng: &mut StdRng, is_new: bool, year: i32) -> Option<String> {
    if is_new && !rng.random_bool(0.05) {
        return None;
    }
    let letters = plate_letters(rng);
    if !is_new && year < 2018 && rng.random_bool(0.4) {
        return Some(format!("{letters}{:04}", rng.random_range(1..10_000)));
    }
    let digit = rng.random_range(0..10);
    let letter = char::from(b'A' + if year < 2020 { rng.random_range(0..10) } else { rng.random_range(0..26) });
    Some(format!("{letters}{digit}{letter}{:02}", rng.random_range(0..100)))
}

fn plate_letters(rng: &mut StdRng) -> String {
    let index = |s: &[u8; 3]| s.iter().fold(0_u32, |n, &c| n * 26 + u32::from(c - b'A'));
    let (start, end) =
        pick(rng, &PLATE_SERIES, |&(_, _, w)| w).map_or((0, 26 * 26 * 26 - 1), |(s, e, _)| (index(s), index(e)));
    let n = rng.random_range(start..=end);
    [n / 676, n / 26 % 26, n % 26].iter().map(|&d| char::from(b'A' + d as u8)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    const YEAR: i32 = 2026;

    fn sample() -> Vec<DemoVehicle> {
        generate(42, 10_000, YEAR)
    }

    fn catalogue_trim(v: &DemoVehicle) -> &'static Trim {
        MAKES
            .iter()
            .filter(|m| m.name == v.make)
            .flat_map(|m| m.models)
            .filter(|m| m.name == v.model)
            .flat_map(|m| m.trims)
            .find(|t| t.name == v.trim)
            .expect("every generated vehicle comes from the catalogue")
    }

    #[test]
    fn model_year_codes_follow_the_standard_table() {
        let expected = [
            (2001, '1'),
            (2009, '9'),
            (2010, 'A'),
            (2011, 'B'),
            (2017, 'H'),
            (2018, 'J'),
            (2019, 'K'),
            (2020, 'L'),
            (2021, 'M'),
            (2022, 'N'),
            (2023, 'P'),
            (2024, 'R'),
            (2025, 'S'),
            (2026, 'T'),
            (2027, 'V'),
            (2028, 'W'),
            (2029, 'X'),
            (2030, 'Y'),
        ];
        for (year, code) in expected {
            assert_eq!(model_year_code(year), code, "{year}");
        }
    }

    #[test]
    fn every_vin_is_17_chars_of_the_vin_alphabet() {
        for v in sample() {
            assert_eq!(v.vin.len(), 17, "{}", v.vin);
            assert!(v.vin.bytes().all(|b| VIN_ALPHABET.contains(&b)), "{}", v.vin);
            assert!(!v.vin.contains(['I', 'O', 'Q']), "{}", v.vin);
        }
    }

    #[test]
    fn every_vin_starts_with_a_brazilian_wmi_of_its_make() {
        let expected: HashMap<&str, &[&str]> = HashMap::from([
            ("Volkswagen", &["9BW"][..]),
            ("Chevrolet", &["9BG"][..]),
            ("Fiat", &["9BD"][..]),
            ("Hyundai", &["95P", "9BH"][..]),
            ("Toyota", &["9BR"][..]),
            ("Honda", &["93H"][..]),
            ("Renault", &["93Y"][..]),
            ("Ford", &["9BF"][..]),
            ("Nissan", &["94D"][..]),
            ("Jeep", &["988"][..]),
            ("Peugeot", &["936"][..]),
            ("Citroën", &["935"][..]),
            ("BYD", &["LGX"][..]),
        ]);
        for v in sample() {
            let wmis = expected.get(v.make).expect("every make has a known WMI");
            assert!(wmis.contains(&&v.vin[..3]), "{} {}", v.make, v.vin);
        }
    }

    #[test]
    fn every_vin_has_a_correct_check_digit() {
        for v in sample() {
            let check = vin_check_digit(&v.vin).expect("a generated VIN is well formed");
            assert_eq!(v.vin.as_bytes()[8], check as u8, "{}", v.vin);
        }
    }

    #[test]
    fn every_vin_carries_the_model_year_code_in_position_10() {
        for v in sample() {
            assert_eq!(char::from(v.vin.as_bytes()[9]), model_year_code(v.model_year), "{} {}", v.model_year, v.vin);
        }
    }

    #[test]
    fn old_and_mercosul_placas_are_valid_and_anything_else_is_not() {
        for ok in ["ABC1234", "ABC1D23", "BRA2E19", "GKI0001"] {
            assert!(is_valid_placa(ok), "{ok}");
        }
        for bad in
            ["", "ABC-1234", "abc1d23", "ABC1D2", "ABC1D234", "AB12D23", "ABCD123", "ABC1DD3", "ABC1D2X", "ÁBC1D23"]
        {
            assert!(!is_valid_placa(bad), "{bad}");
        }
    }

    #[test]
    fn every_placa_is_valid_and_most_new_cars_have_none() {
        let vehicles = sample();
        for v in &vehicles {
            if let Some(p) = &v.placa {
                assert!(is_valid_placa(p), "{p}");
            }
            if v.condition == "used" {
                assert!(v.placa.is_some(), "a used car has a placa");
            }
        }
        let new: Vec<_> = vehicles.iter().filter(|v| v.condition == "new").collect();
        let with_placa = new.iter().filter(|v| v.placa.is_some()).count();
        assert!(with_placa * 10 < new.len(), "{with_placa} of {} new cars have a placa", new.len());
    }

    #[test]
    fn only_used_cars_made_before_2018_have_old_plates_and_many_of_them_do() {
        let vehicles = sample();
        let is_old = |p: &str| p.as_bytes()[4].is_ascii_digit();
        let mut before_2018 = 0;
        let mut old_plates = 0;
        for v in &vehicles {
            let Some(p) = &v.placa else { continue };
            if v.year < 2018 && v.condition == "used" {
                before_2018 += 1;
                old_plates += usize::from(is_old(p));
            } else {
                assert!(!is_old(p), "{} {} has an old plate {p}", v.condition, v.year);
            }
        }
        let share = old_plates as f64 / before_2018 as f64;
        assert!((0.3..0.5).contains(&share), "{old_plates} of {before_2018}");
    }

    #[test]
    fn the_same_seed_gives_the_same_vehicles_and_another_seed_others() {
        assert_eq!(generate(7, 500, YEAR), generate(7, 500, YEAR));
        assert_ne!(generate(7, 500, YEAR), generate(8, 500, YEAR));
    }

    #[test]
    fn generate_is_vehicle_streamed_from_a_seeded_rng() {
        let mut rng = StdRng::seed_from_u64(99);
        let streamed: Vec<_> = (0..200).map(|_| vehicle(&mut rng, YEAR)).collect();
        assert_eq!(generate(99, 200, YEAR), streamed);
    }

    #[test]
    fn cost_is_below_price_both_positive_and_cost_about_78_to_92_percent() {
        for v in sample() {
            assert!(v.cost_cents > 0 && v.price_cents > 0, "{v:?}");
            assert!(v.cost_cents < v.price_cents, "{v:?}");
            let ratio = v.cost_cents as f64 / v.price_cents as f64;
            assert!((0.775..=0.925).contains(&ratio), "{ratio} {v:?}");
        }
    }

    #[test]
    fn used_prices_are_whole_hundreds_of_reais_and_new_prices_whole_tens() {
        for v in sample() {
            let step = if v.condition == "used" { 10_000 } else { 1_000 };
            assert_eq!(v.price_cents % step, 0, "{v:?}");
        }
    }

    #[test]
    fn prices_are_realistic_for_the_brazilian_market() {
        for v in sample() {
            let list = catalogue_trim(&v).price_reais * 100;
            if v.condition == "new" {
                assert!((5_000_000..=50_000_000).contains(&v.price_cents), "{v:?}");
                assert!(v.price_cents * 100 >= list * 96 && v.price_cents * 100 <= list * 103, "{v:?}");
            } else {
                assert!((1_500_000..list).contains(&v.price_cents), "a used car costs less than new: {v:?}");
            }
        }
    }

    #[test]
    fn older_used_cars_keep_less_of_their_new_price() {
        let mut by_age: HashMap<i32, (f64, usize)> = HashMap::new();
        for v in sample().iter().filter(|v| v.condition == "used") {
            let ratio = v.price_cents as f64 / (catalogue_trim(v).price_reais * 100) as f64;
            let entry = by_age.entry(YEAR - v.year).or_default();
            entry.0 += ratio;
            entry.1 += 1;
        }
        let mean = |ages: &[i32]| {
            let (sum, n) =
                ages.iter().filter_map(|a| by_age.get(a)).fold((0.0, 0), |acc, e| (acc.0 + e.0, acc.1 + e.1));
            sum / n as f64
        };
        let young = mean(&[1, 2]);
        let old = mean(&[10, 11, 12]);
        assert!(young > 0.75 && old < 0.55 && old > 0.3, "young {young}, old {old}");
    }

    #[test]
    fn model_year_is_the_year_of_manufacture_or_the_next() {
        for v in sample() {
            assert!(v.model_year == v.year || v.model_year == v.year + 1, "{v:?}");
        }
    }

    #[test]
    fn new_cars_are_made_this_year_with_at_most_50_km() {
        for v in sample().iter().filter(|v| v.condition == "new") {
            assert_eq!(v.year, YEAR);
            assert!((0..=50).contains(&v.mileage_km), "{v:?}");
        }
    }

    #[test]
    fn used_cars_are_1_to_12_years_old_with_mileage_plausible_for_their_age() {
        for v in sample().iter().filter(|v| v.condition == "used") {
            let age = YEAR - v.year;
            assert!((1..=12).contains(&age), "{v:?}");
            assert!(v.mileage_km >= 500 && v.mileage_km <= 24_000 * i64::from(age), "{v:?}");
        }
        let used: Vec<_> = sample().into_iter().filter(|v| v.condition == "used").collect();
        let mean_per_year =
            used.iter().map(|v| v.mileage_km as f64 / f64::from(YEAR - v.year)).sum::<f64>() / used.len() as f64;
        assert!((8_000.0..=16_000.0).contains(&mean_per_year), "{mean_per_year}");
    }

    #[test]
    fn statuses_are_allowed_in_transit_is_only_for_new_cars_and_most_are_available() {
        let vehicles = sample();
        for v in &vehicles {
            assert!(["available", "reserved", "in_preparation", "in_transit", "sold"].contains(&v.status), "{v:?}");
            if v.status == "in_transit" {
                assert_eq!(v.condition, "new", "{v:?}");
            }
        }
        let available = vehicles.iter().filter(|v| v.status == "available").count();
        assert!(available * 2 > vehicles.len(), "{available}");
        assert!(vehicles.iter().any(|v| v.status == "in_transit"));
    }

    #[test]
    fn fuels_transmissions_colours_and_conditions_come_from_the_allowed_lists() {
        let fuels = ["flex", "gasoline", "ethanol", "diesel", "hybrid", "electric", "cng"];
        let transmissions = ["manual", "automatic", "cvt", "automated_manual"];
        let colours: Vec<&str> = COLORS.iter().map(|&(c, _)| c).collect();
        for v in sample() {
            assert!(fuels.contains(&v.fuel), "{v:?}");
            assert!(transmissions.contains(&v.transmission), "{v:?}");
            assert!(colours.contains(&v.color), "{v:?}");
            assert!(["new", "used"].contains(&v.condition), "{v:?}");
        }
    }

    #[test]
    fn ten_thousand_vehicles_cover_at_least_10_makes_and_both_conditions_in_plausible_shares() {
        let vehicles = sample();
        let makes: HashSet<_> = vehicles.iter().map(|v| v.make).collect();
        assert!(makes.len() >= 10, "{makes:?}");
        let new = vehicles.iter().filter(|v| v.condition == "new").count();
        assert!((2_500..=3_500).contains(&new), "{new} new of {}", vehicles.len());
        let fuels: HashSet<_> = vehicles.iter().map(|v| v.fuel).collect();
        for fuel in ["flex", "diesel", "hybrid", "electric", "gasoline", "cng"] {
            assert!(fuels.contains(fuel), "{fuel} missing from {fuels:?}");
        }
    }

    #[test]
    fn the_catalogue_has_at_least_12_makes_each_with_a_model_on_sale_this_year() {
        assert!(MAKES.len() >= 12);
        for make in MAKES {
            assert!(make.models.iter().any(|m| m.on_sale(YEAR)), "{}", make.name);
        }
    }

    #[test]
    fn catalogue_entries_are_well_formed() {
        let fuels = ["flex", "gasoline", "diesel", "hybrid", "electric"];
        let transmissions = ["manual", "automatic", "cvt", "automated_manual"];
        for make in MAKES {
            assert!(make.weight > 0 && !make.models.is_empty() && !make.wmis.is_empty(), "{}", make.name);
            assert!(make.wmis.iter().all(|w| w.len() == 3 && w.bytes().all(|b| VIN_ALPHABET.contains(&b))));
            assert!(!make.plants.is_empty() && make.plants.iter().all(|b| VIN_ALPHABET.contains(b)), "{}", make.name);
            for model in make.models {
                assert!(model.weight > 0 && !model.trims.is_empty(), "{}", model.name);
                let names: HashSet<_> = model.trims.iter().map(|t| t.name).collect();
                assert_eq!(names.len(), model.trims.len(), "duplicate version in {}", model.name);
                for trim in model.trims {
                    assert!((55_000..=450_000).contains(&trim.price_reais), "{} {}", model.name, trim.name);
                    assert!(fuels.contains(&trim.fuel) && transmissions.contains(&trim.transmission), "{}", trim.name);
                    assert!(trim.from <= trim.until, "{} {}", model.name, trim.name);
                }
            }
        }
    }

    #[test]
    fn used_cars_are_of_versions_on_sale_in_their_year() {
        for v in sample() {
            assert!(catalogue_trim(&v).on_sale(v.year), "{v:?}");
        }
    }

    #[test]
    fn big_pickups_have_diesel_top_versions_and_byd_is_electric_or_hybrid() {
        for (make, model) in [
            ("Toyota", "Hilux"),
            ("Chevrolet", "S10"),
            ("Ford", "Ranger"),
            ("Volkswagen", "Amarok"),
            ("Nissan", "Frontier"),
        ] {
            let model = MAKES
                .iter()
                .filter(|m| m.name == make)
                .flat_map(|m| m.models)
                .find(|m| m.name == model)
                .expect("the pickup is in the catalogue");
            let top = model
                .trims
                .iter()
                .filter(|t| t.on_sale(YEAR))
                .max_by_key(|t| t.price_reais)
                .expect("the pickup is on sale");
            assert!(model.trims.iter().any(|t| t.on_sale(YEAR) && t.fuel == "diesel"), "{}", model.name);
            assert!(top.fuel == "diesel" || top.name.contains("Raptor"), "{} {}", model.name, top.name);
        }
        for v in sample().iter().filter(|v| v.make == "BYD") {
            assert!(["electric", "hybrid"].contains(&v.fuel), "{v:?}");
        }
    }

    #[test]
    fn a_year_outside_the_catalogue_still_generates_well_formed_vehicles() {
        for year in [1990, 2060] {
            for v in generate(1, 300, year) {
                assert_eq!(vin_check_digit(&v.vin).map(|c| c as u8), Some(v.vin.as_bytes()[8]));
                assert!(v.cost_cents < v.price_cents && v.cost_cents > 0);
            }
        }
    }
}
