//! Every statement on `jobs_runs`: enqueueing, claiming, progress and outcome of a job.
//!
//! Claiming is a conditional `UPDATE` checked by its row count, which both backends make atomic:
//! two workers (two replicas, or the CLI beside a server) never run the same job at once.

use chrono::{DateTime, Duration, Utc};
use innexar_db::Tx;
use innexar_kernel::actor::ActorKind;
use innexar_kernel::{Actor, AppError, Role, new_id};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, Condition, QueryOrder, QuerySelect};
use serde_json::{Value, json};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "jobs_runs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub status: String,
        pub params: Json,
        pub input: Option<Vec<u8>>,
        pub input_name: Option<String>,
        pub created_by: Option<Uuid>,
        pub created_by_email: Option<String>,
        pub actor: Json,
        pub total: i64,
        pub processed: i64,
        pub result: Option<Json>,
        pub error: Option<String>,
        pub attempts: i32,
        pub created_at: DateTimeUtc,
        pub started_at: Option<DateTimeUtc>,
        pub heartbeat_at: Option<DateTimeUtc>,
        pub finished_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::Column as C;

/// A job whose worker stopped reporting for this long (the process died) is claimed again.
pub const STALE_AFTER: Duration = Duration::minutes(5);
/// A job that took down its worker this many times is failed instead of tried again.
pub const MAX_ATTEMPTS: i32 = 3;

innexar_kernel::string_enum!(
    /// Where a job is.
    pub JobStatus { Queued = "queued", Running = "running", Succeeded = "succeeded", Failed = "failed" }
);

impl JobStatus {
    pub fn is_finished(self) -> bool {
        matches!(self, JobStatus::Succeeded | JobStatus::Failed)
    }
}

/// A job as stored, without its input file.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: Uuid,
    pub kind: String,
    pub status: JobStatus,
    pub params: Value,
    pub input_name: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_by_email: Option<String>,
    /// Who asked, with the roles and store scope they had then: the job acts as them.
    pub actor: Actor,
    pub total: i64,
    pub processed: i64,
    pub result: Option<Value>,
    pub error: Option<String>,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl Job {
    /// Whole percent done; a finished job is 100.
    pub fn percent(&self) -> u8 {
        if self.status.is_finished() {
            100
        } else if self.total <= 0 {
            0
        } else {
            ((self.processed.clamp(0, self.total) * 100) / self.total) as u8
        }
    }
}

fn actor_json(a: &Actor) -> Value {
    let kind = match a.kind {
        ActorKind::User => "user",
        ActorKind::PlatformAdmin => "platform_admin",
        ActorKind::System => "system",
    };
    json!({
        "kind": kind,
        "id": a.id,
        "email": a.email,
        "roles": a.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "storeIds": a.store_ids,
    })
}

fn actor_from(v: &Value) -> Actor {
    let id = v["id"].as_str().and_then(|s| s.parse().ok());
    let email = v["email"].as_str().map(str::to_string);
    let roles = v["roles"].as_array().into_iter().flatten().filter_map(|r| r.as_str().and_then(Role::parse)).collect();
    let store_ids = v["storeIds"]
        .as_array()
        .map(|ids| ids.iter().filter_map(|i| i.as_str().and_then(|s| s.parse().ok())).collect());
    let kind = match v["kind"].as_str() {
        Some("system") => ActorKind::System,
        Some("platform_admin") => ActorKind::PlatformAdmin,
        _ => ActorKind::User,
    };
    Actor { kind, id, email, roles, store_ids, grants: Default::default() }
}

impl From<entity::Model> for Job {
    fn from(m: entity::Model) -> Self {
        Job {
            id: m.id,
            kind: m.kind,
            status: JobStatus::parse(&m.status).unwrap_or(JobStatus::Queued),
            params: m.params,
            input_name: m.input_name,
            created_by: m.created_by,
            created_by_email: m.created_by_email,
            actor: actor_from(&m.actor),
            total: m.total,
            processed: m.processed,
            result: m.result,
            error: m.error,
            attempts: m.attempts,
            created_at: m.created_at,
            started_at: m.started_at,
            finished_at: m.finished_at,
        }
    }
}

/// What a caller asks to run.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: &'static str,
    pub params: Value,
    /// The uploaded file the job works on, kept with the job so any worker can run it.
    pub input: Option<Vec<u8>>,
    pub input_name: Option<String>,
}

/// Queues a job acting as the transaction's actor; committing it wakes the worker.
pub async fn enqueue(tx: &Tx, job: NewJob) -> Result<Job, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let m = entity::ActiveModel {
        id: Set(new_id()),
        kind: Set(job.kind.into()),
        status: Set(JobStatus::Queued.as_str().into()),
        params: Set(job.params),
        input: Set(job.input),
        input_name: Set(job.input_name),
        created_by: Set(actor.id),
        created_by_email: Set(actor.email.clone()),
        actor: Set(actor_json(actor)),
        total: Set(0),
        processed: Set(0),
        result: Set(None),
        error: Set(None),
        attempts: Set(0),
        created_at: Set(now),
        started_at: Set(None),
        heartbeat_at: Set(None),
        finished_at: Set(None),
    }
    .insert(tx)
    .await?;
    tx.job_queued();
    Ok(Job::from(m))
}

