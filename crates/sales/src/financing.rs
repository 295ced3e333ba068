//! Vehicle financing (CDC) simulated to the centavo: Tabela Price and SAC schedules, IOF for
//! individuals, fees and IOF paid up front or financed, and the CET (custo efetivo total) as the
//! Banco Central defines it. Pure: no database, no clock (ADR 0024).
//!
//! Periods. Installments fall due monthly from the first due date, on its day of the month (the
//! 31st becomes the month's last day where there is none). Every period after the first is one
//! month at the monthly rate `i`. The first runs from the contract date to the first due date
//! and accrues `(1 + i)^(d / 30) - 1` for its `d` calendar days (a 30-day first month is exactly
//! `i`): a first due date 45 days out costs a month and a half of interest, not one month.
//!
//! Rounding. Every amount is rounded half away from zero to the centavo as it is produced (the
//! Price installment, each installment's interest, the SAC amortisation is truncated), and the
//! last installment settles whatever the rounding left in the balance, so the amortisations add
//! up to the principal exactly.

use std::str::FromStr;

use chrono::{Months, NaiveDate};
use innexar_kernel::Money;
use rust_decimal::prelude::{MathematicalOps, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

innexar_kernel::string_enum!(
    /// How the installments are built.
    pub System {
        /// Tabela Price: equal installments, interest falling and amortisation rising.
        Price = "price",
        /// Sistema de Amortização Constante: equal amortisations, installments falling.
        Sac = "sac"
    }
);

/// IOF rates for individuals (Decreto 6.306/2007), configurable per tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IofRates {
    /// Per day on each amortisation, from the contract to its due date.
    pub daily: Decimal,
    /// Once on the amount financed.
    pub additional: Decimal,
    /// Days counted at most per amortisation.
    pub max_days: i64,
}

impl Default for IofRates {
    fn default() -> Self {
        // 0.0082 % a day and the additional 0.38 %.
        IofRates { daily: Decimal::new(82, 6), additional: Decimal::new(38, 4), max_days: 365 }
    }
}

