//! The customer accepts a quote through its link, the car is sold exactly once with its trade-in,
//! commission and lead, and a cancellation reverses all of it (the test clock's day is
//! 2026-03-10).

use axum::http::StatusCode;
use innexar_testkit::TestApp;
use serde_json::{Value, json};

use crate::reservations::{Desk, car, customer, desk};

fn cents(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("centavos: {v}"))
}

/// A desk with a commission plan, a customer with a lead and a car to trade in, and a car for
/// sale at R$ 90.000,00.
struct Floor {
    d: Desk,
    customer: String,
    lead: String,
    vehicle: String,
    appraisal: String,
    trade_in: String,
}

async fn floor(app: &TestApp, name: &str) -> Floor {
    let d = desk(app, name).await;
    let plan = app
        .post("/api/v1/commission-plans")
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .json(json!({"name": "Vendedores", "role": "sales", "basis": "price", "rate": "0.01",
            "tiers": [{"minSales": 3, "rate": "0.015"}], "bonusPerVehicleCents": 20_000, "fiShare": "0.1"}))
        .send()
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.text);
    let vehicle = car(app, &d, 9_000_000).await;
    let customer = customer(app, &d, &d.sales, "Camila Rocha").await;
    let lead = app
        .post("/api/v1/leads")
        .tenant(&d.t.slug)
        .token(&d.sales)
        .json(json!({"customerId": customer, "source": "walk_in"}))
        .send()
        .await;
    assert_eq!(lead.status, StatusCode::CREATED, "{}", lead.text);
    let a = app
        .post("/api/v1/appraisals")
        .tenant(&d.t.slug)
        .token(&d.sales)
        .json(json!({"customerId": customer,
            "vehicle": {"placa": "QRS4E21", "make": "Fiat", "model": "Argo", "year": 2019},
            "mileageKm": 62_000, "appraisedValueCents": 3_000_000}))
        .send()
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    Floor {
        customer,
        lead: lead.body["id"].as_str().expect("lead").to_string(),
        vehicle,
        appraisal: a.body["id"].as_str().expect("appraisal").to_string(),
        trade_in: a.body["vehicleId"].as_str().expect("car").to_string(),
        d,
    }
}

/// A quote of the car with R$ 2.000,00 off, a R$ 3.000,00 warranty returning R$ 1.200,00 and
/// the trade-in allowed at its appraised value; the rest paid down.
fn quote_body(f: &Floor, vehicle: &str) -> Value {
    json!({"customerId": f.customer, "leadId": f.lead, "vehicleId": vehicle, "discountCents": 200_000,
        "fiProducts": [{"kind": "extended_warranty", "description": "Garantia 24 meses", "priceCents": 300_000,
            "dealerReturnCents": 120_000}],
        "tradeIn": {"appraisalId": f.appraisal, "allowanceCents": 3_000_000},
        "payments": [{"method": "down_payment", "amountCents": 9_100_000 - 3_000_000}],
        "validUntil": "2026-03-17"})
}

/// Creates and sends a quote as the salesperson: the quote as sent, with its link.
async fn sent_quote(app: &TestApp, f: &Floor, vehicle: &str) -> Value {
    let q = app.post("/api/v1/quotes").tenant(&f.d.t.slug).token(&f.d.sales).json(quote_body(f, vehicle)).send().await;
    assert_eq!(q.status, StatusCode::CREATED, "{}", q.text);
    let url = format!("/api/v1/quotes/{}/send", q.body["id"].as_str().expect("id"));
    let s = app.post(&url).tenant(&f.d.t.slug).token(&f.d.sales).if_match(&q.etag()).send().await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.text);
    s.body
}

/// The newest message of `kind` in the mailbox, as the Owner reads it.
async fn last_message(app: &TestApp, f: &Floor, kind: &str) -> Value {
    let m = app.get("/api/v1/messages").tenant(&f.d.t.slug).token(&f.d.t.owner_token).send().await;
    m.body["items"].as_array().expect("items").iter().find(|m| m["kind"] == kind).cloned().unwrap_or(Value::Null)
}

fn code_in(message: &Value) -> String {
    let body = message["body"].as_str().expect("body");
    body.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_digit()))
        .find(|w| w.len() == 6)
        .expect("a 6-digit code")
        .to_string()
}

