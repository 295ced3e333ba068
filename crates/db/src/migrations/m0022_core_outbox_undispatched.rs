//! The outbox dispatcher asks for the events not yet dispatched, oldest first, after every
//! commit that recorded one. `core_outbox_pending (dispatched_at, id)` answered it from the
//! entries where `dispatched_at` is null, but dispatching an event moves its row out of those
//! entries only in a new row version: the old entry stays in the index, pointing at a dead row,
//! until VACUUM. Under a steady flow of events (leads arriving from a website) the dispatcher's
//! query walked thousands of them each time (10 ms with 22,000 dispatched since the last
//! VACUUM, for nothing to do).
//!
//! A partial index holds only the undispatched events, so it stays the size of the backlog; on
//! PostgreSQL the table is also vacuumed after every 5,000 dead rows rather than after a fifth
//! of the table, which bounds the dead entries any scan can meet.

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    db.execute_unprepared("CREATE INDEX core_outbox_undispatched ON core_outbox (id) WHERE dispatched_at IS NULL")
        .await?;
    db.execute_unprepared("DROP INDEX core_outbox_pending").await?;
    if m.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared(
            "ALTER TABLE core_outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000)",
        )
        .await?;
    }
    Ok(())
}
