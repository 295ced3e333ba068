#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! Counters and the rows a transaction queues for its commit, on both backends (ADR 0021).

use std::time::Duration;

use chrono::Utc;
use innexar_db::migrations::TenantMigrator;
use innexar_db::provision::open_single;
use innexar_db::{Backend, Tx, audit, counters};
use innexar_kernel::Actor;
use rand::Rng;
use sea_orm::sea_query::Query;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection};
use sea_orm_migration::MigratorTrait;
use uuid::Uuid;

/// Runs `test` on a fresh SQLite file and a fresh PostgreSQL database (no server is a failure).
async fn on_both<F, Fut>(name: &str, test: F)
where
    F: Fn(DatabaseConnection) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = Backend::Sqlite { data_dir: dir.path().to_path_buf(), busy_timeout: Duration::from_secs(5) };
    sqlite.create_database(name).await.expect("create sqlite");
    test(open_single(&sqlite, name).expect("open sqlite")).await;

    let url =
        std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let pg = Backend::Postgres { url };
    let db = format!("it{name}_{:08x}", rand::rng().random::<u32>());
    pg.create_database(&db).await.expect("PostgreSQL must be reachable (TEST_DATABASE_URL)");
    let conn = open_single(&pg, &db).expect("open pg");
    let outcome = tokio::spawn(test(conn.clone())).await;
    let _ = conn.close().await;
    pg.drop_database(&db).await.expect("drop");
    outcome.expect("the test on PostgreSQL");
}

async fn tx(conn: &DatabaseConnection) -> Tx {
    Tx::on_connection(conn, Uuid::now_v7(), Actor::system(), Utc::now()).await.expect("begin")
}

async fn audit_entries(conn: &impl ConnectionTrait) -> i64 {
    let q = Query::select().expr(sea_orm::sea_query::Expr::cust("COUNT(*)")).from("core_audit_log").to_owned();
    let row = conn.query_one(&q).await.expect("count").expect("a row");
    row.try_get_by_index::<i64>(0).expect("count")
}

fn change(action: &str) -> audit::Change<'_> {
    audit::Change { action, entity_type: "test", entity_id: Some(Uuid::now_v7()), before: None, after: None }
}

/// A stock counter kept in its row before the upgrade goes on from there: after `E-00041`
/// comes `E-00042`, on either backend.
#[tokio::test]
async fn a_counter_goes_on_from_its_row_after_the_upgrade() {
    on_both("counterup", |conn| async move {
        TenantMigrator::up(&conn, Some(15)).await.expect("migrate to m0015");
        let row = Query::insert()
            .into_table("core_counters")
            .columns(["name", "value"])
            .values_panic([counters::STOCK_NUMBER.into(), 41_i64.into()])
            .to_owned();
        conn.execute(&row).await.expect("the old counter row");
        TenantMigrator::up(&conn, None).await.expect("migrate the rest");

        let t = tx(&conn).await;
        assert_eq!(counters::next(&t, counters::STOCK_NUMBER).await.expect("next"), 42);
        assert_eq!(counters::take(&t, counters::STOCK_NUMBER, 3).await.expect("take"), vec![43, 44, 45]);
        t.commit().await.expect("commit");

        // A rolled-back write: PostgreSQL's sequence does not give the number back (a gap, which
        // stock numbers may have); SQLite's row does.
        let t = tx(&conn).await;
        assert_eq!(counters::next(&t, counters::STOCK_NUMBER).await.expect("next"), 46);
        t.rollback().await.expect("rollback");
        let t = tx(&conn).await;
        let after = counters::next(&t, counters::STOCK_NUMBER).await.expect("next");
        let expected = if conn.get_database_backend() == DatabaseBackend::Postgres { 47 } else { 46 };
        assert_eq!(after, expected);
    })
    .await;
}

/// Numbers without gaps (fiscal documents) are given back by a rollback on both backends.
#[tokio::test]
async fn a_gapless_number_is_given_back_by_a_rollback() {
    on_both("gapless", |conn| async move {
        TenantMigrator::up(&conn, None).await.expect("migrate");
        let t = tx(&conn).await;
        assert_eq!(counters::next_gapless(&t, "fiscal.test_document").await.expect("next"), 1);
        t.rollback().await.expect("rollback");
        let t = tx(&conn).await;
        assert_eq!(counters::next_gapless(&t, "fiscal.test_document").await.expect("next"), 1);
        assert_eq!(counters::next_gapless(&t, "fiscal.test_document").await.expect("next"), 2);
        t.commit().await.expect("commit");
    })
    .await;
}

/// Queued rows are written at commit, in batches on PostgreSQL; a savepoint's rows go with the
/// savepoint: kept when it commits, never written when it rolls back; nothing is written when
/// the transaction itself rolls back.
#[tokio::test]
async fn queued_rows_follow_their_transaction_and_savepoints() {
    on_both("queued", |conn| async move {
        TenantMigrator::up(&conn, None).await.expect("migrate");
        let t = tx(&conn).await;
        // More than one statement's batch (64), to cross a batch boundary.
        for _ in 0..150 {
            audit::record(&t, change("test.kept")).await.expect("queue");
        }
        let kept = t.savepoint().await.expect("savepoint");
        audit::record(&kept, change("test.savepoint_kept")).await.expect("queue");
        kept.commit().await.expect("release savepoint");
        let dropped = t.savepoint().await.expect("savepoint");
        audit::record(&dropped, change("test.savepoint_dropped")).await.expect("queue");
        dropped.rollback().await.expect("roll back savepoint");
        assert_eq!(audit_entries(&t).await, 0, "nothing is written before the commit");
        t.commit().await.expect("commit");
        assert_eq!(audit_entries(&conn).await, 151);

        let t = tx(&conn).await;
        audit::record(&t, change("test.rolled_back")).await.expect("queue");
        t.rollback().await.expect("rollback");
        assert_eq!(audit_entries(&conn).await, 151, "a rolled-back transaction writes nothing");
    })
    .await;
}
