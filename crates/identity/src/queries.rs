//! Reads of identity data.

use innexar_kernel::page::{PageParams, PageRequest};
use innexar_kernel::{Actor, AppError, Page, UserId};
use sea_orm::ConnectionTrait;

use crate::commands::not_found;
use crate::model::{User, can_manage};
use crate::store;

pub const SORTABLE: &[&str] = &["name", "email", "createdAt"];

/// Which users a list shows.
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    /// Text in the name or e-mail.
    pub q: Option<String>,
    pub active: Option<bool>,
}

/// A user the actor may see: one they manage, or themselves.
pub async fn get_user(db: &impl ConnectionTrait, actor: &Actor, id: UserId) -> Result<User, AppError> {
    store::find_user(db, id).await?.filter(|u| can_manage(actor, u) || u.is(actor)).ok_or_else(not_found)
}

pub async fn find_user(db: &impl ConnectionTrait, id: UserId) -> Result<Option<User>, AppError> {
    store::find_user(db, id).await
}

/// Users the actor may see: all for unscoped managers, those inside their stores otherwise.
pub async fn list_users(
    db: &impl ConnectionTrait,
    actor: &Actor,
    filter: &UserFilter,
    params: &PageParams,
) -> Result<Page<User>, AppError> {
    let page: PageRequest = params.validate(SORTABLE)?;
    if actor.store_ids.is_none() {
        let (items, total) = store::list_users(db, filter, &page).await?;
        return Ok(Page::new(items, &page, total));
    }
    // Store-scoped managers are few and their teams small: filter after reading.
    let all = PageRequest { page: 1, page_size: u64::MAX / 2, sort: page.sort.clone() };
    let (items, _) = store::list_users(db, filter, &all).await?;
    let visible: Vec<User> = items.into_iter().filter(|u| can_manage(actor, u)).collect();
    let total = visible.len() as u64;
    let items = visible.into_iter().skip(page.offset() as usize).take(page.page_size as usize).collect();
    Ok(Page::new(items, &page, total))
}

/// The active users holding `role` who work at `store` (every store, or it among theirs), by id:
/// the CRM's round robin hands leads out among them.
pub async fn active_users_at_store(
    db: &impl ConnectionTrait,
    role: innexar_kernel::Role,
    store: innexar_kernel::StoreId,
) -> Result<Vec<User>, AppError> {
    Ok(store::active_users(db)
        .await?
        .into_iter()
        .filter(|u| u.roles.contains(&role) && u.store_ids.as_ref().is_none_or(|ids| ids.contains(&store)))
        .collect())
}

/// The active users who hold `permission` in this tenant (its own grants per role counted) and
/// work at `store`: whom a request for that permission's holders is addressed to, e.g. the
/// managers told that a discount waits for their approval.
/// The active users whose roles hold `permission` in this tenant (its own grants counted),
/// whatever their stores: for what concerns the whole tenant (its webhooks, its settings).
pub async fn active_users_holding(
    db: &impl ConnectionTrait,
    permission: innexar_kernel::Permission,
) -> Result<Vec<User>, AppError> {
    let grants = innexar_kernel::Grants::new(store::list_role_grants(db).await?);
    Ok(store::active_users(db)
        .await?
        .into_iter()
        .filter(|u| u.roles.iter().any(|r| grants.allows(*r, permission)))
        .collect())
}

pub async fn active_users_who_can(
    db: &impl ConnectionTrait,
    permission: innexar_kernel::Permission,
    store: innexar_kernel::StoreId,
) -> Result<Vec<User>, AppError> {
    let grants = innexar_kernel::Grants::new(store::list_role_grants(db).await?);
    Ok(store::active_users(db)
        .await?
        .into_iter()
        .filter(|u| u.store_ids.as_ref().is_none_or(|ids| ids.contains(&store)))
        .filter(|u| u.roles.iter().any(|r| grants.allows(*r, permission)))
        .collect())
}

/// Users' names by id (inactive ones too: a past deal still names its salesperson).
pub async fn user_names(
    db: &impl ConnectionTrait,
    ids: &[uuid::Uuid],
) -> Result<std::collections::HashMap<uuid::Uuid, String>, AppError> {
    store::user_names(db, ids).await
}
