//! Use cases that change customers. Each records its audit entry and its outbox events in the
//! caller's transaction, as the transaction's actor at its time.

use chrono::NaiveDate;
use innexar_db::{Tx, audit, outbox};
use innexar_kernel::{AppError, CustomerId, FieldError, IfMatch, StoreId};
use innexar_org::queries::StoreUse;
use innexar_vehicles::commands::CustomerVehicle;
use innexar_vehicles::model::Vehicle;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::events::{ConsentChanged, CrmEvent, CustomerCreated, CustomerMerged, CustomerUpdated};
use crate::model::{
    Addresses, ConsentChannel, ConsentPurpose, ContactChannel, ContactPerson, Contacts, Customer, CustomerAddress,
    CustomerKind, EmailAddress, Emails, LegalBasis, MAX_LIST, MAX_TAGS, Phone, Phones, Tags, check_customer,
};
use crate::queries::{self, visibility};
use crate::store::{self, Consent};

mod leads;

pub(crate) use leads::settings_of as leads_settings_of;
pub use leads::{
    Interest, ListEntryInput, NewActivity, NewLead, Reassignment, StageMove, StoreSettingsInput, assign_lead,
    complete_task, create_lead, log_activity, move_stage, set_list, set_store_settings, update_lead,
};
pub(crate) use leads::{ScoringLists, check_store, open_lead, rescore as leads_rescore};

/// A new customer: a person (`name`, `cpf`) or a company (`legalName`, `tradeName`, `cnpj`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewCustomer {
    pub kind: CustomerKind,
    /// A person's full name.
    #[schema(max_length = 150)]
    pub name: Option<String>,
    /// A company's legal name (razão social).
    #[schema(max_length = 150)]
    pub legal_name: Option<String>,
    /// Nome fantasia.
    #[schema(max_length = 150)]
    pub trade_name: Option<String>,
    /// 11 digits; `529.982.247-25` accepted.
    pub cpf: Option<String>,
    /// 14 characters, numeric or alphanumeric, any case; `12.ABC.345/01DE-35` accepted.
    pub cnpj: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub cnh_number: Option<String>,
    /// `A`, `B`, `AB`, ...
    pub cnh_category: Option<String>,
    /// Inscrição estadual, or `ISENTO`.
    pub state_registration: Option<String>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub phones: Vec<Phone>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub emails: Vec<EmailAddress>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub addresses: Vec<CustomerAddress>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub contacts: Vec<ContactPerson>,
    pub preferred_channel: Option<ContactChannel>,
    #[schema(max_length = 5000)]
    pub notes: Option<String>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub tags: Vec<String>,
    /// The registering store; defaults to the first store the user works in.
    pub store_id: Option<StoreId>,
}

/// A customer who may be the same person as the one just registered: a similar name with the
/// same phone or e-mail. Flagged, not refused: a manager merges them if they are.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PossibleDuplicate {
    pub id: CustomerId,
    pub name: String,
    /// `phone`, `email`.
    pub matched_on: Vec<&'static str>,
}

