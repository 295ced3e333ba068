//! One migration history per kind of database, run unchanged by SQLite and PostgreSQL.
//! Names follow `mNNNN_<area>_<change>`.

use sea_orm_migration::prelude::*;

mod control_m0001_registry;
mod m0001_core_platform_tables;
mod m0002_identity_users;
mod m0003_inventory_stores_vehicles;
mod m0004_inventory_search_indexes;
mod m0005_inventory_vehicle_record;
mod m0006_inventory_status_changes;
mod m0007_inventory_vehicle_media;
mod m0008_jobs_runs;
mod m0009_inventory_unique_identifiers;
mod m0010_identity_sessions;
mod m0011_org_stores;

/// Migrations of every tenant database.
pub struct TenantMigrator;

impl MigratorTrait for TenantMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_core_platform_tables::Migration),
            Box::new(m0002_identity_users::Migration),
            Box::new(m0003_inventory_stores_vehicles::Migration),
            Box::new(m0004_inventory_search_indexes::Migration),
            Box::new(m0005_inventory_vehicle_record::Migration),
            Box::new(m0006_inventory_status_changes::Migration),
            Box::new(m0007_inventory_vehicle_media::Migration),
            Box::new(m0008_jobs_runs::Migration),
            Box::new(m0009_inventory_unique_identifiers::Migration),
            Box::new(m0010_identity_sessions::Migration),
            Box::new(m0011_org_stores::Migration),
        ]
    }
}

/// Migrations of the control database.
pub struct ControlMigrator;

impl MigratorTrait for ControlMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(control_m0001_registry::Migration)]
    }
}

pub(crate) fn index(table: &'static str, name: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(*c);
    }
    idx.to_owned()
}
