//! `/leads`, `/activities`, `/tasks` and the CRM's settings.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use innexar_http::etag::{created, required_if_match, with_etag};
use innexar_http::{AppState, Ctx, Json, Path, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, CustomerId, Page, StoreId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::commands::{
    self, Interest, ListEntryInput, NewActivity, NewLead, Reassignment, StageMove, StoreSettingsInput,
};
use crate::model::{ActivityId, Lead, LeadId, LeadStage, ListEntry, ListKind, ScoreFactor, StoreSettings};
use crate::permissions::*;
use crate::queries::{self, ActivityView, Board, LeadQuery, Timeline};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_leads, create_lead))
        .routes(routes!(lead_board))
        .routes(routes!(get_lead, update_lead))
        .routes(routes!(move_lead))
        .routes(routes!(assign_lead))
        .routes(routes!(lead_timeline))
        .routes(routes!(lead_score))
        .routes(routes!(log_activity))
        .routes(routes!(complete_task))
        .routes(routes!(customer_activities))
        .routes(routes!(my_tasks))
        .routes(routes!(get_lead_settings, set_lead_settings))
        .routes(routes!(get_list, set_list))
}

/// A lead as the API answers it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeadView {
    pub id: LeadId,
    #[serde(flatten)]
    pub record: Lead,
    /// The stages it may move to.
    pub next_stages: Vec<LeadStage>,
    /// Still new and unanswered past its response time.
    pub overdue: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn lead_view(l: Lead, now: DateTime<Utc>) -> LeadView {
    LeadView {
        id: l.id,
        next_stages: l.stage.next(),
        overdue: l.stage == LeadStage::New && l.first_response_at.is_none() && l.response_due_at < now,
        version: l.version,
        created_at: l.created_at,
        updated_at: l.updated_at,
        record: l,
    }
}

fn lead_sort() -> utoipa::openapi::schema::Object {
    innexar_kernel::page::sort_schema(queries::LEAD_SORTABLE)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LeadListQuery {
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    /// `createdAt`, `score`, `stageChangedAt` or `responseDueAt`, `-` first for descending.
    #[param(schema_with = lead_sort)]
    pub sort: Option<String>,
    pub store_id: Option<StoreId>,
    /// Comma-separated stages.
    pub stage: Option<String>,
    pub owner_id: Option<uuid::Uuid>,
    /// Only leads without a salesperson.
    pub unassigned: Option<bool>,
    pub customer_id: Option<CustomerId>,
    #[param(max_length = 40)]
    pub source: Option<String>,
    /// Only new leads still unanswered past their response time.
    pub overdue: Option<bool>,
}

/// Leads you may see (a salesperson: theirs; a store manager: their stores'), filtered.
#[utoipa::path(get, path = "/leads", tag = "leads", security(("bearer" = [])), params(LeadListQuery),
    responses((status = 200, body = Page<LeadView>), (status = 422, body = Problem)))]
async fn list_leads(ctx: Ctx, Query(q): Query<LeadListQuery>) -> Result<axum::Json<Page<LeadView>>, AppError> {
    ctx.require(LEADS_READ)?;
    let page = PageParams { page: q.page, page_size: q.page_size, sort: q.sort };
    let filter = LeadQuery {
        store_id: q.store_id,
        stage: q.stage,
        owner_id: q.owner_id,
        unassigned: q.unassigned,
        customer_id: q.customer_id,
        source: q.source,
        overdue: q.overdue,
    };
    let found = queries::list_leads(ctx.db.read().await?.conn(), &ctx.actor, filter, page, ctx.now).await?;
    Ok(axum::Json(found.map(|l| lead_view(l, ctx.now))))
}

