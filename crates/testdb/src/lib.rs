#![allow(clippy::disallowed_methods, reason = "test support makes its own ids, names and times")]
//! Test databases for command and query tests beside an area's code, and for the app-level
//! `innexar-testkit`: fresh, migrated databases on SQLite (default) or PostgreSQL
//! (`TEST_DATABASE_URL=postgres://...`), a fixed clock, and actors for roles.
//!
//! It depends on the kernel and the db crate only, so any area can take it as a dev-dependency.
//! Every database starts as a copy of a template migrated once per migration set (see
//! [`templates`] and docs/adr/0017-test-databases.md); provisioning then runs as it does for a
//! real tenant, the migration history included, which finds nothing left to do.
//!
//! Entry points: [`TestDb::new`] (one provisioned tenant, on its own control database) and
//! [`TestDatabases`] (the place where one test's databases live, for `innexar-testkit`). A
//! PostgreSQL database made by a test is dropped when the value that made it is dropped, even
//! when the test panics.

pub mod server;
pub mod templates;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use innexar_db::backend::CONTROL_DB;
use innexar_db::provision::{self, NewTenant, TemplateGuard};
use innexar_db::{Backend, ControlDb, TenantDb, TenantPools, TenantRecord, Tx};
use innexar_kernel::settings::{DatabaseSettings, Secret, Settings};
use innexar_kernel::{Actor, Clock, FixedClock, Role, new_id};
use rand::Rng;
use sea_orm::DbErr;

pub use server::drop_databases;

/// The PostgreSQL server tests use when `TEST_DATABASE_URL` is set.
pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()).map(without_local_tls)
}

/// `TEST_DATABASE_URL`, or the local server, for tests that need PostgreSQL on every run (as
/// crates/db/tests/schema.rs does).
pub fn postgres_url_or_local() -> String {
    postgres_url().unwrap_or_else(|| without_local_tls("postgres://postgres@127.0.0.1:5432/postgres".into()))
}

/// A server on this machine is reached without TLS unless the URL names an `sslmode`: in debug
/// builds the handshake costs about 90 ms per connection, which every test and pool paid.
fn without_local_tls(url: String) -> String {
    let Ok(mut parsed) = url::Url::parse(&url) else { return url };
    // `postgres:` is not a special scheme: its host is text, IP addresses included.
    let host = parsed.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    let is_local = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if is_local && !parsed.query_pairs().any(|(k, _)| k == "sslmode") {
        parsed.query_pairs_mut().append_pair("sslmode", "disable");
    }
    parsed.to_string()
}

/// `server_url` with its database replaced by `database`, its parameters kept.
fn database_url(server_url: &str, database: &str) -> Result<String, DbErr> {
    let mut url = url::Url::parse(server_url).map_err(|e| DbErr::Custom(format!("invalid TEST_DATABASE_URL: {e}")))?;
    url.set_path(&format!("/{database}"));
    Ok(url.to_string())
}

/// The instant every test starts at.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).single().unwrap_or_else(Utc::now)
}

/// Where the databases of one test live: a temporary folder and, on PostgreSQL, a name prefix
/// of their own on the server. The control database is there already (a copy of its
/// template), and tenants provisioned on [`TestDatabases::backend`] start as copies of the
/// tenant template. Dropping this removes them all.
pub struct TestDatabases {
    backend: Backend,
    postgres: Option<Postgres>,
    _template: TemplateGuard,
    dir: tempfile::TempDir,
}

struct Postgres {
    server_url: String,
    /// Every database of this test starts with it: `<run>_<n>_`.
    prefix: String,
}

impl TestDatabases {
    /// Panics when the backend cannot be prepared (PostgreSQL at `TEST_DATABASE_URL` unreachable).
    pub async fn new() -> TestDatabases {
        Self::prepare().await.unwrap_or_else(|e| {
            panic!("cannot prepare the test databases (is PostgreSQL at TEST_DATABASE_URL reachable?): {e}")
        })
    }

    async fn prepare() -> Result<TestDatabases, DbErr> {
        let dir = tempfile::tempdir().map_err(|e| DbErr::Custom(format!("temp dir: {e}")))?;
        let Some(server_url) = postgres_url() else {
            let templates = templates::sqlite().await?;
            let busy_timeout = Duration::from_millis(DatabaseSettings::default().sqlite_busy_timeout_ms);
            let backend = Backend::Sqlite { data_dir: dir.path().to_path_buf(), busy_timeout };
            provision::create_from_template(&backend, &templates.control, CONTROL_DB).await?;
            let template = provision::use_template(&backend, templates.tenant.clone());
            return Ok(TestDatabases { backend, postgres: None, _template: template, dir });
        };
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let run = server::run_prefix(&server_url).await?;
        let prefix = format!("{run}_{:x}_", NEXT.fetch_add(1, Ordering::Relaxed));
        let templates = templates::postgres(&server_url).await?;
        let control_db = format!("{prefix}ctl");
        let backend = Backend::Postgres { url: database_url(&server_url, &control_db)? };
        let template = provision::use_template(&backend, templates.tenant.clone());
        let databases =
            TestDatabases { backend, postgres: Some(Postgres { server_url, prefix }), _template: template, dir };
        provision::create_from_template(&databases.backend, &templates.control, &control_db).await?;
        Ok(databases)
    }

