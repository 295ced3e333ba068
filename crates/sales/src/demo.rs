//! Demo data: three banks' rate tables, as a dealer's F&I desk keeps them (rates of late 2026
//! for used cars: lower with more paid down and shorter terms).

use std::collections::BTreeMap;

use innexar_db::Tx;
use innexar_kernel::AppError;

use crate::financing::System;
use crate::rates::{self, RateRowInput, RateTableInput};

fn table(
    bank: &str,
    name: &str,
    system: System,
    fees: &[(&str, i64)],
    finance_fees: bool,
    grid: &[(i64, &str, &str)],
) -> RateTableInput {
    RateTableInput {
        bank: bank.into(),
        name: name.into(),
        system,
        rates: grid
            .iter()
            .map(|(n, down, rate)| RateRowInput {
                max_installments: *n,
                min_down_payment: (*down).into(),
                monthly_rate: (*rate).into(),
            })
            .collect(),
        fees_cents: fees.iter().map(|(k, v)| ((*k).to_string(), *v)).collect::<BTreeMap<_, _>>(),
        finance_fees,
        active: true,
    }
}

/// The demo tenant's rate tables.
pub async fn seed(tx: &Tx) -> Result<(), AppError> {
    let tables = [
        table(
            "Banco Itaú",
            "CDC Seminovos",
            System::Price,
            &[("registration", 69_900), ("contractRecord", 35_000)],
            true,
            &[
                (24, "0.2", "0.0159"),
                (24, "0.4", "0.0139"),
                (48, "0.2", "0.0179"),
                (48, "0.4", "0.0159"),
                (60, "0.3", "0.0189"),
                (60, "0.5", "0.0169"),
            ],
        ),
        table(
            "Santander Financiamentos",
            "Auto Usado",
            System::Price,
            &[("registration", 79_000), ("contractRecord", 32_500)],
            false,
            &[(36, "0.1", "0.0169"), (48, "0.2", "0.0175"), (60, "0.2", "0.0185"), (72, "0.3", "0.0195")],
        ),
        table(
            "Banco do Brasil",
            "BB Crédito Veículo",
            System::Sac,
            &[("registration", 55_000)],
            true,
            &[(36, "0", "0.0165"), (60, "0.2", "0.0172"), (72, "0.4", "0.0178")],
        ),
    ];
    for t in tables {
        rates::create(tx, t).await?;
    }
    Ok(())
}
