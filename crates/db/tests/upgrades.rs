#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! Databases made by an older release reach the current schema with their rows intact.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use innexar_db::Backend;
use innexar_db::migrations::TenantMigrator;
use innexar_db::provision::open_single;
use rand::Rng;
use sea_orm::sea_query::Query;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use sea_orm_migration::MigratorTrait;
use uuid::Uuid;

/// A vehicle saved before `m0005` (no equipment list, no entry date) reads as the API has always
/// shown it once `m0012` has run: no equipment, in stock since it was created.
async fn vehicle_from_before_the_record_fields(conn: &DatabaseConnection) {
    TenantMigrator::up(conn, Some(11)).await.expect("migrate to m0011");
    let store = Uuid::now_v7();
    let created = Utc.with_ymd_and_hms(2025, 3, 10, 12, 0, 0).single().expect("time");
    let store_row = Query::insert()
        .into_table("org_stores")
        .columns(["id", "name", "time_zone", "active", "row_version", "created_at", "updated_at"])
        .values_panic([
            store.into(),
            "Matriz".into(),
            "America/Sao_Paulo".into(),
            true.into(),
            1.into(),
            created.into(),
            created.into(),
        ])
        .to_owned();
    conn.execute(&store_row).await.expect("store");
    let entered = Utc.with_ymd_and_hms(2025, 1, 2, 0, 0, 0).single().expect("time");
    insert_vehicle(conn, store, "E-00001", created, vec![]).await;
    let record = vec![("options", serde_json::json!(["teto solar"]).into()), ("entered_at", entered.into())];
    insert_vehicle(conn, store, "E-00002", created, record).await;

    TenantMigrator::up(conn, None).await.expect("migrate the rest");
    let rows = Query::select()
        .columns(["stock_number", "options", "entered_at"])
        .from("inventory_vehicles")
        .order_by("stock_number", sea_orm::Order::Asc)
        .to_owned();
    let rows = conn.query_all(&rows).await.expect("read back");
    let read = |i: usize| {
        let r = &rows[i];
        (
            r.try_get::<serde_json::Value>("", "options").expect("options"),
            r.try_get::<chrono::DateTime<Utc>>("", "entered_at").expect("entered_at"),
        )
    };
    assert_eq!(read(0), (serde_json::json!([]), created), "backfilled");
    assert_eq!(read(1), (serde_json::json!(["teto solar"]), entered), "a vehicle that had both keeps them");
}

/// A vehicle row as `m0003` made it, with `extra` columns of later migrations.
async fn insert_vehicle(
    conn: &DatabaseConnection,
    store: Uuid,
    stock_number: &str,
    created: chrono::DateTime<Utc>,
    extra: Vec<(&'static str, sea_orm::Value)>,
) {
    let mut row: Vec<(&str, sea_orm::Value)> = vec![
        ("id", Uuid::now_v7().into()),
        ("stock_number", stock_number.into()),
        ("store_id", store.into()),
        ("make", "Fiat".into()),
        ("model", "Argo".into()),
        ("year", 2022.into()),
        ("model_year", 2022.into()),
        ("mileage_km", 41_000_i64.into()),
        ("fuel", "flex".into()),
        ("transmission", "manual".into()),
        ("condition", "used".into()),
        ("status", "available".into()),
        ("images", serde_json::json!([]).into()),
        ("search_text", "fiat argo".into()),
        ("row_version", 1_i64.into()),
        ("created_at", created.into()),
        ("updated_at", created.into()),
        ("status_changed_at", created.into()),
    ];
    row.extend(extra);
    let (columns, values): (Vec<_>, Vec<_>) = row.into_iter().unzip();
    let insert = Query::insert()
        .into_table("inventory_vehicles")
        .columns(columns)
        .values_panic(values.into_iter().map(Into::into))
        .to_owned();
    conn.execute(&insert).await.expect("vehicle");
}

#[tokio::test]
async fn old_vehicles_get_their_record_defaults_on_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = Backend::Sqlite { data_dir: dir.path().to_path_buf(), busy_timeout: Duration::from_secs(5) };
    sqlite.create_database("upgrade").await.expect("create sqlite");
    vehicle_from_before_the_record_fields(&open_single(&sqlite, "upgrade").expect("open sqlite")).await;
}

#[tokio::test]
async fn old_vehicles_get_their_record_defaults_on_postgres() {
    // PostgreSQL is part of the suite everywhere it runs (CI included): no server is a failure.
    let url =
        std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let pg = Backend::Postgres { url };
    let name = format!("itupgrade_{:08x}", rand::rng().random::<u32>());
    pg.create_database(&name).await.expect("PostgreSQL must be reachable (TEST_DATABASE_URL)");
    let conn = open_single(&pg, &name).expect("open pg");
    let outcome = tokio::spawn({
        let conn = conn.clone();
        async move { vehicle_from_before_the_record_fields(&conn).await }
    })
    .await;
    let _ = conn.close().await;
    pg.drop_database(&name).await.expect("drop");
    outcome.expect("the upgrade test");
}
