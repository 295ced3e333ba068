//! A salesperson holds a car for a customer; the vehicle shows it, another desk cannot take it,
//! a manager can override with a reason, and time releases it (the test clock's day is
//! 2026-03-10, 12:00 UTC).

use axum::http::StatusCode;
use innexar_testkit::{TestApp, TestTenant, slug};
use serde_json::{Value, json};

pub struct Desk {
    pub t: TestTenant,
    pub store: String,
    pub sales: String,
    pub other_sales: String,
    pub manager: String,
}

pub async fn desk(app: &TestApp, name: &str) -> Desk {
    let t = app.tenant(&slug(name)).await;
    let store = app.store(&t, "Matriz").await;
    let sales = app.user(&t, &format!("vendas@{name}.com.br"), &["sales"], Some(vec![store.clone()])).await;
    let other_sales = app.user(&t, &format!("vendas2@{name}.com.br"), &["sales"], Some(vec![store.clone()])).await;
    let manager = app.user(&t, &format!("gerente@{name}.com.br"), &["store_manager"], Some(vec![store.clone()])).await;
    Desk { t, store, sales, other_sales, manager }
}

pub async fn customer(app: &TestApp, d: &Desk, token: &str, name: &str) -> String {
    let r = app
        .post("/api/v1/customers")
        .tenant(&d.t.slug)
        .token(token)
        .json(json!({"kind": "person", "name": name, "phones": [{"number": format!("(11) 9{:04}-{:04}", rand_part(), rand_part())}]}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

fn rand_part() -> u32 {
    uuid::Uuid::now_v7().as_u128() as u32 % 10_000
}

pub async fn car(app: &TestApp, d: &Desk, price: i64) -> String {
    let v = app
        .vehicle(&d.t, &d.store, json!({"priceCents": price, "costCents": price * 78 / 100, "make": "Volkswagen", "model": "T-Cross", "year": 2024}))
        .await;
    v["id"].as_str().expect("id").to_string()
}

async fn reserve(app: &TestApp, d: &Desk, token: &str, vehicle: &str, body: Value) -> innexar_testkit::Resp {
    app.post(&format!("/api/v1/vehicles/{vehicle}/reservations")).tenant(&d.t.slug).token(token).json(body).send().await
}

/// The vehicle's status, read by a fresh sign-in of the Owner (tests move the clock past a
/// token's life).
async fn status(app: &TestApp, d: &Desk, vehicle: &str) -> String {
    let token = app.login(&d.t.slug, &d.t.owner_email, innexar_testkit::PASSWORD).await;
    let v = app.get(&format!("/api/v1/vehicles/{vehicle}")).tenant(&d.t.slug).token(&token).send().await;
    v.body["status"].as_str().expect("status").to_string()
}

#[tokio::test]
async fn fifty_desks_reserving_one_car_at_once_make_exactly_one_reservation() {
    let app = TestApp::spawn().await;
    let d = desk(&app, "reserva").await;
    let vehicle = car(&app, &d, 12_990_000).await;
    let mut customers = Vec::new();
    for i in 0..5 {
        customers.push(customer(&app, &d, &d.t.owner_token, &format!("Cliente {i}")).await);
    }
    let attempts = (0..50).map(|i| {
        let body = json!({"customerId": customers[i % 5], "endsAt": "2026-03-11T18:00:00Z"});
        let (app, d, vehicle) = (&app, &d, &vehicle);
        async move { reserve(app, d, &d.t.owner_token, vehicle, body).await }
    });
    let results = futures_util::future::join_all(attempts).await;
    let created = results.iter().filter(|r| r.status == StatusCode::CREATED).count();
    assert_eq!(created, 1, "{:?}", results.iter().map(|r| (r.status, r.body["code"].clone())).collect::<Vec<_>>());
    for r in results.iter().filter(|r| r.status != StatusCode::CREATED) {
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
        assert!(
            matches!(r.body["code"].as_str(), Some("sales.vehicle_reserved" | "sales.already_reserved")),
            "{}",
            r.text
        );
    }
    assert_eq!(status(&app, &d, &vehicle).await, "reserved");
    let list =
        app.get(&format!("/api/v1/vehicles/{vehicle}/reservations")).tenant(&d.t.slug).token(&d.sales).send().await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body["items"].as_array().expect("items").len(), 1, "one reservation row: {}", list.text);
    let db = app.tenant_db(&d.t.slug).await;
    let reserved_events = innexar_db::outbox::list(db.conn(), d.t.id)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|e| e.event_type == "vehicle.status_changed" && e.data["to"] == "reserved")
        .count();
    assert_eq!(reserved_events, 1);
}

#[tokio::test]
async fn a_held_car_is_refused_to_another_desk_overridden_by_a_manager_with_a_reason_and_released() {
    let app = TestApp::spawn().await;
    let d = desk(&app, "hold").await;
    let vehicle = car(&app, &d, 8_990_000).await;
    let ana = customer(&app, &d, &d.sales, "Ana Souza").await;
    let bruno = customer(&app, &d, &d.other_sales, "Bruno Lima").await;

    // Bad input: nothing is held.
    let bad =
        reserve(&app, &d, &d.sales, &vehicle, json!({"customerId": bruno, "endsAt": "2026-03-01T00:00:00Z"})).await;
    bad.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(bad.pointers(), vec!["/customerId", "/endsAt"], "Bruno is not the first salesperson's customer");
    let too_long =
        reserve(&app, &d, &d.sales, &vehicle, json!({"customerId": ana, "endsAt": "2026-05-10T00:00:00Z"})).await;
    assert_eq!(too_long.pointers(), vec!["/endsAt"]);
    assert_eq!(status(&app, &d, &vehicle).await, "available");

    let held = reserve(
        &app,
        &d,
        &d.sales,
        &vehicle,
        json!({"customerId": ana, "endsAt": "2026-03-12T21:00:00Z", "note": "Sinal na segunda"}),
    )
    .await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.text);
    assert_eq!(held.body["status"], "active");
    assert_eq!(status(&app, &d, &vehicle).await, "reserved");

    // Another salesperson cannot take it, nor override.
    let other =
        reserve(&app, &d, &d.other_sales, &vehicle, json!({"customerId": bruno, "endsAt": "2026-03-11T21:00:00Z"}))
            .await;
    other.problem(StatusCode::CONFLICT, "sales.vehicle_reserved");
    let forced = reserve(
        &app,
        &d,
        &d.other_sales,
        &vehicle,
        json!({"customerId": bruno, "endsAt": "2026-03-11T21:00:00Z", "overrideReason": "cliente chegou primeiro"}),
    )
    .await;
    forced.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    // Nor release it.
    let held_id = held.body["id"].as_str().expect("id");
    let release = |token: &str, body: Value| {
        app.post(&format!("/api/v1/reservations/{held_id}/release")).tenant(&d.t.slug).token(token).json(body)
    };
    release(&d.other_sales, json!({})).send().await.problem(StatusCode::NOT_FOUND, "sales.reservation_not_found");

    // The manager overrides for Bruno with a reason: Ana's hold ends, the car stays reserved.
    let bruno_for_manager = bruno.clone();
    let overridden = reserve(&app, &d, &d.manager, &vehicle,
        json!({"customerId": bruno_for_manager, "endsAt": "2026-03-11T21:00:00Z", "overrideReason": "Bruno pagou o sinal"})).await;
    assert_eq!(overridden.status, StatusCode::CREATED, "{}", overridden.text);
    let ana_hold = app.get(&format!("/api/v1/reservations/{held_id}")).tenant(&d.t.slug).token(&d.sales).send().await;
    assert_eq!(ana_hold.body["status"], "overridden", "{}", ana_hold.text);
    assert_eq!(ana_hold.body["endReason"], "Bruno pagou o sinal");
    assert_eq!(status(&app, &d, &vehicle).await, "reserved");
    release(&d.sales, json!({})).send().await.problem(StatusCode::CONFLICT, "sales.reservation_ended");

    // A manager releasing someone else's hold says why; then the car is on sale again.
    let bruno_id = overridden.body["id"].as_str().expect("id");
    let url = format!("/api/v1/reservations/{bruno_id}/release");
    let no_reason = app.post(&url).tenant(&d.t.slug).token(&d.t.owner_token).json(json!({})).send().await;
    assert_eq!(no_reason.pointers(), vec!["/reason"]);
    let released =
        app.post(&url).tenant(&d.t.slug).token(&d.t.owner_token).json(json!({"reason": "desistiu"})).send().await;
    assert_eq!(released.status, StatusCode::OK, "{}", released.text);
    assert_eq!(released.body["status"], "released");
    assert_eq!(status(&app, &d, &vehicle).await, "available");
    let history = app
        .get(&format!("/api/v1/vehicles/{vehicle}/status-history"))
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .send()
        .await;
    let moves: Vec<(Value, Value)> =
        history.body["items"].as_array().expect("items").iter().map(|i| (i["from"].clone(), i["to"].clone())).collect();
    assert_eq!(
        moves,
        vec![
            (json!(null), json!("available")),
            (json!("available"), json!("reserved")),
            (json!("reserved"), json!("available"))
        ],
        "an override keeps the car reserved without a move"
    );
    // The actives list is empty again; a sold car cannot be reserved.
    let active = app.get("/api/v1/reservations").tenant(&d.t.slug).token(&d.manager).send().await;
    assert_eq!(active.body["items"], json!([]));
    app.sell(&d.t, &vehicle).await;
    reserve(&app, &d, &d.sales, &vehicle, json!({"customerId": ana, "endsAt": "2026-03-11T21:00:00Z"}))
        .await
        .problem(StatusCode::CONFLICT, "sales.vehicle_not_available");
}

