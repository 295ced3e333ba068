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

/// Who sells in the demo: a user's id, e-mail and role.
pub struct Seller {
    pub id: uuid::Uuid,
    pub email: String,
    pub role: innexar_kernel::Role,
}

/// The demo's deal desk over the last four months, made through the same commands a desk uses
/// (at the times they would have happened): commission plans; about thirty sales with F&I, some
/// with a trade-in or financing, one cancelled; and quotes in every status today, with a
/// discount waiting for the manager and two cars held for customers. Each seller works the
/// customers of their own leads.
pub async fn deals(
    db: &sea_orm::DatabaseConnection,
    tenant_id: uuid::Uuid,
    sellers: &[Seller],
    now: chrono::DateTime<chrono::Utc>,
    origin: &str,
) -> Result<(), AppError> {
    use chrono::Duration;
    use innexar_kernel::page::PageParams;
    use innexar_kernel::{Actor, Role};
    use innexar_vehicles::queries::{VehicleQuery, list_vehicles};

    use crate::acceptance::{self, Decision, InPersonAnswer, Origin};
    use crate::commissions::{self, Basis, PlanInput, TierInput};
    use crate::quotes::content::{
        FiInput, FiKind, ItemInput, ItemKind, PaymentInput, PaymentMethod, QuoteInput, TradeInInput,
    };
    use crate::quotes::{self};

    let system = Tx::on_connection(db, tenant_id, Actor::system(), now - Duration::days(130)).await?;
    commissions::create_plan(
        &system,
        PlanInput {
            name: "Vendedores — seminovos e 0 km".into(),
            store_id: None,
            role: Role::Sales,
            basis: Basis::Price,
            rate: "0.008".into(),
            tiers: vec![
                TierInput { min_sales: 6, rate: "0.01".into() },
                TierInput { min_sales: 10, rate: "0.012".into() },
            ],
            bonus_per_vehicle_cents: 15_000,
            fi_share: "0.1".into(),
            active: true,
        },
    )
    .await?;
    commissions::create_plan(
        &system,
        PlanInput {
            name: "Gerência — margem".into(),
            store_id: None,
            role: Role::StoreManager,
            basis: Basis::GrossMargin,
            rate: "0.05".into(),
            tiers: Vec::new(),
            bonus_per_vehicle_cents: 0,
            fi_share: "0".into(),
            active: true,
        },
    )
    .await?;
    system.commit().await?;

    let tables = crate::rates::list(db).await?;
    let mut n = 0usize;
    for seller in sellers {
        let actor = Actor::user(seller.id, seller.email.clone(), vec![seller.role], None);
        // The customers of the seller's leads: the ones they may see and sell to.
        let leads = innexar_crm::queries::list_leads(
            db,
            &actor,
            innexar_crm::queries::LeadQuery { owner_id: Some(seller.id), ..Default::default() },
            PageParams { page: Some(1), page_size: Some(100), sort: None },
            now,
        )
        .await?;
        let mut customers: Vec<_> = leads.items.iter().map(|l| (l.customer_id, l.id)).collect();
        customers.dedup_by_key(|c| c.0);
        let cars = list_vehicles(
            db,
            &Actor::system(),
            VehicleQuery { status: Some("available".into()), ..Default::default() },
            &PageParams { page: Some(1), page_size: Some(40), sort: Some("-daysInStock".into()) },
            now,
        )
        .await?;
        let cars: Vec<_> =
            cars.items.into_iter().map(|l| l.vehicle).filter(|v| v.price.is_some()).skip(n * 2).collect();
        // Sales every few days over four months, then today's open quotes.
        let plan: Vec<(i64, &str)> = (0..14)
            .map(|i| (120 - i * 8, "sold"))
            .chain([
                (0, "draft"),
                (1, "draft"),
                (2, "sent"),
                (3, "sent"),
                (5, "rejected"),
                (20, "expired"),
                (1, "accepted"),
                // 5 % off waits for the manager (the inbox and the bell show it).
                (0, "approval"),
            ])
            .collect();
        for (i, ((days_ago, outcome), (customer, lead))) in plan.iter().zip(customers.iter().cycle()).enumerate() {
            let Some(car) = cars.get(i) else { break };
            let at = now - Duration::days(*days_ago) - Duration::hours(3 + (i as i64 % 5));
            let tx = Tx::on_connection(db, tenant_id, actor.clone(), at).await?.with_origin(origin);
            let price = car.price.map_or(0, |p| p.0);
            let today = quotes::store_today(&tx, car.store_id, at).await?;
            let discount = if *outcome == "approval" {
                price / 20 / 10_000 * 10_000
            } else {
                [0, 100_000, 150_000, 250_000][i % 4].min(price / 40)
            };
            let fi = if i % 3 != 2 {
                vec![FiInput {
                    kind: if i % 2 == 0 { FiKind::ExtendedWarranty } else { FiKind::Protection },
                    provider: Some(if i % 2 == 0 { "Garantia Total" } else { "Protege Auto" }.into()),
                    description: if i % 2 == 0 {
                        "Garantia estendida 24 meses"
                    } else {
                        "Proteção de vidros e pneus"
                    }
                    .into(),
                    price_cents: if i % 2 == 0 { 289_000 } else { 129_000 },
                    dealer_return_cents: if i % 2 == 0 { 115_600 } else { 45_150 },
                }]
            } else {
                Vec::new()
            };
            let items = if i % 4 == 1 {
                vec![ItemInput {
                    kind: ItemKind::Accessory,
                    description: "Película, tapetes e engate".into(),
                    price_cents: 189_000,
                    cost_cents: Some(82_000),
                }]
            } else {
                Vec::new()
            };
            let total = price - discount
                + fi.iter().map(|f| f.price_cents).sum::<i64>()
                + items.iter().map(|x| x.price_cents).sum::<i64>();
            // Every fifth deal takes the customer's car in part payment, appraised that day (not in a
            // seed of a handful of cars, whose stock stays what was asked for).
            let trade_in = if i % 5 == 2 && cars.len() >= 20 {
                let value = (price / 3) / 10_000 * 10_000;
                let placa = format!(
                    "TR{}{}{}{:02}",
                    char::from(b'A' + (n as u8 % 26)),
                    i % 10,
                    char::from(b'A' + (i as u8 % 10)),
                    (i * 7 + n * 13) % 100
                );
                let appraisal = crate::appraisals::create(
                    &tx,
                    today,
                    crate::appraisals::NewAppraisal {
                        customer_id: *customer,
                        vehicle: innexar_vehicles::commands::CustomerVehicle {
                            store_id: Some(car.store_id),
                            vin: None,
                            placa: Some(placa),
                            make: if i % 2 == 0 { "Fiat" } else { "Chevrolet" }.into(),
                            model: if i % 2 == 0 { "Argo Drive 1.0" } else { "Onix LT 1.0" }.into(),
                            trim: None,
                            year: 2019 + (i as i32 % 3),
                            model_year: None,
                            color: Some("Prata".into()),
                            mileage_km: 48_000 + i as i64 * 1_500,
                            fuel: None,
                            transmission: None,
                            renavam: None,
                        },
                        mileage_km: 48_000 + i as i64 * 1_500,
                        checklist: vec![
                            crate::appraisals::ChecklistItem {
                                item: "Pneus".into(),
                                condition: crate::appraisals::ItemCondition::Attention,
                                note: Some("Dianteiros na metade".into()),
                                repair_cents: Some(90_000),
                            },
                            crate::appraisals::ChecklistItem {
                                item: "Lataria e pintura".into(),
                                condition: crate::appraisals::ItemCondition::Good,
                                note: None,
                                repair_cents: None,
                            },
                        ],
                        appraised_value_cents: value,
                        payoff_cents: 0,
                        payoff_bank: None,
                        notes: None,
                        valid_until: None,
                    },
                )
                .await;
                match appraisal {
                    Ok((a, _)) => Some(TradeInInput { appraisal_id: a.id, allowance_cents: value + 50_000 }),
                    // A plate the demo's data already holds: this deal goes without a trade-in.
                    Err(e) if e.status.is_client_error() => None,
                    Err(e) => return Err(e),
                }
            } else {
                None
            };
            let net = total - trade_in.as_ref().map_or(0, |t| t.allowance_cents);
            // Every third deal, and every open one sent, finances 60 % with the banks in turn.
            let financed = if (i % 3 == 0 || *outcome == "sent") && !tables.is_empty() { net * 6 / 10 } else { 0 };
            let mut payments = Vec::new();
            if financed > 0 {
                payments.push(PaymentInput {
                    method: PaymentMethod::DownPayment,
                    amount_cents: net - financed,
                    description: None,
                    rate_table_id: None,
                    installments: None,
                    first_due_date: None,
                });
                payments.push(PaymentInput {
                    method: PaymentMethod::Financing,
                    amount_cents: financed,
                    description: None,
                    rate_table_id: Some(tables[(i / 3 + n) % tables.len()].id),
                    installments: Some(48),
                    first_due_date: None,
                });
            } else {
                payments.push(PaymentInput {
                    method: PaymentMethod::DownPayment,
                    amount_cents: net,
                    description: Some("PIX".into()),
                    rate_table_id: None,
                    installments: None,
                    first_due_date: None,
                });
            }
            let input = QuoteInput {
                customer_id: *customer,
                lead_id: Some(lead.uuid()),
                vehicle_id: car.id,
                discount_cents: discount,
                items,
                fi_products: fi,
                trade_in,
                payments,
                valid_until: today + Duration::days(if *outcome == "expired" { 3 } else { 7 }),
                notes: None,
            };
            let quote = match quotes::create(&tx, input).await {
                Ok((q, _)) => q,
                // A deal whose bank has no rate for its terms is left out of the demo.
                Err(e) if e.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY => {
                    tx.rollback().await?;
                    continue;
                }
                Err(e) => return Err(e),
            };
            if *outcome == "approval" {
                let why = "Cliente trouxe proposta da concorrência com desconto maior";
                let ask = crate::approvals::ApprovalRequest { comment: Some(why.into()) };
                match crate::approvals::request(&tx, quote.id, ask).await {
                    // A manager selling gives it alone: the quote stays a draft.
                    Err(e) if e.code == "sales.approval_not_needed" => {}
                    r => {
                        r?;
                    }
                }
            }
            if *outcome == "draft" || *outcome == "approval" {
                tx.commit().await?;
                continue;
            }
            let sent = quotes::send(&tx, quote.id, innexar_kernel::IfMatch::Any).await?;
            acceptance::issue_link(&tx, &sent, origin).await?;
            let answer = match *outcome {
                "sold" | "accepted" => Some((Decision::Accepted, None)),
                "rejected" => Some((Decision::Declined, Some("Achou a parcela alta".to_string()))),
                _ => None,
            };
            if let Some((decision, reason)) = answer {
                let origin = Origin { ip: Some("10.0.0.15".into()), user_agent: Some("Innexar desk".into()) };
                acceptance::answer_in_person(
                    &tx,
                    quote.id,
                    innexar_kernel::IfMatch::Any,
                    InPersonAnswer { decision, reason },
                    origin,
                )
                .await?;
            }
            if *outcome == "sold" {
                crate::sale::complete(&tx, quote.id).await?;
            }
            tx.commit().await?;
        }
        n += 1;
    }
    // Time passes: quotes past their validity expire, as the scheduled job does.
    for q in quotes::sent_until(db, now.date_naive()).await? {
        let tx = Tx::on_connection(db, tenant_id, Actor::system(), now).await?;
        quotes::expire(&tx, &q).await?;
        tx.commit().await?;
    }
    Ok(())
}
