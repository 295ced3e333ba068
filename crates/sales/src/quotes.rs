//! Quotes (propostas): what the desk offers one customer for one vehicle, numbered `P-00001`.
//! Every revision is a new version and the earlier ones stay readable; the quote's row holds
//! where it stands (draft -> sent -> accepted / rejected / expired) and its current version's
//! totals for lists. A discount above the sender's limit needs a manager's approval before the
//! quote is sent (`approvals`).

pub mod content;

use chrono::{DateTime, NaiveDate, Utc};
use innexar_db::{TenantDb, Tx, counters};
use innexar_kernel::page::{PageParams, PageRequest};
use innexar_kernel::{Actor, AppError, CustomerId, FieldError, IfMatch, Page, StoreId, validate};
use innexar_vehicles::commands::vehicle_for_deal;
use innexar_vehicles::ids::VehicleId;
use innexar_vehicles::model::{Vehicle, VehicleStatus};
use sea_orm::entity::prelude::*;
use sea_orm::{Condition, QueryOrder, QuerySelect};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::permissions::SALES_SEE_STORE;
use crate::reservations;
pub use content::{QuoteContent, QuoteInput};

pub mod entity {
    use chrono::NaiveDate;
    use innexar_kernel::{CustomerId, Money, StoreId};
    use innexar_vehicles::ids::VehicleId;
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    innexar_kernel::id_type!(
        /// A quote (proposta).
        QuoteId
    );

