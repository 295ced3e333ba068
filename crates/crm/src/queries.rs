//! Reads of customers, always within what the reader may see: the condition is part of every
//! statement (lists, search, counts), not a filter applied after reading.

use innexar_kernel::page::PageParams;
use innexar_kernel::text::fold;
use innexar_kernel::{Actor, AppError, CustomerId, FieldError, Page, StoreId, validate};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use utoipa::ToSchema;

use crate::model::{
    Activity, ActivityId, ConsentChannel, ConsentPurpose, Customer, CustomerKind, Lead, LeadId, LeadStage, ListEntry,
    ListKind, StageChange, StoreSettings,
};
use crate::permissions::{CUSTOMERS_SEE_ALL, CUSTOMERS_SEE_STORE, LEADS_SEE_ALL, LEADS_SEE_STORE};
use crate::store::{self, Consent, CustomerFilter, LeadFilter};
pub use crate::store::{LeadVisibility, Visibility};

pub const SORTABLE: &[&str] = &["createdAt", "name", "updatedAt"];

/// Which customers `actor` may see: every one (`customers.see_all`), those of their stores
/// (`customers.see_store`), or those they registered.
pub fn visibility(actor: &Actor) -> Visibility {
    if actor.can(CUSTOMERS_SEE_ALL) {
        return Visibility::All;
    }
    if actor.can(CUSTOMERS_SEE_STORE) {
        return match &actor.store_ids {
            None => Visibility::All,
            Some(ids) => Visibility::Stores(ids.clone()),
        };
    }
    match actor.id {
        Some(id) => Visibility::Own(id),
        None => Visibility::Stores(Vec::new()),
    }
}

fn not_found() -> AppError {
    AppError::not_found("customers.not_found", "no customer with this id, or not one you may see")
}

/// One customer the actor may see. The id of a merged record resolves to the record it was
/// merged into.
pub async fn get_customer(db: &impl ConnectionTrait, actor: &Actor, id: CustomerId) -> Result<Customer, AppError> {
    let c = store::find(db, id).await?.ok_or_else(not_found)?;
    let id = c.merged_into_id.unwrap_or(c.id);
    let c = store::find_visible(db, id, &visibility(actor)).await?.ok_or_else(not_found)?;
    if c.is_merged() {
        return Err(not_found());
    }
    Ok(c)
}

/// A customer's record as other areas print it on their documents (a quote's customer, whom
/// the desk already checked): by id, a merged record resolving to its survivor, without the
/// actor's visibility (one read where the record was not merged).
pub async fn customer_record(db: &impl ConnectionTrait, id: CustomerId) -> Result<Customer, AppError> {
    let c = store::find(db, id).await?.ok_or_else(not_found)?;
    match c.merged_into_id {
        Some(survivor) => store::find(db, survivor).await?.ok_or_else(not_found),
        None => Ok(c),
    }
}

/// The customer list's filters (`GET /customers` documents them).
#[derive(Debug, Default, Clone)]
pub struct CustomerQuery {
    /// Name, CPF or CNPJ, phone, e-mail, or the placa of a vehicle the customer owns.
    pub q: Option<String>,
    pub kind: Option<CustomerKind>,
    pub store_id: Option<StoreId>,
    pub tag: Option<String>,
}

/// The words of a search as `search_text` holds them. A CPF, CNPJ or phone typed with its mask
/// becomes its digits (a phone's `+55` is kept: the text holds both forms).
pub fn search_words(q: &str) -> Vec<String> {
    let t = q.trim();
    if t.is_empty() {
        return Vec::new();
    }
    let compact: String =
        t.chars().filter(|c| !matches!(c, '.' | '-' | '/' | '(' | ')' | '+') && !c.is_whitespace()).collect();
    let has_digit = compact.chars().any(|c| c.is_ascii_digit());
    if has_digit && compact.chars().all(|c| c.is_ascii_digit()) {
        return vec![compact];
    }
    if compact.chars().count() == 14 && validate::cnpj(&compact).is_ok() {
        return vec![compact.to_lowercase()];
    }
    // A word of punctuation alone (`Ribeiro & Filhos`) narrows nothing and no index can look
    // it up: every row the other words match would be read to check it.
    fold(t)
        .split_whitespace()
        .map(|w| w.replace(['%', '_', '\\'], ""))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(8)
        .collect()
}