/// The customer as written, and the possible duplicates found on the way.
pub struct Created {
    pub customer: Customer,
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

/// The store a customer is filed under: the one asked for, which must be usable, or the first
/// of the actor's stores that is open.
async fn filing_store(tx: &Tx, asked: Option<StoreId>) -> Result<Result<StoreId, FieldError>, AppError> {
    let actor = tx.actor();
    if let Some(id) = asked {
        return Ok(match innexar_org::queries::store_use(tx, actor, id).await? {
            StoreUse::Usable => Ok(id),
            StoreUse::Inactive => {
                Err(FieldError::new("/storeId", "customers.store_inactive", "this store is inactive"))
            }
            StoreUse::Unknown => Err(FieldError::new("/storeId", "customers.unknown_store", "no such store")),
        });
    }
    let stores = innexar_org::queries::list_stores(tx, actor).await?;
    Ok(stores.into_iter().find(|s| s.active).map(|s| s.id).ok_or_else(|| {
        FieldError::new("/storeId", "customers.unknown_store", "open a store before registering customers")
    }))
}

pub async fn create_customer(tx: &Tx, input: NewCustomer) -> Result<Created, AppError> {
    register_customer(tx, input, true).await
}

/// Registers a customer; `look_for_duplicates` false when the caller has just looked for its
/// phones and e-mails and found no one (intake).
pub(crate) async fn register_customer(
    tx: &Tx,
    input: NewCustomer,
    look_for_duplicates: bool,
) -> Result<Created, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let store = filing_store(tx, input.store_id).await?;
    let mut errors = Vec::new();
    let name = match input.kind {
        CustomerKind::Person => {
            if input.legal_name.as_deref().is_some_and(|s| !s.trim().is_empty()) {
                errors.push(FieldError::new(
                    "/legalName",
                    "customers.not_for_kind",
                    "a person has a name, not a legal name",
                ));
            }
            input.name
        }
        CustomerKind::Company => {
            if input.name.as_deref().is_some_and(|s| !s.trim().is_empty()) {
                errors.push(FieldError::new("/name", "customers.not_for_kind", "a company has a legalName"));
            }
            input.legal_name
        }
    };
    let mut c = Customer {
        id: CustomerId::new(),
        kind: input.kind,
        name: name.unwrap_or_default(),
        name_key: String::new(),
        trade_name: input.trade_name,
        cpf: input.cpf,
        cnpj: input.cnpj,
        birth_date: input.birth_date,
        cnh_number: input.cnh_number,
        cnh_category: input.cnh_category,
        state_registration: input.state_registration,
        phones: Phones(input.phones),
        emails: Emails(input.emails),
        addresses: Addresses(input.addresses),
        contacts: Contacts(input.contacts),
        preferred_channel: input.preferred_channel,
        notes: input.notes,
        tags: Tags(input.tags),
        store_id: store.clone().unwrap_or_default(),
        created_by: actor.id,
        search_text: String::new(),
        merged_into_id: None,
        merged_at: None,
        anonymized_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    if let Err(fe) = store {
        errors.push(fe);
    }
    errors.extend(check_customer(&mut c, now));
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let possible_duplicates = if look_for_duplicates { possible_duplicates(tx, &c).await? } else { Vec::new() };
    store::insert(tx, &c).await?;
    outbox::record(
        tx,
        &CrmEvent::CustomerCreated(CustomerCreated { customer_id: c.id, kind: c.kind, store_id: c.store_id }),
    )
    .await?;
    audit::record(
        tx,
        audit::Change {
            action: "customers.created",
            entity_type: "customer",
            entity_id: Some(c.id.uuid()),
            before: None,
            after: Some(&c.audit_view()),
        },
    )
    .await?;
    Ok(Created { customer: c, possible_duplicates })
}

/// Customers the actor may see with a similar name and a phone or e-mail in common.
async fn possible_duplicates(tx: &Tx, c: &Customer) -> Result<Vec<PossibleDuplicate>, AppError> {
    let found = store::find_by_keys(tx, &c.keys(), Some(c.id), &visibility(tx.actor())).await?;
    Ok(found
        .into_iter()
        .filter(|(other, _)| similar_names(&c.name, &other.name))
        .map(|(other, on)| PossibleDuplicate { id: other.id, name: other.name, matched_on: on })
        .take(10)
        .collect())
}

/// Two names are similar when one holds the other ("Maria Silva", "Maria da Silva Santos"
/// share first and last... or one is contained), or they share their first and last words
/// (folded): "João P. Souza" and "Joao Pedro Souza".
pub fn similar_names(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        innexar_kernel::text::fold(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    let (ka, kb) = (wa.concat(), wb.concat());
    if ka == kb || (ka.len() >= 5 && kb.contains(&ka)) || (kb.len() >= 5 && ka.contains(&kb)) {
        return true;
    }
    wa.first() == wb.first() && wa.len() > 1 && wb.len() > 1 && wa.last() == wb.last()
}

/// A partial update. Absent fields stay; `null` clears an optional one; a list replaces the
/// whole list.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerPatch {
    #[schema(min_length = 1, max_length = 150)]
    pub name: Option<String>,
    #[schema(min_length = 1, max_length = 150)]
    pub legal_name: Option<String>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    pub trade_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    pub cpf: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    pub cnpj: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    pub birth_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    pub cnh_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    pub cnh_category: Option<Option<String>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    pub state_registration: Option<Option<String>>,
    #[schema(max_items = 10)]
    pub phones: Option<Vec<Phone>>,
    #[schema(max_items = 10)]
    pub emails: Option<Vec<EmailAddress>>,
    #[schema(max_items = 10)]
    pub addresses: Option<Vec<CustomerAddress>>,
    #[schema(max_items = 10)]
    pub contacts: Option<Vec<ContactPerson>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    pub preferred_channel: Option<Option<ContactChannel>>,
    #[serde(default, deserialize_with = "innexar_kernel::patch::some")]
    pub notes: Option<Option<String>>,
    #[schema(max_items = 20)]
    pub tags: Option<Vec<String>>,
    pub store_id: Option<StoreId>,
}

/// Changes customer `id` (an old id of a merged record changes the survivor) if its version is
/// one `expected` allows.
pub async fn update_customer(
    tx: &Tx,
    id: CustomerId,
    expected: IfMatch,
    patch: CustomerPatch,
) -> Result<Customer, AppError> {
    let now = tx.now();
    let before = queries::get_customer(tx, tx.actor(), id).await?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    let mut errors = Vec::new();
    let mut after = before.clone();
    match (before.kind, patch.name, patch.legal_name) {
        (CustomerKind::Person, name, legal) => {
            if legal.is_some() {
                errors.push(FieldError::new(
                    "/legalName",
                    "customers.not_for_kind",
                    "a person has a name, not a legal name",
                ));
            }
            if let Some(n) = name {
                after.name = n;
            }
        }
        (CustomerKind::Company, name, legal) => {
            if name.is_some() {
                errors.push(FieldError::new("/name", "customers.not_for_kind", "a company has a legalName"));
            }
            if let Some(n) = legal {
                after.name = n;
            }
        }
    }
    if let Some(v) = patch.trade_name {
        after.trade_name = v;
    }
    if let Some(v) = patch.cpf {
        after.cpf = v;
    }
    if let Some(v) = patch.cnpj {
        after.cnpj = v;
    }
    if let Some(v) = patch.birth_date {
        after.birth_date = v;
    }
    if let Some(v) = patch.cnh_number {
        after.cnh_number = v;
    }
    if let Some(v) = patch.cnh_category {
        after.cnh_category = v;
    }
    if let Some(v) = patch.state_registration {
        after.state_registration = v;
    }
    if let Some(v) = patch.phones {
        after.phones = Phones(v);
    }
    if let Some(v) = patch.emails {
        after.emails = Emails(v);
    }
    if let Some(v) = patch.addresses {
        after.addresses = Addresses(v);
    }
    if let Some(v) = patch.contacts {
        after.contacts = Contacts(v);
    }
    if let Some(v) = patch.preferred_channel {
        after.preferred_channel = v;
    }
    if let Some(v) = patch.notes {
        after.notes = v;
    }
    if let Some(v) = patch.tags {
        after.tags = Tags(v);
    }
    if let Some(s) = patch.store_id
        && s != before.store_id
    {
        match filing_store(tx, Some(s)).await? {
            Ok(s) => after.store_id = s,
            Err(fe) => errors.push(fe),
        }
    }
    errors.extend(check_customer(&mut after, now));
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let changed = changed_fields(&before.audit_view(), &after.audit_view());
    if changed.is_empty() {
        return Ok(before);
    }
    after.version += 1;
    after.updated_at = now;
    if !store::update(tx, &after, before.version).await? {
        return Err(stale());
    }
    outbox::record(tx, &CrmEvent::CustomerUpdated(CustomerUpdated { customer_id: after.id, changed })).await?;
    audit::record(
        tx,
        audit::Change {
            action: "customers.updated",
            entity_type: "customer",
            entity_id: Some(after.id.uuid()),
            before: Some(&before.audit_view()),
            after: Some(&after.audit_view()),
        },
    )
    .await?;
    Ok(after)
}

/// The API names of the fields that differ between two audit views.
fn changed_fields(before: &serde_json::Value, after: &serde_json::Value) -> Vec<String> {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else { return Vec::new() };
    let mut keys: Vec<String> = a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).cloned().collect();
    keys.sort();
    keys.dedup();
    keys
}

