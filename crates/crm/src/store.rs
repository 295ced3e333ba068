//! Every statement on the `crm_*` tables: customers here, leads and activities in `leads`.

mod bulk;
mod leads;

pub use bulk::*;
pub use leads::*;

use chrono::{DateTime, Utc};
use innexar_db::Tx;
use innexar_kernel::{AppError, CustomerId, FieldError, StoreId};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, Condition, DatabaseBackend, QueryOrder, QuerySelect, QueryTrait, SqlErr};
use uuid::Uuid;

use crate::model::Customer;
use crate::model::customer_entity::{self, Column as C};

pub mod key_entity {
    use innexar_kernel::CustomerId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "crm_customer_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub kind: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub value: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub customer_id: CustomerId,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A consent given or withdrawn: the history is kept whole, and the latest row per purpose and
/// channel is the customer's current answer.
pub mod consent_entity {
    use crate::model::{ConsentChannel, ConsentPurpose, LegalBasis};
    use innexar_kernel::CustomerId;
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "crm_consents")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = ConsentRecord)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        #[serde(skip)]
        pub customer_id: CustomerId,
        pub purpose: ConsentPurpose,
        pub channel: ConsentChannel,
        pub granted: bool,
        pub legal_basis: LegalBasis,
        /// Where it was given: "ficha de cadastro", "site", "WhatsApp".
        pub source: String,
        /// The text the person was shown, as shown.
        pub text_shown: Option<String>,
        pub text_version: Option<String>,
        pub recorded_at: chrono::DateTime<chrono::Utc>,
        /// The user who recorded it (none: the person themselves, through a form or a link).
        pub recorded_by: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use consent_entity::Model as Consent;

fn active(c: &Customer) -> customer_entity::ActiveModel {
    let mut row = c.clone();
    row.search_text = c.searchable_text();
    row.name_key = innexar_kernel::text::name_key(&c.name);
    customer_entity::ActiveModel::from(row).reset_all()
}

/// The API's answer when the database refuses a second live customer with a CPF or CNPJ: the
/// unique index is the rule, this names the customer who holds it.
async fn unique_violation(db: &impl ConnectionTrait, e: DbErr, c: &Customer) -> AppError {
    let Some(SqlErr::UniqueConstraintViolation(msg)) = e.sql_err() else { return e.into() };
    let (field, value) = if msg.contains("cpf") { ("cpf", c.cpf.clone()) } else { ("cnpj", c.cnpj.clone()) };
    let holder = match value {
        Some(v) => find_by_document(db, field, &v).await.ok().flatten(),
        None => None,
    };
    duplicate(field, holder)
}

/// 409 `customers.duplicate`, naming the existing customer's id when it is known.
pub(crate) fn duplicate(field: &str, holder: Option<CustomerId>) -> AppError {
    let label = if field == "cpf" { "CPF" } else { "CNPJ" };
    let detail = match holder {
        Some(id) => format!("customer {id} already has this {label}"),
        None => format!("another customer already has this {label}"),
    };
    AppError::conflict("customers.duplicate", detail.clone()).with_errors(vec![FieldError::new(
        format!("/{field}"),
        "customers.duplicate",
        detail,
    )])
}

pub(crate) async fn find_by_document(
    db: &impl ConnectionTrait,
    field: &str,
    value: &str,
) -> Result<Option<CustomerId>, AppError> {
    let column = if field == "cpf" { C::Cpf } else { C::Cnpj };
    let row: Option<CustomerId> = customer_entity::Entity::find()
        .select_only()
        .column(C::Id)
        .filter(column.eq(value))
        .into_tuple()
        .one(db)
        .await?;
    Ok(row)
}

pub(crate) async fn insert(tx: &Tx, c: &Customer) -> Result<(), AppError> {
    // A savepoint: PostgreSQL aborts the transaction on the refused insert, and the answer must
    // still read who holds the document.
    let sp = tx.savepoint().await?;
    match customer_entity::Entity::insert(active(c)).exec_without_returning(&sp).await {
        Ok(_) => sp.commit().await?,
        Err(e) => {
            sp.rollback().await?;
            return Err(unique_violation(tx, e, c).await);
        }
    }
    let keys = c.keys();
    if !keys.is_empty() {
        tx.write_later(key_insert(c.id, &keys));
    }
    Ok(())
}

