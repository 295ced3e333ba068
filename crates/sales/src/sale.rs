//! The sale (pedido de venda, `PV-00001`), made from an accepted quote in one transaction: the
//! vehicle becomes sold and its buyer's, the trade-in enters stock at its appraised value, the
//! salesperson's commission is computed with the plan that applies, the lead is won, and
//! `sale.completed` and `vehicle.status_changed` go to the outbox. Of concurrent attempts on one
//! vehicle exactly one succeeds: the vehicle row's compare-and-set decides, and a quote is sold
//! once (a unique index). A cancellation is a new row that reverses all of it, with its reason
//! and `sale.cancelled`; a sale is never edited or deleted.

use chrono::Datelike;
use innexar_db::{Tx, audit, outbox};
use innexar_kernel::page::{PageParams, PageRequest};
use innexar_kernel::{Actor, AppError, FieldError, Money, Page, StoreId, validate};
use innexar_vehicles::commands::{DealMove, sell_for_deal, take_trade_in, vehicle_for_deal};
use innexar_vehicles::model::VehicleStatus;
use sea_orm::entity::prelude::*;
use sea_orm::{Condition, PaginatorTrait, QuerySelect, QueryTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::commissions::{self, Commission};
use crate::events::{SaleCancelled, SaleCompleted, SalesEvent};
use crate::permissions::SALES_SEE_STORE;
use crate::quotes::{self, QuoteId, QuoteStatus};
use crate::reservations::{self, ReservationStatus};

pub mod entity {
    use innexar_kernel::{CustomerId, Money, StoreId};
    use innexar_vehicles::ids::VehicleId;
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    use crate::quotes::QuoteId;

    innexar_kernel::id_type!(
        /// A sale (pedido de venda).
        SaleId
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "sales_sales")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = SaleRecord)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: SaleId,
        /// `PV-00001`.
        pub number: String,
        pub quote_id: QuoteId,
        pub quote_version: i32,
        pub store_id: StoreId,
        pub customer_id: CustomerId,
        pub vehicle_id: VehicleId,
        pub salesperson_id: Option<Uuid>,
        /// The customer's car that entered stock with the sale.
        pub trade_in_vehicle_id: Option<VehicleId>,
        #[sea_orm(column_name = "total_cents")]
        #[serde(rename = "totalCents")]
        pub total: Money,
        #[sea_orm(column_name = "price_cents")]
        #[serde(rename = "priceCents")]
        pub price: Money,
        #[sea_orm(column_name = "discount_cents")]
        #[serde(rename = "discountCents")]
        pub discount: Money,
        #[sea_orm(column_name = "gross_margin_cents")]
        #[serde(skip)]
        pub gross_margin: Money,
        #[sea_orm(column_name = "fi_returns_cents")]
        #[serde(skip)]
        pub fi_returns: Money,
        /// `YYYY-MM` of the sale in the store's calendar.
        pub month: String,
        pub sold_at: chrono::DateTime<chrono::Utc>,
        pub created_by: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cancellation_entity {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    use super::SaleId;

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "sales_cancellations")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = SaleCancellation)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub sale_id: SaleId,
        pub reason: String,
        pub cancelled_by: Option<Uuid>,
        pub cancelled_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::{Column as C, Entity};
pub use entity::{Model as Sale, SaleId};
pub type Cancellation = cancellation_entity::Model;

pub fn sale_number(n: i64) -> String {
    format!("PV-{n:05}")
}

fn not_found() -> AppError {
    AppError::not_found("sales.sale_not_found", "no sale with this id, or not one you may see")
}

fn unavailable(detail: &str) -> AppError {
    AppError::conflict("sales.vehicle_not_available", detail.to_string())
}

/// A sale with what happened to it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SaleView {
    #[serde(flatten)]
    pub sale: Sale,
    /// Only with `vehicles.view_cost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_margin_cents: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fi_returns_cents: Option<Money>,
    pub cancellation: Option<Cancellation>,
    /// Earned and reversed; a salesperson sees their own.
    pub commissions: Vec<Commission>,
}

