//! `/financing/simulations`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use innexar_http::{AppState, Ctx, Json};
use innexar_kernel::error::{FieldError, Problem};
use innexar_kernel::{AppError, Money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::financing::{self, IofRates, System};
use crate::permissions::FINANCING_SIMULATE;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(simulate_financing))
}

/// A loan to simulate.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimulationRequest {
    pub system: System,
    /// What the customer receives (the part of the price financed), in centavos.
    #[schema(minimum = 1, maximum = 10_000_000_000_i64)]
    pub financed_cents: i64,
    /// A fraction per month, as text: "0.0199" is 1.99 % a.m.
    #[schema(example = "0.0199")]
    pub monthly_rate: String,
    #[schema(minimum = 1, maximum = 120)]
    pub installments: i64,
    /// Not before today.
    pub contract_date: NaiveDate,
    /// 1 to 92 days after the contract date; the others fall due monthly from it. The first
    /// period's interest counts its days: `(1 + monthlyRate)^(days / 30) - 1`.
    pub first_due_date: NaiveDate,
    /// IOF is due (the borrower is an individual). Rates: 0.0082 % a day, 0.38 % additional.
    #[serde(default)]
    pub iof: bool,
    /// IOF is added to the amount financed instead of paid at signing.
    #[serde(default)]
    pub finance_iof: bool,
    /// Fees by name, in centavos: `{"registration": 35000, "contractRecord": 25000}`.
    #[serde(default)]
    pub fees_cents: BTreeMap<String, i64>,
    /// Fees are added to the amount financed instead of paid at signing.
    #[serde(default)]
    pub finance_fees: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstallmentView {
    pub number: u32,
    pub due_date: NaiveDate,
    pub payment_cents: Money,
    pub interest_cents: Money,
    pub amortization_cents: Money,
    /// Still owed after this installment.
    pub balance_cents: Money,
}

/// The schedule and what the loan costs.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SimulationView {
    pub system: System,
    pub financed_cents: Money,
    /// What the installments repay: the amount financed plus the charges financed with it.
    pub principal_cents: Money,
    #[schema(value_type = String, example = "0.0199")]
    pub monthly_rate: Decimal,
    pub schedule: Vec<InstallmentView>,
    pub iof_cents: Money,
    pub fees_cents: Money,
    /// Fees and IOF paid at signing.
    pub upfront_cents: Money,
    pub total_interest_cents: Money,
    /// Every installment plus what is paid at signing.
    pub total_paid_cents: Money,
    /// Custo efetivo total a month, a fraction as text ("0.030821" is 3.0821 % a.m.).
    #[schema(value_type = String, example = "0.030821")]
    pub cet_monthly: Decimal,
    /// `(1 + cetMonthly)^12 - 1`, a fraction as text.
    #[schema(value_type = String, example = "0.439347")]
    pub cet_yearly: Decimal,
}

/// Simulate a vehicle loan: Tabela Price or SAC rounded to the centavo (the last installment
/// settles the rounding), IOF for individuals, fees and IOF paid up front or financed, and the
/// CET per Resolução CMN 3.517/2007. Nothing is stored.
#[utoipa::path(post, path = "/financing/simulations", tag = "financing", security(("bearer" = [])),
    request_body = SimulationRequest,
    responses((status = 200, body = SimulationView), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn simulate_financing(
    ctx: Ctx,
    Json(input): Json<SimulationRequest>,
) -> Result<axum::Json<SimulationView>, AppError> {
    ctx.require(FINANCING_SIMULATE)?;
    // Rio Branco's day is the last to start in Brazil: a contract dated today at any store is
    // not in the past there.
    let today = innexar_org::model::business_date_in("America/Rio_Branco", ctx.now);
    let request = financing::Request {
        system: input.system,
        financed_cents: input.financed_cents,
        monthly_rate: input.monthly_rate,
        installments: input.installments,
        contract_date: input.contract_date,
        first_due_date: input.first_due_date,
        iof: input.iof,
        finance_iof: input.finance_iof,
        fees_cents: input.fees_cents.into_iter().collect(),
        finance_fees: input.finance_fees,
    };
    let terms = financing::check(&request, today).map_err(|problems| {
        AppError::validation(problems.into_iter().map(|(p, code, msg)| FieldError::new(p, code, msg)).collect())
    })?;
    let s = financing::simulate(&terms, &IofRates::default());
    Ok(axum::Json(SimulationView {
        system: terms.system,
        financed_cents: terms.financed,
        principal_cents: s.principal,
        monthly_rate: terms.monthly_rate,
        schedule: s
            .schedule
            .into_iter()
            .map(|i| InstallmentView {
                number: i.number,
                due_date: i.due_date,
                payment_cents: i.payment,
                interest_cents: i.interest,
                amortization_cents: i.amortization,
                balance_cents: i.balance,
            })
            .collect(),
        iof_cents: s.iof,
        fees_cents: s.fees,
        upfront_cents: s.upfront,
        total_interest_cents: s.total_interest,
        total_paid_cents: s.total_paid,
        cet_monthly: s.cet_monthly,
        cet_yearly: s.cet_yearly,
    }))
}
