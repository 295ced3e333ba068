//! What a quote version says, checked and priced: the vehicle as it was shown, the discount,
//! accessories and services, F&I products, the trade-in, the payments that must add up to the
//! total, the financing priced by a bank's table, and the gross margin.

use chrono::{Duration, NaiveDate};
use innexar_kernel::{CustomerId, FieldError, Money, validate};
use innexar_vehicles::ids::VehicleId;
use innexar_vehicles::model::{Condition, Vehicle};
use rust_decimal::Decimal;
use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::appraisals::{Appraisal, AppraisalId};
use crate::financing::{self, IofRates};
use crate::rates::{self, RateTable, RateTableId};

innexar_kernel::string_enum!(
    /// An item sold with the car.
    pub ItemKind { Accessory = "accessory", Service = "service" }
);

innexar_kernel::string_enum!(
    /// Finance and insurance products the dealer sells for a partner, earning a return.
    pub FiKind {
        ExtendedWarranty = "extended_warranty",
        Insurance = "insurance",
        Protection = "protection",
        Other = "other",
    }
);

innexar_kernel::string_enum!(
    /// How part of the total is paid.
    pub PaymentMethod {
        DownPayment = "down_payment",
        /// The trade-in's allowance less its payoff; computed, never sent.
        TradeIn = "trade_in",
        Financing = "financing",
        /// A consórcio letter of credit.
        Consortium = "consortium",
        Other = "other",
    }
);

