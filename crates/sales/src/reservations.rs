//! Reservations: a vehicle held for one customer until a time. One active reservation per
//! vehicle, which the database enforces (a partial unique index), and the vehicle's `reserved`
//! status moves with it in the same transaction (ADR 0025). A reservation ends by release (its
//! holder or a manager), by expiry (the scheduled job), by a manager's override for another
//! customer, or by the sale it turns into.

use chrono::{DateTime, Duration, Utc};
use innexar_db::Tx;
use innexar_kernel::{Actor, AppError, CustomerId, FieldError, StoreId, validate};
use innexar_vehicles::commands::{DealMove, move_for_deal, vehicle_for_deal};
use innexar_vehicles::ids::VehicleId;
use innexar_vehicles::model::{Vehicle, VehicleStatus};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, QueryTrait};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::permissions::{SALES_OVERRIDE_RESERVATION, SALES_SEE_STORE};

pub mod entity {
    use innexar_kernel::{CustomerId, StoreId};
    use innexar_vehicles::ids::VehicleId;
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    innexar_kernel::id_type!(
        /// A vehicle held for a customer.
        ReservationId
    );

    innexar_kernel::string_enum!(
        /// Where a reservation stands.
        pub ReservationStatus {
            /// Holding the vehicle.
            Active = "active",
            /// Ended early by its holder or a manager.
            Released = "released",
            /// Ran out (the scheduled job ended it).
            Expired = "expired",
            /// Ended by a manager to hold the car for another customer.
            Overridden = "overridden",
            /// The customer bought the car.
            Converted = "converted",
        }
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "sales_reservations")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = Reservation)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: ReservationId,
        pub vehicle_id: VehicleId,
        pub customer_id: CustomerId,
        pub store_id: StoreId,
        pub status: ReservationStatus,
        pub reserved_by: Option<Uuid>,
        pub reserved_at: chrono::DateTime<chrono::Utc>,
        /// When it runs out unless released or sold first.
        pub ends_at: chrono::DateTime<chrono::Utc>,
        pub note: Option<String>,
        pub ended_at: Option<chrono::DateTime<chrono::Utc>>,
        pub ended_by: Option<Uuid>,
        /// Why it was released or overridden.
        pub end_reason: Option<String>,
        /// When the salesperson was reminded that it is about to run out.
        #[serde(skip)]
        pub reminded_at: Option<chrono::DateTime<chrono::Utc>>,
        /// The row version, also sent as the ETag (If-Match takes it).
        #[sea_orm(column_name = "row_version")]
        #[serde(default)]
        pub version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::{Column as C, Entity};
pub use entity::{Model as Reservation, ReservationId, ReservationStatus};

/// The longest hold a desk may give: beyond it the car is off the market without a deal.
pub const MAX_HOLD: Duration = Duration::days(30);

/// A hold asked for.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewReservation {
    pub customer_id: CustomerId,
    /// After now, and at most 30 days ahead.
    pub ends_at: DateTime<Utc>,
    #[schema(max_length = 500)]
    pub note: Option<String>,
    /// A manager ending another customer's reservation to hold the car for this one: why.
    #[schema(min_length = 1, max_length = 500)]
    pub override_reason: Option<String>,
}

/// A hold ended early.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Release {
    /// Required when it is not your own reservation.
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

pub fn reserved(until: DateTime<Utc>) -> AppError {
    AppError::conflict(
        "sales.vehicle_reserved",
        format!("the vehicle is reserved for another customer until {}", until.format("%Y-%m-%d %H:%M UTC")),
    )
}

fn not_available(v: &Vehicle) -> AppError {
    AppError::conflict(
        "sales.vehicle_not_available",
        format!("vehicle {} is {}, not available for sale", v.stock_number, v.status.as_str()),
    )
}

fn not_found() -> AppError {
    AppError::not_found("sales.reservation_not_found", "no reservation with this id, or not one you may see")
}

