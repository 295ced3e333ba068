//! `/financing/*` here; reservations, quotes, approvals and appraisals in the submodules.

use std::collections::BTreeMap;

use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use innexar_http::etag::{created, required_if_match, with_etag};
use innexar_http::{AppState, Ctx, Json, Path};
use innexar_kernel::error::{FieldError, Problem};
use innexar_kernel::{AppError, Money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::financing::{self, IofRates, System};
use crate::permissions::{FINANCING_MANAGE_RATES, FINANCING_SIMULATE};
use crate::rates::{self, RateTable, RateTableId, RateTableInput};
use crate::settings::{self, IofInput, IofSettings};

mod deals;
mod documents;
mod quotes;
mod reservations;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(reservations::routes())
        .merge(quotes::routes())
        .merge(deals::routes())
        .merge(documents::routes())
        .routes(routes!(simulate_financing))
        .routes(routes!(list_rate_tables, create_rate_table))
        .routes(routes!(get_rate_table, replace_rate_table))
        .routes(routes!(compare_financing))
        .routes(routes!(get_financing_settings, set_financing_settings))
}

/// Rio Branco's day is the last to start in Brazil: a contract dated today at any store is not
/// in the past there.
fn today(ctx: &Ctx) -> NaiveDate {
    innexar_org::model::business_date_in("America/Rio_Branco", ctx.now)
}

fn invalid(problems: Vec<financing::Problem>) -> AppError {
    AppError::validation(problems.into_iter().map(|(p, code, msg)| FieldError::new(p, code, msg)).collect())
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
    /// IOF is due. Rates: the tenant's (`/financing/settings`), by default 0.0082 % a day for
    /// an individual (0.0041 % for a company) and 0.38 % additional.
    #[serde(default)]
    pub iof: bool,
    /// Who borrows: `person` (the default) or `company`, whose daily IOF rate is lower.
    #[serde(default)]
    pub borrower: Borrower,
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
    let terms = financing::check(&request, today(&ctx)).map_err(invalid)?;
    // The tenant's rates for this borrower; a loan without IOF needs no read.
    let iof = if terms.iof {
        settings::iof(ctx.db.read().await?.conn()).await?.rates(input.borrower == Borrower::Company)
    } else {
        IofRates::default()
    };
    let s = financing::simulate(&terms, &iof);
    Ok(axum::Json(view(&terms, s)))
}

fn view(terms: &financing::Terms, s: financing::Simulation) -> SimulationView {
    SimulationView {
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
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RateTableList {
    pub items: Vec<RateTable>,
}

/// The banks' rate tables, active or not, by bank and name.
#[utoipa::path(get, path = "/financing/rate-tables", tag = "financing", security(("bearer" = [])),
    responses((status = 200, body = RateTableList), (status = 403, body = Problem)))]
async fn list_rate_tables(ctx: Ctx) -> Result<axum::Json<RateTableList>, AppError> {
    ctx.require(FINANCING_SIMULATE)?;
    Ok(axum::Json(RateTableList { items: rates::list(ctx.db.read().await?.conn()).await? }))
}

