//! Per-tenant counters for human-readable numbers (stock `E-00042`, quote `P-10421`).

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Statement};

/// Takes the next value of counter `name` (starting at 1) inside the caller's transaction, so a
/// rolled-back creation gives its number back.
pub async fn next(tx: &DatabaseTransaction, name: &str) -> Result<i64, DbErr> {
    let backend = tx.get_database_backend();
    // Both SQLite (3.35+) and PostgreSQL support upsert with RETURNING; only placeholders differ.
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "INSERT INTO core_counters (name, value) VALUES ($1, 1) \
             ON CONFLICT (name) DO UPDATE SET value = core_counters.value + 1 RETURNING value"
        }
        _ => {
            "INSERT INTO core_counters (name, value) VALUES (?, 1) \
             ON CONFLICT (name) DO UPDATE SET value = core_counters.value + 1 RETURNING value"
        }
    };
    let row = tx
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [name.into()]))
        .await?
        .ok_or_else(|| DbErr::Custom("counter upsert returned no row".into()))?;
    row.try_get::<i64>("", "value")
}

/// Takes `count` consecutive values at once (bulk loads); returns the first.
pub async fn reserve(tx: &DatabaseTransaction, name: &str, count: i64) -> Result<i64, DbErr> {
    let backend = tx.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "INSERT INTO core_counters (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = core_counters.value + $2 RETURNING value"
        }
        _ => {
            "INSERT INTO core_counters (name, value) VALUES (?1, ?2) \
             ON CONFLICT (name) DO UPDATE SET value = core_counters.value + ?2 RETURNING value"
        }
    };
    let row = tx
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [name.into(), count.into()]))
        .await?
        .ok_or_else(|| DbErr::Custom("counter upsert returned no row".into()))?;
    Ok(row.try_get::<i64>("", "value")? - count + 1)
}
