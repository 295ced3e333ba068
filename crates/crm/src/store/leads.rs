//! Every statement on leads, their stage history, activities, store settings and lists.

use chrono::{DateTime, Utc};
use innexar_db::Tx;
use innexar_kernel::{AppError, CustomerId, StoreId};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveModelTrait, Condition, FromQueryResult, QueryOrder, QuerySelect, QueryTrait};
use uuid::Uuid;

use crate::model::lead::{activity_entity, entity, list_entity, settings_entity, stage_change_entity};
use crate::model::{Activity, ActivityId, Lead, LeadId, LeadStage, ListEntry, ListKind, StageChange, StoreSettings};

/// Who may see which leads (`queries::lead_visibility`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadVisibility {
    All,
    Stores(Vec<StoreId>),
    /// The leads this user works.
    Own(Uuid),
}

impl LeadVisibility {
    pub(crate) fn condition(&self) -> Condition {
        use entity::Column as L;
        match self {
            LeadVisibility::All => Condition::all(),
            LeadVisibility::Stores(ids) => Condition::all().add(L::StoreId.is_in(ids.iter().copied())),
            LeadVisibility::Own(user) => Condition::all().add(L::OwnerId.eq(*user)),
        }
    }
}

/// Inserts a lead. `Ok(false)` when the source already sent a lead with this `externalId`
/// (the unique index decides, so two deliveries at once make one lead).
pub(crate) async fn insert_lead(tx: &Tx, l: &Lead) -> Result<bool, AppError> {
    // `DO NOTHING` rather than a savepoint around a refused insert: the index answers in the
    // same statement, and only `(source, external_id)` can conflict (the id is new).
    let insert = entity::Entity::insert(entity::ActiveModel::from(l.clone()).reset_all())
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .into_query();
    Ok(tx.execute(&insert).await?.rows_affected() == 1)
}

pub(crate) async fn find_by_external(
    db: &impl ConnectionTrait,
    source: &str,
    external_id: &str,
) -> Result<Option<Lead>, AppError> {
    use entity::Column as L;
    Ok(entity::Entity::find().filter(L::Source.eq(source)).filter(L::ExternalId.eq(external_id)).one(db).await?)
}