#[tokio::test]
async fn the_customer_accepts_by_link_and_the_sale_takes_the_car_the_trade_in_the_commission_and_the_lead() {
    let app = TestApp::spawn().await;
    let f = floor(&app, "venda").await;
    let sent = sent_quote(&app, &f, &f.vehicle).await;
    let token = sent["link"]["token"].as_str().expect("token").to_string();
    assert_eq!(sent["link"]["url"], format!("/p/{token}"));
    let link_message = last_message(&app, &f, "quote_sent").await;
    assert!(link_message["body"].as_str().expect("body").contains(&format!("/p/{token}")), "{link_message}");

    // The customer reads it without signing in; nothing of the dealer's costs shows.
    let public = |path: &str| format!("/api/v1/public/quotes/{token}{path}");
    let read = app.get(&public("")).tenant(&f.d.t.slug).send().await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    assert_eq!(read.body["document"]["customerName"], "Camila Rocha");
    assert_eq!(read.body["document"]["content"]["totals"]["totalCents"], 9_100_000);
    assert!(read.body["document"]["content"].get("margin").is_none());
    assert!(read.body["document"]["content"]["fiProducts"][0].get("dealerReturnCents").is_none());
    let sha = read.body["documentSha256"].as_str().expect("sha").to_string();
    assert_eq!(sha.len(), 64);
    // An altered token opens nothing.
    app.get(&format!("/api/v1/public/quotes/{token}x"))
        .tenant(&f.d.t.slug)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "sales.link_not_found");

    let code = app.post(&public("/confirmation-code")).tenant(&f.d.t.slug).send().await;
    assert_eq!(code.status, StatusCode::ACCEPTED, "{}", code.text);
    let code = code_in(&last_message(&app, &f, "quote_confirmation_code").await);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let accept = |code: &str, sha: &str| {
        app.post(&public("/acceptance"))
            .tenant(&f.d.t.slug)
            .header("user-agent", "Mozilla/5.0 (iPhone)")
            .json(json!({"code": code, "documentSha256": sha}))
            .send()
    };
    let r = accept(wrong, &sha).await;
    assert_eq!(r.pointers(), vec!["/code"], "{}", r.text);
    let accepted = accept(&code, &sha).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(accepted.body["decision"], "accepted");
    assert_eq!(accepted.body["documentSha256"], sha);
    assert_eq!(accepted.body["userAgent"], "Mozilla/5.0 (iPhone)");
    assert_eq!(accepted.body["quoteVersion"], 1);
    accept(&code, &sha).await.problem(StatusCode::CONFLICT, "sales.link_used");
    // The salesperson hears it in the app, with who answered (the customer: nobody of ours).
    let bell = app.get("/api/v1/me/notifications").tenant(&f.d.t.slug).token(&f.d.sales).send().await;
    let told = &bell.body["items"][0];
    assert_eq!((told["kind"].as_str(), told["readAt"].as_str()), (Some("sales.quote_accepted"), None), "{}", bell.text);
    assert_eq!(told["params"]["quoteNumber"], sent["number"]);
    assert_eq!(told["params"]["by"], Value::Null);
    assert_eq!(told["link"], format!("/quotes/{}", sent["id"].as_str().expect("id")));

    // The sale.
    let quote = sent["id"].as_str().expect("quote");
    let sale = app.post(&format!("/api/v1/quotes/{quote}/sale")).tenant(&f.d.t.slug).token(&f.d.sales).send().await;
    assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.text);
    assert_eq!(sale.body["number"], "PV-00001");
    assert_eq!(cents(&sale.body["totalCents"]), 9_100_000);
    assert!(sale.body.get("grossMarginCents").is_none(), "a salesperson does not see the margin");
    // 1 % of R$ 88.000,00 + R$ 200,00 a car + 10 % of the R$ 1.200,00 warranty return.
    let commission = &sale.body["commissions"][0];
    assert_eq!(
        (commission["kind"].as_str(), cents(&commission["amountCents"])),
        (Some("earned"), 88_000 + 20_000 + 12_000)
    );
    assert_eq!(commission["plan"]["name"], "Vendedores", "the plan is kept with it");

    let owner = |url: String| app.get(&url).tenant(&f.d.t.slug).token(&f.d.t.owner_token).send();
    let v = owner(format!("/api/v1/vehicles/{}", f.vehicle)).await;
    assert_eq!(v.body["status"], "sold");
    let cars = owner(format!("/api/v1/customers/{}/vehicles", f.customer)).await;
    let theirs: Vec<&str> =
        cars.body["items"].as_array().expect("items").iter().map(|c| c["id"].as_str().expect("id")).collect();
    assert_eq!(theirs, vec![f.vehicle.as_str()], "the bought car is theirs, the trade-in no longer: {}", cars.text);
    let t = owner(format!("/api/v1/vehicles/{}", f.trade_in)).await;
    assert_eq!((t.body["status"].as_str(), t.body["origin"].as_str()), (Some("in_preparation"), Some("trade_in")));
    assert_eq!(cents(&t.body["costCents"]), 3_000_000);
    assert!(t.body["stockNumber"].as_str().expect("stock").starts_with("E-"), "{}", t.text);
    let lead = owner(format!("/api/v1/leads/{}", f.lead)).await;
    assert_eq!(lead.body["stage"], "won");
    let mine = app.get("/api/v1/commissions?month=2026-03").tenant(&f.d.t.slug).token(&f.d.sales).send().await;
    assert_eq!(cents(&mine.body["totalCents"]), 120_000, "{}", mine.text);

    let db = app.tenant_db(&f.d.t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), f.d.t.id).await.expect("outbox");
    let completed: Vec<_> = events.iter().filter(|e| e.event_type == "sale.completed").collect();
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0].data["amountCents"], 9_100_000);
    assert_eq!(completed[0].data["vehicleId"], f.vehicle.as_str());
    assert_eq!(completed[0].data["tenantId"], f.d.t.id.to_string());
    assert!(events.iter().any(|e| e.event_type == "vehicle.status_changed" && e.data["to"] == "sold"));
    let quote_events: Vec<(&str, &Value)> = events
        .iter()
        .filter(|e| e.event_type.starts_with("quote."))
        .map(|e| (e.event_type.as_str(), &e.data["quoteId"]))
        .collect();
    assert_eq!(quote_events, vec![("quote.accepted", &sent["id"]), ("quote.sent", &sent["id"])], "newest first");

    // Cancelled with a reason: the car is for sale again, the trade-in the customer's, the
    // commission reversed; the sale itself stays, with its cancellation.
    let sale_id = sale.body["id"].as_str().expect("sale").to_string();
    let cancel = |token: &str, body: Value| {
        app.post(&format!("/api/v1/sales/{sale_id}/cancellation")).tenant(&f.d.t.slug).token(token).json(body).send()
    };
    cancel(&f.d.sales, json!({"reason": "desistiu"})).await.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    assert_eq!(cancel(&f.d.manager, json!({"reason": " "})).await.pointers(), vec!["/reason"]);
    let c = cancel(&f.d.manager, json!({"reason": "financiamento negado"})).await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.text);
    assert_eq!(c.body["cancellation"]["reason"], "financiamento negado");
    let amounts: Vec<i64> =
        c.body["commissions"].as_array().expect("commissions").iter().map(|c| cents(&c["amountCents"])).collect();
    assert_eq!(amounts, vec![120_000, -120_000]);
    cancel(&f.d.manager, json!({"reason": "de novo"})).await.problem(StatusCode::CONFLICT, "sales.sale_cancelled");
    let v = owner(format!("/api/v1/vehicles/{}", f.vehicle)).await;
    assert_eq!(v.body["status"], "available");
    let cars = owner(format!("/api/v1/customers/{}/vehicles", f.customer)).await;
    let theirs: Vec<&str> =
        cars.body["items"].as_array().expect("items").iter().map(|c| c["id"].as_str().expect("id")).collect();
    assert_eq!(theirs, vec![f.trade_in.as_str()], "{}", cars.text);
    let mine = app.get("/api/v1/commissions?month=2026-03").tenant(&f.d.t.slug).token(&f.d.sales).send().await;
    assert_eq!(cents(&mine.body["totalCents"]), 0, "{}", mine.text);
    let events = innexar_db::outbox::list(db.conn(), f.d.t.id).await.expect("outbox");
    assert_eq!(events.iter().filter(|e| e.event_type == "sale.cancelled").count(), 1);
    let sales = app.get("/api/v1/sales?month=2026-03").tenant(&f.d.t.slug).token(&f.d.manager).send().await;
    assert_eq!(sales.body["total"], 1, "a cancelled sale is kept: {}", sales.text);
    let row = &sales.body["items"][0];
    assert_eq!(row["cancelled"], true);
    assert_eq!(
        (row["customerName"].as_str(), row["salespersonName"].as_str()),
        (Some("Camila Rocha"), Some("Pessoa de Teste"))
    );
    assert_eq!(
        (row["vehicle"]["make"].as_str(), row["vehicle"]["model"].as_str()),
        (Some("Volkswagen"), Some("T-Cross"))
    );
    let quotes = app.get("/api/v1/quotes").tenant(&f.d.t.slug).token(&f.d.sales).send().await;
    let row = &quotes.body["items"][0];
    assert_eq!((row["number"].as_str(), row["customerName"].as_str()), (sent["number"].as_str(), Some("Camila Rocha")));
    assert_eq!(row["vehicle"]["stockNumber"], v.body["stockNumber"]);
}

