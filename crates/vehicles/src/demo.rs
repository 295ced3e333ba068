//! Demo stock: generated vehicles bulk-loaded into a tenant, for the demo tenant and the
//! benchmarks' 100,000-vehicle tenant.

pub mod photos;

use chrono::{DateTime, Datelike, Duration, Utc};
use innexar_db::counters;
use innexar_kernel::{AppError, Money};
use innexar_org::Store;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, TransactionTrait};

use crate::commands::{NewVehicle, build_vehicle, stock_number};
use crate::ids::ExpenseId;
use crate::ids::VehicleId;
use crate::model::Vehicle;
use crate::model::{Condition, Fuel, Origin, Transmission, VehicleStatus};
use crate::store::{Expense, in_stock_identifiers, insert_expenses, insert_vehicles};

/// Bulk-loads `count` generated vehicles spread over `stores` and the last 180 days. Used by
/// the demo and by the benchmark's 100,000-vehicle tenant; writes no events (a data load, not
/// business activity).
pub async fn seed(
    db: &DatabaseConnection,
    stores: &[Store],
    count: usize,
    now: DateTime<Utc>,
    seed: u64,
) -> Result<(), AppError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let year = now.year();
    const BATCH: usize = 2_000;
    let mut done = 0;
    // Random plates collide (a few dozen in 100,000), and the database refuses two cars in stock
    // with one placa or VIN: a repeat keeps no placa (as many cars in stock have none) or no VIN.
    let (mut vins, mut placas) = in_stock_identifiers(db).await?;
    // Reconditioning drawn from a stream of its own, so the vehicles stay those of the seed.
    let mut shop = StdRng::seed_from_u64(seed ^ 0x5EED_0F0F_1C1A);
    while done < count {
        let n = BATCH.min(count - done);
        let tx = db.begin().await?;
        let numbers = counters::take(&tx, counters::STOCK_NUMBER, n as i64).await?;
        let mut batch = Vec::with_capacity(n);
        for (i, &number) in numbers.iter().enumerate() {
            let g = innexar_demo::vehicle(&mut rng, year);
            // Entry dates spread over 180 days in insertion order, as a real stock grows.
            let step = 180 * 24 * 60 / count.max(1) as i64;
            let position = (count - done - i) as i64;
            let entered = now - Duration::minutes(position * step + rng.random_range(0..step.max(1)));
            let used = g.condition == "used";
            let price = g.price_cents;
            let input = NewVehicle {
                store_id: stores[rng.random_range(0..stores.len())].id,
                vin: Some(g.vin),
                placa: g.placa,
                make: g.make.into(),
                model: g.model.into(),
                trim: Some(g.trim.into()),
                year: g.year,
                model_year: Some(g.model_year),
                color: Some(g.color.into()),
                mileage_km: g.mileage_km,
                fuel: Fuel::parse(g.fuel).unwrap_or(Fuel::Flex),
                transmission: Transmission::parse(g.transmission).unwrap_or(Transmission::Manual),
                condition: Condition::parse(g.condition).unwrap_or(Condition::Used),
                status: None,
                price_cents: Some(Money(price)),
                cost_cents: Some(Money(g.cost_cents)),
                images: vec![],
                origin: Some(match (used, rng.random_range(0..10)) {
                    (false, _) => Origin::Factory,
                    (true, 0..4) => Origin::TradeIn,
                    (true, 4) => Origin::Consignment,
                    _ => Origin::Purchase,
                }),
                renavam: used.then(|| renavam(&mut rng)),
                fipe_code: None,
                fipe_value_cents: None,
                fipe_reference_month: None,
                interior_color: Some(["Preto", "Cinza", "Bege"][rng.random_range(0..3)].into()),
                doors: Some(
                    if g.model.contains("Strada") || g.model.contains("Saveiro") || g.model.contains("Montana") {
                        2
                    } else {
                        4
                    },
                ),
                options: OPTIONS.iter().filter(|_| rng.random_bool(0.5)).map(|o| o.to_string()).collect(),
                description: None,
                keys_count: Some(if used { rng.random_range(1..=2) } else { 2 }),
                lot_location: Some(format!(
                    "Pátio {}, vaga {}",
                    ["A", "B", "C"][rng.random_range(0..3)],
                    rng.random_range(1..=80)
                )),
                // Dealers leave room to negotiate: about 5% under the asking price, rounded to R$ 100.
                min_price_cents: Some(Money(price * 95 / 100 / 10_000 * 10_000)),
                entered_at: Some(entered),
            };
            let mut v = build_vehicle(input, stock_number(number), entered)?;
            v.id = VehicleId(uuid_at(entered, &mut rng));
            v.status = VehicleStatus::parse(g.status).unwrap_or(VehicleStatus::Available);
            if !v.status.is_in_stock() {
                v.status_changed_at = entered + (now - entered) / 2;
            } else {
                if let Some(vin) = &v.vin
                    && !vins.insert(vin.clone())
                {
                    v.vin = None;
                }
                if let Some(p) = &v.placa
                    && !placas.insert(crate::identifiers::placa_key(p))
                {
                    v.placa = None;
                }
            }
            batch.push(v);
        }
        insert_vehicles(&tx, &batch).await?;
        let expenses: Vec<Expense> = batch.iter().flat_map(|v| reconditioning(&mut shop, v, now)).collect();
        insert_expenses(&tx, &expenses).await?;
        tx.commit().await?;
        done += n;
    }
    // Planner statistics (and PostgreSQL's visibility map, for index-only counts) after a bulk
    // load, instead of waiting for autovacuum.
    let maintenance = match db.get_database_backend() {
        DatabaseBackend::Postgres => "VACUUM (ANALYZE) inventory_vehicles",
        _ => "ANALYZE",
    };
    db.execute_unprepared(maintenance).await?;
    Ok(())
}