pub(crate) async fn update_lead(db: &impl ConnectionTrait, l: &Lead, expected: i64) -> Result<bool, AppError> {
    use entity::Column as L;
    let res = entity::Entity::update_many()
        .set(entity::ActiveModel::from(l.clone()).reset_all())
        .filter(L::Id.eq(l.id))
        .filter(L::Version.eq(expected))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The lead if `v` lets its reader see it.
pub(crate) async fn find_visible_lead(
    db: &impl ConnectionTrait,
    id: LeadId,
    v: &LeadVisibility,
) -> Result<Option<Lead>, AppError> {
    Ok(entity::Entity::find_by_id(id).filter(v.condition()).one(db).await?)
}

/// A lead list's filters.
#[derive(Debug, Default, Clone)]
pub struct LeadFilter {
    pub store_id: Option<StoreId>,
    pub stages: Vec<LeadStage>,
    pub owner_id: Option<Uuid>,
    pub unassigned: bool,
    pub customer_id: Option<CustomerId>,
    pub source: Option<String>,
    /// Still new, unanswered, past their response time at this instant.
    pub overdue_at: Option<DateTime<Utc>>,
}

fn filtered(f: &LeadFilter, v: &LeadVisibility) -> sea_orm::Select<entity::Entity> {
    use entity::Column as L;
    let mut q = entity::Entity::find().filter(v.condition());
    if let Some(s) = f.store_id {
        q = q.filter(L::StoreId.eq(s));
    }
    if !f.stages.is_empty() {
        q = q.filter(L::Stage.is_in(f.stages.iter().map(|s| s.as_str())));
    }
    if let Some(o) = f.owner_id {
        q = q.filter(L::OwnerId.eq(o));
    }
    if f.unassigned {
        q = q.filter(L::OwnerId.is_null());
    }
    if let Some(c) = f.customer_id {
        q = q.filter(L::CustomerId.eq(c));
    }
    if let Some(s) = &f.source {
        q = q.filter(L::Source.eq(s.clone()));
    }
    if let Some(at) = f.overdue_at {
        q = q
            .filter(L::Stage.eq(LeadStage::New.as_str()))
            .filter(L::FirstResponseAt.is_null())
            .filter(L::ResponseDueAt.lt(at));
    }
    q
}

pub async fn list_leads(
    db: &impl ConnectionTrait,
    f: &LeadFilter,
    v: &LeadVisibility,
    page: &innexar_kernel::page::PageRequest,
) -> Result<(Vec<Lead>, u64), AppError> {
    use entity::Column as L;
    let total = sea_orm::PaginatorTrait::count(filtered(f, v), db).await?;
    let mut q = filtered(f, v);
    let descending = page.sort.first().is_none_or(|k| k.descending);
    for key in &page.sort {
        let col = match key.field.as_str() {
            "score" => L::Score,
            "stageChangedAt" => L::StageChangedAt,
            "responseDueAt" => L::ResponseDueAt,
            _ => L::Id,
        };
        q = if key.descending { q.order_by_desc(col) } else { q.order_by_asc(col) };
    }
    q = if descending { q.order_by_desc(L::Id) } else { q.order_by_asc(L::Id) };
    Ok((q.offset(page.offset()).limit(page.page_size).all(db).await?, total))
}

/// How many leads each stage holds (open ones, and those closed since `closed_since`).
pub async fn count_by_stage(
    db: &impl ConnectionTrait,
    f: &LeadFilter,
    v: &LeadVisibility,
    closed_since: DateTime<Utc>,
) -> Result<Vec<(LeadStage, i64)>, AppError> {
    use entity::Column as L;
    let rows: Vec<(LeadStage, i64)> = filtered(f, v)
        .select_only()
        .column(L::Stage)
        // `count(*)`, not `count(id)`: the id is not in `crm_leads_board_count`, and naming it
        // made PostgreSQL read the table instead of the index alone.
        .column_as(Expr::cust("count(*)"), "n")
        .filter(Condition::any().add(L::ClosedAt.is_null()).add(L::ClosedAt.gte(closed_since)))
        .group_by(L::Stage)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows)
}

/// What a board card shows of a lead.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct CardRow {
    pub id: LeadId,
    pub customer_id: CustomerId,
    pub owner_id: Option<Uuid>,
    pub source: String,
    pub stage: LeadStage,
    pub score: i32,
    pub make: Option<String>,
    pub model: Option<String>,
    pub vehicle_id: Option<Uuid>,
    pub stage_changed_at: DateTime<Utc>,
    pub response_due_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub row_version: i64,
    pub customer_name: String,
    pub phone: Option<String>,
}

