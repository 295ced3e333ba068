//! Worked examples checked against a reference written the way a spreadsheet does it: binary
//! floating point, `ROUND(x; 2)` at each step, the PMT formula, a CET by bisection. It shares no
//! code with the module, so a mistake in one does not hide in the other.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// A spreadsheet's ROUND(x; 2) on reais, as centavos.
fn round_cents(reais: f64) -> i64 {
    (reais * 100.0 + if reais >= 0.0 { 0.5 } else { -0.5 }).trunc() as i64
}

struct RefRow {
    due: NaiveDate,
    payment: i64,
    interest: i64,
    amortization: i64,
}

/// The schedule as a spreadsheet builds it: one row per month, `=ROUND(balance * rate; 2)` for
/// the interest, `=PMT` for Price and `=TRUNC(P / n; 2)` for SAC, the last row taking the rest.
fn reference(
    system: &str,
    principal: i64,
    rate: f64,
    n: u32,
    contract: NaiveDate,
    first_due: NaiveDate,
) -> Vec<RefRow> {
    let days1 = (first_due - contract).num_days() as f64;
    let rate1 = (1.0 + rate).powf(days1 / 30.0) - 1.0;
    let p = principal as f64 / 100.0;
    let pmt = if rate == 0.0 {
        p / n as f64
    } else {
        // PMT with a first period of its own length: the principal grown over the first period
        // and repaid as an ordinary annuity from there, one period early.
        p * (1.0 + rate1) / (1.0 + rate) * rate / (1.0 - (1.0 + rate).powi(-(n as i32)))
    };
    let pmt = round_cents(pmt);
    let sac = principal / n as i64;
    let mut balance = principal;
    let mut rows = Vec::new();
    for k in 0..n {
        let r = if k == 0 { rate1 } else { rate };
        let interest = round_cents(balance as f64 / 100.0 * r);
        let mut amortization = if system == "price" { pmt - interest } else { sac };
        if k + 1 == n {
            amortization = balance;
        }
        balance -= amortization;
        let due = first_due.checked_add_months(Months::new(k)).expect("month");
        rows.push(RefRow { due, payment: interest + amortization, interest, amortization });
    }
    rows
}

/// IOF as a spreadsheet column: `=amortisation * 0.0082% * MIN(days; 365)` summed, plus
/// `=principal * 0.38%`, rounded once.
fn reference_iof(rows: &[RefRow], contract: NaiveDate, principal: i64) -> i64 {
    let daily: f64 = rows
        .iter()
        .map(|r| r.amortization as f64 / 100.0 * 0.000082 * (r.due - contract).num_days().min(365) as f64)
        .sum();
    round_cents(daily + principal as f64 / 100.0 * 0.0038)
}

