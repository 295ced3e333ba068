//! The deal's end (issue #14): links a customer accepts a quote through (only a hash of each
//! kept, with its confirmation code's), the acceptances with what was accepted (the document's
//! SHA-256, the version, IP and user agent), the sales (one per quote, its vehicle sold once:
//! the vehicle row's compare-and-set decides), their cancellations as separate reversing rows
//! (one per sale), the commission plans and the commissions earned and reversed.

use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};
use crate::counters;

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    m.create_table(
        entity_table("sales_quote_links")
            .col(uuid("quote_id"))
            .col(integer("quote_version"))
            .col(string("token_hash").unique_key())
            .col(timestamp_with_time_zone("expires_at"))
            .col(uuid_null("created_by"))
            .col(timestamp_with_time_zone("created_at"))
            .col(string_null("code_hash"))
            .col(timestamp_with_time_zone_null("code_expires_at"))
            .col(integer("codes_sent"))
            .col(integer("attempts"))
            .col(timestamp_with_time_zone_null("used_at"))
            .foreign_key(&mut references("sales_quote_links", "quote_id", "sales_quotes", ForeignKeyAction::Cascade))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("sales_acceptances")
            .col(uuid("quote_id"))
            .col(integer("quote_version"))
            .col(string("decision"))
            .col(string("channel"))
            .col(string("document_sha256"))
            .col(string_null("ip"))
            .col(string_null("user_agent"))
            .col(string_null("confirmed_to"))
            .col(string_null("reason"))
            .col(uuid_null("recorded_by"))
            .col(timestamp_with_time_zone("decided_at"))
            .foreign_key(&mut references("sales_acceptances", "quote_id", "sales_quotes", ForeignKeyAction::Cascade))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("sales_sales")
            .col(string("number").unique_key())
            .col(uuid("quote_id").unique_key())
            .col(integer("quote_version"))
            .col(uuid("store_id"))
            .col(uuid("customer_id"))
            .col(uuid("vehicle_id"))
            .col(uuid_null("salesperson_id"))
            .col(uuid_null("trade_in_vehicle_id"))
            .col(big_integer("total_cents"))
            .col(big_integer("price_cents"))
            .col(big_integer("discount_cents"))
            .col(big_integer("gross_margin_cents"))
            .col(big_integer("fi_returns_cents"))
            .col(string("month"))
            .col(timestamp_with_time_zone("sold_at"))
            .col(uuid_null("created_by"))
            .foreign_key(&mut references("sales_sales", "quote_id", "sales_quotes", ForeignKeyAction::Restrict))
            .foreign_key(&mut references("sales_sales", "vehicle_id", "inventory_vehicles", ForeignKeyAction::Restrict))
            .foreign_key(&mut references("sales_sales", "customer_id", "crm_customers", ForeignKeyAction::Restrict))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("sales_cancellations")
            .col(uuid("sale_id").unique_key())
            .col(string("reason"))
            .col(uuid_null("cancelled_by"))
            .col(timestamp_with_time_zone("cancelled_at"))
            .foreign_key(&mut references("sales_cancellations", "sale_id", "sales_sales", ForeignKeyAction::Restrict))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("sales_commission_plans")
            .col(string("name"))
            .col(uuid_null("store_id"))
            .col(string("role"))
            .col(string("basis"))
            .col(string("rate"))
            .col(json("tiers"))
            .col(big_integer("bonus_per_vehicle_cents"))
            .col(string("fi_share"))
            .col(boolean("active"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .to_owned(),
    )
    .await?;
    m.create_table(
        entity_table("sales_commissions")
            .col(uuid("sale_id"))
            .col(uuid("user_id"))
            .col(uuid("store_id"))
            .col(uuid_null("plan_id"))
            .col(json("plan"))
            .col(string("month"))
            .col(string("kind"))
            .col(big_integer("basis_cents"))
            .col(big_integer("amount_cents"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut references("sales_commissions", "sale_id", "sales_sales", ForeignKeyAction::Restrict))
            .to_owned(),
    )
    .await?;
    for idx in [
        index("sales_quote_links", "sales_quote_links_quote", &["quote_id"]),
        index("sales_acceptances", "sales_acceptances_quote", &["quote_id", "decided_at"]),
        index("sales_sales", "sales_sales_store_sold", &["store_id", "sold_at"]),
        index("sales_sales", "sales_sales_salesperson_month", &["salesperson_id", "month"]),
        index("sales_sales", "sales_sales_vehicle", &["vehicle_id"]),
        index("sales_sales", "sales_sales_customer", &["customer_id"]),
        index("sales_commissions", "sales_commissions_user_month", &["user_id", "month"]),
        index("sales_commissions", "sales_commissions_sale", &["sale_id"]),
    ] {
        m.create_index(idx).await?;
    }
    // One answer per version of a quote: two clicks of "accept" at once make one acceptance.
    db.execute_unprepared(
        "CREATE UNIQUE INDEX sales_acceptances_version ON sales_acceptances (quote_id, quote_version)",
    )
    .await?;
    counters::create(db, counters::SALE_NUMBER).await
}