/// The `per_stage` most recently moved leads of each of `stages`, with their customers' names
/// and first phones, in one statement: a
/// `UNION ALL` of one ordered, limited read per stage, each a backward walk of the board index
/// (`store_id, stage, stage_changed_at`) that stops after `per_stage` rows, joined to the
/// customers only then. Only the card's columns are read. Newest move first.
///
/// Ties on `stage_changed_at` are broken by `id` on PostgreSQL and by the rowid on SQLite, whose
/// indexes end with it: ordering by `id` there made SQLite read the whole stage through another
/// index and sort it (240 ms a board at 4 connections instead of 14 ms).
pub async fn board_cards(
    db: &impl ConnectionTrait,
    f: &LeadFilter,
    v: &LeadVisibility,
    stages: &[LeadStage],
    closed_since: DateTime<Utc>,
    per_stage: u64,
) -> Result<Vec<CardRow>, AppError> {
    use crate::model::customer_entity::{Column as C, Entity as Customers};
    use entity::Column as L;
    use sea_orm::sea_query::{Alias, Asterisk, Query, SelectStatement, SimpleExpr, UnionType};
    let backend = db.get_database_backend();
    let tie: SimpleExpr = match backend {
        sea_orm::DatabaseBackend::Sqlite => Expr::cust("\"crm_leads\".\"rowid\""),
        _ => Expr::col((entity::Entity, L::Id)),
    };
    let column = |stage: LeadStage| -> SelectStatement {
        filtered(f, v)
            .select_only()
            .columns([
                L::Id,
                L::CustomerId,
                L::OwnerId,
                L::Source,
                L::Stage,
                L::Score,
                L::Make,
                L::Model,
                L::VehicleId,
                L::StageChangedAt,
                L::ResponseDueAt,
                L::FirstResponseAt,
                L::Version,
            ])
            .filter(L::Stage.eq(stage.as_str()))
            .filter(Condition::any().add(L::ClosedAt.is_null()).add(L::ClosedAt.gte(closed_since)))
            .order_by_desc(L::StageChangedAt)
            .order_by_desc(tie.clone())
            .limit(per_stage)
            .into_query()
    };
    let mut parts = stages.iter().enumerate().map(|(i, stage)| {
        Query::select().column(Asterisk).from_subquery(column(*stage), Alias::new(format!("s{i}"))).to_owned()
    });
    let Some(mut union) = parts.next() else { return Ok(Vec::new()) };
    for part in parts {
        union.union(UnionType::All, part);
    }
    let u = Alias::new("u");
    let q = Query::select()
        .column((u.clone(), Asterisk))
        .expr_as(Expr::col((Customers, C::Name)), Alias::new("customer_name"))
        .expr_as(Expr::cust(first_phone(backend)), Alias::new("phone"))
        .from_subquery(union, u.clone())
        .inner_join(Customers, Expr::col((Customers, C::Id)).equals((u, Alias::new("customer_id"))))
        .to_owned();
    let mut cards = CardRow::find_by_statement(backend.build(&q)).all(db).await?;
    // A union's rows come in its parts' order in practice, not by promise.
    cards.sort_by(|a, b| b.stage_changed_at.cmp(&a.stage_changed_at).then(b.id.cmp(&a.id)));
    Ok(cards)
}

pub(crate) fn record_stage_change(tx: &Tx, c: StageChange) {
    tx.write_later(
        stage_change_entity::Entity::insert(stage_change_entity::ActiveModel::from(c).reset_all()).into_query(),
    );
}

pub(crate) async fn stage_changes(db: &impl ConnectionTrait, lead: LeadId) -> Result<Vec<StageChange>, AppError> {
    use stage_change_entity::Column as S;
    Ok(stage_change_entity::Entity::find()
        .filter(S::LeadId.eq(lead))
        .order_by_desc(S::ChangedAt)
        .order_by_desc(S::Id)
        .all(db)
        .await?)
}