/// Open a lead for a customer. A salesperson's own lead is theirs; otherwise the store's rule
/// (round robin, by source, or manual) picks the salesperson. Writes `lead.created` (and
/// `lead.assigned`).
#[utoipa::path(post, path = "/leads", tag = "leads", security(("bearer" = [])), request_body = NewLead,
    responses((status = 201, body = LeadView), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_lead(ctx: Ctx, Json(input): Json<NewLead>) -> Result<Response, AppError> {
    ctx.require(LEADS_WORK)?;
    let tx = ctx.db.begin().await?;
    let l = commands::create_lead(&tx, input).await?;
    ctx.commit(tx, created(format!("/api/v1/leads/{}", l.id), l.version, lead_view(l, ctx.now))).await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    pub store_id: Option<StoreId>,
    pub owner_id: Option<uuid::Uuid>,
    #[param(max_length = 40)]
    pub source: Option<String>,
    /// Cards per column, 1-100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub per_stage: Option<u64>,
}

/// The pipeline board: every stage with its count and its most recently moved leads (won and
/// lost: those closed in the last 30 days).
#[utoipa::path(get, path = "/leads/board", tag = "leads", security(("bearer" = [])), params(BoardQuery),
    responses((status = 200, body = Board), (status = 422, body = Problem)))]
async fn lead_board(ctx: Ctx, Query(q): Query<BoardQuery>) -> Result<axum::Json<Board>, AppError> {
    ctx.require(LEADS_READ)?;
    let per_stage = q.per_stage.unwrap_or(50);
    if !(1..=100).contains(&per_stage) {
        return Err(AppError::validation(vec![innexar_kernel::FieldError::new(
            "/perStage",
            "field.out_of_range",
            "between 1 and 100",
        )]));
    }
    let filter = LeadQuery { store_id: q.store_id, owner_id: q.owner_id, source: q.source, ..Default::default() };
    Ok(axum::Json(queries::board(ctx.db.read().await?.conn(), &ctx.actor, filter, per_stage, ctx.now).await?))
}

