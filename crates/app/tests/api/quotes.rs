//! A salesperson builds a quote with a trade-in, accessories, F&I and financing; revisions keep
//! the earlier versions; a discount above the limit waits for a manager; time expires it (the
//! test clock's day is 2026-03-10).

use axum::http::StatusCode;
use innexar_testkit::TestApp;
use serde_json::{Value, json};

use crate::reservations::{Desk, car, customer, desk};

async fn rate_table(app: &TestApp, d: &Desk) -> String {
    let r = app
        .post("/api/v1/financing/rate-tables")
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .json(json!({"bank": "Banco Azul", "name": "CDC Seminovos", "feesCents": {"registration": 35_000},
            "financeFees": true,
            "rates": [{"maxInstallments": 48, "minDownPayment": "0.2", "monthlyRate": "0.0179"},
                      {"maxInstallments": 60, "minDownPayment": "0.2", "monthlyRate": "0.0189"}]}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

async fn appraisal(app: &TestApp, d: &Desk, customer: &str) -> Value {
    let r = app
        .post("/api/v1/appraisals")
        .tenant(&d.t.slug)
        .token(&d.sales)
        .json(json!({"customerId": customer,
            "vehicle": {"placa": "QRS4E21", "make": "Fiat", "model": "Argo", "year": 2019, "mileageKm": 62_000},
            "mileageKm": 62_000, "appraisedValueCents": 3_000_000, "payoffCents": 500_000, "payoffBank": "Banco Verde",
            "checklist": [{"item": "Pneus", "condition": "attention", "note": "trocar dianteiros", "repairCents": 80_000},
                          {"item": "Motor", "condition": "good"}]}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body.clone()
}

/// The deal: R$ 90.000,00 car, R$ 2.000,00 off, a R$ 2.500,00 accessory costing R$ 1.000,00,
/// a R$ 3.000,00 extended warranty returning R$ 1.200,00, a trade-in appraised at R$ 30.000,00
/// allowed R$ 32.000,00 with R$ 5.000,00 owed, R$ 10.000,00 down and the rest financed.
fn deal(customer: &str, vehicle: &str, appraisal: &str, table: &str, discount: i64) -> Value {
    let total = 9_000_000 - discount + 250_000 + 300_000;
    let trade_net = 3_200_000 - 500_000;
    json!({"customerId": customer, "vehicleId": vehicle, "discountCents": discount,
        "items": [{"kind": "accessory", "description": "Película e tapetes", "priceCents": 250_000, "costCents": 100_000}],
        "fiProducts": [{"kind": "extended_warranty", "provider": "Garantia Total", "description": "Garantia estendida 24 meses",
            "priceCents": 300_000, "dealerReturnCents": 120_000}],
        "tradeIn": {"appraisalId": appraisal, "allowanceCents": 3_200_000},
        "payments": [{"method": "down_payment", "amountCents": 1_000_000},
                     {"method": "financing", "amountCents": total - trade_net - 1_000_000, "rateTableId": table, "installments": 48}],
        "validUntil": "2026-03-17"})
}

pub struct Deal {
    pub d: Desk,
    pub customer: String,
    pub vehicle: String,
    pub appraisal: String,
    pub table: String,
}

pub async fn setup(app: &TestApp, name: &str) -> Deal {
    let d = desk(app, name).await;
    let vehicle = car(app, &d, 9_000_000).await;
    let r = app
        .post(&format!("/api/v1/vehicles/{vehicle}/expenses"))
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .json(json!({"spentOn": "2026-03-01", "description": "Polimento e revisão", "amountCents": 150_000}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let customer = customer(app, &d, &d.sales, "Camila Rocha").await;
    let appraisal = appraisal(app, &d, &customer).await["id"].as_str().expect("id").to_string();
    let table = rate_table(app, &d).await;
    Deal { d, customer, vehicle, appraisal, table }
}

pub async fn create(app: &TestApp, x: &Deal, token: &str, discount: i64) -> innexar_testkit::Resp {
    app.post("/api/v1/quotes")
        .tenant(&x.d.t.slug)
        .token(token)
        .json(deal(&x.customer, &x.vehicle, &x.appraisal, &x.table, discount))
        .send()
        .await
}

fn cents(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("centavos: {v}"))
}

#[tokio::test]
async fn a_quote_adds_up_prices_the_financing_and_shows_its_margin_only_to_those_allowed() {
    let app = TestApp::spawn().await;
    let x = setup(&app, "proposta").await;
    let r = create(&app, &x, &x.d.sales, 200_000).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["number"], "P-00001");
    assert_eq!((r.body["status"].as_str(), r.body["currentVersion"].as_i64()), (Some("draft"), Some(1)));
    let c = &r.body["content"];
    assert_eq!(cents(&c["totals"]["totalCents"]), 9_350_000);
    assert_eq!(cents(&r.body["totalCents"]), 9_350_000);
    let methods: Vec<(&str, i64)> = c["payments"]
        .as_array()
        .expect("payments")
        .iter()
        .map(|p| (p["method"].as_str().expect("method"), cents(&p["amountCents"])))
        .collect();
    assert_eq!(methods, vec![("trade_in", 2_700_000), ("down_payment", 1_000_000), ("financing", 5_650_000)]);
    let fin = &c["payments"][2]["financing"];
    assert_eq!(fin["bank"], "Banco Azul");
    assert_eq!(fin["monthlyRate"], "0.0179", "48 installments with 36 % down take the 48-month rate");
    assert_eq!(fin["installments"], 48);
    // The financed registration fee and IOF make the principal larger than what the bank pays.
    assert!(cents(&fin["principalCents"]) > 5_650_000 + 35_000, "{fin}");
    assert!(cents(&fin["installmentCents"]) > 5_650_000 / 48, "{fin}");
    assert!(fin["cetMonthly"].as_str().expect("cet") > "0.0179", "{fin}");
    // A salesperson does not see the cost side.
    assert!(c.get("margin").is_none(), "{c}");
    assert!(c["tradeIn"].get("appraisedValueCents").is_none(), "{c}");
    assert!(c["items"][0].get("costCents").is_none(), "{c}");
    assert_eq!(c["tradeIn"]["vehicle"]["placa"], "QRS4E21");

    // The manager does: 90,000 - 2,000 - 70,200 cost - 1,500 reconditioning - 2,000 over-allowance
    // + 1,200 F&I return + 1,500 on the accessory.
    let id = r.body["id"].as_str().expect("id");
    let m = app.get(&format!("/api/v1/quotes/{id}")).tenant(&x.d.t.slug).token(&x.d.manager).send().await;
    assert_eq!(m.status, StatusCode::OK, "{}", m.text);
    let margin = &m.body["content"]["margin"];
    assert_eq!(cents(&margin["vehicleCostCents"]), 7_020_000);
    assert_eq!(cents(&margin["reconditioningCents"]), 150_000);
    assert_eq!(cents(&margin["overAllowanceCents"]), 200_000);
    assert_eq!(cents(&margin["grossCents"]), 9_000_000 - 200_000 - 7_020_000 - 150_000 - 200_000 + 120_000 + 150_000);

    // Another salesperson does not see it at all; the list shows it to its owner.
    app.get(&format!("/api/v1/quotes/{id}"))
        .tenant(&x.d.t.slug)
        .token(&x.d.other_sales)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "sales.quote_not_found");
    let mine = app.get("/api/v1/quotes?status=draft").tenant(&x.d.t.slug).token(&x.d.sales).send().await;
    assert_eq!(mine.body["total"], 1, "{}", mine.text);
    let theirs = app.get("/api/v1/quotes").tenant(&x.d.t.slug).token(&x.d.other_sales).send().await;
    assert_eq!(theirs.body["total"], 0, "{}", theirs.text);
}

#[tokio::test]
async fn bad_terms_are_422_at_their_fields_and_write_nothing() {
    let app = TestApp::spawn().await;
    let x = setup(&app, "ruim").await;
    let mut body = deal(&x.customer, &x.vehicle, &x.appraisal, &x.table, 200_000);
    body["payments"][0]["amountCents"] = json!(900_000);
    let r = app.post("/api/v1/quotes").tenant(&x.d.t.slug).token(&x.d.sales).json(body).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.pointers(), vec!["/payments"]);
    assert_eq!(r.body["errors"][0]["code"], "sales.payments_do_not_add_up");
    assert!(r.body["errors"][0]["message"].as_str().expect("message").contains("R$ 1.000,00"), "{}", r.text);

    let mut body = deal(&x.customer, &x.vehicle, &x.appraisal, &x.table, 9_500_000);
    body["items"][0]["description"] = json!("  ");
    body["payments"][1]["amountCents"] = json!(5_650_000);
    body["payments"][1]["installments"] = json!(72);
    body["payments"].as_array_mut().expect("payments").push(json!({"method": "trade_in", "amountCents": 1}));
    body["validUntil"] = json!("2026-03-09");
    let r = app.post("/api/v1/quotes").tenant(&x.d.t.slug).token(&x.d.sales).json(body).send().await;
    assert_eq!(
        r.pointers(),
        vec!["/discountCents", "/validUntil", "/items/0/description", "/payments/1/installments", "/payments/2/method"],
        "{}",
        r.text
    );
    // Someone else's customer, an unknown appraisal.
    let stranger = customer(&app, &x.d, &x.d.other_sales, "Diego Alves").await;
    let r = app
        .post("/api/v1/quotes")
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .json(deal(&stranger, &x.vehicle, &x.appraisal, &x.table, 0))
        .send()
        .await;
    assert_eq!(r.pointers(), vec!["/customerId"]);
    let list = app.get("/api/v1/quotes").tenant(&x.d.t.slug).token(&x.d.t.owner_token).send().await;
    assert_eq!(list.body["total"], 0, "nothing written: {}", list.text);
}

#[tokio::test]
async fn a_revision_is_a_new_version_and_the_one_the_customer_saw_stays_readable() {
    let app = TestApp::spawn().await;
    let x = setup(&app, "versao").await;
    let r = create(&app, &x, &x.d.sales, 200_000).await;
    let id = r.body["id"].as_str().expect("id").to_string();
    let url = format!("/api/v1/quotes/{id}");
    let sent = app.post(&format!("{url}/send")).tenant(&x.d.t.slug).token(&x.d.sales).if_match(&r.etag()).send().await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert_eq!(sent.body["status"], "sent");

    // The customer wants R$ 1.000,00 more off: the quote is revised (back to draft, version 2).
    let stale = app
        .call(axum::http::Method::PUT, &url)
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .if_match(&r.etag())
        .json(deal(&x.customer, &x.vehicle, &x.appraisal, &x.table, 300_000))
        .send()
        .await;
    stale.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    // The salesperson cannot see the accessory's cost nor the warranty's return, so the form
    // sends them without: the revision keeps what the earlier version had.
    let mut body = deal(&x.customer, &x.vehicle, &x.appraisal, &x.table, 300_000);
    body["items"][0].as_object_mut().expect("item").remove("costCents");
    body["fiProducts"][0].as_object_mut().expect("fi").remove("dealerReturnCents");
    let revised = app
        .call(axum::http::Method::PUT, &url)
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .if_match(&sent.etag())
        .json(body)
        .send()
        .await;
    assert_eq!(revised.status, StatusCode::OK, "{}", revised.text);
    assert_eq!((revised.body["status"].as_str(), revised.body["currentVersion"].as_i64()), (Some("draft"), Some(2)));
    let seen = app.get(&url).tenant(&x.d.t.slug).token(&x.d.manager).send().await;
    let margin = &seen.body["content"]["margin"];
    assert_eq!(
        (cents(&margin["fiReturnsCents"]), cents(&margin["itemsMarginCents"])),
        (120_000, 150_000),
        "{}",
        seen.text
    );
    assert_eq!(cents(&revised.body["discountCents"]), 300_000);
    let v1 = app.get(&format!("{url}/versions/1")).tenant(&x.d.t.slug).token(&x.d.sales).send().await;
    assert_eq!(cents(&v1.body["content"]["totals"]["discountCents"]), 200_000, "{}", v1.text);
    let all = app.get(&format!("{url}/versions")).tenant(&x.d.t.slug).token(&x.d.sales).send().await;
    assert_eq!(all.body["items"].as_array().expect("items").len(), 2);
    app.get(&format!("{url}/versions/3"))
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "sales.quote_version_not_found");
    // The customer is fixed.
    let other = customer(&app, &x.d, &x.d.sales, "Outra Pessoa").await;
    let moved = app
        .call(axum::http::Method::PUT, &url)
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .if_match(&revised.etag())
        .json(deal(&other, &x.vehicle, &x.appraisal, &x.table, 300_000))
        .send()
        .await;
    assert_eq!(moved.body["errors"][0]["code"], "sales.quote_customer_fixed", "{}", moved.text);
}

#[tokio::test]
async fn a_discount_above_the_salespersons_limit_waits_for_a_managers_decision() {
    let app = TestApp::spawn().await;
    let x = setup(&app, "desconto").await;
    // R$ 5.000,00 on R$ 90.000,00 is 5.6 %: above a salesperson's default 3 % and R$ 3.000,00.
    let r = create(&app, &x, &x.d.sales, 500_000).await;
    let id = r.body["id"].as_str().expect("id").to_string();
    let url = format!("/api/v1/quotes/{id}");
    let send = |etag: String| {
        let (app, x, url) = (&app, &x, &url);
        async move { app.post(&format!("{url}/send")).tenant(&x.d.t.slug).token(&x.d.sales).if_match(&etag).send().await }
    };
    send(r.etag()).await.problem(StatusCode::CONFLICT, "sales.approval_required");

    // Twenty requests at once make one pending request.
    let asks = (0..20).map(|_| {
        app.post(&format!("{url}/approval-requests"))
            .tenant(&x.d.t.slug)
            .token(&x.d.sales)
            .json(json!({"comment": "Cobrir oferta da concorrente"}))
            .send()
    });
    let results = futures_util::future::join_all(asks).await;
    assert_eq!(results.iter().filter(|r| r.status == StatusCode::CREATED).count(), 1);
    assert!(results.iter().all(|r| r.status == StatusCode::CREATED || r.body["code"] == "sales.approval_pending"));
    let inbox = app.get("/api/v1/approvals?status=pending").tenant(&x.d.t.slug).token(&x.d.manager).send().await;
    assert_eq!(inbox.body["items"].as_array().expect("items").len(), 1, "{}", inbox.text);
    let approval = inbox.body["items"][0]["id"].as_str().expect("id").to_string();
    assert_eq!(cents(&inbox.body["items"][0]["discountCents"]), 500_000);
    let decide = |token: &str, body: Value| {
        app.post(&format!("/api/v1/approvals/{approval}/decision")).tenant(&x.d.t.slug).token(token).json(body)
    };
    // Only a manager decides; a counter-proposal is smaller and says why.
    decide(&x.d.sales, json!({"decision": "approve"})).send().await.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    let bad = decide(&x.d.manager, json!({"decision": "counter", "counterDiscountCents": 600_000})).send().await;
    assert_eq!(bad.pointers(), vec!["/comment", "/counterDiscountCents"]);
    let countered = decide(
        &x.d.manager,
        json!({"decision": "counter", "counterDiscountCents": 400_000,
        "comment": "Até R$ 4.000,00"}),
    )
    .send()
    .await;
    assert_eq!(countered.status, StatusCode::OK, "{}", countered.text);
    assert_eq!(countered.body["status"], "countered");
    decide(&x.d.manager, json!({"decision": "approve"}))
        .send()
        .await
        .problem(StatusCode::CONFLICT, "sales.approval_decided");

    // R$ 5.000,00 is still not allowed; revised to the counter-proposal it is sent.
    let current = app.get(&url).tenant(&x.d.t.slug).token(&x.d.sales).send().await;
    assert_eq!(current.body["approvals"][0]["status"], "countered");
    send(current.etag()).await.problem(StatusCode::CONFLICT, "sales.approval_required");
    let revised = app
        .call(axum::http::Method::PUT, &url)
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .if_match(&current.etag())
        .json(deal(&x.customer, &x.vehicle, &x.appraisal, &x.table, 400_000))
        .send()
        .await;
    assert_eq!(revised.status, StatusCode::OK, "{}", revised.text);
    let sent = send(revised.etag()).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
}

#[tokio::test]
async fn discount_limits_are_per_store_and_role_and_managers_need_no_approval() {
    let app = TestApp::spawn().await;
    let x = setup(&app, "limite").await;
    let limits = format!("/api/v1/stores/{}/discount-limits", x.d.store);
    let r = app.get(&limits).tenant(&x.d.t.slug).token(&x.d.sales).send().await;
    let sales_limit = r.body["items"].as_array().expect("items").iter().find(|l| l["role"] == "sales").cloned();
    assert_eq!(
        sales_limit,
        Some(json!({"role": "sales", "maxPercent": "0.03", "maxCents": 300_000, "isDefault": true}))
    );
    assert_eq!((r.body["version"].as_i64(), r.etag()), (Some(0), "\"0\"".to_string()), "all defaults");
    let put = |token: &str, etag: Option<&str>, body: Value| {
        let call = app.call(axum::http::Method::PUT, &limits).tenant(&x.d.t.slug).token(token);
        match etag {
            Some(e) => call.if_match(e),
            None => call,
        }
        .json(body)
        .send()
    };
    put(&x.d.sales, Some("\"0\""), json!({"limits": [{"role": "sales", "maxPercent": "0.1"}]}))
        .await
        .problem(StatusCode::FORBIDDEN, "auth.forbidden");
    let bad = put(
        &x.d.manager,
        Some("\"0\""),
        json!({"limits": [{"role": "sales", "maxPercent": "10"}, {"role": "viewer", "maxCents": 1}]}),
    )
    .await;
    assert_eq!(bad.pointers(), vec!["/limits/0/maxPercent", "/limits/1/role"]);
    put(&x.d.manager, None, json!({"limits": []}))
        .await
        .problem(StatusCode::PRECONDITION_REQUIRED, "http.precondition_required");

    // Twenty managers' saves over the same version: one is kept, nineteen told to reload.
    let saves = (0..20).map(|i| {
        put(
            &x.d.manager,
            Some("\"0\""),
            json!({"limits": [{"role": "sales", "maxPercent": "0.03", "maxCents": 300_000 + i}]}),
        )
    });
    let results = futures_util::future::join_all(saves).await;
    assert_eq!(results.iter().filter(|r| r.status == StatusCode::OK).count(), 1);
    assert!(results.iter().all(|r| r.status == StatusCode::OK || r.body["code"] == "http.precondition_failed"));
    let kept = app.get(&limits).tenant(&x.d.t.slug).token(&x.d.manager).send().await;
    let saved = results.iter().find(|r| r.status == StatusCode::OK).expect("one save");
    assert_eq!(kept.body, saved.body);
    assert_eq!(kept.etag(), "\"1\"");
    assert_eq!(kept.body["items"][0]["isDefault"], false);
    put(&x.d.manager, Some("\"0\""), json!({"limits": []}))
        .await
        .problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");

    // A manager's own quote with R$ 5.000,00 off is sent without asking anyone.
    let own = create(&app, &x, &x.d.manager, 500_000).await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text);
    let url = format!("/api/v1/quotes/{}/send", own.body["id"].as_str().expect("id"));
    let sent = app.post(&url).tenant(&x.d.t.slug).token(&x.d.manager).if_match(&own.etag()).send().await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);

    // Raised to 6 % (no amount cap) for salespeople at this store, the same discount needs no one.
    let set = put(
        &x.d.manager,
        Some(&kept.etag()),
        json!({"limits": [{"role": "sales", "maxPercent": "0.06", "maxCents": null}]}),
    )
    .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!(set.etag(), "\"2\"");
    let theirs = create(&app, &x, &x.d.sales, 500_000).await;
    let url = format!("/api/v1/quotes/{}/send", theirs.body["id"].as_str().expect("id"));
    let sent = app.post(&url).tenant(&x.d.t.slug).token(&x.d.sales).if_match(&theirs.etag()).send().await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    // R$ 6.000,00 is 6.7 %: above it.
    let more = create(&app, &x, &x.d.sales, 600_000).await;
    let url = format!("/api/v1/quotes/{}/send", more.body["id"].as_str().expect("id"));
    app.post(&url)
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .if_match(&more.etag())
        .send()
        .await
        .problem(StatusCode::CONFLICT, "sales.approval_required");
}

