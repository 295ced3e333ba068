//! Leads (the sales funnel), their stage history, activities and tasks, the tenant's lists of
//! lead sources and lost reasons, and each store's lead settings (first-response SLA, how new
//! leads are assigned), and the weights of the lead score.

use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

/// The lists a tenant starts with: (kind, key, pt-BR label, points a source brings to a lead's
/// score). Keys are stable API values; labels and points are the tenant's to change.
const LISTS: &[(&str, &str, &str, i32)] = &[
    ("source", "walk_in", "Loja (visita)", 18),
    ("source", "phone", "Telefone", 14),
    ("source", "website", "Site da loja", 14),
    ("source", "whatsapp", "WhatsApp", 15),
    ("source", "webmotors", "Webmotors", 12),
    ("source", "olx", "OLX", 8),
    ("source", "icarros", "iCarros", 11),
    ("source", "mercado_livre", "Mercado Livre", 9),
    ("source", "oem_portal", "Portal da montadora", 13),
    ("source", "facebook_ads", "Anúncio Facebook", 7),
    ("source", "instagram_ads", "Anúncio Instagram", 7),
    ("source", "referral", "Indicação", 20),
    ("lost_reason", "price", "Preço", 0),
    ("lost_reason", "bought_elsewhere", "Comprou em outra loja", 0),
    ("lost_reason", "financing_denied", "Financiamento negado", 0),
    ("lost_reason", "trade_in_value", "Avaliação da troca", 0),
    ("lost_reason", "no_stock", "Sem o veículo desejado", 0),
    ("lost_reason", "gave_up", "Desistiu da compra", 0),
    ("lost_reason", "no_contact", "Sem retorno do cliente", 0),
    ("lost_reason", "other", "Outro", 0),
    // A lead score's factors and the most points each gives (crm::scoring).
    ("score_weight", "source_quality", "Qualidade da origem", 20),
    ("score_weight", "engagement", "Engajamento", 25),
    ("score_weight", "response_time", "Tempo de resposta", 15),
    ("score_weight", "budget_fit", "Orçamento x interesse", 15),
    ("score_weight", "trade_in", "Carro na troca", 10),
    ("score_weight", "recency", "Atividade recente", 15),
];

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("crm_lists")
            .col(string("kind"))
            .col(string("key"))
            .col(string("label"))
            .col(integer("points"))
            .col(integer("position"))
            .col(boolean("active"))
            .primary_key(Index::create().col("kind").col("key"))
            .to_owned(),
    )
    .await?;
    let db = m.get_connection();
    for (position, (kind, key, label, points)) in LISTS.iter().enumerate() {
        let insert = Query::insert()
            .into_table("crm_lists")
            .columns(["kind", "key", "label", "points", "position", "active"])
            .values_panic([
                (*kind).into(),
                (*key).into(),
                (*label).into(),
                (*points).into(),
                (position as i32).into(),
                true.into(),
            ])
            .to_owned();
        db.execute(&insert).await?;
    }

    m.create_table(
        Table::create()
            .table("crm_store_settings")
            .col(uuid("store_id").primary_key())
            .col(integer("first_response_minutes"))
            .col(string("assignment"))
            .col(uuid_null("last_assigned_to"))
            .col(json("source_owners"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut references("crm_store_settings", "store_id", "org_stores", ForeignKeyAction::Cascade))
            .to_owned(),
    )
    .await?;

    m.create_table(
        entity_table("crm_leads")
            .col(uuid("customer_id"))
            .col(uuid("store_id"))
            .col(uuid_null("owner_id"))
            .col(string("source"))
            .col(string("stage"))
            .col(uuid_null("vehicle_id"))
            .col(string_null("make"))
            .col(string_null("model"))
            .col(integer_null("year_min"))
            .col(integer_null("year_max"))
            .col(big_integer_null("budget_cents"))
            .col(string_null("condition"))
            .col(boolean("has_trade_in"))
            .col(text_null("trade_in_notes"))
            .col(text_null("notes"))
            .col(string_null("lost_reason"))
            .col(text_null("lost_note"))
            .col(string_null("external_id"))
            .col(integer("score"))
            .col(json("score_factors"))
            .col(timestamp_with_time_zone("response_due_at"))
            .col(timestamp_with_time_zone_null("first_response_at"))
            .col(timestamp_with_time_zone_null("last_activity_at"))
            .col(timestamp_with_time_zone("stage_changed_at"))
            .col(timestamp_with_time_zone_null("closed_at"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut references("crm_leads", "customer_id", "crm_customers", ForeignKeyAction::Restrict))
            .foreign_key(&mut references("crm_leads", "store_id", "org_stores", ForeignKeyAction::Restrict))
            .to_owned(),
    )
    .await?;
    // The source's own lead id makes an intake idempotent: the database, not a lookup, decides.
    db.execute_unprepared(
        "CREATE UNIQUE INDEX crm_leads_external ON crm_leads (source, external_id) WHERE external_id IS NOT NULL",
    )
    .await?;
    m.create_index(index("crm_leads", "crm_leads_board", &["store_id", "stage", "stage_changed_at"])).await?;
    m.create_index(index("crm_leads", "crm_leads_owner", &["owner_id", "stage"])).await?;
    m.create_index(index("crm_leads", "crm_leads_customer", &["customer_id"])).await?;
    m.create_index(index("crm_leads", "crm_leads_response_due", &["stage", "response_due_at"])).await?;

    m.create_table(
        entity_table("crm_lead_stage_changes")
            .col(uuid("lead_id"))
            .col(string_null("from_stage"))
            .col(string("to_stage"))
            .col(string_null("reason"))
            .col(uuid_null("changed_by"))
            .col(timestamp_with_time_zone("changed_at"))
            .foreign_key(&mut references("crm_lead_stage_changes", "lead_id", "crm_leads", ForeignKeyAction::Cascade))
            .to_owned(),
    )
    .await?;
    m.create_index(index("crm_lead_stage_changes", "crm_lead_stage_changes_lead", &["lead_id", "changed_at"])).await?;

    m.create_table(
        entity_table("crm_activities")
            .col(string("kind"))
            .col(uuid("customer_id"))
            .col(uuid_null("lead_id"))
            .col(uuid("store_id"))
            .col(string_null("direction"))
            .col(text_null("body"))
            .col(timestamp_with_time_zone("occurred_at"))
            .col(timestamp_with_time_zone_null("due_at"))
            .col(uuid_null("assignee_id"))
            .col(timestamp_with_time_zone_null("done_at"))
            .col(uuid_null("vehicle_id"))
            .col(boolean_null("cnh_checked"))
            .col(big_integer_null("start_km"))
            .col(big_integer_null("end_km"))
            .col(uuid_null("created_by"))
            .col(big_integer("row_version"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .foreign_key(&mut references("crm_activities", "customer_id", "crm_customers", ForeignKeyAction::Restrict))
            .foreign_key(&mut references("crm_activities", "lead_id", "crm_leads", ForeignKeyAction::Cascade))
            .to_owned(),
    )
    .await?;
    m.create_index(index("crm_activities", "crm_activities_customer", &["customer_id", "occurred_at"])).await?;
    m.create_index(index("crm_activities", "crm_activities_lead", &["lead_id", "occurred_at"])).await?;
    m.create_index(index("crm_activities", "crm_activities_tasks", &["assignee_id", "done_at", "due_at"])).await?;
    Ok(())
}