/// One lead.
#[utoipa::path(get, path = "/leads/{id}", tag = "leads", security(("bearer" = [])),
    params(("id" = LeadId, Path)),
    responses((status = 200, body = LeadView, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_lead(ctx: Ctx, Path(id): Path<LeadId>) -> Result<Response, AppError> {
    ctx.require(LEADS_READ)?;
    let l = queries::get_lead(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    Ok(with_etag(l.version, lead_view(l, ctx.now)))
}

/// Change what the lead is about (vehicle or criteria, budget, trade-in, notes). Requires
/// `If-Match`; the fields sent replace the interest whole.
#[utoipa::path(patch, path = "/leads/{id}", tag = "leads", security(("bearer" = [])), request_body = Interest,
    params(("id" = LeadId, Path), ("If-Match" = String, Header, description = "The lead's ETag as last read")),
    responses((status = 200, body = LeadView), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_lead(
    ctx: Ctx,
    Path(id): Path<LeadId>,
    headers: HeaderMap,
    Json(i): Json<Interest>,
) -> Result<Response, AppError> {
    ctx.require(LEADS_WORK)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let l = commands::update_lead(&tx, id, expected, i).await?;
    ctx.commit(tx, with_etag(l.version, lead_view(l, ctx.now))).await
}

/// Move a lead to another stage (`lost` needs a `lostReason`). Writes `lead.stage_changed`, and
/// `lead.won` or `lead.lost`.
#[utoipa::path(post, path = "/leads/{id}/stage", tag = "leads", security(("bearer" = [])), request_body = StageMove,
    params(("id" = LeadId, Path)),
    responses((status = 200, body = LeadView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
async fn move_lead(ctx: Ctx, Path(id): Path<LeadId>, Json(m): Json<StageMove>) -> Result<Response, AppError> {
    ctx.require(LEADS_WORK)?;
    let tx = ctx.db.begin().await?;
    let l = commands::move_stage(&tx, id, m).await?;
    ctx.commit(tx, with_etag(l.version, lead_view(l, ctx.now))).await
}

/// Hand the lead to another salesperson (or leave it unassigned), with the reason, which the
/// audit log keeps. Writes `lead.assigned`.
#[utoipa::path(post, path = "/leads/{id}/assign", tag = "leads", security(("bearer" = [])), request_body = Reassignment,
    params(("id" = LeadId, Path)),
    responses((status = 200, body = LeadView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
async fn assign_lead(ctx: Ctx, Path(id): Path<LeadId>, Json(r): Json<Reassignment>) -> Result<Response, AppError> {
    ctx.require(LEADS_ASSIGN)?;
    let tx = ctx.db.begin().await?;
    let l = commands::assign_lead(&tx, id, r).await?;
    ctx.commit(tx, with_etag(l.version, lead_view(l, ctx.now))).await
}

/// The lead's stage moves and activities, newest first.
#[utoipa::path(get, path = "/leads/{id}/timeline", tag = "leads", security(("bearer" = [])),
    params(("id" = LeadId, Path)),
    responses((status = 200, body = Timeline), (status = 404, body = Problem)))]
async fn lead_timeline(ctx: Ctx, Path(id): Path<LeadId>) -> Result<axum::Json<Timeline>, AppError> {
    ctx.require(LEADS_READ)?;
    Ok(axum::Json(queries::timeline(ctx.db.read().await?.conn(), &ctx.actor, id).await?))
}

/// Why a lead has its score: each factor with its points, the most it could give, and the
/// reason in words (LGPD art. 20).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScoreExplanation {
    pub lead_id: LeadId,
    /// 0-100.
    pub score: i32,
    pub factors: Vec<ScoreFactor>,
    /// `weighted_factors`: the tenant's weights over the factors below.
    pub method: &'static str,
}

#[utoipa::path(get, path = "/leads/{id}/score", tag = "leads", security(("bearer" = [])),
    params(("id" = LeadId, Path)),
    responses((status = 200, body = ScoreExplanation), (status = 404, body = Problem)))]
async fn lead_score(ctx: Ctx, Path(id): Path<LeadId>) -> Result<axum::Json<ScoreExplanation>, AppError> {
    ctx.require(LEADS_READ)?;
    let l = queries::get_lead(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    Ok(axum::Json(ScoreExplanation {
        lead_id: l.id,
        score: l.score,
        factors: l.score_factors.0,
        method: "weighted_factors",
    }))
}

/// Log a call, WhatsApp message, e-mail, visit, test drive (a stock vehicle, the driver's CNH
/// checked) or note, or plan a task, on a lead or a customer. A contact with a new lead is its
/// first response and moves it to `contacted`.
#[utoipa::path(post, path = "/activities", tag = "leads", security(("bearer" = [])), request_body = NewActivity,
    responses((status = 201, body = ActivityView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
async fn log_activity(ctx: Ctx, Json(input): Json<NewActivity>) -> Result<Response, AppError> {
    ctx.require(ACTIVITIES_LOG)?;
    if input.lead_id.is_some() {
        ctx.require(LEADS_WORK)?;
    }
    let tx = ctx.db.begin().await?;
    let a = commands::log_activity(&tx, input).await?;
    let location = format!("/api/v1/activities/{}", a.id);
    ctx.commit(tx, created(location, a.version, ActivityView::from(a))).await
}

/// Mark a task done.
#[utoipa::path(post, path = "/activities/{id}/done", tag = "leads", security(("bearer" = [])),
    params(("id" = ActivityId, Path)),
    responses((status = 200, body = ActivityView), (status = 404, body = Problem), (status = 412, body = Problem)))]
async fn complete_task(ctx: Ctx, Path(id): Path<ActivityId>) -> Result<Response, AppError> {
    ctx.require(ACTIVITIES_LOG)?;
    let tx = ctx.db.begin().await?;
    let a = commands::complete_task(&tx, id).await?;
    ctx.commit(tx, axum::Json(ActivityView::from(a))).await
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Activities {
    pub items: Vec<ActivityView>,
}

/// A customer's activities and tasks, newest first.
#[utoipa::path(get, path = "/customers/{id}/activities", tag = "customers", security(("bearer" = [])),
    params(("id" = CustomerId, Path)),
    responses((status = 200, body = Activities), (status = 404, body = Problem)))]
async fn customer_activities(ctx: Ctx, Path(id): Path<CustomerId>) -> Result<axum::Json<Activities>, AppError> {
    ctx.require(CUSTOMERS_READ)?;
    let items = queries::customer_activities(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    Ok(axum::Json(Activities { items }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// Only tasks due before this instant (the end of today for "today"; now for "overdue").
    pub due_before: Option<DateTime<Utc>>,
}

/// Your open tasks, soonest first.
#[utoipa::path(get, path = "/tasks", tag = "leads", security(("bearer" = [])), params(TaskQuery),
    responses((status = 200, body = Activities)))]
async fn my_tasks(ctx: Ctx, Query(q): Query<TaskQuery>) -> Result<axum::Json<Activities>, AppError> {
    ctx.require(ACTIVITIES_LOG)?;
    let items = queries::my_tasks(ctx.db.read().await?.conn(), &ctx.actor, q.due_before).await?;
    Ok(axum::Json(Activities { items }))
}

/// A store's lead settings: first-response time and how new leads are assigned.
#[utoipa::path(get, path = "/crm/stores/{id}/lead-settings", tag = "leads", security(("bearer" = [])),
    params(("id" = StoreId, Path)),
    responses((status = 200, body = StoreSettings), (status = 404, body = Problem)))]
async fn get_lead_settings(ctx: Ctx, Path(id): Path<StoreId>) -> Result<axum::Json<StoreSettings>, AppError> {
    ctx.require(LEADS_READ)?;
    Ok(axum::Json(queries::store_settings(ctx.db.read().await?.conn(), &ctx.actor, id, ctx.now).await?))
}

#[utoipa::path(put, path = "/crm/stores/{id}/lead-settings", tag = "leads", security(("bearer" = [])),
    request_body = StoreSettingsInput, params(("id" = StoreId, Path)),
    responses((status = 200, body = StoreSettings), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn set_lead_settings(
    ctx: Ctx,
    Path(id): Path<StoreId>,
    Json(input): Json<StoreSettingsInput>,
) -> Result<Response, AppError> {
    ctx.require(CRM_CONFIGURE)?;
    let tx = ctx.db.begin().await?;
    let s = commands::set_store_settings(&tx, id, input).await?;
    ctx.commit(tx, axum::Json(s)).await
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListEntries {
    pub kind: ListKind,
    pub items: Vec<ListEntry>,
}

/// One of the tenant's lists: `source` (lead sources and their quality), `lost_reason`, or
/// `score_weight` (each score factor's weight). Active entries first, in order.
#[utoipa::path(get, path = "/crm/lists/{kind}", tag = "leads", security(("bearer" = [])),
    params(("kind" = ListKind, Path)),
    responses((status = 200, body = ListEntries)))]
async fn get_list(ctx: Ctx, Path(kind): Path<ListKind>) -> Result<axum::Json<ListEntries>, AppError> {
    ctx.require(LEADS_READ)?;
    Ok(axum::Json(ListEntries { kind, items: queries::list_entries(ctx.db.read().await?.conn(), kind).await? }))
}

/// Replace a list's active entries (the Owner's). Keys left out stay, inactive, so the records
/// filed under them keep their label.
#[utoipa::path(put, path = "/crm/lists/{kind}", tag = "leads", security(("bearer" = [])),
    request_body = Vec<ListEntryInput>, params(("kind" = ListKind, Path)),
    responses((status = 200, body = ListEntries), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn set_list(
    ctx: Ctx,
    Path(kind): Path<ListKind>,
    Json(entries): Json<Vec<ListEntryInput>>,
) -> Result<Response, AppError> {
    ctx.require(CRM_CONFIGURE)?;
    if !ctx.actor.can(LEADS_SEE_ALL) {
        return Err(AppError::forbidden("auth.forbidden", "the tenant's lists are the Owner's"));
    }
    let tx = ctx.db.begin().await?;
    let items = commands::set_list(&tx, kind, entries).await?;
    ctx.commit(tx, (StatusCode::OK, axum::Json(ListEntries { kind, items }))).await
}