fn stale() -> AppError {
    AppError::precondition_failed("the customer was changed by someone else; reload and try again")
}

/// The tables, besides the CRM's own, whose rows name a customer: a merge moves them all in its
/// transaction. Later areas (quotes, sales, repair orders) add their line here.
const CUSTOMER_LINKS: &[(&str, &str)] = &[
    ("crm_consents", "customer_id"),
    ("crm_data_requests", "customer_id"),
    // The sales desk's records of the customer (named here: the CRM cannot call sales).
    ("sales_reservations", "customer_id"),
    ("sales_appraisals", "customer_id"),
    ("sales_quotes", "customer_id"),
];

/// Merges customer `merged_id` into `survivor_id`: the survivor takes the fields it lacks and
/// every phone, e-mail, address, contact and tag of the other (up to the limits); every link
/// (consents, owned vehicles, and each table of `CUSTOMER_LINKS`) moves to it; the merged
/// record stays as a tombstone, so its id still resolves to the survivor.
pub async fn merge_customers(tx: &Tx, survivor_id: CustomerId, merged_id: CustomerId) -> Result<Customer, AppError> {
    let now = tx.now();
    if survivor_id == merged_id {
        return Err(AppError::validation(vec![FieldError::new(
            "/mergedId",
            "customers.merge_into_itself",
            "a customer cannot be merged into itself",
        )]));
    }
    let seen = visibility(tx.actor());
    // Merges into one survivor wait for each other instead of failing on its version.
    store::lock(tx, &[survivor_id, merged_id]).await?;
    let load = |id| async move {
        store::find(tx, id).await?.ok_or_else(|| AppError::not_found("customers.not_found", "no customer with this id"))
    };
    let (survivor, merged) = (load(survivor_id).await?, load(merged_id).await?);
    for c in [&survivor, &merged] {
        if !c.is_merged() && store::find_visible(tx, c.id, &seen).await?.is_none() {
            return Err(AppError::not_found("customers.not_found", "no customer with this id"));
        }
        if let Some(into) = c.merged_into_id {
            return Err(AppError::conflict(
                "customers.already_merged",
                format!("customer {} was merged into {into}; merge with that record", c.id),
            ));
        }
    }
    if survivor.kind != merged.kind {
        return Err(AppError::validation(vec![FieldError::new(
            "/mergedId",
            "customers.merge_kinds_differ",
            "a person and a company are not the same customer",
        )]));
    }
    for (field, a, b) in [("cpf", &survivor.cpf, &merged.cpf), ("cnpj", &survivor.cnpj, &merged.cnpj)] {
        if let (Some(a), Some(b)) = (a, b)
            && a != b
        {
            return Err(AppError::conflict(
                "customers.merge_documents_differ",
                format!("the two records have different {}s: they are not the same customer", field.to_uppercase()),
            ));
        }
    }
    let mut after = combined(&survivor, &merged);
    after.version += 1;
    after.updated_at = now;
    // The tombstone first: it gives up its CPF or CNPJ before the survivor takes it.
    if !store::make_tombstone(tx, &merged, survivor.id, now).await?
        || !store::update(tx, &after, survivor.version).await?
    {
        return Err(stale());
    }
    let mut moved = serde_json::Map::new();
    for (table, column) in CUSTOMER_LINKS {
        let n = store::repoint(tx, table, column, merged.id, survivor.id).await?;
        moved.insert((*table).to_string(), n.into());
    }
    let (leads, activities) = store::move_customer(tx, merged.id, survivor.id).await?;
    crate::conversations::merge(tx, merged.id, survivor.id).await?;
    moved.insert("crm_leads".into(), leads.into());
    moved.insert("crm_activities".into(), activities.into());
    let vehicles = innexar_vehicles::commands::move_owned_vehicles(tx, merged.id, survivor.id).await?;
    moved.insert("inventory_vehicles".into(), vehicles.into());
    outbox::record(tx, &CrmEvent::CustomerMerged(CustomerMerged { customer_id: survivor.id, merged_id: merged.id }))
        .await?;
    let before = serde_json::json!({ "survivor": survivor.audit_view(), "merged": merged.audit_view() });
    let mut after_view = after.audit_view();
    if let Some(o) = after_view.as_object_mut() {
        o.insert("mergedId".into(), merged.id.to_string().into());
        o.insert("linksMoved".into(), moved.into());
    }
    for id in [survivor.id, merged.id] {
        audit::record(
            tx,
            audit::Change {
                action: "customers.merged",
                entity_type: "customer",
                entity_id: Some(id.uuid()),
                before: Some(&before),
                after: Some(&after_view),
            },
        )
        .await?;
    }
    Ok(after)
}

