//! The background job queue itself, with job kinds made for the test.

use std::sync::Arc;

use async_trait::async_trait;
use innexar_db::TenantDb;
use innexar_jobs::runs::{self, NewJob};
use innexar_jobs::{Job, JobHandler, JobStatus, Progress, Worker};
use innexar_kernel::{Actor, AppError};
use innexar_testkit::{TestApp, slug};
use serde_json::{Value, json};

/// Counts to `params.n`, reporting each step; panics when asked to.
struct Counter;

#[async_trait]
impl JobHandler for Counter {
    fn kind(&self) -> &'static str {
        "test.count"
    }
    async fn run(&self, _db: &TenantDb, job: &Job, progress: &Progress) -> Result<Value, AppError> {
        let n = job.params["n"].as_u64().unwrap_or(0);
        if job.params["panic"] == true {
            panic!("the handler broke");
        }
        for i in 1..=n {
            progress.report(i, n, Some(&json!({"reached": i}))).await?;
        }
        if job.params["fail"] == true {
            return Err(AppError::conflict("test.refused", "the job refused the work"));
        }
        Ok(json!({"reached": n, "as": job.actor.email}))
    }
}

async fn queue(db: &TenantDb, actor: &Actor, app: &TestApp, params: Value, kind: &'static str) -> Job {
    let tx = db.begin_as(actor.clone(), app.state.clock.now()).await.expect("begin");
    let job = runs::enqueue(&tx, NewJob { kind, params, input: None, input_name: None }).await.expect("enqueue");
    tx.commit().await.expect("commit");
    job
}

#[tokio::test]
async fn jobs_run_oldest_first_and_a_failing_or_panicking_one_is_failed_without_stopping_the_rest() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let db = app.tenant_db(&t.slug).await;
    let mut worker = Worker::new(app.state.clock.clone());
    worker.register(Arc::new(Counter));
    let actor =
        Actor::user(uuid::Uuid::now_v7(), "gerente@loja.com.br", vec![innexar_kernel::Role::StoreManager], None);

    let panics = queue(&db, &actor, &app, json!({"panic": true}), "test.count").await;
    let refuses = queue(&db, &actor, &app, json!({"n": 2, "fail": true}), "test.count").await;
    let unknown = queue(&db, &actor, &app, json!({}), "test.nobody").await;
    let counts = queue(&db, &actor, &app, json!({"n": 3}), "test.count").await;
    assert_eq!(counts.percent(), 0);

    assert_eq!(worker.step(&db).await.expect("step"), Some(panics.id), "oldest first");
    assert_eq!(worker.drain(&db).await.expect("drain"), 3);
    assert_eq!(worker.step(&db).await.expect("step"), None, "the queue is empty");

    let get = |id| {
        let db = db.clone();
        async move { runs::find(db.conn(), id).await.expect("find").expect("job") }
    };
    let p = get(panics.id).await;
    assert_eq!((p.status, p.error.as_deref()), (JobStatus::Failed, Some("the job stopped on an unexpected error")));
    let r = get(refuses.id).await;
    assert_eq!((r.status, r.error.as_deref()), (JobStatus::Failed, Some("the job refused the work")));
    assert_eq!((r.processed, r.result), (2, Some(json!({"reached": 2}))), "progress made before failing is kept");
    let u = get(unknown.id).await;
    assert_eq!(u.status, JobStatus::Failed);
    assert!(u.error.as_deref().is_some_and(|e| e.contains("test.nobody")));
    let c = get(counts.id).await;
    assert_eq!((c.status, c.percent(), c.processed, c.total), (JobStatus::Succeeded, 100, 3, 3));
    assert_eq!(c.result, Some(json!({"reached": 3, "as": "gerente@loja.com.br"})), "the job acts as who queued it");
    assert_eq!(c.actor.roles, vec![innexar_kernel::Role::StoreManager]);
}

#[tokio::test]
async fn a_job_that_keeps_killing_its_worker_is_failed_after_three_attempts() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let db = app.tenant_db(&t.slug).await;
    let job = queue(&db, &Actor::system(), &app, json!({"n": 1}), "test.count").await;
    for _ in 0..3 {
        // Claimed, then the process dies; five quiet minutes later it may be claimed again.
        assert!(runs::claim(db.conn(), job.id, app.state.clock.now()).await.expect("claim"));
        app.clock.advance(chrono::Duration::minutes(6));
    }
    let mut worker = Worker::new(app.state.clock.clone());
    worker.register(Arc::new(Counter));
    assert_eq!(worker.step(&db).await.expect("step"), None);
    let j = runs::find(db.conn(), job.id).await.expect("find").expect("job");
    assert_eq!((j.status, j.attempts), (JobStatus::Failed, 3));
}

/// The scheduled housekeeping the server runs for every tenant: idempotency keys are kept for
/// their retention (24 hours), then purged, and younger keys stay.
#[tokio::test]
async fn housekeeping_purges_idempotency_keys_past_their_retention_and_keeps_the_rest() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let scheduler = innexar_app::scheduler(&app.state);
    assert!(scheduler.names().contains(&"tenants.purge_idempotency_keys"), "{:?}", scheduler.names());
    let db = app.tenant_db(&t.slug).await;
    let keys = || async {
        let sql =
            Statement::from_string(db.conn().get_database_backend(), "SELECT COUNT(*) AS n FROM core_idempotency_keys");
        let row = db.conn().query_one_raw(sql).await.expect("count").expect("a row");
        row.try_get::<i64>("", "n").expect("n")
    };
    let create_store = |name: &'static str, key: &'static str, token: String| {
        let app = &app;
        let tenant = t.slug.clone();
        async move {
            let r = app
                .post("/api/v1/stores")
                .tenant(&tenant)
                .token(&token)
                .header("idempotency-key", key)
                .json(json!({"name": name}))
                .send()
                .await;
            assert_eq!(r.status, axum::http::StatusCode::CREATED, "{}", r.text);
        }
    };
    create_store("Filial Norte", "loja-norte", t.owner_token.clone()).await;
    app.clock.advance(chrono::Duration::hours(20));
    let token = app.login(&t.slug, &t.owner_email, innexar_testkit::PASSWORD).await;
    create_store("Filial Sul", "loja-sul", token).await;
    assert_eq!(keys().await, 2);

    scheduler.run_all(&db, innexar_kernel::Clock::now(&*app.clock)).await.expect("housekeeping");
    assert_eq!(keys().await, 2, "both keys are within their 24 hours");
    app.clock.advance(chrono::Duration::hours(5));
    scheduler.run_all(&db, innexar_kernel::Clock::now(&*app.clock)).await.expect("housekeeping");
    assert_eq!(keys().await, 1, "the 25-hour-old key is purged, the 5-hour-old one kept");
}
