//! Test databases on a PostgreSQL server. Their names start with the prefix of the process that
//! made them (`it<8 hex digits>_`), which holds an advisory lock on that prefix for as long as
//! it runs. A process drops its own databases as each test ends; one killed first (a Ctrl-C, a
//! timeout, an abort) leaves them behind, and the next test process to start drops them, which
//! it knows it may do when the dead process's lock is free.

use std::collections::BTreeMap;
use std::str::FromStr;

use innexar_db::Backend;
use rand::Rng;
use sea_orm::DbErr;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection};
use sea_orm::sqlx::{self, ConnectOptions as _};
use tokio::sync::OnceCell;

/// Advisory lock classes (the first key of `pg_advisory_lock(int, int)`).
const RUN_LOCK: i32 = 0x1e57_db01;
pub(crate) const TEMPLATE_LOCK: i32 = 0x1e57_db02;

/// This process's prefix for database names, taken (and the leftovers of dead processes
/// dropped) on first use.
pub async fn run_prefix(server_url: &str) -> Result<&'static str, DbErr> {
    static RUN: OnceCell<String> = OnceCell::const_new();
    RUN.get_or_try_init(|| async {
        let run = format!("it{:08x}", rand::rng().random::<u32>());
        hold_run_lock(server_url, &run).await?;
        drop_orphans(server_url, &run).await?;
        Ok(run)
    })
    .await
    .map(String::as_str)
}

/// Takes the lock of `run` on a connection of its own that lives, on a thread of its own, until
/// the process ends (tests' runtimes come and go; the lock must not go with them).
async fn hold_run_lock(server_url: &str, run: &str) -> Result<(), DbErr> {
    let (taken_tx, taken) = tokio::sync::oneshot::channel();
    let (url, key) = (server_url.to_string(), lock_key(run));
    std::thread::Builder::new()
        .name(format!("{run}-lock"))
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = taken_tx.send(Err(DbErr::Custom(format!("runtime: {e}"))));
                    return;
                }
            };
            rt.block_on(async move {
                let locked = async {
                    let mut conn = admin_connection(&url).await?;
                    sqlx::query("SELECT pg_advisory_lock($1, $2)")
                        .bind(RUN_LOCK)
                        .bind(key)
                        .execute(&mut conn)
                        .await
                        .map_err(err)?;
                    Ok::<_, DbErr>(conn)
                }
                .await;
                match locked {
                    Ok(conn) => {
                        let _ = taken_tx.send(Ok(()));
                        std::future::pending::<()>().await;
                        drop(conn);
                    }
                    Err(e) => {
                        let _ = taken_tx.send(Err(e));
                    }
                }
            });
        })
        .map_err(|e| DbErr::Custom(format!("cannot start the lock thread: {e}")))?;
    taken.await.map_err(|_| DbErr::Custom("the lock thread ended".into()))?
}

/// Drops the databases of test processes that ended without dropping them.
pub(crate) async fn drop_orphans(server_url: &str, own: &str) -> Result<(), DbErr> {
    let mut admin = admin_connection(server_url).await?;
    let names: Vec<(String,)> =
        sqlx::query_as("SELECT datname::text FROM pg_database WHERE datname ~ '^it[0-9a-f]{8}_' ORDER BY datname")
            .fetch_all(&mut admin)
            .await
            .map_err(err)?;
    let mut by_run: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name,) in names {
        let run = name[..10].to_string();
        if run != own {
            by_run.entry(run).or_default().push(name);
        }
    }
    for (run, names) in by_run {
        let (free,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1, $2)")
            .bind(RUN_LOCK)
            .bind(lock_key(&run))
            .fetch_one(&mut admin)
            .await
            .map_err(err)?;
        if free {
            drop_all(server_url, names).await;
            let _ = sqlx::query("SELECT pg_advisory_unlock($1, $2)")
                .bind(RUN_LOCK)
                .bind(lock_key(&run))
                .execute(&mut admin)
                .await;
        }
    }
    Ok(())
}

/// Drops every database whose name starts with `prefix`.
pub async fn drop_databases(server_url: &str, prefix: &str) {
    let Ok(mut admin) = admin_connection(server_url).await else { return };
    let names: Vec<(String,)> = sqlx::query_as("SELECT datname::text FROM pg_database WHERE starts_with(datname, $1)")
        .bind(prefix)
        .fetch_all(&mut admin)
        .await
        .unwrap_or_default();
    drop(admin);
    drop_all(server_url, names.into_iter().map(|(n,)| n).collect()).await;
}

/// Drops `names` all at once: each `DROP DATABASE` waits for a checkpoint, and drops that run
/// together share one instead of waiting for one each (a second apiece on a busy disk).
async fn drop_all(server_url: &str, names: Vec<String>) {
    let mut drops = tokio::task::JoinSet::new();
    for name in names {
        let server = Backend::Postgres { url: server_url.to_string() };
        // `WITH (FORCE)` ends the pools' connections that are still open.
        drops.spawn(async move { server.drop_database(&name).await });
    }
    drops.join_all().await;
}

/// A connection to the server's `postgres` database, for creating and dropping others.
pub(crate) async fn admin_connection(server_url: &str) -> Result<PgConnection, DbErr> {
    let opts = PgConnectOptions::from_str(server_url)
        .map_err(|e| DbErr::Custom(format!("invalid TEST_DATABASE_URL: {e}")))?
        .database("postgres");
    opts.connect().await.map_err(err)
}

pub(crate) async fn execute(conn: &mut PgConnection, sql: &str) -> Result<(), DbErr> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(conn).await.map(drop).map_err(err)
}

/// The second key of an advisory lock on `name`.
pub(crate) fn lock_key(name: &str) -> i32 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(name.as_bytes());
    i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

pub(crate) fn err(e: sqlx::Error) -> DbErr {
    DbErr::Custom(format!("database server: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_dead_processs_databases_are_dropped_and_a_live_ones_are_kept() {
        let url = crate::postgres_url_or_local();
        let server = Backend::Postgres { url: url.clone() };
        let (dead, live) = (format!("it{:08x}", rand::random::<u32>()), format!("it{:08x}", rand::random::<u32>()));
        let mut live_process = admin_connection(&url).await.expect("PostgreSQL must be reachable (TEST_DATABASE_URL)");
        sqlx::query("SELECT pg_advisory_lock($1, $2)")
            .bind(RUN_LOCK)
            .bind(lock_key(&live))
            .execute(&mut live_process)
            .await
            .expect("lock");
        let names = [format!("{dead}_0_ctl"), format!("{dead}_1_loja"), format!("{live}_0_ctl")];
        for name in &names {
            server.create_database(name).await.expect("create");
        }

        drop_orphans(&url, "itffffffff").await.expect("sweep");
        let exists = [
            server.database_exists(&names[0]).await.expect("exists"),
            server.database_exists(&names[1]).await.expect("exists"),
            server.database_exists(&names[2]).await.expect("exists"),
        ];
        drop(live_process);
        server.drop_database(&names[2]).await.expect("drop");
        assert_eq!(exists, [false, false, true]);
    }
}