#[tokio::test]
async fn a_car_held_for_another_customer_is_not_quoted_and_sent_quotes_expire_with_time() {
    let app = TestApp::spawn().await;
    let x = setup(&app, "validade").await;
    let q = create(&app, &x, &x.d.sales, 0).await;
    assert_eq!(q.status, StatusCode::CREATED, "{}", q.text);
    let url = format!("/api/v1/quotes/{}", q.body["id"].as_str().expect("id"));
    let sent = app.post(&format!("{url}/send")).tenant(&x.d.t.slug).token(&x.d.sales).if_match(&q.etag()).send().await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);

    // Another salesperson's customer holds the car now: it cannot be quoted to ours.
    let other = customer(&app, &x.d, &x.d.other_sales, "Eduardo Reis").await;
    let r = app
        .post(&format!("/api/v1/vehicles/{}/reservations", x.vehicle))
        .tenant(&x.d.t.slug)
        .token(&x.d.other_sales)
        .json(json!({"customerId": other, "endsAt": "2026-03-11T12:00:00Z"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    create(&app, &x, &x.d.sales, 0).await.problem(StatusCode::CONFLICT, "sales.vehicle_reserved");

    // Valid until the 17th: on the 18th (São Paulo) the job expires it; a draft stays a draft.
    let scheduler = innexar_app::scheduler(&app.state);
    let db = app.tenant_db(&x.d.t.slug).await;
    app.clock.advance(chrono::Duration::days(7) + chrono::Duration::hours(13));
    scheduler.run_all(&db, innexar_kernel::Clock::now(&*app.clock)).await.expect("scheduled tasks");
    let token = app.login(&x.d.t.slug, "vendas@validade.com.br", innexar_testkit::PASSWORD).await;
    let still = app.get(&url).tenant(&x.d.t.slug).token(&token).send().await;
    assert_eq!(still.body["status"], "sent", "22:00 on the 17th in São Paulo is still the 17th");
    app.clock.advance(chrono::Duration::hours(3));
    scheduler.run_all(&db, innexar_kernel::Clock::now(&*app.clock)).await.expect("scheduled tasks");
    let token = app.login(&x.d.t.slug, "vendas@validade.com.br", innexar_testkit::PASSWORD).await;
    let expired = app.get(&url).tenant(&x.d.t.slug).token(&token).send().await;
    assert_eq!(expired.body["status"], "expired", "{}", expired.text);
    assert!(expired.body["decidedAt"].is_string());
}

#[tokio::test]
async fn twenty_quotes_written_at_once_get_twenty_numbers() {
    let app = TestApp::spawn().await;
    let x = setup(&app, "numeros").await;
    let writes = (0..20).map(|_| create(&app, &x, &x.d.sales, 0));
    let results = futures_util::future::join_all(writes).await;
    let mut numbers: Vec<String> = results
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            r.body["number"].as_str().expect("number").to_string()
        })
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 20);
}

