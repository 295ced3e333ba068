//! Trade-in appraisals (avaliações): the customer's car, found or registered as the one vehicle
//! record it keeps for life (ADR 0022), its condition item by item, what the dealer would pay
//! for it, and the loan still owed on it. Its photos are the vehicle's photos
//! (`/vehicles/{id}/photos`). When the sale completes, the car enters stock at the appraised
//! value.

use chrono::{Duration, NaiveDate};
use innexar_db::Tx;
use innexar_kernel::{Actor, AppError, CustomerId, FieldError, IfMatch, Money, validate};
use innexar_vehicles::commands::{CustomerVehicle, register_customer_vehicle};
use innexar_vehicles::model::Vehicle;
use sea_orm::entity::prelude::*;
use sea_orm::{FromJsonQueryResult, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::permissions::SALES_SEE_STORE;

innexar_kernel::string_enum!(
    /// How one item of the car was found.
    pub ItemCondition { Good = "good", Attention = "attention", Damaged = "damaged" }
);

/// One line of the condition checklist ("Pneus", "Para-choque dianteiro", "Motor").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChecklistItem {
    #[schema(min_length = 1, max_length = 80)]
    pub item: String,
    pub condition: ItemCondition,
    #[schema(max_length = 300)]
    pub note: Option<String>,
    /// What fixing it would cost, in centavos.
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub repair_cents: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Checklist(pub Vec<ChecklistItem>);

pub mod entity {
    use chrono::NaiveDate;
    use innexar_kernel::{CustomerId, Money, StoreId};
    use innexar_vehicles::ids::VehicleId;
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    innexar_kernel::id_type!(
        /// A trade-in appraisal.
        AppraisalId
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "sales_appraisals")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = Appraisal)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: AppraisalId,
        pub customer_id: CustomerId,
        /// The customer's car (a vehicle record with status `customer_owned`).
        pub vehicle_id: VehicleId,
        pub store_id: StoreId,
        pub appraised_by: Option<Uuid>,
        pub mileage_km: i64,
        #[schema(value_type = Vec<super::ChecklistItem>)]
        pub checklist: super::Checklist,
        /// What the dealer would pay for the car.
        #[sea_orm(column_name = "appraised_value_cents")]
        #[serde(rename = "appraisedValueCents")]
        pub appraised_value: Money,
        /// The customer's loan still owed on it (quitação), which the dealer pays off.
        #[sea_orm(column_name = "payoff_cents")]
        #[serde(rename = "payoffCents")]
        pub payoff: Money,
        pub payoff_bank: Option<String>,
        pub notes: Option<String>,
        /// The value holds until this day (used-car prices move).
        pub valid_until: NaiveDate,
        /// The row version, also sent as the ETag (If-Match takes it).
        #[sea_orm(column_name = "row_version")]
        #[serde(default)]
        pub version: i64,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub updated_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use entity::{AppraisalId, Model as Appraisal};
use entity::{Column as C, Entity};

/// How long an appraisal holds unless the appraiser says otherwise.
pub const DEFAULT_VALIDITY_DAYS: i64 = 7;

/// An appraisal as the appraiser writes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewAppraisal {
    pub customer_id: CustomerId,
    /// The car: found by VIN or placa, or registered as the customer's.
    pub vehicle: CustomerVehicle,
    #[schema(minimum = 0, maximum = 2_000_000)]
    pub mileage_km: i64,
    #[serde(default)]
    #[schema(max_items = 60)]
    pub checklist: Vec<ChecklistItem>,
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub appraised_value_cents: i64,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub payoff_cents: i64,
    #[schema(max_length = 80)]
    pub payoff_bank: Option<String>,
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
    /// Today to 30 days ahead; default a week.
    pub valid_until: Option<NaiveDate>,
}

impl NewAppraisal {
    fn split(self) -> (CustomerId, CustomerVehicle, AppraisalValues) {
        let values = AppraisalValues {
            mileage_km: self.mileage_km,
            checklist: self.checklist,
            appraised_value_cents: self.appraised_value_cents,
            payoff_cents: self.payoff_cents,
            payoff_bank: self.payoff_bank,
            notes: self.notes,
            valid_until: self.valid_until,
        };
        (self.customer_id, self.vehicle, values)
    }
}

