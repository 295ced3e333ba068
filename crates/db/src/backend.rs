//! Opening connections on either backend, and creating or dropping a tenant's database.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use innexar_kernel::settings::Settings;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sea_orm::sqlx::{self, ConnectOptions as _};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, SqlxPostgresConnector, SqlxSqliteConnector};

/// Where databases live, from the settings.
#[derive(Debug, Clone)]
pub enum Backend {
    /// One file per database under `data_dir`.
    Sqlite { data_dir: PathBuf, busy_timeout: Duration },
    /// One database per tenant on the server of `url`; `url`'s own database is the control one.
    Postgres { url: String },
}

/// How a pool should be sized.
#[derive(Debug, Clone, Copy)]
pub struct PoolSize {
    pub max: u32,
    pub idle_timeout: Duration,
    pub acquire_timeout: Duration,
}

/// `localhost`, a loopback address, or a Unix socket's directory.
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.starts_with('/')
        || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl Backend {
    pub fn from_settings(s: &Settings) -> Self {
        if s.uses_postgres() {
            Backend::Postgres { url: s.database.url.expose().to_string() }
        } else {
            Backend::Sqlite {
                data_dir: s.data_dir.clone(),
                busy_timeout: Duration::from_millis(s.database.sqlite_busy_timeout_ms),
            }
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Backend::Sqlite { .. } => "sqlite",
            Backend::Postgres { .. } => "postgres",
        }
    }

    pub(crate) fn sqlite_path(data_dir: &std::path::Path, name: &str) -> PathBuf {
        if name == CONTROL_DB {
            data_dir.join("platform.db")
        } else {
            data_dir.join("tenants").join(format!("{name}.db"))
        }
    }

    fn pg_options(url: &str, database: Option<&str>) -> Result<PgConnectOptions, DbErr> {
        let mut opts =
            PgConnectOptions::from_str(url).map_err(|e| DbErr::Custom(format!("invalid database.url: {e}")))?;
        // libpq's default, `prefer`, wraps a server on this same machine in TLS too: every
        // statement encrypted and decrypted on both ends, for a connection that never leaves the
        // host (a third of an intake's CPU went to it). A remote server keeps `prefer`, and an
        // `sslmode` in the URL or PGSSLMODE decides whatever the host.
        let explicit = url.to_ascii_lowercase().contains("sslmode=") || std::env::var_os("PGSSLMODE").is_some();
        if !explicit && is_loopback(opts.get_host()) {
            opts = opts.ssl_mode(sqlx::postgres::PgSslMode::Disable);
        }
        let opts = match database {
            Some(db) => opts.database(db),
            None => opts,
        };
        Ok(opts.log_statements(tracing::log::LevelFilter::Trace))
    }

    /// Opens a lazily connecting pool on database `name` (a tenant's, or [`CONTROL_DB`]).
    pub fn open(&self, name: &str, size: PoolSize, create: bool) -> Result<DatabaseConnection, DbErr> {
        match self {
            Backend::Sqlite { data_dir, busy_timeout } => {
                let path = Self::sqlite_path(data_dir, name);
                if let Some(dir) = path.parent() {
                    private_dir(dir)?;
                }
                if create {
                    // SQLite gives its -wal and -shm files the database file's mode: creating the
                    // file 0600 first keeps password hashes and personal data from other users.
                    private_file(&path, false)?;
                }
                let opts = SqliteConnectOptions::new()
                    .filename(&path)
                    .create_if_missing(create)
                    .foreign_keys(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // Money and stock live here: a committed sale must survive a power cut.
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(*busy_timeout)
                    // Deleted and overwritten content is zeroed, not left in free pages: an
                    // erased person's data must not survive in a copy of the file (LGPD; the
                    // CRM's anonymisation relies on it, ADR 0022).
                    .pragma("secure_delete", "ON")
                    .log_statements(tracing::log::LevelFilter::Trace);
                // A file cannot hang up: sqlx's default ping before every acquire is one more
                // hop to the connection's thread per statement, for nothing.
                let pool = SqlitePoolOptions::new()
                    .test_before_acquire(false)
                    .max_connections(size.max)
                    .min_connections(0)
                    .idle_timeout(size.idle_timeout)
                    .acquire_timeout(size.acquire_timeout)
                    .connect_lazy_with(opts);
                Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
            }
            Backend::Postgres { url } => {
                let db = if name == CONTROL_DB { None } else { Some(name) };
                // sqlx pings every connection it hands out by default: a second round trip
                // for each read. Only a connection idle long enough to have been dropped by the
                // server or a proxy (a restart, a firewall) is pinged before use.
                let pool = PgPoolOptions::new()
                    .test_before_acquire(false)
                    .before_acquire(|conn, meta| {
                        Box::pin(async move {
                            if meta.idle_for >= PING_IDLE_AFTER {
                                sqlx::Connection::ping(conn).await?;
                            }
                            Ok(true)
                        })
                    })
                    .max_connections(size.max)
                    .min_connections(0)
                    .idle_timeout(size.idle_timeout)
                    .acquire_timeout(size.acquire_timeout)
                    .connect_lazy_with(Self::pg_options(url, db)?);
                Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
            }
        }
    }

    /// Whether database `name` exists.
    pub async fn database_exists(&self, name: &str) -> Result<bool, DbErr> {
        match self {
            Backend::Sqlite { data_dir, .. } => Ok(Self::sqlite_path(data_dir, name).exists()),
            Backend::Postgres { url } => {
                let mut conn = Self::pg_options(url, Some("postgres"))?.connect().await.map_err(conn_err)?;
                let found: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
                    .bind(name)
                    .fetch_optional(&mut conn)
                    .await
                    .map_err(conn_err)?;
                Ok(found.is_some())
            }
        }
    }

    /// Creates database `name`; fails if it exists already.
    pub async fn create_database(&self, name: &str) -> Result<(), DbErr> {
        if self.database_exists(name).await? {
            return Err(DbErr::Custom(format!("database {name} exists already")));
        }
        match self {
            Backend::Sqlite { data_dir, .. } => {
                // Claim the file atomically: of two provisionings racing for one slug, one fails here.
                let path = Self::sqlite_path(data_dir, name);
                if let Some(dir) = path.parent() {
                    private_dir(dir)?;
                }
                private_file(&path, true)
                    .map_err(|e| DbErr::Custom(format!("database {name} exists already or cannot be created: {e}")))?;
                let conn = self.open(name, PoolSize::single(), true)?;
                conn.execute_unprepared("SELECT 1").await?;
                conn.close().await
            }
            Backend::Postgres { url } => {
                let mut conn = Self::pg_options(url, Some("postgres"))?.connect().await.map_err(conn_err)?;
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {}", quote_ident(name))))
                    .execute(&mut conn)
                    .await
                    .map_err(conn_err)?;
                Ok(())
            }
        }
    }

    /// Drops database `name` if it exists, disconnecting anyone still on it.
    pub async fn drop_database(&self, name: &str) -> Result<(), DbErr> {
        match self {
            Backend::Sqlite { data_dir, .. } => {
                let path = Self::sqlite_path(data_dir, name);
                for suffix in ["", "-wal", "-shm"] {
                    let p = PathBuf::from(format!("{}{suffix}", path.display()));
                    if p.exists() {
                        std::fs::remove_file(&p)
                            .map_err(|e| DbErr::Custom(format!("cannot remove {}: {e}", p.display())))?;
                    }
                }
                Ok(())
            }
            Backend::Postgres { url } => {
                let mut conn = Self::pg_options(url, Some("postgres"))?.connect().await.map_err(conn_err)?;
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    quote_ident(name)
                )))
                .execute(&mut conn)
                .await
                .map_err(conn_err)?;
                Ok(())
            }
        }
    }

    /// Makes sure the control database exists (PostgreSQL: the database named in the URL).
    pub async fn ensure_control_database(&self) -> Result<(), DbErr> {
        match self {
            Backend::Sqlite { data_dir, .. } => private_dir(data_dir),
            Backend::Postgres { url } => {
                let opts = Self::pg_options(url, None)?;
                let name = opts.get_database().unwrap_or("postgres").to_string();
                if !self.database_exists(&name).await? {
                    // Two processes starting together may both try; the loser sees "exists".
                    if let Err(e) = self.create_database(&name).await
                        && !self.database_exists(&name).await?
                    {
                        return Err(e);
                    }
                }
                Ok(())
            }
        }
    }
}