    /// Points `settings` here: the data folder, and on PostgreSQL the control database and
    /// the tenant databases' prefix.
    pub fn apply(&self, settings: &mut Settings) {
        settings.data_dir = self.dir.path().to_path_buf();
        if let (Some(pg), Backend::Postgres { url }) = (&self.postgres, &self.backend) {
            settings.database.url = Secret::new(url.clone());
            settings.database.tenant_db_prefix = pg.prefix.clone();
        }
    }

    /// The backend of this test's databases (`Backend::from_settings` of applied settings).
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The prefix of tenant database names on PostgreSQL (ignored on SQLite).
    pub fn tenant_db_prefix(&self) -> String {
        self.postgres.as_ref().map_or_else(|| DatabaseSettings::default().tenant_db_prefix, |pg| pg.prefix.clone())
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }
}

impl Drop for TestDatabases {
    fn drop(&mut self) {
        let Some(pg) = self.postgres.take() else { return };
        // Drop may run inside the test's runtime, which cannot be blocked on; do the async
        // cleanup on a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(drop_databases(&pg.server_url, &pg.prefix));
        })
        .join();
    }
}

/// A provisioned tenant's database, reached through the pools as requests reach it, with the
/// registry it is in and a fixed clock.
pub struct TestDb {
    pub db: TenantDb,
    pub tenant: TenantRecord,
    pub clock: Arc<FixedClock>,
    pub control: Arc<ControlDb>,
    pub pools: Arc<TenantPools>,
    /// Last, so that the pools are closed before their databases are removed.
    databases: TestDatabases,
}

impl TestDb {
    /// A new tenant on a new control database, on the backend `TEST_DATABASE_URL` selects.
    pub async fn new() -> TestDb {
        let databases = TestDatabases::new().await;
        let control = ControlDb::open(databases.backend().clone()).await.expect("open the control database");
        let clock = Arc::new(FixedClock::new(start_time()));
        let signals = Arc::new(innexar_db::Signals::default());
        let pools = TenantPools::new(databases.backend().clone(), &DatabaseSettings::default(), clock.clone(), signals);
        let (control, pools) = (Arc::new(control), Arc::new(pools));
        let (tenant, db) = provision_tenant(&control, &pools, &databases, clock.now(), &slug("loja")).await;
        TestDb { db, tenant, clock, control, pools, databases }
    }

    /// Provisions another tenant beside the first (isolation between tenants).
    pub async fn another_tenant(&self, slug: &str) -> (TenantRecord, TenantDb) {
        provision_tenant(&self.control, &self.pools, &self.databases, self.now(), slug).await
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A user of this tenant holding `role`, reaching every store. No user row is written: the
    /// users table is identity's, and nothing else refers to it.
    pub fn actor(&self, role: Role) -> Actor {
        Actor::user(new_id(), format!("{}@teste.com.br", role.as_str()), vec![role], None)
    }

    /// Starts a transaction on the tenant's database, by the system at the test clock's time.
    pub async fn begin(&self) -> Tx {
        self.db.begin().await.expect("begin a transaction")
    }

    /// Starts a transaction by `actor` (see [`TestDb::actor`]) at the test clock's time.
    pub async fn begin_as(&self, actor: Actor) -> Tx {
        self.db.begin_as(actor, self.now()).await.expect("begin a transaction")
    }

    pub fn is_postgres(&self) -> bool {
        self.databases.is_postgres()
    }
}

async fn provision_tenant(
    control: &ControlDb,
    pools: &TenantPools,
    databases: &TestDatabases,
    now: DateTime<Utc>,
    slug: &str,
) -> (TenantRecord, TenantDb) {
    let input = NewTenant {
        slug: slug.to_string(),
        name: format!("Revenda {slug}"),
        cnpj: random_cnpj(),
        plan: "standard".into(),
    };
    let record = provision::provision(control, &databases.tenant_db_prefix(), &input, now, |_, _| async { Ok(()) })
        .await
        .unwrap_or_else(|e| panic!("provisioning {slug}: {e}"));
    let db = pools.get(&record).await.unwrap_or_else(|e| panic!("opening {slug}: {e}"));
    (record, db)
}

/// A random valid numeric CNPJ.
pub fn random_cnpj() -> String {
    let mut rng = rand::rng();
    loop {
        let base: String = (0..12).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect();
        if let Some(c) = (0..100).map(|dv| format!("{base}{dv:02}")).find(|c| innexar_kernel::validate::cnpj(c).is_ok())
        {
            return c;
        }
    }
}

/// A unique slug for a test tenant.
pub fn slug(prefix: &str) -> String {
    format!("{prefix}-{:06x}", rand::rng().random::<u32>() & 0xff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_test_server_is_reached_without_tls_unless_the_url_says_otherwise() {
        let local = without_local_tls("postgres://postgres@127.0.0.1:5432/postgres".into());
        assert_eq!(local, "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable");
        assert_eq!(without_local_tls("postgres://u@localhost/db".into()), "postgres://u@localhost/db?sslmode=disable");
        let chosen = "postgres://u@127.0.0.1/db?sslmode=require";
        assert_eq!(without_local_tls(chosen.into()), chosen);
        assert_eq!(without_local_tls("postgres://u@[::1]/db".into()), "postgres://u@[::1]/db?sslmode=disable");
        for remote in ["postgres://u:p@db.internal:5432/innexar", "postgres://u@10.0.0.7/innexar"] {
            assert_eq!(without_local_tls(remote.into()), remote);
        }
        assert_eq!(
            database_url(&local, "it0_ctl").expect("url"),
            "postgres://postgres@127.0.0.1:5432/it0_ctl?sslmode=disable",
            "the parameters stay"
        );
    }
}
