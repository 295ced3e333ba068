//! The deal desk's records before the sale (issue #14): reservations (one active per vehicle,
//! the database decides), trade-in appraisals, quotes with their versions (a revision never
//! overwrites what the customer was shown), discount limits per store and role, and the
//! approvals of discounts above them (one pending per quote).

use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};
use crate::counters;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    m.create_table(
        entity_table("sales_reservations")
            .col(uuid("vehicle_id"))
            .col(uuid("customer_id"))
            .col(uuid("store_id"))
            .col(string("status"))
            .col(uuid_null("reserved_by"))
            .col(timestamp_with_time_zone("reserved_at"))
            .col(timestamp_with_time_zone("ends_at"))
            .col(string_null("note"))
            .col(timestamp_with_time_zone_null("ended_at"))
            .col(uuid_null("ended_by"))
            .col(string_null("end_reason"))
            .col(big_integer("row_version"))
            .foreign_key(&mut references(
                "sales_reservations",
                "vehicle_id",
                "inventory_vehicles",
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut references(
                "sales_reservations",
                "customer_id",
                "crm_customers",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("sales_appraisals")
            .col(uuid("customer_id"))
            .col(uuid("vehicle_id"))
            .col(uuid("store_id"))
            .col(uuid_null("appraised_by"))
            .col(big_integer("mileage_km"))
            .col(json("checklist"))
            .col(big_integer("appraised_value_cents"))
            .col(big_integer("payoff_cents"))
            .col(string_null("payoff_bank"))
            .col(string_null("notes"))
            .col(date("valid_until"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut references(
                "sales_appraisals",
                "vehicle_id",
                "inventory_vehicles",
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut references(
                "sales_appraisals",
                "customer_id",
                "crm_customers",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("sales_quotes")
            .col(string("number").unique_key())
            .col(uuid("store_id"))
            .col(uuid("customer_id"))
            .col(uuid_null("lead_id"))
            .col(uuid("vehicle_id"))
            .col(uuid_null("salesperson_id"))
            .col(string("status"))
            .col(integer("current_version"))
            .col(big_integer("total_cents"))
            .col(big_integer("discount_cents"))
            .col(date("valid_until"))
            .col(timestamp_with_time_zone_null("sent_at"))
            .col(timestamp_with_time_zone_null("decided_at"))
            .col(string_null("decision_note"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut references(
                "sales_quotes",
                "vehicle_id",
                "inventory_vehicles",
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut references("sales_quotes", "customer_id", "crm_customers", ForeignKeyAction::Restrict))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("sales_quote_versions")
            .col(uuid("quote_id"))
            .col(integer("version"))
            .col(json("content"))
            .col(uuid_null("created_by"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut references("sales_quote_versions", "quote_id", "sales_quotes", ForeignKeyAction::Cascade))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("sales_discount_limits")
            .col(uuid("store_id"))
            .col(string("role"))
            .col(string_null("max_percent"))
            .col(big_integer_null("max_cents"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut references("sales_discount_limits", "store_id", "org_stores", ForeignKeyAction::Cascade))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("sales_approvals")
            .col(uuid("quote_id"))
            .col(integer("quote_version"))
            .col(uuid("store_id"))
            .col(string("status"))
            .col(uuid_null("requested_by"))
            .col(timestamp_with_time_zone("requested_at"))
            .col(big_integer("price_cents"))
            .col(big_integer("discount_cents"))
            .col(string_null("comment"))
            .col(uuid_null("decided_by"))
            .col(timestamp_with_time_zone_null("decided_at"))
            .col(big_integer_null("approved_discount_cents"))
            .col(string_null("decision_comment"))
            .col(big_integer("row_version"))
            .foreign_key(&mut references("sales_approvals", "quote_id", "sales_quotes", ForeignKeyAction::Cascade))
            .to_owned(),
    )
    .await?;
    for idx in [
        index("sales_reservations", "sales_reservations_vehicle", &["vehicle_id", "reserved_at"]),
        index("sales_reservations", "sales_reservations_customer", &["customer_id"]),
        index("sales_appraisals", "sales_appraisals_customer", &["customer_id", "created_at"]),
        index("sales_appraisals", "sales_appraisals_vehicle", &["vehicle_id"]),
        index("sales_quotes", "sales_quotes_customer", &["customer_id", "created_at"]),
        index("sales_quotes", "sales_quotes_vehicle", &["vehicle_id", "status"]),
        index("sales_quotes", "sales_quotes_store_created", &["store_id", "created_at"]),
        index("sales_quotes", "sales_quotes_salesperson", &["salesperson_id", "created_at"]),
        index("sales_quotes", "sales_quotes_status_valid", &["status", "valid_until"]),
        index("sales_quote_versions", "sales_quote_versions_number", &["quote_id", "version"]).unique().to_owned(),
        index("sales_discount_limits", "sales_discount_limits_store_role", &["store_id", "role"]).unique().to_owned(),
        index("sales_approvals", "sales_approvals_quote", &["quote_id", "requested_at"]),
        index("sales_approvals", "sales_approvals_status", &["status", "requested_at"]),
    ] {
        m.create_index(idx).await?;
    }
    for sql in [
        // The rules concurrent desks race on: one active reservation per vehicle, one pending
        // approval per quote.
        "CREATE UNIQUE INDEX sales_reservations_active ON sales_reservations (vehicle_id) WHERE status = 'active'",
        "CREATE INDEX sales_reservations_ending ON sales_reservations (ends_at) WHERE status = 'active'",
        "CREATE UNIQUE INDEX sales_approvals_pending ON sales_approvals (quote_id) WHERE status = 'pending'",
    ] {
        db.execute_unprepared(sql).await?;
    }
    counters::create(db, counters::QUOTE_NUMBER).await
}
