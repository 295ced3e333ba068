//! The stock list: filters, text search and sorting, and how many match.

use innexar_kernel::page::PageRequest;
use innexar_kernel::{AppError, Money, Range, StoreId};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{Condition, DatabaseBackend, PaginatorTrait, QueryOrder, QuerySelect, QueryTrait, Select};

use super::vehicle_entity::{self, Column as C};
use crate::ids::PhotoId;
use crate::model::{Condition as VCondition, Fuel, NameQuery, Vehicle, VehicleStatus};
use chrono::{DateTime, Utc};

#[derive(Debug, Default, Clone)]
pub struct VehicleFilter {
    pub statuses: Vec<VehicleStatus>,
    /// The make as typed; [`resolve_names`] turns it into the makes it matches.
    pub make: Option<String>,
    pub model: Option<String>,
    /// `Some(true)`: the dealer's stock (not sold, delivered or returned); `Some(false)`: the rest.
    pub in_stock: Option<bool>,
    /// Entry into stock within these instants (the days-in-stock filter); vehicles in stock only.
    pub entered: Range<DateTime<Utc>>,
    pub model_year: Range<i32>,
    pub price: Range<Money>,
    pub store_id: Option<StoreId>,
    pub condition: Option<VCondition>,
    pub fuel: Option<Fuel>,
    /// Words that must all appear in make, model, trim, placa, VIN, stock number or colour.
    pub words: Vec<String>,
    /// Stores the reader is limited to.
    pub visible_stores: Option<Vec<StoreId>>,
}

impl VehicleFilter {
    /// Whether the words are the only filter (then SQLite counts matches in the text index alone).
    fn is_text_only(&self) -> bool {
        self.statuses.is_empty()
            && self.make.is_none()
            && self.model.is_none()
            && self.in_stock.is_none()
            && self.entered.is_open()
            && self.model_year.is_open()
            && self.price.is_open()
            && self.store_id.is_none()
            && self.condition.is_none()
            && self.fuel.is_none()
            && self.visible_stores.is_none()
    }
}

/// How one backend runs a text search: the condition on the vehicles, and, where a text index
/// can answer alone, the statement counting its matches and the order it reads them in.
struct TextSearch {
    condition: Condition,
    /// `SELECT count(*) AS n` over at most `?` matches, from the text index alone.
    index_count: Option<(&'static str, String)>,
    /// Creation order read off the index instead of sorting every match by id.
    index_order: Option<SimpleExpr>,
}

fn text_search(words: &[String], backend: DatabaseBackend) -> TextSearch {
    let like = |ws: &[&String]| {
        ws.iter().fold(Condition::all(), |all, w| all.add(Expr::col(C::SearchText).like(format!("%{w}%"))))
    };
    match backend {
        // The FTS5 trigram index answers words of 3 characters or more; shorter ones use LIKE.
        // Its rowids are insertion order, which is creation order.
        DatabaseBackend::Sqlite => {
            let (fts, short): (Vec<&String>, Vec<&String>) = words.iter().partition(|w| w.chars().count() >= 3);
            let mut condition = like(&short);
            if fts.is_empty() {
                return TextSearch { condition, index_count: None, index_order: None };
            }
            let expr = fts.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND ");
            condition = condition.add(Expr::cust_with_values(
                "inventory_vehicles.rowid IN (SELECT rowid FROM inventory_vehicles_search WHERE inventory_vehicles_search MATCH ?)",
                [expr.clone()],
            ));
            let count = "SELECT count(*) AS n FROM (SELECT 1 FROM inventory_vehicles_search \
                         WHERE inventory_vehicles_search MATCH ? LIMIT ?) AS m";
            TextSearch {
                condition,
                index_count: short.is_empty().then_some((count, expr)),
                index_order: Some(Expr::cust("inventory_vehicles.rowid")),
            }
        }
        // PostgreSQL, the other backend: the GIN trigram index serves LIKE for every word.
        _ => {
            let all: Vec<&String> = words.iter().collect();
            TextSearch { condition: like(&all), index_count: None, index_order: None }
        }
    }
}

fn within<T: Into<sea_orm::Value>>(
    q: Select<vehicle_entity::Entity>,
    column: C,
    range: Range<T>,
) -> Select<vehicle_entity::Entity> {
    let q = match range.min {
        Some(min) => q.filter(column.gte(min)),
        None => q,
    };
    match range.max {
        Some(max) => q.filter(column.lte(max)),
        None => q,
    }
}

/// The statuses that are no longer the dealer's stock (`VehicleStatus::is_in_stock`).
fn out_of_stock() -> impl Iterator<Item = &'static str> {
    VehicleStatus::ALL.iter().filter(|s| !s.is_in_stock()).map(|s| s.as_str())
}

