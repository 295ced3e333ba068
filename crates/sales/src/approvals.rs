//! Discount approvals. Each store sets how much discount each role may give by itself (a share
//! of the asking price, an amount, or both); a quote whose discount is above its sender's limit
//! is sent only after a Store Manager approves it, rejects it, or counter-proposes a smaller
//! discount the salesperson may then give. One pending request per quote (the database
//! decides); the approvals inbox lists the pending ones of a manager's stores.

use innexar_db::{Tx, audit};
use innexar_kernel::{Actor, AppError, FieldError, Money, Role, StoreId, validate};
use rust_decimal::Decimal;
use sea_orm::ActiveValue::Set;
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, QueryTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::permissions::{SALES_APPROVE_DISCOUNTS, SALES_SEE_STORE};
use crate::quotes::{self, Quote, QuoteId, QuoteStatus};

pub mod limit_entity {
    use innexar_kernel::StoreId;
    use sea_orm::entity::prelude::*;

    #[derive(Debug, Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sales_discount_limits")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub store_id: StoreId,
        pub role: String,
        pub max_percent: Option<String>,
        pub max_cents: Option<i64>,
        pub updated_at: chrono::DateTime<chrono::Utc>,
        #[sea_orm(column_name = "row_version")]
        pub version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// How much discount a role gives without approval at a store. `null` in both is no limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DiscountLimit {
    pub role: Role,
    /// A share of the asking price as text ("0.03" is 3 %).
    #[schema(value_type = Option<String>, example = "0.03")]
    pub max_percent: Option<Decimal>,
    #[schema(value_type = Option<i64>)]
    pub max_cents: Option<Money>,
    /// The store set none for this role: the default applies.
    #[serde(default)]
    pub is_default: bool,
}

impl DiscountLimit {
    /// Whether a discount of `discount` on `price` is within the limit.
    pub fn allows(&self, price: Money, discount: Money) -> bool {
        let share_ok = self.max_percent.is_none_or(|p| Decimal::from(discount.0) <= p * Decimal::from(price.0));
        let amount_ok = self.max_cents.is_none_or(|m| discount.0 <= m.0);
        share_ok && amount_ok
    }

    fn unlimited(&self) -> bool {
        self.max_percent.is_none() && self.max_cents.is_none()
    }
}

/// A store's limits when it has set none: a salesperson gives up to 3 % and R$ 3.000,00; managers
/// and Owners are not limited (they approve).
pub fn default_limit(role: Role) -> DiscountLimit {
    match role {
        Role::Owner | Role::StoreManager => {
            DiscountLimit { role, max_percent: None, max_cents: None, is_default: true }
        }
        _ => DiscountLimit {
            role,
            max_percent: Some(Decimal::new(3, 2)),
            max_cents: Some(Money(300_000)),
            is_default: true,
        },
    }
}

/// The roles whose limits a store sets: those who write quotes.
pub const LIMITED_ROLES: &[Role] = &[Role::Sales, Role::StoreManager, Role::Owner];

/// A store's limits, one for each role that writes quotes, and their version.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StoreLimits {
    pub items: Vec<DiscountLimit>,
    /// Grows with every change to the store's limits (0: all defaults); also sent as the ETag.
    pub version: i64,
}

/// A store's limit for each role that writes quotes.
pub async fn limits(db: &impl ConnectionTrait, store: StoreId) -> Result<StoreLimits, AppError> {
    Ok(store_limits(&limit_rows(db, store).await?))
}

fn store_limits(rows: &[limit_entity::Model]) -> StoreLimits {
    let items = LIMITED_ROLES
        .iter()
        .map(|&role| {
            rows.iter()
                .find(|r| r.role == role.as_str())
                .map(|r| DiscountLimit {
                    role,
                    max_percent: r.max_percent.as_deref().and_then(|p| p.parse().ok()),
                    max_cents: r.max_cents.map(Money),
                    is_default: false,
                })
                .unwrap_or_else(|| default_limit(role))
        })
        .collect();
    // Each write raises a row's version or adds a row at 1, so the sum only grows.
    StoreLimits { items, version: rows.iter().map(|r| r.version).sum() }
}

