//! The deal's documents as PDF (pt-BR): the quote, the sales order (pedido de venda) and the deal
//! jacket (the order, the accepted quote and the acceptance record in one file), laid out by
//! Typst from one template (`templates/deal.typ`, ADR 0027). The server builds the document's
//! data here — names, formatted dates, the financing schedule recomputed from the version's
//! terms — and the template only lays it out.

use std::sync::OnceLock;

use chrono::NaiveDate;
use innexar_kernel::{Actor, AppError};
use serde::Serialize;
use typst_as_lib::TypstEngine;

use crate::acceptance::{Acceptance, Channel, Decision};
use crate::financing;
use crate::quotes::content::{PaymentMethod, QuoteContent, reais};
use crate::quotes::{Quote, QuoteVersion};
use crate::sale::Sale;

static TEMPLATE: &str = include_str!("../templates/deal.typ");

/// The engine, with the template and the fonts Typst ships (Libertinus Serif, New Computer
/// Modern), built once.
fn engine() -> &'static TypstEngine<typst_as_lib::TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<typst_as_lib::TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| TypstEngine::builder().main_file(TEMPLATE).fonts(typst_assets::fonts()).build())
}

#[derive(Debug, Serialize)]
struct Data {
    title: String,
    footer: String,
    store: StoreData,
    documents: Vec<Doc>,
}