#[tokio::test]
async fn fifty_attempts_to_sell_one_car_make_exactly_one_sale() {
    let app = TestApp::spawn().await;
    let d = desk(&app, "corrida").await;
    let vehicle = car(&app, &d, 8_000_000).await;
    // Ten customers' accepted quotes for the same car.
    let mut quotes = Vec::new();
    for i in 0..10 {
        let c = customer(&app, &d, &d.sales, &format!("Cliente {i}")).await;
        let q = app
            .post("/api/v1/quotes")
            .tenant(&d.t.slug)
            .token(&d.sales)
            .json(json!({"customerId": c, "vehicleId": vehicle, "validUntil": "2026-03-20",
                "payments": [{"method": "down_payment", "amountCents": 8_000_000}]}))
            .send()
            .await;
        let url = format!("/api/v1/quotes/{}", q.body["id"].as_str().expect("id"));
        let s = app.post(&format!("{url}/send")).tenant(&d.t.slug).token(&d.sales).if_match(&q.etag()).send().await;
        let a = app
            .post(&format!("{url}/answer"))
            .tenant(&d.t.slug)
            .token(&d.sales)
            .if_match(&s.etag())
            .json(json!({"decision": "accepted"}))
            .send()
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        quotes.push(url);
    }
    let attempts =
        (0..50).map(|i| app.post(&format!("{}/sale", quotes[i % 10])).tenant(&d.t.slug).token(&d.sales).send());
    let results = futures_util::future::join_all(attempts).await;
    let won: Vec<_> = results.iter().filter(|r| r.status == StatusCode::CREATED).collect();
    assert_eq!(won.len(), 1, "{:?}", results.iter().map(|r| (r.status, r.body["code"].clone())).collect::<Vec<_>>());
    for r in results.iter().filter(|r| r.status != StatusCode::CREATED) {
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
        assert!(
            matches!(r.body["code"].as_str(), Some("sales.vehicle_not_available" | "sales.quote_already_sold")),
            "{}",
            r.text
        );
    }
    let list = app.get("/api/v1/sales").tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    assert_eq!(list.body["total"], 1, "{}", list.text);
    let db = app.tenant_db(&d.t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), d.t.id).await.expect("outbox");
    assert_eq!(events.iter().filter(|e| e.event_type == "sale.completed").count(), 1);
    assert_eq!(events.iter().filter(|e| e.event_type == "vehicle.status_changed" && e.data["to"] == "sold").count(), 1);
}

