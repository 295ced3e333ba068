//! Demo customers and a live sales funnel, bulk-loaded into a tenant: the demo tenant's few
//! hundred customers and leads, and the benchmarks' 200,000 customers. Deterministic for a seed;
//! writes no events and no audit entries (a data load, not business activity).
//!
//! People (about 85 %) have valid CPFs, birth dates and some a CNH; companies have valid CNPJs
//! (some alphanumeric), an inscrição estadual or `ISENTO` and a contact person. Phones are real
//! DDDs in E.164, addresses real cities with their CEP ranges. Leads cover every stage with the
//! stage history, activities, first responses around the SLA and the score the store computes.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, Utc};
use innexar_kernel::page::PageParams;
use innexar_kernel::text::fold;
use innexar_kernel::{Actor, AppError, CustomerId, Money, StoreId};
use innexar_org::Store;
use innexar_vehicles::queries::{VehicleQuery, list_vehicles};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, TransactionTrait};
use uuid::Uuid;

use crate::model::lead::DEFAULT_FIRST_RESPONSE_MINUTES;
use crate::model::{
    Activity, ActivityId, ActivityKind, Addresses, ConsentChannel, ConsentPurpose, ContactChannel, ContactPerson,
    Contacts, Customer, CustomerAddress, CustomerKind, Direction, EmailAddress, Emails, LeadId, LeadStage, LegalBasis,
    ListKind, Phone, Phones, ScoreFactors, StageChange, Tags, WantedCondition,
};
use crate::model::{Lead, ListEntry};
use crate::scoring;
use crate::store::{self, Consent};

/// Customers written per transaction.
const BATCH: usize = 2_000;

/// Bulk-loads `customers` generated customers spread over `stores` (created over the last three
/// years), then `open_leads_per_store` open leads per store and half as many closed ones (won or
/// lost), worked by `owners` over the last 60 days, and a few open tasks per owner (due today
/// or overdue). Leads want stock vehicles of their store when it has some.
pub async fn seed(
    db: &DatabaseConnection,
    stores: &[Store],
    owners: &[Uuid],
    customers: usize,
    open_leads_per_store: usize,
    now: DateTime<Utc>,
    seed: u64,
) -> Result<(), AppError> {
    if stores.is_empty() {
        return Ok(());
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let mut taken = store::documents(db).await?;
    let mut made: Vec<Made> = Vec::with_capacity(customers);
    let mut done = 0;
    while done < customers {
        let n = BATCH.min(customers - done);
        let mut batch = Vec::with_capacity(n);
        let mut consents = Vec::new();
        for i in 0..n {
            // Registered over three years in insertion order, as a customer base grows (and
            // ids, made from the time, are appended to the indexes rather than scattered).
            let step = (3 * 365 * 24 * 60 / customers.max(1) as i64).max(1);
            let position = (customers - done - i) as i64;
            let created_at = now - Duration::minutes(60 + position * step - rng.random_range(0..step));
            let c = customer(&mut rng, stores, owners, &mut taken, created_at, now);
            if c.kind == CustomerKind::Person && rng.random_bool(0.5) {
                consents.extend(consent(&mut rng, &c, owners, now));
            }
            made.push(Made { id: c.id, store_id: c.store_id, created_at: c.created_at });
            batch.push(c);
        }
        let tx = db.begin().await?;
        store::insert_customers(&tx, &batch).await?;
        store::insert_consents(&tx, &consents).await?;
        tx.commit().await?;
        done += n;
    }
    if !made.is_empty() && open_leads_per_store > 0 {
        leads(db, &mut rng, stores, owners, &made, open_leads_per_store, now).await?;
    }
    let maintenance = match db.get_database_backend() {
        DatabaseBackend::Postgres => "VACUUM (ANALYZE) crm_customers, crm_customer_keys, crm_leads, crm_activities",
        _ => "ANALYZE",
    };
    db.execute_unprepared(maintenance).await?;
    Ok(())
}

/// What the leads need of a customer written.
struct Made {
    id: CustomerId,
    store_id: StoreId,
    created_at: DateTime<Utc>,
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// An item by weight (the second of each pair).
fn weighted<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut at = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if at < *w {
            return item;
        }
        at -= w;
    }
    &items[items.len() - 1].0
}

fn digits(rng: &mut StdRng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect()
}

/// A UUID v7 for a past instant, so ids sort by creation time.
fn uuid_at(at: DateTime<Utc>, rng: &mut StdRng) -> Uuid {
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis().max(0) as u64, &bytes).into_uuid()
}

/// A valid CPF: nine random digits (not all equal) and their two check digits.
pub fn cpf(rng: &mut StdRng) -> String {
    loop {
        let base: Vec<u32> = (0..9).map(|_| rng.random_range(0..10)).collect();
        if base.iter().all(|d| *d == base[0]) {
            continue;
        }
        let mut d = base;
        for len in [9, 10] {
            let sum: u32 = d.iter().enumerate().map(|(i, v)| v * (len as u32 + 1 - i as u32)).sum();
            let rest = (sum * 10) % 11;
            d.push(if rest == 10 { 0 } else { rest });
        }
        return d.iter().map(|v| char::from(b'0' + *v as u8)).collect();
    }
}

/// A valid CNPJ: a root of eight characters, branch `0001`, and the two check digits. With
/// `letters`, the root mixes uppercase letters and digits (the Receita's alphanumeric CNPJ).
pub fn cnpj(rng: &mut StdRng, letters: bool) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let root: String = (0..8)
        .map(|i| {
            if letters && (i < 2 || rng.random_bool(0.4)) {
                char::from(ALNUM[rng.random_range(0..26)])
            } else {
                char::from(b'0' + rng.random_range(0..10u8))
            }
        })
        .collect();
    let mut values: Vec<u32> = format!("{root}0001").chars().map(|c| c as u32 - 48).collect();
    for len in [12, 13] {
        let sum: u32 =
            values[..len].iter().enumerate().map(|(i, v)| v * [2, 3, 4, 5, 6, 7, 8, 9][(len - 1 - i) % 8]).sum();
        let rest = sum % 11;
        values.push(if rest < 2 { 0 } else { 11 - rest });
    }
    values.iter().map(|v| char::from_u32(v + 48).unwrap_or('0')).collect()
}