async fn limit_rows(db: &impl ConnectionTrait, store: StoreId) -> Result<Vec<limit_entity::Model>, AppError> {
    Ok(limit_entity::Entity::find().filter(limit_entity::Column::StoreId.eq(store)).all(db).await?)
}

/// A store's limits as a manager sets them.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LimitsInput {
    #[schema(max_items = 3)]
    pub limits: Vec<LimitInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LimitInput {
    /// `sales`, `store_manager` or `owner`.
    pub role: Role,
    /// A share of the asking price as text, "0" to "1" ("0.03" is 3 %); null for none.
    #[schema(example = "0.03")]
    pub max_percent: Option<String>,
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub max_cents: Option<i64>,
}

/// Sets a store's limits over the version read; a role left out keeps its limit.
pub async fn set_limits(
    tx: &Tx,
    store: StoreId,
    expected: innexar_kernel::IfMatch,
    input: LimitsInput,
) -> Result<StoreLimits, AppError> {
    innexar_org::queries::get_store(tx, tx.actor(), store).await?;
    // One read for the version check and the compare-and-set below: rows read again later
    // could be another manager's, committed meanwhile, and pass for the ones checked.
    let rows = limit_rows(tx, store).await?;
    let before = store_limits(&rows);
    if !expected.allows(before.version) {
        return Err(limits_changed());
    }
    let mut e = Vec::new();
    let mut parsed = Vec::new();
    for (i, l) in input.limits.iter().enumerate() {
        if !LIMITED_ROLES.contains(&l.role) {
            e.push(FieldError::new(
                format!("/limits/{i}/role"),
                "sales.role_without_limit",
                "only sales, store_manager and owner write quotes",
            ));
            continue;
        }
        if input.limits[..i].iter().any(|o| o.role == l.role) {
            e.push(FieldError::new(format!("/limits/{i}/role"), "sales.duplicate_role", "this role is listed twice"));
        }
        let pct = match l.max_percent.as_deref() {
            None => None,
            Some(raw) => match crate::financing::parse_fraction(raw, Decimal::ONE) {
                Ok(p) => Some(p),
                Err(_) => {
                    e.push(FieldError::new(
                        format!("/limits/{i}/maxPercent"),
                        "sales.invalid_limit",
                        "a share from \"0\" to \"1\" as text",
                    ));
                    None
                }
            },
        };
        if l.max_cents.is_some_and(|c| !(0..=crate::financing::MAX_AMOUNT_CENTS).contains(&c)) {
            e.push(FieldError::new(
                format!("/limits/{i}/maxCents"),
                "sales.invalid_limit",
                "from zero to R$ 100 million",
            ));
        }
        parsed.push(DiscountLimit {
            role: l.role,
            max_percent: pct,
            max_cents: l.max_cents.map(Money),
            is_default: false,
        });
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    for l in &parsed {
        let mut row = limit_entity::ActiveModel {
            id: Set(innexar_kernel::new_id()),
            store_id: Set(store),
            role: Set(l.role.as_str().to_string()),
            max_percent: Set(l.max_percent.map(|p| p.normalize().to_string())),
            max_cents: Set(l.max_cents.map(|m| m.0)),
            updated_at: Set(tx.now()),
            version: Set(1),
        };
        // Compare-and-set per role: the row as read, or none (a concurrent first save of the
        // same role meets the unique index).
        let written = match rows.iter().find(|r| r.role == l.role.as_str()) {
            Some(old) => {
                row.id = Set(old.id);
                row.version = Set(old.version + 1);
                limit_entity::Entity::update_many()
                    .set(row)
                    .filter(limit_entity::Column::Id.eq(old.id))
                    .filter(limit_entity::Column::Version.eq(old.version))
                    .exec(tx)
                    .await?
                    .rows_affected
                    == 1
            }
            None => crate::deal::insert_unique(tx, limit_entity::Entity::insert(row).into_query()).await?,
        };
        if !written {
            return Err(limits_changed());
        }
    }
    let after = limits(tx, store).await?;
    audit::record(
        tx,
        audit::Change {
            action: "sales.discount_limits_set",
            entity_type: "store",
            entity_id: Some(store.uuid()),
            before: Some(&serde_json::to_value(&before).unwrap_or_default()),
            after: Some(&serde_json::to_value(&after).unwrap_or_default()),
        },
    )
    .await?;
    Ok(after)
}

/// The most generous of the actor's roles' limits at a store.
async fn actor_allows(tx: &Tx, actor: &Actor, store: StoreId, price: Money, discount: Money) -> Result<bool, AppError> {
    if discount.0 == 0 {
        return Ok(true);
    }
    let all = limits(tx, store).await?.items;
    Ok(all.iter().filter(|l| actor.has_role(l.role)).any(|l| l.unlimited() || l.allows(price, discount)))
}

pub mod entity {
    use innexar_kernel::{Money, StoreId};
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    use crate::quotes::QuoteId;

    innexar_kernel::id_type!(
        /// A request for a discount above the salesperson's limit.
        ApprovalId
    );

    innexar_kernel::string_enum!(
        /// Where a discount request stands.
        pub ApprovalStatus {
            Pending = "pending",
            Approved = "approved",
            Rejected = "rejected",
            /// The manager offered a smaller discount (`approvedDiscountCents`).
            Countered = "countered",
        }
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "sales_approvals")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = Approval)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: ApprovalId,
        pub quote_id: QuoteId,
        pub quote_version: i32,
        pub store_id: StoreId,
        pub status: ApprovalStatus,
        pub requested_by: Option<Uuid>,
        pub requested_at: chrono::DateTime<chrono::Utc>,
        /// The asking price and the discount asked for.
        #[sea_orm(column_name = "price_cents")]
        #[serde(rename = "priceCents")]
        pub price: Money,
        #[sea_orm(column_name = "discount_cents")]
        #[serde(rename = "discountCents")]
        pub discount: Money,
        pub comment: Option<String>,
        pub decided_by: Option<Uuid>,
        pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
        /// The discount the manager allows: the one asked (approved) or less (countered).
        #[sea_orm(column_name = "approved_discount_cents")]
        #[serde(rename = "approvedDiscountCents")]
        pub approved_discount: Option<Money>,
        pub decision_comment: Option<String>,
        /// The row version, also sent as the ETag (If-Match takes it).
        #[sea_orm(column_name = "row_version")]
        #[serde(default)]
        pub version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use entity::{ApprovalId, ApprovalStatus, Model as Approval};
use entity::{Column as C, Entity};

/// Whether the quote's discount may go to the customer: within the actor's limit, or approved
/// (or counter-proposed at least as high) for this quote. Otherwise 409 `sales.approval_required`.
pub(crate) async fn check_discount(tx: &Tx, q: &Quote) -> Result<(), AppError> {
    // No discount, nothing to approve (and nothing more to read).
    if q.discount.0 == 0 {
        return Ok(());
    }
    let content = quotes::current_content(tx, q).await?;
    let (price, discount) = (content.totals.price_cents, content.totals.discount_cents);
    if actor_allows(tx, tx.actor(), q.store_id, price, discount).await? {
        return Ok(());
    }
    if approved_up_to(tx, q.id).await?.is_some_and(|a| a.0 >= discount.0) {
        return Ok(());
    }
    Err(AppError::conflict(
        "sales.approval_required",
        format!(
            "a discount of {} on {} is above your limit; ask a manager to approve it",
            crate::quotes::content::reais(discount.0),
            crate::quotes::content::reais(price.0)
        ),
    ))
}

/// The largest discount a manager allowed on this quote, if any.
async fn approved_up_to(db: &impl ConnectionTrait, quote: QuoteId) -> Result<Option<Money>, AppError> {
    let rows = Entity::find()
        .filter(C::QuoteId.eq(quote))
        .filter(C::Status.is_in([ApprovalStatus::Approved, ApprovalStatus::Countered]))
        .all(db)
        .await?;
    Ok(rows.iter().filter_map(|a| a.approved_discount).max_by_key(|m| m.0))
}

/// A salesperson's request.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApprovalRequest {
    /// Why the customer should get it ("matches the competitor's offer").
    #[schema(max_length = 1000)]
    pub comment: Option<String>,
}

