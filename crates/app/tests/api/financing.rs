//! A salesperson simulates a loan at the customer's side (the test clock's day is 2026-03-10).

use axum::http::StatusCode;
use innexar_testkit::{TestApp, slug};
use serde_json::{Value, json};

fn cents(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("centavos as an integer: {v}"))
}

#[tokio::test]
async fn the_banco_central_example_and_a_72_installment_loan_with_iof_financed() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("fin")).await;
    let store = app.store(&t, "Matriz").await;
    let sales = app.user(&t, "vendas@fin.com.br", &["sales"], Some(vec![store])).await;

    // R$ 1,000.00 at 12 % a year, 5 installments of R$ 205.73, R$ 60 paid at signing.
    let r = app
        .post("/api/v1/financing/simulations")
        .tenant(&t.slug)
        .token(&sales)
        .json(json!({"system": "price", "financedCents": 100_000, "monthlyRate": "0.009488792934583",
            "installments": 5, "contractDate": "2026-03-10", "firstDueDate": "2026-04-09",
            "feesCents": {"tac": 6_000}}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let schedule = r.body["schedule"].as_array().expect("schedule");
    assert_eq!(schedule.len(), 5);
    assert_eq!(schedule[0]["paymentCents"], 20_573);
    assert_eq!(schedule[0]["dueDate"], "2026-04-09");
    assert_eq!(schedule[4]["dueDate"], "2026-08-09");
    assert_eq!(schedule[4]["balanceCents"], 0);
    assert_eq!((r.body["upfrontCents"].as_i64(), r.body["iofCents"].as_i64()), (Some(6_000), Some(0)));
    let cet = |k: &str| r.body[k].as_str().unwrap_or_else(|| panic!("{k} as text: {}", r.text)).to_string();
    assert!(cet("cetMonthly").starts_with("0.0308"), "{}", cet("cetMonthly"));
    assert!(cet("cetYearly").starts_with("0.4393"), "{}", cet("cetYearly"));
    let paid: i64 = schedule.iter().map(|s| cents(&s["paymentCents"])).sum();
    assert_eq!(cents(&r.body["totalPaidCents"]), paid + 6_000);

    // 72 installments, IOF and fees financed: the principal carries them and is repaid exactly.
    let r = app
        .post("/api/v1/financing/simulations")
        .tenant(&t.slug)
        .token(&sales)
        .json(json!({"system": "sac", "financedCents": 8_990_000, "monthlyRate": "0.0179",
            "installments": 72, "contractDate": "2026-03-10", "firstDueDate": "2026-04-24",
            "iof": true, "financeIof": true, "feesCents": {"registration": 39_900, "contractRecord": 25_000},
            "financeFees": true}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let schedule = r.body["schedule"].as_array().expect("schedule");
    assert_eq!(schedule.len(), 72);
    let iof = cents(&r.body["iofCents"]);
    assert!(iof > 0);
    assert_eq!(cents(&r.body["principalCents"]), 8_990_000 + 64_900 + iof);
    assert_eq!(r.body["upfrontCents"], 0);
    let amortized: i64 = schedule.iter().map(|s| cents(&s["amortizationCents"])).sum();
    assert_eq!(amortized, cents(&r.body["principalCents"]));
    assert_eq!(schedule[71]["balanceCents"], 0);
    assert_eq!(r.body["monthlyRate"], "0.0179");
}

#[tokio::test]
async fn bad_terms_get_a_problem_naming_each_field_and_only_deal_roles_may_simulate() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("finbad")).await;
    let sim = |body: Value, token: Option<String>| {
        let mut call = app.post("/api/v1/financing/simulations").tenant(&t.slug).json(body);
        if let Some(tk) = token {
            call = call.token(&tk);
        }
        call.send()
    };
    let good = json!({"system": "price", "financedCents": 5_000_000, "monthlyRate": "0.0199", "installments": 48,
        "contractDate": "2026-03-10", "firstDueDate": "2026-04-09"});

    let mut bad = good.clone();
    bad["installments"] = json!(0);
    bad["financedCents"] = json!(-100);
    bad["monthlyRate"] = json!("1.99");
    bad["contractDate"] = json!("2026-03-09");
    let r = sim(bad, Some(t.owner_token.clone())).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let mut pointers = r.pointers();
    pointers.sort();
    assert_eq!(pointers, ["/contractDate", "/financedCents", "/installments", "/monthlyRate"]);
    let codes: Vec<&str> =
        r.body["errors"].as_array().expect("errors").iter().filter_map(|e| e["code"].as_str()).collect();
    assert!(codes.contains(&"financing.rate_out_of_range") && codes.contains(&"financing.date_in_past"), "{codes:?}");

    let mut bad = good.clone();
    bad["system"] = json!("germano");
    let r = sim(bad, Some(t.owner_token.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.pointers(), ["/system"]);
    let mut bad = good.clone();
    bad["rate"] = json!("0.02");
    assert_eq!(sim(bad, Some(t.owner_token.clone())).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    let store = app.store(&t, "Oficina").await;
    let tech = app.user(&t, "tecnico@finbad.com.br", &["technician"], Some(vec![store])).await;
    sim(good.clone(), Some(tech)).await.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    assert_eq!(sim(good.clone(), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sim(good, Some(t.owner_token.clone())).await.status, StatusCode::OK);
}

fn table(name: &str) -> Value {
    json!({"bank": "Banco Itaú", "name": name, "feesCents": {"registration": 69_900}, "financeFees": true,
        "rates": [{"maxInstallments": 48, "minDownPayment": "0.2", "monthlyRate": "0.0179"},
                  {"maxInstallments": 48, "minDownPayment": "0.4", "monthlyRate": "0.0159"},
                  {"maxInstallments": 60, "minDownPayment": "0.3", "monthlyRate": "0.0189"}]})
}

#[tokio::test]
async fn a_manager_keeps_the_banks_rate_tables_and_a_salesperson_compares_them_side_by_side() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("rates")).await;
    let store = app.store(&t, "Matriz").await;
    let sales = app.user(&t, "vendas@rates.com.br", &["sales"], Some(vec![store])).await;
    let create = |body: Value, token: String| {
        app.post("/api/v1/financing/rate-tables").tenant(&t.slug).token(&token).json(body).send()
    };

    let itau = create(table("CDC Seminovos"), t.owner_token.clone()).await;
    assert_eq!(itau.status, StatusCode::CREATED, "{}", itau.text);
    let itau_id = itau.body["id"].as_str().expect("id").to_string();
    assert_eq!(itau.header("location"), Some(format!("/api/v1/financing/rate-tables/{itau_id}").as_str()));
    let santander = create(
        json!({"bank": "Santander", "name": "Auto", "feesCents": {"registration": 79_000},
            "rates": [{"maxInstallments": 36, "minDownPayment": "0.1", "monthlyRate": "0.0169"}]}),
        t.owner_token.clone(),
    )
    .await;
    assert_eq!(santander.status, StatusCode::CREATED, "{}", santander.text);
    // The same table again, however it is spelled, is the same table.
    create(table("cdc seminovos"), t.owner_token.clone())
        .await
        .problem(StatusCode::CONFLICT, "financing.duplicate_rate_table");
    // A salesperson reads and compares but does not keep the tables.
    create(table("Outra"), sales.clone()).await.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    let list = app.get("/api/v1/financing/rate-tables").tenant(&t.slug).token(&sales).send().await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(2), "{}", list.text);

    let compare = |down: i64, n: i64| {
        app.post("/api/v1/financing/comparisons")
            .tenant(&t.slug)
            .token(&sales)
            .json(json!({"priceCents": 10_000_000, "downPaymentCents": down, "installments": n,
                "contractDate": "2026-03-10", "firstDueDate": "2026-04-09", "iof": true, "financeIof": true}))
            .send()
    };
    // 30 % down in 48: Itaú's 48-month rate for 20 % down (its 40 % rate is not reached, its 60-month
    // rate is for longer terms); Santander lends up to 36 months only.
    let r = compare(3_000_000, 48).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!((r.body["financedCents"].as_i64(), r.body["downPaymentShare"].as_str()), (Some(7_000_000), Some("0.3")));
    let offers = r.body["offers"].as_array().expect("offers");
    assert_eq!(offers.len(), 1, "{}", r.text);
    assert_eq!(offers[0]["bank"], "Banco Itaú");
    assert_eq!(offers[0]["simulation"]["monthlyRate"], "0.0179");
    assert_eq!(offers[0]["simulation"]["schedule"].as_array().map(Vec::len), Some(48));
    let principal = cents(&offers[0]["simulation"]["principalCents"]);
    assert_eq!(principal, 7_000_000 + 69_900 + cents(&offers[0]["simulation"]["iofCents"]), "fees and IOF financed");
    assert_eq!(r.body["unavailable"][0]["bank"], "Santander");
    // 40 % down in 36: both banks, the cheaper CET first.
    let r = compare(4_000_000, 36).await;
    let offers = r.body["offers"].as_array().expect("offers");
    assert_eq!(offers.len(), 2, "{}", r.text);
    let cet = |o: &Value| o["simulation"]["cetMonthly"].as_str().expect("cet").parse::<f64>().expect("number");
    assert!(cet(&offers[0]) <= cet(&offers[1]));
    let itau_offer = offers.iter().find(|o| o["bank"] == "Banco Itaú").expect("itaú");
    assert_eq!(itau_offer["simulation"]["monthlyRate"], "0.0159");
    let santander_offer = offers.iter().find(|o| o["bank"] == "Santander").expect("santander");
    assert_eq!(santander_offer["simulation"]["upfrontCents"], 79_000, "its fees are paid at signing");

    // The bank changes its rates: replaced with the ETag last read.
    let read =
        app.get(&format!("/api/v1/financing/rate-tables/{itau_id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    let etag = read.etag();
    let mut changed = table("CDC Seminovos");
    changed["rates"][0]["monthlyRate"] = json!("0.0175");
    let put = |body: Value, etag: Option<String>| {
        let mut call = app
            .call(axum::http::Method::PUT, &format!("/api/v1/financing/rate-tables/{itau_id}"))
            .tenant(&t.slug)
            .token(&t.owner_token)
            .json(body);
        if let Some(e) = etag {
            call = call.if_match(&e);
        }
        call.send()
    };
    let r = put(changed.clone(), Some(etag.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["rates"][0]["monthlyRate"], "0.0175");
    assert_eq!(r.body["version"], 2);
    put(changed.clone(), Some(etag)).await.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    assert_eq!(put(changed.clone(), None).await.status, StatusCode::PRECONDITION_REQUIRED);
    let r = compare(3_000_000, 48).await;
    assert_eq!(r.body["offers"][0]["simulation"]["monthlyRate"], "0.0175");

    // Another tenant sees none of it.
    let other = app.tenant(&slug("rates2")).await;
    let r = app
        .get(&format!("/api/v1/financing/rate-tables/{itau_id}"))
        .tenant(&other.slug)
        .token(&other.owner_token)
        .send()
        .await;
    r.problem(StatusCode::NOT_FOUND, "financing.rate_table_not_found");
    let r = app.get("/api/v1/financing/rate-tables").tenant(&other.slug).token(&other.owner_token).send().await;
    assert_eq!(r.body["items"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn a_bad_rate_table_or_deal_is_refused_field_by_field() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("ratesbad")).await;
    let create =
        |body: Value| app.post("/api/v1/financing/rate-tables").tenant(&t.slug).token(&t.owner_token).json(body).send();
    let r = create(json!({"bank": "", "name": "X", "rates": []})).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.pointers(), ["/bank", "/rates"]);
    let r = create(json!({"bank": "B", "name": "X", "feesCents": {"tac": -1}, "rates": [
        {"maxInstallments": 0, "minDownPayment": "0.95", "monthlyRate": "0.2"},
        {"maxInstallments": 48, "minDownPayment": "0.2", "monthlyRate": "x"},
        {"maxInstallments": 48, "minDownPayment": "0.20", "monthlyRate": "0.01"}]}))
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(
        r.pointers(),
        [
            "/rates/0/maxInstallments",
            "/rates/0/minDownPayment",
            "/rates/0/monthlyRate",
            "/rates/1/monthlyRate",
            "/rates/2",
            "/feesCents/tac"
        ]
    );
    let list = app.get("/api/v1/financing/rate-tables").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(0), "nothing written");

    let r = app
        .post("/api/v1/financing/comparisons")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"priceCents": 5_000_000, "downPaymentCents": 5_000_000, "installments": 200,
            "contractDate": "2026-03-10", "firstDueDate": "2026-03-10"}))
        .send()
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.pointers(), ["/downPaymentCents", "/installments", "/firstDueDate"]);
}

