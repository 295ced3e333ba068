//! The events the sales desk publishes (CloudEvents `type` and `data`). As the CRM's, they carry
//! ids and amounts, never a person's data (ADR 0022).

use chrono::{DateTime, Utc};
use innexar_db::outbox::Event;
use innexar_kernel::{CustomerId, Money, StoreId};
use innexar_vehicles::ids::VehicleId;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::quotes::QuoteId;
use crate::sale::SaleId;

/// `sale.completed`: a vehicle was sold (the seed's payload: tenant, sale, vehicle, amount, time).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SaleCompleted {
    pub tenant_id: Uuid,
    pub sale_id: SaleId,
    pub number: String,
    pub quote_id: QuoteId,
    pub vehicle_id: VehicleId,
    pub customer_id: CustomerId,
    pub store_id: StoreId,
    pub salesperson_id: Option<Uuid>,
    pub trade_in_vehicle_id: Option<VehicleId>,
    /// The deal's total, in centavos.
    #[schema(value_type = i64)]
    pub amount_cents: Money,
    pub sold_at: DateTime<Utc>,
}

/// `sale.cancelled`: a sale was undone by a reversing record.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SaleCancelled {
    pub tenant_id: Uuid,
    pub sale_id: SaleId,
    pub number: String,
    pub vehicle_id: VehicleId,
    pub trade_in_vehicle_id: Option<VehicleId>,
    #[schema(value_type = i64)]
    pub amount_cents: Money,
    pub reason: String,
    pub cancelled_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum SalesEvent {
    SaleCompleted(SaleCompleted),
    SaleCancelled(SaleCancelled),
}

impl Event for SalesEvent {
    fn area(&self) -> &'static str {
        "sales"
    }

    fn event_type(&self) -> &'static str {
        match self {
            SalesEvent::SaleCompleted(_) => "sale.completed",
            SalesEvent::SaleCancelled(_) => "sale.cancelled",
        }
    }

    fn subject(&self) -> Option<String> {
        Some(match self {
            SalesEvent::SaleCompleted(e) => e.sale_id.to_string(),
            SalesEvent::SaleCancelled(e) => e.sale_id.to_string(),
        })
    }
}