#[tokio::test]
async fn the_managers_of_the_store_hear_of_a_discount_request_and_the_salesperson_of_their_answer() {
    let app = TestApp::spawn().await;
    let x = setup(&app, "sino").await;
    // A manager of another store is not asked, nor is a colleague.
    let elsewhere = app.store(&x.d.t, "Filial").await;
    let far_manager = app.user(&x.d.t, "gerente@filial-sino.com.br", &["store_manager"], Some(vec![elsewhere])).await;
    let r = create(&app, &x, &x.d.sales, 500_000).await;
    let id = r.body["id"].as_str().expect("id").to_string();
    let asked = app
        .post(&format!("/api/v1/quotes/{id}/approval-requests"))
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .json(json!({"comment": "Cliente fecha hoje"}))
        .send()
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.text);
    let bell = |token: &str| {
        let (app, slug, token) = (&app, x.d.t.slug.clone(), token.to_string());
        async move {
            let count = app.get("/api/v1/me/notifications/unread-count").tenant(&slug).token(&token).send().await;
            let list = app.get("/api/v1/me/notifications").tenant(&slug).token(&token).send().await;
            (count.body["count"].as_u64().expect("count"), list.body["items"].clone())
        }
    };
    let (n, items) = bell(&x.d.manager).await;
    assert_eq!(n, 1);
    assert_eq!(items[0]["kind"], "sales.approval_requested");
    assert_eq!(items[0]["params"]["quoteNumber"], r.body["number"]);
    assert_eq!(items[0]["params"]["discountCents"], 500_000);
    assert_eq!(items[0]["params"]["by"], "Pessoa de Teste");
    assert_eq!(items[0]["link"], "/approvals");
    assert_eq!(bell(&x.d.t.owner_token).await.0, 1, "the Owner approves discounts too");
    for (who, token) in [("the asker", &x.d.sales), ("a colleague", &x.d.other_sales), ("another store", &far_manager)]
    {
        assert_eq!(bell(token).await.0, 0, "{who} is not asked");
    }

    let inbox = app.get("/api/v1/approvals?status=pending").tenant(&x.d.t.slug).token(&x.d.manager).send().await;
    let approval = inbox.body["items"][0]["id"].as_str().expect("id").to_string();
    let decided = app
        .post(&format!("/api/v1/approvals/{approval}/decision"))
        .tenant(&x.d.t.slug)
        .token(&x.d.manager)
        .json(json!({"decision": "counter", "counterDiscountCents": 400_000, "comment": "Até R$ 4.000,00"}))
        .send()
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    let (n, items) = bell(&x.d.sales).await;
    assert_eq!(n, 1);
    assert_eq!(items[0]["kind"], "sales.approval_decided");
    assert_eq!(items[0]["params"]["decision"], "countered");
    assert_eq!(items[0]["params"]["approvedDiscountCents"], 400_000);
    assert_eq!(items[0]["params"]["by"], "Pessoa de Teste");
    assert_eq!(items[0]["link"], format!("/quotes/{id}"));

    // Each reads only their own: another's notification is not found, and stays unread.
    let theirs = items[0]["id"].as_str().expect("id").to_string();
    let read = |token: &str| {
        app.post(&format!("/api/v1/me/notifications/{theirs}/read")).tenant(&x.d.t.slug).token(token).send()
    };
    read(&x.d.manager).await.problem(StatusCode::NOT_FOUND, "notifications.not_found");
    assert_eq!(bell(&x.d.sales).await.0, 1);
    assert_eq!(read(&x.d.sales).await.status, StatusCode::NO_CONTENT);
    assert_eq!(read(&x.d.sales).await.status, StatusCode::NO_CONTENT, "reading twice is harmless");
    let (n, items) = bell(&x.d.sales).await;
    assert_eq!(n, 0);
    assert!(items[0]["readAt"].is_string(), "read, and still listed: {items}");
    let unread = app.get("/api/v1/me/notifications?unread=true").tenant(&x.d.t.slug).token(&x.d.sales).send().await;
    assert_eq!(unread.body["total"], 0);

    // "Mark all read" up to the newest the manager saw leaves one that arrived since unread; then
    // all clears the manager's bell and nobody else's.
    let (_, seen) = bell(&x.d.manager).await;
    let newest = seen[0]["id"].as_str().expect("id").to_string();
    let second = create(&app, &x, &x.d.sales, 450_000).await;
    let asked = app
        .post(&format!("/api/v1/quotes/{}/approval-requests", second.body["id"].as_str().expect("id")))
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .json(json!({}))
        .send()
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.text);
    assert_eq!(bell(&x.d.manager).await.0, 2);
    let read = |query: String| {
        app.post(&format!("/api/v1/me/notifications/read{query}")).tenant(&x.d.t.slug).token(&x.d.manager).send()
    };
    assert_eq!(read(format!("?upTo={newest}")).await.status, StatusCode::NO_CONTENT);
    let (n, items) = bell(&x.d.manager).await;
    assert_eq!((n, items[0]["params"]["quoteNumber"].clone()), (1, second.body["number"].clone()));
    assert_eq!(read(String::new()).await.status, StatusCode::NO_CONTENT);
    assert_eq!(bell(&x.d.manager).await.0, 0);
    assert_eq!(bell(&x.d.t.owner_token).await.0, 2);
}
