//! A store and the rules its fields follow.

use chrono::{DateTime, Utc};
use innexar_kernel::{FieldError, StoreId, validate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A store's postal address, as Brazilian forms ask for it. The same shape is read (checked and
/// normalised by `check_address`) and answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
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
    #[schema(schema_with = state_schema)]
    pub state: Option<String>,
    /// CEP, 8 digits (`01310-100` accepted).
    #[schema(schema_with = postal_code_schema)]
    pub postal_code: Option<String>,
}

/// A branch of the dealer group, as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = StoreView)]
pub struct Store {
    pub id: StoreId,
    pub name: String,
    pub cnpj: Option<String>,
    pub address: Address,
    /// Business dates (days in stock, a sale's date) are counted in this zone.
    pub time_zone: String,
    pub active: bool,
    /// Printed at the head of the store's documents; set with `PUT /stores/{id}/logo`.
    pub logo: Option<StoreLogo>,
    /// The row version, also sent as the `ETag`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A store's logo: a PNG (transparency kept, metadata dropped) at most
/// [`LOGO_SIDE_PX`] on its longer side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StoreLogo {
    /// The object's key on storage; never shown.
    #[serde(skip)]
    pub key: String,
    pub width: i32,
    pub height: i32,
    pub size_bytes: i64,
    /// Hex SHA-256 of the stored PNG, also the download's `ETag`.
    pub sha256: String,
    /// Where to download it (with the access token).
    pub url: String,
}

impl StoreLogo {
    /// Where store `id`'s logo downloads.
    pub fn url_of(id: StoreId) -> String {
        format!("/api/v1/stores/{id}/logo")
    }
}

/// The longer side a logo is scaled down to: a document prints it 1.4 cm high, so 800 px is
/// sharp at any printer's resolution while the PNG stays small.
pub const LOGO_SIDE_PX: u32 = 800;

/// The largest logo file accepted, before it is decoded and scaled.
pub const LOGO_MAX_BYTES: usize = 5 * 1024 * 1024;

impl Store {
    /// The business day at the store at `now`: a dealer's "today" is its own, not UTC's (at
    /// 22:30 in São Paulo, UTC is already tomorrow).
    pub fn today(&self, now: DateTime<Utc>) -> chrono::NaiveDate {
        business_date_in(&self.time_zone, now)
    }

    /// What the audit log keeps of a store: every field but the bookkeeping ones.
    pub fn audit_view(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            for bookkeeping in ["version", "createdAt", "updatedAt"] {
                o.remove(bookkeeping);
            }
        }
        v
    }
}

/// Brazilian states (UF).
pub const UFS: &[&str] = &[
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB", "PR", "PE", "PI", "RJ",
    "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
];

fn text_schema(pattern: String, description: &str) -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some(pattern))
        .description(Some(description))
        .build()
}

/// `state` as `check_address` takes it: a UF in any case, or blank for none.
pub fn state_schema() -> utoipa::openapi::schema::Object {
    let any_case = |uf: &str| uf.chars().map(|c| format!("[{c}{}]", c.to_ascii_lowercase())).collect::<String>();
    let ufs = UFS.iter().map(|uf| any_case(uf)).collect::<Vec<_>>().join("|");
    let blank = validate::BLANK_CLASS;
    text_schema(format!("^{blank}*({ufs})?{blank}*$"), "UF, e.g. `SP` (any case)")
}

/// `postalCode` as `check_address` takes it: 8 digits, `-` and `.` anywhere, or blank for none.
pub fn postal_code_schema() -> utoipa::openapi::schema::Object {
    let blank = validate::BLANK_CLASS;
    text_schema(format!("^{blank}*(([-.]*[0-9]){{8}}[-.]*)?{blank}*$"), "CEP, 8 digits (`01310-100` accepted)")
}

/// `timeZone` in the OpenAPI document: one of [`TIME_ZONES`], or null for the default.
pub fn time_zone_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let values = TIME_ZONES.iter().map(|z| serde_json::Value::from(*z)).chain([serde_json::Value::Null]);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
        .description(Some("IANA zone of the store, one of Brazil's; defaults to `America/Sao_Paulo`."))
        .build()
}

