//! Reads of stores and vehicles, always within the stores the reader may see.

use crate::ids::VehicleId;
use chrono::{DateTime, Utc};
use innexar_kernel::page::PageParams;
use innexar_kernel::{Actor, AppError, CustomerId, FieldError, Money, Page, Range, StoreId};
use sea_orm::ConnectionTrait;

use crate::model::{Condition, Fuel, VehicleStatus, fold};
use innexar_org::Store;

use crate::model::Vehicle;
pub use crate::store::Listed;
use crate::store::{self, VehicleFilter};

pub const SORTABLE: &[&str] =
    &["createdAt", "price", "year", "mileage", "make", "model", "stockNumber", "statusChangedAt", "daysInStock"];

/// One vehicle the actor may see, with its cover photo.
pub async fn get_listed(db: &impl ConnectionTrait, actor: &Actor, id: VehicleId) -> Result<Listed, AppError> {
    store::find_listed(db, id)
        .await?
        .filter(|l| actor.can_access_store(l.vehicle.store_id))
        .ok_or_else(|| AppError::not_found("vehicles.not_found", "no vehicle with this id"))
}

pub async fn get_vehicle(db: &impl ConnectionTrait, actor: &Actor, id: VehicleId) -> Result<Vehicle, AppError> {
    store::find_vehicle(db, id)
        .await?
        .filter(|v| actor.can_access_store(v.store_id))
        .ok_or_else(|| AppError::not_found("vehicles.not_found", "no vehicle with this id"))
}

/// The vehicles a customer owns, newest first. The caller has checked the actor may see the
/// customer; a customer's car is theirs wherever it was sold or serviced.
pub async fn owned_by(db: &impl ConnectionTrait, owner: CustomerId) -> Result<Vec<Vehicle>, AppError> {
    store::owned_by(db, owner).await
}

/// The customers owning a vehicle with this placa (either format), for customer search.
pub async fn owners_by_placa(db: &impl ConnectionTrait, placa: &str) -> Result<Vec<CustomerId>, AppError> {
    store::owners_by_placa(db, placa).await
}

/// The stock list's filters as they arrive in a query string: one type for the list
/// (`GET /vehicles`) and the export (`GET /vehicles/export`), parsed by [`parse_filter`].
#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VehicleQuery {
    /// Comma-separated statuses, e.g. `available,reserved`.
    pub status: Option<String>,
    /// The make as people type it: case, accents and spacing aside, part of the name or a
    /// common alias (`vw`, `gm`) finds it.
    #[param(max_length = 60)]
    pub make: Option<String>,
    /// The model, matched as `make` is (`onix` finds Onix and Onix Plus).
    #[param(max_length = 60)]
    pub model: Option<String>,
    /// `true`: the dealer's stock, every vehicle not sold, delivered or returned (what the home
    /// screen counts as in stock); `false`: only those that left.
    pub in_stock: Option<bool>,
    /// Fewest days in stock (vehicles still in stock only; `91` lists those in stock for more
    /// than 90 days).
    #[param(minimum = 0, maximum = 36500)]
    pub days_min: Option<i64>,
    /// Most days in stock (vehicles still in stock only).
    #[param(minimum = 0, maximum = 36500)]
    pub days_max: Option<i64>,
    /// Lowest model year.
    pub year_min: Option<i32>,
    /// Highest model year.
    pub year_max: Option<i32>,
    /// Lowest asking price, centavos.
    pub price_min: Option<Money>,
    /// Highest asking price, centavos.
    pub price_max: Option<Money>,
    pub store_id: Option<StoreId>,
    pub condition: Option<Condition>,
    pub fuel: Option<Fuel>,
    /// Words to find in make, model, version, placa (either format), VIN or stock number.
    pub q: Option<String>,
}

