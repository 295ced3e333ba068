//! Every statement on the `crm_*` tables: customers here, leads and activities in `leads`.

mod bulk;
mod leads;

pub use bulk::*;
pub use leads::*;

use chrono::{DateTime, Utc};
use innexar_db::Tx;
use innexar_kernel::{AppError, CustomerId, FieldError, StoreId};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};
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
    let keys = c.keys();
    if c.cpf.is_none() && c.cnpj.is_none() {
        // No document, so no unique index to refuse it (the id is new).
        customer_entity::Entity::insert(active(c)).exec_without_returning(tx).await?;
        if !keys.is_empty() {
            tx.write_later(key_insert(c.id, &keys));
        }
        return Ok(());
    }
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
    /// A search was typed: only what `words` or `found` match is listed (nothing, if neither
    /// matches anything).
    pub searched: bool,
    /// Folded words that must all appear in the search text.
    pub words: Vec<String>,
    /// Customers found by an identifier typed whole (CPF, CNPJ, phone, e-mail, the placa of a
    /// car they own), matched besides the words.
    pub found: Vec<CustomerId>,
    pub kind: Option<crate::model::CustomerKind>,
    pub store_id: Option<StoreId>,
    pub tag: Option<String>,
}

/// A search counts at most this many matches past the page's start; beyond, the list says
/// "more than" (`totalExact: false`), and the next page counts on from there. Someone searching
/// for a person refines a search of a hundred matches rather than reading it, and counting a
/// common surname's thousands is most of what such a search would cost (ADR 0022).
pub const SEARCH_COUNT_CAP: u64 = 100;