pub async fn view(db: &impl ConnectionTrait, actor: &Actor, sale: Sale) -> Result<SaleView, AppError> {
    let cancellation =
        cancellation_entity::Entity::find().filter(cancellation_entity::Column::SaleId.eq(sale.id)).one(db).await?;
    let commissions = commissions::of_sale(db, sale.id)
        .await?
        .into_iter()
        .filter(|c| actor.can(SALES_SEE_STORE) || Some(c.user_id) == actor.id)
        .collect();
    let costs = actor.can(innexar_vehicles::permissions::VEHICLES_VIEW_COST);
    Ok(SaleView {
        gross_margin_cents: costs.then_some(sale.gross_margin),
        fi_returns_cents: costs.then_some(sale.fi_returns),
        sale,
        cancellation,
        commissions,
    })
}

/// A sale just made, as its maker reads it (nothing more to read: no cancellation yet, and the
/// commission it earned).
pub fn new_view(actor: &Actor, sale: Sale, earned: Option<Commission>) -> SaleView {
    let costs = actor.can(innexar_vehicles::permissions::VEHICLES_VIEW_COST);
    let commissions =
        earned.into_iter().filter(|c| actor.can(SALES_SEE_STORE) || Some(c.user_id) == actor.id).collect();
    SaleView {
        gross_margin_cents: costs.then_some(sale.gross_margin),
        fi_returns_cents: costs.then_some(sale.fi_returns),
        sale,
        cancellation: None,
        commissions,
    }
}

/// Sells an accepted quote; the sale and the commission it earned.
pub async fn complete(tx: &Tx, quote_id: QuoteId) -> Result<(Sale, Option<Commission>), AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let q = quotes::visible(tx, actor, quote_id).await?;
    if q.status != QuoteStatus::Accepted {
        return Err(AppError::conflict(
            "sales.quote_not_accepted",
            format!("a {} quote cannot be sold; the customer accepts it first", q.status.as_str()),
        ));
    }
    let content = quotes::current_content(tx, &q).await?;
    let today = quotes::store_today(tx, q.store_id, now).await?;
    let month = format!("{:04}-{:02}", today.year(), today.month());
    // A stored version always has its margin; only answers leave it out.
    let margin = content.margin.clone().unwrap_or_default();
    let sale = Sale {
        id: SaleId::new(),
        number: sale_number(innexar_db::counters::next(tx, innexar_db::counters::SALE_NUMBER).await?),
        quote_id: q.id,
        quote_version: q.current_version,
        store_id: q.store_id,
        customer_id: q.customer_id,
        vehicle_id: q.vehicle_id,
        salesperson_id: q.salesperson_id,
        trade_in_vehicle_id: content.trade_in.as_ref().map(|t| t.vehicle.id),
        total: content.totals.total_cents,
        price: content.totals.price_cents,
        discount: content.totals.discount_cents,
        gross_margin: margin.gross_cents,
        fi_returns: margin.fi_returns_cents,
        month: month.clone(),
        sold_at: now,
        created_by: actor.id,
    };
    // A quote is sold once: of two attempts at once the second fails here (on PostgreSQL after
    // waiting for the first to commit) and writes nothing.
    let row = Entity::insert(entity::ActiveModel::from(sale.clone()).reset_all()).into_query();
    if !crate::deal::insert_unique(tx, row).await? {
        return Err(AppError::conflict("sales.quote_already_sold", "this quote has already been sold"));
    }
    let v = vehicle_for_deal(tx, q.vehicle_id).await?;
    if v.status == VehicleStatus::Reserved {
        match reservations::active_for(tx, v.id).await? {
            Some(r) if r.customer_id != q.customer_id => return Err(reservations::reserved(r.ends_at)),
            Some(r) => {
                reservations::end(tx, &r, ReservationStatus::Converted, Some(sale.number.clone())).await?;
            }
            None => {}
        }
    }
    match sell_for_deal(tx, &v, Some(q.customer_id), Some(format!("sale {}", sale.number))).await? {
        Ok(_) => {}
        Err(DealMove::NotIn(status)) => {
            return Err(unavailable(&format!("vehicle {} is {}, not for sale", v.stock_number, status.as_str())));
        }
        Err(DealMove::Raced) => return Err(unavailable("the vehicle was sold or reserved meanwhile")),
    }
    if let Some(t) = &content.trade_in {
        let tv = vehicle_for_deal(tx, t.vehicle.id).await?;
        let cost = t.appraised_value_cents.unwrap_or(t.allowance_cents);
        match take_trade_in(tx, &tv, Some(cost), q.customer_id).await? {
            Ok(_) => {}
            Err(_) => {
                return Err(AppError::conflict(
                    "sales.trade_in_unavailable",
                    format!("the trade-in {} is no longer the customer's car to take", tv.stock_number),
                ));
            }
        }
    }
    let mut earned = None;
    if let Some(salesperson) = q.salesperson_id {
        let nth = active_sales_of(tx, salesperson, &month).await?;
        earned = commissions::earn(
            tx,
            commissions::SaleFigures {
                sale_id: sale.id,
                salesperson,
                store: q.store_id,
                month: month.clone(),
                price_net: sale.price.0 - sale.discount.0,
                gross_margin: sale.gross_margin.0,
                fi_returns: sale.fi_returns.0,
                nth,
            },
        )
        .await?;
    }
    if let Some(lead) = q.lead_id {
        win_lead(tx, lead, &sale.number).await?;
    }
    outbox::record(
        tx,
        &SalesEvent::SaleCompleted(SaleCompleted {
            tenant_id: tx.tenant_id(),
            sale_id: sale.id,
            number: sale.number.clone(),
            quote_id: q.id,
            vehicle_id: sale.vehicle_id,
            customer_id: sale.customer_id,
            store_id: sale.store_id,
            salesperson_id: sale.salesperson_id,
            trade_in_vehicle_id: sale.trade_in_vehicle_id,
            amount_cents: sale.total,
            sold_at: now,
        }),
    )
    .await?;
    audit::record(
        tx,
        audit::Change {
            action: "sales.sale_completed",
            entity_type: "sale",
            entity_id: Some(sale.id.uuid()),
            before: None,
            after: Some(&serde_json::to_value(&sale).unwrap_or_default()),
        },
    )
    .await?;
    Ok((sale, earned))
}

