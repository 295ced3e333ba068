//! Migrated templates, one per migration set: built once, by whichever test binary or thread
//! comes first, and copied for every test database after that.

use std::path::{Path, PathBuf};
use std::time::Duration;

use innexar_db::Backend;
use innexar_db::backend::PoolSize;
use innexar_db::migrations::{ControlMigrator, TenantMigrator};
use innexar_db::provision::{Template, migrate, open_single};
use sea_orm::DbErr;
use sea_orm::sqlx;
use sea_orm_migration::MigratorTrait;
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use crate::server;

/// Bump when what a template holds changes although no migration was added or renamed (a
/// migration edited in place before it was released, a template built another way): the
/// migrator tracks migrations by name, and so does [`migration_hash`].
pub const TEMPLATE_VERSION: u32 = 2;

/// The two templates a test needs: a migrated tenant database and a migrated control one.
#[derive(Debug, Clone)]
pub struct Templates {
    pub tenant: Template,
    pub control: Template,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Tenant,
    Control,
}

/// Names the migration set: [`TEMPLATE_VERSION`] and both migration histories, in order.
pub fn migration_hash() -> String {
    hash_of(TEMPLATE_VERSION, &names::<TenantMigrator>(), &names::<ControlMigrator>())
}

fn hash_of(version: u32, tenant: &[String], control: &[String]) -> String {
    let mut hash = Sha256::new();
    hash.update(format!("innexar-testdb templates v{version}\n"));
    for (kind, names) in [("tenant", tenant), ("control", control)] {
        hash.update(format!("{kind}:\n"));
        for name in names {
            hash.update(format!("{name}\n"));
        }
    }
    hex::encode(&hash.finalize()[..8])
}

fn names<M: MigratorTrait>() -> Vec<String> {
    M::migrations().iter().map(|m| m.name().to_string()).collect()
}

/// The SQLite templates of this migration set, built if missing.
pub async fn sqlite() -> Result<&'static Templates, DbErr> {
    static TEMPLATES: OnceCell<Templates> = OnceCell::const_new();
    TEMPLATES
        .get_or_try_init(|| async {
            let (dir, hash) = (sqlite_dir(), migration_hash());
            let tenant = dir.join(format!("tenant-{hash}.db"));
            let control = dir.join(format!("control-{hash}.db"));
            build_sqlite(&tenant, Kind::Tenant).await?;
            build_sqlite(&control, Kind::Control).await?;
            Ok(Templates { tenant: Template::SqliteFile(tenant), control: Template::SqliteFile(control) })
        })
        .await
}

/// The PostgreSQL templates of this migration set on the server of `server_url`, built if
/// missing.
pub async fn postgres(server_url: &str) -> Result<&'static Templates, DbErr> {
    static TEMPLATES: OnceCell<Templates> = OnceCell::const_new();
    TEMPLATES
        .get_or_try_init(|| async {
            let (tenant, control) = postgres_names(&migration_hash());
            build_postgres(server_url, &tenant, Kind::Tenant).await?;
            build_postgres(server_url, &control, Kind::Control).await?;
            Ok(Templates { tenant: Template::Postgres(tenant), control: Template::Postgres(control) })
        })
        .await
}

pub(crate) fn postgres_names(hash: &str) -> (String, String) {
    (format!("innexar_tpl_{hash}"), format!("innexar_tpl_{hash}_control"))
}

/// Beside the test binaries (`target/debug/`): each checkout has its own, `cargo clean` removes
/// them, and no other user's files are in the way as they could be in a shared temp folder.
fn sqlite_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("innexar-test-templates")))
        .unwrap_or_else(|| std::env::temp_dir().join("innexar-test-templates"))
}