/// What an appraisal finds (a re-appraisal's body).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppraisalValues {
    #[schema(minimum = 0, maximum = 2_000_000)]
    pub mileage_km: i64,
    #[serde(default)]
    #[schema(max_items = 60)]
    pub checklist: Vec<ChecklistItem>,
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub appraised_value_cents: i64,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub payoff_cents: i64,
    #[schema(max_length = 80)]
    pub payoff_bank: Option<String>,
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
    /// Today to 30 days ahead; default a week.
    pub valid_until: Option<NaiveDate>,
}

fn not_found() -> AppError {
    AppError::not_found("sales.appraisal_not_found", "no appraisal with this id, or not one you may see")
}

struct Checked {
    checklist: Vec<ChecklistItem>,
    payoff_bank: Option<String>,
    notes: Option<String>,
    valid_until: NaiveDate,
}

fn check(v: &AppraisalValues, today: NaiveDate, e: &mut Vec<FieldError>) -> Checked {
    if !(0..=2_000_000).contains(&v.mileage_km) {
        e.push(FieldError::new("/mileageKm", "sales.invalid_mileage", "from 0 to 2,000,000 km"));
    }
    for (p, cents) in [("/appraisedValueCents", v.appraised_value_cents), ("/payoffCents", v.payoff_cents)] {
        if !(0..=crate::financing::MAX_AMOUNT_CENTS).contains(&cents) {
            e.push(FieldError::new(p, "sales.invalid_amount", "from zero to R$ 100 million"));
        }
    }
    if v.checklist.len() > 60 {
        e.push(FieldError::new("/checklist", "sales.too_many_items", "at most 60 checklist items"));
    }
    let checklist = v
        .checklist
        .iter()
        .enumerate()
        .map(|(i, c)| ChecklistItem {
            item: validate::text(e, &format!("/checklist/{i}/item"), Some(c.item.clone()), 80, true)
                .unwrap_or_default(),
            condition: c.condition,
            note: validate::text(e, &format!("/checklist/{i}/note"), c.note.clone(), 300, false),
            repair_cents: c.repair_cents.inspect(|r| {
                if !(0..=crate::financing::MAX_AMOUNT_CENTS).contains(r) {
                    e.push(FieldError::new(
                        format!("/checklist/{i}/repairCents"),
                        "sales.invalid_amount",
                        "from zero to R$ 100 million",
                    ));
                }
            }),
        })
        .collect();
    let payoff_bank = validate::text(e, "/payoffBank", v.payoff_bank.clone(), 80, false);
    if v.payoff_cents > 0 && payoff_bank.is_none() {
        e.push(FieldError::new("/payoffBank", "field.required", "name the bank the loan is owed to"));
    }
    let notes = validate::text(e, "/notes", v.notes.clone(), 2000, false);
    let valid_until = v.valid_until.unwrap_or(today + Duration::days(DEFAULT_VALIDITY_DAYS));
    if valid_until < today || valid_until > today + Duration::days(30) {
        e.push(FieldError::new("/validUntil", "sales.invalid_valid_until", "from today to 30 days ahead"));
    }
    Checked { checklist, payoff_bank, notes, valid_until }
}

pub async fn create(tx: &Tx, today: NaiveDate, input: NewAppraisal) -> Result<(Appraisal, Vehicle), AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let (customer_id, car, values) = input.split();
    let mut e = Vec::new();
    let checked = check(&values, today, &mut e);
    let customer = crate::deal::customer(tx, &mut e, "/customerId", customer_id).await?;
    let Some(customer) = customer.filter(|_| e.is_empty()) else { return Err(AppError::validation(e)) };
    let (vehicle, _) = register_customer_vehicle(tx, customer.id, customer.store_id, car).await.map_err(in_vehicle)?;
    let a = Appraisal {
        id: AppraisalId::new(),
        customer_id: customer.id,
        vehicle_id: vehicle.id,
        store_id: vehicle.store_id,
        appraised_by: actor.id,
        mileage_km: values.mileage_km,
        checklist: Checklist(checked.checklist),
        appraised_value: Money(values.appraised_value_cents),
        payoff: Money(values.payoff_cents),
        payoff_bank: checked.payoff_bank,
        notes: checked.notes,
        valid_until: checked.valid_until,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    Entity::insert(entity::ActiveModel::from(a.clone()).reset_all()).exec_without_returning(tx).await?;
    audit_change(tx, "sales.appraisal_created", None, &a).await?;
    Ok((a, vehicle))
}