/// The date at `now` in the IANA zone `tz`; São Paulo's for a zone it does not know.
pub fn business_date_in(tz: &str, now: DateTime<Utc>) -> chrono::NaiveDate {
    let zone: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
    now.with_timezone(&zone).date_naive()
}

/// The IANA zones in use in Brazil.
pub const TIME_ZONES: &[&str] = &[
    "America/Sao_Paulo",
    "America/Bahia",
    "America/Fortaleza",
    "America/Recife",
    "America/Maceio",
    "America/Belem",
    "America/Araguaina",
    "America/Santarem",
    "America/Manaus",
    "America/Boa_Vista",
    "America/Porto_Velho",
    "America/Cuiaba",
    "America/Campo_Grande",
    "America/Rio_Branco",
    "America/Eirunepe",
    "America/Noronha",
];

pub(crate) fn check_name(errors: &mut Vec<FieldError>, name: String) -> String {
    validate::text(errors, "/name", Some(name), 120, true).unwrap_or_default()
}

pub(crate) fn check_address(errors: &mut Vec<FieldError>, a: Address) -> Address {
    let state = validate::text(errors, "/address/state", a.state, 2, false).map(|s| s.to_ascii_uppercase());
    if let Some(s) = &state
        && !UFS.contains(&s.as_str())
    {
        errors.push(FieldError::new(
            "/address/state",
            "stores.invalid_state",
            "use a Brazilian state abbreviation (UF), e.g. SP",
        ));
    }
    // Separators are dropped before the length counts: `01.310-100` is as good as `01310100`.
    let postal_code = a.postal_code.map(|c| c.replace(['-', '.'], "")).filter(|c| !c.trim().is_empty());
    let postal_code = validate::text(errors, "/address/postalCode", postal_code, 8, false);
    if let Some(c) = &postal_code
        && (c.len() != 8 || !c.bytes().all(|b| b.is_ascii_digit()))
    {
        errors.push(FieldError::new("/address/postalCode", "stores.invalid_postal_code", "a CEP has 8 digits"));
    }
    Address {
        street: validate::text(errors, "/address/street", a.street, 200, false),
        number: validate::text(errors, "/address/number", a.number, 20, false),
        complement: validate::text(errors, "/address/complement", a.complement, 100, false),
        district: validate::text(errors, "/address/district", a.district, 100, false),
        city: validate::text(errors, "/address/city", a.city, 100, false),
        state,
        postal_code,
    }
}

pub(crate) fn check_cnpj(errors: &mut Vec<FieldError>, cnpj: Option<String>) -> Option<String> {
    let c = cnpj.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())?;
    match validate::cnpj(&c) {
        Ok(c) => Some(c),
        Err(e) => {
            errors.push(FieldError::new("/cnpj", e.code(), e.message()));
            None
        }
    }
}

pub(crate) fn check_time_zone(errors: &mut Vec<FieldError>, tz: Option<String>) -> String {
    let tz = tz.unwrap_or_else(|| "America/Sao_Paulo".into());
    if !TIME_ZONES.contains(&tz.as_str()) {
        errors.push(FieldError::new(
            "/timeZone",
            "stores.invalid_time_zone",
            "use a Brazilian IANA time zone, e.g. America/Sao_Paulo",
        ));
    }
    tz
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_s_business_day_is_its_own_zone_s() {
        use chrono::TimeZone;
        // 22:30 in São Paulo is 01:30 UTC of the next day; Manaus is an hour behind, Noronha ahead.
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 1, 30, 0).single().expect("time");
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(business_date_in("America/Sao_Paulo", now), day(2026, 12, 5));
        assert_eq!(business_date_in("America/Manaus", now), day(2026, 12, 5));
        assert_eq!(business_date_in("America/Noronha", now), day(2026, 12, 5));
        assert_eq!(business_date_in("America/Noronha", now + chrono::Duration::minutes(31)), day(2026, 12, 6));
        for tz in TIME_ZONES {
            assert!(tz.parse::<chrono_tz::Tz>().is_ok(), "{tz} is in the zone database");
        }
    }
}