/// Twenty managers save the same bank's table at once: one table, nineteen 409s.
#[tokio::test]
async fn the_same_rate_table_saved_twenty_times_at_once_is_one_table() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("ratesrace")).await;
    let tries = (0..20).map(|i| {
        let mut body = table("Tabela Junho");
        if i % 2 == 1 {
            body["name"] = json!("TABELA  JUNHO");
        }
        app.post("/api/v1/financing/rate-tables").tenant(&t.slug).token(&t.owner_token).json(body).send()
    });
    let answers = futures_util::future::join_all(tries).await;
    let created = answers.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let conflicts = answers
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT && r.body["code"] == "financing.duplicate_rate_table")
        .count();
    assert_eq!((created, conflicts), (1, 19), "{:?}", answers.iter().map(|r| r.status).collect::<Vec<_>>());
    let list = app.get("/api/v1/financing/rate-tables").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn the_tenants_iof_rates_price_every_simulation_after_a_decree_changes_them() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("iof")).await;
    let store = app.store(&t, "Matriz").await;
    let sales = app.user(&t, "vendas@iof.com.br", &["sales"], Some(vec![store])).await;
    let simulate = || {
        app.post("/api/v1/financing/simulations")
            .tenant(&t.slug)
            .token(&sales)
            .json(json!({"system": "price", "financedCents": 5_000_000, "monthlyRate": "0.0199", "installments": 12,
                "contractDate": "2026-03-10", "firstDueDate": "2026-04-09", "iof": true}))
            .send()
    };
    let law = app.get("/api/v1/financing/settings").tenant(&t.slug).token(&sales).send().await;
    assert_eq!(
        law.body,
        json!({"iofDailyPerson": "0.000082", "iofDailyCompany": "0.000041", "iofAdditional": "0.0038", "version": 0})
    );
    assert_eq!(law.etag(), "\"0\"");
    let before = cents(&simulate().await.body["iofCents"]);
    assert!(before > 19_000, "0.38 % of R$ 50.000,00 and the daily part: {before}");
    // A company pays half the daily rate: the daily part halves, the 0.38 % stays.
    let company = app
        .post("/api/v1/financing/simulations")
        .tenant(&t.slug)
        .token(&sales)
        .json(json!({"system": "price", "financedCents": 5_000_000, "monthlyRate": "0.0199", "installments": 12,
            "contractDate": "2026-03-10", "firstDueDate": "2026-04-09", "iof": true, "borrower": "company"}))
        .send()
        .await;
    let daily = before - 19_000;
    assert!((cents(&company.body["iofCents"]) - (19_000 + daily / 2)).abs() <= 1, "{}", company.text);

    let put = |token: &str, body: serde_json::Value| {
        app.call(axum::http::Method::PUT, "/api/v1/financing/settings")
            .tenant(&t.slug)
            .token(token)
            .if_match("\"0\"")
            .json(body)
            .send()
    };
    let decree = json!({"iofDailyPerson": "0", "iofDailyCompany": "0", "iofAdditional": "0.0038"});
    put(&sales, decree.clone()).await.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    let bad =
        put(&t.owner_token, json!({"iofDailyPerson": "8.2", "iofDailyCompany": "x", "iofAdditional": "0.0038"})).await;
    assert_eq!(bad.pointers(), vec!["/iofDailyPerson", "/iofDailyCompany"]);
    // Twenty saves at once over the defaults: one is kept, nineteen are told to reload.
    let saves = futures_util::future::join_all((0..20).map(|_| put(&t.owner_token, decree.clone()))).await;
    assert_eq!(saves.iter().filter(|r| r.status == StatusCode::OK).count(), 1);
    assert!(saves.iter().all(|r| r.status == StatusCode::OK || r.body["code"] == "http.precondition_failed"));
    let set = saves.iter().find(|r| r.status == StatusCode::OK).expect("one save");
    assert_eq!(set.etag(), "\"1\"");
    // A second save over the defaults read before is refused: someone changed them meanwhile.
    put(&t.owner_token, decree).await.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    // Only the additional 0.38 % is left: R$ 190,00 on R$ 50.000,00.
    assert_eq!(cents(&simulate().await.body["iofCents"]), 19_000);
}
