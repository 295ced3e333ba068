//! The `demo` tenant: two stores, one user per role (passwords in the README), and a few
//! hundred realistic vehicles, so a newcomer signs in and sees a dealership at once.

use chrono::{DateTime, Datelike, Duration, Utc};
use innexar_db::counters;
use innexar_identity::commands::{NewUser, create_user};
use innexar_kernel::{Actor, AppError, Role, validate};
use innexar_vehicles::commands::{AddressInput, NewStore, NewVehicle, build_vehicle, create_store, stock_number};
use innexar_vehicles::model::{Condition, Fuel, Origin, Transmission, VehicleStatus};
use innexar_vehicles::store::{Store, insert_vehicles};
use innexar_http::AppState;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, TransactionTrait};

use crate::platform::{NewTenantInput, provision_tenant_with};

pub const DEMO_SLUG: &str = "demo";
/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "innexar-demo";
/// The demo users: e-mail and role.
pub const DEMO_USERS: &[(&str, Role)] = &[
    ("dono@demo.innexar.com.br", Role::Owner),
    ("gerente@demo.innexar.com.br", Role::StoreManager),
    ("vendas@demo.innexar.com.br", Role::Sales),
    ("consultor@demo.innexar.com.br", Role::ServiceAdvisor),
    ("tecnico@demo.innexar.com.br", Role::Technician),
    ("pecas@demo.innexar.com.br", Role::Parts),
    ("contabil@demo.innexar.com.br", Role::Accounting),
    ("leitura@demo.innexar.com.br", Role::Viewer),
];

/// A valid CNPJ for branch `branch` of the demo group's root `45997418` (check digits computed).
pub fn branch_cnpj(branch: u32) -> String {
    let base = format!("45997418{branch:04}");
    (0..100).map(|dv| format!("{base}{dv:02}")).find(|c| validate::cnpj(c).is_ok()).unwrap_or(base)
}

/// Creates the demo tenant if it does not exist yet. Returns whether it was created.
pub async fn ensure_demo(state: &AppState, vehicles: usize) -> Result<bool, AppError> {
    if state.control.find_tenant_by_slug(DEMO_SLUG).await?.is_some() {
        return Ok(false);
    }
    let now = state.clock.now();
    provision_tenant_with(
        state,
        NewTenantInput {
            slug: DEMO_SLUG.into(),
            name: "Auto Center Demonstração".into(),
            cnpj: branch_cnpj(1),
            plan: Some("trial".into()),
            admin_email: DEMO_USERS[0].0.into(),
            admin_name: Some("Dono da Revenda".into()),
            admin_password: DEMO_PASSWORD.into(),
        },
        move |conn, _| async move { seed(&conn, vehicles, now).await },
    )
    .await?;
    Ok(true)
}

/// Adds stores, users (except the Owner made at provisioning) and vehicles to a tenant.
pub async fn seed(db: &DatabaseConnection, vehicles: usize, now: DateTime<Utc>) -> Result<(), AppError> {
    let system = Actor::system();
    let tx = db.begin().await?;
    let stores = [
        create_store(
            &tx,
            &system,
            now,
            store(
                "Matriz Paulista",
                1,
                "Av. Paulista",
                "1500",
                "Bela Vista",
                "São Paulo",
                "SP",
                "01310200",
                "America/Sao_Paulo",
            ),
        )
        .await?,
        create_store(
            &tx,
            &system,
            now,
            store(
                "Filial Campinas",
                2,
                "Av. John Boyd Dunlop",
                "3900",
                "Jardim Ipaussurama",
                "Campinas",
                "SP",
                "13060803",
                "America/Sao_Paulo",
            ),
        )
        .await?,
    ];
    let ttl = Duration::days(7);
    for (email, role) in &DEMO_USERS[1..] {
        let user = NewUser {
            email: (*email).into(),
            name: demo_name(*role).into(),
            roles: vec![*role],
            store_ids: None,
            password: Some(DEMO_PASSWORD.into()),
        };
        create_user(&tx, user, ttl).await?;
    }
    tx.commit().await?;
    seed_vehicles(db, &stores, vehicles, now, 2026).await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn store(
    name: &str,
    branch: u32,
    street: &str,
    number: &str,
    district: &str,
    city: &str,
    uf: &str,
    cep: &str,
    tz: &str,
) -> NewStore {
    NewStore {
        name: name.into(),
        cnpj: Some(branch_cnpj(branch)),
        address: AddressInput {
            street: Some(street.into()),
            number: Some(number.into()),
            complement: None,
            district: Some(district.into()),
            city: Some(city.into()),
            state: Some(uf.into()),
            postal_code: Some(cep.into()),
        },
        time_zone: Some(tz.into()),
    }
}

fn demo_name(role: Role) -> &'static str {
    match role {
        Role::Owner => "Dono da Revenda",
        Role::StoreManager => "Gerente Geral",
        Role::Sales => "Vendedor Demo",
        Role::ServiceAdvisor => "Consultor Técnico",
        Role::Technician => "Mecânico Demo",
        Role::Parts => "Balconista de Peças",
        Role::Accounting => "Contador Demo",
        Role::Viewer => "Consulta Demo",
    }
}

/// Bulk-loads `count` generated vehicles spread over `stores` and the last 180 days. Used by
/// the demo and by the benchmark's 100,000-vehicle tenant; writes no events (a data load, not
/// business activity).
pub async fn seed_vehicles(
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
    let (mut vins, mut placas) = innexar_vehicles::store::in_stock_identifiers(db).await?;
    while done < count {
        let n = BATCH.min(count - done);
        let tx = db.begin().await?;
        let first = counters::reserve(&tx, "inventory.stock_number", n as i64).await?;
        let mut batch = Vec::with_capacity(n);
        for i in 0..n {
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
                price_cents: Some(price),
                cost_cents: Some(g.cost_cents),
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
                min_price_cents: Some(price * 95 / 100 / 10_000 * 10_000),
                entered_at: Some(entered),
            };
            let mut v = build_vehicle(input, stock_number(first + i as i64), entered)?;
            v.id = uuid_at(entered, &mut rng);
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
                    && !placas.insert(innexar_vehicles::identifiers::placa_key(p))
                {
                    v.placa = None;
                }
            }
            batch.push(v);
        }
        insert_vehicles(&tx, &batch).await?;
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
        .find(|r| innexar_vehicles::identifiers::parse_renavam(r).is_ok())
        .unwrap_or_else(|| format!("{base}0"))
}

/// A UUID v7 for a past instant, so ids keep sorting by entry date.
fn uuid_at(at: DateTime<Utc>, rng: &mut StdRng) -> uuid::Uuid {
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis().max(0) as u64, &bytes).into_uuid()
}