/// The exact makes and models a filter's typed names match (`None`: no such filter). The
/// tenant's names are few (tens of makes, hundreds of models) and carry their keys, so they are
/// read and matched here, and the list then filters by exact names through its indexes: an
/// `IN (SELECT ...)` on the names table instead leads SQLite's planner away from the make index
/// (measured: 13 instead of 700 filtered lists a second on 100,000 vehicles).
#[derive(Debug, Default, Clone)]
pub struct Names {
    pub makes: Option<Vec<String>>,
    pub models: Option<Vec<String>>,
}

pub async fn resolve_names(db: &impl ConnectionTrait, f: &VehicleFilter) -> Result<Names, AppError> {
    if f.make.is_none() && f.model.is_none() {
        return Ok(Names::default());
    }
    let pairs = matching_names(db, f.make.as_deref(), f.model.as_deref()).await?;
    let names = |pick: fn(&(String, String)) -> &String| {
        let mut n: Vec<String> = pairs.iter().map(pick).cloned().collect();
        n.sort();
        n.dedup();
        n
    };
    Ok(Names { makes: f.make.is_some().then(|| names(|p| &p.0)), models: f.model.is_some().then(|| names(|p| &p.1)) })
}

/// The (make, model) pairs of the tenant's names that what was typed matches (nothing typed
/// matches every name): the list's filters and the suggestions both read them here.
pub async fn matching_names(
    db: &impl ConnectionTrait,
    make: Option<&str>,
    model: Option<&str>,
) -> Result<Vec<(String, String)>, AppError> {
    use super::name_entity::{Column as N, Entity};
    let rows: Vec<(String, String, String, String)> =
        Entity::find().select_only().columns([N::Make, N::Model, N::MakeKey, N::ModelKey]).into_tuple().all(db).await?;
    let (make, model) = (make.map(NameQuery::new), model.map(NameQuery::new));
    let matches = |q: &Option<NameQuery>, key: &str| q.as_ref().is_none_or(|q| q.matches_key(key));
    Ok(rows
        .into_iter()
        .filter(|r| matches(&make, &r.2) && matches(&model, &r.3))
        .map(|(make, model, ..)| (make, model))
        .collect())
}

/// How many vehicles carry each of these makes (or, with `make` given, each model of those
/// makes), optionally only those in stock and within some stores: the suggestions' counts.
pub async fn count_names(
    db: &impl ConnectionTrait,
    makes: &[String],
    by_model: bool,
    in_stock: Option<bool>,
    stores: Option<&[StoreId]>,
) -> Result<Vec<(String, String, i64)>, AppError> {
    let mut q = vehicle_entity::Entity::find()
        .select_only()
        .column(C::Make)
        .column_as(if by_model { Expr::col(C::Model) } else { Expr::val("") }, "model")
        .column_as(Expr::col(C::Id).count(), "n")
        .filter(C::Make.is_in(makes.iter().cloned()))
        .group_by(C::Make);
    if by_model {
        q = q.group_by(C::Model);
    }
    q = match in_stock {
        Some(true) => q.filter(C::Status.is_not_in(out_of_stock())),
        Some(false) => q.filter(C::Status.is_in(out_of_stock())),
        None => q,
    };
    if let Some(ids) = stores {
        q = q.filter(C::StoreId.is_in(ids.iter().copied()));
    }
    Ok(q.into_tuple::<(String, String, i64)>().all(db).await?)
}

fn filtered(f: &VehicleFilter, names: &Names, text: Option<&TextSearch>) -> Select<vehicle_entity::Entity> {
    let mut q = vehicle_entity::Entity::find();
    if !f.statuses.is_empty() {
        q = q.filter(C::Status.is_in(f.statuses.iter().map(|s| s.as_str())));
    } else {
        // Customers' own cars are the CRM's and the workshop's, not the stock list's, unless
        // asked for by their status.
        q = q.filter(C::Status.ne(VehicleStatus::CustomerOwned.as_str()));
    }
    match f.in_stock {
        Some(true) => q = q.filter(C::Status.is_not_in(out_of_stock())),
        Some(false) => q = q.filter(C::Status.is_in(out_of_stock())),
        None => {}
    }
    if !f.entered.is_open() {
        q = q.filter(C::Status.is_not_in(out_of_stock()));
        q = within(q, C::EnteredAt, f.entered);
    }
    if let Some(m) = &names.makes {
        q = q.filter(C::Make.is_in(m.iter().cloned()));
    }
    if let Some(m) = &names.models {
        q = q.filter(C::Model.is_in(m.iter().cloned()));
    }
    q = within(q, C::ModelYear, f.model_year);
    q = within(q, C::Price, f.price);
    if let Some(s) = f.store_id {
        q = q.filter(C::StoreId.eq(s));
    }
    if let Some(c) = f.condition {
        q = q.filter(C::Condition.eq(c.as_str()));
    }
    if let Some(fuel) = f.fuel {
        q = q.filter(C::Fuel.eq(fuel.as_str()));
    }
    if let Some(ids) = &f.visible_stores {
        q = q.filter(C::StoreId.is_in(ids.iter().copied()));
    }
    if let Some(t) = text {
        q = q.filter(t.condition.clone());
    }
    q
}

