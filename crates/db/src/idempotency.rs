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

/// The key a request holds while it runs: whose, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyMark {
    pub user_id: Uuid,
    pub key: String,
}

/// What a key is used for: a retry must be the same request to be replayed.
#[derive(Debug, Clone, Copy)]
pub struct KeyedRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    /// SHA-256 of the body, hex.
    pub request_hash: &'a str,
}

/// A response as saved for replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedResponse {
    pub status: u16,
    /// The headers worth replaying, as a JSON object of name -> value.
    pub headers: serde_json::Value,
    pub body: String,
}

/// A key's life: `pending` while its request runs and nothing is committed; `committed` once the
/// request's business write committed (in that same transaction) but no response was saved;
/// `done` with the response to replay.
const PENDING: &str = "pending";
const COMMITTED: &str = "committed";
const DONE: &str = "done";

/// How long a key is remembered.
pub const RETENTION: Duration = Duration::hours(24);

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
    /// Same key, the first request's write committed but its response was lost (the process
    /// died between the commit and the answer): running it again would do it twice.
    ResponseLost,
}

/// Claims `key` for a request. A key still `pending` after `abandoned_after` belongs to a request
/// that can no longer be running (pass the request deadline with a margin) and that committed
/// nothing (a commit moves the key out of `pending`): it may be taken over.
pub async fn claim(
    conn: &impl ConnectionTrait,
    mark: &IdempotencyMark,
    request: &KeyedRequest<'_>,
    now: DateTime<Utc>,
    abandoned_after: Duration,
) -> Result<Claim, DbErr> {
    let (user_id, key) = (mark.user_id, mark.key.as_str());
    let KeyedRequest { method, path, request_hash } = *request;
    for _ in 0..3 {
        let insert = entity::ActiveModel {
            user_id: Set(user_id),
            idem_key: Set(key.into()),
            method: Set(method.into()),
            path: Set(path.into()),
            request_hash: Set(request_hash.into()),
            state: Set(PENDING.into()),
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
        let abandoned = row.state == PENDING && row.created_at + abandoned_after < now;
        if expired || abandoned {
            // Only the row seen is removed: a request that committed meanwhile keeps its key.
            entity::Entity::delete_many()
                .filter(entity::Column::UserId.eq(user_id))
                .filter(entity::Column::IdemKey.eq(key))
                .filter(entity::Column::State.eq(row.state.clone()))
                .filter(entity::Column::CreatedAt.eq(row.created_at))
                .exec(conn)
                .await?;
            continue;
        }
        if row.request_hash != request_hash || row.method != method || row.path != path {
            return Ok(Claim::Mismatch);
        }
        match row.state.as_str() {
            PENDING => return Ok(Claim::InProgress),
            COMMITTED => return Ok(Claim::ResponseLost),
            _ => {}
        }
        return Ok(Claim::Replay {
            status: row.status_code.unwrap_or(200) as u16,
            headers: row.response_headers.unwrap_or(serde_json::Value::Null),
            body: row.response_body.unwrap_or_default(),
        });
    }
    Ok(Claim::InProgress)
}

/// Saves the response of a key's request. In the request's business transaction (see
/// `Tx::commit_with_response`) or, for requests that wrote nothing, on its own.
pub async fn complete(
    conn: &impl ConnectionTrait,
    mark: &IdempotencyMark,
    response: SavedResponse,
) -> Result<(), DbErr> {
    entity::Entity::update_many()
        .col_expr(entity::Column::State, Expr::value(DONE))
        .col_expr(entity::Column::StatusCode, Expr::value(i32::from(response.status)))
        .col_expr(entity::Column::ResponseHeaders, Expr::value(response.headers))
        .col_expr(entity::Column::ResponseBody, Expr::value(response.body))
        .filter(entity::Column::UserId.eq(mark.user_id))
        .filter(entity::Column::IdemKey.eq(mark.key.as_str()))
        .filter(entity::Column::State.is_in([PENDING, COMMITTED]))
        .exec(conn)
        .await?;
    Ok(())
}

/// Records, in the business transaction, that the key's request has committed its write.
pub async fn mark_committed(conn: &impl ConnectionTrait, mark: &IdempotencyMark) -> Result<(), DbErr> {
    entity::Entity::update_many()
        .col_expr(entity::Column::State, Expr::value(COMMITTED))
        .filter(entity::Column::UserId.eq(mark.user_id))
        .filter(entity::Column::IdemKey.eq(mark.key.as_str()))
        .filter(entity::Column::State.eq(PENDING))
        .exec(conn)
        .await?;
    Ok(())
}

/// Forgets a key whose request committed nothing, so it may be retried (after a server error, a
/// dropped connection or a timeout). A key whose write committed is kept.
pub async fn release(conn: &impl ConnectionTrait, mark: &IdempotencyMark) -> Result<(), DbErr> {
    entity::Entity::delete_many()
        .filter(entity::Column::UserId.eq(mark.user_id))
        .filter(entity::Column::IdemKey.eq(mark.key.as_str()))
        .filter(entity::Column::State.eq(PENDING))
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