/// What the customer asks to finance, already checked ([`check`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub system: System,
    /// What the customer receives (paid to the seller): the principal before financed charges.
    pub financed: Money,
    /// A fraction per month (0.0199 is 1.99 % a.m.).
    pub monthly_rate: Decimal,
    pub installments: u32,
    pub contract_date: NaiveDate,
    pub first_due_date: NaiveDate,
    /// IOF is due (an individual's loan).
    pub iof: bool,
    /// IOF is added to the principal instead of paid at signing.
    pub finance_iof: bool,
    /// Fees by name (registration, contract record, ...).
    pub fees: Vec<(String, Money)>,
    /// Fees are added to the principal instead of paid at signing.
    pub finance_fees: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installment {
    pub number: u32,
    pub due_date: NaiveDate,
    pub payment: Money,
    pub interest: Money,
    pub amortization: Money,
    /// What is still owed after this installment.
    pub balance: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simulation {
    /// The amount the installments repay: financed plus the charges financed with it.
    pub principal: Money,
    pub schedule: Vec<Installment>,
    pub iof: Money,
    pub fees: Money,
    /// Charges paid at signing (fees and IOF not financed).
    pub upfront: Money,
    pub total_interest: Money,
    /// Every installment plus the charges paid at signing.
    pub total_paid: Money,
    /// The CET per month, a fraction rounded to 6 places.
    pub cet_monthly: Decimal,
    /// `(1 + monthly)^12 - 1`, rounded to 6 places.
    pub cet_yearly: Decimal,
}

/// Limits a simulation's input must keep.
pub const MAX_INSTALLMENTS: i64 = 120;
/// A monthly rate above this is no vehicle loan (and is most likely a percentage typed as a
/// fraction: "1.99" for 1.99 %).
pub const MAX_MONTHLY_RATE: Decimal = Decimal::from_parts(10, 0, 0, false, 2);
/// R$ 100 million.
pub const MAX_AMOUNT_CENTS: i64 = 10_000_000_000;
/// The longest first period: three months of grace (carência).
pub const MAX_FIRST_PERIOD_DAYS: i64 = 92;
pub const MAX_FEES: usize = 20;

/// What a simulation is asked with, before it is checked (the API's body).
#[derive(Debug, Clone)]
pub struct Request {
    pub system: System,
    pub financed_cents: i64,
    pub monthly_rate: String,
    pub installments: i64,
    pub contract_date: NaiveDate,
    pub first_due_date: NaiveDate,
    pub iof: bool,
    pub finance_iof: bool,
    pub fees_cents: Vec<(String, i64)>,
    pub finance_fees: bool,
}

/// A problem with one field: its JSON pointer, code and message.
pub type Problem = (String, &'static str, &'static str);

/// Why a fraction written as text was refused.
pub enum FractionError {
    NotANumber,
    OutOfRange,
}

/// A decimal fraction written as text ("0.0199"), from 0 to `max`, normalised ("0.20" is 0.2).
pub fn parse_fraction(raw: &str, max: Decimal) -> Result<Decimal, FractionError> {
    match Decimal::from_str(raw.trim()) {
        Ok(x) if x.is_sign_negative() || x > max => Err(FractionError::OutOfRange),
        Ok(x) => Ok(x.normalize()),
        Err(_) => Err(FractionError::NotANumber),
    }
}

/// A loan's term and dates against `today` (the earliest business day in Brazil: a contract
/// dated today anywhere in the country is not in the past): 1 to 120 installments, a contract
/// within a year from today, the first due date 1 to 92 days after it.
pub fn check_term(
    installments: i64,
    contract: NaiveDate,
    first_due: NaiveDate,
    today: NaiveDate,
    e: &mut Vec<Problem>,
) {
    let mut bad = |p: &str, code: &'static str, msg: &'static str| e.push((p.to_string(), code, msg));
    if !(1..=MAX_INSTALLMENTS).contains(&installments) {
        bad("/installments", "financing.invalid_installments", "from 1 to 120 installments");
    }
    if contract < today {
        bad("/contractDate", "financing.date_in_past", "the contract cannot be dated before today");
    } else if contract > today + chrono::Duration::days(366) {
        bad("/contractDate", "financing.date_too_far", "a contract date within a year");
    }
    if !(1..=MAX_FIRST_PERIOD_DAYS).contains(&(first_due - contract).num_days()) {
        bad(
            "/firstDueDate",
            "financing.invalid_first_due_date",
            "after the contract date and at most 92 days after it",
        );
    }
}

/// Checks a request against `today` (see [`check_term`]).
pub fn check(r: &Request, today: NaiveDate) -> Result<Terms, Vec<Problem>> {
    let mut e: Vec<Problem> = Vec::new();
    if !(1..=MAX_AMOUNT_CENTS).contains(&r.financed_cents) {
        e.push(("/financedCents".into(), "financing.invalid_amount", "more than zero and at most R$ 100 million"));
    }
    let rate = match parse_fraction(&r.monthly_rate, MAX_MONTHLY_RATE) {
        Ok(x) => Some(x),
        Err(FractionError::OutOfRange) => {
            e.push(("/monthlyRate".into(), "financing.rate_out_of_range", "a monthly rate from 0 to 0.10 (10 % a.m.)"));
            None
        }
        Err(FractionError::NotANumber) => {
            e.push(("/monthlyRate".into(), "financing.invalid_rate", "a decimal fraction as text, such as \"0.0199\""));
            None
        }
    };
    check_term(r.installments, r.contract_date, r.first_due_date, today, &mut e);
    let fees = check_fees(&r.fees_cents, &mut e);
    let fee_total: i64 = fees.iter().map(|(_, m)| m.0).sum();
    if e.is_empty() && !r.finance_fees && fee_total >= r.financed_cents {
        e.push((
            "/feesCents".into(),
            "financing.charges_exceed_amount",
            "fees paid at signing must be less than the amount financed",
        ));
    }
    match (e.is_empty(), rate) {
        (true, Some(monthly_rate)) => Ok(Terms {
            system: r.system,
            financed: Money(r.financed_cents),
            monthly_rate,
            installments: r.installments as u32,
            contract_date: r.contract_date,
            first_due_date: r.first_due_date,
            iof: r.iof,
            finance_iof: r.iof && r.finance_iof,
            fees,
            finance_fees: r.finance_fees,
        }),
        _ => Err(e),
    }
}

/// Fees by name (a loan's, a rate table's): at most [`MAX_FEES`], names of 1 to 40 characters,
/// amounts from zero to R$ 100 million; each problem at `/feesCents/<name>`.
pub fn check_fees(fees: &[(String, i64)], e: &mut Vec<Problem>) -> Vec<(String, Money)> {
    if fees.len() > MAX_FEES {
        e.push(("/feesCents".into(), "financing.too_many_fees", "at most 20 fees"));
    }
    let mut ok = Vec::new();
    for (name, cents) in fees {
        let pointer = format!("/feesCents/{}", name.replace('~', "~0").replace('/', "~1"));
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 40 {
            e.push((pointer, "financing.invalid_fee_name", "a fee's name has 1 to 40 characters"));
        } else if !(0..=MAX_AMOUNT_CENTS).contains(cents) {
            e.push((pointer, "financing.invalid_fee", "a fee from zero to R$ 100 million"));
        } else {
            ok.push((name.to_string(), Money(*cents)));
        }
    }
    ok
}

fn cents(x: Decimal) -> i64 {
    x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).to_i64().unwrap_or(i64::MAX)
}

