//! Leads from outside: a website form or a marketplace integration posts a lead with a key of
//! its own (`X-Api-Key`), which names the lead's source and store. Keys are made, listed by
//! their prefix and revoked by the Owner; only their SHA-256 is stored.
//!
//! A delivery is idempotent by the source's own lead id (`externalId`: the unique index on
//! `(source, external_id)` decides, and a repeat gets the first lead back with nothing written).
//! Attempts are counted before any database work, per presented key, and a tenant's intake
//! requests take a bounded number of slots, so a flood with made-up keys cannot take the
//! tenant's connections. A honeypot field and a per-customer flood bound catch form bots.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use innexar_db::{Tx, audit};
use innexar_http::limit::ConcurrencyLimit;
use innexar_kernel::{AppError, CustomerId, FieldError, StoreId, br, validate};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveModelTrait, QueryOrder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::commands::{self, Interest, NewConsent, NewCustomer, NewLead};
use crate::model::{ConsentChannel, ConsentPurpose, CustomerKind, EmailAddress, LeadId, ListKind, Phone};
use crate::store::{self, Visibility};

pub mod entity {
    use innexar_kernel::StoreId;
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    innexar_kernel::id_type!(
        /// A lead source's key.
        IntakeKeyId
    );

    /// A key as the Owner sees it (never the key itself after it is made).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "crm_intake_keys")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = IntakeKey)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: IntakeKeyId,
        /// "Formulário do site", "Integração Webmotors".
        pub name: String,
        /// The source its leads are filed under (a key of the tenant's source list).
        pub source: String,
        pub store_id: StoreId,
        /// The key's first characters, to tell keys apart.
        pub prefix: String,
        #[serde(skip)]
        pub key_hash: String,
        pub created_by: Option<Uuid>,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
        /// Updated at most once a minute.
        pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use entity::{IntakeKeyId, Model as IntakeKey};

fn hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// A key as made: `inx_` and 43 URL-safe characters (32 random bytes).
fn new_key() -> String {
    use base64::Engine;
    format!("inx_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(innexar_kernel::random::bytes(32)))
}

/// A key to make.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewIntakeKey {
    #[schema(min_length = 1, max_length = 80)]
    pub name: String,
    #[schema(max_length = 40)]
    pub source: String,
    pub store_id: StoreId,
}

/// A key just made: the only time the key itself is shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedIntakeKey {
    #[serde(flatten)]
    pub record: IntakeKey,
    /// Send it as `X-Api-Key`. Shown once: keep it where the integration reads it.
    pub key: String,
}

pub async fn create_key(tx: &Tx, input: NewIntakeKey) -> Result<CreatedIntakeKey, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let mut e = Vec::new();
    let name = validate::text(&mut e, "/name", Some(input.name), 80, true).unwrap_or_default();
    let source = input.source.trim().to_string();
    if !store::list_entries(tx, ListKind::Source).await?.iter().any(|s| s.key == source && s.active) {
        e.push(FieldError::new("/source", "leads.unknown_source", "not one of the tenant's lead sources"));
    }
    if innexar_org::queries::store_use(tx, actor, input.store_id).await? != innexar_org::queries::StoreUse::Usable {
        e.push(FieldError::new("/storeId", "leads.unknown_store", "no such open store"));
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let key = new_key();
    let record = IntakeKey {
        id: IntakeKeyId::new(),
        name,
        source,
        store_id: input.store_id,
        prefix: key.chars().take(12).collect(),
        key_hash: hash(&key),
        created_by: actor.id,
        created_at: now,
        revoked_at: None,
        last_used_at: None,
    };
    entity::Entity::insert(entity::ActiveModel::from(record.clone()).reset_all()).exec_without_returning(tx).await?;
    audit::record(
        tx,
        audit::Change {
            action: "intake_keys.created",
            entity_type: "intake_key",
            entity_id: Some(record.id.uuid()),
            before: None,
            after: Some(&serde_json::to_value(&record).unwrap_or_default()),
        },
    )
    .await?;
    Ok(CreatedIntakeKey { record, key })
}

