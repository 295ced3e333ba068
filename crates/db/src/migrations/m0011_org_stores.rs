//! Stores move from the inventory area to their own (`org`): every business area files its
//! records under a store, so the table takes the owning area's prefix.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

async fn rename(m: &SchemaManager<'_>, from: &str, to: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    db.execute_unprepared(&format!("ALTER TABLE {from} RENAME TO {to}")).await?;
    match m.get_database_backend() {
        // PostgreSQL keeps index names through a rename; SQLite has no ALTER INDEX and its
        // ALTER TABLE also rewrites the foreign keys that name the table.
        DatabaseBackend::Postgres => {
            db.execute_unprepared(&format!("ALTER INDEX {from}_pkey RENAME TO {to}_pkey")).await?;
            db.execute_unprepared(&format!("ALTER INDEX {from}_cnpj_unique RENAME TO {to}_cnpj_unique")).await?;
        }
        _ => {
            db.execute_unprepared(&format!("DROP INDEX {from}_cnpj_unique")).await?;
            db.execute_unprepared(&format!(
                "CREATE UNIQUE INDEX {to}_cnpj_unique ON {to} (cnpj) WHERE cnpj IS NOT NULL"
            ))
            .await?;
        }
    }
    Ok(())
}

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    rename(m, "inventory_stores", "org_stores").await
}

pub(super) async fn down(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    rename(m, "org_stores", "inventory_stores").await
}