/// Runs a `SELECT count(*) AS n ...` statement.
async fn count_n(db: &impl ConnectionTrait, stmt: sea_orm::Statement) -> Result<u64, AppError> {
    let row = db.query_one_raw(stmt).await?;
    Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) as u64)
}

/// A text search counts at most this many matches: counting every vehicle a broad word (a colour,
/// "flex") matches costs more than the page itself, and nobody pages through a thousand results.
pub const SEARCH_COUNT_CAP: u64 = 1_000;

/// A vehicle as a list shows it: its record and its cover photo.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct Listed {
    #[sea_orm(nested)]
    pub vehicle: Vehicle,
    pub cover_photo_id: Option<PhotoId>,
}

/// The cover photo's id, read in the statement that reads the vehicles (a list or a record),
/// not by a second query per request.
pub(crate) fn cover_photo_column() -> SimpleExpr {
    Expr::cust(
        "(SELECT p.id FROM inventory_vehicle_photos p \
          WHERE p.vehicle_id = inventory_vehicles.id AND p.is_cover LIMIT 1)",
    )
}

/// One page of vehicles with their covers, the total and whether it is exact (a text search
/// stops counting past [`SEARCH_COUNT_CAP`]).
pub async fn list_vehicles(
    db: &impl ConnectionTrait,
    f: &VehicleFilter,
    page: &PageRequest,
) -> Result<(Vec<Listed>, u64, bool), AppError> {
    let backend = db.get_database_backend();
    let names = resolve_names(db, f).await?;
    let text = (!f.words.is_empty()).then(|| text_search(&f.words, backend));
    // One past the cap tells "exactly the cap" from "more than it".
    let limit = text.as_ref().map(|_| SEARCH_COUNT_CAP + 1);
    let index_count = text.as_ref().and_then(|t| t.index_count.clone()).filter(|_| f.is_text_only());
    let counted = match (index_count, limit) {
        (Some((sql, m)), Some(n)) => {
            count_n(db, sea_orm::Statement::from_sql_and_values(backend, sql, [m.into(), (n as i64).into()])).await?
        }
        (_, Some(n)) => {
            let matches =
                filtered(f, &names, text.as_ref()).select_only().column_as(Expr::val(1), "one").limit(n).into_query();
            let count = Query::select()
                .expr_as(Expr::cust("count(*)"), Alias::new("n"))
                .from_subquery(matches, Alias::new("m"))
                .to_owned();
            count_n(db, backend.build(&count)).await?
        }
        (_, None) => filtered(f, &names, text.as_ref()).count(db).await?,
    };
    let (total, exact) = match limit {
        Some(_) if counted > SEARCH_COUNT_CAP => (SEARCH_COUNT_CAP, false),
        _ => (counted, true),
    };
    // The id breaks ties in the direction of the first key, so an index on that key can be read
    // backwards for a descending sort instead of sorting every match.
    let descending = page.sort.first().is_none_or(|k| k.descending);
    let mut q = filtered(f, &names, text.as_ref());
    let index_order =
        text.as_ref().and_then(|t| t.index_order.clone()).filter(|_| page.sort.iter().all(|k| k.field == "createdAt"));
    if let Some(order) = index_order {
        q = if descending { q.order_by_desc(order) } else { q.order_by_asc(order) };
    } else {
        for key in &page.sort {
            let col = match key.field.as_str() {
                "price" => C::Price,
                "year" => C::ModelYear,
                "mileage" => C::MileageKm,
                "make" => C::Make,
                "model" => C::Model,
                "stockNumber" => C::StockNumber,
                "statusChangedAt" => C::StatusChangedAt,
                // More days in stock is an earlier entry.
                "daysInStock" => {
                    q = if key.descending { q.order_by_asc(C::EnteredAt) } else { q.order_by_desc(C::EnteredAt) };
                    continue;
                }
                // Ids are time-ordered (UUID v7): creation order without a separate index.
                _ => C::Id,
            };
            q = if key.descending { q.order_by_desc(col) } else { q.order_by_asc(col) };
        }
        q = if descending { q.order_by_desc(C::Id) } else { q.order_by_asc(C::Id) };
    }
    let items = q
        .column_as(cover_photo_column(), "cover_photo_id")
        .offset(page.offset())
        .limit(page.page_size)
        .into_model::<Listed>()
        .all(db)
        .await?;
    Ok((items, total, exact))
}
