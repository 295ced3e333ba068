//! Pools of connections to tenant databases: opened on first use, bounded per tenant and in
//! total, closed when idle. A map of one client per tenant that never shrinks would hold
//! thousands of connections once a thousand tenants have been touched; here the number of open
//! pools times their size never exceeds `database.max_connections_total`.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use innexar_kernel::AppError;
use innexar_kernel::settings::DatabaseSettings;
use sea_orm::{
    DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard};
use uuid::Uuid;

use crate::backend::{Backend, PoolSize};
use crate::control::TenantRecord;
use crate::idempotency::{IdempotencyMark, SavedResponse};

/// A handle on one tenant's database. Cloning is cheap; while any clone lives the pool stays open.
#[derive(Clone)]
pub struct TenantDb(Arc<Inner>);

struct Inner {
    tenant_id: Uuid,
    conn: DatabaseConnection,
    /// SQLite has one writer per file. Taking this before `BEGIN` queues writers in the process
    /// instead of failing the second one with SQLITE_BUSY when its read lock must become a write
    /// lock mid-transaction.
    write_lock: Option<Arc<Mutex<()>>>,
    released: Arc<Notify>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.released.notify_waiters();
    }
}

impl TenantDb {
    pub fn tenant_id(&self) -> Uuid {
        self.0.tenant_id
    }