/// A placa as typed (`ABC-1234`, `abc1d23`), when the search looks like one.
fn as_placa(q: &str) -> Option<String> {
    let p: String =
        q.trim().chars().filter(|c| *c != '-' && !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let b = p.as_bytes();
    let is = b.len() == 7
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b[3].is_ascii_digit()
        && b[4].is_ascii_alphanumeric()
        && b[5..].iter().all(u8::is_ascii_digit);
    is.then_some(p)
}

/// A search typed as a whole identifier: a valid CPF or CNPJ, a phone number, an e-mail
/// address. These are found by equality (the unique document indexes and `crm_customer_keys`),
/// one index probe each, instead of scanning every customer's text for a fragment: that scan
/// is what a name needs, and it costs the same for 11 digits as for a common surname.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Identifiers {
    pub cpf: Option<String>,
    pub cnpj: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Identifiers {
    pub fn is_empty(&self) -> bool {
        self.cpf.is_none() && self.cnpj.is_none() && self.phone.is_none() && self.email.is_none()
    }
}

/// The identifiers `q` is, whole. Eleven digits may be a CPF and a mobile number at once
/// (`11987654321`): both are looked up. A fragment of one (`98765`) is none of them and is
/// searched as text.
pub fn identifiers(q: &str) -> Identifiers {
    let t = q.trim();
    let mut found = Identifiers::default();
    if t.contains('@') {
        found.email = validate::email(t);
        return found;
    }
    let compact: String =
        t.chars().filter(|c| !matches!(c, '.' | '-' | '/' | '(' | ')' | '+') && !c.is_whitespace()).collect();
    if compact.chars().all(|c| c.is_ascii_digit()) {
        found.cpf = innexar_kernel::br::cpf(&compact).ok();
        found.phone = innexar_kernel::br::phone(t).ok().filter(|_| compact.len() >= 10);
    }
    if compact.chars().count() == 14 {
        found.cnpj = validate::cnpj(&compact).ok();
    }
    found
}

pub async fn list_customers(
    db: &impl ConnectionTrait,
    actor: &Actor,
    q: CustomerQuery,
    page: PageParams,
) -> Result<Page<Customer>, AppError> {
    let page = page.validate(SORTABLE)?;
    let text = q.q.unwrap_or_default();
    let mut errors = Vec::new();
    if text.chars().count() > 100 {
        errors.push(FieldError::new("/q", "field.too_long", "search text is at most 100 characters"));
    }
    let tag = q.tag.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    if tag.as_ref().is_some_and(|t| t.chars().count() > 40) {
        errors.push(FieldError::new("/tag", "field.too_long", "a tag is at most 40 characters"));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let ids = identifiers(&text);
    let (words, found) = if !ids.is_empty() {
        (Vec::new(), store::ids_by_identifiers(db, &ids).await?)
    } else {
        let owners = match as_placa(&text) {
            Some(p) => innexar_vehicles::queries::owners_by_placa(db, &p).await?,
            None => Vec::new(),
        };
        (search_words(&text), owners)
    };
    let filter = CustomerFilter {
        searched: !words.is_empty() || !ids.is_empty() || !found.is_empty(),
        words,
        found,
        kind: q.kind,
        store_id: q.store_id,
        tag,
    };
    let (items, total, exact) = store::list(db, &filter, &visibility(actor), &page).await?;
    let mut p = Page::new(items, &page, total);
    p.total_exact = exact;
    Ok(p)
}

/// A customer's consent: the current answer per purpose and channel, and every answer given.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentState {
    /// The latest answer for each purpose and channel answered.
    pub current: Vec<Consent>,
    /// Every answer, newest first.
    pub history: Vec<Consent>,
}

pub async fn consents(db: &impl ConnectionTrait, actor: &Actor, id: CustomerId) -> Result<ConsentState, AppError> {
    let c = get_customer(db, actor, id).await?;
    let history = store::consents(db, c.id).await?;
    let mut current: Vec<Consent> = Vec::new();
    for k in &history {
        if !current.iter().any(|c| c.purpose == k.purpose && c.channel == k.channel) {
            current.push(k.clone());
        }
    }
    Ok(ConsentState { current, history })
}

/// Whether the customer may be contacted for `purpose` through `channel`: their latest answer
/// granted it. No answer is no: what notifications check before sending.
pub async fn may_contact(
    db: &impl ConnectionTrait,
    id: CustomerId,
    purpose: ConsentPurpose,
    channel: ConsentChannel,
) -> Result<bool, AppError> {
    Ok(store::consents(db, id)
        .await?
        .into_iter()
        .find(|c| c.purpose == purpose && c.channel == channel)
        .is_some_and(|c| c.granted))
}

/// The vehicles a customer the actor may see owns.
pub async fn vehicles(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: CustomerId,
) -> Result<Vec<innexar_vehicles::model::Vehicle>, AppError> {
    let c = get_customer(db, actor, id).await?;
    innexar_vehicles::queries::owned_by(db, c.id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_become_the_words_the_text_holds() {
        assert_eq!(search_words("529.982.247-25"), ["52998224725"]);
        assert_eq!(search_words("(11) 98765-4321"), ["11987654321"]);
        assert_eq!(search_words("+55 11 98765-4321"), ["5511987654321"]);
        assert_eq!(search_words("12.abc.345/01de-35"), ["12abc34501de35"]);
        assert_eq!(search_words("  João   da SILVA "), ["joao", "da", "silva"]);
        assert_eq!(search_words("100%_x"), ["100x"]);
        assert_eq!(search_words("Ribeiro & Filhos"), ["ribeiro", "filhos"]);
        assert_eq!(as_placa("abc-1d23").as_deref(), Some("ABC1D23"));
        assert_eq!(as_placa("joao"), None);
    }

    #[test]
    fn whole_identifiers_are_looked_up_not_scanned() {
        let cpf_or_mobile = identifiers("11987654374");
        assert_eq!(cpf_or_mobile.cpf.as_deref(), Some("11987654374"));
        assert_eq!(cpf_or_mobile.phone.as_deref(), Some("+5511987654374"));
        let masked = identifiers("529.982.247-25");
        assert_eq!((masked.cpf.as_deref(), masked.phone), (Some("52998224725"), None));
        for typed in ["(11) 98765-4321", "+55 11 98765-4321", "11987654321", "5511987654321"] {
            assert_eq!(identifiers(typed).phone.as_deref(), Some("+5511987654321"), "{typed}");
        }
        assert_eq!(identifiers("12.ABC.345/01DE-35").cnpj.as_deref(), Some("12ABC34501DE35"));
        assert_eq!(identifiers("11.222.333/0001-81").cnpj.as_deref(), Some("11222333000181"));
        assert_eq!(identifiers(" Ana@Example.com ").email.as_deref(), Some("ana@example.com"));
        // Fragments and names are text.
        for typed in ["98765", "529.982", "ana@", "silva", "111.111.111-11", "ABC1D23"] {
            assert!(identifiers(typed).is_empty(), "{typed}");
        }
    }
}

/// Which leads `actor` may see: every one (`leads.see_all`), those of their stores
/// (`leads.see_store`), or those they work.
pub fn lead_visibility(actor: &Actor) -> LeadVisibility {
    if actor.can(LEADS_SEE_ALL) {
        return LeadVisibility::All;
    }
    if actor.can(LEADS_SEE_STORE) {
        return match &actor.store_ids {
            None => LeadVisibility::All,
            Some(ids) => LeadVisibility::Stores(ids.clone()),
        };
    }
    match actor.id {
        Some(id) => LeadVisibility::Own(id),
        None => LeadVisibility::Stores(Vec::new()),
    }
}

fn lead_not_found() -> AppError {
    AppError::not_found("leads.not_found", "no lead with this id, or not one you may see")
}

pub async fn get_lead(db: &impl ConnectionTrait, actor: &Actor, id: LeadId) -> Result<Lead, AppError> {
    store::find_visible_lead(db, id, &lead_visibility(actor)).await?.ok_or_else(lead_not_found)
}

pub const LEAD_SORTABLE: &[&str] = &["createdAt", "score", "stageChangedAt", "responseDueAt"];

/// A lead list's filters as they arrive.
#[derive(Debug, Default, Clone)]
pub struct LeadQuery {
    pub store_id: Option<StoreId>,
    pub stage: Option<String>,
    pub owner_id: Option<uuid::Uuid>,
    pub unassigned: Option<bool>,
    pub customer_id: Option<CustomerId>,
    pub source: Option<String>,
    pub overdue: Option<bool>,
}

fn lead_filter(q: LeadQuery, now: chrono::DateTime<chrono::Utc>) -> Result<LeadFilter, AppError> {
    if q.source.as_ref().is_some_and(|s| s.chars().count() > 40) {
        return Err(AppError::validation(vec![FieldError::new(
            "/source",
            "field.too_long",
            "a source key is at most 40 characters",
        )]));
    }
    let mut stages = Vec::new();
    for s in q.stage.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
        match LeadStage::parse(s) {
            Some(st) => stages.push(st),
            None => {
                return Err(AppError::validation(vec![FieldError::new(
                    "/stage",
                    "field.invalid_enum",
                    format!("unknown stage '{s}'"),
                )]));
            }
        }
    }
    Ok(LeadFilter {
        store_id: q.store_id,
        stages,
        owner_id: q.owner_id,
        unassigned: q.unassigned.unwrap_or(false),
        customer_id: q.customer_id,
        source: q.source.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        overdue_at: q.overdue.unwrap_or(false).then_some(now),
    })
}

pub async fn list_leads(
    db: &impl ConnectionTrait,
    actor: &Actor,
    q: LeadQuery,
    page: PageParams,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Page<Lead>, AppError> {
    let page = page.validate(LEAD_SORTABLE)?;
    let f = lead_filter(q, now)?;
    let (items, total) = store::list_leads(db, &f, &lead_visibility(actor), &page).await?;
    Ok(Page::new(items, &page, total))
}

/// One column of the pipeline board.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BoardColumn {
    pub stage: LeadStage,
    /// Every lead in the stage (closed ones: those closed in the last 30 days).
    pub total: u64,
    /// The most recently moved, at most `perStage`.
    pub leads: Vec<LeadCard>,
}

/// A lead as a board card shows it: the lead and who it is.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeadCard {
    pub id: LeadId,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub phone: Option<String>,
    #[schema(value_type = Option<uuid::Uuid>)]
    pub owner_id: Option<uuid::Uuid>,
    pub source: String,
    pub stage: LeadStage,
    pub score: i32,
    pub make: Option<String>,
    pub model: Option<String>,
    #[schema(value_type = Option<uuid::Uuid>)]
    pub vehicle_id: Option<uuid::Uuid>,
    pub stage_changed_at: chrono::DateTime<chrono::Utc>,
    pub response_due_at: chrono::DateTime<chrono::Utc>,
    /// Still unanswered past its response time.
    pub overdue: bool,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Board {
    pub columns: Vec<BoardColumn>,
}

/// The pipeline board: each stage's count and its most recently moved leads, with their
/// customers' names, within what the actor may see.
pub async fn board(
    db: &impl ConnectionTrait,
    actor: &Actor,
    q: LeadQuery,
    per_stage: u64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Board, AppError> {
    let f = lead_filter(q, now)?;
    let v = lead_visibility(actor);
    let closed_since = now - chrono::Duration::days(30);
    let counts = store::count_by_stage(db, &f, &v, closed_since).await?;
    let stages: Vec<LeadStage> = if f.stages.is_empty() { LeadStage::ALL.to_vec() } else { f.stages.clone() };
    let total = |stage: LeadStage| counts.iter().filter(|c| c.0 == stage).map(|c| c.1.max(0) as u64).sum::<u64>();
    let with_leads: Vec<LeadStage> = stages.iter().copied().filter(|s| total(*s) > 0).collect();
    let rows = store::board_cards(db, &f, &v, &with_leads, closed_since, per_stage).await?;
    let mut columns: Vec<BoardColumn> =
        stages.iter().map(|s| BoardColumn { stage: *s, total: total(*s), leads: Vec::new() }).collect();
    for r in rows {
        let Some(column) = columns.iter_mut().find(|c| c.stage == r.stage) else { continue };
        column.leads.push(LeadCard {
            id: r.id,
            customer_id: r.customer_id,
            customer_name: r.customer_name,
            phone: r.phone,
            owner_id: r.owner_id,
            source: r.source,
            stage: r.stage,
            score: r.score,
            make: r.make,
            model: r.model,
            vehicle_id: r.vehicle_id,
            stage_changed_at: r.stage_changed_at,
            response_due_at: r.response_due_at,
            overdue: r.stage == LeadStage::New && r.first_response_at.is_none() && r.response_due_at < now,
            version: r.row_version,
        });
    }
    Ok(Board { columns })
}

/// A lead's timeline: its stage moves and its activities, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    pub stage_changes: Vec<StageChange>,
    pub activities: Vec<ActivityView>,
}

/// An activity with its id.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActivityView {
    pub id: ActivityId,
    #[serde(flatten)]
    pub record: Activity,
    pub version: i64,
}

