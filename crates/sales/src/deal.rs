//! What every deal record checks the same way: the customer it is for.

use innexar_crm::model::Customer;
use innexar_db::Tx;
use innexar_kernel::{AppError, CustomerId, FieldError};

/// The customer `id` if the actor may see them, else a field error at `pointer` (an unknown or
/// hidden customer is the same answer, so existence is not revealed).
pub(crate) async fn customer(
    tx: &Tx,
    e: &mut Vec<FieldError>,
    pointer: &str,
    id: CustomerId,
) -> Result<Option<Customer>, AppError> {
    match innexar_crm::queries::get_customer(tx, tx.actor(), id).await {
        Ok(c) => Ok(Some(c)),
        Err(err) if err.code == "customers.not_found" => {
            e.push(FieldError::new(
                pointer,
                "sales.unknown_customer",
                "no customer with this id, or not one you may see",
            ));
            Ok(None)
        }
        Err(err) => Err(err),
    }
}