    /// The connection for reads outside a transaction.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.0.conn
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.0.conn.get_database_backend()
    }

    /// Starts a transaction. The caller commits it; dropping it rolls back.
    pub async fn begin(&self) -> Result<Tx, DbErr> {
        let guard = match &self.0.write_lock {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        // IMMEDIATE takes SQLite's write lock at BEGIN, where the busy timeout applies; a
        // deferred transaction that read first fails at once (SQLITE_BUSY_SNAPSHOT) when another
        // connection (the outbox relay, a CLI) committed in between.
        let options = TransactionOptions {
            sqlite_transaction_mode: guard.as_ref().map(|_| SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        let tx = self.0.conn.begin_with_options(options).await?;
        Ok(Tx { tx, idempotency: None, _db: self.clone(), _guard: guard })
    }

    fn pool_size(&self) -> (u32, u32) {
        match self.backend() {
            DatabaseBackend::Sqlite => {
                let p = self.0.conn.get_sqlite_connection_pool();
                (p.size(), p.num_idle() as u32)
            }
            _ => {
                let p = self.0.conn.get_postgres_connection_pool();
                (p.size(), p.num_idle() as u32)
            }
        }
    }

    fn holders(&self) -> usize {
        Arc::strong_count(&self.0)
    }
}

/// A transaction on a tenant database; derefs to sea-orm's transaction for queries.
///
/// When the request that opened it carries an `Idempotency-Key`, committing also settles the
/// key in the same transaction, so a crash right after the commit can never leave a key that
/// looks abandoned while its business write stands.
pub struct Tx {
    tx: DatabaseTransaction,
    idempotency: Option<IdempotencyMark>,
    _db: TenantDb,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl Deref for Tx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

impl Tx {
    /// Ties the transaction to the idempotency key of the request that opened it.
    pub fn with_idempotency(mut self, mark: Option<IdempotencyMark>) -> Self {
        self.idempotency = mark;
        self
    }

    /// Whether committing settles an idempotency key (and so whether a response is worth saving).
    pub fn has_idempotency_key(&self) -> bool {
        self.idempotency.is_some()
    }

    /// Commits. A request's idempotency key becomes `committed`: a retry will not run the
    /// request again even if the response is never saved.
    pub async fn commit(self) -> Result<(), DbErr> {
        let Tx { tx, idempotency, _db, _guard } = self;
        if let Some(mark) = &idempotency {
            crate::idempotency::mark_committed(&tx, mark).await?;
        }
        tx.commit().await
    }

    /// Commits with the response the request will answer, saved under its idempotency key in
    /// the same transaction, so a retry after any failure replays exactly this response.
    pub async fn commit_with_response(self, response: SavedResponse) -> Result<(), DbErr> {
        let Tx { tx, idempotency, _db, _guard } = self;
        if let Some(mark) = &idempotency {
            crate::idempotency::complete(&tx, mark, response).await?;
        }
        tx.commit().await
    }

    /// Rolls back now (dropping also rolls back, but reports no error).
    pub async fn rollback(self) -> Result<(), DbErr> {
        let Tx { tx, _db, .. } = self;
        tx.rollback().await
    }
}

struct Entry {
    db: TenantDb,
    last_used: Instant,
}

/// Numbers for `/metrics` and the scale benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStats {
    pub open_pools: u64,
    pub open_connections: u64,
    pub idle_connections: u64,
    /// The most connections seen open when stats were taken (a sample, not a continuous peak).
    pub peak_open_connections: u64,
    pub max_open_connections: u64,
}

pub struct TenantPools {
    backend: Backend,
    per_tenant: u32,
    max_pools: usize,
    idle_timeout: Duration,
    acquire_timeout: Duration,
    pools: Mutex<HashMap<Uuid, Entry>>,
    released: Arc<Notify>,
    peak_connections: AtomicU64,
}

impl TenantPools {
    pub fn new(backend: Backend, s: &DatabaseSettings) -> Self {
        let per_tenant = s.max_connections_per_tenant.max(1);
        TenantPools {
            backend,
            per_tenant,
            max_pools: (s.max_connections_total / per_tenant).max(1) as usize,
            idle_timeout: Duration::from_secs(s.idle_timeout_secs),
            acquire_timeout: Duration::from_secs(s.acquire_timeout_secs),
            pools: Mutex::new(HashMap::new()),
            released: Arc::new(Notify::new()),
            peak_connections: AtomicU64::new(0),
        }
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The tenant's database, opening its pool if needed. When every slot is held by a pool in
    /// use, waits up to the acquire timeout for one to be released, then answers 503.
    pub async fn get(&self, tenant: &TenantRecord) -> Result<TenantDb, AppError> {
        let deadline = Instant::now() + self.acquire_timeout;
        loop {
            let released = self.released.notified();
            {
                let mut pools = self.pools.lock().await;
                if let Some(entry) = pools.get_mut(&tenant.id) {
                    entry.last_used = Instant::now();
                    return Ok(entry.db.clone());
                }
                if pools.len() >= self.max_pools {
                    let lru = pools
                        .iter()
                        .filter(|(_, e)| e.db.holders() == 1)
                        .min_by_key(|(_, e)| e.last_used)
                        .map(|(id, _)| *id);
                    if let Some(id) = lru
                        && let Some(evicted) = pools.remove(&id)
                    {
                        // Closing before opening the next pool is what keeps the total bound.
                        evicted.db.0.conn.close_by_ref().await.map_err(AppError::from)?;
                    }
                }
                if pools.len() < self.max_pools {
                    let db = self.open(tenant).map_err(AppError::from)?;
                    pools.insert(tenant.id, Entry { db: db.clone(), last_used: Instant::now() });
                    return Ok(db);
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(AppError::unavailable(
                    "db.capacity_exhausted",
                    "all database connections are in use; retry in a moment",
                ));
            }
            // A release may slip between the check and the wait; polling bounds that delay.
            let _ = tokio::time::timeout((deadline - now).min(Duration::from_millis(50)), released).await;
        }
    }

    fn open(&self, tenant: &TenantRecord) -> Result<TenantDb, DbErr> {
        let size = PoolSize {
            max: self.per_tenant,
            idle_timeout: self.idle_timeout.min(Duration::from_secs(60)),
            acquire_timeout: self.acquire_timeout,
        };
        let conn = self.backend.open(&tenant.db_name, size, false)?;
        let write_lock = matches!(self.backend, Backend::Sqlite { .. }).then(|| Arc::new(Mutex::new(())));
        Ok(TenantDb(Arc::new(Inner { tenant_id: tenant.id, conn, write_lock, released: self.released.clone() })))
    }

    /// Closes the pools nobody has used for the idle timeout. Run periodically by the server.
    pub async fn close_idle(&self) -> usize {
        let mut pools = self.pools.lock().await;
        let idle: Vec<Uuid> = pools
            .iter()
            .filter(|(_, e)| e.db.holders() == 1 && e.last_used.elapsed() >= self.idle_timeout)
            .map(|(id, _)| *id)
            .collect();
        for id in &idle {
            if let Some(e) = pools.remove(id) {
                let _ = e.db.0.conn.close_by_ref().await;
            }
        }
        idle.len()
    }

    /// Closes the pool of one tenant (before dropping its database, say). Waits for users.
    pub async fn close(&self, tenant_id: Uuid) {
        let removed = self.pools.lock().await.remove(&tenant_id);
        if let Some(e) = removed {
            let _ = e.db.0.conn.close_by_ref().await;
        }
    }

    pub async fn close_all(&self) {
        let drained: Vec<Entry> = self.pools.lock().await.drain().map(|(_, e)| e).collect();
        for e in drained {
            let _ = e.db.0.conn.close_by_ref().await;
        }
    }

    pub async fn stats(&self) -> PoolStats {
        let pools = self.pools.lock().await;
        let mut stats = PoolStats {
            open_pools: pools.len() as u64,
            max_open_connections: (self.max_pools as u64) * u64::from(self.per_tenant),
            ..Default::default()
        };
        for e in pools.values() {
            let (size, idle) = e.db.pool_size();
            stats.open_connections += u64::from(size);
            stats.idle_connections += u64::from(idle);
        }
        let peak = self.peak_connections.fetch_max(stats.open_connections, Ordering::Relaxed);
        stats.peak_open_connections = peak.max(stats.open_connections);
        stats
    }
}