/// The due dates: monthly from the first, on its day of the month or the month's last day.
fn due_dates(t: &Terms) -> Vec<NaiveDate> {
    (0..t.installments)
        .map(|k| t.first_due_date.checked_add_months(Months::new(k)).unwrap_or(t.first_due_date))
        .collect()
}

/// `(1 + i)` raised to the first period's length in months (`days / 30`).
fn first_period_factor(rate: Decimal, days: i64) -> Decimal {
    let base = Decimal::ONE + rate;
    match (rate.is_zero(), days) {
        (true, _) => Decimal::ONE,
        (false, 30) => base,
        _ => base.powd(Decimal::from(days) / Decimal::from(30)),
    }
}

/// The schedule that repays `principal`.
fn schedule(t: &Terms, principal: i64, dates: &[NaiveDate]) -> Vec<Installment> {
    let n = t.installments as usize;
    let i = t.monthly_rate;
    let first_days = (t.first_due_date - t.contract_date).num_days();
    let f1 = first_period_factor(i, first_days);
    let rate_of = |k: usize| if k == 0 { f1 - Decimal::ONE } else { i };
    let p = Decimal::from(principal);
    // Tabela Price: the installment that, at these rates, repays the principal in n periods.
    let price_payment = if i.is_zero() {
        cents(p / Decimal::from(n as u64))
    } else {
        let growth = (Decimal::ONE + i).powu((n - 1) as u64);
        cents(p * f1 * growth * i / (growth * (Decimal::ONE + i) - Decimal::ONE))
    };
    let sac_amortization = principal / n as i64;
    let mut balance = principal;
    let mut out = Vec::with_capacity(n);
    for (k, due) in dates.iter().enumerate() {
        let interest = cents(Decimal::from(balance) * rate_of(k));
        let mut amortization = match t.system {
            System::Price => price_payment - interest,
            System::Sac => sac_amortization,
        };
        if k + 1 == n {
            amortization = balance;
        }
        balance -= amortization;
        out.push(Installment {
            number: k as u32 + 1,
            due_date: *due,
            payment: Money(interest + amortization),
            interest: Money(interest),
            amortization: Money(amortization),
            balance: Money(balance),
        });
    }
    out
}

/// IOF on `principal` repaid by `schedule`: the daily rate on each amortisation for the days from
/// the contract to its due date (at most `max_days`), plus the additional rate on the principal;
/// rounded once.
fn iof_of(t: &Terms, rates: &IofRates, principal: i64, schedule: &[Installment]) -> i64 {
    let daily: Decimal = schedule
        .iter()
        .map(|s| {
            let days = (s.due_date - t.contract_date).num_days().min(rates.max_days);
            Decimal::from(s.amortization.0) * rates.daily * Decimal::from(days)
        })
        .sum();
    cents(daily + Decimal::from(principal) * rates.additional)
}

