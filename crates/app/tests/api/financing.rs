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