#[derive(Debug, Serialize)]
struct StoreData {
    name: String,
    initials: String,
    legal_line: String,
    address: String,
    /// How the logo (passed beside the data as `sys.inputs.logo`) is sized: `height` for most,
    /// `width` for a banner wider than the header's room.
    logo_fit: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct Doc {
    kind: &'static str,
    heading: String,
    number: String,
    subheading: String,
    valid_until: String,
    quote: Option<QuoteData>,
    rows: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
struct QuoteData {
    customer: CustomerData,
    vehicle: VehicleData,
    price_lines: Vec<Line>,
    total_cents: i64,
    trade_in: Option<TradeInData>,
    payments: Vec<Line>,
    financings: Vec<FinancingData>,
    notes: Option<String>,
}

#[derive(Debug, Serialize)]
struct CustomerData {
    name: String,
    document: String,
    contacts: Vec<String>,
}

#[derive(Debug, Serialize)]
struct VehicleData {
    title: String,
    details: String,
    identifiers: String,
}

#[derive(Debug, Serialize)]
struct Line {
    label: String,
    cents: i64,
}

#[derive(Debug, Serialize)]
struct TradeInData {
    title: String,
    allowance_cents: i64,
    payoff_cents: i64,
    payoff_bank: String,
}

#[derive(Debug, Serialize)]
struct FinancingData {
    bank: String,
    table_name: String,
    system: &'static str,
    financed_cents: i64,
    /// "48 × R$ 2.345,67"; with SAC the first and the last.
    installments_label: String,
    monthly_rate: String,
    iof_cents: i64,
    fees_cents: i64,
    cet_monthly: String,
    cet_yearly: String,
    total_paid_cents: i64,
    schedule: Vec<InstallmentData>,
}

#[derive(Debug, Serialize)]
struct InstallmentData {
    number: u32,
    due: String,
    payment_cents: i64,
    interest_cents: i64,
    amortization_cents: i64,
    balance_cents: i64,
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// What the documents say about the tenant's store, the customer and the quote.
pub struct Parties {
    pub store: innexar_org::Store,
    pub customer: innexar_crm::model::Customer,
    /// The store's logo as stored (PNG), once [`Parties::with_logo`] read it.
    pub logo: Option<Vec<u8>>,
}

pub(crate) async fn parties(db: &impl sea_orm::ConnectionTrait, q: &Quote) -> Result<Parties, AppError> {
    let store = innexar_org::queries::get_store(db, &Actor::system(), q.store_id).await?;
    let customer = innexar_crm::queries::customer_record(db, q.customer_id).await?;
    Ok(Parties { store, customer, logo: None })
}

/// The most a stored logo may weigh when read back (an 800 px PNG is far below it).
const LOGO_READ_LIMIT: usize = 8 * 1024 * 1024;

impl Parties {
    /// Reads the store's logo from storage; call it after the database connection is handed
    /// back. A logo that cannot be read is left out (the store's initials print instead) and
    /// logged: the customer's document matters more than its letterhead.
    pub async fn with_logo(mut self, files: &innexar_files::Storage, tenant: uuid::Uuid) -> Parties {
        if let Some(l) = &self.store.logo {
            let read = async { files.get(tenant, &l.key).await?.bytes(LOGO_READ_LIMIT).await }.await;
            match read {
                Ok(b) => self.logo = Some(b),
                Err(e) => tracing::warn!(error = %e, store = %self.store.id, "the store's logo could not be read"),
            }
        }
        self
    }
}

/// The header has about 5 × 1.4 cm for the logo.
fn logo_fit(p: &Parties) -> Option<&'static str> {
    let l = p.store.logo.as_ref().filter(|_| p.logo.is_some())?;
    Some(if f64::from(l.width) > f64::from(l.height) * 5.0 / 1.4 { "width" } else { "height" })
}

fn store_data(p: &Parties) -> StoreData {
    let s = &p.store;
    let initials: String = s.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    let legal_line = match &s.cnpj {
        Some(c) => format!("CNPJ {}", innexar_kernel::validate::format_cnpj(c)),
        None => String::new(),
    };
    StoreData {
        name: s.name.clone(),
        initials: initials.to_uppercase(),
        legal_line,
        address: address_line(&s.address),
        logo_fit: logo_fit(p),
    }
}

/// `Av. Paulista, 1000 - Bela Vista, São Paulo/SP, CEP 01310-100`.
fn address_line(a: &innexar_org::Address) -> String {
    let street = [a.street.clone(), a.number.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ");
    let city = match (&a.city, &a.state) {
        (Some(c), Some(s)) => Some(format!("{c}/{}", s.to_uppercase())),
        (Some(c), None) => Some(c.clone()),
        _ => None,
    };
    let cep = a.postal_code.as_ref().filter(|c| c.len() == 8).map(|c| format!("CEP {}-{}", &c[..5], &c[5..]));
    [Some(street).filter(|s| !s.is_empty()), a.district.clone(), city, cep]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

fn customer_data(c: &innexar_crm::model::Customer) -> CustomerData {
    let document = match (&c.cpf, &c.cnpj) {
        (Some(cpf), _) => format!("CPF {}", innexar_kernel::br::format_cpf(cpf)),
        (_, Some(cnpj)) => format!("CNPJ {}", innexar_kernel::validate::format_cnpj(cnpj)),
        _ => String::new(),
    };
    let contacts = c
        .phones
        .0
        .iter()
        .map(|p| innexar_kernel::br::format_phone(&p.number))
        .take(2)
        .chain(c.emails.0.iter().map(|e| e.address.clone()).take(1))
        .collect();
    CustomerData { name: c.name.clone(), document, contacts }
}

fn quote_data(p: &Parties, c: &QuoteContent) -> QuoteData {
    let v = &c.vehicle;
    let mut price_lines = vec![Line {
        label: format!("{} {} {}", v.make, v.model, v.trim.clone().unwrap_or_default()).trim().to_string(),
        cents: c.totals.price_cents.0,
    }];
    if c.totals.discount_cents.0 > 0 {
        price_lines.push(Line { label: "Desconto".into(), cents: -c.totals.discount_cents.0 });
    }
    for i in &c.items {
        price_lines.push(Line { label: i.description.clone(), cents: i.price_cents.0 });
    }
    for f in &c.fi_products {
        let by = f.provider.as_ref().map(|p| format!(" ({p})")).unwrap_or_default();
        price_lines.push(Line { label: format!("{}{by}", f.description), cents: f.price_cents.0 });
    }
    let payments = c
        .payments
        .iter()
        .map(|p| Line {
            label: match p.method {
                PaymentMethod::DownPayment => "Entrada".to_string(),
                PaymentMethod::TradeIn => "Veículo na troca (valor menos quitação)".to_string(),
                PaymentMethod::Financing => match &p.financing {
                    Some(f) => format!("Financiamento {} — {}×", f.bank, f.installments),
                    None => "Financiamento".to_string(),
                },
                PaymentMethod::Consortium => "Carta de consórcio".to_string(),
                PaymentMethod::Other => p.description.clone().unwrap_or_else(|| "Outros".to_string()),
            } + &p
                .description
                .as_ref()
                .filter(|_| p.method == PaymentMethod::DownPayment)
                .map(|d| format!(" ({d})"))
                .unwrap_or_default(),
            cents: p.amount_cents.0,
        })
        .collect();
    let financings = c
        .payments
        .iter()
        .filter_map(|p| p.financing.as_ref())
        .map(|f| {
            let s = financing::simulate(&f.terms(), &f.iof_rates());
            FinancingData {
                bank: f.bank.clone(),
                table_name: f.table_name.clone(),
                system: match f.system {
                    financing::System::Price => "Tabela Price",
                    financing::System::Sac => "SAC",
                },
                financed_cents: f.financed_cents.0,
                installments_label: match (f.system, s.schedule.first(), s.schedule.last()) {
                    (financing::System::Sac, Some(a), Some(b)) => {
                        format!("{}, de {} a {}", f.installments, reais(a.payment.0), reais(b.payment.0))
                    }
                    _ => format!("{} × {}", f.installments, reais(f.installment_cents.0)),
                },
                monthly_rate: f.monthly_rate.normalize().to_string(),
                iof_cents: f.iof_cents.0,
                fees_cents: f.fees_cents.0,
                cet_monthly: f.cet_monthly.to_string(),
                cet_yearly: f.cet_yearly.to_string(),
                total_paid_cents: f.total_paid_cents.0,
                schedule: s
                    .schedule
                    .iter()
                    .map(|i| InstallmentData {
                        number: i.number,
                        due: date(i.due_date),
                        payment_cents: i.payment.0,
                        interest_cents: i.interest.0,
                        amortization_cents: i.amortization.0,
                        balance_cents: i.balance.0,
                    })
                    .collect(),
            }
        })
        .collect();
    QuoteData {
        customer: customer_data(&p.customer),
        vehicle: VehicleData {
            title: format!("{} {} {}", v.make, v.model, v.trim.clone().unwrap_or_default()).trim().to_string(),
            details: format!(
                "{}/{}{} · {} km · {}",
                v.year,
                v.model_year,
                v.color.as_ref().map(|c| format!(" · {c}")).unwrap_or_default(),
                group_thousands(v.mileage_km),
                if v.condition == innexar_vehicles::model::Condition::New { "novo" } else { "seminovo" }
            ),
            identifiers: [
                Some(format!("Estoque {}", v.stock_number)),
                v.placa.as_ref().map(|p| format!("Placa {p}")),
                v.vin.as_ref().map(|x| format!("Chassi {x}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
        },
        price_lines,
        total_cents: c.totals.total_cents.0,
        trade_in: c.trade_in.as_ref().map(|t| TradeInData {
            title: format!("{} {} {}", t.vehicle.make, t.vehicle.model, t.vehicle.year),
            allowance_cents: t.allowance_cents.0,
            payoff_cents: t.payoff_cents.0,
            payoff_bank: t.payoff_bank.clone().unwrap_or_default(),
        }),
        payments,
        financings,
        notes: c.notes.clone(),
    }
}

fn group_thousands(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

fn quote_doc(q: &Quote, version: i32, p: &Parties, c: &QuoteContent) -> Doc {
    Doc {
        kind: "quote",
        heading: "Proposta".into(),
        number: q.number.clone(),
        subheading: format!("versão {version} · {}", date(q.created_at.date_naive())),
        valid_until: date(c.valid_until),
        quote: Some(quote_data(p, &c.clone().without_costs())),
        rows: Vec::new(),
    }
}

fn render(data: &Data, logo: Option<&[u8]>) -> Result<Vec<u8>, AppError> {
    let json = serde_json::to_string(data).map_err(AppError::internal)?;
    let mut inputs = typst::foundations::Dict::new();
    inputs.insert("data".into(), typst::foundations::Value::Str(json.into()));
    if let Some(logo) = logo {
        inputs.insert("logo".into(), typst::foundations::Value::Bytes(typst::foundations::Bytes::new(logo.to_vec())));
    }
    let doc = engine()
        .compile_with_input(inputs)
        .output
        .map_err(|e| AppError::internal(std::io::Error::other(format!("typst: {e:?}"))))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default())
        .map_err(|e| AppError::internal(std::io::Error::other(format!("pdf: {e:?}"))))
}

/// The quote's version `v` as the customer reads it.
pub fn quote_pdf(q: &Quote, v: &QuoteVersion, p: &Parties) -> Result<Vec<u8>, AppError> {
    let data = Data {
        title: format!("Proposta {} (versão {})", q.number, v.version),
        footer: format!("{} · proposta {} versão {}", p.store.name, q.number, v.version),
        store: store_data(p),
        documents: vec![quote_doc(q, v.version, p, &v.content)],
    };
    render(&data, p.logo.as_deref())
}

fn order_doc(s: &Sale, p: &Parties, c: &QuoteContent) -> Doc {
    Doc {
        kind: "order",
        heading: "Pedido de venda".into(),
        number: s.number.clone(),
        subheading: format!("{} · proposta versão {}", date(s.sold_at.date_naive()), s.quote_version),
        valid_until: String::new(),
        quote: Some(quote_data(p, &c.clone().without_costs())),
        rows: Vec::new(),
    }
}

/// The sales order.
pub fn order_pdf(s: &Sale, p: &Parties, c: &QuoteContent) -> Result<Vec<u8>, AppError> {
    let data = Data {
        title: format!("Pedido de venda {}", s.number),
        footer: format!("{} · pedido {}", p.store.name, s.number),
        store: store_data(p),
        documents: vec![order_doc(s, p, c)],
    };
    render(&data, p.logo.as_deref())
}

/// The deal jacket: the order, the accepted quote and the record of its acceptance.
pub fn jacket_pdf(
    s: &Sale,
    q: &Quote,
    v: &QuoteVersion,
    a: Option<&Acceptance>,
    p: &Parties,
) -> Result<Vec<u8>, AppError> {
    let mut documents = vec![order_doc(s, p, &v.content), quote_doc(q, v.version, p, &v.content)];
    if let Some(a) = a {
        let rows = vec![
            (
                "Decisão".to_string(),
                match a.decision {
                    Decision::Accepted => "aceita".to_string(),
                    Decision::Declined => "recusada".to_string(),
                },
            ),
            (
                "Canal".to_string(),
                match a.channel {
                    Channel::Link => "link enviado ao cliente, confirmado por código".to_string(),
                    Channel::InPerson => "na loja, assinada pelo cliente".to_string(),
                },
            ),
            ("Data e hora (UTC)".to_string(), a.decided_at.format("%d/%m/%Y %H:%M:%S").to_string()),
            ("Versão da proposta".to_string(), a.quote_version.to_string()),
            ("SHA-256 do documento".to_string(), a.document_sha256.clone()),
            ("Endereço IP".to_string(), a.ip.clone().unwrap_or_else(|| "—".into())),
            ("Navegador".to_string(), a.user_agent.clone().unwrap_or_else(|| "—".into())),
            ("Código enviado para".to_string(), a.confirmed_to.clone().unwrap_or_else(|| "—".into())),
        ];
        documents.push(Doc {
            kind: "acceptance",
            heading: "Aceite".into(),
            number: q.number.clone(),
            subheading: format!("pedido {}", s.number),
            valid_until: String::new(),
            quote: None,
            rows,
        });
    }
    let data = Data {
        title: format!("Pasta do negócio {}", s.number),
        footer: format!("{} · pasta do negócio {}", p.store.name, s.number),
        store: store_data(p),
        documents,
    };
    render(&data, p.logo.as_deref())
}

/// The PDF of version `version` of quote `id` as its customer was sent it, and its file name:
/// what goes attached to the e-mail that sends the quote (`innexar_notify`).
pub async fn quote_version_file(
    db: &innexar_db::TenantDb,
    files: &innexar_files::Storage,
    id: crate::quotes::QuoteId,
    version: i32,
) -> Result<(String, Vec<u8>), AppError> {
    let q = crate::quotes::entity_by_id(db.conn(), id).await?;
    let v = crate::quotes::version_of(db.conn(), &q, version).await?;
    let p = parties(db.conn(), &q).await?.with_logo(files, db.tenant_id()).await;
    let name = format!("proposta-{}-v{}.pdf", q.number, v.version);
    let bytes = tokio::task::spawn_blocking(move || quote_pdf(&q, &v, &p)).await.map_err(AppError::internal)??;
    Ok((name, bytes))
}
