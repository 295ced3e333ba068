//! What every deal record does the same way: checks the customer it is for, and inserts a row
//! that a unique index may refuse.

use innexar_crm::model::Customer;
use innexar_db::Tx;
use innexar_kernel::{AppError, CustomerId, FieldError};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{InsertStatement, OnConflict};
use uuid::Uuid;

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

/// Inserts `insert` unless a unique index already holds its key; whether it did. `DO NOTHING`
/// rather than a savepoint around a refused insert: the index answers in the same statement
/// (on PostgreSQL after the concurrent writer commits), and only the rule's index can conflict
/// (the row's id is new).
pub(crate) async fn insert_unique(tx: &Tx, mut insert: InsertStatement) -> Result<bool, AppError> {
    insert.on_conflict(OnConflict::new().do_nothing().to_owned());
    Ok(tx.execute(&insert).await?.rows_affected() == 1)
}

/// The audit entry of a deal record's change: `before` and `after` as their JSON views.
pub(crate) async fn audit<T: serde::Serialize>(
    tx: &Tx,
    action: &'static str,
    entity_type: &'static str,
    id: uuid::Uuid,
    before: Option<&T>,
    after: &T,
) -> Result<(), AppError> {
    let before = before.map(|b| serde_json::to_value(b).unwrap_or_default());
    innexar_db::audit::record(
        tx,
        innexar_db::audit::Change {
            action,
            entity_type,
            entity_id: Some(id),
            before: before.as_ref(),
            after: Some(&serde_json::to_value(after).unwrap_or_default()),
        },
    )
    .await?;
    Ok(())
}

/// Tells `users` in the app about `kind` (never the one who caused it), adding `by`: the name of
/// who did it, or null when it was the customer or the system.
pub(crate) async fn notify(
    tx: &Tx,
    users: impl IntoIterator<Item = Uuid>,
    kind: &str,
    mut params: serde_json::Value,
    link: &str,
) -> Result<(), AppError> {
    let me = tx.actor().id;
    let users: Vec<Uuid> = users.into_iter().filter(|u| Some(*u) != me).collect();
    if users.is_empty() {
        return Ok(());
    }
    let by = match innexar_identity::model::actor_user(tx.actor()) {
        Some(id) => innexar_identity::queries::find_user(tx, id).await?.map(|u| u.name),
        None => None,
    };
    if let Some(o) = params.as_object_mut() {
        o.insert("by".into(), by.into());
    }
    innexar_db::notifications::notify(tx, &users, kind, &params, link).await?;
    Ok(())
}