#[tokio::test]
async fn a_link_refuses_tampering_reuse_a_revised_quote_too_many_tries_and_time() {
    let app = TestApp::spawn().await;
    let f = floor(&app, "link").await;
    let sent = sent_quote(&app, &f, &f.vehicle).await;
    let token = sent["link"]["token"].as_str().expect("token").to_string();
    let public = |t: &str, path: &str| format!("/api/v1/public/quotes/{t}{path}");
    // Another tenant does not know the link.
    let other = app.tenant(&innexar_testkit::slug("outra")).await;
    app.get(&public(&token, ""))
        .tenant(&other.slug)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "sales.link_not_found");

    // Five wrong codes, counted before they are checked: the sixth try is refused even with the
    // right code.
    let r = app.post(&public(&token, "/confirmation-code")).tenant(&f.d.t.slug).send().await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    let code = code_in(&last_message(&app, &f, "quote_confirmation_code").await);
    let sha = app.get(&public(&token, "")).tenant(&f.d.t.slug).send().await.body["documentSha256"].clone();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let tries = (0..5).map(|_| {
        app.post(&public(&token, "/acceptance"))
            .tenant(&f.d.t.slug)
            .json(json!({"code": wrong, "documentSha256": sha}))
            .send()
    });
    for r in futures_util::future::join_all(tries).await {
        assert_eq!(r.pointers(), vec!["/code"], "{}", r.text);
    }
    app.post(&public(&token, "/acceptance"))
        .tenant(&f.d.t.slug)
        .json(json!({"code": code, "documentSha256": sha}))
        .send()
        .await
        .problem(StatusCode::TOO_MANY_REQUESTS, "sales.too_many_attempts");

    // A revision supersedes the link; the new one works, and declining needs no code.
    let quote = format!("/api/v1/quotes/{}", sent["id"].as_str().expect("id"));
    let current = app.get(&quote).tenant(&f.d.t.slug).token(&f.d.sales).send().await;
    let revised = app
        .call(axum::http::Method::PUT, &quote)
        .tenant(&f.d.t.slug)
        .token(&f.d.sales)
        .if_match(&current.etag())
        .json(quote_body(&f, &f.vehicle))
        .send()
        .await;
    assert_eq!(revised.status, StatusCode::OK, "{}", revised.text);
    app.get(&public(&token, "")).tenant(&f.d.t.slug).send().await.problem(StatusCode::GONE, "sales.link_superseded");
    let resent =
        app.post(&format!("{quote}/send")).tenant(&f.d.t.slug).token(&f.d.sales).if_match(&revised.etag()).send().await;
    let token2 = resent.body["link"]["token"].as_str().expect("token").to_string();
    let declined = app
        .post(&public(&token2, "/decline"))
        .tenant(&f.d.t.slug)
        .json(json!({"reason": "Achei mais barato"}))
        .send()
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.text);
    let q = app.get(&quote).tenant(&f.d.t.slug).token(&f.d.sales).send().await;
    assert_eq!(
        (q.body["status"].as_str(), q.body["decisionNote"].as_str()),
        (Some("rejected"), Some("Achei mais barato"))
    );
    app.post(&public(&token2, "/decline"))
        .tenant(&f.d.t.slug)
        .json(json!({}))
        .send()
        .await
        .problem(StatusCode::CONFLICT, "sales.link_used");
    // A rejected quote is not sold.
    app.post(&format!("{quote}/sale"))
        .tenant(&f.d.t.slug)
        .token(&f.d.sales)
        .send()
        .await
        .problem(StatusCode::CONFLICT, "sales.quote_not_accepted");

    // Time: a link of a quote valid until the 17th is gone on the 18th.
    let other_car = car(&app, &f.d, 5_000_000).await;
    let mut body = quote_body(&f, &other_car);
    body["tradeIn"] = Value::Null;
    body["fiProducts"] = json!([]);
    body["discountCents"] = json!(0);
    body["payments"] = json!([{"method": "down_payment", "amountCents": 5_000_000}]);
    let q3 = app.post("/api/v1/quotes").tenant(&f.d.t.slug).token(&f.d.sales).json(body).send().await;
    assert_eq!(q3.status, StatusCode::CREATED, "{}", q3.text);
    let s3 = app
        .post(&format!("/api/v1/quotes/{}/send", q3.body["id"].as_str().expect("id")))
        .tenant(&f.d.t.slug)
        .token(&f.d.sales)
        .if_match(&q3.etag())
        .send()
        .await;
    let token3 = s3.body["link"]["token"].as_str().expect("token").to_string();
    app.clock.advance(chrono::Duration::days(8));
    app.get(&public(&token3, "")).tenant(&f.d.t.slug).send().await.problem(StatusCode::GONE, "sales.link_expired");
}
