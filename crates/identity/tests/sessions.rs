#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! Sign-in, refresh and sign-out are each one transaction: when a later write of one fails (here
//! a trigger aborts it, as a crash between two statements would), the earlier writes do not
//! stay, so a refresh-token family is never left half rotated or half revoked.
//!
//! Runs on SQLite, and also on PostgreSQL when `TEST_DATABASE_URL` is set.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, TimeZone, Utc};
use innexar_db::provision::{migrate, open_single};
use innexar_db::{Backend, Signals, TenantDb, TenantPools, TenantRecord, TenantStatus};
use innexar_http::token::TokenKeys;
use innexar_identity::sessions::{self, Refreshed, Session, SessionKeys};
use innexar_identity::{User, commands, queries};
use innexar_kernel::settings::DatabaseSettings;
use innexar_kernel::{AppError, FixedClock, new_id};
use rand::Rng;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

/// A migrated tenant database reached through the pools, as requests reach it. A PostgreSQL
/// database is dropped when this is, even after a failed assertion.
struct TestDb {
    db: TenantDb,
    /// The clock's time, which every transaction writes at.
    now: DateTime<Utc>,
    _pools: TenantPools,
    /// Where the SQLite file lives (removed with it).
    dir: Option<PathBuf>,
    postgres: Option<(Backend, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        let Some((backend, name)) = self.postgres.take() else { return };
        // Drop may run inside the test's runtime, which cannot be blocked on.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(backend.drop_database(&name)).expect("drop the test database");
        })
        .join();
    }
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(name);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

/// A fresh database on `backend`; `dir` is the SQLite folder, removed afterwards.
async fn tenant_db(backend: Backend, dir: Option<PathBuf>) -> TestDb {
    let postgres = matches!(backend, Backend::Postgres { .. });
    let name = format!("itidentity_{:016x}", rand::rng().random::<u64>());
    backend.create_database(&name).await.expect("create the test database (is TEST_DATABASE_URL reachable?)");
    let conn = open_single(&backend, &name).expect("open");
    migrate(&conn).await.expect("migrate");
    conn.close().await.expect("close");
    let at = Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).single().expect("time");
    let pools = TenantPools::new(
        backend.clone(),
        &DatabaseSettings::default(),
        Arc::new(FixedClock::new(at)),
        Arc::new(Signals::default()),
    );
    let record = TenantRecord {
        id: new_id(),
        slug: "loja".into(),
        name: "Loja".into(),
        cnpj: "11222333000181".into(),
        plan: "standard".into(),
        status: TenantStatus::Active,
        db_kind: if postgres { "postgres" } else { "sqlite" }.into(),
        db_server: "default".into(),
        db_name: name.clone(),
        created_at: at,
        updated_at: at,
    };
    let db = pools.get(&record).await.expect("pool");
    TestDb { db, now: at, _pools: pools, dir, postgres: postgres.then_some((backend, name)) }
}

/// SQLite always; PostgreSQL too when `TEST_DATABASE_URL` names a server.
async fn databases() -> Vec<TestDb> {
    let dir = scratch_dir(&format!("innexar-identity-{:016x}", rand::rng().random::<u64>()));
    let sqlite = Backend::Sqlite { data_dir: dir.clone(), busy_timeout: StdDuration::from_secs(5) };
    let mut dbs = vec![tenant_db(sqlite, Some(dir)).await];
    if let Some(url) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        dbs.push(tenant_db(Backend::Postgres { url }, None).await);
    }
    dbs
}

