//! Customers (people and companies), the keys that find them by phone and e-mail, their consent
//! history (LGPD), and who owns a vehicle (ADR 0022).
//!
//! A customer's phones, e-mails, addresses and contact people are lists kept in its row (JSON),
//! written and read with it; `crm_customer_keys` repeats the phones and e-mails one per row,
//! indexed, for the lookups that must not scan every customer (a known phone on intake, the
//! duplicate check). CPF and CNPJ are unique among live customers: the index, not a check before
//! the insert, is the rule. A merged customer stays as a tombstone pointing at the survivor.

use sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};
use crate::counters;

const SQLITE_SEARCH: &[&str] = &[
    "CREATE VIRTUAL TABLE crm_customers_search USING fts5(search_text, content='crm_customers', \
     content_rowid='rowid', tokenize='trigram')",
    "CREATE TRIGGER crm_customers_search_insert AFTER INSERT ON crm_customers BEGIN \
     INSERT INTO crm_customers_search(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER crm_customers_search_delete AFTER DELETE ON crm_customers BEGIN \
     INSERT INTO crm_customers_search(crm_customers_search, rowid, search_text) \
     VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER crm_customers_search_update AFTER UPDATE OF search_text ON crm_customers BEGIN \
     INSERT INTO crm_customers_search(crm_customers_search, rowid, search_text) \
     VALUES ('delete', old.rowid, old.search_text); \
     INSERT INTO crm_customers_search(rowid, search_text) VALUES (new.rowid, new.search_text); END",
];

const POSTGRES_SEARCH: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX crm_customers_search_trgm ON crm_customers USING gin (search_text gin_trgm_ops)",
];

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        entity_table("crm_customers")
            .col(string("kind"))
            .col(string("name"))
            .col(string("name_key"))
            .col(string_null("trade_name"))
            .col(string_null("cpf"))
            .col(string_null("cnpj"))
            .col(date_null("birth_date"))
            .col(string_null("cnh_number"))
            .col(string_null("cnh_category"))
            .col(string_null("state_registration"))
            .col(json("phones"))
            .col(json("emails"))
            .col(json("addresses"))
            .col(json("contacts"))
            .col(string_null("preferred_channel"))
            .col(text_null("notes"))
            .col(json("tags"))
            .col(uuid("store_id"))
            .col(uuid_null("created_by"))
            .col(text("search_text"))
            .col(uuid_null("merged_into_id"))
            .col(timestamp_with_time_zone_null("merged_at"))
            .col(timestamp_with_time_zone_null("anonymized_at"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut references("crm_customers", "store_id", "org_stores", ForeignKeyAction::Restrict))
            .to_owned(),
    )
    .await?;
    let db = m.get_connection();
    for sql in [
        "CREATE UNIQUE INDEX crm_customers_cpf_unique ON crm_customers (cpf) WHERE cpf IS NOT NULL",
        "CREATE UNIQUE INDEX crm_customers_cnpj_unique ON crm_customers (cnpj) WHERE cnpj IS NOT NULL",
    ] {
        db.execute_unprepared(sql).await?;
    }
    m.create_index(index("crm_customers", "crm_customers_store", &["store_id", "id"])).await?;
    m.create_index(index("crm_customers", "crm_customers_created_by", &["created_by", "id"])).await?;
    m.create_index(index("crm_customers", "crm_customers_merged_into", &["merged_into_id"])).await?;

    m.create_table(
        Table::create()
            .table("crm_customer_keys")
            .col(string("kind"))
            .col(string("value"))
            .col(uuid("customer_id"))
            .primary_key(Index::create().col("kind").col("value").col("customer_id"))
            .foreign_key(&mut references(
                "crm_customer_keys",
                "customer_id",
                "crm_customers",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index("crm_customer_keys", "crm_customer_keys_customer", &["customer_id"])).await?;

    m.create_table(
        entity_table("crm_consents")
            .col(uuid("customer_id"))
            .col(string("purpose"))
            .col(string("channel"))
            .col(boolean("granted"))
            .col(string("legal_basis"))
            .col(string("source"))
            .col(text_null("text_shown"))
            .col(string_null("text_version"))
            .col(timestamp_with_time_zone("recorded_at"))
            .col(uuid_null("recorded_by"))
            .foreign_key(&mut references("crm_consents", "customer_id", "crm_customers", ForeignKeyAction::Cascade))
            .to_owned(),
    )
    .await?;
    m.create_index(index(
        "crm_consents",
        "crm_consents_customer",
        &["customer_id", "purpose", "channel", "recorded_at"],
    ))
    .await?;

    // A vehicle's owner: the buyer of a car sold from stock, or the customer whose car came in
    // for service, appraisal or was registered in the CRM (status `customer_owned`).
    m.alter_table(
        Table::alter().table("inventory_vehicles").add_column(ColumnDef::new("owner_id").uuid().null()).to_owned(),
    )
    .await?;
    m.alter_table(
        Table::alter()
            .table("inventory_vehicles")
            .add_column(ColumnDef::new("owned_since").timestamp_with_time_zone().null())
            .to_owned(),
    )
    .await?;
    m.create_index(index("inventory_vehicles", "inventory_vehicles_owner", &["owner_id"])).await?;
    counters::create(db, counters::CUSTOMER_VEHICLE_NUMBER).await?;

    let statements = match m.get_database_backend() {
        DatabaseBackend::Postgres => POSTGRES_SEARCH,
        _ => SQLITE_SEARCH,
    };
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}