/// The vehicle's field errors point inside `vehicle`.
fn in_vehicle(mut err: AppError) -> AppError {
    for fe in &mut err.errors {
        fe.pointer = format!("/vehicle{}", fe.pointer);
    }
    err
}

/// A re-appraisal: the car's values again (If-Match).
pub async fn update(
    tx: &Tx,
    today: NaiveDate,
    id: AppraisalId,
    expected: IfMatch,
    values: AppraisalValues,
) -> Result<Appraisal, AppError> {
    let before = visible(tx, tx.actor(), id).await?;
    if !expected.allows(before.version) {
        return Err(AppError::precondition_failed("the appraisal changed since you read it"));
    }
    let mut e = Vec::new();
    let checked = check(&values, today, &mut e);
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let mut after = before.clone();
    after.mileage_km = values.mileage_km;
    after.checklist = Checklist(checked.checklist);
    after.appraised_value = Money(values.appraised_value_cents);
    after.payoff = Money(values.payoff_cents);
    after.payoff_bank = checked.payoff_bank;
    after.notes = checked.notes;
    after.valid_until = checked.valid_until;
    after.version += 1;
    after.updated_at = tx.now();
    let res = Entity::update_many()
        .set(entity::ActiveModel::from(after.clone()).reset_all())
        .filter(C::Id.eq(id))
        .filter(C::Version.eq(before.version))
        .exec(tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::precondition_failed("the appraisal changed since you read it"));
    }
    audit_change(tx, "sales.appraisal_updated", Some(&before), &after).await?;
    Ok(after)
}

async fn audit_change(
    tx: &Tx,
    action: &'static str,
    before: Option<&Appraisal>,
    after: &Appraisal,
) -> Result<(), AppError> {
    crate::deal::audit(tx, action, "appraisal", after.id.uuid(), before, after).await
}

fn may_see(actor: &Actor, a: &Appraisal) -> bool {
    (a.appraised_by.is_some() && a.appraised_by == actor.id)
        || (actor.can(SALES_SEE_STORE) && actor.can_access_store(a.store_id))
}

async fn visible(db: &impl ConnectionTrait, actor: &Actor, id: AppraisalId) -> Result<Appraisal, AppError> {
    Entity::find_by_id(id).one(db).await?.filter(|a| may_see(actor, a)).ok_or_else(not_found)
}

pub async fn get(db: &impl ConnectionTrait, actor: &Actor, id: AppraisalId) -> Result<Appraisal, AppError> {
    visible(db, actor, id).await
}

/// An appraisal a quote may use: one the actor may see, of this customer.
pub(crate) async fn for_quote(
    tx: &Tx,
    id: AppraisalId,
    customer: CustomerId,
) -> Result<Option<(Appraisal, Vehicle)>, AppError> {
    let Some(a) = Entity::find_by_id(id).one(tx).await?.filter(|a| a.customer_id == customer) else {
        return Ok(None);
    };
    let v = innexar_vehicles::commands::vehicle_for_deal(tx, a.vehicle_id).await;
    match v {
        Ok(v) => Ok(Some((a, v))),
        Err(e) if e.code == "vehicles.not_found" => Ok(None),
        Err(e) => Err(e),
    }
}

/// A customer's appraisals the actor may see, newest first.
pub async fn of_customer(
    db: &impl ConnectionTrait,
    actor: &Actor,
    customer: CustomerId,
) -> Result<Vec<Appraisal>, AppError> {
    let rows = Entity::find().filter(C::CustomerId.eq(customer)).order_by_desc(C::CreatedAt).limit(100).all(db).await?;
    Ok(rows.into_iter().filter(|a| may_see(actor, a)).collect())
}