pub async fn list_keys(db: &impl ConnectionTrait) -> Result<Vec<IntakeKey>, AppError> {
    Ok(entity::Entity::find().order_by_desc(entity::Column::CreatedAt).all(db).await?)
}

pub async fn revoke_key(tx: &Tx, id: IntakeKeyId) -> Result<(), AppError> {
    let before = entity::Entity::find_by_id(id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::not_found("intake.key_not_found", "no intake key with this id"))?;
    if before.revoked_at.is_some() {
        return Ok(());
    }
    let mut after = before.clone();
    after.revoked_at = Some(tx.now());
    entity::Entity::update(entity::ActiveModel::from(after.clone()).reset_all()).exec(tx).await?;
    known_keys().lock().unwrap_or_else(PoisonError::into_inner).retain(|_, k| k.id != id);
    audit::record(
        tx,
        audit::Change {
            action: "intake_keys.revoked",
            entity_type: "intake_key",
            entity_id: Some(id.uuid()),
            before: Some(&serde_json::to_value(&before).unwrap_or_default()),
            after: Some(&serde_json::to_value(&after).unwrap_or_default()),
        },
    )
    .await?;
    Ok(())
}

/// Requests a key may make per minute.
pub const PER_KEY_PER_MINUTE: u32 = 600;
/// Leads one customer may arrive with through intake in an hour before more are refused.
pub const PER_CUSTOMER_PER_HOUR: u64 = 5;

/// Attempts per presented key in the current minute, counted before anything else is done.
fn attempts() -> &'static Mutex<HashMap<String, (Instant, u32)>> {
    static A: OnceLock<Mutex<HashMap<String, (Instant, u32)>>> = OnceLock::new();
    A.get_or_init(Default::default)
}

/// Recently seen valid keys by hash, and when their `last_used_at` was last written.
struct Known {
    id: IntakeKeyId,
    written: Instant,
}

fn known_keys() -> &'static Mutex<HashMap<String, Known>> {
    static K: OnceLock<Mutex<HashMap<String, Known>>> = OnceLock::new();
    K.get_or_init(Default::default)
}

/// The slots intake requests take: a tenant's flood cannot take every connection.
fn slots() -> &'static ConcurrencyLimit {
    static S: OnceLock<ConcurrencyLimit> = OnceLock::new();
    S.get_or_init(|| ConcurrencyLimit::new(64, 16))
}

/// Counts an attempt of the presented key; refuses past the per-minute budget.
pub fn count_attempt(key_hash: &str) -> Result<(), AppError> {
    let mut a = attempts().lock().unwrap_or_else(PoisonError::into_inner);
    let now = Instant::now();
    if a.len() > 100_000 {
        a.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
    }
    let entry = a.entry(key_hash.to_string()).or_insert((now, 0));
    if now.duration_since(entry.0) >= Duration::from_secs(60) {
        *entry = (now, 0);
    }
    entry.1 += 1;
    if entry.1 > PER_KEY_PER_MINUTE {
        let left = 60u64.saturating_sub(now.duration_since(entry.0).as_secs()).max(1);
        return Err(AppError::too_many_requests(
            "intake.rate_limited",
            left,
            "too many requests with this key; slow down",
        ));
    }
    Ok(())
}

/// A lead as a website form or a portal integration posts it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IntakeLead {
    /// The source's own id of the lead: posting it again returns the same lead.
    #[schema(min_length = 1, max_length = 100)]
    pub external_id: String,
    #[schema(min_length = 1, max_length = 150)]
    pub name: String,
    /// Any common Brazilian format; a phone or an e-mail is required.
    #[schema(max_length = 30)]
    pub phone: Option<String>,
    #[serde(default)]
    pub whatsapp: bool,
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// What the person wrote.
    #[schema(max_length = 5000)]
    pub message: Option<String>,
    #[serde(flatten)]
    pub interest: Interest,
    /// The person agreed to receive offers (by e-mail and WhatsApp) with this text shown.
    pub marketing_consent: Option<IntakeConsent>,
    /// Leave empty: a form's hidden field that only bots fill.
    #[schema(max_length = 200)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IntakeConsent {
    pub granted: bool,
    #[schema(max_length = 5000)]
    pub text_shown: Option<String>,
    #[schema(max_length = 40)]
    pub text_version: Option<String>,
}

