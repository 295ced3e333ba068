//! Opening and changing stores. Each records its audit entry in the caller's transaction.

use innexar_db::{Tx, audit};
use innexar_kernel::{AppError, IfMatch, StoreId};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::model::{Address, Store, StoreLogo, check_address, check_cnpj, check_name, check_time_zone};
use crate::store;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewStore {
    #[schema(max_length = 120)]
    pub name: String,
    /// The branch's CNPJ (numeric or alphanumeric).
    pub cnpj: Option<String>,
    #[serde(default)]
    pub address: Address,
    #[schema(schema_with = crate::model::time_zone_schema)]
    pub time_zone: Option<String>,
}

pub async fn create_store(tx: &Tx, input: NewStore) -> Result<Store, AppError> {
    let mut errors = Vec::new();
    let name = check_name(&mut errors, input.name);
    let cnpj = check_cnpj(&mut errors, input.cnpj);
    let address = check_address(&mut errors, input.address);
    let time_zone = check_time_zone(&mut errors, input.time_zone);
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let now = tx.now();
    let store = Store {
        id: StoreId::new(),
        name,
        cnpj,
        address,
        time_zone,
        active: true,
        logo: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    store::insert(tx, &store).await?;
    audit::record(
        tx,
        audit::Change {
            action: "stores.created",
            entity_type: "store",
            entity_id: Some(store.id.uuid()),
            before: None,
            after: Some(&store.audit_view()),
        },
    )
    .await?;
    Ok(store)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StorePatch {
    #[schema(min_length = 1, max_length = 120)]
    pub name: Option<String>,
    pub cnpj: Option<String>,
    /// Replaces the whole address.
    pub address: Option<Address>,
    #[schema(schema_with = crate::model::time_zone_schema)]
    pub time_zone: Option<String>,
    pub active: Option<bool>,
}

/// Changes store `id` if its version is one `expected` allows (the client's `If-Match`).
pub async fn update_store(tx: &Tx, id: StoreId, expected: IfMatch, patch: StorePatch) -> Result<Store, AppError> {
    let before =
        store::find(tx, id).await?.ok_or_else(|| AppError::not_found("stores.not_found", "no store with this id"))?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    let mut errors = Vec::new();
    let mut after = before.clone();
    if let Some(n) = patch.name {
        after.name = check_name(&mut errors, n);
    }
    if let Some(c) = patch.cnpj {
        after.cnpj = check_cnpj(&mut errors, Some(c));
    }
    if let Some(a) = patch.address {
        after.address = check_address(&mut errors, a);
    }
    if let Some(tz) = patch.time_zone {
        after.time_zone = check_time_zone(&mut errors, Some(tz));
    }
    if let Some(active) = patch.active {
        after.active = active;
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    if after == before {
        return Ok(before);
    }
    save(tx, &before, after, "stores.updated").await
}

/// Writes `after` over `before` (compare-and-set on its version) with its audit entry.
async fn save(tx: &Tx, before: &Store, mut after: Store, action: &'static str) -> Result<Store, AppError> {
    after.version += 1;
    after.updated_at = tx.now();
    if !store::update(tx, &after, before.version).await? {
        return Err(stale());
    }
    audit::record(
        tx,
        audit::Change {
            action,
            entity_type: "store",
            entity_id: Some(before.id.uuid()),
            before: Some(&before.audit_view()),
            after: Some(&after.audit_view()),
        },
    )
    .await?;
    Ok(after)
}

/// A logo already stored under `key`, to record on the store.
#[derive(Debug, Clone)]
pub struct NewLogo {
    pub key: String,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub size_bytes: usize,
}

/// Sets (or, with `None`, removes) store `id`'s logo if its version is one `expected` allows.
/// Answers the store and the key of the logo it replaced, which the caller deletes from storage
/// once the change is committed.
pub async fn set_logo(
    tx: &Tx,
    id: StoreId,
    expected: IfMatch,
    logo: Option<NewLogo>,
) -> Result<(Store, Option<String>), AppError> {
    let before = store::find_locked(tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("stores.not_found", "no store with this id"))?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    if logo.is_none() && before.logo.is_none() {
        return Ok((before, None));
    }
    let mut after = before.clone();
    after.logo = logo.map(|l| StoreLogo {
        url: StoreLogo::url_of(id),
        key: l.key,
        sha256: l.sha256,
        width: i32::try_from(l.width).unwrap_or(i32::MAX),
        height: i32::try_from(l.height).unwrap_or(i32::MAX),
        size_bytes: i64::try_from(l.size_bytes).unwrap_or(i64::MAX),
    });
    let action = if after.logo.is_some() { "stores.logo_changed" } else { "stores.logo_removed" };
    let after = save(tx, &before, after, action).await?;
    Ok((after, before.logo.map(|l| l.key)))
}

fn stale() -> AppError {
    AppError::precondition_failed("the store was changed by someone else; reload and try again")
}