/// A city where customers live: name, UF, DDD, CEP range (first five digits) and districts.
type City = (&'static str, &'static str, u8, (u32, u32), &'static [&'static str]);

const CITIES: &[(City, u32)] = &[
    (
        (
            "São Paulo",
            "SP",
            11,
            (1000, 5999),
            &["Pinheiros", "Vila Mariana", "Mooca", "Tatuapé", "Santana", "Lapa", "Butantã", "Perdizes", "Itaquera"],
        ),
        30,
    ),
    (("Campinas", "SP", 19, (13000, 13139), &["Cambuí", "Taquaral", "Barão Geraldo", "Castelo", "Botafogo"]), 16),
    (("Guarulhos", "SP", 11, (7000, 7399), &["Centro", "Vila Galvão", "Macedo", "Bonsucesso"]), 5),
    (("Santo André", "SP", 11, (9000, 9299), &["Centro", "Vila Assunção", "Jardim"]), 4),
    (("Jundiaí", "SP", 11, (13200, 13219), &["Anhangabaú", "Vila Arens", "Eloy Chaves"]), 4),
    (("Sorocaba", "SP", 15, (18000, 18109), &["Campolim", "Centro", "Vila Hortência"]), 3),
    (("Ribeirão Preto", "SP", 16, (14000, 14114), &["Jardim Irajá", "Centro", "Ribeirânia"]), 3),
    (("São José dos Campos", "SP", 12, (12200, 12249), &["Jardim Aquarius", "Vila Adyana", "Centro"]), 3),
    (("Santos", "SP", 13, (11000, 11099), &["Gonzaga", "Boqueirão", "Ponta da Praia"]), 3),
    (
        ("Rio de Janeiro", "RJ", 21, (20000, 23799), &["Copacabana", "Tijuca", "Barra da Tijuca", "Botafogo", "Méier"]),
        6,
    ),
    (("Niterói", "RJ", 21, (24000, 24399), &["Icaraí", "Centro", "Ingá"]), 2),
    (("Belo Horizonte", "MG", 31, (30000, 31999), &["Savassi", "Pampulha", "Funcionários", "Buritis"]), 4),
    (("Uberlândia", "MG", 34, (38400, 38415), &["Santa Mônica", "Centro", "Tibery"]), 2),
    (("Curitiba", "PR", 41, (80000, 82999), &["Batel", "Água Verde", "Portão", "Boqueirão"]), 3),
    (("Londrina", "PR", 43, (86000, 86099), &["Gleba Palhano", "Centro"]), 1),
    (("Porto Alegre", "RS", 51, (90000, 91999), &["Moinhos de Vento", "Menino Deus", "Petrópolis"]), 3),
    (("Caxias do Sul", "RS", 54, (95000, 95129), &["Exposição", "Centro"]), 1),
    (("Florianópolis", "SC", 48, (88000, 88099), &["Trindade", "Centro", "Coqueiros"]), 2),
    (("Goiânia", "GO", 62, (74000, 74899), &["Setor Bueno", "Setor Marista", "Setor Oeste"]), 1),
    (("Brasília", "DF", 61, (70000, 72799), &["Asa Sul", "Asa Norte", "Águas Claras"]), 2),
    (("Salvador", "BA", 71, (40000, 42599), &["Pituba", "Barra", "Itapuã"]), 1),
    (("Recife", "PE", 81, (50000, 52999), &["Boa Viagem", "Casa Forte", "Espinheiro"]), 1),
];

const STREETS: &[&str] = &[
    "Rua das Flores",
    "Avenida Brasil",
    "Rua XV de Novembro",
    "Rua Sete de Setembro",
    "Avenida Getúlio Vargas",
    "Rua Tiradentes",
    "Rua Dom Pedro II",
    "Rua Santos Dumont",
    "Avenida Rio Branco",
    "Rua Marechal Deodoro",
    "Rua Barão do Rio Branco",
    "Rua São José",
    "Rua das Palmeiras",
    "Rua Bahia",
    "Rua Amazonas",
    "Avenida Independência",
    "Rua Voluntários da Pátria",
    "Rua João Pessoa",
    "Rua Rui Barbosa",
    "Rua Castro Alves",
    "Rua Duque de Caxias",
    "Rua Padre Anchieta",
    "Avenida Presidente Vargas",
    "Rua Conceição",
    "Alameda dos Ipês",
    "Travessa São Jorge",
];

const MEN: &[&str] = &[
    "José",
    "João",
    "Antônio",
    "Francisco",
    "Carlos",
    "Paulo",
    "Pedro",
    "Lucas",
    "Luiz",
    "Marcos",
    "Luís",
    "Gabriel",
    "Rafael",
    "Daniel",
    "Marcelo",
    "Bruno",
    "Eduardo",
    "Felipe",
    "Rodrigo",
    "Gustavo",
    "Fábio",
    "Sérgio",
    "Vinícius",
    "André",
    "Márcio",
    "Otávio",
    "Thiago",
    "Caio",
    "Matheus",
    "Leandro",
    "Júlio",
    "Renato",
    "Cláudio",
    "Henrique",
];
const WOMEN: &[&str] = &[
    "Maria",
    "Ana",
    "Francisca",
    "Antônia",
    "Adriana",
    "Juliana",
    "Márcia",
    "Fernanda",
    "Patrícia",
    "Aline",
    "Sandra",
    "Camila",
    "Amanda",
    "Bruna",
    "Jéssica",
    "Letícia",
    "Júlia",
    "Luciana",
    "Vanessa",
    "Mariana",
    "Flávia",
    "Cláudia",
    "Mônica",
    "Beatriz",
    "Larissa",
    "Débora",
    "Inês",
    "Lúcia",
    "Tânia",
    "Vitória",
    "Gabriela",
    "Priscila",
    "Simone",
];
const SURNAMES: &[&str] = &[
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Almeida",
    "Lopes",
    "Soares",
    "Fernandes",
    "Vieira",
    "Barbosa",
    "Rocha",
    "Dias",
    "Nascimento",
    "Andrade",
    "Moreira",
    "Nunes",
    "Marques",
    "Machado",
    "Mendes",
    "Freitas",
    "Cardoso",
    "Ramos",
    "Gonçalves",
    "Araújo",
    "Simões",
    "Magalhães",
    "Brandão",
    "Conceição",
    "Peçanha",
    "Assunção",
    "Falcão",
    "Guimarães",
    "Sá",
    "Antunes",
    "Teixeira",
    "Castro",
    "Pinheiro",
    "Azevedo",
    "Monteiro",
    "Correia",
];
const EMAIL_DOMAINS: &[(&str, u32)] = &[
    ("gmail.com", 55),
    ("hotmail.com", 15),
    ("outlook.com", 8),
    ("yahoo.com.br", 6),
    ("uol.com.br", 5),
    ("bol.com.br", 4),
    ("terra.com.br", 3),
    ("icloud.com", 4),
];

