//! The events the inventory publishes (CloudEvents `type` and `data`). Integrators publishing
//! stock to marketplaces and the areas that react (accounting, notifications) read these;
//! changing a payload's fields is a breaking change of the API.

use crate::ids::{ExpenseId, PhotoId, VehicleId};
use chrono::{DateTime, Utc};
use innexar_db::outbox::Event;
use innexar_kernel::Money;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::model::Vehicle;
use crate::model::VehicleStatus;

/// Which vehicle an event is about; every inventory event's `data` starts with these fields.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VehicleRef {
    pub vehicle_id: VehicleId,
    pub stock_number: String,
    pub vin: Option<String>,
    /// When the change happened (also the envelope's `time`).
    pub timestamp: DateTime<Utc>,
}

impl VehicleRef {
    pub fn new(v: &Vehicle, now: DateTime<Utc>) -> Self {
        VehicleRef { vehicle_id: v.id, stock_number: v.stock_number.clone(), vin: v.vin.clone(), timestamp: now }
    }
}

/// `vehicle.price_changed`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PriceChanged {
    #[serde(flatten)]
    pub vehicle: VehicleRef,
    pub previous_price_cents: Option<Money>,
    pub price_cents: Option<Money>,
}

/// `vehicle.status_changed`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusChanged {
    #[serde(flatten)]
    pub vehicle: VehicleRef,
    pub from: VehicleStatus,
    pub to: VehicleStatus,
    pub note: Option<String>,
    pub changed_by: Option<Uuid>,
}

/// `vehicle.expense_recorded`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExpenseRecorded {
    #[serde(flatten)]
    pub vehicle: VehicleRef,
    pub expense_id: ExpenseId,
    pub amount_cents: Money,
}

/// `vehicle.photos_changed`: integrators re-read the photos when this arrives.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhotosChanged {
    #[serde(flatten)]
    pub vehicle: VehicleRef,
    /// `added`, `removed`, `reordered` or `cover`.
    pub change: &'static str,
    pub photo_id: PhotoId,
    pub photo_count: usize,
    pub cover_photo_id: Option<PhotoId>,
}

/// Every event of the inventory.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum VehicleEvent {
    Created(VehicleRef),
    Updated(VehicleRef),
    Deleted(VehicleRef),
    PriceChanged(PriceChanged),
    StatusChanged(StatusChanged),
    ExpenseRecorded(ExpenseRecorded),
    PhotosChanged(PhotosChanged),
}

impl VehicleEvent {
    fn vehicle(&self) -> &VehicleRef {
        match self {
            VehicleEvent::Created(v) | VehicleEvent::Updated(v) | VehicleEvent::Deleted(v) => v,
            VehicleEvent::PriceChanged(e) => &e.vehicle,
            VehicleEvent::StatusChanged(e) => &e.vehicle,
            VehicleEvent::ExpenseRecorded(e) => &e.vehicle,
            VehicleEvent::PhotosChanged(e) => &e.vehicle,
        }
    }
}

impl Event for VehicleEvent {
    fn area(&self) -> &'static str {
        "vehicles"
    }

    fn event_type(&self) -> &'static str {
        match self {
            VehicleEvent::Created(_) => "vehicle.created",
            VehicleEvent::Updated(_) => "vehicle.updated",
            VehicleEvent::Deleted(_) => "vehicle.deleted",
            VehicleEvent::PriceChanged(_) => "vehicle.price_changed",
            VehicleEvent::StatusChanged(_) => "vehicle.status_changed",
            VehicleEvent::ExpenseRecorded(_) => "vehicle.expense_recorded",
            VehicleEvent::PhotosChanged(_) => "vehicle.photos_changed",
        }
    }

    fn subject(&self) -> Option<String> {
        Some(self.vehicle().vehicle_id.to_string())
    }
}

/// Every event type this area publishes, as integrators subscribe to them.
pub const TYPES: &[innexar_http::EventType] = {
    use innexar_http::EventType;
    &[
        EventType {
            name: "vehicle.created",
            description: "A vehicle entered the stock (bought, taken in trade or registered)",
        },
        EventType {
            name: "vehicle.updated",
            description: "A vehicle's record changed (which fields, not their values)",
        },
        EventType { name: "vehicle.deleted", description: "A vehicle's record was deleted (registered in error)" },
        EventType {
            name: "vehicle.price_changed",
            description: "A vehicle's asking price changed (old and new, in centavos)",
        },
        EventType {
            name: "vehicle.status_changed",
            description: "A vehicle moved between available, reserved, sold and the other statuses",
        },
        EventType {
            name: "vehicle.expense_recorded",
            description: "A reconditioning or other expense was recorded on a vehicle",
        },
        EventType {
            name: "vehicle.photos_changed",
            description: "A vehicle's photos were added, removed or reordered",
        },
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
