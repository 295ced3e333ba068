//! The aggregates the stock reports read: vehicles in stock with their money, counts by status.

use crate::ids::VehicleId;
use chrono::{DateTime, Utc};
use innexar_kernel::{AppError, Money, StoreId};
use sea_orm::QuerySelect;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};

use super::{expense_entity, vehicle_entity};

/// One in-stock vehicle's numbers for the aging report.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct AgingRow {
    pub id: VehicleId,
    pub store_id: StoreId,
    pub entered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub price_cents: Option<Money>,
    pub cost_cents: Option<Money>,
}

impl AgingRow {
    /// Whole days since it entered stock (its creation when no entry date was given).
    pub fn days_in_stock(&self, now: DateTime<Utc>) -> i64 {
        Ord::max((now - self.entered_at.unwrap_or(self.created_at)).num_days(), 0)
    }

    /// Acquisition cost plus the reconditioning spent on it, centavos.
    pub fn cost_with(&self, expenses: &std::collections::HashMap<VehicleId, Money>) -> Money {
        Money(self.cost_cents.unwrap_or_default().0 + expenses.get(&self.id).copied().unwrap_or_default().0)
    }
}

#[derive(Debug, Clone, sea_orm::FromQueryResult)]
struct ExpenseSum {
    vehicle_id: VehicleId,
    total: Option<Money>,
}

/// Every vehicle still in stock with its entry date and money (optionally within some stores),
/// and the reconditioning spent per vehicle.
pub async fn aging_rows(
    db: &impl ConnectionTrait,
    stores: Option<&[StoreId]>,
) -> Result<(Vec<AgingRow>, std::collections::HashMap<VehicleId, Money>), AppError> {
    use vehicle_entity::Column as C;
    let mut q = vehicle_entity::Entity::find()
        .select_only()
        .column(C::Id)
        .column(C::StoreId)
        .column(C::EnteredAt)
        .column(C::CreatedAt)
        .column(C::Price)
        .column(C::Cost)
        .filter(C::Status.is_not_in(["sold", "delivered", "returned"]));
    if let Some(ids) = stores {
        q = q.filter(C::StoreId.is_in(ids.iter().copied()));
    }
    let rows = q.into_model::<AgingRow>().all(db).await?;
    let sums = expense_entity::Entity::find()
        .select_only()
        .column(expense_entity::Column::VehicleId)
        // SUM(bigint) is numeric on PostgreSQL; cast back so both backends give an integer.
        .column_as(
            Expr::expr(sea_orm::sea_query::Func::cast_as(
                sea_orm::sea_query::Func::sum(Expr::col(expense_entity::Column::AmountCents)),
                "BIGINT",
            )),
            "total",
        )
        .group_by(expense_entity::Column::VehicleId)
        .into_model::<ExpenseSum>()
        .all(db)
        .await?;
    Ok((rows, sums.into_iter().map(|s| (s.vehicle_id, s.total.unwrap_or_default())).collect()))
}

#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct StatusCount {
    pub status: String,
    pub vehicles: i64,
}

/// How many vehicles are in each status (optionally within some stores).
pub async fn count_by_status(
    db: &impl ConnectionTrait,
    stores: Option<&[StoreId]>,
) -> Result<Vec<StatusCount>, AppError> {
    use vehicle_entity::Column as C;
    let mut q = vehicle_entity::Entity::find()
        .select_only()
        .column(C::Status)
        // COUNT is bigint on PostgreSQL and integer on SQLite; both read as i64.
        .column_as(Expr::col(C::Id).count(), "vehicles")
        .group_by(C::Status);
    if let Some(ids) = stores {
        q = q.filter(C::StoreId.is_in(ids.iter().copied()));
    }
    Ok(q.into_model::<StatusCount>().all(db).await?)
}