pub async fn request(tx: &Tx, quote: QuoteId, input: ApprovalRequest) -> Result<Approval, AppError> {
    let actor = tx.actor();
    let (q, content) = quotes::get(tx, actor, quote).await?;
    if q.status != QuoteStatus::Draft {
        return Err(AppError::conflict(
            "sales.invalid_quote_status",
            "only a draft's discount is submitted for approval",
        ));
    }
    let (price, discount) = (content.totals.price_cents, content.totals.discount_cents);
    if actor_allows(tx, actor, q.store_id, price, discount).await?
        || approved_up_to(tx, q.id).await?.is_some_and(|a| a.0 >= discount.0)
    {
        return Err(AppError::conflict(
            "sales.approval_not_needed",
            "this discount is within your limit or already approved",
        ));
    }
    let mut e = Vec::new();
    let comment = validate::text(&mut e, "/comment", input.comment, 1000, false);
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let a = Approval {
        id: ApprovalId::new(),
        quote_id: q.id,
        quote_version: q.current_version,
        store_id: q.store_id,
        status: ApprovalStatus::Pending,
        requested_by: actor.id,
        requested_at: tx.now(),
        price,
        discount,
        comment,
        decided_by: None,
        decided_at: None,
        approved_discount: None,
        decision_comment: None,
        version: 1,
    };
    let row = Entity::insert(entity::ActiveModel::from(a.clone()).reset_all()).into_query();
    if !crate::deal::insert_unique(tx, row).await? {
        return Err(AppError::conflict("sales.approval_pending", "this quote already waits for a manager's decision"));
    }
    audit_change(tx, "sales.discount_approval_requested", None, &a).await?;
    let approvers = innexar_identity::queries::active_users_who_can(tx, SALES_APPROVE_DISCOUNTS, q.store_id).await?;
    let params = serde_json::json!({
        "quoteId": q.id,
        "quoteNumber": q.number,
        "priceCents": price.0,
        "discountCents": discount.0,
    });
    crate::deal::notify(tx, approvers.iter().map(|u| u.id.uuid()), "sales.approval_requested", params, "/approvals")
        .await?;
    let customer = innexar_crm::queries::customer_record(&**tx, q.customer_id).await?;
    let mail = serde_json::json!({
        "quote_number": q.number,
        "customer_name": customer.name,
        "discount": crate::quotes::content::reais(discount.0),
    });
    let to: Vec<Uuid> = approvers.iter().map(|u| u.id.uuid()).collect();
    crate::deal::email(tx, to, "approval_requested", mail, "/approvals").await?;
    Ok(a)
}

