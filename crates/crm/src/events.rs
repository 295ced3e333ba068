//! The events the CRM publishes (CloudEvents `type` and `data`).
//!
//! Payloads carry ids and the names of what changed, never a person's data: a receiver that
//! needs the name or the phone reads the customer with its own permission. So erasing a person
//! (LGPD art. 18) never has to chase copies of them through the outbox or an integrator's
//! queue (ADR 0022).

use innexar_db::outbox::Event;
use innexar_kernel::{CustomerId, StoreId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::model::{ConsentChannel, ConsentPurpose, CustomerKind, LeadId, LeadStage};

/// `customer.created`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerCreated {
    pub customer_id: CustomerId,
    pub kind: CustomerKind,
    pub store_id: StoreId,
}

/// `customer.updated`: which fields changed (API names), not their values.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerUpdated {
    pub customer_id: CustomerId,
    pub changed: Vec<String>,
}

/// `customer.merged`: `mergedId` is now a tombstone of `customerId`; every link moved.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerMerged {
    pub customer_id: CustomerId,
    pub merged_id: CustomerId,
}

/// `customer.anonymized`: the person's data is gone; the record keeps a pseudonym.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerAnonymized {
    pub customer_id: CustomerId,
}

/// `consent.changed`: the customer's answer for one purpose and channel is now `granted`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentChanged {
    pub customer_id: CustomerId,
    pub purpose: ConsentPurpose,
    pub channel: ConsentChannel,
    pub granted: bool,
}

/// `lead.created`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeadCreated {
    pub lead_id: LeadId,
    pub customer_id: CustomerId,
    pub store_id: StoreId,
    pub source: String,
    pub owner_id: Option<uuid::Uuid>,
}

/// `lead.assigned`: the lead has a new salesperson (none: back to unassigned).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeadAssigned {
    pub lead_id: LeadId,
    pub owner_id: Option<uuid::Uuid>,
    pub previous_owner_id: Option<uuid::Uuid>,
}

/// `lead.stage_changed`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeadStageChanged {
    pub lead_id: LeadId,
    pub from: LeadStage,
    pub to: LeadStage,
}

/// `lead.won` and `lead.lost` (with the lost reason's key).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeadClosed {
    pub lead_id: LeadId,
    pub customer_id: CustomerId,
    pub lost_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum CrmEvent {
    CustomerCreated(CustomerCreated),
    CustomerUpdated(CustomerUpdated),
    CustomerMerged(CustomerMerged),
    CustomerAnonymized(CustomerAnonymized),
    ConsentChanged(ConsentChanged),
    LeadCreated(LeadCreated),
    LeadAssigned(LeadAssigned),
    LeadStageChanged(LeadStageChanged),
    LeadWon(LeadClosed),
    LeadLost(LeadClosed),
}

impl Event for CrmEvent {
    fn area(&self) -> &'static str {
        "crm"
    }

    fn event_type(&self) -> &'static str {
        match self {
            CrmEvent::CustomerCreated(_) => "customer.created",
            CrmEvent::CustomerUpdated(_) => "customer.updated",
            CrmEvent::CustomerMerged(_) => "customer.merged",
            CrmEvent::CustomerAnonymized(_) => "customer.anonymized",
            CrmEvent::ConsentChanged(_) => "consent.changed",
            CrmEvent::LeadCreated(_) => "lead.created",
            CrmEvent::LeadAssigned(_) => "lead.assigned",
            CrmEvent::LeadStageChanged(_) => "lead.stage_changed",
            CrmEvent::LeadWon(_) => "lead.won",
            CrmEvent::LeadLost(_) => "lead.lost",
        }
    }

    fn subject(&self) -> Option<String> {
        Some(match self {
            CrmEvent::CustomerCreated(e) => e.customer_id.to_string(),
            CrmEvent::CustomerUpdated(e) => e.customer_id.to_string(),
            CrmEvent::CustomerMerged(e) => e.customer_id.to_string(),
            CrmEvent::CustomerAnonymized(e) => e.customer_id.to_string(),
            CrmEvent::ConsentChanged(e) => e.customer_id.to_string(),
            CrmEvent::LeadCreated(e) => e.lead_id.to_string(),
            CrmEvent::LeadAssigned(e) => e.lead_id.to_string(),
            CrmEvent::LeadStageChanged(e) => e.lead_id.to_string(),
            CrmEvent::LeadWon(e) | CrmEvent::LeadLost(e) => e.lead_id.to_string(),
        })
    }
}

/// Every event type this area publishes, as integrators subscribe to them.
pub const TYPES: &[innexar_http::EventType] = {
    use innexar_http::EventType;
    &[
        EventType { name: "customer.created", description: "A customer (person or company) was registered" },
        EventType {
            name: "customer.updated",
            description: "A customer's record changed (which fields, not their values)",
        },
        EventType {
            name: "customer.merged",
            description: "Two records of one customer were merged; the merged id now points to the kept one",
        },
        EventType {
            name: "customer.anonymized",
            description: "A customer's personal data was erased on request (LGPD)",
        },
        EventType {
            name: "consent.changed",
            description: "A customer granted or withdrew consent for a purpose and channel",
        },
        EventType {
            name: "lead.created",
            description: "A lead was opened (by a salesperson, a website form or a portal)",
        },
        EventType { name: "lead.assigned", description: "A lead got a new salesperson, or none" },
        EventType { name: "lead.stage_changed", description: "A lead moved to another stage of the funnel" },
        EventType { name: "lead.won", description: "A lead ended in a sale" },
        EventType { name: "lead.lost", description: "A lead was closed as lost, with the reason" },
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
