//! Pools of connections to tenant databases: opened on first use, bounded per tenant and in
//! total, closed when idle. A map of one client per tenant that never shrinks would hold
//! thousands of connections once a thousand tenants have been touched; here the number of open
//! pools times their size never exceeds `database.max_connections_total`.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use innexar_kernel::settings::DatabaseSettings;
use innexar_kernel::{Actor, AppError, Clock};
use sea_orm::sea_query::{CommonTableExpression, InsertStatement, WithClause};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr, ExecResult, QueryResult,
    Statement, TransactionTrait,
};
use tokio::sync::{Mutex, Notify};
use uuid::Uuid;

use crate::backend::{Backend, PoolSize};
use crate::control::TenantRecord;
use crate::group::{Seat, Writer};
use crate::idempotency::{IdempotencyMark, SavedResponse};
use crate::outbox::OutboxSignal;

/// Who is told, after a commit, that a tenant has new work: the event dispatcher (outbox
/// events) and the job worker (queued jobs).
#[derive(Default)]
pub struct Signals {
    pub events: Arc<OutboxSignal>,
    pub jobs: Arc<OutboxSignal>,
    /// Webhook deliveries queued (by the webhooks handler, a redelivery, a test send).
    pub deliveries: Arc<OutboxSignal>,
    /// Messages to people queued (e-mail, SMS, WhatsApp).
    pub messages: Arc<OutboxSignal>,
}

/// A handle on one tenant's database. Cloning is cheap; while any clone lives the pool stays open.
#[derive(Clone)]
pub struct TenantDb(Arc<Inner>);

struct Inner {
    tenant_id: Uuid,
    conn: DatabaseConnection,
    clock: Arc<dyn Clock>,
    signals: Arc<Signals>,
    /// SQLite has one writer per file. Writers queue for it in the process (instead of failing
    /// with SQLITE_BUSY when a read lock must become a write lock mid-transaction), and those
    /// that queue share one commit (`group.rs`).
    writer: Option<Arc<Writer>>,
    released: Arc<Notify>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(w) = &self.writer {
            w.close();
        }
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

    /// Starts a transaction by the system (jobs, event handlers, the CLI), at the clock's now.
    /// The caller commits it; dropping it rolls back.
    pub async fn begin(&self) -> Result<Tx, DbErr> {
        self.begin_as(Actor::system(), self.0.clock.now()).await
    }