fn key_insert(id: CustomerId, keys: &[(&'static str, String)]) -> sea_orm::sea_query::InsertStatement {
    key_entity::Entity::insert_many(keys.iter().map(|(kind, value)| key_entity::ActiveModel {
        kind: sea_orm::Set(String::from(*kind)),
        value: sea_orm::Set(value.clone()),
        customer_id: sea_orm::Set(id),
    }))
    .into_query()
}

/// Writes `c` if the row is still at version `expected`; false when someone changed it first.
/// Its keys are rewritten with it.
pub(crate) async fn update(tx: &Tx, c: &Customer, expected: i64) -> Result<bool, AppError> {
    let sp = tx.savepoint().await?;
    let res = customer_entity::Entity::update_many()
        .set(active(c))
        .filter(C::Id.eq(c.id))
        .filter(C::Version.eq(expected))
        .exec(&sp)
        .await;
    let res = match res {
        Ok(r) => {
            sp.commit().await?;
            r
        }
        Err(e) => {
            sp.rollback().await?;
            return Err(unique_violation(tx, e, c).await);
        }
    };
    if res.rows_affected != 1 {
        return Ok(false);
    }
    key_entity::Entity::delete_many().filter(key_entity::Column::CustomerId.eq(c.id)).exec(tx).await?;
    let keys = c.keys();
    if !keys.is_empty() {
        tx.execute(&key_insert(c.id, &keys)).await?;
    }
    Ok(true)
}

/// Locks customers' rows until the transaction ends, in id order (so two transactions locking
/// the same pair never wait on each other crosswise). PostgreSQL only: SQLite's writers take
/// turns on the whole database already.
pub(crate) async fn lock(tx: &Tx, ids: &[CustomerId]) -> Result<(), AppError> {
    if tx.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    customer_entity::Entity::find()
        .select_only()
        .column(C::Id)
        .filter(C::Id.is_in(ids.iter().copied()))
        .order_by_asc(C::Id)
        .lock_exclusive()
        .into_tuple::<CustomerId>()
        .all(tx)
        .await?;
    Ok(())
}

pub(crate) async fn find(db: &impl ConnectionTrait, id: CustomerId) -> Result<Option<Customer>, AppError> {
    Ok(customer_entity::Entity::find_by_id(id).one(db).await?)
}

/// Live customers (not merged) holding any of these phone or e-mail keys, other than `except`.
pub(crate) async fn find_by_keys(
    db: &impl ConnectionTrait,
    keys: &[(&'static str, String)],
    except: Option<CustomerId>,
    v: &Visibility,
) -> Result<Vec<(Customer, Vec<&'static str>)>, AppError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut any = Condition::any();
    for (kind, value) in keys {
        any = any.add(
            Condition::all().add(key_entity::Column::Kind.eq(*kind)).add(key_entity::Column::Value.eq(value.clone())),
        );
    }
    let rows: Vec<(String, String, CustomerId)> = key_entity::Entity::find()
        .select_only()
        .columns([key_entity::Column::Kind, key_entity::Column::Value, key_entity::Column::CustomerId])
        .filter(any)
        .limit(200)
        .into_tuple()
        .all(db)
        .await?;
    let mut ids: Vec<CustomerId> = rows.iter().map(|r| r.2).filter(|id| Some(*id) != except).collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let customers = customer_entity::Entity::find()
        .filter(C::Id.is_in(ids))
        .filter(C::MergedIntoId.is_null())
        .filter(v.condition())
        .all(db)
        .await?;
    Ok(customers
        .into_iter()
        .map(|c| {
            let mut on: Vec<&'static str> =
                rows.iter().filter(|r| r.2 == c.id).map(|r| if r.0 == "phone" { "phone" } else { "email" }).collect();
            on.sort();
            on.dedup();
            (c, on)
        })
        .collect())
}

/// Who may see which customers (`queries::visibility`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    All,
    /// Customers registered at these stores.
    Stores(Vec<StoreId>),
    /// Customers this user registered.
    Own(Uuid),
}

impl Visibility {
    /// The condition on `crm_customers` a reader's statements carry: lists, search, counts and
    /// exports filter in the database, not after reading. A customer is also seen through the
    /// leads one may see (a salesperson's leads' customers, a store's leads' customers).
    pub(crate) fn condition(&self) -> Condition {
        use crate::model::lead::entity::Column as L;
        let leads = |on: Condition| {
            Query::select().column(L::CustomerId).from(crate::model::lead::entity::Entity).cond_where(on).to_owned()
        };
        match self {
            Visibility::All => Condition::all(),
            Visibility::Stores(ids) => Condition::any()
                .add(C::StoreId.is_in(ids.iter().copied()))
                .add(C::Id.in_subquery(leads(Condition::all().add(L::StoreId.is_in(ids.iter().copied()))))),
            Visibility::Own(user) => Condition::any()
                .add(C::CreatedBy.eq(*user))
                .add(C::Id.in_subquery(leads(Condition::all().add(L::OwnerId.eq(*user))))),
        }
    }
}

/// The customer `id` if `v` lets its reader see it (a tombstone is not followed here).
pub(crate) async fn find_visible(
    db: &impl ConnectionTrait,
    id: CustomerId,
    v: &Visibility,
) -> Result<Option<Customer>, AppError> {
    Ok(customer_entity::Entity::find_by_id(id).filter(v.condition()).one(db).await?)
}

/// A customer list's filters.
#[derive(Debug, Default, Clone)]
pub struct CustomerFilter {
    /// Folded words that must all appear in the search text.
    pub words: Vec<String>,
    /// Customers owning a vehicle with the placa typed (found by `vehicles`), matched besides
    /// the words.
    pub placa_owners: Vec<CustomerId>,
    pub kind: Option<crate::model::CustomerKind>,
    pub store_id: Option<StoreId>,
    pub tag: Option<String>,
}

/// A text search counts at most this many matches (as the stock list does, ADR 0008).
pub const SEARCH_COUNT_CAP: u64 = 1_000;

fn text_condition(words: &[String], backend: DatabaseBackend) -> Condition {
    let like = |w: &String| Expr::col(C::SearchText).like(format!("%{w}%"));
    match backend {
        DatabaseBackend::Sqlite => {
            let (fts, short): (Vec<&String>, Vec<&String>) = words.iter().partition(|w| w.chars().count() >= 3);
            let mut all = short.into_iter().fold(Condition::all(), |all, w| all.add(like(w)));
            if !fts.is_empty() {
                let expr =
                    fts.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND ");
                all = all.add(Expr::cust_with_values(
                    "crm_customers.rowid IN (SELECT rowid FROM crm_customers_search WHERE crm_customers_search MATCH ?)",
                    [expr],
                ));
            }
            all
        }
        _ => words.iter().fold(Condition::all(), |all, w| all.add(like(w))),
    }
}

fn filtered(f: &CustomerFilter, v: &Visibility, backend: DatabaseBackend) -> sea_orm::Select<customer_entity::Entity> {
    let mut q = customer_entity::Entity::find().filter(C::MergedIntoId.is_null()).filter(v.condition());
    if !f.words.is_empty() || !f.placa_owners.is_empty() {
        let mut any = Condition::any();
        if !f.words.is_empty() {
            any = any.add(text_condition(&f.words, backend));
        }
        if !f.placa_owners.is_empty() {
            any = any.add(C::Id.is_in(f.placa_owners.iter().copied()));
        }
        q = q.filter(any);
    }
    if let Some(k) = f.kind {
        q = q.filter(C::Kind.eq(k.as_str()));
    }
    if let Some(s) = f.store_id {
        q = q.filter(C::StoreId.eq(s));
    }
    if let Some(t) = &f.tag {
        // Tags are a JSON array of strings: the quoted tag is a substring of it.
        let quoted = serde_json::to_string(t).unwrap_or_default().replace(['%', '_'], "");
        let as_text =
            sea_orm::sea_query::Func::cast_as(Expr::col((customer_entity::Entity, C::Tags)), Alias::new("TEXT"));
        q = q.filter(Expr::expr(as_text).like(format!("%{quoted}%")));
    }
    q
}

/// One page of customers, the total and whether it is exact.
pub async fn list(
    db: &impl ConnectionTrait,
    f: &CustomerFilter,
    v: &Visibility,
    page: &innexar_kernel::page::PageRequest,
) -> Result<(Vec<Customer>, u64, bool), AppError> {
    let backend = db.get_database_backend();
    let searching = !f.words.is_empty() || !f.placa_owners.is_empty();
    let counted = {
        let mut matches = filtered(f, v, backend).select_only().column_as(Expr::val(1), "one");
        if searching {
            matches = matches.limit(SEARCH_COUNT_CAP + 1);
        }
        let count = Query::select()
            .expr_as(Expr::cust("count(*)"), Alias::new("n"))
            .from_subquery(matches.into_query(), Alias::new("m"))
            .to_owned();
        let row = db.query_one(&count).await?;
        row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) as u64
    };
    let (total, exact) =
        if searching && counted > SEARCH_COUNT_CAP { (SEARCH_COUNT_CAP, false) } else { (counted, true) };
    let mut q = filtered(f, v, backend);
    let descending = page.sort.first().is_none_or(|k| k.descending);
    for key in &page.sort {
        let col = match key.field.as_str() {
            "name" => C::NameKey,
            "updatedAt" => C::UpdatedAt,
            _ => C::Id,
        };
        q = if key.descending { q.order_by_desc(col) } else { q.order_by_asc(col) };
    }
    q = if descending { q.order_by_desc(C::Id) } else { q.order_by_asc(C::Id) };
    let items = q.offset(page.offset()).limit(page.page_size).all(db).await?;
    Ok((items, total, exact))
}

/// Makes `merged` a tombstone pointing at `survivor`: its personal data moved to the survivor,
/// the row keeps only what resolves the old id. Earlier tombstones of `merged` now point at the
/// survivor too, so an old id is one hop from its record.
pub(crate) async fn make_tombstone(
    tx: &Tx,
    merged: &Customer,
    survivor: CustomerId,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let mut t = merged.clone();
    t.name = String::new();
    t.trade_name = None;
    t.cpf = None;
    t.cnpj = None;
    t.birth_date = None;
    t.cnh_number = None;
    t.cnh_category = None;
    t.state_registration = None;
    t.phones = Default::default();
    t.emails = Default::default();
    t.addresses = Default::default();
    t.contacts = Default::default();
    t.notes = None;
    t.tags = Default::default();
    t.preferred_channel = None;
    t.merged_into_id = Some(survivor);
    t.merged_at = Some(now);
    t.version += 1;
    t.updated_at = now;
    let mut row = active(&t);
    row.search_text = sea_orm::Set(String::new());
    let res = customer_entity::Entity::update_many()
        .set(row)
        .filter(C::Id.eq(merged.id))
        .filter(C::Version.eq(merged.version))
        .exec(tx)
        .await?;
    if res.rows_affected != 1 {
        return Ok(false);
    }
    key_entity::Entity::delete_many().filter(key_entity::Column::CustomerId.eq(merged.id)).exec(tx).await?;
    customer_entity::Entity::update_many()
        .col_expr(C::MergedIntoId, Expr::value(survivor))
        .filter(C::MergedIntoId.eq(merged.id))
        .exec(tx)
        .await?;
    Ok(true)
}

/// The tombstones merged into customer `id`.
pub(crate) async fn tombstones_of(db: &impl ConnectionTrait, id: CustomerId) -> Result<Vec<Customer>, AppError> {
    Ok(customer_entity::Entity::find().filter(C::MergedIntoId.eq(id)).all(db).await?)
}

/// Moves the rows of a table that name customer `from` to `to`: one statement per link.
pub(crate) async fn repoint(
    tx: &Tx,
    table: &'static str,
    column: &'static str,
    from: CustomerId,
    to: CustomerId,
) -> Result<u64, AppError> {
    let stmt = Query::update()
        .table(Alias::new(table))
        .value(Alias::new(column), to.uuid())
        .and_where(Expr::col(Alias::new(column)).eq(from.uuid()))
        .to_owned();
    Ok(tx.execute(&stmt).await?.rows_affected())
}

pub(crate) async fn insert_consent(db: &impl ConnectionTrait, c: &Consent) -> Result<(), AppError> {
    consent_entity::Entity::insert(consent_entity::ActiveModel::from(c.clone()).reset_all())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// A customer's consent history, newest first.
pub(crate) async fn consents(db: &impl ConnectionTrait, id: CustomerId) -> Result<Vec<Consent>, AppError> {
    use consent_entity::Column as K;
    Ok(consent_entity::Entity::find()
        .filter(K::CustomerId.eq(id))
        .order_by_desc(K::RecordedAt)
        .order_by_desc(K::Id)
        .all(db)
        .await?)
}