/// The terms a desk writes, on create and on every revision.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuoteInput {
    pub customer_id: CustomerId,
    /// The lead the deal comes from (the customer's).
    pub lead_id: Option<uuid::Uuid>,
    pub vehicle_id: VehicleId,
    /// On the vehicle's asking price, in centavos.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub discount_cents: i64,
    #[serde(default)]
    #[schema(max_items = 30)]
    pub items: Vec<ItemInput>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub fi_products: Vec<FiInput>,
    pub trade_in: Option<TradeInInput>,
    /// Everything but the trade-in (counted by itself); with it they add up to the total.
    #[schema(max_items = 10)]
    pub payments: Vec<PaymentInput>,
    /// The last day the customer may accept: from today to 60 days ahead.
    pub valid_until: NaiveDate,
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemInput {
    pub kind: ItemKind,
    #[schema(min_length = 1, max_length = 120)]
    pub description: String,
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub price_cents: i64,
    /// What it costs the dealer (for the margin).
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub cost_cents: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FiInput {
    pub kind: FiKind,
    /// The insurer or partner.
    #[schema(max_length = 80)]
    pub provider: Option<String>,
    #[schema(min_length = 1, max_length = 120)]
    pub description: String,
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub price_cents: i64,
    /// What the partner pays the dealer for it.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub dealer_return_cents: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TradeInInput {
    /// The customer's car as appraised (`POST /appraisals`).
    pub appraisal_id: AppraisalId,
    /// What the deal gives for it; above the appraised value is over-allowance (it lowers the
    /// margin).
    #[schema(minimum = 0, maximum = 10_000_000_000_i64)]
    pub allowance_cents: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentInput {
    /// `down_payment`, `financing`, `consortium` or `other`.
    pub method: PaymentMethod,
    #[schema(minimum = 1, maximum = 10_000_000_000_i64)]
    pub amount_cents: i64,
    #[schema(max_length = 120)]
    pub description: Option<String>,
    /// Financing: the bank's rate table.
    pub rate_table_id: Option<RateTableId>,
    /// Financing: the number of installments.
    #[schema(minimum = 1, maximum = 120)]
    pub installments: Option<i64>,
    /// Financing: the first due date (default: 30 days from today).
    pub first_due_date: Option<NaiveDate>,
}

/// The vehicle as the quote showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VehicleSnapshot {
    pub id: VehicleId,
    pub stock_number: String,
    pub make: String,
    pub model: String,
    pub trim: Option<String>,
    pub year: i32,
    pub model_year: i32,
    pub color: Option<String>,
    pub vin: Option<String>,
    pub placa: Option<String>,
    pub mileage_km: i64,
    pub condition: Condition,
}

impl VehicleSnapshot {
    pub fn of(v: &Vehicle) -> Self {
        VehicleSnapshot {
            id: v.id,
            stock_number: v.stock_number.clone(),
            make: v.make.clone(),
            model: v.model.clone(),
            trim: v.trim.clone(),
            year: v.year,
            model_year: v.model_year,
            color: v.color.clone(),
            vin: v.vin.clone(),
            placa: v.placa.clone(),
            mileage_km: v.mileage_km,
            condition: v.condition,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub kind: ItemKind,
    pub description: String,
    pub price_cents: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_cents: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FiProduct {
    pub kind: FiKind,
    pub provider: Option<String>,
    pub description: String,
    pub price_cents: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dealer_return_cents: Option<Money>,
}

/// The trade-in as the quote counted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TradeIn {
    pub appraisal_id: AppraisalId,
    pub vehicle: VehicleSnapshot,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appraised_value_cents: Option<Money>,
    pub allowance_cents: Money,
    /// The customer's loan on it, which the dealer pays off.
    pub payoff_cents: Money,
    pub payoff_bank: Option<String>,
}

impl TradeIn {
    /// What it pays of the deal.
    pub fn net(&self) -> i64 {
        self.allowance_cents.0 - self.payoff_cents.0
    }
}

/// A financed payment, priced by a bank's table when the version was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Financing {
    pub rate_table_id: RateTableId,
    pub bank: String,
    pub table_name: String,
    pub system: financing::System,
    #[schema(value_type = String)]
    pub monthly_rate: Decimal,
    pub installments: u32,
    pub contract_date: NaiveDate,
    pub first_due_date: NaiveDate,
    /// What the bank pays the dealer (the payment's amount).
    pub financed_cents: Money,
    /// The table's fees when the version was written.
    #[schema(value_type = std::collections::BTreeMap<String, i64>)]
    pub table_fees_cents: std::collections::BTreeMap<String, Money>,
    pub finance_fees: bool,
    /// The regular installment (the first one; with SAC they fall).
    pub installment_cents: Money,
    pub principal_cents: Money,
    pub iof_cents: Money,
    pub fees_cents: Money,
    pub upfront_cents: Money,
    pub total_paid_cents: Money,
    #[schema(value_type = String)]
    pub cet_monthly: Decimal,
    #[schema(value_type = String)]
    pub cet_yearly: Decimal,
    /// The IOF rates used (the customer's kind decides them).
    pub iof: bool,
    pub company: bool,
    /// The tenant's IOF rates when the version was written (its schedule is recomputed with them).
    #[schema(value_type = String)]
    pub iof_daily: Decimal,
    #[schema(value_type = String)]
    pub iof_additional: Decimal,
}

impl Financing {
    /// The IOF rates the version was priced with.
    pub fn iof_rates(&self) -> IofRates {
        IofRates { daily: self.iof_daily, additional: self.iof_additional, ..IofRates::default() }
    }

    /// The terms the schedule is recomputed from (the PDF prints it whole).
    pub fn terms(&self) -> financing::Terms {
        financing::Terms {
            system: self.system,
            financed: self.financed_cents,
            monthly_rate: self.monthly_rate,
            installments: self.installments,
            contract_date: self.contract_date,
            first_due_date: self.first_due_date,
            iof: self.iof,
            finance_iof: self.iof,
            fees: self.table_fees_cents.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            finance_fees: self.finance_fees,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub method: PaymentMethod,
    pub amount_cents: Money,
    pub description: Option<String>,
    pub financing: Option<Financing>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    /// The vehicle's asking price when the version was written.
    pub price_cents: Money,
    pub discount_cents: Money,
    pub items_cents: Money,
    pub fi_cents: Money,
    /// price - discount + items + F&I.
    pub total_cents: Money,
}

/// Gross margin: price - discount - vehicle cost - reconditioning - trade-in over-allowance +
/// F&I returns + what accessories and services earn over their cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Margin {
    pub vehicle_cost_cents: Money,
    pub reconditioning_cents: Money,
    pub over_allowance_cents: Money,
    pub fi_returns_cents: Money,
    pub items_margin_cents: Money,
    pub gross_cents: Money,
}

/// One version of a quote, as stored and as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, FromJsonQueryResult)]
#[serde(rename_all = "camelCase")]
pub struct QuoteContent {
    pub vehicle: VehicleSnapshot,
    pub items: Vec<Item>,
    pub fi_products: Vec<FiProduct>,
    pub trade_in: Option<TradeIn>,
    pub payments: Vec<Payment>,
    pub totals: Totals,
    /// Only with the permission `vehicles.view_cost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<Margin>,
    pub valid_until: NaiveDate,
    pub notes: Option<String>,
}

impl QuoteContent {
    /// The version as someone without the cost permission reads it: no margin, no dealer's
    /// returns, costs or appraised value.
    pub fn without_costs(mut self) -> Self {
        self.margin = None;
        for i in &mut self.items {
            i.cost_cents = None;
        }
        for f in &mut self.fi_products {
            f.dealer_return_cents = None;
        }
        if let Some(t) = &mut self.trade_in {
            t.appraised_value_cents = None;
        }
        self
    }
}

/// A revision by someone who cannot see costs sends the lines without them: each line keeps the
/// cost (accessories, services) or the dealer's return (F&I) the previous version had for the
/// same line, so the margin a manager set up is not lost by a salesperson's edit.
pub fn keep_costs(input: &mut QuoteInput, previous: &QuoteContent) {
    for item in &mut input.items {
        if item.cost_cents.is_none()
            && let Some(p) =
                previous.items.iter().find(|p| p.kind == item.kind && p.description == item.description.trim())
        {
            item.cost_cents = p.cost_cents.map(|c| c.0);
        }
    }
    for f in &mut input.fi_products {
        if f.dealer_return_cents == 0
            && let Some(p) = previous.fi_products.iter().find(|p| {
                p.kind == f.kind
                    && p.description == f.description.trim()
                    && p.provider.as_deref() == f.provider.as_deref().map(str::trim)
            })
        {
            f.dealer_return_cents = p.dealer_return_cents.map_or(0, |r| r.0);
        }
    }
}

/// What the checks need from the database, read before.
pub struct Context<'a> {
    pub today: NaiveDate,
    pub vehicle: &'a Vehicle,
    pub cost: (i64, i64),
    pub appraisal: Option<&'a (Appraisal, Vehicle)>,
    pub tables: &'a [RateTable],
    pub company: bool,
    /// The tenant's IOF rates for this customer (an individual's or a company's).
    pub iof: IofRates,
}

const MAX_CENTS: i64 = financing::MAX_AMOUNT_CENTS;
/// The furthest a quote may be valid.
pub const MAX_VALIDITY_DAYS: i64 = 60;

fn amount(e: &mut Vec<FieldError>, pointer: &str, cents: i64, min: i64) -> Money {
    if !(min..=MAX_CENTS).contains(&cents) {
        e.push(FieldError::new(pointer, "sales.invalid_amount", format!("from {min} to {MAX_CENTS} centavos")));
    }
    Money(cents)
}

/// Checks a desk's terms against the vehicle, the trade-in and the banks' tables, and prices
/// them. Every problem is reported at once, each at its field.
pub fn build(input: &QuoteInput, cx: &Context<'_>) -> Result<QuoteContent, Vec<FieldError>> {
    let mut e = Vec::new();
    let price = cx.vehicle.price.unwrap_or(Money(0));
    if cx.vehicle.price.is_none() {
        e.push(FieldError::new("/vehicleId", "sales.vehicle_without_price", "the vehicle has no asking price yet"));
    }
    let discount = amount(&mut e, "/discountCents", input.discount_cents, 0);
    if cx.vehicle.price.is_some() && discount.0 > price.0 {
        e.push(FieldError::new("/discountCents", "sales.invalid_discount", "the discount is more than the price"));
    }
    let notes = validate::text(&mut e, "/notes", input.notes.clone(), 2000, false);
    if input.valid_until < cx.today || input.valid_until > cx.today + Duration::days(MAX_VALIDITY_DAYS) {
        e.push(FieldError::new(
            "/validUntil",
            "sales.invalid_valid_until",
            format!("from today to {MAX_VALIDITY_DAYS} days ahead"),
        ));
    }
    if input.items.len() > 30 {
        e.push(FieldError::new("/items", "sales.too_many_items", "at most 30 accessories and services"));
    }
    let items: Vec<Item> = input
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| Item {
            kind: it.kind,
            description: validate::text(
                &mut e,
                &format!("/items/{i}/description"),
                Some(it.description.clone()),
                120,
                true,
            )
            .unwrap_or_default(),
            price_cents: amount(&mut e, &format!("/items/{i}/priceCents"), it.price_cents, 0),
            cost_cents: it.cost_cents.map(|c| amount(&mut e, &format!("/items/{i}/costCents"), c, 0)),
        })
        .collect();
    if input.fi_products.len() > 10 {
        e.push(FieldError::new("/fiProducts", "sales.too_many_items", "at most 10 F&I products"));
    }
    let fi: Vec<FiProduct> = input
        .fi_products
        .iter()
        .enumerate()
        .map(|(i, f)| FiProduct {
            kind: f.kind,
            provider: validate::text(&mut e, &format!("/fiProducts/{i}/provider"), f.provider.clone(), 80, false),
            description: validate::text(
                &mut e,
                &format!("/fiProducts/{i}/description"),
                Some(f.description.clone()),
                120,
                true,
            )
            .unwrap_or_default(),
            price_cents: amount(&mut e, &format!("/fiProducts/{i}/priceCents"), f.price_cents, 0),
            dealer_return_cents: Some(amount(
                &mut e,
                &format!("/fiProducts/{i}/dealerReturnCents"),
                f.dealer_return_cents,
                0,
            )),
        })
        .collect();
    let trade_in = match (&input.trade_in, cx.appraisal) {
        (Some(t), Some((a, v))) => {
            let allowance = amount(&mut e, "/tradeIn/allowanceCents", t.allowance_cents, 0);
            if a.valid_until < cx.today {
                e.push(FieldError::new(
                    "/tradeIn/appraisalId",
                    "sales.appraisal_expired",
                    "the appraisal is out of date",
                ));
            }
            let trade = TradeIn {
                appraisal_id: a.id,
                vehicle: VehicleSnapshot::of(v),
                appraised_value_cents: Some(a.appraised_value),
                allowance_cents: allowance,
                payoff_cents: a.payoff,
                payoff_bank: a.payoff_bank.clone(),
            };
            if trade.net() < 0 {
                e.push(FieldError::new(
                    "/tradeIn/allowanceCents",
                    "sales.negative_trade_in_equity",
                    "the customer owes more on the trade-in than it is allowed; the allowance must cover the payoff",
                ));
            }
            Some(trade)
        }
        _ => None,
    };
    let items_total: i64 = items.iter().map(|i| i.price_cents.0).sum();
    let fi_total: i64 = fi.iter().map(|f| f.price_cents.0).sum();
    let total = price.0 - discount.0 + items_total + fi_total;
    let trade_net = trade_in.as_ref().map_or(0, |t| t.net().max(0));

    if input.payments.len() > 10 {
        e.push(FieldError::new("/payments", "sales.too_many_payments", "at most 10 payments"));
    }
    let financed_lines = input.payments.iter().filter(|p| p.method == PaymentMethod::Financing).count();
    if financed_lines > 1 {
        e.push(FieldError::new("/payments", "sales.one_financing", "one financing per quote"));
    }
    let mut payments = Vec::new();
    if let Some(t) = &trade_in
        && t.net() > 0
    {
        payments.push(Payment {
            method: PaymentMethod::TradeIn,
            amount_cents: Money(t.net()),
            description: Some(format!("{} {} {}", t.vehicle.make, t.vehicle.model, t.vehicle.year)),
            financing: None,
        });
    }
    for (i, p) in input.payments.iter().enumerate() {
        let at = |f: &str| format!("/payments/{i}/{f}");
        let amount_cents = amount(&mut e, &at("amountCents"), p.amount_cents, 1);
        let description = validate::text(&mut e, &at("description"), p.description.clone(), 120, false);
        let financing = match p.method {
            PaymentMethod::TradeIn => {
                e.push(FieldError::new(
                    at("method"),
                    "sales.trade_in_payment",
                    "the trade-in is counted from `tradeIn`, not sent as a payment",
                ));
                None
            }
            PaymentMethod::Financing => finance(&mut e, i, p, total, cx),
            _ => {
                if p.rate_table_id.is_some() || p.installments.is_some() || p.first_due_date.is_some() {
                    e.push(FieldError::new(
                        at("rateTableId"),
                        "sales.financing_terms_on_other_payment",
                        "a rate table, installments and a first due date belong to a financing payment",
                    ));
                }
                None
            }
        };
        payments.push(Payment { method: p.method, amount_cents, description, financing });
    }
    let paid: i64 = payments.iter().map(|p| p.amount_cents.0).sum();
    if e.is_empty() && paid != total {
        e.push(FieldError::new(
            "/payments",
            "sales.payments_do_not_add_up",
            format!(
                "the payments{} add up to {}, the total is {}; {} {}",
                if trade_net > 0 { " with the trade-in" } else { "" },
                reais(paid),
                reais(total),
                if paid < total { "missing" } else { "over by" },
                reais((total - paid).abs())
            ),
        ));
    }
    if !e.is_empty() {
        return Err(e);
    }
    let over_allowance = trade_in
        .as_ref()
        .map_or(0, |t| (t.allowance_cents.0 - t.appraised_value_cents.map_or(t.allowance_cents.0, |a| a.0)).max(0));
    let fi_returns: i64 = fi.iter().filter_map(|f| f.dealer_return_cents).map(|m| m.0).sum();
    let items_margin: i64 = items.iter().map(|i| i.price_cents.0 - i.cost_cents.map_or(0, |c| c.0)).sum();
    let (cost, reconditioning) = cx.cost;
    let margin = Margin {
        vehicle_cost_cents: Money(cost),
        reconditioning_cents: Money(reconditioning),
        over_allowance_cents: Money(over_allowance),
        fi_returns_cents: Money(fi_returns),
        items_margin_cents: Money(items_margin),
        gross_cents: Money(price.0 - discount.0 - cost - reconditioning - over_allowance + fi_returns + items_margin),
    };
    Ok(QuoteContent {
        vehicle: VehicleSnapshot::of(cx.vehicle),
        items,
        fi_products: fi,
        trade_in,
        payments,
        totals: Totals {
            price_cents: price,
            discount_cents: discount,
            items_cents: Money(items_total),
            fi_cents: Money(fi_total),
            total_cents: Money(total),
        },
        margin: Some(margin),
        valid_until: input.valid_until,
        notes,
    })
}

/// A financing payment priced by its bank's table.
fn finance(e: &mut Vec<FieldError>, i: usize, p: &PaymentInput, total: i64, cx: &Context<'_>) -> Option<Financing> {
    let at = |f: &str| format!("/payments/{i}/{f}");
    let Some(table_id) = p.rate_table_id else {
        e.push(FieldError::new(at("rateTableId"), "field.required", "a financing payment names the bank's rate table"));
        return None;
    };
    let Some(table) = cx.tables.iter().find(|t| t.id == table_id && t.active) else {
        e.push(FieldError::new(
            at("rateTableId"),
            "financing.rate_table_not_found",
            "no active rate table with this id",
        ));
        return None;
    };
    let Some(n) = p.installments else {
        e.push(FieldError::new(at("installments"), "field.required", "how many installments"));
        return None;
    };
    if !(1..=financing::MAX_INSTALLMENTS).contains(&n) {
        e.push(FieldError::new(at("installments"), "financing.invalid_installments", "from 1 to 120 installments"));
        return None;
    }
    let first_due = p.first_due_date.unwrap_or(cx.today + Duration::days(30));
    let days = (first_due - cx.today).num_days();
    if !(1..=financing::MAX_FIRST_PERIOD_DAYS).contains(&days) {
        e.push(FieldError::new(at("firstDueDate"), "financing.invalid_first_due_date", "1 to 92 days after today"));
        return None;
    }
    let deal = rates::Deal {
        price: Money(total),
        down: Money(total - p.amount_cents),
        installments: n as u32,
        contract_date: cx.today,
        first_due_date: first_due,
        iof: true,
        finance_iof: true,
    };
    let (offers, _) = rates::compare(vec![table.clone()], &deal, &cx.iof);
    let Some(offer) = offers.into_iter().next() else {
        e.push(FieldError::new(
            at("installments"),
            "sales.no_rate_for_terms",
            format!("{} has no rate for {n} installments with this down payment", table.bank),
        ));
        return None;
    };
    let s = &offer.simulation;
    Some(Financing {
        rate_table_id: table.id,
        bank: table.bank.clone(),
        table_name: table.name.clone(),
        system: table.system,
        monthly_rate: offer.terms.monthly_rate,
        installments: n as u32,
        contract_date: cx.today,
        first_due_date: first_due,
        financed_cents: Money(p.amount_cents),
        table_fees_cents: table.fees_cents.0.clone(),
        finance_fees: table.finance_fees,
        installment_cents: s.schedule.first().map_or(Money(0), |i| i.payment),
        principal_cents: s.principal,
        iof_cents: s.iof,
        fees_cents: s.fees,
        upfront_cents: s.upfront,
        total_paid_cents: s.total_paid,
        cet_monthly: s.cet_monthly,
        cet_yearly: s.cet_yearly,
        iof: true,
        company: cx.company,
        iof_daily: cx.iof.daily,
        iof_additional: cx.iof.additional,
    })
}

/// `R$ 1.234,56`, for messages.
pub fn reais(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let whole = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{sign}R$ {grouped},{:02}", c % 100)
}
