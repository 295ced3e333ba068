//! Reads of stores and vehicles, always within the stores the reader may see.

use innexar_kernel::page::PageParams;
use innexar_kernel::{Actor, AppError, FieldError, Page};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::model::{Condition, Fuel, VehicleStatus, fold};
use crate::store::{self, Store, Vehicle, VehicleFilter};

pub const SORTABLE: &[&str] =
    &["createdAt", "price", "year", "mileage", "make", "model", "stockNumber", "statusChangedAt"];

pub async fn get_vehicle(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> Result<Vehicle, AppError> {
    store::find_vehicle(db, id)
        .await?
        .filter(|v| actor.can_access_store(v.store_id))
        .ok_or_else(|| AppError::not_found("vehicles.not_found", "no vehicle with this id"))
}

/// The list filters as they arrive in the query string.
#[derive(Debug, Default, Clone)]
pub struct VehicleQuery {
    /// Comma-separated statuses.
    pub status: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub year_min: Option<i32>,
    pub year_max: Option<i32>,
    pub price_min: Option<i64>,
    pub price_max: Option<i64>,
    pub store_id: Option<Uuid>,
    pub condition: Option<String>,
    pub fuel: Option<String>,
    pub q: Option<String>,
}

pub fn parse_filter(q: VehicleQuery, actor: &Actor) -> Result<VehicleFilter, AppError> {
    let mut errors = Vec::new();
    let mut statuses = Vec::new();
    for s in q.status.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
        match VehicleStatus::parse(s) {
            Some(st) => statuses.push(st),
            None => errors.push(FieldError::new("/status", "field.invalid_enum", format!("unknown status '{s}'"))),
        }
    }
    let condition = q.condition.as_deref().and_then(|c| {
        let parsed = Condition::parse(c);
        if parsed.is_none() {
            errors.push(FieldError::new("/condition", "field.invalid_enum", "condition is new or used"));
        }
        parsed
    });
    let fuel = q.fuel.as_deref().and_then(|f| {
        let parsed = Fuel::parse(f);
        if parsed.is_none() {
            errors.push(FieldError::new("/fuel", "field.invalid_enum", format!("unknown fuel '{f}'")));
        }
        parsed
    });
    if let (Some(a), Some(b)) = (q.year_min, q.year_max)
        && a > b
    {
        errors.push(FieldError::new("/yearMin", "field.invalid_range", "yearMin is after yearMax"));
    }
    if let (Some(a), Some(b)) = (q.price_min, q.price_max)
        && a > b
    {
        errors.push(FieldError::new("/priceMin", "field.invalid_range", "priceMin is above priceMax"));
    }
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
        year_min: q.year_min,
        year_max: q.year_max,
        price_min: q.price_min,
        price_max: q.price_max,
        store_id: q.store_id,
        condition,
        fuel,
        words,
        visible_stores: actor.store_ids.clone(),
    })
}

pub async fn list_vehicles(
    db: &impl ConnectionTrait,
    actor: &Actor,
    query: VehicleQuery,
    params: &PageParams,
) -> Result<Page<Vehicle>, AppError> {
    let page = params.validate(SORTABLE)?;
    let filter = parse_filter(query, actor)?;
    let (items, total) = store::list_vehicles(db, &filter, &page).await?;
    Ok(Page::new(items, &page, total))
}

pub async fn list_stores(db: &impl ConnectionTrait, actor: &Actor) -> Result<Vec<Store>, AppError> {
    store::list_stores(db, actor.store_ids.as_deref()).await
}

pub async fn get_store(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> Result<Store, AppError> {
    store::find_store(db, id)
        .await?
        .filter(|s| actor.can_access_store(s.id))
        .ok_or_else(|| AppError::not_found("stores.not_found", "no store with this id"))
}
