//! Reads for the Owner's screens: endpoints, and each one's delivery log.

use chrono::{DateTime, Utc};
use innexar_kernel::AppError;
use innexar_kernel::page::{Page, PageRequest};
use sea_orm::entity::prelude::*;
use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};

use crate::commands::{delivery_not_found, not_found};
use crate::model::{AttemptView, DeliveryDetail, DeliveryId, DeliveryView, EndpointId, EndpointView};
use crate::store::{attempt, delivery, endpoint};

/// Every endpoint of the tenant, oldest first.
pub async fn list_endpoints(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<EndpointView>, AppError> {
    let rows = endpoint::Entity::find().order_by_asc(endpoint::Column::Id).all(db).await?;
    Ok(rows.iter().map(|e| EndpointView::of(e, now)).collect())
}

pub async fn get_endpoint(
    db: &impl ConnectionTrait,
    id: EndpointId,
    now: DateTime<Utc>,
) -> Result<EndpointView, AppError> {
    let e = endpoint::Entity::find_by_id(id.uuid()).one(db).await?.ok_or_else(not_found)?;
    Ok(EndpointView::of(&e, now))
}

/// Narrows an endpoint's delivery log.
#[derive(Debug, Clone, Default)]
pub struct DeliveryFilter {
    pub status: Option<String>,
    pub event_type: Option<String>,
}

/// Endpoint `id`'s deliveries, newest first.
pub async fn list_deliveries(
    db: &impl ConnectionTrait,
    id: EndpointId,
    filter: DeliveryFilter,
    page: &PageRequest,
) -> Result<Page<DeliveryView>, AppError> {
    endpoint::Entity::find_by_id(id.uuid()).one(db).await?.ok_or_else(not_found)?;
    let mut q = delivery::Entity::find().filter(delivery::Column::EndpointId.eq(id.uuid()));
    if let Some(s) = filter.status {
        q = q.filter(delivery::Column::Status.eq(s));
    }
    if let Some(t) = filter.event_type {
        q = q.filter(delivery::Column::EventType.eq(t));
    }
    let total = q.clone().count(db).await?;
    let rows = q
        // Ids are time-ordered: newest first without a second sort key.
        .order_by_desc(delivery::Column::Id)
        .offset(page.offset())
        .limit(page.page_size)
        .all(db)
        .await?;
    Ok(Page::new(rows.iter().map(DeliveryView::from).collect(), page, total))
}

/// One delivery with its body and every attempt, newest first.
pub async fn get_delivery(db: &impl ConnectionTrait, id: DeliveryId) -> Result<DeliveryDetail, AppError> {
    let d = delivery::Entity::find_by_id(id.uuid()).one(db).await?.ok_or_else(delivery_not_found)?;
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::DeliveryId.eq(d.id))
        .order_by_desc(attempt::Column::Number)
        .all(db)
        .await?;
    Ok(DeliveryDetail {
        delivery: DeliveryView::from(&d),
        body: d.body,
        attempts_log: attempts.into_iter().map(AttemptView::from).collect(),
    })
}