innexar_kernel::string_enum!(
    /// A manager's answer.
    pub ApprovalDecision { Approve = "approve", Reject = "reject", Counter = "counter" }
);

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecisionInput {
    pub decision: ApprovalDecision,
    /// Required to reject or counter.
    #[schema(max_length = 1000)]
    pub comment: Option<String>,
    /// Counter: the discount you allow instead, less than the one asked.
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub counter_discount_cents: Option<i64>,
}

pub async fn decide(tx: &Tx, id: ApprovalId, input: DecisionInput) -> Result<Approval, AppError> {
    let actor = tx.actor();
    let before = Entity::find_by_id(id)
        .one(tx)
        .await?
        .filter(|a| actor.can(SALES_APPROVE_DISCOUNTS) && actor.can_access_store(a.store_id))
        .ok_or_else(not_found)?;
    if before.status != ApprovalStatus::Pending {
        return Err(AppError::conflict(
            "sales.approval_decided",
            format!("this request was already {}", before.status.as_str()),
        ));
    }
    let mut e = Vec::new();
    let comment = validate::text(&mut e, "/comment", input.comment, 1000, input.decision != ApprovalDecision::Approve);
    let approved = match input.decision {
        ApprovalDecision::Approve => Some(before.discount),
        ApprovalDecision::Reject => None,
        ApprovalDecision::Counter => match input.counter_discount_cents {
            Some(c) if (0..before.discount.0).contains(&c) => Some(Money(c)),
            Some(_) => {
                e.push(FieldError::new(
                    "/counterDiscountCents",
                    "sales.invalid_counter",
                    "less than the discount asked, and not negative",
                ));
                None
            }
            None => {
                e.push(FieldError::new("/counterDiscountCents", "field.required", "the discount you allow instead"));
                None
            }
        },
    };
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let mut after = before.clone();
    after.status = match input.decision {
        ApprovalDecision::Approve => ApprovalStatus::Approved,
        ApprovalDecision::Reject => ApprovalStatus::Rejected,
        ApprovalDecision::Counter => ApprovalStatus::Countered,
    };
    after.decided_by = actor.id;
    after.decided_at = Some(tx.now());
    after.approved_discount = approved;
    after.decision_comment = comment;
    after.version += 1;
    let res = Entity::update_many()
        .set(entity::ActiveModel::from(after.clone()).reset_all())
        .filter(C::Id.eq(id))
        .filter(C::Version.eq(before.version))
        .exec(tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::conflict("sales.approval_decided", "another manager decided this request meanwhile"));
    }
    audit_change(tx, "sales.discount_approval_decided", Some(&before), &after).await?;
    let number = quotes::entity::Entity::find_by_id(after.quote_id).one(tx).await?.map(|q| q.number);
    let params = serde_json::json!({
        "quoteId": after.quote_id,
        "quoteNumber": number,
        "decision": after.status,
        "discountCents": after.discount.0,
        "approvedDiscountCents": after.approved_discount.map(|m| m.0),
    });
    let link = format!("/quotes/{}", after.quote_id);
    crate::deal::notify(tx, after.requested_by, "sales.approval_decided", params, &link).await?;
    let mail = serde_json::json!({
        "approved": after.status != ApprovalStatus::Rejected,
        "quote_number": number.unwrap_or_default(),
        "note": after.decision_comment.clone().unwrap_or_default(),
    });
    crate::deal::email(tx, after.requested_by, "approval_decided", mail, &link).await?;
    Ok(after)
}

