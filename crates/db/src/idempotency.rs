//! Saved responses of POST requests sent with an `Idempotency-Key`, scoped to the tenant (by
//! database) and the user, kept 24 hours.

use chrono::{DateTime, Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DbErr, SqlErr};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "core_idempotency_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub idem_key: String,
        pub method: String,
        pub path: String,
        pub request_hash: String,
        pub state: String,
        pub status_code: Option<i32>,
        pub response_headers: Option<Json>,
        pub response_body: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// How long a key is remembered.
pub const RETENTION: Duration = Duration::hours(24);
/// A key still pending after this long belongs to a request that died; it may be taken over.
const ABANDONED_AFTER: Duration = Duration::minutes(5);

#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// First use: run the request, then `complete` or `release`.
    Started,
    /// Same key, same request, finished before: send this again.
    Replay { status: u16, headers: serde_json::Value, body: String },
    /// Same key used with a different request.
    Mismatch,
    /// Same key, the first request is still running.
    InProgress,
}

pub async fn claim(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    key: &str,
    method: &str,
    path: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> Result<Claim, DbErr> {
    for _ in 0..3 {
        let insert = entity::ActiveModel {
            user_id: Set(user_id),
            idem_key: Set(key.into()),
            method: Set(method.into()),
            path: Set(path.into()),
            request_hash: Set(request_hash.into()),
            state: Set("pending".into()),
            status_code: Set(None),
            response_headers: Set(None),
            response_body: Set(None),
            created_at: Set(now),
        }
        .insert(conn)
        .await;
        match insert {
            Ok(_) => return Ok(Claim::Started),
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {}
            Err(e) => return Err(e),
        }
        let Some(row) = entity::Entity::find_by_id((user_id, key.to_string())).one(conn).await? else {
            continue;
        };
        let expired = row.created_at + RETENTION < now;
        let abandoned = row.state == "pending" && row.created_at + ABANDONED_AFTER < now;
        if expired || abandoned {
            release(conn, user_id, key).await?;
            continue;
        }
        if row.request_hash != request_hash || row.method != method || row.path != path {
            return Ok(Claim::Mismatch);
        }
        if row.state == "pending" {
            return Ok(Claim::InProgress);
        }
        return Ok(Claim::Replay {
            status: row.status_code.unwrap_or(200) as u16,
            headers: row.response_headers.unwrap_or(serde_json::Value::Null),
            body: row.response_body.unwrap_or_default(),
        });
    }
    Ok(Claim::InProgress)
}

pub async fn complete(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    key: &str,
    status: u16,
    headers: serde_json::Value,
    body: String,
) -> Result<(), DbErr> {
    entity::Entity::update_many()
        .col_expr(entity::Column::State, Expr::value("done"))
        .col_expr(entity::Column::StatusCode, Expr::value(i32::from(status)))
        .col_expr(entity::Column::ResponseHeaders, Expr::value(headers))
        .col_expr(entity::Column::ResponseBody, Expr::value(body))
        .filter(entity::Column::UserId.eq(user_id))
        .filter(entity::Column::IdemKey.eq(key))
        .exec(conn)
        .await?;
    Ok(())
}

/// Forgets a key so the request may be retried (after a server error).
pub async fn release(conn: &impl ConnectionTrait, user_id: Uuid, key: &str) -> Result<(), DbErr> {
    entity::Entity::delete_many()
        .filter(entity::Column::UserId.eq(user_id))
        .filter(entity::Column::IdemKey.eq(key))
        .exec(conn)
        .await?;
    Ok(())
}

/// Deletes keys past retention.
pub async fn purge_expired(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(entity::Entity::delete_many()
        .filter(entity::Column::CreatedAt.lt(now - RETENTION))
        .exec(conn)
        .await?
        .rows_affected)
}
