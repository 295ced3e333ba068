//! Per-tenant counters for human-readable numbers (stock `E-00042`, quote `P-10421`, repair
//! order `OS-00017`), in two kinds (ADR 0021):
//!
//! - [`next`] and [`take`]: numbers that may have gaps. On PostgreSQL a sequence per counter,
//!   which hands out a number without a lock held to the commit, so writers never queue on it; a
//!   rolled-back write loses its number. On SQLite the counter's row in `core_counters`: writers
//!   there take turns on the database's one write lock anyway, so the row adds no queue.
//! - [`next_gapless`]: numbers the law wants without gaps (fiscal documents). The counter's row,
//!   updated in the caller's transaction, so a rolled-back write gives its number back. Writers
//!   that take one queue on that row until they commit: keep it to those documents, and take it
//!   as late in the transaction as the write allows.
//!
//! A counter of the first kind is declared by a tenant migration ([`create`]), which makes its
//! PostgreSQL sequence.

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr, Statement};

/// The counters of the first kind that tenant migrations have declared.
pub const STOCK_NUMBER: &str = "inventory.stock_number";
/// A customer's vehicle that was never the dealer's stock is numbered `C-00001` (ADR 0022).
pub const CUSTOMER_VEHICLE_NUMBER: &str = "inventory.customer_vehicle_number";
/// Quotes (propostas) are numbered `P-00001`.
pub const QUOTE_NUMBER: &str = "sales.quote_number";
/// Sales (pedidos de venda) are numbered `PV-00001`.
pub const SALE_NUMBER: &str = "sales.sale_number";

/// The PostgreSQL sequence behind counter `name` (`inventory.stock_number` is
/// `core_seq_inventory_stock_number`). Names are constants of the code, never input.
fn sequence(name: &str) -> Result<String, DbErr> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.') {
        return Err(DbErr::Custom(format!("counter name {name:?} must be lowercase letters, '_' and '.'")));
    }
    Ok(format!("core_seq_{}", name.replace('.', "_")))
}

/// Declares counter `name` in a tenant migration: its PostgreSQL sequence, continuing from the
/// counter's row if one was kept there before. SQLite needs nothing (the row appears on first use).
pub async fn create(conn: &impl ConnectionTrait, name: &str) -> Result<(), DbErr> {
    if conn.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let seq = sequence(name)?;
    conn.execute_unprepared(&format!("CREATE SEQUENCE {seq} AS bigint MINVALUE 1 START 1")).await?;
    // setval(.., v) makes the next number v + 1, as the row's next upsert would have.
    conn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        format!("SELECT setval('{seq}', value) FROM core_counters WHERE name = $1 AND value > 0"),
        [name.into()],
    ))
    .await?;
    conn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "DELETE FROM core_counters WHERE name = $1",
        [name.into()],
    ))
    .await?;
    Ok(())
}

/// The next number of counter `name` (starting at 1). It may leave a gap: a write that rolls
/// back does not give its number back.
pub async fn next(tx: &DatabaseTransaction, name: &str) -> Result<i64, DbErr> {
    match tx.get_database_backend() {
        DatabaseBackend::Postgres => {
            let sql = format!("SELECT nextval('{}') AS value", sequence(name)?);
            let row = tx
                .query_one_raw(Statement::from_string(DatabaseBackend::Postgres, sql))
                .await?
                .ok_or_else(|| DbErr::Custom("nextval returned no row".into()))?;
            row.try_get::<i64>("", "value")
        }
        _ => next_gapless(tx, name).await,
    }
}

/// `count` numbers of counter `name` at once (bulk loads), ascending. On PostgreSQL other
/// writers may take numbers in between, so they need not be consecutive.
pub async fn take(tx: &DatabaseTransaction, name: &str, count: i64) -> Result<Vec<i64>, DbErr> {
    if count <= 0 {
        return Ok(Vec::new());
    }
    match tx.get_database_backend() {
        DatabaseBackend::Postgres => {
            let sql = format!("SELECT nextval('{}') AS value FROM generate_series(1, $1)", sequence(name)?);
            let rows = tx
                .query_all_raw(Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, [count.into()]))
                .await?;
            let mut values = rows.iter().map(|r| r.try_get::<i64>("", "value")).collect::<Result<Vec<_>, _>>()?;
            values.sort_unstable();
            Ok(values)
        }
        _ => {
            let last = bump_row(tx, name, count).await?;
            Ok((last - count + 1..=last).collect())
        }
    }
}

/// The next number of counter `name` (starting at 1) without gaps: taken inside the caller's
/// transaction on the counter's row, so a rolled-back write gives its number back. Concurrent
/// writers queue on that row until each commits.
pub async fn next_gapless(tx: &DatabaseTransaction, name: &str) -> Result<i64, DbErr> {
    bump_row(tx, name, 1).await
}

/// Adds `by` to counter `name`'s row (made at 0 if missing), in the caller's transaction, and
/// returns the new value.
async fn bump_row(tx: &DatabaseTransaction, name: &str, by: i64) -> Result<i64, DbErr> {
    let backend = tx.get_database_backend();
    // Both SQLite (3.35+) and PostgreSQL support upsert with RETURNING; only placeholders differ.
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "INSERT INTO core_counters (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = core_counters.value + $2 RETURNING value"
        }
        _ => {
            "INSERT INTO core_counters (name, value) VALUES (?1, ?2) \
             ON CONFLICT (name) DO UPDATE SET value = core_counters.value + ?2 RETURNING value"
        }
    };
    let row = tx
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [name.into(), by.into()]))
        .await?
        .ok_or_else(|| DbErr::Custom("counter upsert returned no row".into()))?;
    row.try_get::<i64>("", "value")
}