/// The monthly rate at which the payments are worth `released`, by bisection.
fn reference_cet(released: i64, payments: &[i64], first_months: f64) -> f64 {
    let pv = |r: f64| -> f64 {
        payments.iter().enumerate().map(|(k, p)| *p as f64 / (1.0 + r).powf(first_months + k as f64)).sum()
    };
    let (mut lo, mut hi) = (0.0, 10.0);
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if pv(mid) > released as f64 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

fn terms(system: System, financed: i64, rate: &str, n: u32, contract: &str, first_due: &str) -> Terms {
    Terms {
        system,
        financed: Money(financed),
        monthly_rate: Decimal::from_str(rate).expect("rate"),
        installments: n,
        contract_date: d(contract),
        first_due_date: d(first_due),
        iof: false,
        finance_iof: false,
        fees: Vec::new(),
        finance_fees: false,
    }
}

fn assert_matches_reference(sim: &Simulation, t: &Terms, rate: f64) {
    let system = if t.system == System::Price { "price" } else { "sac" };
    let rows = reference(system, sim.principal.0, rate, t.installments, t.contract_date, t.first_due_date);
    assert_eq!(sim.schedule.len(), rows.len());
    for (got, want) in sim.schedule.iter().zip(&rows) {
        assert_eq!(
            (got.due_date, got.payment.0, got.interest.0, got.amortization.0),
            (want.due, want.payment, want.interest, want.amortization),
            "installment {}",
            got.number
        );
    }
    assert_eq!(sim.schedule.iter().map(|s| s.amortization.0).sum::<i64>(), sim.principal.0);
    assert_eq!(sim.schedule.last().map(|s| s.balance.0), Some(0));
}

/// The Banco Central's published example: R$ 1,000.00 at 12 % a year in 5 monthly installments
/// of R$ 205.73, with R$ 60 of charges paid up front: CET 3.08 % a month, 43.93 % a year.
#[test]
fn the_banco_central_example_gives_its_published_cet() {
    let monthly = "0.009488792934583"; // 1.12^(1/12) - 1
    let mut t = terms(System::Price, 100_000, monthly, 5, "2027-03-01", "2027-03-31");
    t.fees = vec![("tac".into(), Money(6_000))];
    let sim = simulate(&t, &IofRates::default());
    let payments: Vec<i64> = sim.schedule.iter().map(|s| s.payment.0).collect();
    assert_eq!(payments[..4], [20_573; 4]);
    assert!((20_572..=20_574).contains(&payments[4]), "last {}", payments[4]);
    assert_eq!(sim.upfront, Money(6_000));
    assert_eq!(sim.cet_monthly.round_dp(4), Decimal::from_str("0.0308").expect("d"));
    assert_eq!(sim.cet_yearly.round_dp(4), Decimal::from_str("0.4393").expect("d"));
    assert_matches_reference(&sim, &t, 1.12f64.powf(1.0 / 12.0) - 1.0);
}

#[test]
fn price_in_72_installments_matches_the_spreadsheet() {
    let t = terms(System::Price, 6_543_210, "0.0199", 72, "2027-01-31", "2027-03-02");
    let sim = simulate(&t, &IofRates::default());
    assert_matches_reference(&sim, &t, 0.0199);
    // Equal installments but the last, which settles the rounding.
    let first = sim.schedule[0].payment;
    assert!(sim.schedule[..71].iter().all(|s| s.payment == first));
    assert!((sim.schedule[71].payment.0 - first.0).abs() <= 72);
    // Due on the 2nd of each month from March 2027 to February 2033.
    assert_eq!(sim.schedule[71].due_date, d("2033-02-02"));
}

#[test]
fn sac_in_72_installments_matches_the_spreadsheet() {
    let t = terms(System::Sac, 6_543_210, "0.0149", 72, "2027-01-31", "2027-02-28");
    let sim = simulate(&t, &IofRates::default());
    assert_matches_reference(&sim, &t, 0.0149);
    // The first period has 28 days: less than a month's interest.
    assert_eq!(sim.schedule[0].interest.0, round_cents(65_432.10 * (1.0149f64.powf(28.0 / 30.0) - 1.0)));
    // After the short first period, a month's interest on a balance that falls every month.
    assert!(sim.schedule[1].payment > sim.schedule[0].payment);
    assert!(sim.schedule[1..].windows(2).all(|w| w[1].payment < w[0].payment), "SAC installments fall");
    assert_eq!(sim.schedule[0].amortization.0, 6_543_210 / 72);
}

#[test]
fn a_first_due_date_further_out_charges_its_days() {
    let t = terms(System::Price, 3_000_000, "0.0175", 24, "2027-05-10", "2027-06-24");
    let sim = simulate(&t, &IofRates::default());
    assert_matches_reference(&sim, &t, 0.0175);
    assert_eq!(sim.schedule[0].interest.0, round_cents(30_000.0 * (1.0175f64.powf(45.0 / 30.0) - 1.0)));
    // Month ends: the 31st falls back to the month's last day.
    let t = terms(System::Sac, 1_000_000, "0.01", 3, "2027-01-01", "2027-01-31");
    let dates: Vec<NaiveDate> = simulate(&t, &IofRates::default()).schedule.iter().map(|s| s.due_date).collect();
    assert_eq!(dates, [d("2027-01-31"), d("2027-02-28"), d("2027-03-31")]);
}

#[test]
fn iof_and_fees_up_front() {
    let mut t = terms(System::Price, 4_000_000, "0.0189", 48, "2027-02-01", "2027-03-03");
    t.iof = true;
    t.fees = vec![("registration".into(), Money(35_000)), ("contractRecord".into(), Money(25_000))];
    let sim = simulate(&t, &IofRates::default());
    assert_eq!(sim.principal, Money(4_000_000), "nothing financed besides the amount");
    assert_matches_reference(&sim, &t, 0.0189);
    let rows = reference("price", 4_000_000, 0.0189, 48, t.contract_date, t.first_due_date);
    assert_eq!(sim.iof.0, reference_iof(&rows, t.contract_date, 4_000_000));
    assert_eq!(sim.fees, Money(60_000));
    assert_eq!(sim.upfront, Money(60_000 + sim.iof.0));
    let payments: Vec<i64> = sim.schedule.iter().map(|s| s.payment.0).collect();
    assert_eq!(sim.total_paid.0, payments.iter().sum::<i64>() + sim.upfront.0);
    let cet = reference_cet(4_000_000 - sim.upfront.0, &payments, 1.0);
    assert!((sim.cet_monthly.to_f64().expect("f64") - cet).abs() < 1e-6, "{} vs {cet}", sim.cet_monthly);
    assert!(sim.cet_monthly > Decimal::from_str("0.0189").expect("d"), "charges raise the CET above the rate");
}

#[test]
fn iof_and_fees_financed_leave_the_customer_the_amount() {
    for system in [System::Price, System::Sac] {
        let mut t = terms(system, 4_000_000, "0.0189", 60, "2027-02-01", "2027-03-03");
        t.iof = true;
        t.finance_iof = true;
        t.fees = vec![("registration".into(), Money(35_000))];
        t.finance_fees = true;
        let sim = simulate(&t, &IofRates::default());
        assert_eq!(sim.upfront, Money(0));
        // The principal carries the fees and exactly the IOF its own schedule owes.
        assert_eq!(sim.principal.0, 4_000_000 + 35_000 + sim.iof.0);
        let name = if system == System::Price { "price" } else { "sac" };
        let rows = reference(name, sim.principal.0, 0.0189, 60, t.contract_date, t.first_due_date);
        assert_eq!(sim.iof.0, reference_iof(&rows, t.contract_date, sim.principal.0));
        assert_matches_reference(&sim, &t, 0.0189);
        let payments: Vec<i64> = sim.schedule.iter().map(|s| s.payment.0).collect();
        let cet = reference_cet(4_000_000, &payments, 1.0);
        assert!((sim.cet_monthly.to_f64().expect("f64") - cet).abs() < 1e-6, "{system:?}");
    }
}

#[test]
fn long_terms_count_at_most_a_year_of_daily_iof() {
    let mut t = terms(System::Sac, 1_200_000, "0.015", 24, "2027-01-15", "2027-02-14");
    t.iof = true;
    let sim = simulate(&t, &IofRates::default());
    let rows = reference("sac", 1_200_000, 0.015, 24, t.contract_date, t.first_due_date);
    assert_eq!(sim.iof.0, reference_iof(&rows, t.contract_date, 1_200_000));
    // Uncapped it would count 700-odd days for the last installments.
    let uncapped = simulate(&t, &IofRates { max_days: 10_000, ..IofRates::default() });
    assert!(uncapped.iof > sim.iof);
}

#[test]
fn zero_rate_and_a_single_installment() {
    let t = terms(System::Price, 1_000_001, "0", 3, "2027-01-10", "2027-02-09");
    let sim = simulate(&t, &IofRates::default());
    let payments: Vec<i64> = sim.schedule.iter().map(|s| s.payment.0).collect();
    assert_eq!(payments, [333_334, 333_334, 333_333]);
    assert_eq!(sim.total_interest, Money(0));
    assert_eq!(sim.cet_monthly, Decimal::ZERO);
    assert_eq!(sim.cet_yearly, Decimal::ZERO);

    let t = terms(System::Price, 500_000, "0.02", 1, "2027-01-10", "2027-02-09");
    let sim = simulate(&t, &IofRates::default());
    assert_eq!(sim.schedule.len(), 1);
    assert_eq!(sim.schedule[0].payment, Money(510_000));
    assert_eq!(sim.schedule[0].interest, Money(10_000));
    assert_eq!(sim.cet_monthly, Decimal::from_str("0.02").expect("d"));
    assert_eq!(sim.cet_yearly, Decimal::from_str("0.268242").expect("d"), "1.02^12 - 1");
}

#[test]
fn every_schedule_repays_its_principal_exactly() {
    for (financed, rate, n, first) in
        [(1, "0.0001", 120, "2027-02-15"), (999, "0.1", 7, "2027-04-15"), (987_654_321, "0.0123", 120, "2027-01-20")]
    {
        for system in [System::Price, System::Sac] {
            let t = terms(system, financed, rate, n, "2027-01-15", first);
            let sim = simulate(&t, &IofRates::default());
            let paid: i64 = sim.schedule.iter().map(|s| s.payment.0).sum();
            assert_eq!(sim.schedule.iter().map(|s| s.amortization.0).sum::<i64>(), financed);
            assert_eq!(paid, financed + sim.total_interest.0);
            assert_eq!(sim.schedule.last().map(|s| s.balance.0), Some(0));
        }
    }
}

fn request() -> Request {
    Request {
        system: System::Price,
        financed_cents: 5_000_000,
        monthly_rate: "0.0199".into(),
        installments: 48,
        contract_date: d("2027-01-10"),
        first_due_date: d("2027-02-09"),
        iof: true,
        finance_iof: false,
        fees_cents: vec![("registration".into(), 30_000)],
        finance_fees: false,
    }
}

fn pointers(r: Request) -> Vec<(String, &'static str)> {
    check(&r, d("2027-01-10")).expect_err("refused").into_iter().map(|(p, c, _)| (p, c)).collect()
}

#[test]
fn bad_terms_are_refused_with_their_pointers() {
    assert!(check(&request(), d("2027-01-10")).is_ok());
    let with = |f: &dyn Fn(&mut Request)| {
        let mut r = request();
        f(&mut r);
        pointers(r)
    };
    let one = |p: &str, c: &'static str| vec![(p.to_string(), c)];
    assert_eq!(with(&|r| r.installments = 0), one("/installments", "financing.invalid_installments"));
    assert_eq!(with(&|r| r.installments = 121), one("/installments", "financing.invalid_installments"));
    assert_eq!(with(&|r| r.financed_cents = -1), one("/financedCents", "financing.invalid_amount"));
    assert_eq!(with(&|r| r.monthly_rate = "1.99".into()), one("/monthlyRate", "financing.rate_out_of_range"));
    assert_eq!(with(&|r| r.monthly_rate = "-0.01".into()), one("/monthlyRate", "financing.rate_out_of_range"));
    assert_eq!(with(&|r| r.monthly_rate = "1,99%".into()), one("/monthlyRate", "financing.invalid_rate"));
    assert_eq!(with(&|r| r.contract_date = d("2027-01-09")), one("/contractDate", "financing.date_in_past"));
    assert_eq!(with(&|r| r.first_due_date = d("2027-01-10")), one("/firstDueDate", "financing.invalid_first_due_date"));
    assert_eq!(with(&|r| r.first_due_date = d("2027-04-13")), one("/firstDueDate", "financing.invalid_first_due_date"));
    assert_eq!(with(&|r| r.fees_cents = vec![("a/b".into(), -5)]), one("/feesCents/a~1b", "financing.invalid_fee"));
    assert_eq!(
        with(&|r| r.fees_cents = vec![("tac".into(), 5_000_000)]),
        one("/feesCents", "financing.charges_exceed_amount")
    );
    // Everything wrong at once: every field named.
    let all = with(&|r| {
        r.installments = 0;
        r.financed_cents = 0;
        r.monthly_rate = "x".into();
    });
    assert_eq!(all.len(), 3);
}
