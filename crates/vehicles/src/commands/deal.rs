//! The statuses a deal sets (ADR 0025): `reserved` and `sold` belong to the sales desk, which
//! moves a vehicle into and out of them together with its own records (a reservation, a sale)
//! in one transaction. The move is a compare-and-set on the vehicle's version, so of two deals
//! racing for one car the second finds it moved and changes nothing.

use innexar_db::{Tx, audit, counters, outbox};
use innexar_kernel::{AppError, CustomerId, Money};
use serde_json::json;

use super::{load_visible, record_status};
use crate::events::{StatusChanged, VehicleEvent, VehicleRef};
use crate::ids::VehicleId;
use crate::model::{Origin, Vehicle, VehicleStatus};
use crate::store;

/// Why a deal could not move a vehicle.
#[derive(Debug)]
pub enum DealMove {
    /// The vehicle is in another status than the deal expects (reserved, sold, in preparation).
    NotIn(VehicleStatus),
    /// Another transaction moved it between the read and the write.
    Raced,
}

/// A vehicle the actor may see, as the deal desk reads it inside its transaction.
pub async fn vehicle_for_deal(tx: &Tx, id: VehicleId) -> Result<Vehicle, AppError> {
    load_visible(tx, tx.actor(), id).await
}

/// Moves vehicle `v` (as read in this transaction) to `to` if it is in one of `from`: the
/// status history line, the `vehicle.status_changed` event and the audit entry go with it.
pub async fn move_for_deal(
    tx: &Tx,
    v: &Vehicle,
    from: &[VehicleStatus],
    to: VehicleStatus,
    note: Option<String>,
) -> Result<Result<Vehicle, DealMove>, AppError> {
    let after = v.clone();
    move_as(tx, v, after, from, to, note).await
}

/// Sells `v` to `buyer`: `sold`, and the car is theirs from now (ADR 0022), or, with `None`,
/// a cancelled sale puts it back on sale as the dealer's.
pub async fn sell_for_deal(
    tx: &Tx,
    v: &Vehicle,
    buyer: Option<CustomerId>,
    note: Option<String>,
) -> Result<Result<Vehicle, DealMove>, AppError> {
    let mut after = v.clone();
    after.owner_id = buyer;
    after.owned_since = buyer.map(|_| tx.now());
    let (from, to): (&[VehicleStatus], _) = match buyer {
        Some(_) => (&[VehicleStatus::Available, VehicleStatus::Reserved], VehicleStatus::Sold),
        None => (&[VehicleStatus::Sold], VehicleStatus::Available),
    };
    move_as(tx, v, after, from, to, note).await
}

/// A customer's car taken in part payment enters stock: `in_preparation`, origin `trade_in`, a
/// stock number, the appraised value as its cost, owned by the dealer. `None` undoes it (a
/// cancelled sale): the car is `owner`'s again, if it is still in stock and not sold on.
pub async fn take_trade_in(
    tx: &Tx,
    v: &Vehicle,
    cost: Option<Money>,
    owner: CustomerId,
) -> Result<Result<Vehicle, DealMove>, AppError> {
    let now = tx.now();
    let mut after = v.clone();
    match cost {
        Some(cost) => {
            after.origin = Origin::TradeIn;
            after.cost = Some(cost);
            after.owner_id = None;
            after.owned_since = None;
            after.entered_at = now;
            after.stock_number = super::stock_number(counters::next(tx, counters::STOCK_NUMBER).await?);
            move_as(
                tx,
                v,
                after,
                &[VehicleStatus::CustomerOwned],
                VehicleStatus::InPreparation,
                Some("trade-in".into()),
            )
            .await
        }
        None => {
            after.owner_id = Some(owner);
            after.owned_since = Some(now);
            let from = [VehicleStatus::InPreparation, VehicleStatus::Available, VehicleStatus::Unavailable];
            move_as(tx, v, after, &from, VehicleStatus::CustomerOwned, Some("trade-in returned".into())).await
        }
    }
}

async fn move_as(
    tx: &Tx,
    v: &Vehicle,
    mut after: Vehicle,
    from: &[VehicleStatus],
    to: VehicleStatus,
    note: Option<String>,
) -> Result<Result<Vehicle, DealMove>, AppError> {
    if !from.contains(&v.status) {
        return Ok(Err(DealMove::NotIn(v.status)));
    }
    let now = tx.now();
    after.status = to;
    after.status_changed_at = now;
    after.version += 1;
    after.updated_at = now;
    if !store::update_vehicle(tx, &after, v.version).await? {
        return Ok(Err(DealMove::Raced));
    }
    record_status(tx, &after, Some(v.status), note.clone()).await?;
    let e = StatusChanged {
        vehicle: VehicleRef::new(&after, now),
        from: v.status,
        to,
        note: note.clone(),
        changed_by: tx.actor().id,
    };
    outbox::record(tx, &VehicleEvent::StatusChanged(e)).await?;
    let mut after_view = after.audit_view();
    after_view["note"] = json!(note);
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.status_changed",
            entity_type: "vehicle",
            entity_id: Some(v.id.uuid()),
            before: Some(&v.audit_view()),
            after: Some(&after_view),
        },
    )
    .await?;
    Ok(Ok(after))
}

/// What vehicle `v` (read in this transaction) cost the dealer so far: its acquisition cost
/// (zero when unknown) and the sum of its reconditioning expenses.
pub async fn cost_basis(tx: &Tx, v: &Vehicle) -> Result<(i64, i64), AppError> {
    let expenses = store::list_expenses(tx, v.id).await?.iter().map(|e| e.amount_cents.0).sum();
    Ok((v.cost.map_or(0, |c| c.0), expenses))
}
