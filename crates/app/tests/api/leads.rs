//! The funnel as the floor works it: leads opened, answered, moved, handed out and lost.

use axum::http::StatusCode;
use futures_util::future::join_all;
use innexar_kernel::Clock;
use innexar_testkit::{Resp, TestApp, TestTenant, slug};
use serde_json::{Value, json};

use crate::customers::create;

struct Floor {
    t: TestTenant,
    store: String,
    ana: String,
    beto: String,
    ana_id: String,
    beto_id: String,
    manager: String,
}

async fn floor(app: &TestApp) -> Floor {
    let t = app.tenant(&slug("funil")).await;
    let store = app.store(&t, "Matriz").await;
    let ana = app.user(&t, "ana@funil.com.br", &["sales"], Some(vec![store.clone()])).await;
    let beto = app.user(&t, "beto@funil.com.br", &["sales"], Some(vec![store.clone()])).await;
    let manager = app.user(&t, "gerente@funil.com.br", &["store_manager"], Some(vec![store.clone()])).await;
    let id = |token: &str| {
        let app = &app;
        let slug = t.slug.clone();
        let token = token.to_string();
        async move {
            let me = app.get("/api/v1/me").tenant(&slug).token(&token).send().await;
            me.body["user"]["id"].as_str().expect("id").to_string()
        }
    };
    let (ana_id, beto_id) = (id(&ana).await, id(&beto).await);
    Floor { t, store, ana, beto, ana_id, beto_id, manager }
}

