//! The `demo` tenant: two stores with the group's logo, one user per role (passwords in the README), a few hundred
//! realistic vehicles (the newest with photos, the used ones with their reconditioning), and
//! customers with a sales funnel at work, so a newcomer signs in and sees a dealership at once.

use chrono::{DateTime, Duration, Utc};
use innexar_db::Tx;
use innexar_http::AppState;
use innexar_identity::commands::{NewUser, create_user};
use innexar_kernel::{Actor, AppError, Role, validate};
use innexar_org::Address;
use innexar_org::commands::{NewStore, create_store};
use innexar_tenants::platform::{NewTenantInput, provision_tenant_with};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub const DEMO_SLUG: &str = "demo";
/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "innexar-demo";
/// How many of the newest cars in stock the demo photographs.
pub const DEMO_PHOTOGRAPHED: u64 = 40;
/// The demo tenant's customers, and open leads per store (each store also has half as many closed).
pub const DEMO_CUSTOMERS: usize = 400;
pub const DEMO_OPEN_LEADS_PER_STORE: usize = 100;
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
    let files = state.files.clone();
    let origin = innexar_identity::reset::app_origin(&state.settings, DEMO_SLUG);
    let s = &state.settings.storage;
    let limits =
        innexar_files::ImageLimits { max_side_px: s.max_image_side_px, thumbnail_side_px: s.thumbnail_side_px };
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
        move |conn, t| async move {
            seed(&conn, t.id, vehicles, now, &origin).await?;
            // The newest cars in stock get pictures, as a dealer's listing has.
            innexar_vehicles::demo::photos::seed_photos(&conn, t.id, &files, limits, DEMO_PHOTOGRAPHED, now).await?;
            // The group's emblem heads every store's documents.
            innexar_org::demo::seed_logos(&conn, t.id, &files, now).await?;
            Ok(())
        },
    )
    .await?;
    Ok(true)
}

/// The demo group's two stores.
fn demo_stores() -> [NewStore; 2] {
    let store = |name: &str, branch, street: &str, number: &str, district: &str, city: &str, cep: &str| NewStore {
        name: name.into(),
        cnpj: Some(branch_cnpj(branch)),
        address: Address {
            street: Some(street.into()),
            number: Some(number.into()),
            complement: None,
            district: Some(district.into()),
            city: Some(city.into()),
            state: Some("SP".into()),
            postal_code: Some(cep.into()),
        },
        time_zone: Some("America/Sao_Paulo".into()),
    };
    [
        store("Matriz Paulista", 1, "Av. Paulista", "1500", "Bela Vista", "São Paulo", "01310200"),
        store("Filial Campinas", 2, "Av. John Boyd Dunlop", "3900", "Jardim Ipaussurama", "Campinas", "13060803"),
    ]
}

/// Adds stores, users (except the Owner made at provisioning) and vehicles to tenant
/// `tenant_id`, whose database `db` is.
pub async fn seed(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    vehicles: usize,
    now: DateTime<Utc>,
    origin: &str,
) -> Result<(), AppError> {
    let tx = Tx::on_connection(db, tenant_id, Actor::system(), now).await?;
    let mut stores = Vec::new();
    for input in demo_stores() {
        stores.push(create_store(&tx, input).await?);
    }
    let ttl = Duration::days(7);
    let mut owners = Vec::new();
    let mut sellers = Vec::new();
    for (email, role) in &DEMO_USERS[1..] {
        let user = NewUser {
            email: (*email).into(),
            name: demo_name(*role).into(),
            roles: vec![*role],
            store_ids: None,
            password: Some(DEMO_PASSWORD.into()),
        };
        let (user, _) = create_user(&tx, user, ttl).await?;
        if matches!(role, Role::Sales | Role::StoreManager) {
            owners.push(user.id.0);
            sellers.push(innexar_sales::demo::Seller { id: user.id.0, email: (*email).into(), role: *role });
        }
    }
    innexar_sales::demo::seed(&tx).await?;
    tx.commit().await?;
    innexar_vehicles::demo::seed(db, &stores, vehicles, now, 2026).await?;
    // About 400 customers and 300 leads (100 open per store, half as many closed), worked by the
    // salesperson and the manager: a pipeline that looks alive.
    innexar_crm::demo::seed(db, &stores, &owners, DEMO_CUSTOMERS, DEMO_OPEN_LEADS_PER_STORE, now, 2026).await?;
    // Four months of the deal desk: sales with their commissions, and quotes in every status.
    innexar_sales::demo::deals(db, tenant_id, &sellers, now, origin).await?;
    Ok(())
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