#[tokio::test]
async fn the_expiry_job_releases_a_hold_past_its_end_and_leaves_a_current_one() {
    let app = TestApp::spawn().await;
    let d = desk(&app, "expira").await;
    let (short, long) = (car(&app, &d, 7_000_000).await, car(&app, &d, 7_500_000).await);
    let ana = customer(&app, &d, &d.sales, "Ana Souza").await;
    for (v, ends) in [(&short, "2026-03-10T15:00:00Z"), (&long, "2026-03-12T15:00:00Z")] {
        let r = reserve(&app, &d, &d.sales, v, json!({"customerId": ana, "endsAt": ends})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    let scheduler = innexar_app::scheduler(&app.state);
    let db = app.tenant_db(&d.t.slug).await;
    scheduler.run_all(&db, innexar_kernel::Clock::now(&*app.clock)).await.expect("scheduled tasks");
    assert_eq!((status(&app, &d, &short).await, status(&app, &d, &long).await), ("reserved".into(), "reserved".into()));

    app.clock.advance(chrono::Duration::hours(4));
    scheduler.run_all(&db, innexar_kernel::Clock::now(&*app.clock)).await.expect("scheduled tasks");
    assert_eq!(
        (status(&app, &d, &short).await, status(&app, &d, &long).await),
        ("available".into(), "reserved".into())
    );
    let owner = app.login(&d.t.slug, &d.t.owner_email, innexar_testkit::PASSWORD).await;
    let list = app.get(&format!("/api/v1/vehicles/{short}/reservations")).tenant(&d.t.slug).token(&owner).send().await;
    assert_eq!(list.body["items"][0]["status"], "expired", "{}", list.text);
    // Run again: nothing more changes.
    scheduler.run_all(&db, innexar_kernel::Clock::now(&*app.clock)).await.expect("scheduled tasks");
    let history =
        app.get(&format!("/api/v1/vehicles/{short}/status-history")).tenant(&d.t.slug).token(&owner).send().await;
    assert_eq!(history.body["items"].as_array().expect("items").len(), 3, "{}", history.text);

    // The salesperson is reminded of the long hold once, a quarter of it before its end (at most a
    // day): the 51-hour hold ending at 15:00 UTC on the 12th, from 02:15 on.
    let reminders = || async {
        // Signed in again: days pass on the test clock, and access tokens last minutes.
        let owner = app.login(&d.t.slug, &d.t.owner_email, innexar_testkit::PASSWORD).await;
        let m = app.get("/api/v1/messages?kind=reservation_expiring").tenant(&d.t.slug).token(&owner).send().await;
        m.body["items"].as_array().expect("items").clone()
    };
    assert!(reminders().await.is_empty(), "not yet");
    app.clock.advance(chrono::Duration::hours(34));
    scheduler.run_all(&db, innexar_kernel::Clock::now(&*app.clock)).await.expect("scheduled tasks");
    assert!(reminders().await.is_empty(), "12:00 on the 12th is not yet 02:15");
    app.clock.advance(chrono::Duration::minutes(20));
    scheduler.run_all(&db, innexar_kernel::Clock::now(&*app.clock)).await.expect("scheduled tasks");
    scheduler.run_all(&db, innexar_kernel::Clock::now(&*app.clock)).await.expect("scheduled tasks");
    let sent = reminders().await;
    assert_eq!(sent.len(), 1, "once: {sent:?}");
    let body = sent[0]["body"].as_str().expect("body");
    assert!(body.contains("para Ana Souza vence em 12/03/2026 12:00"), "in Brasília time: {body}");
    assert!(body.contains(&format!("/inventory/{long}")), "{body}");
    assert_eq!(status(&app, &d, &long).await, "reserved");
}