/// Company names: the business line as the legal name spells it, and a trade-name stem.
const BUSINESSES: &[(&str, &str)] = &[
    ("Transportes", "Transportes"),
    ("Logística", "Log"),
    ("Comércio de Alimentos", "Alimentos"),
    ("Materiais de Construção", "Materiais"),
    ("Construtora", "Construções"),
    ("Serviços Médicos", "Clínica"),
    ("Locadora de Veículos", "Rent a Car"),
    ("Agropecuária", "Agro"),
    ("Distribuidora de Bebidas", "Bebidas"),
    ("Engenharia", "Engenharia"),
    ("Tecnologia", "Tech"),
    ("Segurança Patrimonial", "Segurança"),
    ("Farmácia", "Farma"),
    ("Padaria e Confeitaria", "Pães"),
];
const BRAND_WORDS: &[&str] = &[
    "Horizonte",
    "Paulista",
    "Bandeirantes",
    "Ipiranga",
    "Aurora",
    "Planalto",
    "Primavera",
    "Atlântico",
    "Serra Azul",
    "Vale Verde",
    "Estrela",
    "Nova Era",
    "Progresso",
    "Pioneira",
    "Litoral",
    "Cerrado",
];
const CONTACT_ROLES: &[&str] =
    &["comprador", "gestor de frota", "sócio", "sócia-administradora", "diretor financeiro", "gerente administrativo"];
const PERSON_TAGS: &[(&str, f64)] = &[
    ("VIP", 0.05),
    ("indicação", 0.08),
    ("recompra", 0.06),
    ("pós-venda", 0.10),
    ("financiamento", 0.08),
    ("consórcio", 0.03),
];
const COMPANY_TAGS: &[(&str, f64)] = &[("frota", 0.6), ("faturamento direto", 0.3), ("VIP", 0.1), ("locadora", 0.05)];
const NOTES: &[&str] = &[
    "Prefere contato depois das 18h.",
    "Cliente desde a primeira loja; sempre troca de carro a cada três anos.",
    "Pediu avisar quando chegar SUV seminovo até R$ 120 mil.",
    "Não gosta de ligação, só WhatsApp.",
    "Indicado pelo cunhado, que comprou um Corolla aqui.",
    "Faz revisões na concessionária.",
];

/// A person's full name: one or two given names and one or two surnames, some with "da"/"dos".
fn person_name(rng: &mut StdRng) -> (String, String, String) {
    // A second given name of the first one's gender ("Ana Paula", "João Pedro").
    let names = if rng.random_bool(0.5) { MEN } else { WOMEN };
    let given = *pick(rng, names);
    let mut name = given.to_string();
    if rng.random_bool(0.2) {
        let middle = *pick(rng, names);
        if middle != given {
            name.push(' ');
            name.push_str(middle);
        }
    }
    let first_surname = *pick(rng, SURNAMES);
    let last = *pick(rng, SURNAMES);
    if rng.random_bool(0.6) && first_surname != last {
        name.push(' ');
        name.push_str(first_surname);
    }
    name.push(' ');
    if rng.random_bool(0.15) {
        // The particle agrees with the surname: "dos Santos", "da Silva", "de Souza".
        let particle = if last.ends_with('s') {
            "dos "
        } else if last.ends_with('a') {
            "da "
        } else {
            "de "
        };
        name.push_str(particle);
    }
    name.push_str(last);
    (name, given.to_string(), last.to_string())
}

/// Letters of a folded word, for e-mail addresses.
fn email_part(s: &str) -> String {
    fold(s).chars().filter(char::is_ascii_alphanumeric).collect()
}

fn mobile(rng: &mut StdRng, ddd: u8) -> String {
    format!("+55{ddd}9{}{}", rng.random_range(6..10u8), digits(rng, 7))
}

fn landline(rng: &mut StdRng, ddd: u8) -> String {
    format!("+55{ddd}{}{}", rng.random_range(2..6u8), digits(rng, 7))
}

fn address(rng: &mut StdRng, city: &City, label: &str) -> CustomerAddress {
    let (name, uf, _, (low, high), districts) = *city;
    let cep = format!("{:05}{}", rng.random_range(low..=high), digits(rng, 3));
    CustomerAddress {
        label: Some(label.into()),
        street: Some(pick(rng, STREETS).to_string()),
        number: Some(rng.random_range(10..3000).to_string()),
        complement: rng.random_bool(0.3).then(|| format!("Apto {}", rng.random_range(11..180))),
        district: Some(pick(rng, districts).to_string()),
        city: Some(name.into()),
        state: Some(uf.into()),
        postal_code: Some(cep),
    }
}

fn tags(rng: &mut StdRng, from: &[(&str, f64)]) -> Tags {
    Tags(from.iter().filter(|(_, p)| rng.random_bool(*p)).map(|(t, _)| t.to_string()).collect())
}