/// The active reservation of a vehicle, if any.
pub async fn active_for(db: &impl ConnectionTrait, vehicle: VehicleId) -> Result<Option<Reservation>, AppError> {
    Ok(Entity::find().filter(C::VehicleId.eq(vehicle)).filter(C::Status.eq(ReservationStatus::Active)).one(db).await?)
}

/// Holds `vehicle` for a customer. A car already held for someone else is 409
/// `sales.vehicle_reserved` unless a manager overrides it with a reason.
pub async fn reserve(tx: &Tx, vehicle: VehicleId, input: NewReservation) -> Result<Reservation, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let mut e = Vec::new();
    let customer = crate::deal::customer(tx, &mut e, "/customerId", input.customer_id).await?;
    let note = validate::text(&mut e, "/note", input.note, 500, false);
    let override_reason = validate::text(&mut e, "/overrideReason", input.override_reason, 500, false);
    if input.ends_at <= now || input.ends_at > now + MAX_HOLD {
        e.push(FieldError::new(
            "/endsAt",
            "sales.invalid_reservation_end",
            "a reservation ends after now and within 30 days",
        ));
    }
    if override_reason.is_some() && !actor.can(SALES_OVERRIDE_RESERVATION) {
        return Err(AppError::forbidden(
            "auth.forbidden",
            "overriding a reservation requires the permission sales.override_reservation",
        ));
    }
    let v = vehicle_for_deal(tx, vehicle).await?;
    let Some(customer) = customer.filter(|_| e.is_empty()) else { return Err(AppError::validation(e)) };
    let current = active_for(tx, v.id).await?;
    if let Some(held) = &current {
        if held.customer_id == customer.id && override_reason.is_none() {
            return Err(AppError::conflict(
                "sales.already_reserved",
                "the vehicle is already reserved for this customer; release it or let it run out first",
            ));
        }
        let Some(reason) = &override_reason else { return Err(reserved(held.ends_at)) };
        end(tx, held, ReservationStatus::Overridden, Some(reason.clone())).await?;
    } else if v.status != VehicleStatus::Available {
        return Err(not_available(&v));
    }
    let r = Reservation {
        id: ReservationId::new(),
        vehicle_id: v.id,
        customer_id: customer.id,
        store_id: v.store_id,
        status: ReservationStatus::Active,
        reserved_by: actor.id,
        reserved_at: now,
        ends_at: input.ends_at,
        note,
        ended_at: None,
        ended_by: None,
        end_reason: None,
        reminded_at: None,
        version: 1,
    };
    // The partial unique index is the rule: of two desks reserving at once, the second insert
    // fails (on PostgreSQL after waiting for the first to commit) and changes nothing.
    let row = Entity::insert(entity::ActiveModel::from(r.clone()).reset_all()).into_query();
    if !crate::deal::insert_unique(tx, row).await? {
        return Err(reserved(r.ends_at));
    }
    if current.is_none() {
        let note = format!("reserved until {}", r.ends_at.format("%Y-%m-%d %H:%M UTC"));
        match move_for_deal(tx, &v, &[VehicleStatus::Available], VehicleStatus::Reserved, Some(note)).await? {
            Ok(_) => {}
            Err(DealMove::NotIn(_)) => return Err(not_available(&v)),
            Err(DealMove::Raced) => return Err(reserved(r.ends_at)),
        }
    }
    audit_change(tx, "sales.vehicle_reserved", None, &r).await?;
    Ok(r)
}

/// Whether `actor` may end reservation `r` early: its holder, or a manager of its store.
fn may_end(actor: &Actor, r: &Reservation) -> bool {
    (r.reserved_by.is_some() && r.reserved_by == actor.id)
        || (actor.can(SALES_OVERRIDE_RESERVATION) && actor.can_access_store(r.store_id))
}