/// The customers holding these identifiers, by equality: the CPF and CNPJ unique indexes and
/// the phone and e-mail keys.
pub async fn ids_by_identifiers(
    db: &impl ConnectionTrait,
    ids: &crate::queries::Identifiers,
) -> Result<Vec<CustomerId>, AppError> {
    let mut found: Vec<CustomerId> = Vec::new();
    let mut keys = Condition::any();
    for (kind, value) in [("phone", &ids.phone), ("email", &ids.email)] {
        if let Some(v) = value {
            keys = keys.add(
                Condition::all().add(key_entity::Column::Kind.eq(kind)).add(key_entity::Column::Value.eq(v.clone())),
            );
        }
    }
    if !keys.is_empty() {
        found.extend(
            key_entity::Entity::find()
                .select_only()
                .column(key_entity::Column::CustomerId)
                .filter(keys)
                .limit(1_000)
                .into_tuple::<CustomerId>()
                .all(db)
                .await?,
        );
    }
    let mut documents = Condition::any();
    if let Some(cpf) = &ids.cpf {
        documents = documents.add(C::Cpf.eq(cpf.clone()));
    }
    if let Some(cnpj) = &ids.cnpj {
        documents = documents.add(C::Cnpj.eq(cnpj.clone()));
    }
    if !documents.is_empty() {
        found.extend(
            customer_entity::Entity::find()
                .select_only()
                .column(C::Id)
                .filter(documents)
                .into_tuple::<CustomerId>()
                .all(db)
                .await?,
        );
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// How a search word is looked for in `search_text`, which starts with a space and separates
/// its words with one. A word of three characters or more may be anywhere (`silva`, `9876`). A
/// shorter one is the start of a word (`da` in `camila da`, `sá` in `feli sá`): ` da` is a
/// trigram the text indexes hold (pg_trgm pads words; FTS5 indexes the space), so it narrows the
/// index's candidates instead of being checked on every row they return (on 200,000 customers
/// `camila` with `%da%` read 3,666 rows for 816 matches; with `% da%`, 180 for 180), and two
/// letters inside a word were rarely what was meant.
fn search_term(word: &str) -> String {
    if word.chars().count() >= 3 { word.to_string() } else { format!(" {word}") }
}

/// A search's words as a condition: all of them must appear (see [`search_term`]). SQLite asks
/// its FTS5 trigram index for the terms of three characters or more and checks a one-letter
/// word with `LIKE`; PostgreSQL's GIN trigram index serves `LIKE` for every term.
fn text_condition(words: &[String], backend: DatabaseBackend) -> Condition {
    let like = |t: &String| Expr::col((customer_entity::Entity, C::SearchText)).like(format!("%{t}%"));
    let terms: Vec<String> = words.iter().map(|w| search_term(w)).collect();
    match backend {
        DatabaseBackend::Sqlite => {
            let (fts, short): (Vec<&String>, Vec<&String>) = terms.iter().partition(|t| t.chars().count() >= 3);
            let mut all = short.into_iter().fold(Condition::all(), |all, t| all.add(like(t)));
            if !fts.is_empty() {
                all = all.add(Expr::cust_with_values(
                    "crm_customers.rowid IN (SELECT rowid FROM crm_customers_search WHERE crm_customers_search MATCH ?)",
                    [fts_match(&fts)],
                ));
            }
            all
        }
        _ => terms.iter().fold(Condition::all(), |all, t| all.add(like(t))),
    }
}

/// An FTS5 query that all `terms` (three characters or more) appear, each quoted.
fn fts_match(terms: &[&String]) -> String {
    terms.iter().map(|t| format!("\"{}\"", t.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND ")
}

fn filtered(f: &CustomerFilter, v: &Visibility, backend: DatabaseBackend) -> sea_orm::Select<customer_entity::Entity> {
    let mut q = customer_entity::Entity::find().filter(C::MergedIntoId.is_null()).filter(v.condition());
    if f.searched {
        let mut any = Condition::any();
        if !f.words.is_empty() {
            any = any.add(text_condition(&f.words, backend));
        }
        if !f.found.is_empty() {
            any = any.add(C::Id.is_in(f.found.iter().copied()));
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
///
/// The page is read first, one row more than it shows: a page that is not full (and is not
/// past the end) is every match there is, and nothing is counted. Only a full page counts, and
/// a search counts up to [`SEARCH_COUNT_CAP`] past the page's start.
pub async fn list(
    db: &impl ConnectionTrait,
    f: &CustomerFilter,
    v: &Visibility,
    page: &innexar_kernel::page::PageRequest,
) -> Result<(Vec<Customer>, u64, bool), AppError> {
    if f.searched && f.words.is_empty() && f.found.is_empty() {
        return Ok((Vec::new(), 0, true));
    }
    let backend = db.get_database_backend();
    let terms: Vec<String> = f.words.iter().map(|w| search_term(w)).collect();
    let long: Vec<&String> = terms.iter().filter(|t| t.chars().count() >= 3).collect();
    // The words are the only filter, and the text index can answer alone: merged customers'
    // text is empty, so every match it holds is listed.
    let text_only = backend == DatabaseBackend::Sqlite
        && f.searched
        && !terms.is_empty()
        && f.found.is_empty()
        && long.len() == terms.len()
        && f.kind.is_none()
        && f.store_id.is_none()
        && f.tag.is_none()
        && *v == Visibility::All;
    let by_creation = page.sort.iter().all(|k| k.field != "name" && k.field != "updatedAt");
    let descending = page.sort.first().is_none_or(|k| k.descending);
    let mut q = if text_only && by_creation {
        // FTS5 walks its matches in rowid order and stops at the page's end; `rowid IN (all
        // matches)` made it find every match first (a common surname: 2 ms against 8 ms; two
        // words 9 against 18).
        let walk = format!(
            "\"crm_customers\".\"rowid\" IN (SELECT rowid FROM crm_customers_search \
             WHERE crm_customers_search MATCH ? ORDER BY rowid {} LIMIT ? OFFSET ?)",
            if descending { "DESC" } else { "ASC" }
        );
        customer_entity::Entity::find().filter(C::MergedIntoId.is_null()).filter(Expr::cust_with_values(
            walk,
            [
                sea_orm::Value::from(fts_match(&long)),
                ((page.page_size + 1) as i64).into(),
                (page.offset() as i64).into(),
            ],
        ))
    } else {
        filtered(f, v, backend).offset(page.offset())
    };
    // Creation order. On SQLite that is the rowid (rows are inserted as they are made, and ids
    // are UUID v7): the text index hands its matches over as rowids, and reading them in rowid
    // order stops at the page's end, where ordering by `id` read every match and sorted them
    // (a common surname: 7,000 rows, 115 ms against 4 ms on 200,000 customers).
    let created = || -> SimpleExpr {
        match backend {
            DatabaseBackend::Sqlite => Expr::cust("\"crm_customers\".\"rowid\""),
            _ => Expr::col((customer_entity::Entity, C::Id)),
        }
    };
    for key in &page.sort {
        let col: SimpleExpr = match key.field.as_str() {
            "name" => Expr::col((customer_entity::Entity, C::NameKey)),
            "updatedAt" => Expr::col((customer_entity::Entity, C::UpdatedAt)),
            _ => created(),
        };
        q = if key.descending { q.order_by_desc(col) } else { q.order_by_asc(col) };
    }
    q = if descending { q.order_by_desc(created()) } else { q.order_by_asc(created()) };
    let mut items = q.limit(page.page_size + 1).all(db).await?;
    let full = items.len() as u64 > page.page_size;
    items.truncate(page.page_size as usize);
    if !full && (page.offset() == 0 || !items.is_empty()) {
        let total = page.offset() + items.len() as u64;
        return Ok((items, total, true));
    }
    let cap = page.offset() + SEARCH_COUNT_CAP;
    if text_only {
        // Counted in the text index alone, without reading the customers' rows.
        let count = sea_orm::Statement::from_sql_and_values(
            backend,
            "SELECT count(*) AS n FROM (SELECT 1 FROM crm_customers_search WHERE crm_customers_search MATCH ? LIMIT ?)",
            [fts_match(&long).into(), ((cap + 1) as i64).into()],
        );
        let row = db.query_one_raw(count).await?;
        let counted = row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) as u64;
        return Ok((items, Ord::min(counted, cap), counted <= cap));
    }
    let mut matches = filtered(f, v, backend).select_only().column_as(Expr::val(1), "one");
    if f.searched {
        matches = matches.limit(cap + 1);
    }
    let count = Query::select()
        .expr_as(Expr::cust("count(*)"), Alias::new("n"))
        .from_subquery(matches.into_query(), Alias::new("m"))
        .to_owned();
    let row = db.query_one(&count).await?;
    let counted = row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) as u64;
    let (total, exact) = if f.searched && counted > cap { (cap, false) } else { (counted, true) };
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

/// Customers' names by id, in one statement (a list of deals names each row's customer).
pub(crate) async fn names(
    db: &impl ConnectionTrait,
    ids: &[CustomerId],
) -> Result<std::collections::HashMap<CustomerId, String>, AppError> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(CustomerId, String)> = customer_entity::Entity::find()
        .select_only()
        .column(C::Id)
        .column(C::Name)
        .filter(C::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}