/// A document not held yet (random ones collide rarely; the unique index refuses a repeat).
fn unique(taken: &mut HashSet<String>, mut make: impl FnMut() -> String) -> String {
    loop {
        let d = make();
        if taken.insert(d.clone()) {
            return d;
        }
    }
}

fn customer(
    rng: &mut StdRng,
    stores: &[Store],
    owners: &[Uuid],
    taken: &mut HashSet<String>,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Customer {
    let city = weighted(rng, CITIES);
    let ddd = city.2;
    let mut c = Customer {
        id: CustomerId(uuid_at(created_at, rng)),
        kind: CustomerKind::Person,
        name: String::new(),
        name_key: String::new(),
        trade_name: None,
        cpf: None,
        cnpj: None,
        birth_date: None,
        cnh_number: None,
        cnh_category: None,
        state_registration: None,
        phones: Phones::default(),
        emails: Emails::default(),
        addresses: Addresses(vec![address(rng, city, "residencial")]),
        contacts: Contacts::default(),
        preferred_channel: Some(*weighted(
            rng,
            &[
                (ContactChannel::Whatsapp, 70),
                (ContactChannel::Phone, 15),
                (ContactChannel::Email, 10),
                (ContactChannel::InPerson, 5),
            ],
        )),
        notes: rng.random_bool(0.08).then(|| pick(rng, NOTES).to_string()),
        tags: Tags::default(),
        store_id: pick(rng, stores).id,
        created_by: if owners.is_empty() || rng.random_bool(0.2) { None } else { Some(*pick(rng, owners)) },
        search_text: String::new(),
        merged_into_id: None,
        merged_at: None,
        anonymized_at: None,
        version: 1,
        created_at,
        updated_at: created_at,
    };
    if rng.random_bool(0.85) {
        let (name, given, last) = person_name(rng);
        c.name = name;
        c.cpf = Some(unique(taken, || cpf(rng)));
        let age_days = rng.random_range(18 * 365..80 * 365);
        c.birth_date = Some(now.date_naive() - Duration::days(age_days));
        if rng.random_bool(0.55) {
            c.cnh_number = Some(format!("{}{}", rng.random_range(1..10u8), digits(rng, 10)));
            c.cnh_category = Some(weighted(rng, &[("B", 70), ("AB", 22), ("A", 3), ("AC", 3), ("D", 2)]).to_string());
        }
        let mut phones =
            vec![Phone { number: mobile(rng, ddd), whatsapp: rng.random_bool(0.92), label: Some("celular".into()) }];
        if rng.random_bool(0.15) {
            phones.push(Phone { number: landline(rng, ddd), whatsapp: false, label: Some("residencial".into()) });
        }
        c.phones = Phones(phones);
        if rng.random_bool(0.85) {
            let local = match rng.random_range(0..4) {
                0 => format!("{}.{}", email_part(&given), email_part(&last)),
                1 => format!("{}{}", email_part(&given), email_part(&last)),
                2 => format!("{}.{}{}", email_part(&given), email_part(&last), rng.random_range(1..99)),
                _ => format!("{}{}", email_part(&given), rng.random_range(1960..2006)),
            };
            c.emails = Emails(vec![EmailAddress {
                address: format!("{local}@{}", weighted(rng, EMAIL_DOMAINS)),
                label: Some("pessoal".into()),
            }]);
        }
        c.tags = tags(rng, PERSON_TAGS);
    } else {
        let (line, stem) = *pick(rng, BUSINESSES);
        let brand = *pick(rng, BRAND_WORDS);
        let surname = *pick(rng, SURNAMES);
        let (legal, small) = match rng.random_range(0..10) {
            0..5 => (format!("{surname} {line} Ltda"), false),
            5..7 => (format!("{line} {brand} Ltda"), false),
            7..9 => (format!("{surname} & {} {line} ME", pick(rng, SURNAMES)), true),
            _ => (format!("{line} {brand} S.A."), false),
        };
        c.kind = CustomerKind::Company;
        c.name = legal;
        c.trade_name = Some(format!("{brand} {stem}"));
        c.cnpj = Some(unique(taken, || {
            let letters = rng.random_bool(0.1);
            cnpj(rng, letters)
        }));
        c.state_registration = Some(if small || rng.random_bool(0.15) { "ISENTO".into() } else { digits(rng, 12) });
        let domain = format!("{}{}.com.br", email_part(brand), email_part(stem));
        c.phones = Phones(vec![
            Phone { number: landline(rng, ddd), whatsapp: false, label: Some("comercial".into()) },
            Phone { number: mobile(rng, ddd), whatsapp: true, label: Some("celular".into()) },
        ]);
        c.emails = Emails(vec![EmailAddress { address: format!("contato@{domain}"), label: Some("comercial".into()) }]);
        let (person, given, _) = person_name(rng);
        c.contacts = Contacts(vec![ContactPerson {
            name: person,
            role: Some(pick(rng, CONTACT_ROLES).to_string()),
            phone: Some(mobile(rng, ddd)),
            email: Some(format!("{}@{domain}", email_part(&given))),
        }]);
        c.addresses.0[0].label = Some("comercial".into());
        c.tags = tags(rng, COMPANY_TAGS);
    }
    c
}

/// Marketing consent by e-mail and WhatsApp given when the person registered, with the text
/// shown; about one in eight withdrew one of them later.
fn consent(rng: &mut StdRng, c: &Customer, owners: &[Uuid], now: DateTime<Utc>) -> Vec<Consent> {
    let (source, version, text) = *pick(
        rng,
        &[
            (
                "ficha de cadastro",
                "2024-01",
                "Autorizo a loja a me enviar ofertas e novidades por e-mail e WhatsApp. Posso cancelar quando quiser.",
            ),
            (
                "site",
                "2025-03",
                "Quero receber ofertas, lançamentos e convites da loja por e-mail e WhatsApp (LGPD, art. 7º, I).",
            ),
        ],
    );
    let by = (source == "ficha de cadastro" && !owners.is_empty()).then(|| *pick(rng, owners));
    let mut out = Vec::new();
    for channel in [ConsentChannel::Email, ConsentChannel::Whatsapp] {
        if channel == ConsentChannel::Email && c.emails.is_empty() {
            continue;
        }
        let at = c.created_at + Duration::minutes(rng.random_range(1..30));
        out.push(Consent {
            id: uuid_at(at, rng),
            customer_id: c.id,
            purpose: ConsentPurpose::Marketing,
            channel,
            granted: true,
            legal_basis: LegalBasis::Consent,
            source: source.into(),
            text_shown: Some(text.into()),
            text_version: Some(version.into()),
            recorded_at: at,
            recorded_by: by,
        });
        if rng.random_bool(0.12) {
            let later = at + (now - at) / 2;
            out.push(Consent {
                id: uuid_at(later, rng),
                customer_id: c.id,
                purpose: ConsentPurpose::Marketing,
                channel,
                granted: false,
                legal_basis: LegalBasis::Consent,
                source: "WhatsApp".into(),
                text_shown: None,
                text_version: None,
                recorded_at: later,
                recorded_by: None,
            });
        }
    }
    out
}

/// A stock vehicle a lead may want.
#[derive(Clone)]
struct Wanted {
    id: Uuid,
    make: String,
    model: String,
    model_year: i32,
    price: Option<Money>,
    used: bool,
}

/// A few hundred vehicles on sale at each store, read through the stock list.
async fn stock(db: &DatabaseConnection, stores: &[Store], now: DateTime<Utc>) -> Result<Vec<Vec<Wanted>>, AppError> {
    let mut out = Vec::new();
    for s in stores {
        let mut wanted = Vec::new();
        for page in 1..=3 {
            let q = VehicleQuery { status: Some("available".into()), store_id: Some(s.id), ..Default::default() };
            let params = PageParams { page: Some(page), page_size: Some(100), sort: None };
            let p = list_vehicles(db, &Actor::system(), q, &params, now).await?;
            let full = p.items.len() == 100;
            wanted.extend(p.items.into_iter().map(|l| Wanted {
                id: l.vehicle.id.0,
                make: l.vehicle.make,
                model: l.vehicle.model,
                model_year: l.vehicle.model_year,
                price: l.vehicle.price,
                used: l.vehicle.condition == innexar_vehicles::model::Condition::Used,
            }));
            if !full {
                break;
            }
        }
        out.push(wanted);
    }
    Ok(out)
}

/// How leads arrive, by source key (only the tenant's active sources are used).
const SOURCE_WEIGHTS: &[(&str, u32)] = &[
    ("walk_in", 20),
    ("whatsapp", 20),
    ("webmotors", 15),
    ("website", 12),
    ("olx", 8),
    ("phone", 7),
    ("icarros", 5),
    ("referral", 5),
    ("instagram_ads", 3),
    ("facebook_ads", 2),
    ("mercado_livre", 2),
    ("oem_portal", 1),
];
const OPEN_STAGES: &[(LeadStage, u32)] = &[
    (LeadStage::New, 18),
    (LeadStage::Contacted, 22),
    (LeadStage::Qualified, 18),
    (LeadStage::VisitScheduled, 14),
    (LeadStage::TestDrive, 10),
    (LeadStage::Negotiating, 18),
];
const FUNNEL: &[LeadStage] = &[
    LeadStage::New,
    LeadStage::Contacted,
    LeadStage::Qualified,
    LeadStage::VisitScheduled,
    LeadStage::TestDrive,
    LeadStage::Negotiating,
];
const TRADE_INS: &[&str] = &[
    "Gol 1.0 2015, 98 mil km",
    "Onix LT 2018, único dono",
    "HB20 Comfort 2017, 75 mil km",
    "Palio Attractive 2013, precisa de pneus",
    "Corolla XEi 2016, revisado na concessionária",
    "Ka SE 2019, 52 mil km",
    "Strada Working 2014, cabine simples",
];

/// The leads, their histories and activities, and the owners' open tasks.
async fn leads(
    db: &DatabaseConnection,
    rng: &mut StdRng,
    stores: &[Store],
    owners: &[Uuid],
    customers: &[Made],
    open_per_store: usize,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let sources: Vec<ListEntry> =
        store::list_entries(db, ListKind::Source).await?.into_iter().filter(|e| e.active).collect();
    let reasons: Vec<String> =
        store::list_entries(db, ListKind::LostReason).await?.into_iter().filter(|e| e.active).map(|e| e.key).collect();
    let source_weights: Vec<(&ListEntry, u32)> =
        sources.iter().map(|s| (s, SOURCE_WEIGHTS.iter().find(|(k, _)| *k == s.key).map_or(1, |(_, w)| *w))).collect();
    if source_weights.is_empty() {
        return Err(AppError::internal("the tenant has no active lead source"));
    }
    let stock = stock(db, stores, now).await?;
    let weights = scoring::Weights::default();
    let mut w = Work { leads: Vec::new(), changes: Vec::new(), activities: Vec::new() };
    for (si, s) in stores.iter().enumerate() {
        let own: Vec<&Made> = customers.iter().filter(|c| c.store_id == s.id).collect();
        let own = if own.is_empty() { customers.iter().collect() } else { own };
        let total = open_per_store + open_per_store / 2;
        for i in 0..total {
            let stage = if i < open_per_store {
                *weighted(rng, OPEN_STAGES)
            } else if rng.random_bool(0.4) {
                LeadStage::Won
            } else {
                LeadStage::Lost
            };
            let source = *weighted(rng, &source_weights);
            let owner = if owners.is_empty() || (stage == LeadStage::New && rng.random_bool(0.1)) {
                None
            } else {
                Some(*pick(rng, owners))
            };
            lead(
                &mut w,
                rng,
                LeadPlan { store: s.id, stage, source, owner, customers: &own, stock: &stock[si] },
                &reasons,
                now,
            );
        }
    }
    for l in &mut w.leads {
        let contacts = |d: Direction| {
            w.activities
                .iter()
                .filter(|a| a.lead_id == Some(l.id) && a.kind.is_contact() && a.direction == Some(d))
                .count() as u32
        };
        let (inbound, outbound) = (contacts(Direction::Inbound), contacts(Direction::Outbound));
        let source = sources.iter().find(|e| e.key == l.source);
        let interest_price =
            l.vehicle_id.and_then(|v| stock.iter().flatten().find(|s| s.id == v)).and_then(|s| s.price);
        let inputs = scoring::Inputs {
            source_points: source.map_or(0, |s| s.points),
            source_label: source.map_or_else(|| l.source.clone(), |s| s.label.clone()),
            inbound_contacts: inbound,
            outbound_contacts: outbound,
            created_at: l.created_at,
            response_due_at: l.response_due_at,
            first_response_at: l.first_response_at,
            last_activity_at: l.last_activity_at,
            budget: l.budget,
            interest_price,
            has_trade_in: l.has_trade_in,
            now,
        };
        let (score, factors) = scoring::score(&inputs, &weights);
        l.score = score;
        l.score_factors = ScoreFactors(factors);
    }
    tasks(&mut w, rng, stores, owners, now);
    let conversations = conversations(db, &w, now).await?;
    let tx = db.begin().await?;
    store::insert_leads(&tx, &w.leads).await?;
    store::insert_stage_changes(&tx, &w.changes).await?;
    store::insert_activities(&tx, &w.activities).await?;
    if !conversations.is_empty() {
        use sea_orm::EntityTrait;
        crate::conversations::entity::Entity::insert_many(conversations).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// How people open a conversation with a dealer on WhatsApp.
const WHATSAPP_FIRST: &[&str] = &[
    "Bom dia! O carro do anúncio ainda está disponível?",
    "Oi, vocês aceitam meu carro na troca?",
    "Qual o menor valor à vista?",
    "Consigo financiar com entrada de 20%?",
    "Boa tarde, posso fazer um test drive no sábado?",
    "Olá! Tem esse modelo na cor prata?",
];

/// The store's WhatsApp inbox: a conversation for each open lead that came by WhatsApp, as its
/// customer's first message left it (the newest unread).
async fn conversations(
    db: &DatabaseConnection,
    w: &Work,
    now: DateTime<Utc>,
) -> Result<Vec<crate::conversations::entity::ActiveModel>, AppError> {
    use crate::conversations::{ConversationStatus, entity};
    use sea_orm::ActiveValue::Set;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for l in w.leads.iter().filter(|l| l.source == "whatsapp" && l.stage.is_open()) {
        if !seen.insert(l.customer_id) {
            continue;
        }
        let Some(first) = w
            .activities
            .iter()
            .filter(|a| a.lead_id == Some(l.id) && a.kind == ActivityKind::Whatsapp)
            .filter(|a| a.direction == Some(Direction::Inbound))
            .max_by_key(|a| a.occurred_at)
        else {
            continue;
        };
        let Some(phone) =
            store::find(db, l.customer_id).await?.and_then(|c| c.phones.0.first().map(|p| p.number.clone()))
        else {
            continue;
        };
        out.push(entity::ActiveModel {
            id: Set(innexar_kernel::new_id()),
            customer_id: Set(l.customer_id.0),
            lead_id: Set(Some(l.id.0)),
            store_id: Set(l.store_id.0),
            channel: Set("whatsapp".into()),
            phone: Set(phone),
            status: Set(ConversationStatus::Open),
            last_inbound_at: Set(Some(first.occurred_at)),
            last_message_at: Set(first.occurred_at),
            last_preview: Set(first.body.clone().unwrap_or_default()),
            unread: Set(i32::from(l.stage == LeadStage::New)),
            created_at: Set(first.occurred_at.min(now)),
            updated_at: Set(first.occurred_at.min(now)),
        });
    }
    Ok(out)
}

struct Work {
    leads: Vec<Lead>,
    changes: Vec<StageChange>,
    activities: Vec<Activity>,
}

struct LeadPlan<'a> {
    store: StoreId,
    stage: LeadStage,
    source: &'a ListEntry,
    owner: Option<Uuid>,
    customers: &'a [&'a Made],
    stock: &'a [Wanted],
}

/// The path a lead took to `stage`: up the funnel (sometimes skipping the visit or the test
/// drive), then won or lost from where it stopped.
fn path(rng: &mut StdRng, stage: LeadStage) -> Vec<LeadStage> {
    let top = match stage {
        LeadStage::Won => FUNNEL.len() - 1,
        LeadStage::Lost => rng.random_range(0..FUNNEL.len()),
        s => FUNNEL.iter().position(|f| *f == s).unwrap_or(0),
    };
    let mut p: Vec<LeadStage> = FUNNEL[..=top]
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            *i == 0
                || *i == top
                || !matches!(s, LeadStage::VisitScheduled | LeadStage::TestDrive)
                || rng.random_bool(0.75)
        })
        .map(|(_, s)| *s)
        .collect();
    if !stage.is_open() {
        p.push(stage);
    }
    p
}

