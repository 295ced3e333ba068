//! Group commit for SQLite (ADR 0021). SQLite has one writer per file and, with
//! `synchronous=FULL`, one fsync per commit: writers that each commit on their own wait in line
//! for one fsync each (about 360 creates a second here). Here, writers that queue behind one
//! another share one transaction: each runs inside a savepoint of it, released when the writer
//! commits, and the transaction commits (one fsync) when nobody is waiting to join or the
//! closer's turn comes. No writer answers before that commit: every write is as durable as
//! before. A writer whose savepoint rolls back leaves the others' writes alone.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard, watch};

/// Most writers one transaction takes before it commits, whoever is waiting.
const MAX_MEMBERS: usize = 64;

/// The outcome of a group's commit: none yet, then `Ok` or the error every member reports.
type Outcome = Option<Result<(), String>>;

/// The open transaction writers join.
pub(crate) struct Group {
    outer: DatabaseTransaction,
    members: usize,
    done: watch::Sender<Outcome>,
}

/// One tenant database's writer: the open group, who waits to write, and the closer that
/// commits a group its last member left open.
pub(crate) struct Writer {
    group: Arc<Mutex<Option<Group>>>,
    waiting: AtomicUsize,
    closer: Notify,
    closed: AtomicBool,
}

/// A writer's place in the current group: the lock on it, held from `begin` to `commit`.
pub(crate) struct Seat {
    guard: Option<OwnedMutexGuard<Option<Group>>>,
    writer: Arc<Writer>,
}

impl Writer {
    /// A writer and its closer task (spawned on the current runtime; it ends with [`Writer::close`]).
    pub(crate) fn start() -> Arc<Writer> {
        let w = Arc::new(Writer {
            group: Arc::new(Mutex::new(None)),
            waiting: AtomicUsize::new(0),
            closer: Notify::new(),
            closed: AtomicBool::new(false),
        });
        tokio::spawn(close_groups(w.clone()));
        w
    }

    /// Stops the closer (the pool is going away; no writer is left).
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.closer.notify_one();
    }

    /// A seat in the open group (one is begun if none is open) and a savepoint of its
    /// transaction for the writer.
    pub(crate) async fn join(
        self: &Arc<Self>,
        conn: &DatabaseConnection,
    ) -> Result<(DatabaseTransaction, Seat), DbErr> {
        let guard = {
            self.waiting.fetch_add(1, Ordering::AcqRel);
            let _waiting = Waiting(&self.waiting);
            self.group.clone().lock_owned().await
        };
        let mut seat = Seat { guard: Some(guard), writer: self.clone() };
        let slot = seat.guard.as_mut().expect("a new seat holds the lock");
        if slot.is_none() {
            // IMMEDIATE takes SQLite's write lock at BEGIN, where the busy timeout applies; a
            // deferred transaction that read first fails at once (SQLITE_BUSY_SNAPSHOT) when
            // another connection (a CLI) committed in between.
            let options = TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            };
            let outer = conn.begin_with_options(options).await?;
            **slot = Some(Group { outer, members: 0, done: watch::channel(None).0 });
        }
        let savepoint = slot.as_ref().expect("a group is open").outer.begin().await?;
        Ok((savepoint, seat))
    }
}

impl Seat {
    /// After the writer's savepoint was released: commits the group now if nobody waits to
    /// join it (or it is full), else leaves it to the next writer or the closer; then waits for
    /// the group's commit and reports its outcome.
    pub(crate) async fn finish(mut self) -> Result<(), DbErr> {
        let mut guard = self.guard.take().expect("a seat holds the lock until it finishes");
        let group = guard.as_mut().ok_or_else(|| DbErr::Custom("the write group is gone".into()))?;
        group.members += 1;
        let mut outcome = group.done.subscribe();
        if self.writer.waiting.load(Ordering::Acquire) > 0 && group.members < MAX_MEMBERS {
            drop(guard);
            // The closer queues behind the writers waiting now, so they join before it commits.
            self.writer.closer.notify_one();
        } else {
            commit(&mut guard).await;
            drop(guard);
        }
        let result = outcome
            .wait_for(Option::is_some)
            .await
            .map_err(|_| DbErr::Custom("the write group ended without committing".into()))?
            .clone();
        result.expect("waited for an outcome").map_err(DbErr::Custom)
    }
}

impl Drop for Seat {
    /// A writer that stops before committing (an error, a rollback): its savepoint rolls back
    /// as it drops, and the closer commits what the group's other members wrote.
    fn drop(&mut self) {
        if self.guard.take().is_some() {
            self.writer.closer.notify_one();
        }
    }
}

/// Commits the open group, if any, and tells its members.
async fn commit(slot: &mut Option<Group>) {
    if let Some(group) = slot.take() {
        let result = group.outer.commit().await.map_err(|e| e.to_string());
        match &result {
            Ok(()) => {
                // Writers per commit, for operators: the one tells how much the grouping saves.
                metrics::counter!("innexar_db_sqlite_group_commits_total").increment(1);
                metrics::counter!("innexar_db_sqlite_group_writers_total").increment(group.members as u64);
            }
            Err(e) => tracing::error!(error = %e, members = group.members, "a SQLite group commit failed"),
        }
        let _ = group.done.send(Some(result));
    }
}

async fn close_groups(w: Arc<Writer>) {
    loop {
        w.closer.notified().await;
        let mut guard = w.group.lock().await;
        commit(&mut guard).await;
        drop(guard);
        if w.closed.load(Ordering::Acquire) {
            return;
        }
    }
}

/// Counts a writer waiting for the lock until it has it (or gave up waiting).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
