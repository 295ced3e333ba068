//! What every deal record does the same way: checks the customer it is for, and inserts a row
//! that a unique index may refuse.

use innexar_crm::model::Customer;
use innexar_db::Tx;
use innexar_kernel::page::PageRequest;
use innexar_kernel::{AppError, CustomerId, FieldError, Page};
use sea_orm::sea_query::{InsertStatement, OnConflict};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, QuerySelect, Select};
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
    let by = actor_name(tx).await?;
    if let Some(o) = params.as_object_mut() {
        o.insert("by".into(), by.into());
    }
    innexar_db::notifications::notify(tx, &users, kind, &params, link).await?;
    Ok(())
}

/// E-mails `users` (never the one who caused it) a message of `kind`, each with their own name
/// as `name` and who did it as `by`, linking to `path` of the web app.
pub(crate) async fn email(
    tx: &Tx,
    users: impl IntoIterator<Item = Uuid>,
    kind: &str,
    mut params: serde_json::Value,
    path: &str,
) -> Result<(), AppError> {
    let me = tx.actor().id;
    let users: Vec<Uuid> = users.into_iter().filter(|u| Some(*u) != me).collect();
    if users.is_empty() {
        return Ok(());
    }
    if let Some(o) = params.as_object_mut() {
        o.insert("by".into(), actor_name(tx).await?.unwrap_or_default().into());
    }
    for id in users {
        innexar_identity::mail::email_user(tx, innexar_kernel::UserId(id), kind, params.clone(), path).await?;
    }
    Ok(())
}

/// The name of the user acting in `tx`; none for the customer or the system.
async fn actor_name(tx: &Tx) -> Result<Option<String>, AppError> {
    Ok(match innexar_identity::model::actor_user(tx.actor()) {
        Some(id) => innexar_identity::queries::find_user(tx, id).await?.map(|u| u.name),
        None => None,
    })
}

/// What a list of deals (quotes, sales) shows `actor`: their own, or their stores' with
/// `sales.see_store`.
pub(crate) fn visible_to(
    actor: &innexar_kernel::Actor,
    salesperson: impl ColumnTrait,
    store: impl ColumnTrait,
) -> Condition {
    if !actor.can(crate::permissions::SALES_SEE_STORE) {
        Condition::all().add(salesperson.eq(actor.id))
    } else if let Some(stores) = &actor.store_ids {
        Condition::all().add(store.is_in(stores.iter().copied()))
    } else {
        Condition::all()
    }
}

/// A page of a list of deals: sorted by the request's keys (`column` names a sortable field's
/// column), else newest first by `newest`; then by `id`, so pages never overlap; with the total.
pub(crate) async fn page_of<E: EntityTrait>(
    db: &impl ConnectionTrait,
    mut q: Select<E>,
    request: &PageRequest,
    column: impl Fn(&str) -> E::Column,
    newest: E::Column,
    id: E::Column,
) -> Result<Page<E::Model>, AppError>
where
    E::Model: Sync,
{
    for key in &request.sort {
        let col = column(key.field.as_str());
        q = if key.descending { q.order_by_desc(col) } else { q.order_by_asc(col) };
    }
    if request.sort.is_empty() {
        q = q.order_by_desc(newest);
    }
    q = q.order_by_desc(id);
    let total = q.clone().count(db).await?;
    let items = q.offset(request.offset()).limit(request.page_size).all(db).await?;
    Ok(Page::new(items, request, total))
}
