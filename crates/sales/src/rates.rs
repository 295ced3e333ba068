//! The banks' rate tables (tabelas de taxas): each bank's monthly rate by term and down-payment
//! share, its fees, and whether they are financed. Managers keep them; the deal desk compares
//! every active table side by side for one deal (`compare`).
//!
//! A table's name is unique per bank, whatever the case and accents (the unique index on
//! `name_key` decides, so two managers saving the same table at once get one table and a 409).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use innexar_db::{Tx, audit};
use innexar_kernel::{AppError, FieldError, IfMatch, Money, text};
use rust_decimal::Decimal;
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, SqlErr};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::financing::{self, FractionError, IofRates, Simulation, System, Terms};

pub mod entity {
    use innexar_kernel::Money;
    use rust_decimal::Decimal;
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;

    use crate::financing::System;

    innexar_kernel::id_type!(
        /// A bank's rate table.
        RateTableId
    );

    /// One rate: for terms up to `maxInstallments` with at least `minDownPayment` of the price
    /// paid down.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(rename_all = "camelCase")]
    pub struct RateRow {
        pub max_installments: u32,
        /// A fraction of the price ("0.3" is 30 % down).
        #[schema(value_type = String, example = "0.3")]
        pub min_down_payment: Decimal,
        /// A fraction per month.
        #[schema(value_type = String, example = "0.0169")]
        pub monthly_rate: Decimal,
    }

    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
    #[serde(transparent)]
    pub struct RateRows(pub Vec<RateRow>);

    /// Fees by name, in centavos.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
    #[serde(transparent)]
    pub struct Fees(pub BTreeMap<String, Money>);

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "sales_rate_tables")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = RateTable)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: RateTableId,
        /// "Banco Itaú", "Santander Financiamentos".
        pub bank: String,
        /// The product: "CDC Seminovos", "Zero km 2027".
        pub name: String,
        #[serde(skip)]
        pub name_key: String,
        pub system: System,
        #[schema(value_type = Vec<RateRow>)]
        pub rates: RateRows,
        #[schema(value_type = BTreeMap<String, i64>)]
        pub fees_cents: Fees,
        /// The fees are added to the amount financed instead of paid at signing.
        pub finance_fees: bool,
        pub active: bool,
        #[sea_orm(column_name = "row_version")]
        pub version: i64,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub updated_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::{Column as C, Entity};
pub use entity::{Fees, Model as RateTable, RateRow, RateRows, RateTableId};

/// A rate table as a manager writes it (create, or replace with `PUT`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RateTableInput {
    #[schema(min_length = 1, max_length = 80)]
    pub bank: String,
    #[schema(min_length = 1, max_length = 80)]
    pub name: String,
    #[serde(default = "price")]
    pub system: System,
    /// 1 to 50 rates; no two with the same term and down payment.
    #[schema(min_items = 1, max_items = 50)]
    pub rates: Vec<RateRowInput>,
    #[serde(default)]
    pub fees_cents: BTreeMap<String, i64>,
    #[serde(default)]
    pub finance_fees: bool,
    #[serde(default = "yes")]
    pub active: bool,
}

