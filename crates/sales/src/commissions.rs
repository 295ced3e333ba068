//! Commissions. An Owner keeps the plans (per role, for one store or all): a rate on the price
//! or on the gross margin, tiers by the salesperson's sales that month (the highest tier met
//! gives the rate), a fixed bonus per vehicle and a share of the F&I returns. A sale computes
//! its salesperson's commission with the plan that applies then, and keeps the plan with it; a
//! cancellation adds the reversal (never an edit).

use innexar_db::Tx;
use innexar_kernel::{Actor, AppError, FieldError, IfMatch, Money, Role, StoreId, validate};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::entity::prelude::*;
use sea_orm::{FromJsonQueryResult, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::permissions::SALES_SEE_STORE;

innexar_kernel::string_enum!(
    /// What a commission's rate is applied to.
    pub Basis {
        /// The vehicle's price less the discount.
        Price = "price",
        /// The deal's gross margin (never below zero for the commission).
        GrossMargin = "gross_margin",
    }
);

/// From `minSales` sales in the month (this one included), the rate is `rate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Tier {
    pub min_sales: u32,
    #[schema(value_type = String, example = "0.012")]
    pub rate: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Tiers(pub Vec<Tier>);

pub mod plan_entity {
    use innexar_kernel::{Money, StoreId};
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    innexar_kernel::id_type!(
        /// A commission plan.
        PlanId
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "sales_commission_plans")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = CommissionPlan)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: PlanId,
        pub name: String,
        /// None: every store without a plan of its own.
        pub store_id: Option<StoreId>,
        /// The role it pays (`sales`, `store_manager`).
        pub role: String,
        pub basis: super::Basis,
        /// A fraction as text ("0.01" is 1 %).
        pub rate: String,
        #[schema(value_type = Vec<super::Tier>)]
        pub tiers: super::Tiers,
        #[sea_orm(column_name = "bonus_per_vehicle_cents")]
        #[serde(rename = "bonusPerVehicleCents")]
        pub bonus_per_vehicle: Money,
        /// The share of the F&I returns, a fraction as text.
        pub fi_share: String,
        pub active: bool,
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

pub use plan_entity::{Model as CommissionPlan, PlanId};

pub mod entity {
    use innexar_kernel::{Money, StoreId};
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    use crate::sale::SaleId;

    innexar_kernel::string_enum!(
        /// An amount earned, or the reversal of one.
        pub CommissionKind { Earned = "earned", Reversal = "reversal" }
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "sales_commissions")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = Commission)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub sale_id: SaleId,
        pub user_id: Uuid,
        pub store_id: StoreId,
        pub plan_id: Option<Uuid>,
        /// The plan as it was when the sale was made.
        #[schema(value_type = super::CommissionPlan)]
        pub plan: Json,
        /// `YYYY-MM` of the sale (the store's calendar).
        pub month: String,
        pub kind: CommissionKind,
        #[sea_orm(column_name = "basis_cents")]
        #[serde(rename = "basisCents")]
        pub basis: Money,
        /// Negative for a reversal.
        #[sea_orm(column_name = "amount_cents")]
        #[serde(rename = "amountCents")]
        pub amount: Money,
        pub created_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use entity::{CommissionKind, Model as Commission};

/// A plan as an Owner writes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanInput {
    #[schema(min_length = 1, max_length = 80)]
    pub name: String,
    pub store_id: Option<StoreId>,
    pub role: Role,
    pub basis: Basis,
    /// A fraction as text, "0" to "1".
    #[schema(example = "0.01")]
    pub rate: String,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub tiers: Vec<TierInput>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100_000_000)]
    pub bonus_per_vehicle_cents: i64,
    /// A fraction of the F&I returns as text, "0" to "1".
    #[serde(default = "zero")]
    #[schema(example = "0.1")]
    pub fi_share: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn zero() -> String {
    "0".into()
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TierInput {
    #[schema(minimum = 1, maximum = 1000)]
    pub min_sales: i64,
    #[schema(example = "0.012")]
    pub rate: String,
}

fn fraction(e: &mut Vec<FieldError>, pointer: &str, raw: &str) -> Decimal {
    crate::financing::parse_fraction(raw, Decimal::ONE).unwrap_or_else(|_| {
        e.push(FieldError::new(pointer, "sales.invalid_fraction", "a fraction from \"0\" to \"1\" as text"));
        Decimal::ZERO
    })
}

fn check(input: &PlanInput, e: &mut Vec<FieldError>) -> (String, Decimal, Tiers, Decimal) {
    let name = validate::text(e, "/name", Some(input.name.clone()), 80, true).unwrap_or_default();
    let rate = fraction(e, "/rate", &input.rate);
    let fi_share = fraction(e, "/fiShare", &input.fi_share);
    if input.tiers.len() > 10 {
        e.push(FieldError::new("/tiers", "sales.too_many_items", "at most 10 tiers"));
    }
    let mut tiers = Vec::new();
    for (i, t) in input.tiers.iter().enumerate() {
        if !(1..=1000).contains(&t.min_sales) {
            e.push(FieldError::new(format!("/tiers/{i}/minSales"), "sales.invalid_tier", "from 1 to 1000 sales"));
        } else if tiers.iter().any(|o: &Tier| o.min_sales as i64 == t.min_sales) {
            e.push(FieldError::new(format!("/tiers/{i}/minSales"), "sales.invalid_tier", "another tier starts here"));
        }
        let r = fraction(e, &format!("/tiers/{i}/rate"), &t.rate);
        tiers.push(Tier { min_sales: t.min_sales.clamp(1, 1000) as u32, rate: r });
    }
    tiers.sort_by_key(|t| t.min_sales);
    if !(0..=100_000_000).contains(&input.bonus_per_vehicle_cents) {
        e.push(FieldError::new("/bonusPerVehicleCents", "sales.invalid_amount", "from zero to R$ 1 million"));
    }
    (name, rate, Tiers(tiers), fi_share)
}

pub async fn create_plan(tx: &Tx, input: PlanInput) -> Result<CommissionPlan, AppError> {
    let mut e = Vec::new();
    let (name, rate, tiers, fi_share) = check(&input, &mut e);
    if let Some(s) = input.store_id
        && innexar_org::queries::get_store(tx, tx.actor(), s).await.is_err()
    {
        e.push(FieldError::new("/storeId", "sales.unknown_store", "no store with this id"));
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let now = tx.now();
    let p = CommissionPlan {
        id: PlanId::new(),
        name,
        store_id: input.store_id,
        role: input.role.as_str().into(),
        basis: input.basis,
        rate: rate.normalize().to_string(),
        tiers,
        bonus_per_vehicle: Money(input.bonus_per_vehicle_cents),
        fi_share: fi_share.normalize().to_string(),
        active: input.active,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    plan_entity::Entity::insert(plan_entity::ActiveModel::from(p.clone()).reset_all())
        .exec_without_returning(tx)
        .await?;
    audit_plan(tx, "sales.commission_plan_created", None, &p).await?;
    Ok(p)
}

pub async fn replace_plan(
    tx: &Tx,
    id: PlanId,
    expected: IfMatch,
    input: PlanInput,
) -> Result<CommissionPlan, AppError> {
    let before = plan_entity::Entity::find_by_id(id)
        .one(tx)
        .await?
        .filter(|p| p.store_id.is_none_or(|s| tx.actor().can_access_store(s)))
        .ok_or_else(plan_not_found)?;
    if !expected.allows(before.version) {
        return Err(AppError::precondition_failed("the plan changed since you read it"));
    }
    let mut e = Vec::new();
    let (name, rate, tiers, fi_share) = check(&input, &mut e);
    if let Some(s) = input.store_id
        && innexar_org::queries::get_store(tx, tx.actor(), s).await.is_err()
    {
        e.push(FieldError::new("/storeId", "sales.unknown_store", "no store with this id"));
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let after = CommissionPlan {
        name,
        store_id: input.store_id,
        role: input.role.as_str().into(),
        basis: input.basis,
        rate: rate.normalize().to_string(),
        tiers,
        bonus_per_vehicle: Money(input.bonus_per_vehicle_cents),
        fi_share: fi_share.normalize().to_string(),
        active: input.active,
        version: before.version + 1,
        updated_at: tx.now(),
        ..before.clone()
    };
    let res = plan_entity::Entity::update_many()
        .set(plan_entity::ActiveModel::from(after.clone()).reset_all())
        .filter(plan_entity::Column::Id.eq(id))
        .filter(plan_entity::Column::Version.eq(before.version))
        .exec(tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::precondition_failed("the plan changed since you read it"));
    }
    audit_plan(tx, "sales.commission_plan_updated", Some(&before), &after).await?;
    Ok(after)
}

pub(crate) fn plan_not_found() -> AppError {
    AppError::not_found("sales.commission_plan_not_found", "no commission plan with this id")
}

async fn audit_plan(
    tx: &Tx,
    action: &'static str,
    before: Option<&CommissionPlan>,
    after: &CommissionPlan,
) -> Result<(), AppError> {
    crate::deal::audit(tx, action, "commission_plan", after.id.uuid(), before, after).await
}

pub async fn plans(db: &impl ConnectionTrait) -> Result<Vec<CommissionPlan>, AppError> {
    Ok(plan_entity::Entity::find().order_by_asc(plan_entity::Column::Name).all(db).await?)
}

pub async fn get_plan(db: &impl ConnectionTrait, id: PlanId) -> Result<CommissionPlan, AppError> {
    plan_entity::Entity::find_by_id(id).one(db).await?.ok_or_else(plan_not_found)
}

/// The plan that pays `roles` at `store`: an active plan of the store for one of the roles,
/// else an active plan for every store.
async fn plan_for(
    db: &impl ConnectionTrait,
    store: StoreId,
    roles: &[Role],
) -> Result<Option<CommissionPlan>, AppError> {
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    let candidates = plan_entity::Entity::find()
        .filter(plan_entity::Column::Active.eq(true))
        .filter(plan_entity::Column::Role.is_in(names))
        .order_by_asc(plan_entity::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(candidates
        .iter()
        .find(|p| p.store_id == Some(store))
        .or_else(|| candidates.iter().find(|p| p.store_id.is_none()))
        .cloned())
}

/// What a sale pays its salesperson under `plan`, this being their `nth` sale of the month.
pub fn amount(plan: &CommissionPlan, nth: u32, price_net: i64, gross_margin: i64, fi_returns: i64) -> (i64, i64) {
    let rate = plan
        .tiers
        .0
        .iter()
        .filter(|t| t.min_sales <= nth)
        .max_by_key(|t| t.min_sales)
        .map(|t| t.rate)
        .unwrap_or_else(|| plan.rate.parse().unwrap_or_default());
    let basis = match plan.basis {
        Basis::Price => price_net,
        Basis::GrossMargin => gross_margin.max(0),
    };
    let fi_share: Decimal = plan.fi_share.parse().unwrap_or_default();
    let on_basis = (Decimal::from(basis) * rate).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let on_fi =
        (Decimal::from(fi_returns.max(0)) * fi_share).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let total = on_basis + on_fi + Decimal::from(plan.bonus_per_vehicle.0);
    (basis, rust_decimal::prelude::ToPrimitive::to_i64(&total).unwrap_or(0))
}

/// What the sale is, for its commission.
pub(crate) struct SaleFigures {
    pub sale_id: crate::sale::SaleId,
    pub salesperson: Uuid,
    pub store: StoreId,
    pub month: String,
    pub price_net: i64,
    pub gross_margin: i64,
    pub fi_returns: i64,
    /// The salesperson's sales in the month, this one included.
    pub nth: u32,
}

/// Records the salesperson's commission for a sale, if a plan pays their roles.
pub(crate) async fn earn(tx: &Tx, f: SaleFigures) -> Result<Option<Commission>, AppError> {
    let Some(user) = innexar_identity::queries::find_user(tx, innexar_kernel::UserId(f.salesperson)).await? else {
        return Ok(None);
    };
    let Some(plan) = plan_for(tx, f.store, &user.roles).await? else { return Ok(None) };
    let (basis, amount) = amount(&plan, f.nth, f.price_net, f.gross_margin, f.fi_returns);
    let mut snapshot = serde_json::to_value(&plan).unwrap_or_default();
    snapshot["appliedTier"] = serde_json::json!(f.nth);
    let c = Commission {
        id: innexar_kernel::new_id(),
        sale_id: f.sale_id,
        user_id: f.salesperson,
        store_id: f.store,
        plan_id: Some(plan.id.uuid()),
        plan: snapshot,
        month: f.month,
        kind: CommissionKind::Earned,
        basis: Money(basis),
        amount: Money(amount),
        created_at: tx.now(),
    };
    entity::Entity::insert(entity::ActiveModel::from(c.clone()).reset_all()).exec_without_returning(tx).await?;
    Ok(Some(c))
}

/// The reversals of a cancelled sale's commissions, in the month of the cancellation.
pub(crate) async fn reverse(tx: &Tx, sale: crate::sale::SaleId, month: &str) -> Result<Vec<Commission>, AppError> {
    let earned = entity::Entity::find()
        .filter(entity::Column::SaleId.eq(sale))
        .filter(entity::Column::Kind.eq(CommissionKind::Earned))
        .all(tx)
        .await?;
    let mut out = Vec::new();
    for c in earned {
        let r = Commission {
            id: innexar_kernel::new_id(),
            kind: CommissionKind::Reversal,
            amount: Money(-c.amount.0),
            month: month.to_string(),
            created_at: tx.now(),
            ..c
        };
        entity::Entity::insert(entity::ActiveModel::from(r.clone()).reset_all()).exec_without_returning(tx).await?;
        out.push(r);
    }
    Ok(out)
}

/// A sale's commissions, oldest first.
pub async fn of_sale(db: &impl ConnectionTrait, sale: crate::sale::SaleId) -> Result<Vec<Commission>, AppError> {
    Ok(entity::Entity::find()
        .filter(entity::Column::SaleId.eq(sale))
        .order_by_asc(entity::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Commissions of a month: the actor's own, or (with `sales.see_store`) their stores' people's,
/// optionally one user's.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    month: &str,
    user: Option<Uuid>,
) -> Result<Vec<Commission>, AppError> {
    let mut q = entity::Entity::find().filter(entity::Column::Month.eq(month));
    if !actor.can(SALES_SEE_STORE) {
        q = q.filter(entity::Column::UserId.eq(actor.id));
    } else {
        if let Some(stores) = &actor.store_ids {
            q = q.filter(entity::Column::StoreId.is_in(stores.iter().copied()));
        }
        if let Some(u) = user {
            q = q.filter(entity::Column::UserId.eq(u));
        }
    }
    Ok(q.order_by_asc(entity::Column::CreatedAt).limit(2000).all(db).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(basis: Basis, rate: &str, tiers: &[(u32, &str)], bonus: i64, fi: &str) -> CommissionPlan {
        let now = chrono::DateTime::UNIX_EPOCH;
        CommissionPlan {
            id: PlanId(uuid::Uuid::nil()),
            name: "Plano".into(),
            store_id: None,
            role: "sales".into(),
            basis,
            rate: rate.into(),
            tiers: Tiers(tiers.iter().map(|(n, r)| Tier { min_sales: *n, rate: r.parse().expect("rate") }).collect()),
            bonus_per_vehicle: Money(bonus),
            fi_share: fi.into(),
            active: true,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn the_rate_grows_with_the_months_sales_and_the_bonus_and_fi_share_add_up() {
        let p = plan(Basis::Price, "0.01", &[(5, "0.012"), (10, "0.015")], 20_000, "0.1");
        // 1 % of R$ 88.000,00 + R$ 200,00 + 10 % of R$ 1.200,00.
        assert_eq!(amount(&p, 1, 8_800_000, 0, 120_000), (8_800_000, 88_000 + 20_000 + 12_000));
        assert_eq!(amount(&p, 5, 8_800_000, 0, 0).1, 105_600 + 20_000);
        assert_eq!(amount(&p, 12, 8_800_000, 0, 0).1, 132_000 + 20_000);
    }

    #[test]
    fn a_margin_plan_pays_nothing_on_a_loss_and_rounds_half_away_from_zero() {
        let p = plan(Basis::GrossMargin, "0.1", &[], 0, "0");
        assert_eq!(amount(&p, 1, 0, -50_000, 0), (0, 0));
        assert_eq!(amount(&p, 1, 0, 12_345, 0), (12_345, 1_235));
    }
}