/// The salesperson's sales in `month` not cancelled, this transaction's included.
async fn active_sales_of(tx: &Tx, salesperson: Uuid, month: &str) -> Result<u32, AppError> {
    use sea_orm::sea_query::Query;
    let cancelled =
        Query::select().column(cancellation_entity::Column::SaleId).from(cancellation_entity::Entity).to_owned();
    let n = Entity::find()
        .filter(C::SalespersonId.eq(salesperson))
        .filter(C::Month.eq(month))
        .filter(C::Id.not_in_subquery(cancelled))
        .count(tx)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The quote's lead is won, if it is still open.
async fn win_lead(tx: &Tx, lead: Uuid, number: &str) -> Result<(), AppError> {
    let id = innexar_crm::model::LeadId(lead);
    let Ok(l) = innexar_crm::queries::get_lead(tx, &Actor::system(), id).await else { return Ok(()) };
    if !l.stage.is_open() {
        return Ok(());
    }
    let m = innexar_crm::commands::StageMove {
        stage: innexar_crm::model::LeadStage::Won,
        lost_reason: None,
        note: Some(format!("venda {number}")),
    };
    match innexar_crm::commands::move_stage(tx, id, m).await {
        // A lead the seller cannot see (another's) stays as it is; the sale does not need it.
        Err(e) if e.code == "leads.not_found" => Ok(()),
        other => other.map(|_| ()),
    }
}

/// Why a sale is undone.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancellationInput {
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// Undoes a sale by a reversing record: the vehicle is on sale again (unless delivered), the
/// trade-in is the customer's again (unless sold on), the commissions are reversed.
pub async fn cancel(tx: &Tx, id: SaleId, input: CancellationInput) -> Result<(Sale, Cancellation), AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let sale = visible(tx, actor, id).await?;
    let mut e = Vec::new();
    let reason = validate::text(&mut e, "/reason", Some(input.reason), 500, true).unwrap_or_default();
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let c = Cancellation {
        id: innexar_kernel::new_id(),
        sale_id: sale.id,
        reason: reason.clone(),
        cancelled_by: actor.id,
        cancelled_at: now,
    };
    let row =
        cancellation_entity::Entity::insert(cancellation_entity::ActiveModel::from(c.clone()).reset_all()).into_query();
    if !crate::deal::insert_unique(tx, row).await? {
        return Err(AppError::conflict("sales.sale_cancelled", "this sale has already been cancelled"));
    }
    let v = vehicle_for_deal(tx, sale.vehicle_id).await?;
    match sell_for_deal(tx, &v, None, Some(format!("sale {} cancelled: {reason}", sale.number))).await? {
        Ok(_) => {}
        Err(DealMove::NotIn(status)) => {
            return Err(AppError::conflict(
                "sales.vehicle_delivered",
                format!(
                    "vehicle {} is {}; a delivered car comes back by a purchase, not a cancellation",
                    v.stock_number,
                    status.as_str()
                ),
            ));
        }
        Err(DealMove::Raced) => return Err(unavailable("the vehicle changed meanwhile; try again")),
    }
    if let Some(tid) = sale.trade_in_vehicle_id {
        let tv = vehicle_for_deal(tx, tid).await?;
        if take_trade_in(tx, &tv, None, sale.customer_id).await?.is_err() {
            return Err(AppError::conflict(
                "sales.trade_in_sold_on",
                format!("the trade-in {} was sold or reserved since; undo that first", tv.stock_number),
            ));
        }
    }
    let today = quotes::store_today(tx, sale.store_id, now).await?;
    commissions::reverse(tx, sale.id, &format!("{:04}-{:02}", today.year(), today.month())).await?;
    outbox::record(
        tx,
        &SalesEvent::SaleCancelled(SaleCancelled {
            tenant_id: tx.tenant_id(),
            sale_id: sale.id,
            number: sale.number.clone(),
            vehicle_id: sale.vehicle_id,
            trade_in_vehicle_id: sale.trade_in_vehicle_id,
            amount_cents: sale.total,
            reason: reason.clone(),
            cancelled_at: now,
        }),
    )
    .await?;
    audit::record(
        tx,
        audit::Change {
            action: "sales.sale_cancelled",
            entity_type: "sale",
            entity_id: Some(sale.id.uuid()),
            before: Some(&serde_json::to_value(&sale).unwrap_or_default()),
            after: Some(&serde_json::to_value(&c).unwrap_or_default()),
        },
    )
    .await?;
    Ok((sale, c))
}