impl PoolSize {
    pub fn single() -> Self {
        PoolSize { max: 1, idle_timeout: Duration::from_secs(60), acquire_timeout: Duration::from_secs(10) }
    }
}

/// Creates `dir` (and its parents) and makes it reachable by this user only: it holds the
/// databases (password hashes, customers' data), the signing key and uploaded files.
pub fn private_dir(dir: &std::path::Path) -> Result<(), DbErr> {
    std::fs::create_dir_all(dir).map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| DbErr::Custom(format!("cannot restrict {}: {e}", dir.display())))?;
    }
    Ok(())
}

/// Creates `path` readable and writable by this user only (unless it exists and `new` is false,
/// when it is left as it is).
pub(crate) fn private_file(path: &std::path::Path, new: bool) -> Result<(), DbErr> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true);
    if new {
        opts.create_new(true);
    } else {
        opts.create(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(drop).map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", path.display())))
}

/// The name the control database is opened by.
pub const CONTROL_DB: &str = "__control__";

/// A PostgreSQL connection idle this long is pinged before it is handed out again.
const PING_IDLE_AFTER: Duration = Duration::from_secs(10);

fn conn_err(e: sqlx::Error) -> DbErr {
    DbErr::Custom(format!("database server: {e}"))
}

pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_server_on_this_machine_goes_without_tls_by_default() {
        for host in ["localhost", "127.0.0.1", "::1", "[::1]", "/var/run/postgresql"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["db.example.com", "10.0.0.5", "192.168.1.10"] {
            assert!(!is_loopback(host), "{host}");
        }
        let mode = |url: &str| format!("{:?}", Backend::pg_options(url, None).expect("url").get_ssl_mode());
        assert_eq!(mode("postgres://u@127.0.0.1:5432/x"), "Disable");
        assert_eq!(mode("postgres://u@127.0.0.1:5432/x?sslmode=require"), "Require");
        assert_eq!(mode("postgres://u@db.example.com/x"), "Prefer");
    }
}