/// Builds the template file `target` unless it exists. It is migrated in a scratch folder
/// beside `target`, written out whole by `VACUUM INTO` (one file, no `-wal`), and renamed into
/// place: nobody ever copies half a template, and builders that race only replace one
/// finished template by an equal one.
pub(crate) async fn build_sqlite(target: &Path, kind: Kind) -> Result<(), DbErr> {
    if target.exists() {
        return Ok(());
    }
    let dir = target.parent().ok_or_else(|| DbErr::Custom(format!("{} has no folder", target.display())))?;
    std::fs::create_dir_all(dir).map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
    let scratch = tempfile::tempdir_in(dir).map_err(|e| DbErr::Custom(format!("scratch folder: {e}")))?;
    let backend = Backend::Sqlite { data_dir: scratch.path().to_path_buf(), busy_timeout: Duration::from_secs(5) };
    let name = match kind {
        Kind::Tenant => "template",
        Kind::Control => innexar_db::backend::CONTROL_DB,
    };
    let conn = backend.open(name, PoolSize::single(), true)?;
    let out = scratch.path().join("template.db");
    let written = async {
        run_migrations(&conn, kind).await?;
        let out_sql = out.to_str().ok_or_else(|| DbErr::Custom("the template path is not UTF-8".into()))?;
        sea_orm::ConnectionTrait::execute_unprepared(&conn, &format!("VACUUM INTO '{}'", out_sql.replace('\'', "''")))
            .await
            .map(drop)
    }
    .await;
    let _ = conn.close().await;
    written?;
    std::fs::rename(&out, target).map_err(|e| DbErr::Custom(format!("cannot place {}: {e}", target.display())))
}

async fn run_migrations(conn: &sea_orm::DatabaseConnection, kind: Kind) -> Result<(), DbErr> {
    match kind {
        Kind::Tenant => migrate(conn).await,
        Kind::Control => ControlMigrator::up(conn, None).await,
    }
}