/// The survivor with what the merged record adds: fields it lacks, and the union of the lists.
fn combined(survivor: &Customer, merged: &Customer) -> Customer {
    let mut c = survivor.clone();
    let m = merged.clone();
    c.trade_name = c.trade_name.or(m.trade_name);
    c.cpf = c.cpf.or(m.cpf);
    c.cnpj = c.cnpj.or(m.cnpj);
    c.birth_date = c.birth_date.or(m.birth_date);
    c.cnh_number = c.cnh_number.or(m.cnh_number);
    c.cnh_category = c.cnh_category.or(m.cnh_category);
    c.state_registration = c.state_registration.or(m.state_registration);
    c.preferred_channel = c.preferred_channel.or(m.preferred_channel);
    c.notes = match (c.notes.take(), m.notes) {
        (Some(a), Some(b)) if a != b => Some(format!("{a}\n\n{b}").chars().take(5000).collect()),
        (a, b) => a.or(b),
    };
    for p in m.phones.0 {
        let room = c.phones.len() < MAX_LIST;
        match c.phones.0.iter_mut().find(|k| k.number == p.number) {
            Some(k) => k.whatsapp |= p.whatsapp,
            None if room => c.phones.0.push(p),
            None => {}
        }
    }
    for e in m.emails.0 {
        if c.emails.len() < MAX_LIST && !c.emails.iter().any(|k| k.address == e.address) {
            c.emails.0.push(e);
        }
    }
    for a in m.addresses.0 {
        if c.addresses.len() < MAX_LIST && !c.addresses.contains(&a) {
            c.addresses.0.push(a);
        }
    }
    for p in m.contacts.0 {
        if c.contacts.len() < MAX_LIST && !c.contacts.contains(&p) {
            c.contacts.0.push(p);
        }
    }
    for t in m.tags.0 {
        let fold = innexar_kernel::text::fold;
        if c.tags.len() < MAX_TAGS && !c.tags.iter().any(|k| fold(k) == fold(&t)) {
            c.tags.0.push(t);
        }
    }
    c
}