fn may_see(actor: &Actor, s: &Sale) -> bool {
    (s.salesperson_id.is_some() && s.salesperson_id == actor.id)
        || (actor.can(SALES_SEE_STORE) && actor.can_access_store(s.store_id))
}

async fn visible(db: &impl ConnectionTrait, actor: &Actor, id: SaleId) -> Result<Sale, AppError> {
    Entity::find_by_id(id).one(db).await?.filter(|s| may_see(actor, s)).ok_or_else(not_found)
}

pub async fn get(db: &impl ConnectionTrait, actor: &Actor, id: SaleId) -> Result<Sale, AppError> {
    visible(db, actor, id).await
}

pub const SORTABLE: &[&str] = &["soldAt", "totalCents", "number"];

#[derive(Debug, Default, Clone)]
pub struct SaleFilter {
    pub month: Option<String>,
    pub store_id: Option<StoreId>,
    pub salesperson_id: Option<Uuid>,
}

pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: SaleFilter,
    page: PageParams,
) -> Result<Page<Sale>, AppError> {
    let request: PageRequest = page.validate(SORTABLE)?;
    let mut cond = Condition::all();
    if let Some(m) = f.month {
        if !valid_month(&m) {
            return Err(AppError::validation(vec![FieldError::new(
                "/month",
                "sales.invalid_month",
                "a month is YYYY-MM",
            )]));
        }
        cond = cond.add(C::Month.eq(m));
    }
    if let Some(s) = f.store_id {
        cond = cond.add(C::StoreId.eq(s));
    }
    if let Some(s) = f.salesperson_id {
        cond = cond.add(C::SalespersonId.eq(s));
    }
    cond = cond.add(crate::deal::visible_to(actor, C::SalespersonId, C::StoreId));
    let column = |field: &str| match field {
        "totalCents" => C::Total,
        "number" => C::Number,
        _ => C::SoldAt,
    };
    crate::deal::page_of(db, Entity::find().filter(cond), &request, column, C::SoldAt, C::Id).await
}

pub fn valid_month(m: &str) -> bool {
    let b = m.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(m[5..].parse::<u32>(), Ok(1..=12))
}

/// Which of `sales` were cancelled, in one statement.
pub async fn cancelled_among(
    db: &impl ConnectionTrait,
    sales: Vec<SaleId>,
) -> Result<std::collections::HashSet<SaleId>, AppError> {
    if sales.is_empty() {
        return Ok(Default::default());
    }
    let ids: Vec<SaleId> = cancellation_entity::Entity::find()
        .select_only()
        .column(cancellation_entity::Column::SaleId)
        .filter(cancellation_entity::Column::SaleId.is_in(sales))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}