/// Builds the template database `name` unless it exists. Builders hold an advisory lock, so
/// the first builds while the others wait and then find it built; it is migrated as
/// `<name>_building` and renamed only when complete, so a builder killed halfway leaves no half
/// template to copy, only a `_building` database that the next builder drops.
pub(crate) async fn build_postgres(server_url: &str, name: &str, kind: Kind) -> Result<(), DbErr> {
    let server = Backend::Postgres { url: server_url.to_string() };
    if server.database_exists(name).await? {
        return Ok(());
    }
    let mut admin = server::admin_connection(server_url).await?;
    let key = server::lock_key(name);
    sqlx::query("SELECT pg_advisory_lock($1, $2)")
        .bind(server::TEMPLATE_LOCK)
        .bind(key)
        .execute(&mut admin)
        .await
        .map_err(server::err)?;
    let built = async {
        if server.database_exists(name).await? {
            return Ok(());
        }
        let building = format!("{name}_building");
        server.drop_database(&building).await?;
        server.create_database(&building).await?;
        let conn = open_single(&server, &building)?;
        let migrated = run_migrations(&conn, kind).await;
        let _ = conn.close().await;
        migrated?;
        // `CREATE DATABASE ... TEMPLATE` fails while anyone is connected to the source.
        server::execute(&mut admin, &format!("ALTER DATABASE \"{building}\" WITH ALLOW_CONNECTIONS false")).await?;
        server::execute(&mut admin, &format!("ALTER DATABASE \"{building}\" RENAME TO \"{name}\"")).await
    }
    .await;
    let _ = sqlx::query("SELECT pg_advisory_unlock($1, $2)")
        .bind(server::TEMPLATE_LOCK)
        .bind(key)
        .execute(&mut admin)
        .await;
    built
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};

    use innexar_db::provision::create_from_template;
    use sea_orm::{ConnectionTrait, Statement};

    use super::*;

    /// Runs `work` on `n` threads at once, each with a runtime of its own, as separate test
    /// binaries would.
    fn race<T: Send + 'static>(n: usize, work: impl Fn() -> T + Send + Sync + 'static) -> Vec<T> {
        let (barrier, work) = (Arc::new(Barrier::new(n)), Arc::new(work));
        let threads: Vec<_> = (0..n)
            .map(|_| {
                let (barrier, work) = (barrier.clone(), work.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    work()
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().expect("builder thread")).collect()
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
    }

    async fn applied(conn: &sea_orm::DatabaseConnection) -> Vec<String> {
        let rows = conn
            .query_all_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT version FROM seaql_migrations ORDER BY version",
            ))
            .await
            .expect("read the applied migrations");
        rows.iter().map(|r| r.try_get::<String>("", "version").expect("version")).collect()
    }

    #[test]
    fn the_hash_changes_with_the_migration_set_and_only_with_it() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (tenant, control) = (names(&["m0001_a", "m0002_b"]), names(&["control_m0001_c"]));
        let hash = hash_of(1, &tenant, &control);
        assert_eq!(hash.len(), 16);
        assert_eq!(hash, hash_of(1, &tenant, &control));
        assert_ne!(hash, hash_of(2, &tenant, &control), "a new version");
        assert_ne!(hash, hash_of(1, &names(&["m0001_a", "m0002_b", "m0003_c"]), &control), "a new migration");
        assert_ne!(hash, hash_of(1, &names(&["m0002_b", "m0001_a"]), &control), "another order");
        assert_ne!(hash, hash_of(1, &control, &tenant), "the same names in the other history");
    }

    #[test]
    fn racing_builders_of_a_sqlite_template_all_get_one_whole_template() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("templates").join("tenant-race.db");
        let t = target.clone();
        let results = race(8, move || block_on(build_sqlite(&t, Kind::Tenant)));
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let left: Vec<_> = std::fs::read_dir(dir.path().join("templates"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, [std::ffi::OsString::from("tenant-race.db")], "no scratch folder or half file is left");

        block_on(async {
            let tenants = tempfile::tempdir().expect("dir");
            let backend =
                Backend::Sqlite { data_dir: tenants.path().to_path_buf(), busy_timeout: Duration::from_secs(5) };
            create_from_template(&backend, &Template::SqliteFile(target), "copy").await.expect("copy");
            let conn = open_single(&backend, "copy").expect("open");
            assert_eq!(applied(&conn).await, names::<TenantMigrator>(), "the copy has every migration");
            conn.close().await.expect("close");
        });
    }

    #[test]
    fn racing_builders_of_a_postgres_template_make_one_and_leave_no_half_one() {
        // PostgreSQL is part of the suite everywhere it runs, as in crates/db/tests/schema.rs.
        let url = crate::postgres_url_or_local();
        let name = format!("innexar_tpl_race{:08x}", rand::random::<u32>());
        let (u, n) = (url.clone(), name.clone());
        let results = race(6, move || block_on(build_postgres(&u, &n, Kind::Tenant)));

        let server = Backend::Postgres { url: url.clone() };
        let copy = format!("{name}_copy");
        let checked = block_on(async {
            let mut admin =
                server::admin_connection(&url).await.expect("PostgreSQL must be reachable (TEST_DATABASE_URL)");
            let found: Vec<(String, bool)> =
                sqlx::query_as("SELECT datname::text, datallowconn FROM pg_database WHERE starts_with(datname, $1)")
                    .bind(&name)
                    .fetch_all(&mut admin)
                    .await
                    .expect("list");
            let copied = async {
                create_from_template(&server, &Template::Postgres(name.clone()), &copy).await?;
                let conn = open_single(&server, &copy)?;
                let versions = applied(&conn).await;
                conn.close().await?;
                Ok::<_, DbErr>(versions)
            }
            .await;
            for db in [&copy, &name] {
                server.drop_database(db).await.expect("drop");
            }
            (found, copied)
        });
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let (found, copied) = checked;
        assert_eq!(found, [(name.clone(), false)], "one template, closed to connections, and no `_building` one");
        assert_eq!(copied.expect("copy the template"), names::<TenantMigrator>());
    }
}
