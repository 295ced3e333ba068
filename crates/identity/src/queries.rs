//! Reads of identity data.

use innexar_kernel::page::{PageParams, PageRequest};
use innexar_kernel::{Actor, AppError, Page};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::commands::can_manage;
use crate::store::{self, User, UserFilter};

pub const SORTABLE: &[&str] = &["name", "email", "createdAt"];

pub async fn get_user(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> Result<User, AppError> {
    store::find_user(db, id)
        .await?
        .filter(|u| can_manage(actor, u) || Some(u.id) == actor.id)
        .ok_or_else(|| AppError::not_found("users.not_found", "no user with this id"))
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
