//! In-app notifications: "a discount waits for you", "your discount was approved". Written in
//! the business transaction that causes them, one row per person, and read by that person only
//! (`/me/notifications`). Rows hold a `kind` code and its parameters, never sentences: the web
//! app words them in the reader's language, as it does for error codes.

use chrono::{DateTime, Utc};
use innexar_kernel::new_id;
use innexar_kernel::page::PageRequest;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, PaginatorTrait, QueryOrder, QuerySelect};
use serde_json::Value;

use crate::Tx;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "core_notifications")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: Uuid,
        pub kind: String,
        /// A JSON object, kept as text so both backends store it alike.
        pub params: String,
        pub link: String,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub read_at: Option<chrono::DateTime<chrono::Utc>>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::Column as C;

/// What one person is told, as the API shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub id: Uuid,
    /// What happened, as a code the app words, e.g. `sales.approval_requested`.
    pub kind: String,
    /// The values the wording uses (a quote's number, who decided, an amount in centavos).
    #[schema(value_type = Object)]
    pub params: Value,
    /// Where in the app it leads, e.g. `/quotes/0190…`.
    pub link: String,
    pub created_at: DateTime<Utc>,
    /// When its person opened or dismissed it; null while unread.
    pub read_at: Option<DateTime<Utc>>,
}

impl From<entity::Model> for Notification {
    fn from(m: entity::Model) -> Self {
        Notification {
            id: m.id,
            kind: m.kind,
            params: serde_json::from_str(&m.params).unwrap_or(Value::Null),
            link: m.link,
            created_at: m.created_at,
            read_at: m.read_at,
        }
    }
}

/// Tells each of `users` (once each, however often one is listed) about `kind`.
pub async fn notify(tx: &Tx, users: &[Uuid], kind: &str, params: &Value, link: &str) -> Result<(), DbErr> {
    let mut seen = std::collections::BTreeSet::new();
    let rows: Vec<entity::ActiveModel> = users
        .iter()
        .filter(|u| seen.insert(**u))
        .map(|u| entity::ActiveModel {
            id: Set(new_id()),
            user_id: Set(*u),
            kind: Set(kind.into()),
            params: Set(params.to_string()),
            link: Set(link.into()),
            created_at: Set(tx.now()),
            read_at: Set(None),
        })
        .collect();
    if !rows.is_empty() {
        entity::Entity::insert_many(rows).exec(tx).await?;
    }
    Ok(())
}

/// A page of `user`'s notifications, newest first (only the unread ones with `unread_only`).
pub async fn list(
    conn: &impl ConnectionTrait,
    user: Uuid,
    unread_only: bool,
    page: &PageRequest,
) -> Result<(Vec<Notification>, u64), DbErr> {
    let mut q = entity::Entity::find().filter(C::UserId.eq(user));
    if unread_only {
        q = q.filter(C::ReadAt.is_null());
    }
    let total = q.clone().count(conn).await?;
    let items = q.order_by_desc(C::Id).offset(page.offset()).limit(page.page_size).all(conn).await?;
    Ok((items.into_iter().map(Into::into).collect(), total))
}

/// How many of `user`'s notifications are unread: the bell's number.
pub async fn unread_count(conn: &impl ConnectionTrait, user: Uuid) -> Result<u64, DbErr> {
    entity::Entity::find().filter(C::UserId.eq(user)).filter(C::ReadAt.is_null()).count(conn).await
}

/// Marks one of `user`'s notifications read; false when it is not theirs (or does not exist).
/// Reading it again keeps the first time.
pub async fn mark_read(conn: &impl ConnectionTrait, user: Uuid, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let Some(n) = entity::Entity::find_by_id(id).filter(C::UserId.eq(user)).one(conn).await? else {
        return Ok(false);
    };
    if n.read_at.is_none() {
        entity::Entity::update_many()
            .col_expr(C::ReadAt, Expr::value(now))
            .filter(C::Id.eq(id))
            .filter(C::ReadAt.is_null())
            .exec(conn)
            .await?;
    }
    Ok(true)
}

/// Marks every unread notification of `user` read (up to `up_to` and those before it, when
/// given: what the person saw, not one that arrived meanwhile); how many were.
pub async fn mark_all_read(
    conn: &impl ConnectionTrait,
    user: Uuid,
    up_to: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut q = entity::Entity::update_many()
        .col_expr(C::ReadAt, Expr::value(now))
        .filter(C::UserId.eq(user))
        .filter(C::ReadAt.is_null());
    // Ids are UUID v7: in the order they were written.
    if let Some(last) = up_to {
        q = q.filter(C::Id.lte(last));
    }
    Ok(q.exec(conn).await?.rows_affected)
}