/// A consent given or withdrawn, as the desk records it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewConsent {
    pub purpose: ConsentPurpose,
    pub channel: ConsentChannel,
    /// `false` records a refusal or a withdrawal.
    pub granted: bool,
    /// Defaults to `consent`.
    pub legal_basis: Option<LegalBasis>,
    /// Where it was given: "ficha de cadastro", "site", "WhatsApp".
    #[schema(max_length = 60)]
    pub source: String,
    /// The text the person was shown; required to grant on the basis of consent (LGPD art. 8:
    /// consent is informed).
    #[schema(max_length = 5000)]
    pub text_shown: Option<String>,
    #[schema(max_length = 40)]
    pub text_version: Option<String>,
}

/// Records a consent answer. The event fires when the answer for that purpose and channel is
/// new or differs from the current one.
pub async fn record_consent(tx: &Tx, id: CustomerId, input: NewConsent) -> Result<Consent, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let customer = queries::get_customer(tx, actor, id).await?;
    let mut e = Vec::new();
    let legal_basis = input.legal_basis.unwrap_or(LegalBasis::Consent);
    let source = innexar_kernel::validate::text(&mut e, "/source", Some(input.source), 60, true).unwrap_or_default();
    let text_shown = innexar_kernel::validate::text(&mut e, "/textShown", input.text_shown, 5000, false);
    let text_version = innexar_kernel::validate::text(&mut e, "/textVersion", input.text_version, 40, false);
    if input.granted && legal_basis == LegalBasis::Consent && text_shown.is_none() {
        e.push(FieldError::new(
            "/textShown",
            "consents.text_required",
            "consent is informed: record the text the person agreed to",
        ));
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let current = store::consents(tx, customer.id)
        .await?
        .into_iter()
        .find(|c| c.purpose == input.purpose && c.channel == input.channel);
    let consent = Consent {
        id: innexar_kernel::new_id(),
        customer_id: customer.id,
        purpose: input.purpose,
        channel: input.channel,
        granted: input.granted,
        legal_basis,
        source,
        text_shown,
        text_version,
        recorded_at: now,
        recorded_by: actor.id,
    };
    store::insert_consent(tx, &consent).await?;
    if current.as_ref().is_none_or(|c| c.granted != consent.granted) {
        outbox::record(
            tx,
            &CrmEvent::ConsentChanged(ConsentChanged {
                customer_id: customer.id,
                purpose: consent.purpose,
                channel: consent.channel,
                granted: consent.granted,
            }),
        )
        .await?;
    }
    audit::record(
        tx,
        audit::Change {
            action: "customers.consent_recorded",
            entity_type: "customer",
            entity_id: Some(customer.id.uuid()),
            before: current.as_ref().map(|c| serde_json::to_value(c).unwrap_or_default()).as_ref(),
            after: Some(&serde_json::to_value(&consent).unwrap_or_default()),
        },
    )
    .await?;
    Ok(consent)
}