fn without_input() -> sea_orm::Select<entity::Entity> {
    entity::Entity::find().select_only().columns([
        C::Id,
        C::Kind,
        C::Status,
        C::Params,
        C::InputName,
        C::CreatedBy,
        C::CreatedByEmail,
        C::Actor,
        C::Total,
        C::Processed,
        C::Result,
        C::Error,
        C::Attempts,
        C::CreatedAt,
        C::StartedAt,
        C::HeartbeatAt,
        C::FinishedAt,
    ])
}

#[derive(Debug, sea_orm::FromQueryResult)]
struct Row {
    id: Uuid,
    kind: String,
    status: String,
    params: Value,
    input_name: Option<String>,
    created_by: Option<Uuid>,
    created_by_email: Option<String>,
    actor: Value,
    total: i64,
    processed: i64,
    result: Option<Value>,
    error: Option<String>,
    attempts: i32,
    created_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    heartbeat_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
}

impl From<Row> for Job {
    fn from(r: Row) -> Self {
        Job::from(entity::Model {
            id: r.id,
            kind: r.kind,
            status: r.status,
            params: r.params,
            input: None,
            input_name: r.input_name,
            created_by: r.created_by,
            created_by_email: r.created_by_email,
            actor: r.actor,
            total: r.total,
            processed: r.processed,
            result: r.result,
            error: r.error,
            attempts: r.attempts,
            created_at: r.created_at,
            started_at: r.started_at,
            heartbeat_at: r.heartbeat_at,
            finished_at: r.finished_at,
        })
    }
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Job>, AppError> {
    Ok(without_input().filter(C::Id.eq(id)).into_model::<Row>().one(db).await?.map(Job::from))
}

/// The file a job was given.
pub async fn input(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Vec<u8>>, AppError> {
    Ok(entity::Entity::find_by_id(id).one(db).await?.and_then(|m| m.input))
}

fn claimable(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(C::Status.eq(JobStatus::Queued.as_str()))
        .add(Condition::all().add(C::Status.eq(JobStatus::Running.as_str())).add(C::HeartbeatAt.lt(now - STALE_AFTER)))
}

/// Takes job `id` for this worker if it is queued, or running with a dead worker. False when
/// another worker has it or it is finished.
pub async fn claim(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, AppError> {
    let res = entity::Entity::update_many()
        .col_expr(C::Status, Expr::value(JobStatus::Running.as_str()))
        .col_expr(C::StartedAt, Expr::value(now))
        .col_expr(C::HeartbeatAt, Expr::value(now))
        .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
        .filter(C::Id.eq(id))
        .filter(claimable(now))
        .filter(C::Attempts.lt(MAX_ATTEMPTS))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Takes the oldest claimable job, if any. Jobs that already killed their worker
/// `MAX_ATTEMPTS` times are failed on the way.
pub async fn claim_next(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Option<Job>, AppError> {
    entity::Entity::update_many()
        .col_expr(C::Status, Expr::value(JobStatus::Failed.as_str()))
        .col_expr(C::Error, Expr::value("the job stopped its worker too many times"))
        .col_expr(C::FinishedAt, Expr::value(now))
        .filter(claimable(now))
        .filter(C::Attempts.gte(MAX_ATTEMPTS))
        .exec(db)
        .await?;
    let candidates: Vec<Uuid> = entity::Entity::find()
        .select_only()
        .column(C::Id)
        .filter(claimable(now))
        .order_by_asc(C::Id)
        .limit(5)
        .into_tuple()
        .all(db)
        .await?;
    for id in candidates {
        if claim(db, id, now).await? {
            return find(db, id).await;
        }
    }
    Ok(None)
}

/// Records how far a running job got; also its heartbeat.
pub async fn progress(
    db: &impl ConnectionTrait,
    id: Uuid,
    processed: i64,
    total: i64,
    result: Option<&Value>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut q = entity::Entity::update_many()
        .col_expr(C::Processed, Expr::value(processed))
        .col_expr(C::Total, Expr::value(total))
        .col_expr(C::HeartbeatAt, Expr::value(now));
    if let Some(r) = result {
        q = q.col_expr(C::Result, Expr::value(r.clone()));
    }
    q.filter(C::Id.eq(id)).filter(C::Status.eq(JobStatus::Running.as_str())).exec(db).await?;
    Ok(())
}

/// Records the outcome. The input file is dropped: it is not needed any more and may hold
/// personal data.
pub async fn finish(
    db: &impl ConnectionTrait,
    id: Uuid,
    outcome: Result<Value, String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (status, result, error) = match outcome {
        Ok(r) => (JobStatus::Succeeded, Some(r), None),
        Err(e) => (JobStatus::Failed, None, Some(e)),
    };
    let mut q = entity::Entity::update_many()
        .col_expr(C::Status, Expr::value(status.as_str()))
        .col_expr(C::Error, Expr::value(error))
        .col_expr(C::Input, Expr::value(Option::<Vec<u8>>::None))
        .col_expr(C::FinishedAt, Expr::value(now))
        .col_expr(C::HeartbeatAt, Expr::value(now));
    if let Some(r) = result {
        q = q.col_expr(C::Result, Expr::value(r)).col_expr(C::Processed, Expr::col(C::Total));
    }
    q.filter(C::Id.eq(id)).exec(db).await?;
    Ok(())
}