/// Ends a reservation early and puts the vehicle back on sale.
pub async fn release(tx: &Tx, id: ReservationId, input: Release) -> Result<Reservation, AppError> {
    let actor = tx.actor();
    let r = visible(tx, actor, id).await?;
    if r.status != ReservationStatus::Active {
        return Err(AppError::conflict(
            "sales.reservation_ended",
            format!("this reservation already ended ({})", r.status.as_str()),
        ));
    }
    if !may_end(actor, &r) {
        return Err(AppError::forbidden(
            "auth.forbidden",
            "only its holder or a manager with sales.override_reservation may release a reservation",
        ));
    }
    let mut e = Vec::new();
    let reason = validate::text(&mut e, "/reason", input.reason, 500, false);
    if reason.is_none() && r.reserved_by != actor.id {
        e.push(FieldError::new("/reason", "field.required", "say why you release someone else's reservation"));
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    end(tx, &r, ReservationStatus::Released, reason).await
}

/// Ends `r` as `status` and, unless it becomes a sale or another hold, puts its vehicle back on
/// sale. The row's version guards the end: a release and the expiry job at once end it once.
pub(crate) async fn end(
    tx: &Tx,
    r: &Reservation,
    status: ReservationStatus,
    reason: Option<String>,
) -> Result<Reservation, AppError> {
    let now = tx.now();
    let mut after = r.clone();
    after.status = status;
    after.ended_at = Some(now);
    after.ended_by = tx.actor().id;
    after.end_reason = reason;
    after.version += 1;
    let res = Entity::update_many()
        .set(entity::ActiveModel::from(after.clone()).reset_all())
        .filter(C::Id.eq(r.id))
        .filter(C::Version.eq(r.version))
        .exec(tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::conflict("sales.reservation_ended", "this reservation ended meanwhile"));
    }
    if matches!(status, ReservationStatus::Released | ReservationStatus::Expired) {
        let v = vehicle_for_deal(tx, r.vehicle_id).await?;
        let note = format!("reservation {}", status.as_str());
        if let Err(DealMove::Raced) =
            move_for_deal(tx, &v, &[VehicleStatus::Reserved], VehicleStatus::Available, Some(note)).await?
        {
            return Err(AppError::conflict("sales.reservation_ended", "the vehicle changed meanwhile; try again"));
        }
    }
    let action = match status {
        ReservationStatus::Expired => "sales.reservation_expired",
        ReservationStatus::Overridden => "sales.reservation_overridden",
        ReservationStatus::Converted => "sales.reservation_converted",
        _ => "sales.reservation_released",
    };
    audit_change(tx, action, Some(r), &after).await?;
    Ok(after)
}

async fn audit_change(
    tx: &Tx,
    action: &'static str,
    before: Option<&Reservation>,
    after: &Reservation,
) -> Result<(), AppError> {
    crate::deal::audit(tx, action, "reservation", after.id.uuid(), before, after).await
}

/// Whether `actor` may read reservation `r`: their own, or one of their stores' with
/// `sales.see_store`.
fn may_see(actor: &Actor, r: &Reservation) -> bool {
    (r.reserved_by.is_some() && r.reserved_by == actor.id)
        || (actor.can(SALES_SEE_STORE) && actor.can_access_store(r.store_id))
}

async fn visible(db: &impl ConnectionTrait, actor: &Actor, id: ReservationId) -> Result<Reservation, AppError> {
    Entity::find_by_id(id).one(db).await?.filter(|r| may_see(actor, r)).ok_or_else(not_found)
}

pub async fn get(db: &impl ConnectionTrait, actor: &Actor, id: ReservationId) -> Result<Reservation, AppError> {
    visible(db, actor, id).await
}

/// A vehicle's reservations, newest first: whoever may see the vehicle sees who holds it and
/// until when (the inventory's badge).
pub async fn of_vehicle(db: &impl ConnectionTrait, vehicle: VehicleId) -> Result<Vec<Reservation>, AppError> {
    Ok(Entity::find().filter(C::VehicleId.eq(vehicle)).order_by_desc(C::ReservedAt).limit(50).all(db).await?)
}