pub fn parse_filter(q: VehicleQuery, actor: &Actor, now: DateTime<Utc>) -> Result<VehicleFilter, AppError> {
    let mut errors = Vec::new();
    let days = Range::checked(q.days_min, q.days_max, "/daysMin", "daysMin is above daysMax")
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    for (pointer, value) in [("/daysMin", q.days_min), ("/daysMax", q.days_max)] {
        if value.is_some_and(|d| !(0..=36_500).contains(&d)) {
            errors.push(FieldError::new(pointer, "field.out_of_range", "days in stock are between 0 and 36500"));
        }
    }
    for (pointer, value) in [("/make", &q.make), ("/model", &q.model)] {
        if value.as_ref().is_some_and(|v| v.chars().count() > 60) {
            errors.push(FieldError::new(pointer, "field.too_long", "at most 60 characters"));
        }
    }
    let mut statuses = Vec::new();
    for s in q.status.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
        match VehicleStatus::parse(s) {
            Some(st) => statuses.push(st),
            None => errors.push(FieldError::new("/status", "field.invalid_enum", format!("unknown status '{s}'"))),
        }
    }
    let model_year = Range::checked(q.year_min, q.year_max, "/yearMin", "yearMin is after yearMax")
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    let price = Range::checked(q.price_min, q.price_max, "/priceMin", "priceMin is above priceMax")
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    let text = q.q.map(|t| fold(t.trim())).unwrap_or_default();
    if text.chars().count() > 100 {
        errors.push(FieldError::new("/q", "field.too_long", "search text is at most 100 characters"));
    }
    // LIKE wildcards typed by a user are searched literally by dropping them; a placa typed with
    // its hyphen matches the stored form without it.
    let words = text
        .split_whitespace()
        .map(|w| w.replace(['%', '_', '\\'], ""))
        .map(|w| if w.len() == 8 && w.as_bytes()[3] == b'-' { w.replace('-', "") } else { w })
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    Ok(VehicleFilter {
        statuses,
        make: q.make.map(|m| m.trim().to_string()).filter(|m| !m.is_empty()),
        model: q.model.map(|m| m.trim().to_string()).filter(|m| !m.is_empty()),
        in_stock: q.in_stock,
        // Whole days since entry, as `daysInStock` counts them: at least `min` days means
        // entered no later than `min` days ago; at most `max` means less than `max + 1` ago
        // (a microsecond: what PostgreSQL keeps of a time).
        entered: Range {
            min: days.max.map(|d| now - chrono::Duration::days(d + 1) + chrono::Duration::microseconds(1)),
            max: days.min.map(|d| now - chrono::Duration::days(d)),
        },
        model_year,
        price,
        store_id: q.store_id,
        condition: q.condition,
        fuel: q.fuel,
        words,
        visible_stores: actor.store_ids.clone(),
    })
}

pub async fn list_vehicles(
    db: &impl ConnectionTrait,
    actor: &Actor,
    query: VehicleQuery,
    params: &PageParams,
    now: DateTime<Utc>,
) -> Result<Page<Listed>, AppError> {
    let page = params.validate(SORTABLE)?;
    let filter = parse_filter(query, actor, now)?;
    let (items, total, exact) = store::list_vehicles(db, &filter, &page).await?;
    Ok(Page::with_total(items, &page, total, exact))
}

/// A make or model the stock holds, with how many vehicles carry it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NameSuggestion {
    /// The name as the stock files it; use it as the list's `make` or `model` filter.
    pub value: String,
    pub vehicles: u64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct NameSuggestions {
    pub items: Vec<NameSuggestion>,
}

/// What a make or model box suggests as the user types.
#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NameQuery {
    /// What was typed so far, matched as the list's `make` filter matches (empty: every name).
    #[param(max_length = 60)]
    pub q: Option<String>,
    /// For models: the make (as typed; matched the same way).
    #[param(max_length = 60)]
    pub make: Option<String>,
    /// Count only the dealer's stock (`true`) or only vehicles that left it (`false`).
    pub in_stock: Option<bool>,
}

/// Most suggestions answered at once.
pub const MAX_SUGGESTIONS: usize = 20;