async fn execute(db: &TenantDb, sql: &str) {
    db.conn().execute_unprepared(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn count(db: &TenantDb, sql: &str) -> i64 {
    let row = db.conn().query_one_raw(Statement::from_string(db.backend(), sql)).await.expect("query").expect("row");
    row.try_get_by_index::<i64>(0).expect("count")
}

/// Makes every `op` (`INSERT` or `UPDATE`) on the refresh tokens fail until [`repair`].
async fn break_refresh_tokens(db: &TenantDb, op: &str) {
    if db.backend() == DatabaseBackend::Postgres {
        execute(
            db,
            "CREATE FUNCTION simulated_crash() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$ LANGUAGE plpgsql",
        )
        .await;
        execute(db, &format!("CREATE TRIGGER simulated_crash BEFORE {op} ON identity_refresh_tokens FOR EACH ROW EXECUTE FUNCTION simulated_crash()")).await;
    } else {
        execute(
            db,
            &format!("CREATE TRIGGER simulated_crash BEFORE {op} ON identity_refresh_tokens BEGIN SELECT RAISE(ABORT, 'simulated crash'); END"),
        )
        .await;
    }
}

async fn repair(db: &TenantDb) {
    if db.backend() == DatabaseBackend::Postgres {
        execute(db, "DROP TRIGGER simulated_crash ON identity_refresh_tokens").await;
        execute(db, "DROP FUNCTION simulated_crash()").await;
    } else {
        execute(db, "DROP TRIGGER simulated_crash").await;
    }
}

fn keys() -> TokenKeys {
    TokenKeys::new(&[7u8; 32], "innexar-test", 900).expect("keys")
}

fn session_keys(tokens: &TokenKeys) -> SessionKeys<'_> {
    SessionKeys { tokens, refresh_ttl: Duration::days(30) }
}

async fn owner(t: &TestDb) -> User {
    commands::create_owner(t.db.conn(), "dono@loja.com.br", "Dono", "senha-forte-de-teste", t.now).await.expect("owner")
}

async fn sign_in(db: &TenantDb, keys: SessionKeys<'_>, user: &User) -> Session {
    let tx = db.begin().await.expect("begin");
    let session = sessions::sign_in(&tx, keys, user.clone()).await.expect("sign in");
    tx.commit().await.expect("commit");
    session
}

/// Runs a refresh the way the handler does: commit unless it failed.
async fn refresh(db: &TenantDb, keys: SessionKeys<'_>, token: &str) -> Result<Refreshed, AppError> {
    let tx = db.begin().await.expect("begin");
    match sessions::refresh(&tx, keys, token).await {
        Ok(r) => {
            tx.commit().await.expect("commit");
            Ok(r)
        }
        // Dropping the transaction rolls it back, as the handler's `?` does.
        Err(e) => Err(e),
    }
}

async fn refreshes(db: &TenantDb, keys: SessionKeys<'_>, token: &str) -> Session {
    match refresh(db, keys, token).await {
        Ok(Refreshed::Session(s)) => s,
        Ok(Refreshed::Refused(e)) => panic!("refused: {}", e.code),
        Err(e) => panic!("failed: {e:?}"),
    }
}

#[tokio::test]
async fn a_sign_in_that_fails_midway_records_nothing() {
    for t in databases().await {
        let db = &t.db;
        let tokens = keys();
        let user = owner(&t).await;
        break_refresh_tokens(db, "INSERT").await;
        let tx = db.begin().await.expect("begin");
        let failed = sessions::sign_in(&tx, session_keys(&tokens), user.clone()).await.err().expect("failed");
        assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
        drop(tx);
        repair(db).await;

        let stored = queries::find_user(db.conn(), user.id).await.expect("read").expect("user");
        assert_eq!(stored.last_login_at, None, "{:?}: the sign-in was rolled back whole", db.backend());
        assert_eq!(count(db, "SELECT COUNT(*) FROM identity_refresh_families").await, 0);

        let s = sign_in(db, session_keys(&tokens), &user).await;
        assert!(queries::find_user(db.conn(), user.id).await.expect("read").expect("user").last_login_at.is_some());
        refreshes(db, session_keys(&tokens), &s.refresh_token).await;
    }
}

#[tokio::test]
async fn a_refresh_that_fails_midway_leaves_the_family_unrotated_and_the_token_usable() {
    for t in databases().await {
        let db = &t.db;
        let tokens = keys();
        let user = owner(&t).await;
        let s = sign_in(db, session_keys(&tokens), &user).await;

        // The rotation claims the family and revokes the presented token, then fails to insert
        // its successor.
        break_refresh_tokens(db, "INSERT").await;
        let failed = refresh(db, session_keys(&tokens), &s.refresh_token).await.err().expect("failed");
        assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
        repair(db).await;

        let backend = db.backend();
        assert_eq!(
            count(db, "SELECT COUNT(*) FROM identity_refresh_families WHERE rotated_at IS NOT NULL").await,
            0,
            "{backend:?}: the family is not marked rotated"
        );
        assert_eq!(count(db, "SELECT COUNT(*) FROM identity_refresh_tokens WHERE revoked_at IS NOT NULL").await, 0);
        assert_eq!(count(db, "SELECT COUNT(*) FROM identity_refresh_tokens").await, 1);

        // Not taken for a reused token: it rotates, and the family stays alive.
        let next = refreshes(db, session_keys(&tokens), &s.refresh_token).await;
        assert_ne!(next.refresh_token, s.refresh_token);
        refreshes(db, session_keys(&tokens), &next.refresh_token).await;
    }
}

#[tokio::test]
async fn a_sign_out_that_fails_midway_leaves_the_session_open() {
    for t in databases().await {
        let db = &t.db;
        let tokens = keys();
        let user = owner(&t).await;
        let s = sign_in(db, session_keys(&tokens), &user).await;

        // Revoking marks the family first, then fails to revoke its tokens.
        break_refresh_tokens(db, "UPDATE").await;
        let tx = db.begin().await.expect("begin");
        let failed = sessions::logout(&tx, &s.refresh_token).await.expect_err("failed");
        assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
        drop(tx);
        repair(db).await;

        let backend = db.backend();
        assert_eq!(
            count(db, "SELECT COUNT(*) FROM identity_refresh_families WHERE revoked_at IS NOT NULL").await,
            0,
            "{backend:?}: the family is not marked revoked"
        );
        let next = refreshes(db, session_keys(&tokens), &s.refresh_token).await;

        let tx = db.begin().await.expect("begin");
        sessions::logout(&tx, &next.refresh_token).await.expect("logout");
        tx.commit().await.expect("commit");
        let ended = refresh(db, session_keys(&tokens), &next.refresh_token).await.err().expect("refused");
        assert_eq!(ended.code, "auth.invalid_refresh_token");
    }
}