impl From<Activity> for ActivityView {
    fn from(a: Activity) -> Self {
        ActivityView { id: a.id, version: a.version, record: a }
    }
}

pub async fn timeline(db: &impl ConnectionTrait, actor: &Actor, id: LeadId) -> Result<Timeline, AppError> {
    let lead = get_lead(db, actor, id).await?;
    Ok(Timeline {
        stage_changes: store::stage_changes(db, lead.id).await?,
        activities: store::activities(db, Some(lead.id), None, 500)
            .await?
            .into_iter()
            .map(ActivityView::from)
            .collect(),
    })
}

/// A customer's activities (every lead's and their own), newest first.
pub async fn customer_activities(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: CustomerId,
) -> Result<Vec<ActivityView>, AppError> {
    let c = get_customer(db, actor, id).await?;
    Ok(store::activities(db, None, Some(c.id), 500).await?.into_iter().map(ActivityView::from).collect())
}

/// The actor's open tasks: those due before the end of `until` (today's and overdue ones), or
/// every open one.
pub async fn my_tasks(
    db: &impl ConnectionTrait,
    actor: &Actor,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Vec<ActivityView>, AppError> {
    let Some(me) = actor.id else { return Ok(Vec::new()) };
    Ok(store::open_tasks(db, me, until).await?.into_iter().map(ActivityView::from).collect())
}

/// One of the tenant's lists, active entries first in their order.
pub async fn list_entries(db: &impl ConnectionTrait, kind: ListKind) -> Result<Vec<ListEntry>, AppError> {
    let mut all = store::list_entries(db, kind).await?;
    all.sort_by_key(|e| (!e.active, e.position));
    Ok(all)
}

/// A store's lead settings (its defaults when it set none).
pub async fn store_settings(
    db: &impl ConnectionTrait,
    actor: &Actor,
    store: StoreId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<StoreSettings, AppError> {
    innexar_org::queries::get_store(db, actor, store).await?;
    crate::commands::leads_settings_of(db, store, now).await
}

/// Customers' names by id, for lists in other areas that name each row's customer (the ids
/// they hold were checked when written; a merged record keeps its own name).
pub async fn customer_names(
    db: &impl ConnectionTrait,
    ids: &[CustomerId],
) -> Result<std::collections::HashMap<CustomerId, String>, AppError> {
    store::names(db, ids).await
}

/// The live customers who have `phone` (E.164) among their numbers: whoever may have sent a
/// message from it.
pub async fn customers_with_phone(db: &impl ConnectionTrait, phone: &str) -> Result<Vec<CustomerId>, AppError> {
    let ids = Identifiers { phone: Some(phone.to_string()), ..Identifiers::default() };
    store::ids_by_identifiers(db, &ids).await
}