/// The makes (or, with `models`, the models of the makes `query.make` matches) that match what
/// was typed, among the vehicles the reader may see, most vehicles first.
pub async fn suggest_names(
    db: &impl ConnectionTrait,
    actor: &Actor,
    query: NameQuery,
    models: bool,
) -> Result<NameSuggestions, AppError> {
    let mut errors = Vec::new();
    for (pointer, value) in [("/q", &query.q), ("/make", &query.make)] {
        if value.as_ref().is_some_and(|v| v.chars().count() > 60) {
            errors.push(FieldError::new(pointer, "field.too_long", "at most 60 characters"));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let typed = query.q.unwrap_or_default();
    let make = query.make.filter(|m| !m.trim().is_empty());
    let pairs = if models {
        store::matching_names(db, make.as_deref(), Some(&typed)).await?
    } else {
        store::matching_names(db, Some(&typed), None).await?
    };
    let mut makes: Vec<String> = pairs.iter().map(|(m, _)| m.clone()).collect();
    makes.sort();
    makes.dedup();
    if makes.is_empty() {
        return Ok(NameSuggestions { items: Vec::new() });
    }
    let counted = store::count_names(db, &makes, models, query.in_stock, actor.store_ids.as_deref()).await?;
    let mut items: Vec<NameSuggestion> = counted
        .into_iter()
        .filter(|(make, model, _)| !models || pairs.iter().any(|(m, md)| m == make && md == model))
        .map(|(make, model, n)| NameSuggestion { value: if models { model } else { make }, vehicles: n.max(0) as u64 })
        .collect();
    // The same model under two makes is one suggestion.
    items.sort_by(|a, b| a.value.cmp(&b.value));
    items.dedup_by(|a, b| {
        let same = a.value == b.value;
        if same {
            b.vehicles += a.vehicles;
        }
        same
    });
    items.sort_by(|a, b| b.vehicles.cmp(&a.vehicles).then_with(|| a.value.cmp(&b.value)));
    items.truncate(MAX_SUGGESTIONS);
    Ok(NameSuggestions { items })
}

/// The age buckets of the aging report, in days in stock.
pub const AGE_BUCKETS: [(&str, i64, i64); 4] =
    [("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, i64::MAX)];

#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgingBucket {
    /// `0-30`, `31-60`, `61-90` or `90+`; `total` for the sum.
    pub label: String,
    pub vehicles: u64,
    /// Asking prices summed, centavos.
    pub value_at_price_cents: Money,
    /// Acquisition cost plus reconditioning, centavos; only with `vehicles.view_cost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_at_cost_cents: Option<Money>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StoreAging {
    pub store_id: StoreId,
    pub store_name: String,
    pub buckets: Vec<AgingBucket>,
    pub total: AgingBucket,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgingReport {
    pub as_of: chrono::DateTime<chrono::Utc>,
    pub stores: Vec<StoreAging>,
    /// Every store together, per bucket.
    pub buckets: Vec<AgingBucket>,
    pub total: AgingBucket,
}

fn empty_buckets(with_cost: bool) -> Vec<AgingBucket> {
    AGE_BUCKETS
        .iter()
        .map(|(label, ..)| AgingBucket {
            label: (*label).into(),
            value_at_cost_cents: with_cost.then_some(Money(0)),
            ..Default::default()
        })
        .collect()
}

fn add(b: &mut AgingBucket, price: Money, cost: Money) {
    b.vehicles += 1;
    b.value_at_price_cents.0 += price.0;
    if let Some(c) = b.value_at_cost_cents.as_mut() {
        c.0 += cost.0;
    }
}

/// The stores a report covers: those the reader may see, or the one asked for among them. A
/// store the reader may not see (or that does not exist) is a filter nothing passes: the report
/// is empty, as a list filtered by it would be, and says nothing about other stores.
async fn report_stores(
    db: &impl ConnectionTrait,
    actor: &Actor,
    store_id: Option<StoreId>,
) -> Result<Vec<Store>, AppError> {
    let mut stores = innexar_org::queries::list_stores(db, actor).await?;
    if let Some(id) = store_id {
        stores.retain(|s| s.id == id);
    }
    Ok(stores)
}

/// Stock in age buckets per store the reader may see, as of `now`.
pub async fn stock_aging(
    db: &impl ConnectionTrait,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    store_id: Option<StoreId>,
    with_cost: bool,
) -> Result<AgingReport, AppError> {
    let stores = report_stores(db, actor, store_id).await?;
    let ids: Vec<StoreId> = stores.iter().map(|s| s.id).collect();
    let (rows, expenses) = store::aging_rows(db, Some(&ids)).await?;
    let mut per_store: std::collections::HashMap<StoreId, Vec<AgingBucket>> =
        ids.iter().map(|id| (*id, empty_buckets(with_cost))).collect();
    let mut all = empty_buckets(with_cost);
    for r in rows {
        let days = r.days_in_stock(now);
        let Some(i) = AGE_BUCKETS.iter().position(|(_, lo, hi)| (*lo..=*hi).contains(&days)) else { continue };
        let price = r.price_cents.unwrap_or_default();
        let cost = r.cost_with(&expenses);
        if let Some(b) = per_store.get_mut(&r.store_id) {
            add(&mut b[i], price, cost);
        }
        add(&mut all[i], price, cost);
    }
    let total_of = |buckets: &[AgingBucket]| AgingBucket {
        label: "total".into(),
        vehicles: buckets.iter().map(|b| b.vehicles).sum(),
        value_at_price_cents: Money(buckets.iter().map(|b| b.value_at_price_cents.0).sum()),
        value_at_cost_cents: with_cost
            .then(|| Money(buckets.iter().filter_map(|b| b.value_at_cost_cents).map(|c| c.0).sum())),
    };
    let stores = stores
        .into_iter()
        .map(|s| {
            let buckets = per_store.remove(&s.id).unwrap_or_else(|| empty_buckets(with_cost));
            StoreAging { store_id: s.id, store_name: s.name, total: total_of(&buckets), buckets }
        })
        .collect();
    Ok(AgingReport { as_of: now, stores, total: total_of(&all), buckets: all })
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusTotal {
    pub status: VehicleStatus,
    pub vehicles: u64,
}

/// The numbers a user's home screen opens with, over the stores the user may see.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InventorySummary {
    pub as_of: chrono::DateTime<chrono::Utc>,
    /// Every status, in lifecycle order, with zero where there is none.
    pub by_status: Vec<StatusTotal>,
    /// Vehicles still in stock: not sold, delivered or returned (the stock list with
    /// `inStock=true`).
    pub in_stock: u64,
    /// Mean days in stock of the vehicles in stock, rounded down; null with none in stock.
    pub average_days_in_stock: Option<i64>,
    /// Vehicles in stock for more than 90 days (the stock list with `daysMin=91`).
    pub over_90_days: u64,
    /// Asking prices of the vehicles in stock summed, centavos.
    pub value_at_price_cents: Money,
    /// Acquisition cost plus reconditioning of the vehicles in stock, centavos; only with
    /// `vehicles.view_cost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_at_cost_cents: Option<Money>,
    /// The margin the stock holds if sold at its asking prices: asking prices minus cost plus
    /// reconditioning, over the vehicles in stock with an asking price; only with `vehicles.view_cost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_cents: Option<Money>,
}

/// Stock by status, its age and value, for the stores the reader may see (or one of them).
pub async fn inventory_summary(
    db: &impl ConnectionTrait,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    store_id: Option<StoreId>,
    with_cost: bool,
) -> Result<InventorySummary, AppError> {
    let stores = report_stores(db, actor, store_id).await?;
    let ids: Vec<StoreId> = stores.iter().map(|s| s.id).collect();
    let counts = store::count_by_status(db, Some(&ids)).await?;
    // Customers' own cars are not the dealer's inventory.
    let by_status = VehicleStatus::ALL
        .iter()
        .filter(|s| **s != VehicleStatus::CustomerOwned)
        .map(|s| StatusTotal {
            status: *s,
            vehicles: counts.iter().filter(|c| c.status == s.as_str()).map(|c| c.vehicles.max(0) as u64).sum(),
        })
        .collect();
    let (rows, expenses) = store::aging_rows(db, Some(&ids)).await?;
    let mut days_sum = 0i64;
    let (mut over_90, mut price, mut cost, mut margin) = (0u64, 0i64, 0i64, 0i64);
    for r in &rows {
        let days = r.days_in_stock(now);
        days_sum += days;
        if days > 90 {
            over_90 += 1;
        }
        price += r.price_cents.unwrap_or_default().0;
        cost += r.cost_with(&expenses).0;
        // A car without an asking price has no margin to show yet, only its cost.
        if let Some(p) = r.price_cents {
            margin += p.0 - r.cost_with(&expenses).0;
        }
    }
    let in_stock = rows.len() as u64;
    Ok(InventorySummary {
        as_of: now,
        by_status,
        in_stock,
        average_days_in_stock: (in_stock > 0).then(|| days_sum / in_stock as i64),
        over_90_days: over_90,
        value_at_price_cents: Money(price),
        value_at_cost_cents: with_cost.then_some(Money(cost)),
        margin_cents: with_cost.then_some(Money(margin)),
    })
}

/// Vehicles by id, for lists in other areas that describe each row's car (their ids were
/// checked when written).
pub async fn vehicles_by_ids(db: &impl ConnectionTrait, ids: &[VehicleId]) -> Result<Vec<Vehicle>, AppError> {
    store::find_vehicles(db, ids).await
}
