//! Counters whose numbers may have gaps become PostgreSQL sequences, so creating vehicles no
//! longer queues on one counter row (ADR 0021). The stock number continues where its row was.

use sea_orm_migration::prelude::*;

use crate::counters;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    counters::create(m.get_connection(), counters::STOCK_NUMBER).await
}