    innexar_kernel::string_enum!(
        /// Where a quote stands.
        pub QuoteStatus {
            /// Being written; not shown to the customer yet.
            Draft = "draft",
            /// Given to the customer, who may accept until its validity ends.
            Sent = "sent",
            Accepted = "accepted",
            Rejected = "rejected",
            /// Its validity ended unanswered (the scheduled job).
            Expired = "expired",
        }
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "sales_quotes")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = QuoteSummary)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: QuoteId,
        /// `P-00001`.
        pub number: String,
        pub store_id: StoreId,
        pub customer_id: CustomerId,
        pub lead_id: Option<Uuid>,
        pub vehicle_id: VehicleId,
        pub salesperson_id: Option<Uuid>,
        pub status: QuoteStatus,
        /// The version the customer sees (the latest).
        pub current_version: i32,
        #[sea_orm(column_name = "total_cents")]
        #[serde(rename = "totalCents")]
        pub total: Money,
        #[sea_orm(column_name = "discount_cents")]
        #[serde(rename = "discountCents")]
        pub discount: Money,
        pub valid_until: NaiveDate,
        pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
        /// When the customer answered or the quote expired.
        pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
        /// The customer's reason when rejecting.
        pub decision_note: Option<String>,
        /// The row version, also sent as the ETag (If-Match takes it).
        #[sea_orm(column_name = "row_version")]
        #[serde(default)]
        pub version: i64,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub updated_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod version_entity {
    use sea_orm::entity::prelude::*;

    use super::QuoteId;
    use super::content::QuoteContent;

    #[derive(Debug, Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sales_quote_versions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub quote_id: QuoteId,
        pub version: i32,
        pub content: QuoteContent,
        pub created_by: Option<Uuid>,
        pub created_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::{Column as C, Entity};
pub use entity::{Model as Quote, QuoteId, QuoteStatus};
pub use version_entity::Model as QuoteVersion;

/// Formats quote number `n` as dealers print it: `P-00042`.
pub fn quote_number(n: i64) -> String {
    format!("P-{n:05}")
}

fn not_found() -> AppError {
    AppError::not_found("sales.quote_not_found", "no quote with this id, or not one you may see")
}

fn stale() -> AppError {
    AppError::precondition_failed("the quote was changed by someone else; reload and try again")
}

fn bad_status(q: &Quote, what: &str) -> AppError {
    AppError::conflict("sales.invalid_quote_status", format!("a {} quote cannot be {what}", q.status.as_str()))
}

/// The store's business date.
pub(crate) async fn store_today(
    tx: &impl ConnectionTrait,
    store: StoreId,
    now: DateTime<Utc>,
) -> Result<NaiveDate, AppError> {
    let tz = innexar_org::queries::get_store(tx, &Actor::system(), store).await.map(|s| s.time_zone).ok();
    Ok(innexar_org::model::business_date_in(tz.as_deref().unwrap_or("America/Sao_Paulo"), now))
}

/// A vehicle the customer may be quoted: available, or reserved for this customer. A car held
/// for someone else is 409 `sales.vehicle_reserved` (a manager overrides the reservation first).
async fn quotable(tx: &Tx, id: VehicleId, customer: CustomerId, pointer: &str) -> Result<Vehicle, AppError> {
    let v = match vehicle_for_deal(tx, id).await {
        Ok(v) => v,
        Err(e) if e.code == "vehicles.not_found" => {
            return Err(AppError::field(
                pointer,
                "sales.unknown_vehicle",
                "no vehicle with this id, or not one you may see",
            ));
        }
        Err(e) => return Err(e),
    };
    match v.status {
        VehicleStatus::Available => Ok(v),
        VehicleStatus::Reserved => match reservations::active_for(tx, v.id).await? {
            Some(r) if r.customer_id != customer => Err(reservations::reserved(r.ends_at)),
            _ => Ok(v),
        },
        _ => Err(AppError::conflict(
            "sales.vehicle_not_available",
            format!("vehicle {} is {}, not available for sale", v.stock_number, v.status.as_str()),
        )),
    }
}

/// Reads what the terms refer to, checks them and prices them.
async fn build(tx: &Tx, input: &QuoteInput, customer_company: bool) -> Result<(QuoteContent, Vehicle), AppError> {
    let vehicle = quotable(tx, input.vehicle_id, input.customer_id, "/vehicleId").await?;
    let today = store_today(tx, vehicle.store_id, tx.now()).await?;
    let appraisal = match &input.trade_in {
        Some(t) => {
            let found = crate::appraisals::for_quote(tx, t.appraisal_id, input.customer_id).await?;
            if found.is_none() {
                return Err(AppError::field(
                    "/tradeIn/appraisalId",
                    "sales.unknown_appraisal",
                    "no appraisal with this id for this customer",
                ));
            }
            found
        }
        None => None,
    };
    // The banks' tables and the IOF rates only price a financing.
    let financed = input.payments.iter().any(|p| p.method == content::PaymentMethod::Financing);
    let (tables, iof) = if financed {
        (crate::rates::list(tx).await?, crate::settings::iof(tx).await?.rates(customer_company))
    } else {
        (Vec::new(), crate::financing::IofRates::default())
    };
    let cost = innexar_vehicles::commands::cost_basis(tx, &vehicle).await?;
    let cx = content::Context {
        today,
        vehicle: &vehicle,
        cost,
        appraisal: appraisal.as_ref(),
        tables: &tables,
        company: customer_company,
        iof,
    };
    let c = content::build(input, &cx).map_err(AppError::validation)?;
    Ok((c, vehicle))
}

async fn check_lead(
    tx: &Tx,
    lead: Option<Uuid>,
    customer: CustomerId,
    e: &mut Vec<FieldError>,
) -> Result<(), AppError> {
    let Some(id) = lead else { return Ok(()) };
    match innexar_crm::queries::get_lead(tx, tx.actor(), innexar_crm::model::LeadId(id)).await {
        Ok(l) if l.customer_id == customer => {}
        Ok(_) => e.push(FieldError::new("/leadId", "sales.lead_of_another_customer", "the lead is another customer's")),
        Err(err) if err.code == "leads.not_found" => {
            e.push(FieldError::new("/leadId", "sales.unknown_lead", "no lead with this id, or not one you may see"))
        }
        Err(err) => return Err(err),
    }
    Ok(())
}

async fn insert_version(tx: &Tx, quote: QuoteId, version: i32, content: &QuoteContent) -> Result<(), AppError> {
    version_entity::Entity::insert(version_entity::ActiveModel {
        id: sea_orm::ActiveValue::Set(innexar_kernel::new_id()),
        quote_id: sea_orm::ActiveValue::Set(quote),
        version: sea_orm::ActiveValue::Set(version),
        content: sea_orm::ActiveValue::Set(content.clone()),
        created_by: sea_orm::ActiveValue::Set(tx.actor().id),
        created_at: sea_orm::ActiveValue::Set(tx.now()),
    })
    .exec_without_returning(tx)
    .await?;
    Ok(())
}

/// A new quote, in draft, version 1.
pub async fn create(tx: &Tx, input: QuoteInput) -> Result<(Quote, QuoteContent), AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let mut e = Vec::new();
    let customer = crate::deal::customer(tx, &mut e, "/customerId", input.customer_id).await?;
    check_lead(tx, input.lead_id, input.customer_id, &mut e).await?;
    let Some(customer) = customer.filter(|_| e.is_empty()) else { return Err(AppError::validation(e)) };
    let company = customer.kind == innexar_crm::model::CustomerKind::Company;
    let (content, vehicle) = build(tx, &input, company).await?;
    let q = Quote {
        id: QuoteId::new(),
        number: quote_number(counters::next(tx, counters::QUOTE_NUMBER).await?),
        store_id: vehicle.store_id,
        customer_id: customer.id,
        lead_id: input.lead_id,
        vehicle_id: vehicle.id,
        salesperson_id: actor.id,
        status: QuoteStatus::Draft,
        current_version: 1,
        total: content.totals.total_cents,
        discount: content.totals.discount_cents,
        valid_until: content.valid_until,
        sent_at: None,
        decided_at: None,
        decision_note: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    Entity::insert(entity::ActiveModel::from(q.clone()).reset_all()).exec_without_returning(tx).await?;
    insert_version(tx, q.id, 1, &content).await?;
    audit_change(tx, "sales.quote_created", None, &q).await?;
    Ok((q, content))
}

/// A revision: the terms again, as a new version. A sent, rejected or expired quote goes back
/// to draft (it is sent again); an accepted one is a deal and is not revised.
pub async fn revise(
    tx: &Tx,
    id: QuoteId,
    expected: IfMatch,
    mut input: QuoteInput,
) -> Result<(Quote, QuoteContent), AppError> {
    let before = visible(tx, tx.actor(), id).await?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    if before.status == QuoteStatus::Accepted {
        return Err(bad_status(&before, "revised"));
    }
    let mut e = Vec::new();
    if input.customer_id != before.customer_id {
        e.push(FieldError::new(
            "/customerId",
            "sales.quote_customer_fixed",
            "a quote stays with its customer; start a new one",
        ));
    }
    let customer = crate::deal::customer(tx, &mut e, "/customerId", before.customer_id).await?;
    check_lead(tx, input.lead_id, before.customer_id, &mut e).await?;
    let Some(customer) = customer.filter(|_| e.is_empty()) else { return Err(AppError::validation(e)) };
    let company = customer.kind == innexar_crm::model::CustomerKind::Company;
    if !tx.actor().can(innexar_vehicles::permissions::VEHICLES_VIEW_COST) {
        content::keep_costs(&mut input, &current_content(tx, &before).await?);
    }
    let (content, vehicle) = build(tx, &input, company).await?;
    let mut after = before.clone();
    after.current_version += 1;
    after.status = QuoteStatus::Draft;
    after.vehicle_id = vehicle.id;
    after.store_id = vehicle.store_id;
    after.lead_id = input.lead_id;
    after.total = content.totals.total_cents;
    after.discount = content.totals.discount_cents;
    after.valid_until = content.valid_until;
    after.sent_at = None;
    after.decided_at = None;
    after.decision_note = None;
    save(tx, &before, &mut after).await?;
    insert_version(tx, after.id, after.current_version, &content).await?;
    audit_change(tx, "sales.quote_revised", Some(&before), &after).await?;
    status_reached(tx, &after).await?;
    Ok((after, content))
}

/// Writes `after` over `before` if nobody changed it meanwhile.
pub(crate) async fn save(tx: &Tx, before: &Quote, after: &mut Quote) -> Result<(), AppError> {
    after.version = before.version + 1;
    after.updated_at = tx.now();
    let res = Entity::update_many()
        .set(entity::ActiveModel::from(after.clone()).reset_all())
        .filter(C::Id.eq(before.id))
        .filter(C::Version.eq(before.version))
        .exec(tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(stale());
    }
    Ok(())
}

/// Gives the quote to the customer. Its discount must be within the sender's limit or approved
/// by a manager; the vehicle must still be available (or reserved for this customer).
pub async fn send(tx: &Tx, id: QuoteId, expected: IfMatch) -> Result<Quote, AppError> {
    let before = visible(tx, tx.actor(), id).await?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    if before.status != QuoteStatus::Draft {
        return Err(bad_status(&before, "sent"));
    }
    let today = store_today(tx, before.store_id, tx.now()).await?;
    if before.valid_until < today {
        return Err(AppError::conflict("sales.quote_out_of_date", "the quote's validity has ended; revise it first"));
    }
    quotable(tx, before.vehicle_id, before.customer_id, "/vehicleId").await?;
    crate::approvals::check_discount(tx, &before).await?;
    let mut after = before.clone();
    after.status = QuoteStatus::Sent;
    after.sent_at = Some(tx.now());
    save(tx, &before, &mut after).await?;
    audit_change(tx, "sales.quote_sent", Some(&before), &after).await?;
    status_reached(tx, &after).await?;
    Ok(after)
}

/// The customer's no, as the desk records it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rejection {
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

pub async fn reject(tx: &Tx, id: QuoteId, expected: IfMatch, input: Rejection) -> Result<Quote, AppError> {
    let before = visible(tx, tx.actor(), id).await?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    if before.status != QuoteStatus::Sent {
        return Err(bad_status(&before, "rejected"));
    }
    let mut e = Vec::new();
    let reason = validate::text(&mut e, "/reason", input.reason, 500, false);
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let mut after = before.clone();
    after.status = QuoteStatus::Rejected;
    after.decided_at = Some(tx.now());
    after.decision_note = reason;
    save(tx, &before, &mut after).await?;
    audit_change(tx, "sales.quote_rejected", Some(&before), &after).await?;
    status_reached(tx, &after).await?;
    Ok(after)
}

/// Sent quotes whose validity ended before their store's today expire.
pub(crate) async fn expire_due(db: &TenantDb, now: DateTime<Utc>) -> Result<(), AppError> {
    // Every store's today is within a day of UTC's: read the candidates by UTC and let each
    // store's own date decide.
    let utc_today = now.date_naive();
    let mut after: Option<QuoteId> = None;
    loop {
        let mut q = Entity::find()
            .filter(C::Status.eq(QuoteStatus::Sent))
            .filter(C::ValidUntil.lte(utc_today))
            .order_by_asc(C::Id)
            .limit(200);
        if let Some(a) = after {
            q = q.filter(C::Id.gt(a));
        }
        let due = q.all(db.conn()).await?;
        let Some(last) = due.last().map(|q| q.id) else { return Ok(()) };
        for before in due {
            let tx = db.begin_as(Actor::system(), now).await?;
            if expire(&tx, &before).await? {
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
        }
        after = Some(last);
    }
}

/// Sent quotes whose validity ended, oldest first (a demo's load expires them at once).
pub(crate) async fn sent_until(db: &impl ConnectionTrait, day: NaiveDate) -> Result<Vec<Quote>, AppError> {
    Ok(Entity::find()
        .filter(C::Status.eq(QuoteStatus::Sent))
        .filter(C::ValidUntil.lte(day))
        .order_by_asc(C::Id)
        .all(db)
        .await?)
}

/// Expires `before` if its validity ended before its store's today; whether it did. Answered
/// or revised meanwhile, it is left as it is.
pub(crate) async fn expire(tx: &Tx, before: &Quote) -> Result<bool, AppError> {
    let now = tx.now();
    if before.valid_until >= store_today(tx, before.store_id, now).await? {
        return Ok(false);
    }
    let mut q = before.clone();
    q.status = QuoteStatus::Expired;
    q.decided_at = Some(now);
    match save(tx, before, &mut q).await {
        Ok(()) => {
            audit_change(tx, "sales.quote_expired", Some(before), &q).await?;
            status_reached(tx, &q).await?;
            Ok(true)
        }
        Err(e) if e.code == "http.precondition_failed" => Ok(false),
        Err(e) => Err(e),
    }
}

/// `quote.<status>` to the outbox, in the transaction that moved it there.
pub(crate) async fn status_reached(tx: &Tx, q: &Quote) -> Result<(), AppError> {
    let e = crate::events::QuoteStatusReached::of(tx.tenant_id(), q, tx.now());
    innexar_db::outbox::record(tx, &crate::events::SalesEvent::Quote(e)).await?;
    Ok(())
}

async fn audit_change(tx: &Tx, action: &'static str, before: Option<&Quote>, after: &Quote) -> Result<(), AppError> {
    crate::deal::audit(tx, action, "quote", after.id.uuid(), before, after).await
}

/// Whether `actor` may read quote `q`: their own, or their stores' with `sales.see_store`.
pub(crate) fn may_see(actor: &Actor, q: &Quote) -> bool {
    (q.salesperson_id.is_some() && q.salesperson_id == actor.id)
        || (actor.can(SALES_SEE_STORE) && actor.can_access_store(q.store_id))
}

pub(crate) async fn visible(db: &impl ConnectionTrait, actor: &Actor, id: QuoteId) -> Result<Quote, AppError> {
    Entity::find_by_id(id).one(db).await?.filter(|q| may_see(actor, q)).ok_or_else(not_found)
}

/// A quote and its current version's content.
pub async fn get(db: &impl ConnectionTrait, actor: &Actor, id: QuoteId) -> Result<(Quote, QuoteContent), AppError> {
    let q = visible(db, actor, id).await?;
    let v = version(db, &q, q.current_version).await?;
    Ok((q, v.content))
}

/// A quote by id, unscoped (a sale's quote, the sale checked already).
pub(crate) async fn entity_by_id(db: &impl ConnectionTrait, id: QuoteId) -> Result<Quote, AppError> {
    Entity::find_by_id(id).one(db).await?.ok_or_else(not_found)
}

/// Version `n` of `q`.
pub(crate) async fn version_of(db: &impl ConnectionTrait, q: &Quote, n: i32) -> Result<QuoteVersion, AppError> {
    version(db, q, n).await
}

/// The content of `q`'s current version (`q` read already).
pub(crate) async fn current_content(db: &impl ConnectionTrait, q: &Quote) -> Result<QuoteContent, AppError> {
    Ok(version(db, q, q.current_version).await?.content)
}

async fn version(db: &impl ConnectionTrait, q: &Quote, n: i32) -> Result<QuoteVersion, AppError> {
    version_entity::Entity::find()
        .filter(version_entity::Column::QuoteId.eq(q.id))
        .filter(version_entity::Column::Version.eq(n))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("sales.quote_version_not_found", "the quote has no such version"))
}

/// One version of a quote, as the customer was shown it.
pub async fn get_version(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: QuoteId,
    n: i32,
) -> Result<(Quote, QuoteVersion), AppError> {
    let q = visible(db, actor, id).await?;
    let v = version(db, &q, n).await?;
    Ok((q, v))
}

/// Every version of a quote, oldest first.
pub async fn versions(db: &impl ConnectionTrait, actor: &Actor, id: QuoteId) -> Result<Vec<QuoteVersion>, AppError> {
    let q = visible(db, actor, id).await?;
    Ok(version_entity::Entity::find()
        .filter(version_entity::Column::QuoteId.eq(q.id))
        .order_by_asc(version_entity::Column::Version)
        .all(db)
        .await?)
}

pub const SORTABLE: &[&str] = &["createdAt", "validUntil", "totalCents", "number"];

/// A quote list's filters.
#[derive(Debug, Default, Clone)]
pub struct QuoteFilter {
    pub status: Option<Vec<QuoteStatus>>,
    pub store_id: Option<StoreId>,
    pub customer_id: Option<CustomerId>,
    pub vehicle_id: Option<VehicleId>,
    pub salesperson_id: Option<Uuid>,
}

pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: QuoteFilter,
    page: PageParams,
) -> Result<Page<Quote>, AppError> {
    let request: PageRequest = page.validate(SORTABLE)?;
    let mut cond = Condition::all();
    if let Some(s) = f.status {
        cond = cond.add(C::Status.is_in(s));
    }
    if let Some(s) = f.store_id {
        cond = cond.add(C::StoreId.eq(s));
    }
    if let Some(c) = f.customer_id {
        cond = cond.add(C::CustomerId.eq(c));
    }
    if let Some(v) = f.vehicle_id {
        cond = cond.add(C::VehicleId.eq(v));
    }
    if let Some(s) = f.salesperson_id {
        cond = cond.add(C::SalespersonId.eq(s));
    }
    cond = cond.add(crate::deal::visible_to(actor, C::SalespersonId, C::StoreId));
    let column = |field: &str| match field {
        "validUntil" => C::ValidUntil,
        "totalCents" => C::Total,
        "number" => C::Number,
        _ => C::CreatedAt,
    };
    crate::deal::page_of(db, Entity::find().filter(cond), &request, column, C::CreatedAt, C::Id).await
}