fn lead(w: &mut Work, rng: &mut StdRng, plan: LeadPlan<'_>, reasons: &[String], now: DateTime<Utc>) {
    let sla = Duration::minutes(i64::from(DEFAULT_FIRST_RESPONSE_MINUTES));
    let path = path(rng, plan.stage);
    // A new lead arrived recently: most are overdue already (the board's red cards).
    let age = if plan.stage == LeadStage::New {
        if rng.random_bool(0.4) {
            Duration::minutes(rng.random_range(2..DEFAULT_FIRST_RESPONSE_MINUTES as i64))
        } else {
            Duration::minutes(rng.random_range(45..3 * 24 * 60))
        }
    } else {
        Duration::minutes(rng.random_range(3 * 60..60 * 24 * 60))
    };
    let mut created = now - age;
    let mut customer = *pick(rng, plan.customers);
    for _ in 0..10 {
        if customer.created_at <= created {
            break;
        }
        customer = *pick(rng, plan.customers);
    }
    if customer.created_at > created {
        created = customer.created_at.min(now - Duration::minutes(1));
    }
    let id = LeadId(uuid_at(created, rng));
    let wanted = (!plan.stock.is_empty() && rng.random_bool(0.75)).then(|| pick(rng, plan.stock).clone());
    let (make, model, year_min, year_max, condition, budget) = match &wanted {
        Some(v) => {
            let price = v.price.map_or(8_000_000, |p| p.0);
            let budget = price * rng.random_range(80..=115) / 100 / 100_000 * 100_000;
            (
                Some(v.make.clone()),
                Some(v.model.clone()),
                None,
                None,
                None,
                rng.random_bool(0.7).then_some(Money(budget)),
            )
        }
        None => {
            let like = (!plan.stock.is_empty()).then(|| pick(rng, plan.stock).clone());
            let year = now.year();
            let budget = Money(rng.random_range(40..250) * 100_000);
            (
                like.as_ref().map(|v| v.make.clone()),
                like.as_ref().filter(|_| rng.random_bool(0.6)).map(|v| v.model.clone()),
                Some(like.as_ref().map_or(year - rng.random_range(1..8), |v| v.model_year - rng.random_range(0..3))),
                Some(like.as_ref().map_or(year, |v| (v.model_year + 1).min(year + 1))),
                Some(if like.as_ref().is_none_or(|v| v.used) { WantedCondition::Used } else { WantedCondition::New }),
                rng.random_bool(0.8).then_some(budget),
            )
        }
    };
    let has_trade_in = rng.random_bool(0.35);
    let mut l = Lead {
        id,
        customer_id: customer.id,
        store_id: plan.store,
        owner_id: plan.owner,
        source: plan.source.key.clone(),
        stage: plan.stage,
        vehicle_id: wanted.as_ref().map(|v| v.id),
        make,
        model,
        year_min,
        year_max,
        budget,
        condition,
        has_trade_in,
        trade_in_notes: has_trade_in.then(|| pick(rng, TRADE_INS).to_string()),
        notes: None,
        lost_reason: None,
        lost_note: None,
        external_id: matches!(plan.source.key.as_str(), "webmotors" | "olx" | "icarros" | "mercado_livre")
            .then(|| id.0.simple().to_string()[..16].to_uppercase()),
        score: 0,
        score_factors: ScoreFactors::default(),
        response_due_at: created + sla,
        first_response_at: None,
        last_activity_at: None,
        stage_changed_at: created,
        closed_at: None,
        version: 1,
        created_at: created,
        updated_at: created,
    };
    let by = plan.owner;
    let activity = |w: &mut Work, rng: &mut StdRng, kind: ActivityKind, dir: Option<Direction>, body: &str, at| {
        let mut a = Activity {
            id: ActivityId(uuid_at(at, rng)),
            kind,
            customer_id: customer.id,
            lead_id: Some(id),
            store_id: plan.store,
            direction: dir,
            body: Some(body.to_string()),
            occurred_at: at,
            due_at: None,
            assignee_id: None,
            done_at: None,
            vehicle_id: None,
            cnh_checked: None,
            start_km: None,
            end_km: None,
            created_by: by,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        if kind == ActivityKind::TestDrive {
            let km = rng.random_range(5..60_000);
            (a.vehicle_id, a.cnh_checked, a.start_km, a.end_km) =
                (wanted.as_ref().map(|v| v.id), Some(true), Some(km), Some(km + rng.random_range(4..15)));
        }
        w.activities.push(a);
    };
    if plan.source.key == "whatsapp" {
        let said = *pick(rng, WHATSAPP_FIRST);
        activity(w, rng, ActivityKind::Whatsapp, Some(Direction::Inbound), said, created);
    }
    w.changes.push(StageChange {
        id: uuid_at(created, rng),
        lead_id: id,
        from_stage: None,
        to_stage: LeadStage::New,
        reason: None,
        changed_by: if plan.source.key == "walk_in" { by } else { None },
        changed_at: created,
    });
    if path.len() > 1 {
        // The first answer: mostly within the SLA, some late, a few very late.
        let first = created
            + match rng.random_range(0..10) {
                0..7 => Duration::minutes(rng.random_range(2..DEFAULT_FIRST_RESPONSE_MINUTES as i64)),
                7..9 => Duration::minutes(rng.random_range(31..60)),
                _ => Duration::minutes(rng.random_range(61..240)),
            };
        let first = first.min(now - Duration::minutes(1)).max(created);
        l.first_response_at = Some(first);
        // The moves after the first spread over the time left, in order.
        let left = (now - first).num_minutes().max(1);
        let mut times: Vec<i64> = (0..path.len() - 2).map(|_| rng.random_range(0..left)).collect();
        times.sort();
        let times: Vec<DateTime<Utc>> =
            std::iter::once(first).chain(times.into_iter().map(|m| first + Duration::minutes(m))).collect();
        // Strictly after the move before: the history reads in time order.
        let mut at_prev = first - Duration::seconds(1);
        for (k, to) in path.iter().skip(1).enumerate() {
            let at = times[k].max(at_prev + Duration::seconds(1));
            at_prev = at;
            let from = path[k];
            match to {
                LeadStage::Contacted => {
                    let kind = if rng.random_bool(0.6) { ActivityKind::Whatsapp } else { ActivityKind::Call };
                    activity(
                        w,
                        rng,
                        kind,
                        Some(Direction::Outbound),
                        "Primeiro contato: apresentou o veículo e a loja.",
                        at,
                    )
                }
                LeadStage::Qualified => {
                    let dir = if rng.random_bool(0.5) { Direction::Inbound } else { Direction::Outbound };
                    activity(
                        w,
                        rng,
                        ActivityKind::Call,
                        Some(dir),
                        "Confirmou orçamento, forma de pagamento e prazo de compra.",
                        at,
                    )
                }
                LeadStage::VisitScheduled => activity(
                    w,
                    rng,
                    ActivityKind::Whatsapp,
                    Some(Direction::Outbound),
                    "Visita à loja agendada; enviada a localização.",
                    at,
                ),
                LeadStage::TestDrive => {
                    activity(w, rng, ActivityKind::Visit, Some(Direction::Inbound), "Cliente veio à loja.", at);
                    if wanted.is_some() {
                        activity(
                            w,
                            rng,
                            ActivityKind::TestDrive,
                            Some(Direction::Inbound),
                            "Test drive de 20 minutos.",
                            at,
                        )
                    }
                }
                LeadStage::Negotiating => activity(
                    w,
                    rng,
                    ActivityKind::Note,
                    None,
                    "Proposta enviada com avaliação da troca e simulação de financiamento.",
                    at,
                ),
                LeadStage::Won => activity(w, rng, ActivityKind::Note, None, "Venda fechada, entrega agendada.", at),
                LeadStage::Lost => {
                    l.lost_reason = (!reasons.is_empty()).then(|| pick(rng, reasons).clone());
                    activity(w, rng, ActivityKind::Note, None, "Lead perdido.", at)
                }
                LeadStage::New => {}
            }
            w.changes.push(StageChange {
                id: uuid_at(at, rng),
                lead_id: id,
                from_stage: Some(from),
                to_stage: *to,
                reason: if *to == LeadStage::Lost { l.lost_reason.clone() } else { None },
                changed_by: by,
                changed_at: at,
            });
            l.stage_changed_at = at;
            l.version += 1;
        }
        // Open leads keep being worked: a follow-up or two after the last move.
        if l.stage.is_open() && rng.random_bool(0.5) {
            let at = l.stage_changed_at + (now - l.stage_changed_at) / 2;
            let kind = if rng.random_bool(0.7) { ActivityKind::Whatsapp } else { ActivityKind::Call };
            activity(w, rng, kind, Some(Direction::Outbound), "Retorno: cliente pediu mais uns dias para decidir.", at);
        }
        if !l.stage.is_open() {
            l.closed_at = Some(l.stage_changed_at);
        }
    }
    l.last_activity_at = w
        .activities
        .iter()
        .rev()
        .take_while(|a| a.lead_id == Some(id))
        .filter(|a| a.kind.is_contact())
        .map(|a| a.occurred_at)
        .max();
    l.updated_at = w
        .activities
        .iter()
        .rev()
        .take_while(|a| a.lead_id == Some(id))
        .map(|a| a.occurred_at)
        .max()
        .unwrap_or(created)
        .max(l.stage_changed_at);
    w.leads.push(l);
}

/// Three tasks due later today and two overdue for each owner, on their open leads.
fn tasks(w: &mut Work, rng: &mut StdRng, stores: &[Store], owners: &[Uuid], now: DateTime<Utc>) {
    const TODO: &[&str] = &[
        "Ligar para confirmar a visita",
        "Enviar proposta atualizada",
        "Cobrar documentos do financiamento",
        "Retornar sobre a avaliação da troca",
        "Mandar fotos do carro pelo WhatsApp",
    ];
    for owner in owners {
        let open: Vec<(LeadId, CustomerId, StoreId)> = w
            .leads
            .iter()
            .filter(|l| l.owner_id == Some(*owner) && l.stage.is_open())
            .map(|l| (l.id, l.customer_id, l.store_id))
            .collect();
        if open.is_empty() {
            continue;
        }
        for k in 0..5 {
            let (lead, customer, store) = *pick(rng, &open);
            let due = if k < 3 {
                // Today at the store: late in its day, "today" ends sooner than three hours.
                let due = now + Duration::minutes(rng.random_range(15..180));
                let today = |at| stores.iter().find(|s| s.id == store).map(|s| s.today(at));
                if today(due) == today(now) { due } else { now }
            } else {
                now - Duration::minutes(rng.random_range(60..3 * 24 * 60))
            };
            let created = due.min(now) - Duration::hours(rng.random_range(2..48));
            w.activities.push(Activity {
                id: ActivityId(uuid_at(created, rng)),
                kind: ActivityKind::Task,
                customer_id: customer,
                lead_id: Some(lead),
                store_id: store,
                direction: None,
                body: Some(pick(rng, TODO).to_string()),
                occurred_at: created,
                due_at: Some(due),
                assignee_id: Some(*owner),
                done_at: None,
                vehicle_id: None,
                cnh_checked: None,
                start_km: None,
                end_km: None,
                created_by: Some(*owner),
                version: 1,
                created_at: created,
                updated_at: created,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_documents_pass_the_checks_the_store_applies() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..2_000 {
            let c = cpf(&mut rng);
            assert_eq!(innexar_kernel::br::cpf(&c).as_deref(), Ok(c.as_str()));
            for letters in [false, true] {
                let n = cnpj(&mut rng, letters);
                assert_eq!(innexar_kernel::validate::cnpj(&n).as_deref(), Ok(n.as_str()), "{n}");
            }
        }
    }

    #[test]
    fn generated_customers_pass_check_customer_unchanged() {
        let mut rng = StdRng::seed_from_u64(11);
        let now = DateTime::parse_from_rfc3339("2026-12-06T12:00:00Z").map(|d| d.to_utc()).unwrap_or_default();
        let stores = [Store {
            id: StoreId(Uuid::nil()),
            name: "Matriz".into(),
            cnpj: None,
            address: Default::default(),
            time_zone: "America/Sao_Paulo".into(),
            active: true,
            logo: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }];
        let mut taken = HashSet::new();
        for _ in 0..500 {
            let c = customer(&mut rng, &stores, &[Uuid::nil()], &mut taken, now - Duration::days(30), now);
            let mut checked = c.clone();
            let errors = crate::model::check_customer(&mut checked, now);
            assert!(errors.is_empty(), "{errors:?} in {c:?}");
            checked.name_key = c.name_key.clone();
            assert_eq!(checked, c, "the checks change nothing a generated customer holds");
        }
    }
}