async fn customer(app: &TestApp, f: &Floor, token: &str, name: &str) -> String {
    let r =
        create(app, &f.t, token, json!({"kind": "person", "name": name, "phones": [{"number": "11912345678"}]})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

async fn lead(app: &TestApp, f: &Floor, token: &str, body: Value) -> Resp {
    app.post("/api/v1/leads").tenant(&f.t.slug).token(token).json(body).send().await
}

fn events(app: &TestApp, f: &Floor) -> impl std::future::Future<Output = Vec<innexar_db::outbox::CloudEvent>> {
    let (app, slug, id) = (app, f.t.slug.clone(), f.t.id);
    async move {
        let db = app.tenant_db(&slug).await;
        innexar_db::outbox::list(db.conn(), id).await.expect("events")
    }
}

#[tokio::test]
async fn a_walk_in_lead_is_answered_moved_and_lost_with_its_reason_and_explained() {
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    let c = customer(&app, &f, &f.ana, "Marcos Vinícius").await;
    let stock = app.vehicle(&f.t, &f.store, json!({"placa": "TST1A23", "priceCents": 8_000_000})).await;
    let r = lead(
        &app,
        &f,
        &f.ana,
        json!({"customerId": c, "source": "walk_in", "vehicleId": stock["id"], "budgetCents": 8_500_000, "hasTradeIn": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!((r.body["stage"].as_str(), r.body["ownerId"].as_str()), (Some("new"), Some(f.ana_id.as_str())));
    let id = r.body["id"].as_str().expect("id").to_string();
    assert_eq!(r.body["scoreFactors"].as_array().map(Vec::len), Some(6));

    // A call answers the lead and moves it to contacted.
    let call = app
        .post("/api/v1/activities")
        .tenant(&f.t.slug)
        .token(&f.ana)
        .json(json!({"kind": "call", "leadId": id, "direction": "outbound", "body": "Agendou visita para sábado"}))
        .send()
        .await;
    assert_eq!(call.status, StatusCode::CREATED, "{}", call.text);
    let l = app.get(&format!("/api/v1/leads/{id}")).tenant(&f.t.slug).token(&f.ana).send().await;
    assert_eq!(l.body["stage"], "contacted");
    assert!(l.body["firstResponseAt"].is_string());

    // A test drive needs the CNH checked and a sane odometer.
    let td = |body: Value| app.post("/api/v1/activities").tenant(&f.t.slug).token(&f.ana).json(body);
    let r = td(json!({"kind": "test_drive", "leadId": id, "vehicleId": stock["id"], "startKm": 100, "endKm": 90}))
        .send()
        .await;
    let p = r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let codes: Vec<&str> = p["errors"].as_array().expect("e").iter().filter_map(|e| e["code"].as_str()).collect();
    assert_eq!(codes, ["activities.cnh_required", "activities.invalid_km"]);
    let ok = td(json!({"kind": "test_drive", "leadId": id, "vehicleId": stock["id"], "cnhChecked": true, "startKm": 100, "endKm": 112}))
        .send()
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);

    let stage = |body: Value| app.post(&format!("/api/v1/leads/{id}/stage")).tenant(&f.t.slug).token(&f.ana).json(body);
    for s in ["qualified", "test_drive", "negotiating"] {
        let r = stage(json!({"stage": s})).send().await;
        assert_eq!(r.status, StatusCode::OK, "{s}: {}", r.text);
    }
    let r = stage(json!({"stage": "lost"})).send().await;
    assert_eq!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")["errors"][0]["code"],
        "leads.lost_reason_required"
    );
    let r = stage(json!({"stage": "lost", "lostReason": "gosto"})).send().await;
    assert_eq!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")["errors"][0]["code"],
        "leads.unknown_lost_reason"
    );
    let r = stage(json!({"stage": "lost", "lostReason": "price", "note": "Achou caro"})).send().await;
    assert_eq!((r.status, r.body["lostReason"].as_str()), (StatusCode::OK, Some("price")), "{}", r.text);
    assert!(r.body["closedAt"].is_string());

    let tl = app.get(&format!("/api/v1/leads/{id}/timeline")).tenant(&f.t.slug).token(&f.ana).send().await;
    let moves: Vec<&str> =
        tl.body["stageChanges"].as_array().expect("moves").iter().filter_map(|m| m["toStage"].as_str()).collect();
    assert_eq!(moves, ["lost", "negotiating", "test_drive", "qualified", "contacted", "new"]);
    assert_eq!(tl.body["activities"].as_array().map(Vec::len), Some(2));

    let score = app.get(&format!("/api/v1/leads/{id}/score")).tenant(&f.t.slug).token(&f.ana).send().await;
    let factors = score.body["factors"].as_array().expect("factors");
    let sum: i64 = factors.iter().filter_map(|f| f["points"].as_i64()).sum();
    let max: i64 = factors.iter().filter_map(|f| f["max"].as_i64()).sum();
    assert_eq!(score.body["score"].as_i64(), Some((sum * 100 + max / 2) / max), "{}", score.text);
    let trade = factors.iter().find(|f| f["factor"] == "trade_in").expect("trade_in");
    assert_eq!((trade["points"].as_i64(), trade["max"].as_i64()), (Some(10), Some(10)));
    let budget = factors.iter().find(|f| f["factor"] == "budget_fit").expect("budget_fit");
    assert_eq!(budget["points"], 15, "the budget covers the car's price: {budget}");

    let kinds: Vec<String> = events(&app, &f).await.iter().map(|e| e.event_type.clone()).collect();
    for k in ["lead.created", "lead.assigned", "lead.stage_changed", "lead.lost"] {
        assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
    }
    // A lost lead may be reopened; a won one is a sale.
    assert_eq!(stage(json!({"stage": "negotiating"})).send().await.status, StatusCode::OK);
    assert_eq!(stage(json!({"stage": "won"})).send().await.status, StatusCode::OK);
    stage(json!({"stage": "new"})).send().await.problem(StatusCode::CONFLICT, "leads.invalid_stage_move");
    assert!(events(&app, &f).await.iter().any(|e| e.event_type == "lead.won"));
}

#[tokio::test]
async fn new_leads_go_round_robin_by_source_or_wait_for_the_manager() {
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    let c = customer(&app, &f, &f.manager, "Cliente do Site").await;
    let owners = {
        let mut v = Vec::new();
        for _ in 0..4 {
            let r = lead(&app, &f, &f.manager, json!({"customerId": c, "source": "website"})).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            v.push(r.body["ownerId"].as_str().expect("owner").to_string());
        }
        v
    };
    assert_ne!(owners[0], owners[1], "{owners:?}");
    assert_eq!(owners[0], owners[2]);
    assert_eq!(owners[1], owners[3]);
    let settings = |body: Value| {
        app.call(axum::http::Method::PUT, &format!("/api/v1/crm/stores/{}/lead-settings", f.store))
            .tenant(&f.t.slug)
            .token(&f.manager)
            .json(body)
    };
    let r = settings(
        json!({"firstResponseMinutes": 15, "assignment": "by_source", "sourceOwners": {"webmotors": f.beto_id}}),
    )
    .send()
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    for _ in 0..2 {
        let r = lead(&app, &f, &f.manager, json!({"customerId": c, "source": "webmotors"})).await;
        assert_eq!(r.body["ownerId"], f.beto_id.as_str());
    }
    settings(json!({"firstResponseMinutes": 15, "assignment": "manual"})).send().await;
    let r = lead(&app, &f, &f.manager, json!({"customerId": c, "source": "phone"})).await;
    assert!(r.body["ownerId"].is_null(), "{}", r.text);
    let id = r.body["id"].as_str().expect("id");
    let unassigned = app.get("/api/v1/leads?unassigned=true").tenant(&f.t.slug).token(&f.manager).send().await;
    assert_eq!(unassigned.body["total"], 1);

    // The manager hands it out with a reason, which the audit log keeps; a salesperson cannot.
    let assign = |token: &str, body: Value| {
        app.post(&format!("/api/v1/leads/{id}/assign")).tenant(&f.t.slug).token(token).json(body)
    };
    assign(&f.ana, json!({"ownerId": f.ana_id, "reason": "é meu"}))
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "auth.forbidden");
    let r = assign(&f.manager, json!({"ownerId": f.ana_id, "reason": "Ana atende a região"})).send().await;
    assert_eq!(r.body["ownerId"], f.ana_id.as_str(), "{}", r.text);
    let audit = app.get(&format!("/api/v1/audit?entityId={id}")).tenant(&f.t.slug).token(&f.t.owner_token).send().await;
    assert!(audit.text.contains("Ana atende a região"), "{}", audit.text);
    // A user of another role is not someone to hand leads to.
    let tech = app.user(&f.t, "tec@funil.com.br", &["technician"], None).await;
    let tech_id = app.get("/api/v1/me").tenant(&f.t.slug).token(&tech).send().await.body["user"]["id"].clone();
    let r = assign(&f.manager, json!({"ownerId": tech_id, "reason": "teste"})).send().await;
    assert_eq!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")["errors"][0]["code"],
        "leads.invalid_owner"
    );
}