/// Registers a vehicle as the customer's own, or links the record of that car (by VIN or placa)
/// to them. Returns the vehicle and whether a record was made.
pub async fn add_vehicle(tx: &Tx, id: CustomerId, input: CustomerVehicle) -> Result<(Vehicle, bool), AppError> {
    let customer = queries::get_customer(tx, tx.actor(), id).await?;
    innexar_vehicles::commands::register_customer_vehicle(tx, customer.id, customer.store_id, input).await
}

/// The customer no longer owns vehicle `vehicle_id`.
pub async fn remove_vehicle(
    tx: &Tx,
    id: CustomerId,
    vehicle_id: innexar_vehicles::ids::VehicleId,
) -> Result<Vehicle, AppError> {
    let customer = queries::get_customer(tx, tx.actor(), id).await?;
    innexar_vehicles::commands::release_customer_vehicle(tx, customer.id, vehicle_id).await
}

/// A person's "no more" on `channel` (an opt-out link, a SAIR reply): withdraws each of
/// `purposes` that `customers` allow now, recorded with `source`. The customers are locked
/// first, so the same opt-out arriving twice at once records one withdrawal.
pub async fn opt_out(
    tx: &Tx,
    customers: &[CustomerId],
    channel: ConsentChannel,
    purposes: &[ConsentPurpose],
    source: &str,
) -> Result<(), AppError> {
    let mut ids = customers.to_vec();
    ids.sort();
    ids.dedup();
    store::lock(tx, &ids).await?;
    for c in ids {
        for purpose in purposes {
            if queries::may_contact(&**tx, c, *purpose, channel).await? {
                let input = NewConsent {
                    purpose: *purpose,
                    channel,
                    granted: false,
                    legal_basis: None,
                    source: source.to_string(),
                    text_shown: None,
                    text_version: None,
                };
                record_consent(tx, c, input).await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::similar_names;

    #[test]
    fn similar_names_are_told_apart_from_different_ones() {
        assert!(similar_names("João Pedro Souza", "joao souza"));
        assert!(similar_names("Maria Silva", "MARIA SILVA"));
        assert!(similar_names("Auto Peças Brasil Ltda", "auto pecas brasil"));
        assert!(!similar_names("Maria Silva", "Mario Souza"));
        assert!(!similar_names("Ana", "Ana Paula Costa"));
        assert!(!similar_names("", "Ana"));
    }
}
