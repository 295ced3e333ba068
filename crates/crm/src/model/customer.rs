//! The customer record and the rules every saved customer keeps.

use chrono::{DateTime, NaiveDate, Utc};
use innexar_kernel::br;
use innexar_kernel::text::fold;
use innexar_kernel::{FieldError, validate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{CNH_CATEGORIES, CustomerKind, MAX_LIST, MAX_TAGS};

pub use entity::Model as Customer;

/// The customer record is its row. Serialised, it is the record's data under the API's field
/// names without its id, version, timestamps and derived columns: the audit log's view, and the
/// body of the API's `CustomerView`, which adds those.
pub mod entity {
    use super::{Addresses, Contacts, Emails, Phones, Tags};
    use crate::model::{ContactChannel, CustomerKind};
    use innexar_kernel::{CustomerId, StoreId};
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "crm_customers")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = CustomerRecord)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        #[serde(skip)]
        pub id: CustomerId,
        pub kind: CustomerKind,
        /// A person's full name, or a company's legal name (razão social).
        pub name: String,
        /// The name folded (lowercase, no accents, letters and digits): what the duplicate
        /// check compares.
        #[serde(skip)]
        pub name_key: String,
        /// Nome fantasia (companies).
        pub trade_name: Option<String>,
        /// 11 digits.
        pub cpf: Option<String>,
        /// 14 characters: digits, or from 2026 uppercase letters and digits (2 check digits last).
        pub cnpj: Option<String>,
        #[schema(value_type = Option<String>, format = Date)]
        pub birth_date: Option<Date>,
        /// Registro da CNH, 11 digits.
        pub cnh_number: Option<String>,
        pub cnh_category: Option<String>,
        /// Inscrição estadual (digits) or `ISENTO`.
        pub state_registration: Option<String>,
        #[schema(value_type = Vec<super::Phone>)]
        pub phones: Phones,
        #[schema(value_type = Vec<super::EmailAddress>)]
        pub emails: Emails,
        #[schema(value_type = Vec<super::CustomerAddress>)]
        pub addresses: Addresses,
        /// A company's people (buyer, fleet manager, partner), each with their role.
        #[schema(value_type = Vec<super::ContactPerson>)]
        pub contacts: Contacts,
        pub preferred_channel: Option<ContactChannel>,
        pub notes: Option<String>,
        #[schema(value_type = Vec<String>)]
        pub tags: Tags,
        /// The store that registered the customer; a store manager sees their stores' customers.
        pub store_id: StoreId,
        #[serde(skip)]
        pub created_by: Option<Uuid>,
        #[serde(skip)]
        pub search_text: String,
        /// Set on a merged record: the customer it became part of.
        #[serde(skip)]
        pub merged_into_id: Option<CustomerId>,
        #[serde(skip)]
        pub merged_at: Option<DateTimeUtc>,
        #[serde(skip)]
        pub anonymized_at: Option<DateTimeUtc>,
        #[sea_orm(column_name = "row_version")]
        #[serde(skip)]
        pub version: i64,
        #[serde(skip)]
        pub created_at: DateTimeUtc,
        #[serde(skip)]
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A telephone number. Typed in any common Brazilian form, kept and answered in E.164.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Phone {
    /// `+5511987654321`; `(11) 98765-4321`, `11987654321` and `+55 11 98765-4321` are accepted.
    #[schema(max_length = 30)]
    pub number: String,
    /// The number has WhatsApp.
    #[serde(default)]
    pub whatsapp: bool,
    /// "celular", "comercial".
    #[schema(max_length = 40)]
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EmailAddress {
    /// Kept lowercase.
    #[schema(max_length = 254)]
    pub address: String,
    #[schema(max_length = 40)]
    pub label: Option<String>,
}

/// An address as Brazilian forms ask for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerAddress {
    /// "residencial", "entrega", "cobrança".
    #[schema(max_length = 40)]
    pub label: Option<String>,
    #[schema(max_length = 200)]
    pub street: Option<String>,
    #[schema(max_length = 20)]
    pub number: Option<String>,
    #[schema(max_length = 100)]
    pub complement: Option<String>,
    #[schema(max_length = 100)]
    pub district: Option<String>,
    #[schema(max_length = 100)]
    pub city: Option<String>,
    /// UF, e.g. `SP` (any case).
    #[schema(schema_with = innexar_org::model::state_schema)]
    pub state: Option<String>,
    /// CEP, 8 digits (`01310-100` accepted).
    #[schema(schema_with = innexar_org::model::postal_code_schema)]
    pub postal_code: Option<String>,
}