/// What a used car typically gets before it goes on sale, who does it and what it costs (reais).
const RECONDITIONING: &[(&str, &str, i64, i64)] = &[
    ("Polimento e higienização", "Estética Brilho Total", 250, 600),
    ("Troca de pneus", "Pneus Paulista", 1400, 2800),
    ("Revisão e troca de óleo", "Oficina do Zé", 450, 1200),
    ("Funilaria e pintura (para-choque)", "Funilaria Santo Amaro", 800, 2200),
    ("Troca de pastilhas de freio", "Freios & Cia", 350, 700),
    ("Vistoria cautelar", "Vistoria Paulista", 150, 250),
    ("Martelinho de ouro", "Martelinho Express", 200, 600),
];

/// The reconditioning a used car in stock had: none for about half of them, else one to
/// three jobs in its first days on the lot.
fn reconditioning(rng: &mut StdRng, v: &Vehicle, now: DateTime<Utc>) -> Vec<Expense> {
    if v.condition != Condition::Used || !v.status.is_in_stock() || rng.random_bool(0.5) {
        return Vec::new();
    }
    (0..rng.random_range(1..=3))
        .map(|_| {
            let (what, who, low, high) = RECONDITIONING[rng.random_range(0..RECONDITIONING.len())];
            let at = (v.entered_at + Duration::days(rng.random_range(0..=6))).min(now);
            Expense {
                id: ExpenseId(uuid_at(at, rng)),
                vehicle_id: v.id,
                spent_on: at.date_naive(),
                description: what.into(),
                supplier: Some(who.into()),
                // Whole reais, as workshops invoice.
                amount_cents: Money(rng.random_range(low..=high) * 100),
                created_by: None,
                created_at: at,
            }
        })
        .collect()
}

const OPTIONS: &[&str] = &[
    "Ar-condicionado",
    "Direção elétrica",
    "Vidros elétricos",
    "Central multimídia",
    "Câmera de ré",
    "Sensor de estacionamento",
    "Rodas de liga leve",
    "Bancos de couro",
    "Piloto automático",
    "Teto solar",
];

/// A valid RENAVAM: 10 random digits and the check digit that fits them.
fn renavam(rng: &mut StdRng) -> String {
    let base: String = (0..10).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect();
    (0..10)
        .map(|dv| format!("{base}{dv}"))
        .find(|r| crate::identifiers::parse_renavam(r).is_ok())
        .unwrap_or_else(|| format!("{base}0"))
}

/// A UUID v7 for a past instant, so ids keep sorting by entry date.
fn uuid_at(at: DateTime<Utc>, rng: &mut StdRng) -> uuid::Uuid {
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis().max(0) as u64, &bytes).into_uuid()
}