pub(crate) async fn insert_activity(db: &impl ConnectionTrait, a: &Activity) -> Result<(), AppError> {
    activity_entity::Entity::insert(activity_entity::ActiveModel::from(a.clone()).reset_all())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub(crate) async fn update_activity(db: &impl ConnectionTrait, a: &Activity, expected: i64) -> Result<bool, AppError> {
    use activity_entity::Column as A;
    let res = activity_entity::Entity::update_many()
        .set(activity_entity::ActiveModel::from(a.clone()).reset_all())
        .filter(A::Id.eq(a.id))
        .filter(A::Version.eq(expected))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub(crate) async fn find_activity(db: &impl ConnectionTrait, id: ActivityId) -> Result<Option<Activity>, AppError> {
    Ok(activity_entity::Entity::find_by_id(id).one(db).await?)
}

/// Activities of a lead or of a customer, newest first (at most `limit`).
pub(crate) async fn activities(
    db: &impl ConnectionTrait,
    lead: Option<LeadId>,
    customer: Option<CustomerId>,
    limit: u64,
) -> Result<Vec<Activity>, AppError> {
    use activity_entity::Column as A;
    let mut q = activity_entity::Entity::find();
    if let Some(l) = lead {
        q = q.filter(A::LeadId.eq(l));
    }
    if let Some(c) = customer {
        q = q.filter(A::CustomerId.eq(c));
    }
    Ok(q.order_by_desc(A::OccurredAt).order_by_desc(A::Id).limit(limit).all(db).await?)
}

/// Open tasks of `assignee` due before `until` (all open ones without it), soonest first.
pub(crate) async fn open_tasks(
    db: &impl ConnectionTrait,
    assignee: Uuid,
    until: Option<DateTime<Utc>>,
) -> Result<Vec<Activity>, AppError> {
    use activity_entity::Column as A;
    let mut q = activity_entity::Entity::find()
        .filter(A::Kind.eq("task"))
        .filter(A::AssigneeId.eq(assignee))
        .filter(A::DoneAt.is_null());
    if let Some(u) = until {
        q = q.filter(A::DueAt.lt(u));
    }
    Ok(q.order_by_asc(A::DueAt).order_by_asc(A::Id).limit(500).all(db).await?)
}

/// How many contacts a lead had, by direction: (inbound, outbound).
pub(crate) async fn contact_counts(db: &impl ConnectionTrait, lead: LeadId) -> Result<(u32, u32), AppError> {
    use activity_entity::Column as A;
    let rows: Vec<(Option<String>, i64)> = activity_entity::Entity::find()
        .select_only()
        .column(A::Direction)
        .column_as(Expr::col(A::Id).count(), "n")
        .filter(A::LeadId.eq(lead))
        .filter(A::Kind.is_in(["call", "whatsapp", "email", "visit", "test_drive"]))
        .group_by(A::Direction)
        .into_tuple()
        .all(db)
        .await?;
    let count = |d: &str| rows.iter().filter(|r| r.0.as_deref() == Some(d)).map(|r| Ord::max(r.1, 0) as u32).sum();
    // A visit or test drive is the customer coming in.
    Ok((count("inbound"), count("outbound")))
}

pub(crate) async fn store_settings(
    db: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Option<StoreSettings>, AppError> {
    Ok(settings_entity::Entity::find_by_id(store).one(db).await?)
}

pub(crate) async fn save_store_settings(db: &impl ConnectionTrait, s: &StoreSettings) -> Result<(), AppError> {
    use settings_entity::Column as S;
    settings_entity::Entity::insert(settings_entity::ActiveModel::from(s.clone()).reset_all())
        .on_conflict(
            OnConflict::column(S::StoreId)
                .update_columns([
                    S::FirstResponseMinutes,
                    S::Assignment,
                    S::LastAssignedTo,
                    S::SourceOwners,
                    S::Version,
                    S::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Records whose turn it was in a store's round robin. Not a queue: on PostgreSQL a turn that
/// finds the row locked by another lead's transaction leaves it (`SKIP LOCKED`), so leads
/// arriving together never wait on each other for it; they may go to the same salesperson, which
/// the next turns even out. SQLite's writers take turns anyway.
pub(crate) async fn set_last_assigned(
    db: &impl ConnectionTrait,
    store: StoreId,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use settings_entity::Column as S;
    let mut q = settings_entity::Entity::update_many()
        .col_expr(S::LastAssignedTo, Expr::value(user))
        .col_expr(S::UpdatedAt, Expr::value(now));
    q = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => q.filter(Expr::cust_with_values(
            "store_id IN (SELECT store_id FROM crm_store_settings WHERE store_id = $1 FOR UPDATE SKIP LOCKED)",
            [store.uuid()],
        )),
        _ => q.filter(S::StoreId.eq(store)),
    };
    q.exec(db).await?;
    Ok(())
}

pub(crate) async fn list_entries(db: &impl ConnectionTrait, kind: ListKind) -> Result<Vec<ListEntry>, AppError> {
    use list_entity::Column as K;
    Ok(list_entity::Entity::find()
        .filter(K::Kind.eq(kind.as_str()))
        .order_by_asc(K::Position)
        .order_by_asc(K::Key)
        .all(db)
        .await?)
}

/// The entries of several lists in one read.
pub(crate) async fn list_entries_of(db: &impl ConnectionTrait, kinds: &[ListKind]) -> Result<Vec<ListEntry>, AppError> {
    use list_entity::Column as K;
    Ok(list_entity::Entity::find()
        .filter(K::Kind.is_in(kinds.iter().map(|k| k.as_str())))
        .order_by_asc(K::Kind)
        .order_by_asc(K::Position)
        .order_by_asc(K::Key)
        .all(db)
        .await?)
}

/// Replaces the entries of a list with `entries` (keys not given are kept, inactive: leads
/// filed under them must still read their label).
pub(crate) async fn replace_list(
    db: &impl ConnectionTrait,
    kind: ListKind,
    entries: &[ListEntry],
) -> Result<(), AppError> {
    use list_entity::Column as K;
    list_entity::Entity::update_many()
        .col_expr(K::Active, Expr::value(false))
        .filter(K::Kind.eq(kind.as_str()))
        .exec(db)
        .await?;
    for e in entries {
        list_entity::Entity::insert(list_entity::ActiveModel::from(e.clone()).reset_all())
            .on_conflict(
                OnConflict::columns([K::Kind, K::Key])
                    .update_columns([K::Label, K::Points, K::Position, K::Active])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Moves every lead and activity of customer `from` to `to` (a merge).
pub(crate) async fn move_customer(tx: &Tx, from: CustomerId, to: CustomerId) -> Result<(u64, u64), AppError> {
    let leads = entity::Entity::update_many()
        .col_expr(entity::Column::CustomerId, Expr::value(to))
        .filter(entity::Column::CustomerId.eq(from))
        .exec(tx)
        .await?
        .rows_affected;
    let activities = activity_entity::Entity::update_many()
        .col_expr(activity_entity::Column::CustomerId, Expr::value(to))
        .filter(activity_entity::Column::CustomerId.eq(from))
        .exec(tx)
        .await?
        .rows_affected;
    Ok((leads, activities))
}

/// A customer's first phone number, read out of its JSON list in SQL.
fn first_phone(backend: sea_orm::DatabaseBackend) -> &'static str {
    match backend {
        sea_orm::DatabaseBackend::Postgres => "\"crm_customers\".\"phones\" -> 0 ->> 'number'",
        _ => "json_extract(\"crm_customers\".\"phones\", '$[0].number')",
    }
}

/// Each customer's name and first phone, for lists that show who a lead is. The first phone
/// is taken in SQL: reading and decoding every customer's list of phones took most of the time.
pub(crate) async fn names_and_phones(
    db: &impl ConnectionTrait,
    ids: &[CustomerId],
) -> Result<std::collections::HashMap<CustomerId, (String, Option<String>)>, AppError> {
    use crate::model::customer_entity::{Column as C, Entity};
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let rows: Vec<(CustomerId, String, Option<String>)> = Entity::find()
        .select_only()
        .columns([C::Id, C::Name])
        .column_as(Expr::cust(first_phone(db.get_database_backend())), "phone")
        .filter(C::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, name, phone)| (id, (name, phone))).collect())
}

/// How many leads of `source` customer `id` arrived since `since`.
pub(crate) async fn count_recent_leads(
    db: &impl ConnectionTrait,
    id: CustomerId,
    source: &str,
    since: DateTime<Utc>,
) -> Result<u64, AppError> {
    use entity::Column as L;
    Ok(sea_orm::PaginatorTrait::count(
        entity::Entity::find()
            .filter(L::CustomerId.eq(id))
            .filter(L::Source.eq(source))
            .filter(L::CreatedAt.gte(since)),
        db,
    )
    .await?)
}

/// A customer's leads, oldest first.
pub(crate) async fn customer_leads(db: &impl ConnectionTrait, id: CustomerId) -> Result<Vec<Lead>, AppError> {
    use entity::Column as L;
    Ok(entity::Entity::find().filter(L::CustomerId.eq(id)).order_by_asc(L::Id).all(db).await?)
}

/// Clears the free texts of these customers' leads, activities and data requests (anonymisation)
/// and returns the ids of those records, whose audit entries lose their values too.
pub(crate) async fn erase_free_texts(tx: &Tx, ids: &[CustomerId]) -> Result<Vec<Uuid>, AppError> {
    use crate::privacy::entity as request;
    let leads: Vec<LeadId> = entity::Entity::find()
        .select_only()
        .column(entity::Column::Id)
        .filter(entity::Column::CustomerId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(tx)
        .await?;
    let activities: Vec<ActivityId> = activity_entity::Entity::find()
        .select_only()
        .column(activity_entity::Column::Id)
        .filter(activity_entity::Column::CustomerId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(tx)
        .await?;
    let requests: Vec<request::DataRequestId> = request::Entity::find()
        .select_only()
        .column(request::Column::Id)
        .filter(request::Column::CustomerId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(tx)
        .await?;
    let none = || Expr::value(Option::<String>::None);
    entity::Entity::update_many()
        .col_expr(entity::Column::Notes, none())
        .col_expr(entity::Column::TradeInNotes, none())
        .col_expr(entity::Column::LostNote, none())
        .filter(entity::Column::CustomerId.is_in(ids.iter().copied()))
        .exec(tx)
        .await?;
    activity_entity::Entity::update_many()
        .col_expr(activity_entity::Column::Body, none())
        .filter(activity_entity::Column::CustomerId.is_in(ids.iter().copied()))
        .exec(tx)
        .await?;
    request::Entity::update_many()
        .col_expr(request::Column::Details, none())
        .col_expr(request::Column::Answer, none())
        .filter(request::Column::CustomerId.is_in(ids.iter().copied()))
        .exec(tx)
        .await?;
    stage_change_entity::Entity::update_many()
        .col_expr(stage_change_entity::Column::Reason, none())
        .filter(stage_change_entity::Column::LeadId.is_in(leads.iter().copied()))
        .exec(tx)
        .await?;
    Ok(leads
        .into_iter()
        .map(|l| l.uuid())
        .chain(activities.into_iter().map(|a| a.uuid()))
        .chain(requests.into_iter().map(|r| r.uuid()))
        .collect())
}

/// Open leads in id order after `after`, at most `limit`.
pub(crate) async fn open_leads_after(
    db: &impl ConnectionTrait,
    after: Option<LeadId>,
    limit: u64,
) -> Result<Vec<Lead>, AppError> {
    use entity::Column as L;
    let mut q = entity::Entity::find().filter(L::ClosedAt.is_null());
    if let Some(a) = after {
        q = q.filter(L::Id.gt(a));
    }
    Ok(q.order_by_asc(L::Id).limit(limit).all(db).await?)
}

/// Writes a lead's score if it is still at `version`.
pub(crate) async fn set_score(db: &impl ConnectionTrait, l: &Lead, version: i64) -> Result<(), AppError> {
    use entity::Column as L;
    entity::Entity::update_many()
        .col_expr(L::Score, Expr::value(l.score))
        .col_expr(L::ScoreFactors, Expr::value(serde_json::to_value(&l.score_factors.0).unwrap_or_default()))
        .filter(L::Id.eq(l.id))
        .filter(L::Version.eq(version))
        .exec(db)
        .await?;
    Ok(())
}
