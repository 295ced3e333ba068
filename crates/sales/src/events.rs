//! The events the sales desk publishes (CloudEvents `type` and `data`). As the CRM's, they carry
//! ids and amounts, never a person's data (ADR 0022).

use chrono::{DateTime, Utc};
use innexar_db::outbox::Event;
use innexar_kernel::{CustomerId, Money, StoreId};
use innexar_vehicles::ids::VehicleId;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::quotes::{Quote, QuoteId, QuoteStatus};
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

/// `quote.sent`, `quote.accepted`, `quote.rejected`, `quote.expired`: a quote reached the status
/// its type names; `quote.revised`: a new version made it a draft again. The CRM's timeline, a
/// follow-up or a report reads them.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteStatusReached {
    pub tenant_id: Uuid,
    pub quote_id: QuoteId,
    pub number: String,
    /// The version the customer saw.
    pub version: i32,
    pub store_id: StoreId,
    pub vehicle_id: VehicleId,
    pub customer_id: CustomerId,
    pub lead_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
    pub status: QuoteStatus,
    #[schema(value_type = i64)]
    pub total_cents: Money,
    #[schema(value_type = i64)]
    pub discount_cents: Money,
    pub at: DateTime<Utc>,
}

impl QuoteStatusReached {
    pub fn of(tenant_id: Uuid, q: &Quote, at: DateTime<Utc>) -> Self {
        QuoteStatusReached {
            tenant_id,
            quote_id: q.id,
            number: q.number.clone(),
            version: q.current_version,
            store_id: q.store_id,
            vehicle_id: q.vehicle_id,
            customer_id: q.customer_id,
            lead_id: q.lead_id,
            salesperson_id: q.salesperson_id,
            status: q.status,
            total_cents: q.total,
            discount_cents: q.discount,
            at,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum SalesEvent {
    SaleCompleted(SaleCompleted),
    SaleCancelled(SaleCancelled),
    Quote(QuoteStatusReached),
}

impl Event for SalesEvent {
    fn area(&self) -> &'static str {
        "sales"
    }

    fn event_type(&self) -> &'static str {
        match self {
            SalesEvent::SaleCompleted(_) => "sale.completed",
            SalesEvent::SaleCancelled(_) => "sale.cancelled",
            SalesEvent::Quote(e) => match e.status {
                QuoteStatus::Draft => "quote.revised",
                QuoteStatus::Sent => "quote.sent",
                QuoteStatus::Accepted => "quote.accepted",
                QuoteStatus::Rejected => "quote.rejected",
                QuoteStatus::Expired => "quote.expired",
            },
        }
    }

    fn subject(&self) -> Option<String> {
        Some(match self {
            SalesEvent::SaleCompleted(e) => e.sale_id.to_string(),
            SalesEvent::SaleCancelled(e) => e.sale_id.to_string(),
            SalesEvent::Quote(e) => e.quote_id.to_string(),
        })
    }
}

/// Every event type this area publishes, as integrators subscribe to them.
pub const TYPES: &[innexar_http::EventType] = {
    use innexar_http::EventType;
    &[
        EventType {
            name: "sale.completed",
            description: "A vehicle was sold: the sale, the vehicle, the customer and the amount",
        },
        EventType { name: "sale.cancelled", description: "A sale was undone by a reversing record" },
        EventType { name: "quote.sent", description: "A quote was sent to the customer" },
        EventType { name: "quote.accepted", description: "The customer accepted a quote" },
        EventType { name: "quote.rejected", description: "The customer turned a quote down" },
        EventType { name: "quote.expired", description: "A quote passed its validity unanswered" },
        EventType { name: "quote.revised", description: "A new version of a sent quote made it a draft again" },
    ]
};

#[cfg(test)]
mod catalogue {
    #[test]
    fn every_event_type_published_is_in_the_catalogue_and_no_other() {
        let (unlisted, unnamed) = innexar_http::area::catalogue_drift(include_str!("events.rs"), super::TYPES);
        assert!(unlisted.is_empty() && unnamed.is_empty(), "not listed: {unlisted:?}; never published: {unnamed:?}");
    }
}