#[tokio::test]
async fn each_salesperson_sees_their_leads_and_those_leads_customers() {
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    // The Owner registers the customer; the lead makes it Ana's to see.
    let c = customer(&app, &f, &f.t.owner_token, "Cliente do Dono").await;
    let r = lead(&app, &f, &f.manager, json!({"customerId": c, "source": "phone", "ownerId": f.ana_id})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_str().expect("id").to_string();
    lead(
        &app,
        &f,
        &f.beto,
        json!({"customerId": customer(&app, &f, &f.beto, "Cliente do Beto").await, "source": "walk_in"}),
    )
    .await;
    let count = |token: &str, uri: &str| {
        let (app, slug, token, uri) = (&app, f.t.slug.clone(), token.to_string(), uri.to_string());
        async move { app.get(&uri).tenant(&slug).token(&token).send().await }
    };
    assert_eq!(count(&f.ana, "/api/v1/leads").await.body["total"], 1);
    assert_eq!(count(&f.beto, "/api/v1/leads").await.body["total"], 1);
    assert_eq!(count(&f.manager, "/api/v1/leads").await.body["total"], 2);
    let board = count(&f.ana, "/api/v1/leads/board").await;
    let on_board: u64 =
        board.body["columns"].as_array().expect("cols").iter().filter_map(|c| c["total"].as_u64()).sum();
    assert_eq!(on_board, 1, "{}", board.text);
    assert_eq!(count(&f.ana, &format!("/api/v1/customers/{c}")).await.status, StatusCode::OK);
    count(&f.beto, &format!("/api/v1/customers/{c}")).await.problem(StatusCode::NOT_FOUND, "customers.not_found");
    count(&f.beto, &format!("/api/v1/leads/{id}")).await.problem(StatusCode::NOT_FOUND, "leads.not_found");
    let found = count(&f.ana, "/api/v1/customers?q=dono").await;
    assert_eq!(found.body["total"], 1, "{}", found.text);
    assert_eq!(count(&f.beto, "/api/v1/customers?q=dono").await.body["total"], 0);
}

#[tokio::test]
async fn an_unanswered_lead_past_its_response_time_is_overdue_and_tasks_come_due() {
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    app.call(axum::http::Method::PUT, &format!("/api/v1/crm/stores/{}/lead-settings", f.store))
        .tenant(&f.t.slug)
        .token(&f.manager)
        .json(json!({"firstResponseMinutes": 2, "assignment": "round_robin"}))
        .send()
        .await;
    let c = customer(&app, &f, &f.ana, "Pressa").await;
    let r = lead(&app, &f, &f.ana, json!({"customerId": c, "source": "website"})).await;
    let id = r.body["id"].as_str().expect("id").to_string();
    let overdue = |token: &str| app.get("/api/v1/leads?overdue=true").tenant(&f.t.slug).token(token).send();
    assert_eq!(overdue(&f.ana).await.body["total"], 0);
    app.clock.advance(chrono::Duration::minutes(3));
    let o = overdue(&f.ana).await;
    assert_eq!(
        (o.body["total"].as_u64(), o.body["items"][0]["overdue"].as_bool()),
        (Some(1), Some(true)),
        "{}",
        o.text
    );
    // Time alone changes the score: the hourly refresh sees the response time missed.
    let response_points = |body: &Value| {
        body["factors"].as_array().expect("factors").iter().find(|f| f["factor"] == "response_time").expect("rt")["points"]
            .as_i64()
    };
    let score = || app.get(&format!("/api/v1/leads/{id}/score")).tenant(&f.t.slug).token(&f.ana).send();
    assert!(response_points(&score().await.body) > Some(0), "pending and still in time when it was scored");
    innexar_app::scheduler(&app.state).run_all(&app.tenant_db(&f.t.slug).await, app.clock.now()).await.expect("tasks");
    assert_eq!(response_points(&score().await.body), Some(0), "unanswered past its time");

    let due = app.clock.now() + chrono::Duration::hours(2);
    let task = app
        .post("/api/v1/activities")
        .tenant(&f.t.slug)
        .token(&f.ana)
        .json(json!({"kind": "task", "leadId": id, "body": "Enviar proposta", "dueAt": due}))
        .send()
        .await;
    assert_eq!(task.status, StatusCode::CREATED, "{}", task.text);
    let before = |at: chrono::DateTime<chrono::Utc>| {
        let uri = format!("/api/v1/tasks?dueBefore={}", at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        app.get(&uri).tenant(&f.t.slug).token(&f.ana).send()
    };
    assert_eq!(before(app.clock.now()).await.body["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(before(due + chrono::Duration::hours(8)).await.body["items"].as_array().map(Vec::len), Some(1));
    let tid = task.body["id"].as_str().expect("task id");
    let done = app.post(&format!("/api/v1/activities/{tid}/done")).tenant(&f.t.slug).token(&f.ana).send().await;
    assert!(done.body["doneAt"].is_string(), "{}", done.text);
    assert_eq!(before(due + chrono::Duration::hours(8)).await.body["items"].as_array().map(Vec::len), Some(0));
    let r = app
        .post("/api/v1/activities")
        .tenant(&f.t.slug)
        .token(&f.ana)
        .json(json!({"kind": "task", "leadId": id, "body": "Sem prazo"}))
        .send()
        .await;
    assert_eq!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")["errors"][0]["code"],
        "activities.due_required"
    );
}

#[tokio::test]
async fn thirty_concurrent_leads_and_moves_each_land_whole() {
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    let c = customer(&app, &f, &f.manager, "Frota").await;
    let made =
        join_all((0..30).map(|_| lead(&app, &f, &f.manager, json!({"customerId": c, "source": "website"})))).await;
    assert!(
        made.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        made.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let per_owner = |who: &str| made.iter().filter(|r| r.body["ownerId"] == who).count();
    assert_eq!(per_owner(&f.ana_id) + per_owner(&f.beto_id), 30);
    // Thirty moves of one lead at once: each answers (moved, or told it was changed), none fails.
    let id = made[0].body["id"].as_str().expect("id").to_string();
    let stages = ["contacted", "qualified", "visit_scheduled", "test_drive", "negotiating"];
    let moves = join_all((0..30).map(|i| {
        let (app, slug, token, id) = (&app, f.t.slug.clone(), f.manager.clone(), id.clone());
        async move {
            app.post(&format!("/api/v1/leads/{id}/stage"))
                .tenant(&slug)
                .token(&token)
                .json(json!({"stage": stages[i % stages.len()]}))
                .send()
                .await
        }
    }))
    .await;
    for r in &moves {
        assert!(matches!(r.status, StatusCode::OK | StatusCode::PRECONDITION_FAILED), "{} {}", r.status, r.text);
    }
    let tl = app.get(&format!("/api/v1/leads/{id}/timeline")).tenant(&f.t.slug).token(&f.manager).send().await;
    let lead_now = app.get(&format!("/api/v1/leads/{id}")).tenant(&f.t.slug).token(&f.manager).send().await;
    // Every move that answered 200 with a change is in the history, and the last one is the stage.
    assert_eq!(tl.body["stageChanges"][0]["toStage"], lead_now.body["stage"], "{}", tl.text);
    let history = tl.body["stageChanges"].as_array().map(Vec::len).unwrap_or(0);
    let changed = events(&app, &f)
        .await
        .iter()
        .filter(|e| e.event_type == "lead.stage_changed" && e.subject.as_deref() == Some(id.as_str()))
        .count();
    assert_eq!(history, changed + 1, "one history line per move event, and the opening");
}

#[tokio::test]
async fn bad_leads_are_refused_at_their_fields_and_write_nothing() {
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    let r = lead(
        &app,
        &f,
        &f.ana,
        json!({"customerId": "0190f5c0-0000-7000-8000-000000000000", "source": "pombo", "yearMin": 2030, "yearMax": 1900,
               "budgetCents": -1, "vehicleId": "0190f5c0-0000-7000-8000-000000000001"}),
    )
    .await;
    let p = r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let pointers: Vec<&str> = p["errors"].as_array().expect("e").iter().filter_map(|e| e["pointer"].as_str()).collect();
    for ptr in ["/customerId", "/source", "/yearMin", "/yearMax", "/budgetCents", "/vehicleId"] {
        assert!(pointers.contains(&ptr), "{ptr} in {pointers:?}");
    }
    let c = customer(&app, &f, &f.ana, "Alguém").await;
    let r = lead(&app, &f, &f.ana, json!({"customerId": c, "source": "phone", "ownerId": f.beto_id})).await;
    assert_eq!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")["errors"][0]["code"],
        "leads.cannot_assign"
    );
    let all = app.get("/api/v1/leads").tenant(&f.t.slug).token(&f.manager).send().await;
    assert_eq!(all.body["total"], 0);
    assert!(events(&app, &f).await.iter().all(|e| !e.event_type.starts_with("lead.")));
}
