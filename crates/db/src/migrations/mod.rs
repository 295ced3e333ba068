//! One migration history per kind of database, run unchanged by SQLite and PostgreSQL.
//! Names follow `mNNNN_<area>_<change>`.
//!
//! A migration is a module with `pub(super) async fn up(m: &SchemaManager<'_>)` (and `down`
//! where it can be undone), listed once in [`TenantMigrator`] or [`ControlMigrator`]; its name,
//! which the migrator records and the test templates hash, is the module's name.

use std::future::Future;
use std::pin::Pin;

use sea_orm_migration::{prelude::*, schema::uuid};

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
mod m0012_inventory_vehicle_defaults;
mod m0013_identity_role_grants;
mod m0014_inventory_vehicle_names_and_keys;
mod m0015_core_messages_and_password_resets;
mod m0016_core_counter_sequences;
mod m0017_crm_customers;
mod m0018_crm_leads_and_activities;
mod m0019_crm_intake_keys;
mod m0020_crm_data_requests;
mod m0021_crm_board_count_and_search_terms;
mod m0022_core_outbox_undispatched;
mod m0023_sales_rate_tables;
mod m0024_sales_quotes_and_reservations;
mod m0025_sales_acceptance_and_sales;
mod m0026_sales_settings;
mod m0027_core_notifications;
mod m0028_sales_settings_versions;
mod m0029_org_store_logos;
mod m0030_webhooks;
mod m0031_notify_messages;
mod m0032_sales_reservation_reminders;
mod m0033_notify_channels;
mod m0034_notify_templates;
mod m0035_notify_inbound;
mod m0036_crm_conversations;

macro_rules! steps {
    (@down $m:ident) => { None };
    (@down $m:ident down) => { Some(|m| Box::pin($m::down(m))) };
    ($($m:ident $(($down:ident))?),* $(,)?) => {
        vec![$(Box::new(Step {
            name: stringify!($m),
            up: |m| Box::pin($m::up(m)),
            down: steps!(@down $m $($down)?),
        }) as Box<dyn MigrationTrait>),*]
    };
}

/// Migrations of every tenant database.
pub struct TenantMigrator;

impl MigratorTrait for TenantMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        steps![
            m0001_core_platform_tables,
            m0002_identity_users,
            m0003_inventory_stores_vehicles,
            m0004_inventory_search_indexes,
            m0005_inventory_vehicle_record,
            m0006_inventory_status_changes,
            m0007_inventory_vehicle_media,
            m0008_jobs_runs,
            m0009_inventory_unique_identifiers,
            m0010_identity_sessions,
            m0011_org_stores(down),
            m0012_inventory_vehicle_defaults,
            m0013_identity_role_grants,
            m0014_inventory_vehicle_names_and_keys,
            m0015_core_messages_and_password_resets,
            m0016_core_counter_sequences,
            m0017_crm_customers,
            m0018_crm_leads_and_activities,
            m0019_crm_intake_keys,
            m0020_crm_data_requests,
            m0021_crm_board_count_and_search_terms,
            m0022_core_outbox_undispatched,
            m0023_sales_rate_tables,
            m0024_sales_quotes_and_reservations,
            m0025_sales_acceptance_and_sales,
            m0026_sales_settings,
            m0027_core_notifications,
            m0028_sales_settings_versions,
            m0029_org_store_logos,
            m0030_webhooks,
            m0031_notify_messages,
            m0032_sales_reservation_reminders,
            m0033_notify_channels,
            m0034_notify_templates,
            m0035_notify_inbound,
            m0036_crm_conversations,
        ]
    }
}

/// Migrations of the control database.
pub struct ControlMigrator;

impl MigratorTrait for ControlMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        steps![control_m0001_registry]
    }
}

type Run = for<'a> fn(&'a SchemaManager<'a>) -> Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send + 'a>>;

/// One migration: the name the migrator records, what it does, and how to undo it if it can be.
struct Step {
    name: &'static str,
    up: Run,
    down: Option<Run>,
}

impl MigrationName for Step {
    fn name(&self) -> &str {
        self.name
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Step {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        (self.up)(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        match self.down {
            Some(down) => down(m).await,
            None => Err(DbErr::Migration(format!("{} cannot be undone", self.name))),
        }
    }
}

/// A table keyed by a UUID `id`, as every entity's table is; the caller adds the other columns.
pub(crate) fn entity_table(name: &'static str) -> TableCreateStatement {
    Table::create().table(name).col(uuid("id").primary_key()).to_owned()
}

/// `table.column` references `parent.id`. The constraint is named after the table and what the
/// column points at: `inventory_vehicle_photos` to `inventory_vehicles` is
/// `inventory_vehicle_photos_vehicle`.
pub(crate) fn references(
    table: &'static str,
    column: &'static str,
    parent: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    let what = parent.split_once('_').map_or(parent, |(_area, name)| name);
    ForeignKey::create()
        .name(format!("{table}_{}", what.strip_suffix('s').unwrap_or(what)))
        .from(table, column)
        .to(parent, "id")
        .on_delete(on_delete)
        .to_owned()
}

pub(crate) fn index(table: &'static str, name: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(*c);
    }
    idx.to_owned()
}