/// Simulates the loan.
pub fn simulate(t: &Terms, rates: &IofRates) -> Simulation {
    let dates = due_dates(t);
    let fees: i64 = t.fees.iter().map(|(_, m)| m.0).sum();
    let base = t.financed.0 + if t.finance_fees { fees } else { 0 };
    let (principal, plan, iof) = if t.finance_iof {
        // The principal that still leaves the customer the amount financed once its own IOF is
        // added: P = base + IOF(P). IOF grows by a few centavos per real, so from P = base the
        // iteration only climbs and stops at the least such P, in a handful of steps.
        let mut p = base;
        loop {
            let plan = schedule(t, p, &dates);
            let iof = iof_of(t, rates, p, &plan);
            if base + iof <= p {
                break (p, plan, iof);
            }
            p = base + iof;
        }
    } else {
        let plan = schedule(t, base, &dates);
        let iof = if t.iof { iof_of(t, rates, base, &plan) } else { 0 };
        (base, plan, iof)
    };
    let upfront = if t.finance_fees { 0 } else { fees } + if t.iof && !t.finance_iof { iof } else { 0 };
    let paid: i64 = plan.iter().map(|s| s.payment.0).sum();
    let total_interest = plan.iter().map(|s| s.interest.0).sum();
    let first_months = Decimal::from((t.first_due_date - t.contract_date).num_days()) / Decimal::from(30);
    let cet = cet(t.financed.0 - upfront, &plan, first_months);
    let yearly = (Decimal::ONE + cet).powu(12) - Decimal::ONE;
    Simulation {
        principal: Money(principal),
        schedule: plan,
        iof: Money(iof),
        fees: Money(fees),
        upfront: Money(upfront),
        total_interest: Money(total_interest),
        total_paid: Money(paid + upfront),
        cet_monthly: cet.round_dp(6).normalize(),
        cet_yearly: yearly.round_dp(6).normalize(),
    }
}

/// The CET (Resolução CMN 3.517/2007) per month: the rate `r` at which the installments,
/// discounted to the contract date, are worth what the customer received:
/// `released = Σ payment_k / (1 + r)^(t_k)`, with `t_1` the first period in months and each
/// later installment a month further. Newton's method kept inside a bracket that always holds
/// the root (the present value falls as `r` grows), so it cannot wander off.
fn cet(released: i64, plan: &[Installment], first_months: Decimal) -> Decimal {
    let released = Decimal::from(released);
    // f(r) = PV(r) - released, and PV's derivative.
    let eval = |r: Decimal| -> (Decimal, Decimal) {
        let step = Decimal::ONE / (Decimal::ONE + r);
        let mut discount =
            if first_months == Decimal::ONE { step } else { Decimal::ONE / (Decimal::ONE + r).powd(first_months) };
        let mut t = first_months;
        let (mut pv, mut slope) = (Decimal::ZERO, Decimal::ZERO);
        for s in plan {
            let v = Decimal::from(s.payment.0) * discount;
            pv += v;
            slope -= t * v * step;
            discount *= step;
            t += Decimal::ONE;
        }
        (pv - released, slope)
    };
    let (mut lo, mut hi) = (Decimal::ZERO, Decimal::from(10));
    let (f0, _) = eval(lo);
    if f0 <= Decimal::ZERO {
        // The installments add up to no more than was received: no cost at all.
        return Decimal::ZERO;
    }
    let tolerance = Decimal::new(1, 12);
    let mut r = Decimal::new(2, 2);
    for _ in 0..100 {
        let (f, slope) = eval(r);
        if f > Decimal::ZERO {
            lo = r;
        } else {
            hi = r;
        }
        let mut next = if slope.is_zero() { (lo + hi) / Decimal::TWO } else { r - f / slope };
        if next <= lo || next >= hi {
            next = (lo + hi) / Decimal::TWO;
        }
        if (next - r).abs() < tolerance {
            return next;
        }
        r = next;
    }
    r
}

#[cfg(test)]
mod tests;