/// Add a bank's rate table: its monthly rates by term and down payment, its fees.
#[utoipa::path(post, path = "/financing/rate-tables", tag = "financing", security(("bearer" = [])),
    request_body = RateTableInput,
    responses((status = 201, body = RateTable, headers(("ETag" = String), ("Location" = String))), (status = 403, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_rate_table(ctx: Ctx, Json(input): Json<RateTableInput>) -> Result<Response, AppError> {
    ctx.require(FINANCING_MANAGE_RATES)?;
    let tx = ctx.db.begin().await?;
    let t = rates::create(&tx, input).await?;
    ctx.commit(tx, created(format!("/api/v1/financing/rate-tables/{}", t.id), t.version, &t)).await
}

/// One rate table.
#[utoipa::path(get, path = "/financing/rate-tables/{id}", tag = "financing", security(("bearer" = [])),
    params(("id" = RateTableId, Path)),
    responses((status = 200, body = RateTable, headers(("ETag" = String))), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_rate_table(ctx: Ctx, Path(id): Path<RateTableId>) -> Result<Response, AppError> {
    ctx.require(FINANCING_SIMULATE)?;
    let t = rates::get(ctx.db.read().await?.conn(), id).await?;
    Ok(with_etag(t.version, &t))
}

/// Replace a rate table's contents (the bank changed its rates). Requires `If-Match`.
#[utoipa::path(put, path = "/financing/rate-tables/{id}", tag = "financing", security(("bearer" = [])),
    request_body = RateTableInput,
    params(("id" = RateTableId, Path), ("If-Match" = String, Header, description = "The table's ETag as last read")),
    responses((status = 200, body = RateTable, headers(("ETag" = String))), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn replace_rate_table(
    ctx: Ctx,
    Path(id): Path<RateTableId>,
    headers: HeaderMap,
    Json(input): Json<RateTableInput>,
) -> Result<Response, AppError> {
    ctx.require(FINANCING_MANAGE_RATES)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let t = rates::replace(&tx, id, expected, input).await?;
    ctx.commit(tx, with_etag(t.version, &t)).await
}

/// A deal to price with every bank.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ComparisonRequest {
    /// The vehicle's price with accessories, in centavos.
    #[schema(minimum = 1, maximum = 10_000_000_000_i64)]
    pub price_cents: i64,
    /// Paid down (cash, trade-in), in centavos; less than the price.
    #[serde(default)]
    #[schema(minimum = 0)]
    pub down_payment_cents: i64,
    #[schema(minimum = 1, maximum = 120)]
    pub installments: i64,
    pub contract_date: NaiveDate,
    pub first_due_date: NaiveDate,
    #[serde(default)]
    pub iof: bool,
    #[serde(default)]
    pub finance_iof: bool,
    /// Who borrows: `person` (the default) or `company`.
    #[serde(default)]
    pub borrower: Borrower,
}

innexar_kernel::string_enum!(
    /// The borrower, for the IOF rate.
    #[derive(Default)]
    pub Borrower { #[default] Person = "person", Company = "company" }
);

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OfferView {
    pub rate_table_id: RateTableId,
    pub bank: String,
    pub name: String,
    pub simulation: SimulationView,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnavailableView {
    pub rate_table_id: RateTableId,
    pub bank: String,
    pub name: String,
}

/// The banks side by side.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonView {
    pub financed_cents: Money,
    /// The share of the price paid down, a fraction as text.
    #[schema(value_type = String, example = "0.25")]
    pub down_payment_share: Decimal,
    /// Every active table with a rate for this deal, the lowest CET first.
    pub offers: Vec<OfferView>,
    /// Active tables without a rate for this term and down payment.
    pub unavailable: Vec<UnavailableView>,
}

/// Price one deal with every active rate table: each bank's rate for the term and the share paid
/// down, its fees, the schedule and the CET, the cheapest first.
#[utoipa::path(post, path = "/financing/comparisons", tag = "financing", security(("bearer" = [])),
    request_body = ComparisonRequest,
    responses((status = 200, body = ComparisonView), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn compare_financing(
    ctx: Ctx,
    Json(input): Json<ComparisonRequest>,
) -> Result<axum::Json<ComparisonView>, AppError> {
    ctx.require(FINANCING_SIMULATE)?;
    let mut problems = Vec::new();
    if !(1..=financing::MAX_AMOUNT_CENTS).contains(&input.price_cents) {
        problems.push((
            "/priceCents".to_string(),
            "financing.invalid_amount",
            "more than zero and at most R$ 100 million",
        ));
    } else if input.down_payment_cents < 0 || input.down_payment_cents >= input.price_cents {
        problems.push((
            "/downPaymentCents".to_string(),
            "financing.invalid_down_payment",
            "from zero to less than the price",
        ));
    }
    financing::check_term(input.installments, input.contract_date, input.first_due_date, today(&ctx), &mut problems);
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let db = ctx.db.read().await?;
    let tables = rates::list(db.conn()).await?;
    let iof = settings::iof(db.conn()).await?.rates(input.borrower == Borrower::Company);
    drop(db);
    let deal = rates::Deal {
        price: Money(input.price_cents),
        down: Money(input.down_payment_cents),
        installments: input.installments as u32,
        contract_date: input.contract_date,
        first_due_date: input.first_due_date,
        iof: input.iof,
        finance_iof: input.finance_iof,
    };
    let (offers, unavailable) = rates::compare(tables, &deal, &iof);
    Ok(axum::Json(ComparisonView {
        financed_cents: Money(input.price_cents - input.down_payment_cents),
        down_payment_share: deal.down_share().round_dp(4).normalize(),
        offers: offers
            .into_iter()
            .map(|o| OfferView {
                rate_table_id: o.table.id,
                bank: o.table.bank,
                name: o.table.name,
                simulation: view(&o.terms, o.simulation),
            })
            .collect(),
        unavailable: unavailable
            .into_iter()
            .map(|u| UnavailableView { rate_table_id: u.table.id, bank: u.table.bank, name: u.table.name })
            .collect(),
    }))
}

/// The IOF rates every simulation, comparison and quote uses (the law's, unless a decree changed
/// them and a manager updated them here).
#[utoipa::path(get, path = "/financing/settings", tag = "financing", security(("bearer" = [])),
    responses((status = 200, body = IofSettings, headers(("ETag" = String))), (status = 403, body = Problem)))]
async fn get_financing_settings(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(FINANCING_SIMULATE)?;
    let s = settings::iof(ctx.db.read().await?.conn()).await?;
    Ok(with_etag(s.version, s))
}

/// Set the IOF rates (a decree changed them), over the version read (`"0"` while the law's
/// defaults apply).
#[utoipa::path(put, path = "/financing/settings", tag = "financing", security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "The settings' ETag as last read")),
    request_body = IofInput,
    responses((status = 200, body = IofSettings, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn set_financing_settings(
    ctx: Ctx,
    headers: HeaderMap,
    Json(input): Json<IofInput>,
) -> Result<Response, AppError> {
    ctx.require(FINANCING_MANAGE_RATES)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let s = settings::set_iof(&tx, expected, input).await?;
    ctx.commit(tx, with_etag(s.version, s)).await
}
