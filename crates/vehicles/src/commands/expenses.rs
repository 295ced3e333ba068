//! Reconditioning expenses recorded on a vehicle in stock.

use crate::ids::{ExpenseId, VehicleId};
use innexar_db::{Tx, audit, outbox};
use innexar_kernel::{AppError, FieldError, Money, validate};
use serde::Deserialize;
use utoipa::ToSchema;

use super::load_visible;
use crate::events::{ExpenseRecorded, VehicleEvent, VehicleRef};
use crate::model::MAX_CENTAVOS;
use crate::store;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewExpense {
    /// The day it was spent, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub spent_on: chrono::NaiveDate,
    /// What was done ("polimento", "troca de pneus").
    #[schema(max_length = 200)]
    pub description: String,
    pub supplier: Option<String>,
    /// Centavos, more than zero.
    #[schema(value_type = i64, minimum = 1, maximum = 10_000_000_000.0)]
    pub amount_cents: Money,
}

/// Records a reconditioning expense on a vehicle in stock.
pub async fn add_expense(tx: &Tx, vehicle_id: VehicleId, input: NewExpense) -> Result<store::Expense, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let v = load_visible(tx, actor, vehicle_id).await?;
    let mut errors = Vec::new();
    let description =
        validate::text(&mut errors, "/description", Some(input.description), 200, true).unwrap_or_default();
    let supplier = validate::text(&mut errors, "/supplier", input.supplier, 120, false);
    if !(1..=MAX_CENTAVOS).contains(&input.amount_cents.0) {
        errors.push(FieldError::new(
            "/amountCents",
            "vehicles.invalid_amount",
            "the amount is more than zero, in centavos",
        ));
    }
    validate::business_date(&mut errors, "/spentOn", input.spent_on);
    // "Today" is the store's: an expense typed at 22:30 in São Paulo is today's, not tomorrow's.
    let store = innexar_org::queries::get_store(tx, actor, v.store_id).await?;
    if input.spent_on > store.today(now) {
        errors.push(FieldError::new("/spentOn", "vehicles.expense_in_future", "the expense date is in the future"));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    if !v.status.is_in_stock() {
        return Err(AppError::conflict("vehicles.not_in_stock", "expenses are recorded while the vehicle is in stock"));
    }
    let expense = store::Expense {
        id: ExpenseId::new(),
        vehicle_id,
        spent_on: input.spent_on,
        description,
        supplier,
        amount_cents: input.amount_cents,
        created_by: actor.id,
        created_at: now,
    };
    store::insert_expense(tx, expense.clone()).await?;
    let e = ExpenseRecorded {
        vehicle: VehicleRef::new(&v, now),
        expense_id: expense.id,
        amount_cents: expense.amount_cents,
    };
    outbox::record(tx, &VehicleEvent::ExpenseRecorded(e)).await?;
    let after = expense_audit_view(&expense);
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.expense_recorded",
            entity_type: "vehicle_expense",
            entity_id: Some(expense.id.uuid()),
            before: None,
            after: Some(&after),
        },
    )
    .await?;
    Ok(expense)
}

/// Removes an expense recorded by mistake.
pub async fn delete_expense(tx: &Tx, vehicle_id: VehicleId, expense_id: ExpenseId) -> Result<(), AppError> {
    let actor = tx.actor();
    load_visible(tx, actor, vehicle_id).await?;
    let e = store::find_expense(tx, vehicle_id, expense_id)
        .await?
        .ok_or_else(|| AppError::not_found("vehicles.expense_not_found", "no such expense on this vehicle"))?;
    store::delete_expense(tx, e.id).await?;
    let before = expense_audit_view(&e);
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.expense_deleted",
            entity_type: "vehicle_expense",
            entity_id: Some(e.id.uuid()),
            before: Some(&before),
            after: None,
        },
    )
    .await?;
    Ok(())
}

fn expense_audit_view(e: &store::Expense) -> serde_json::Value {
    serde_json::to_value(e).unwrap_or_default()
}