fn limits_changed() -> AppError {
    AppError::precondition_failed("the store's limits were changed by someone else; reload and try again")
}

fn not_found() -> AppError {
    AppError::not_found("sales.approval_not_found", "no approval request with this id, or not one you may see")
}

async fn audit_change(
    tx: &Tx,
    action: &'static str,
    before: Option<&Approval>,
    after: &Approval,
) -> Result<(), AppError> {
    crate::deal::audit(tx, action, "discount_approval", after.id.uuid(), before, after).await
}

/// The approvals inbox: a manager's stores' requests (or a salesperson's own), pending first.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    status: Option<ApprovalStatus>,
) -> Result<Vec<Approval>, AppError> {
    let mut q = Entity::find();
    if let Some(s) = status {
        q = q.filter(C::Status.eq(s));
    }
    if !(actor.can(SALES_APPROVE_DISCOUNTS) || actor.can(SALES_SEE_STORE)) {
        q = q.filter(C::RequestedBy.eq(actor.id));
    } else if let Some(stores) = &actor.store_ids {
        q = q.filter(C::StoreId.is_in(stores.iter().copied()));
    }
    Ok(q.order_by_desc(C::RequestedAt).limit(200).all(db).await?)
}

/// A quote's requests, newest first.
pub async fn of_quote(db: &impl ConnectionTrait, quote: QuoteId) -> Result<Vec<Approval>, AppError> {
    Ok(Entity::find().filter(C::QuoteId.eq(quote)).order_by_desc(C::RequestedAt).all(db).await?)
}
