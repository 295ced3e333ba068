#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! Test databases start as copies of migrated templates, and go away with the test. On SQLite,
//! or PostgreSQL when `TEST_DATABASE_URL` is set.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::Utc;
use innexar_db::migrations::TenantMigrator;
use innexar_db::provision::{self, NewTenant, Template, migrate, open_single};
use innexar_db::{Backend, ControlDb};
use innexar_testdb::{TestDb, random_cnpj, slug};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use sea_orm_migration::MigratorTrait;

async fn rows(conn: &DatabaseConnection, sql: &str) -> BTreeSet<Vec<String>> {
    let found = conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql)).await.expect(sql);
    found
        .iter()
        .map(|r| (0..3).map(|i| r.try_get_by_index::<Option<String>>(i).expect("text").unwrap_or_default()).collect())
        .collect()
}

/// Every table, column, index and trigger, in a form both databases of one backend can compare.
async fn schema(conn: &DatabaseConnection) -> BTreeSet<Vec<String>> {
    match conn.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            let mut all = rows(
                conn,
                "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns \
                 WHERE table_schema = 'public'",
            )
            .await;
            all.extend(rows(conn, "SELECT tablename::text, indexname::text, indexdef::text FROM pg_indexes WHERE schemaname = 'public'").await);
            all.extend(rows(conn, "SELECT 'extension', extname::text, extversion::text FROM pg_extension").await);
            all
        }
        _ => rows(conn, "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").await,
    }
}

#[tokio::test]
async fn a_tenant_copied_from_the_template_is_what_the_migrations_make_of_an_empty_database() {
    let t = TestDb::new().await;
    let backend = t.control.backend();
    // Named after the tenant's, so that the test's cleanup removes it too.
    let fresh = format!("{}_fresh", t.tenant.db_name);
    backend.create_database(&fresh).await.expect("create");
    let conn = open_single(backend, &fresh).expect("open");
    migrate(&conn).await.expect("migrate");

    let (copied, migrated) = (schema(t.db.conn()).await, schema(&conn).await);
    let versions = "SELECT version, version, version FROM seaql_migrations";
    let (copied_versions, migrated_versions) = (rows(t.db.conn(), versions).await, rows(&conn, versions).await);
    conn.close().await.expect("close");
    assert!(copied.len() > 40, "the schema has its tables: {copied:?}");
    assert_eq!(
        copied, migrated,
        "the template is older than the migrations: was one changed in place? bump innexar_testdb::templates::TEMPLATE_VERSION"
    );
    assert_eq!(copied_versions.len(), TenantMigrator::migrations().len());
    assert_eq!(copied_versions, migrated_versions);
}

async fn has_marker(backend: &Backend, db_name: &str) -> bool {
    let conn = open_single(backend, db_name).expect("open");
    let found = rows(&conn, "SELECT name, type, sql FROM sqlite_master WHERE name = 'testdb_marker'").await;
    let versions = rows(&conn, "SELECT version, version, version FROM seaql_migrations").await;
    conn.close().await.expect("close");
    assert_eq!(versions.len(), TenantMigrator::migrations().len(), "every tenant is migrated, copied or not");
    !found.is_empty()
}

async fn provision_on(control: &ControlDb) -> String {
    let input = NewTenant { slug: slug("loja"), name: "Loja".into(), cnpj: random_cnpj(), plan: "standard".into() };
    let record =
        provision::provision(control, "", &input, Utc::now(), |_, _| async { Ok(()) }).await.expect("provision");
    record.db_name
}

// The registry is the same on both backends; SQLite files make the copy easy to tell apart.
#[tokio::test]
async fn only_the_backend_a_template_is_registered_for_copies_it_and_only_while_registered() {
    let dirs = [(); 3].map(|_| tempfile::tempdir().expect("dir"));
    let backend =
        |i: usize| Backend::Sqlite { data_dir: dirs[i].path().to_path_buf(), busy_timeout: Duration::from_secs(5) };
    // A template a tenant is easy to recognise by: one table more than the migrations make.
    let (maker, marker) = (backend(2), dirs[2].path().join("marker.db"));
    maker.create_database("marker").await.expect("create");
    let conn = open_single(&maker, "marker").expect("open");
    conn.execute_unprepared("CREATE TABLE testdb_marker (id INTEGER PRIMARY KEY)").await.expect("marker table");
    conn.execute_unprepared(&format!("VACUUM INTO '{}'", marker.display())).await.expect("write the template");
    conn.close().await.expect("close");

    let (a, b) =
        (ControlDb::open(backend(0)).await.expect("control a"), ControlDb::open(backend(1)).await.expect("control b"));
    let registered = provision::use_template(a.backend(), Template::SqliteFile(marker));
    let copied = provision_on(&a).await;
    let elsewhere = provision_on(&b).await;
    drop(registered);
    let after = provision_on(&a).await;

    assert!(has_marker(a.backend(), &copied).await, "a tenant of the registered backend is a copy of the template");
    assert!(!has_marker(b.backend(), &elsewhere).await, "another backend migrates an empty database");
    assert!(!has_marker(a.backend(), &after).await, "without the guard, provisioning migrates an empty database");
}

#[tokio::test]
async fn a_test_database_set_is_removed_when_the_test_ends() {
    let t = TestDb::new().await;
    let (other, _) = t.another_tenant(&slug("outra")).await;
    let (backend, names) = (t.control.backend().clone(), [t.tenant.db_name.clone(), other.db_name.clone()]);
    for name in &names {
        assert!(backend.database_exists(name).await.expect("exists"), "{name}");
    }
    let (server, control) = match &backend {
        Backend::Postgres { url } => {
            let control = url::Url::parse(url).expect("url").path().trim_start_matches('/').to_string();
            assert!(backend.database_exists(&control).await.expect("exists"), "{control}");
            (innexar_testdb::postgres_url().map(|url| Backend::Postgres { url }), control)
        }
        Backend::Sqlite { data_dir, .. } => (None, data_dir.display().to_string()),
    };
    let is_postgres = t.is_postgres();
    drop(t);

    match server {
        Some(server) => {
            for name in names.iter().chain([&control]) {
                assert!(!server.database_exists(name).await.expect("exists"), "{name} is left on the server");
            }
        }
        None => assert!(!std::path::Path::new(&control).exists(), "{control} is left behind"),
    }
    assert_eq!(is_postgres, innexar_testdb::postgres_url().is_some());
}
