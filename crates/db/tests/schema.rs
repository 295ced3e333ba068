#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! Both backends end up with the same schema from the one migration history.

use std::collections::BTreeSet;
use std::time::Duration;

use innexar_db::Backend;
use innexar_db::provision::{migrate, open_single};
use rand::Rng;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

async fn columns(conn: &DatabaseConnection, sql: &str) -> BTreeSet<(String, String)> {
    let rows =
        conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql)).await.expect("schema query");
    rows.iter()
        .map(|r| (r.try_get::<String>("", "t").expect("table"), r.try_get::<String>("", "c").expect("column")))
        .collect()
}

#[tokio::test]
async fn sqlite_and_postgresql_have_the_same_tables_and_columns() {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = Backend::Sqlite { data_dir: dir.path().to_path_buf(), busy_timeout: Duration::from_secs(5) };
    sqlite.create_database("schema").await.expect("create sqlite");
    let lite = open_single(&sqlite, "schema").expect("open sqlite");
    migrate(&lite).await.expect("migrate sqlite");
    let lite_cols = columns(
        &lite,
        "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
         AND m.name NOT LIKE 'inventory_vehicles_search%' AND m.name NOT LIKE 'crm_customers_search%'",
    )
    .await;

    // PostgreSQL is part of the suite everywhere it runs (CI included): no server is a failure.
    let url =
        std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let pg = Backend::Postgres { url };
    let name = format!("itschema_{:08x}", rand::rng().random::<u32>());
    pg.create_database(&name).await.expect("PostgreSQL must be reachable (TEST_DATABASE_URL)");
    let conn = open_single(&pg, &name).expect("open pg");
    let result = async {
        migrate(&conn).await.expect("migrate pg");
        columns(&conn, "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns WHERE table_schema = 'public'").await
    }
    .await;
    let _ = conn.close().await;
    pg.drop_database(&name).await.expect("drop");

    assert!(lite_cols.len() > 40, "the schema has its tables: {lite_cols:?}");
    assert_eq!(lite_cols, result);
}

// The one place the schemas differ on purpose: text search (FTS5 on SQLite, pg_trgm on
// PostgreSQL). Both must exist, or search falls back to scanning every vehicle.
#[tokio::test]
async fn each_backend_has_its_text_search_index() {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = Backend::Sqlite { data_dir: dir.path().to_path_buf(), busy_timeout: Duration::from_secs(5) };
    sqlite.create_database("search").await.expect("create sqlite");
    let lite = open_single(&sqlite, "search").expect("open sqlite");
    migrate(&lite).await.expect("migrate sqlite");
    let found = columns(
        &lite,
        "SELECT name AS t, type AS c FROM sqlite_master \
         WHERE name IN ('inventory_vehicles_search', 'crm_customers_search')",
    )
    .await;
    assert_eq!(found.len(), 2, "FTS5 tables on SQLite: {found:?}");

    let url =
        std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let pg = Backend::Postgres { url };
    let name = format!("itsearch_{:08x}", rand::rng().random::<u32>());
    pg.create_database(&name).await.expect("PostgreSQL must be reachable (TEST_DATABASE_URL)");
    let conn = open_single(&pg, &name).expect("open pg");
    migrate(&conn).await.expect("migrate pg");
    let found = columns(
        &conn,
        "SELECT indexname::text AS t, indexdef::text AS c FROM pg_indexes \
        WHERE indexname IN ('inventory_vehicles_search_trgm', 'crm_customers_search_trgm')",
    )
    .await;
    let _ = conn.close().await;
    pg.drop_database(&name).await.expect("drop");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|(_, def)| def.contains("gin_trgm_ops")), "{found:?}");
}

/// The bundled SQLite keeps the plan it made when a statement was prepared, whatever values are
/// bound later (ADR 0023): built with QPSG and without STAT4 (`.cargo/config.toml`). Without
/// them every cached statement with a `LIMIT ?` was parsed and planned again on each execution.
#[tokio::test]
async fn the_bundled_sqlite_plans_a_cached_statement_once() {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = Backend::Sqlite { data_dir: dir.path().to_path_buf(), busy_timeout: Duration::from_secs(5) };
    sqlite.create_database("build").await.expect("create sqlite");
    let conn = open_single(&sqlite, "build").expect("open sqlite");
    let rows = conn
        .query_all_raw(Statement::from_string(conn.get_database_backend(), "PRAGMA compile_options"))
        .await
        .expect("compile options");
    let options: BTreeSet<String> = rows.iter().map(|r| r.try_get_by_index::<String>(0).expect("option")).collect();
    assert!(options.contains("ENABLE_QPSG"), "built without SQLITE_ENABLE_QPSG: {options:?}");
    assert!(!options.contains("ENABLE_STAT4"), "built with SQLITE_ENABLE_STAT4: {options:?}");
}