/// The active reservations the actor may see, ending soonest first.
pub async fn list_active(
    db: &impl ConnectionTrait,
    actor: &Actor,
    store: Option<StoreId>,
) -> Result<Vec<Reservation>, AppError> {
    let mut q = Entity::find().filter(C::Status.eq(ReservationStatus::Active));
    if let Some(s) = store {
        q = q.filter(C::StoreId.eq(s));
    }
    if !actor.can(SALES_SEE_STORE) {
        q = q.filter(C::ReservedBy.eq(actor.id));
    } else if let Some(stores) = &actor.store_ids {
        q = q.filter(C::StoreId.is_in(stores.iter().copied()));
    }
    Ok(q.order_by_asc(C::EndsAt).limit(500).all(db).await?)
}

/// How long before its end a reservation's salesperson is reminded: a quarter of the hold, at
/// most a day (a three-day hold: 18 hours before; a four-hour one: an hour before).
pub(crate) fn remind_before(r: &Reservation) -> chrono::Duration {
    ((r.ends_at - r.reserved_at) / 4).min(chrono::Duration::hours(24))
}

/// Active reservations ending within a day whose salesperson was not reminded yet.
pub(crate) async fn to_remind(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    n: u64,
) -> Result<Vec<Reservation>, AppError> {
    Ok(Entity::find()
        .filter(C::Status.eq(ReservationStatus::Active))
        .filter(C::EndsAt.gt(now))
        .filter(C::EndsAt.lte(now + chrono::Duration::hours(24)))
        .filter(C::RemindedAt.is_null())
        .order_by_asc(C::EndsAt)
        .limit(n)
        .all(db)
        .await?
        .into_iter()
        .filter(|r| r.ends_at - now <= remind_before(r))
        .collect())
}

/// Reminds the salesperson who reserved `r` that it runs out soon, once: the row is claimed by
/// a conditional update in `tx`, so two workers' tasks remind once.
pub(crate) async fn remind(tx: &Tx, r: &Reservation) -> Result<bool, AppError> {
    let claimed = Entity::update_many()
        .col_expr(C::RemindedAt, Expr::value(tx.now()))
        .filter(C::Id.eq(r.id))
        .filter(C::Status.eq(ReservationStatus::Active))
        .filter(C::RemindedAt.is_null())
        .exec(&**tx)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(false);
    }
    let Some(user_id) = r.reserved_by else { return Ok(true) };
    let v = innexar_vehicles::queries::get_vehicle(&**tx, &innexar_kernel::Actor::system(), r.vehicle_id).await?;
    let customer = innexar_crm::queries::customer_record(&**tx, r.customer_id).await?;
    let vehicle = match &v.placa {
        Some(p) => format!("{} {} ({p})", v.make, v.model),
        None => format!("{} {}", v.make, v.model),
    };
    let params = serde_json::json!({
        "vehicle": vehicle,
        "customer_name": customer.name,
        // Brazil's official time, where nearly every store is; the e-mail cannot know the reader's.
        "expires": r.ends_at.with_timezone(&chrono_tz::America::Sao_Paulo).format("%d/%m/%Y %H:%M").to_string(),
    });
    let path = format!("/inventory/{}", r.vehicle_id);
    innexar_identity::mail::email_user(tx, innexar_kernel::UserId(user_id), "reservation_expiring", params, &path)
        .await?;
    Ok(true)
}

/// Reservations past their end, oldest first (the expiry job's batch).
pub(crate) async fn ended_by(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    n: u64,
) -> Result<Vec<Reservation>, AppError> {
    Ok(Entity::find()
        .filter(C::Status.eq(ReservationStatus::Active))
        .filter(C::EndsAt.lte(now))
        .order_by_asc(C::EndsAt)
        .limit(n)
        .all(db)
        .await?)
}
