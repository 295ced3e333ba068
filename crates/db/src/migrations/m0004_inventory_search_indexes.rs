//! Indexes for the stock list's common filters and for text search. Search is where the two
//! backends differ: SQLite gets an FTS5 trigram index kept in step by triggers, PostgreSQL a
//! pg_trgm GIN index that serves `LIKE '%word%'` directly.

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

use super::index;

const SQLITE_SEARCH: &[&str] = &[
    // External content: the index holds trigrams only; the text stays in inventory_vehicles.
    // Keyed by rowid, which is stable as long as nobody runs VACUUM (see ADR 0008).
    "CREATE VIRTUAL TABLE inventory_vehicles_search USING fts5(search_text, content='inventory_vehicles', \
     content_rowid='rowid', tokenize='trigram')",
    "CREATE TRIGGER inventory_vehicles_search_insert AFTER INSERT ON inventory_vehicles BEGIN \
     INSERT INTO inventory_vehicles_search(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER inventory_vehicles_search_delete AFTER DELETE ON inventory_vehicles BEGIN \
     INSERT INTO inventory_vehicles_search(inventory_vehicles_search, rowid, search_text) \
     VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER inventory_vehicles_search_update AFTER UPDATE OF search_text ON inventory_vehicles BEGIN \
     INSERT INTO inventory_vehicles_search(inventory_vehicles_search, rowid, search_text) \
     VALUES ('delete', old.rowid, old.search_text); \
     INSERT INTO inventory_vehicles_search(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "INSERT INTO inventory_vehicles_search(inventory_vehicles_search) VALUES ('rebuild')",
];

const POSTGRES_SEARCH: &[&str] = &[
    // pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX inventory_vehicles_search_trgm ON inventory_vehicles USING gin (search_text gin_trgm_ops)",
];

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    for (name, cols) in [
        // "Available, sorted by price" and the same within a make: served in index order,
        // and counted from the index alone.
        ("inventory_vehicles_status_price", &["status", "price_cents"][..]),
        ("inventory_vehicles_make_status_price", &["make", "status", "price_cents", "model_year"]),
        ("inventory_vehicles_status_model_year", &["status", "model_year"]),
    ] {
        m.create_index(index("inventory_vehicles", name, cols)).await?;
    }
    let statements = match m.get_database_backend() {
        DatabaseBackend::Postgres => POSTGRES_SEARCH,
        _ => SQLITE_SEARCH,
    };
    let conn = m.get_connection();
    for sql in statements {
        conn.execute_unprepared(sql).await?;
    }
    Ok(())
}