/// One of a company's people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactPerson {
    #[schema(max_length = 120)]
    pub name: String,
    /// "comprador", "gestor de frota", "sócio".
    #[schema(max_length = 60)]
    pub role: Option<String>,
    #[schema(max_length = 30)]
    pub phone: Option<String>,
    #[schema(max_length = 254)]
    pub email: Option<String>,
}

macro_rules! json_list {
    ($(#[$meta:meta])* $name:ident, $item:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, sea_orm::FromJsonQueryResult)]
        #[serde(transparent)]
        pub struct $name(pub Vec<$item>);

        impl std::ops::Deref for $name {
            type Target = Vec<$item>;
            fn deref(&self) -> &Vec<$item> {
                &self.0
            }
        }

        impl From<Vec<$item>> for $name {
            fn from(v: Vec<$item>) -> Self {
                $name(v)
            }
        }
    };
}

json_list!(Phones, Phone);
json_list!(Emails, EmailAddress);
json_list!(Addresses, CustomerAddress);
json_list!(Contacts, ContactPerson);
json_list!(Tags, String);

impl Customer {
    /// What search looks in: the names folded, CPF or CNPJ, every phone as its whole number and
    /// its national one, every e-mail, and the contact people's names, phones and e-mails.
    pub fn searchable_text(&self) -> String {
        let mut parts: Vec<String> = vec![fold(&self.name)];
        parts.extend(self.trade_name.as_deref().map(fold));
        parts.extend(self.cpf.clone());
        parts.extend(self.cnpj.as_deref().map(str::to_lowercase));
        for p in self.phones.iter() {
            parts.extend(br::phone_search_keys(&p.number));
        }
        parts.extend(self.emails.iter().map(|e| e.address.clone()));
        for c in self.contacts.iter() {
            parts.push(fold(&c.name));
            parts.extend(c.phone.iter().flat_map(|p| br::phone_search_keys(p)));
            parts.extend(c.email.clone());
        }
        // A space first: every word then starts after one, which a short search word looks for
        // (`store::search_term`).
        format!(" {}", parts.join(" "))
    }

    /// The keys other customers are found by: each phone and e-mail of the customer and of its
    /// contact people, as `(kind, value)`.
    pub fn keys(&self) -> Vec<(&'static str, String)> {
        let mut keys: Vec<(&'static str, String)> = Vec::new();
        let phones =
            self.phones.iter().map(|p| p.number.clone()).chain(self.contacts.iter().filter_map(|c| c.phone.clone()));
        let emails =
            self.emails.iter().map(|e| e.address.clone()).chain(self.contacts.iter().filter_map(|c| c.email.clone()));
        keys.extend(phones.map(|p| ("phone", p)));
        keys.extend(emails.map(|e| ("email", e)));
        keys.sort();
        keys.dedup();
        keys
    }

    /// The fields the audit log records.
    pub fn audit_view(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    pub fn is_merged(&self) -> bool {
        self.merged_into_id.is_some()
    }
}

/// Checks every field of a customer, normalising what it may (documents, phones, e-mails, UF,
/// CEP, tags), and returns all problems at once. Pointers are the API's field names.
pub fn check_customer(c: &mut Customer, now: DateTime<Utc>) -> Vec<FieldError> {
    let mut e = Vec::new();
    let name_pointer = if c.kind == CustomerKind::Company { "/legalName" } else { "/name" };
    c.name = validate::text(&mut e, name_pointer, Some(c.name.clone()), 150, true).unwrap_or_default();
    c.name_key = innexar_kernel::text::name_key(&c.name);
    c.trade_name = validate::text(&mut e, "/tradeName", c.trade_name.take(), 150, false);
    c.cpf = c.cpf.take().filter(|s| !s.trim().is_empty());
    c.cnpj = c.cnpj.take().filter(|s| !s.trim().is_empty());
    match c.kind {
        CustomerKind::Person => {
            for (pointer, present) in [
                ("/cnpj", c.cnpj.is_some()),
                ("/tradeName", c.trade_name.is_some()),
                ("/stateRegistration", c.state_registration.as_deref().is_some_and(|s| !s.trim().is_empty())),
            ] {
                if present {
                    e.push(not_for_kind(pointer, "a person"));
                }
            }
        }
        CustomerKind::Company => {
            for (pointer, present) in [
                ("/cpf", c.cpf.is_some()),
                ("/birthDate", c.birth_date.is_some()),
                ("/cnhNumber", c.cnh_number.as_deref().is_some_and(|s| !s.trim().is_empty())),
                ("/cnhCategory", c.cnh_category.as_deref().is_some_and(|s| !s.trim().is_empty())),
            ] {
                if present {
                    e.push(not_for_kind(pointer, "a company"));
                }
            }
        }
    }
    if let Some(raw) = c.cpf.take() {
        match br::cpf(&raw) {
            Ok(d) => c.cpf = Some(d),
            Err(bad) => e.push(FieldError::new("/cpf", bad.code(), bad.message())),
        }
    }
    if let Some(raw) = c.cnpj.take() {
        match validate::cnpj(&raw) {
            Ok(d) => c.cnpj = Some(d),
            Err(bad) => e.push(FieldError::new("/cnpj", bad.code(), bad.message())),
        }
    }
    if let Some(d) = c.birth_date {
        let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
        if d < earliest || d > now.date_naive() {
            e.push(FieldError::new(
                "/birthDate",
                "customers.invalid_birth_date",
                "the birth date is between 1900 and today",
            ));
        }
    }
    c.cnh_number = c
        .cnh_number
        .take()
        .map(|s| s.chars().filter(|ch| !ch.is_whitespace()).collect::<String>())
        .filter(|s| !s.is_empty());
    if let Some(n) = &c.cnh_number
        && (n.len() != 11 || !n.bytes().all(|b| b.is_ascii_digit()))
    {
        e.push(FieldError::new(
            "/cnhNumber",
            "customers.invalid_cnh_number",
            "a CNH registration number has 11 digits",
        ));
    }
    c.cnh_category = c.cnh_category.take().map(|s| s.trim().to_ascii_uppercase()).filter(|s| !s.is_empty());
    if let Some(cat) = &c.cnh_category
        && !CNH_CATEGORIES.contains(&cat.as_str())
    {
        e.push(FieldError::new(
            "/cnhCategory",
            "customers.invalid_cnh_category",
            "a CNH category is A, B, C, D, E, AB, AC, AD, AE or ACC",
        ));
    }
    c.state_registration = c
        .state_registration
        .take()
        .map(|s| {
            s.chars()
                .filter(|ch| !matches!(ch, '.' | '-' | '/') && !ch.is_whitespace())
                .collect::<String>()
                .to_ascii_uppercase()
        })
        .filter(|s| !s.is_empty());
    if let Some(ie) = &c.state_registration
        && ie != "ISENTO"
        && (ie.len() > 14 || !ie.bytes().all(|b| b.is_ascii_digit()))
    {
        e.push(FieldError::new(
            "/stateRegistration",
            "customers.invalid_state_registration",
            "an inscrição estadual has up to 14 digits, or is ISENTO",
        ));
    }
    check_lists(c, &mut e);
    c.notes = validate::text(&mut e, "/notes", c.notes.take(), 5000, false);
    e
}

fn not_for_kind(pointer: &str, kind: &str) -> FieldError {
    FieldError::new(pointer, "customers.not_for_kind", format!("{kind} has no such field"))
}

fn too_many(e: &mut Vec<FieldError>, pointer: &str, n: usize, max: usize) -> bool {
    if n > max {
        e.push(FieldError::new(pointer, "customers.too_many", format!("at most {max} per customer")));
        return true;
    }
    false
}

fn check_phone(e: &mut Vec<FieldError>, pointer: &str, raw: &str) -> String {
    match br::phone(raw) {
        Ok(n) => n,
        Err(bad) => {
            e.push(FieldError::new(pointer, bad.code(), bad.message()));
            raw.to_string()
        }
    }
}

fn check_email(e: &mut Vec<FieldError>, pointer: &str, raw: &str) -> String {
    match validate::email(raw) {
        Some(a) => a,
        None => {
            e.push(FieldError::new(pointer, "customers.invalid_email", "not an e-mail address"));
            raw.to_string()
        }
    }
}

fn check_lists(c: &mut Customer, e: &mut Vec<FieldError>) {
    if !too_many(e, "/phones", c.phones.len(), MAX_LIST) {
        let mut seen = Vec::new();
        let mut phones = Vec::new();
        for (i, p) in c.phones.0.drain(..).enumerate() {
            let number = check_phone(e, &format!("/phones/{i}/number"), &p.number);
            let label = validate::text(e, &format!("/phones/{i}/label"), p.label, 40, false);
            // The same number twice is one number (WhatsApp if either says so).
            if let Some(at) = seen.iter().position(|n| *n == number) {
                let kept: &mut Phone = &mut phones[at];
                kept.whatsapp |= p.whatsapp;
                continue;
            }
            seen.push(number.clone());
            phones.push(Phone { number, whatsapp: p.whatsapp, label });
        }
        c.phones = Phones(phones);
    }
    if !too_many(e, "/emails", c.emails.len(), MAX_LIST) {
        let mut emails: Vec<EmailAddress> = Vec::new();
        for (i, m) in c.emails.0.drain(..).enumerate() {
            let address = check_email(e, &format!("/emails/{i}/address"), &m.address);
            let label = validate::text(e, &format!("/emails/{i}/label"), m.label, 40, false);
            if !emails.iter().any(|k| k.address == address) {
                emails.push(EmailAddress { address, label });
            }
        }
        c.emails = Emails(emails);
    }
    if !too_many(e, "/addresses", c.addresses.len(), MAX_LIST) {
        let addresses = c.addresses.0.drain(..).enumerate().map(|(i, a)| check_address(e, i, a)).collect();
        c.addresses = Addresses(addresses);
    }
    if !too_many(e, "/contacts", c.contacts.len(), MAX_LIST) {
        let mut contacts = Vec::new();
        for (i, p) in c.contacts.0.drain(..).enumerate() {
            let at = |f: &str| format!("/contacts/{i}/{f}");
            let name = validate::text(e, &at("name"), Some(p.name), 120, true).unwrap_or_default();
            let role = validate::text(e, &at("role"), p.role, 60, false);
            let phone = p.phone.filter(|s| !s.trim().is_empty()).map(|raw| check_phone(e, &at("phone"), &raw));
            let email = p.email.filter(|s| !s.trim().is_empty()).map(|raw| check_email(e, &at("email"), &raw));
            contacts.push(ContactPerson { name, role, phone, email });
        }
        c.contacts = Contacts(contacts);
    }
    if !too_many(e, "/tags", c.tags.len(), MAX_TAGS) {
        let mut tags: Vec<String> = Vec::new();
        for (i, t) in c.tags.0.drain(..).enumerate() {
            if let Some(t) = validate::text(e, &format!("/tags/{i}"), Some(t), 40, true)
                && !tags.iter().any(|k| fold(k) == fold(&t))
            {
                tags.push(t);
            }
        }
        c.tags = Tags(tags);
    }
}

fn check_address(e: &mut Vec<FieldError>, i: usize, a: CustomerAddress) -> CustomerAddress {
    let at = |f: &str| format!("/addresses/{i}/{f}");
    let state = validate::text(e, &at("state"), a.state, 2, false).map(|s| s.to_ascii_uppercase());
    if let Some(s) = &state
        && !innexar_org::model::UFS.contains(&s.as_str())
    {
        e.push(FieldError::new(
            at("state"),
            "customers.invalid_state",
            "use a Brazilian state abbreviation (UF), e.g. SP",
        ));
    }
    let postal_code = a.postal_code.map(|c| c.replace(['-', '.'], "")).filter(|c| !c.trim().is_empty());
    let postal_code = validate::text(e, &at("postalCode"), postal_code, 8, false);
    if let Some(c) = &postal_code
        && (c.len() != 8 || !c.bytes().all(|b| b.is_ascii_digit()))
    {
        e.push(FieldError::new(at("postalCode"), "customers.invalid_postal_code", "a CEP has 8 digits"));
    }
    CustomerAddress {
        label: validate::text(e, &at("label"), a.label, 40, false),
        street: validate::text(e, &at("street"), a.street, 200, false),
        number: validate::text(e, &at("number"), a.number, 20, false),
        complement: validate::text(e, &at("complement"), a.complement, 100, false),
        district: validate::text(e, &at("district"), a.district, 100, false),
        city: validate::text(e, &at("city"), a.city, 100, false),
        state,
        postal_code,
    }
}
