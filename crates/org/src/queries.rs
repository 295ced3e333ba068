//! Reading stores, as the actor may see them.

use innexar_kernel::{Actor, AppError, StoreId};
use sea_orm::ConnectionTrait;

use crate::model::Store;
use crate::store;

/// The stores the actor may see, by name.
pub async fn list_stores(db: &impl ConnectionTrait, actor: &Actor) -> Result<Vec<Store>, AppError> {
    store::list(db, actor.store_ids.as_deref()).await
}

/// One store the actor may see; 404 otherwise (another scope's store is not revealed).
pub async fn get_store(db: &impl ConnectionTrait, actor: &Actor, id: StoreId) -> Result<Store, AppError> {
    store::find(db, id)
        .await?
        .filter(|s| actor.can_access_store(s.id))
        .ok_or_else(|| AppError::not_found("stores.not_found", "no store with this id"))
}

/// Whether a record may be filed under a store (a vehicle, a sale).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreUse {
    Usable,
    /// The store exists and the actor may see it, but it is closed.
    Inactive,
    /// No such store, or not one the actor may see (the two are not told apart).
    Unknown,
}

/// Whether the actor may file a record under store `id`. A database failure is an error, never
/// "no such store": the caller must not blame the input for it.
pub async fn store_use(db: &impl ConnectionTrait, actor: &Actor, id: StoreId) -> Result<StoreUse, AppError> {
    let found = store::find(db, id).await?.filter(|s| actor.can_access_store(s.id));
    Ok(match found {
        Some(s) if s.active => StoreUse::Usable,
        Some(_) => StoreUse::Inactive,
        None => StoreUse::Unknown,
    })
}