fn price() -> System {
    System::Price
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RateRowInput {
    #[schema(minimum = 1, maximum = 120)]
    pub max_installments: i64,
    /// A fraction as text, from "0" to "0.9".
    #[schema(example = "0.3")]
    pub min_down_payment: String,
    /// A fraction per month as text, from "0" to "0.10".
    #[schema(example = "0.0169")]
    pub monthly_rate: String,
}

const MAX_ROWS: usize = 50;

fn duplicate() -> AppError {
    AppError::conflict("financing.duplicate_rate_table", "this bank already has a rate table with this name")
}

fn not_found() -> AppError {
    AppError::not_found("financing.rate_table_not_found", "no rate table with this id")
}

fn fraction(e: &mut Vec<FieldError>, pointer: String, raw: &str, max: Decimal, code: &'static str) -> Decimal {
    match financing::parse_fraction(raw, max) {
        Ok(x) => x,
        Err(FractionError::OutOfRange) => {
            e.push(FieldError::new(pointer, code, "outside the range this field allows"));
            Decimal::ZERO
        }
        Err(FractionError::NotANumber) => {
            e.push(FieldError::new(
                pointer,
                "financing.invalid_rate",
                "a decimal fraction as text, such as \"0.0199\"",
            ));
            Decimal::ZERO
        }
    }
}

/// A rate table's checked contents: what a create writes and a replace overwrites.
struct Contents {
    bank: String,
    name: String,
    system: System,
    rates: RateRows,
    fees: Fees,
    finance_fees: bool,
    active: bool,
}

impl Contents {
    fn into_table(
        self,
        id: RateTableId,
        version: i64,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    ) -> RateTable {
        RateTable {
            id,
            name_key: name_key(&self.bank, &self.name),
            bank: self.bank,
            name: self.name,
            system: self.system,
            rates: self.rates,
            fees_cents: self.fees,
            finance_fees: self.finance_fees,
            active: self.active,
            version,
            created_at,
            updated_at,
        }
    }
}

/// The checked contents of `input`, or the problems with pointers.
fn check(input: RateTableInput) -> Result<Contents, AppError> {
    let mut e = Vec::new();
    let bank = innexar_kernel::validate::text(&mut e, "/bank", Some(input.bank.clone()), 80, true).unwrap_or_default();
    let name = innexar_kernel::validate::text(&mut e, "/name", Some(input.name.clone()), 80, true).unwrap_or_default();
    if input.rates.is_empty() || input.rates.len() > MAX_ROWS {
        e.push(FieldError::new("/rates", "financing.invalid_rates", "1 to 50 rates"));
    }
    let mut rows: Vec<RateRow> = Vec::new();
    for (i, r) in input.rates.iter().enumerate() {
        let at = |f: &str| format!("/rates/{i}/{f}");
        if !(1..=financing::MAX_INSTALLMENTS).contains(&r.max_installments) {
            e.push(FieldError::new(at("maxInstallments"), "financing.invalid_installments", "from 1 to 120"));
        }
        let down = fraction(
            &mut e,
            at("minDownPayment"),
            &r.min_down_payment,
            Decimal::new(9, 1),
            "financing.invalid_down_payment",
        );
        let rate = fraction(
            &mut e,
            at("monthlyRate"),
            &r.monthly_rate,
            financing::MAX_MONTHLY_RATE,
            "financing.rate_out_of_range",
        );
        let row = RateRow {
            max_installments: r.max_installments.clamp(0, 120) as u32,
            min_down_payment: down,
            monthly_rate: rate,
        };
        if rows.iter().any(|o| o.max_installments == row.max_installments && o.min_down_payment == row.min_down_payment)
        {
            e.push(FieldError::new(
                format!("/rates/{i}"),
                "financing.duplicate_rate",
                "another rate has this term and down payment",
            ));
        }
        rows.push(row);
    }
    let mut problems = Vec::new();
    let fees: Vec<(String, i64)> = input.fees_cents.iter().map(|(k, v)| (k.clone(), *v)).collect();
    let fees: BTreeMap<String, Money> = financing::check_fees(&fees, &mut problems).into_iter().collect();
    e.extend(problems.into_iter().map(|(p, code, msg)| FieldError::new(p, code, msg)));
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    rows.sort_by(|a, b| a.max_installments.cmp(&b.max_installments).then(a.min_down_payment.cmp(&b.min_down_payment)));
    Ok(Contents {
        bank,
        name,
        system: input.system,
        rates: RateRows(rows),
        fees: Fees(fees),
        finance_fees: input.finance_fees,
        active: input.active,
    })
}

/// `bank/name` keyed for the unique index: case, accents, spacing and punctuation do not make
/// another table ("Tabela  Junho" is "tabela junho").
fn name_key(bank: &str, name: &str) -> String {
    format!("{}/{}", text::name_key(bank), text::name_key(name))
}

async fn insert_or_conflict(tx: &Tx, t: &RateTable) -> Result<(), AppError> {
    let res = Entity::insert(entity::ActiveModel::from(t.clone()).reset_all()).exec_without_returning(tx).await;
    match res {
        Ok(_) => Ok(()),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Err(duplicate()),
        Err(err) => Err(err.into()),
    }
}

pub async fn create(tx: &Tx, input: RateTableInput) -> Result<RateTable, AppError> {
    let now = tx.now();
    let t = check(input)?.into_table(RateTableId::new(), 1, now, now);
    // A savepoint: on PostgreSQL a failed insert would abort the whole transaction.
    let sp = tx.savepoint().await?;
    insert_or_conflict(&sp, &t).await?;
    sp.commit().await?;
    audit::record(
        tx,
        audit::Change {
            action: "financing.rate_table_created",
            entity_type: "rate_table",
            entity_id: Some(t.id.uuid()),
            before: None,
            after: Some(&serde_json::to_value(&t).unwrap_or_default()),
        },
    )
    .await?;
    Ok(t)
}

/// Replaces a table's contents (`If-Match`: the version last read).
pub async fn replace(
    tx: &Tx,
    id: RateTableId,
    expected: IfMatch,
    input: RateTableInput,
) -> Result<RateTable, AppError> {
    let before = Entity::find_by_id(id).one(tx).await?.ok_or_else(not_found)?;
    if !expected.allows(before.version) {
        return Err(AppError::precondition_failed("the rate table changed since you read it"));
    }
    let after = check(input)?.into_table(id, before.version + 1, before.created_at, tx.now());
    let sp = tx.savepoint().await?;
    let res = Entity::update_many()
        .set(entity::ActiveModel::from(after.clone()).reset_all())
        .filter(C::Id.eq(id))
        .filter(C::Version.eq(before.version))
        .exec(&sp)
        .await;
    match res {
        Ok(r) if r.rows_affected == 1 => sp.commit().await?,
        Ok(_) => return Err(AppError::precondition_failed("the rate table changed since you read it")),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => return Err(duplicate()),
        Err(err) => return Err(err.into()),
    }
    audit::record(
        tx,
        audit::Change {
            action: "financing.rate_table_updated",
            entity_type: "rate_table",
            entity_id: Some(id.uuid()),
            before: Some(&serde_json::to_value(&before).unwrap_or_default()),
            after: Some(&serde_json::to_value(&after).unwrap_or_default()),
        },
    )
    .await?;
    Ok(after)
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<RateTable>, AppError> {
    Ok(Entity::find().order_by_asc(C::NameKey).all(db).await?)
}

pub async fn get(db: &impl ConnectionTrait, id: RateTableId) -> Result<RateTable, AppError> {
    Entity::find_by_id(id).one(db).await?.ok_or_else(not_found)
}

/// The rate of `table` for `installments` with `down` of the price paid down: among its rates
/// whose term covers the installments and whose minimum down payment is met, the one for the
/// shortest such term, then for the largest such down payment (the most specific).
pub fn rate_for(table: &RateTable, installments: u32, down: Decimal) -> Option<Decimal> {
    table
        .rates
        .0
        .iter()
        .filter(|r| r.max_installments >= installments && r.min_down_payment <= down)
        .min_by(|a, b| a.max_installments.cmp(&b.max_installments).then(b.min_down_payment.cmp(&a.min_down_payment)))
        .map(|r| r.monthly_rate)
}

/// One deal offered by every active table.
pub struct Offer {
    pub table: RateTable,
    pub terms: Terms,
    pub simulation: Simulation,
}

/// A table that has no rate for the deal.
pub struct Unavailable {
    pub table: RateTable,
}

/// The deal a comparison prices: the amount financed is `price - down`.
pub struct Deal {
    pub price: Money,
    pub down: Money,
    pub installments: u32,
    pub contract_date: NaiveDate,
    pub first_due_date: NaiveDate,
    pub iof: bool,
    pub finance_iof: bool,
}

impl Deal {
    /// The share of the price paid down.
    pub fn down_share(&self) -> Decimal {
        if self.price.0 > 0 { Decimal::from(self.down.0) / Decimal::from(self.price.0) } else { Decimal::ZERO }
    }
}

/// Every active table's offer for `deal`, cheapest CET first (then the lowest total paid), and
/// the tables without a rate for it.
pub fn compare(tables: Vec<RateTable>, deal: &Deal, iof: &IofRates) -> (Vec<Offer>, Vec<Unavailable>) {
    let down = deal.down_share();
    let (mut offers, mut unavailable) = (Vec::new(), Vec::new());
    for table in tables.into_iter().filter(|t| t.active) {
        let Some(rate) = rate_for(&table, deal.installments, down) else {
            unavailable.push(Unavailable { table });
            continue;
        };
        let terms = Terms {
            system: table.system,
            financed: Money(deal.price.0 - deal.down.0),
            monthly_rate: rate,
            installments: deal.installments,
            contract_date: deal.contract_date,
            first_due_date: deal.first_due_date,
            iof: deal.iof,
            finance_iof: deal.iof && deal.finance_iof,
            fees: table.fees_cents.0.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            finance_fees: table.finance_fees,
        };
        // Fees paid at signing that swallow the loan make no offer.
        if !terms.finance_fees && terms.fees.iter().map(|(_, m)| m.0).sum::<i64>() >= terms.financed.0 {
            unavailable.push(Unavailable { table });
            continue;
        }
        let simulation = financing::simulate(&terms, iof);
        offers.push(Offer { table, terms, simulation });
    }
    offers.sort_by(|a, b| {
        a.simulation
            .cet_monthly
            .cmp(&b.simulation.cet_monthly)
            .then(a.simulation.total_paid.cmp(&b.simulation.total_paid))
    });
    (offers, unavailable)
}