/// What an intake answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IntakeResult {
    pub lead_id: LeadId,
    pub customer_id: CustomerId,
    /// False when this `externalId` had been received before (nothing new was written).
    pub created: bool,
}

/// The key behind `presented`, valid and not revoked.
pub async fn authenticate(db: &impl ConnectionTrait, presented: &str) -> Result<IntakeKey, AppError> {
    let bad = || AppError::unauthorized("intake.invalid_key", "the X-Api-Key is unknown or revoked");
    let h = hash(presented.trim());
    let key = entity::Entity::find()
        .filter(entity::Column::KeyHash.eq(h))
        .one(db)
        .await?
        .filter(|k| k.revoked_at.is_none())
        .ok_or_else(bad)?;
    Ok(key)
}

/// Takes an intake slot of the tenant (503 when they are all busy for a second).
pub async fn slot(tenant: uuid::Uuid) -> Result<innexar_http::limit::Slot, AppError> {
    slots()
        .acquire(tenant, Some(Duration::from_secs(1)))
        .await
        .map_err(|_| AppError::unavailable("intake.busy", "too many leads arriving at once; try again"))
}

/// Files the lead: the customer found by phone or e-mail (or made), then the lead; a repeat of
/// `externalId` answers the first lead and writes nothing (`created: false`, the caller rolls
/// back).
pub async fn receive(tx: &Tx, key: &IntakeKey, input: IntakeLead) -> Result<IntakeResult, AppError> {
    let now = tx.now();
    let mut e = Vec::new();
    if input.website.as_deref().is_some_and(|w| !w.trim().is_empty()) {
        return Err(AppError::validation(vec![FieldError::new(
            "/website",
            "intake.spam",
            "this field must stay empty",
        )]));
    }
    let external_id = validate::text(&mut e, "/externalId", Some(input.external_id), 100, true).unwrap_or_default();
    let name = validate::text(&mut e, "/name", Some(input.name), 150, true).unwrap_or_default();
    let phone = match input.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => match br::phone(p) {
            Ok(n) => Some(n),
            Err(bad) => {
                e.push(FieldError::new("/phone", bad.code(), bad.message()));
                None
            }
        },
        None => None,
    };
    let email = match input.email.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => match validate::email(m) {
            Some(a) => Some(a),
            None => {
                e.push(FieldError::new("/email", "customers.invalid_email", "not an e-mail address"));
                None
            }
        },
        None => None,
    };
    if input.phone.as_deref().is_none_or(|p| p.trim().is_empty())
        && input.email.as_deref().is_none_or(|m| m.trim().is_empty())
    {
        e.push(FieldError::new("/phone", "intake.contact_required", "a phone or an e-mail, to answer the lead"));
    }
    let message = validate::text(&mut e, "/message", input.message, 5000, false);
    if let Some(c) = &input.marketing_consent
        && c.granted
        && c.text_shown.as_deref().is_none_or(|t| t.trim().is_empty())
    {
        e.push(FieldError::new(
            "/marketingConsent/textShown",
            "consents.text_required",
            "the text the person agreed to",
        ));
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    if let Some(existing) = store::find_by_external(tx, &key.source, &external_id).await? {
        return Ok(IntakeResult { lead_id: existing.id, customer_id: existing.customer_id, created: false });
    }
    let mut keys: Vec<(&'static str, String)> = Vec::new();
    keys.extend(phone.clone().map(|p| ("phone", p)));
    keys.extend(email.clone().map(|m| ("email", m)));
    let known = store::find_by_keys(tx, &keys, None, &Visibility::All).await?;
    let customer = match known.into_iter().map(|(c, _)| c).max_by_key(|c| c.updated_at) {
        Some(c) => {
            // A flood of leads for one person (a bot replaying a form) stops here.
            if store::count_recent_leads(tx, c.id, &key.source, now - chrono::Duration::hours(1)).await?
                >= PER_CUSTOMER_PER_HOUR
            {
                return Err(AppError::too_many_requests(
                    "intake.phone_flood",
                    3600,
                    "this contact sent too many leads in the last hour",
                ));
            }
            // Checked here once: a new customer's registration checks the store itself.
            let mut e = Vec::new();
            commands::check_store(tx, key.store_id, &mut e).await?;
            if !e.is_empty() {
                return Err(AppError::validation(e));
            }
            c
        }
        None => {
            let new = NewCustomer {
                kind: CustomerKind::Person,
                name: Some(name),
                legal_name: None,
                trade_name: None,
                cpf: None,
                cnpj: None,
                birth_date: None,
                cnh_number: None,
                cnh_category: None,
                state_registration: None,
                phones: phone
                    .iter()
                    .map(|p| Phone { number: p.clone(), whatsapp: input.whatsapp, label: None })
                    .collect(),
                emails: email.iter().map(|m| EmailAddress { address: m.clone(), label: None }).collect(),
                addresses: Vec::new(),
                contacts: Vec::new(),
                preferred_channel: None,
                notes: None,
                tags: Vec::new(),
                store_id: Some(key.store_id),
            };
            commands::register_customer(tx, new, false).await?.customer
        }
    };
    let mut interest = input.interest;
    if interest.notes.is_none() {
        interest.notes = message;
    }
    let lead = NewLead {
        customer_id: customer.id,
        store_id: Some(key.store_id),
        source: key.source.clone(),
        owner_id: None,
        interest,
    };
    let (lead, created) =
        commands::open_lead(tx, Some(customer.clone()), lead, Some(external_id), Vec::new(), true).await?;
    if created && let Some(c) = input.marketing_consent {
        for channel in [ConsentChannel::Email, ConsentChannel::Whatsapp] {
            let reachable = match channel {
                ConsentChannel::Email => email.is_some(),
                _ => phone.is_some() && input.whatsapp,
            };
            if reachable {
                commands::record_consent(
                    tx,
                    customer.id,
                    NewConsent {
                        purpose: ConsentPurpose::Marketing,
                        channel,
                        granted: c.granted,
                        legal_basis: None,
                        source: format!("intake: {}", key.name).chars().take(60).collect(),
                        text_shown: c.text_shown.clone(),
                        text_version: c.text_version.clone(),
                    },
                )
                .await?;
            }
        }
    }
    mark_used(tx, key, now).await?;
    Ok(IntakeResult { lead_id: lead.id, customer_id: lead.customer_id, created })
}

/// Writes `last_used_at` at most once a minute per key: a busy key's row is not a queue.
async fn mark_used(tx: &Tx, key: &IntakeKey, now: DateTime<Utc>) -> Result<(), AppError> {
    let due = {
        let mut k = known_keys().lock().unwrap_or_else(PoisonError::into_inner);
        let entry = k
            .entry(key.key_hash.clone())
            .or_insert(Known { id: key.id, written: Instant::now() - Duration::from_secs(120) });
        let due = entry.written.elapsed() >= Duration::from_secs(60);
        if due {
            entry.written = Instant::now();
        }
        due
    };
    if due {
        entity::Entity::update_many()
            .col_expr(entity::Column::LastUsedAt, sea_orm::sea_query::Expr::value(now))
            .filter(entity::Column::Id.eq(key.id))
            .exec(tx)
            .await?;
    }
    Ok(())
}

pub fn presented_hash(presented: &str) -> String {
    hash(presented.trim())
}