    /// Starts a transaction on behalf of `actor`, whose writes happen at `now`.
    pub async fn begin_as(&self, actor: Actor, now: DateTime<Utc>) -> Result<Tx, DbErr> {
        let (tx, seat) = match &self.0.writer {
            Some(w) => {
                let (tx, seat) = w.join(&self.0.conn).await?;
                (tx, Some(seat))
            }
            None => (self.0.conn.begin().await?, None),
        };
        Ok(Tx {
            tx,
            idempotency: None,
            actor,
            now,
            flags: Arc::default(),
            nested: false,
            later: Later::default(),
            parent_later: None,
            tenant_id: self.tenant_id(),
            db: Some(self.clone()),
            seat,
            origin: None,
        })
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

/// A transaction on a tenant database, and what a command needs to know about it: whose
/// database it is, who acts and when. Derefs to sea-orm's transaction for queries.
///
/// Committing a transaction that recorded outbox events or queued jobs tells the dispatcher or
/// the worker itself, so no caller has to remember to.
///
/// When the request that opened it carries an `Idempotency-Key`, committing also settles the
/// key in the same transaction, so a crash right after the commit can never leave a key that
/// looks abandoned while its business write stands.
pub struct Tx {
    tx: DatabaseTransaction,
    idempotency: Option<IdempotencyMark>,
    actor: Actor,
    now: DateTime<Utc>,
    /// Shared with the savepoints taken inside, whose writes commit with this transaction.
    flags: Arc<Flags>,
    /// A savepoint inside another transaction: committing it tells nobody yet.
    nested: bool,
    /// Rows queued by [`Tx::write_later`], written just before the commit.
    later: Later,
    /// A savepoint's parent's queue, which takes this one's rows when the savepoint commits.
    parent_later: Option<Later>,
    tenant_id: Uuid,
    /// The pool it came from, whose signals a commit wakes; none for a transaction on a bare
    /// connection (provisioning, before the tenant has a pool).
    db: Option<TenantDb>,
    /// SQLite: the writer's place in its group commit; the transaction above is a savepoint of
    /// the group's.
    seat: Option<Seat>,
    /// Where the tenant's web app is, for links in messages (`with_origin`).
    origin: Option<Arc<str>>,
}

type Later = Arc<std::sync::Mutex<Vec<InsertStatement>>>;

/// PostgreSQL's extended protocol allows 65,535 parameters per statement; a batch of this many
/// inserts stays far below it (a queued row has a dozen columns at most today).
const LATER_PER_STATEMENT: usize = 64;

#[derive(Default)]
struct Flags {
    wrote_events: AtomicBool,
    queued_jobs: AtomicBool,
    queued_deliveries: AtomicBool,
    queued_messages: AtomicBool,
}

impl Deref for Tx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

impl Tx {
    /// A transaction on a tenant database reached without a pool (provisioning and seeding a
    /// new tenant). Its commit wakes nobody: the dispatcher's sweep delivers its events.
    pub async fn on_connection(
        conn: &DatabaseConnection,
        tenant_id: Uuid,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> Result<Tx, DbErr> {
        Ok(Tx {
            tx: conn.begin().await?,
            idempotency: None,
            actor,
            now,
            flags: Arc::default(),
            nested: false,
            later: Later::default(),
            parent_later: None,
            tenant_id,
            db: None,
            seat: None,
            origin: None,
        })
    }

    pub fn tenant_id(&self) -> Uuid {
        self.tenant_id
    }

    /// Who this transaction writes for (audit entries, status history, `createdBy`).
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The moment every write in this transaction happens at.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Notes that the transaction wrote outbox events (`outbox::record` calls this).
    pub fn events_recorded(&self) {
        self.flags.wrote_events.store(true, Ordering::Relaxed);
    }

    /// Notes that the transaction queued a job (`jobs::runs::enqueue` calls this).
    pub fn job_queued(&self) {
        self.flags.queued_jobs.store(true, Ordering::Relaxed);
    }

    /// Wakes the webhook sender for this tenant once the transaction commits.
    pub fn deliveries_queued(&self) {
        self.flags.queued_deliveries.store(true, Ordering::Relaxed);
    }

    /// Wakes the message sender for this tenant once the transaction commits.
    pub fn messages_queued(&self) {
        self.flags.queued_messages.store(true, Ordering::Relaxed);
    }

    /// A savepoint: a transaction inside this one, by the same actor at the same time, that
    /// can be rolled back alone (one bad row of an import). Its writes commit with this one.
    pub async fn savepoint(&self) -> Result<Tx, DbErr> {
        Ok(Tx {
            tx: self.tx.begin().await?,
            idempotency: None,
            actor: self.actor.clone(),
            now: self.now,
            flags: self.flags.clone(),
            nested: true,
            later: Later::default(),
            parent_later: Some(self.later.clone()),
            tenant_id: self.tenant_id,
            db: self.db.clone(),
            seat: None,
            origin: self.origin.clone(),
        })
    }

    fn committed(db: &Option<TenantDb>, flags: &Flags, nested: bool) {
        let Some(db) = db.as_ref().filter(|_| !nested) else { return };
        if flags.wrote_events.load(Ordering::Relaxed) {
            db.0.signals.events.mark(db.tenant_id());
        }
        if flags.queued_jobs.load(Ordering::Relaxed) {
            db.0.signals.jobs.mark(db.tenant_id());
        }
        if flags.queued_deliveries.load(Ordering::Relaxed) {
            db.0.signals.deliveries.mark(db.tenant_id());
        }
        if flags.queued_messages.load(Ordering::Relaxed) {
            db.0.signals.messages.mark(db.tenant_id());
        }
    }

    /// Ties the transaction to the idempotency key of the request that opened it.
    /// Sets where the tenant's web app is (`https://loja.innexar.app`): a message written in this
    /// transaction links to it. A request's transactions have it; a job sets it.
    pub fn with_origin(mut self, origin: impl Into<Arc<str>>) -> Self {
        self.origin = Some(origin.into());
        self
    }

    /// Where the tenant's web app is, when the transaction was told.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    pub fn with_idempotency(mut self, mark: Option<IdempotencyMark>) -> Self {
        self.idempotency = mark;
        self
    }

    /// Whether committing settles an idempotency key (and so whether a response is worth saving).
    pub fn has_idempotency_key(&self) -> bool {
        self.idempotency.is_some()
    }

    /// Queues an insert that is written with the others just before the commit: on PostgreSQL
    /// all of them in one statement (one round trip instead of one each), on SQLite one after
    /// the other (statements there are calls, not round trips). For the rows a write adds beside
    /// its business row (history lines, audit entries, outbox events): nothing in the
    /// transaction reads them back, none depends on another queued row, and none can break a
    /// rule the caller would answer with a 4xx (a failure surfaces at commit as a 5xx).
    pub fn write_later(&self, insert: InsertStatement) {
        self.later.lock().unwrap_or_else(|e| e.into_inner()).push(insert);
    }

    /// Writes the queued rows. A savepoint hands them to its parent instead, so rows of a
    /// savepoint rolled back later are never written.
    async fn flush_later(&self) -> Result<(), DbErr> {
        let queued = std::mem::take(&mut *self.later.lock().unwrap_or_else(|e| e.into_inner()));
        if queued.is_empty() {
            return Ok(());
        }
        if let Some(parent) = &self.parent_later {
            parent.lock().unwrap_or_else(|e| e.into_inner()).extend(queued);
            return Ok(());
        }
        let backend = self.tx.get_database_backend();
        if backend != DatabaseBackend::Postgres {
            for insert in &queued {
                self.tx.execute(insert).await?;
            }
            return Ok(());
        }
        let mut queued = queued.into_iter().peekable();
        while queued.peek().is_some() {
            let mut batch: Vec<InsertStatement> = queued.by_ref().take(LATER_PER_STATEMENT).collect();
            let last = batch.pop().expect("a batch has at least one insert");
            if batch.is_empty() {
                self.tx.execute(&last).await?;
                continue;
            }
            // Data-modifying statements in WITH run exactly once, whether or not the main
            // statement reads them: one statement, one round trip.
            let mut with = WithClause::new();
            for (i, insert) in batch.into_iter().enumerate() {
                with.cte(CommonTableExpression::new().query(insert).table_name(format!("later_{i}")).to_owned());
            }
            self.tx.execute(&with.query(last)).await?;
        }
        Ok(())
    }

    /// Commits. A request's idempotency key becomes `committed`: a retry will not run the
    /// request again even if the response is never saved.
    pub async fn commit(self) -> Result<(), DbErr> {
        self.flush_later().await?;
        let Tx { tx, idempotency, db, flags, nested, seat, .. } = self;
        if let Some(mark) = &idempotency {
            crate::idempotency::mark_committed(&tx, mark).await?;
        }
        tx.commit().await?;
        if let Some(seat) = seat {
            seat.finish().await?;
        }
        Self::committed(&db, &flags, nested);
        Ok(())
    }

    /// Commits with the response the request will answer, saved under its idempotency key in
    /// the same transaction, so a retry after any failure replays exactly this response.
    pub async fn commit_with_response(self, response: SavedResponse) -> Result<(), DbErr> {
        self.flush_later().await?;
        let Tx { tx, idempotency, db, flags, nested, seat, .. } = self;
        if let Some(mark) = &idempotency {
            crate::idempotency::complete(&tx, mark, response).await?;
        }
        tx.commit().await?;
        if let Some(seat) = seat {
            seat.finish().await?;
        }
        Self::committed(&db, &flags, nested);
        Ok(())
    }

    /// Rolls back now (dropping also rolls back, but reports no error).
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.tx.rollback().await
    }
}

/// Commands and stores take `&Tx` wherever sea-orm wants a connection.
#[async_trait::async_trait]
impl ConnectionTrait for Tx {
    fn get_database_backend(&self) -> DatabaseBackend {
        self.tx.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.tx.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.tx.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.tx.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.tx.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.tx.support_returning()
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
    clock: Arc<dyn Clock>,
    signals: Arc<Signals>,
    per_tenant: u32,
    max_pools: usize,
    idle_timeout: Duration,
    acquire_timeout: Duration,
    pools: Mutex<HashMap<Uuid, Entry>>,
    released: Arc<Notify>,
    peak_connections: AtomicU64,
}

impl TenantPools {
    pub fn new(backend: Backend, s: &DatabaseSettings, clock: Arc<dyn Clock>, signals: Arc<Signals>) -> Self {
        let per_tenant = s.max_connections_per_tenant.max(1);
        TenantPools {
            backend,
            clock,
            signals,
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

    pub fn signals(&self) -> &Arc<Signals> {
        &self.signals
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
        let writer = matches!(self.backend, Backend::Sqlite { .. }).then(Writer::start);
        Ok(TenantDb(Arc::new(Inner {
            tenant_id: tenant.id,
            conn,
            clock: self.clock.clone(),
            signals: self.signals.clone(),
            writer,
            released: self.released.clone(),
        })))
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
