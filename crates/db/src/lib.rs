//! Databases: the control database (tenant registry, platform admins), one database per tenant
//! on SQLite files or a PostgreSQL server, the pools that reach them, the one migration history
//! both backends run, and the platform tables every tenant database has (outbox, audit log,
//! idempotency keys, counters).
//!
//! Business tables are defined by migrations here but read and written only by their area's
//! `store` module.

pub mod audit;
pub mod backend;
pub mod control;
pub mod counters;
mod group;
pub mod idempotency;
pub mod migrations;
pub mod notifications;
pub mod outbox;
pub mod pools;
pub mod provision;
pub mod wake;

pub use backend::Backend;
pub use control::{ControlDb, TenantRecord, TenantStatus};
pub use pools::{PoolStats, Signals, TenantDb, TenantPools, Tx};

pub use sea_orm;
pub use sea_orm::DatabaseTransaction;
