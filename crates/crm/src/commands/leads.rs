//! Use cases of the funnel: leads (created, changed, moved between stages, assigned),
//! activities and tasks, each store's lead settings and the tenant's lists.

use chrono::{DateTime, Datelike, Duration, Utc};
use innexar_db::{Tx, audit, outbox};
use innexar_kernel::{Actor, AppError, CustomerId, FieldError, IfMatch, Money, Role, StoreId, new_id, validate};
use innexar_org::queries::StoreUse;
use innexar_vehicles::ids::VehicleId;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::events::{CrmEvent, LeadAssigned, LeadClosed, LeadCreated, LeadStageChanged};
use crate::model::lead::{DEFAULT_FIRST_RESPONSE_MINUTES, SourceOwners};
use crate::model::{
    Activity, ActivityId, ActivityKind, Assignment, Customer, Direction, Lead, LeadId, LeadStage, ListEntry, ListKind,
    ScoreFactors, StageChange, StoreSettings, WantedCondition,
};
use crate::permissions::LEADS_ASSIGN;
use crate::queries::{self, lead_visibility};
use crate::scoring;
use crate::store;

/// A lead as the desk or an integration opens it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewLead {
    pub customer_id: CustomerId,
    /// Defaults to the customer's store.
    pub store_id: Option<StoreId>,
    /// A key of the tenant's source list (`GET /crm/lists/source`).
    #[schema(max_length = 40)]
    pub source: String,
    /// The salesperson; by default the salesperson opening it, or the store's assignment rule.
    pub owner_id: Option<Uuid>,
    #[serde(flatten)]
    pub interest: Interest,
}

/// What the customer wants: a stock vehicle, or criteria.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Interest {
    pub vehicle_id: Option<VehicleId>,
    #[schema(max_length = 60)]
    pub make: Option<String>,
    #[schema(max_length = 60)]
    pub model: Option<String>,
    pub year_min: Option<i32>,
    pub year_max: Option<i32>,
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10_000_000_000.0)]
    pub budget_cents: Option<Money>,
    pub condition: Option<WantedCondition>,
    #[serde(default)]
    pub has_trade_in: bool,
    #[schema(max_length = 1000)]
    pub trade_in_notes: Option<String>,
    #[schema(max_length = 5000)]
    pub notes: Option<String>,
}

fn field(pointer: &str, code: &'static str, message: &str) -> FieldError {
    FieldError::new(pointer, code, message.to_string())
}

/// Checks the interest into the lead, all problems at once.
async fn apply_interest(tx: &Tx, lead: &mut Lead, i: Interest, e: &mut Vec<FieldError>) -> Result<(), AppError> {
    let this_year = tx.now().year();
    lead.make = validate::text(e, "/make", i.make, 60, false);
    lead.model = validate::text(e, "/model", i.model, 60, false);
    for (pointer, y) in [("/yearMin", i.year_min), ("/yearMax", i.year_max)] {
        if y.is_some_and(|y| !(1950..=this_year + 1).contains(&y)) {
            e.push(field(pointer, "leads.invalid_year", "a year between 1950 and next year"));
        }
    }
    if let (Some(a), Some(b)) = (i.year_min, i.year_max)
        && a > b
    {
        e.push(field("/yearMin", "leads.invalid_year", "yearMin is after yearMax"));
    }
    (lead.year_min, lead.year_max) = (i.year_min, i.year_max);
    if i.budget_cents.is_some_and(|b| !(0..=innexar_vehicles::model::MAX_CENTAVOS).contains(&b.0)) {
        e.push(field("/budgetCents", "leads.invalid_budget", "centavos between 0 and 10,000,000,000"));
    }
    lead.budget = i.budget_cents;
    lead.condition = i.condition;
    lead.has_trade_in = i.has_trade_in;
    lead.trade_in_notes = validate::text(e, "/tradeInNotes", i.trade_in_notes, 1000, false);
    lead.notes = validate::text(e, "/notes", i.notes, 5000, false);
    lead.vehicle_id = None;
    if let Some(v) = i.vehicle_id {
        match innexar_vehicles::queries::get_vehicle(tx, tx.actor(), v).await {
            Ok(found) if found.status.is_in_stock() => lead.vehicle_id = Some(v.uuid()),
            Ok(_) | Err(_) => e.push(field("/vehicleId", "leads.unknown_vehicle", "no vehicle in stock with this id")),
        }
    }
    Ok(())
}

/// The store's settings, or the defaults of a store that set none.
pub(crate) async fn settings_of(
    tx: &impl sea_orm::ConnectionTrait,
    store: StoreId,
    now: DateTime<Utc>,
) -> Result<StoreSettings, AppError> {
    Ok(store::store_settings(tx, store).await?.unwrap_or(StoreSettings {
        store_id: store,
        first_response_minutes: DEFAULT_FIRST_RESPONSE_MINUTES,
        assignment: Assignment::RoundRobin,
        last_assigned_to: None,
        source_owners: SourceOwners::default(),
        version: 0,
        updated_at: now,
    }))
}

/// Whether `user` may work leads at `store`: active, a salesperson or a manager, and the store
/// among theirs.
async fn eligible_owner(tx: &Tx, user: Uuid, store: StoreId) -> Result<bool, AppError> {
    let Some(u) = innexar_identity::queries::find_user(tx, user.into()).await? else { return Ok(false) };
    Ok(u.active
        && u.roles.iter().any(|r| matches!(r, Role::Sales | Role::StoreManager | Role::Owner))
        && u.store_ids.as_ref().is_none_or(|ids| ids.contains(&store)))
}

/// The salesperson a new lead goes to when none is named: the store's rule.
async fn auto_owner(tx: &Tx, mut settings: StoreSettings, source: &str) -> Result<Option<Uuid>, AppError> {
    let (now, store) = (tx.now(), settings.store_id);
    match settings.assignment {
        Assignment::Manual => return Ok(None),
        Assignment::BySource => {
            if let Some(u) = settings.source_owners.0.get(source).copied()
                && eligible_owner(tx, u, store).await?
            {
                return Ok(Some(u));
            }
        }
        Assignment::RoundRobin => {}
    }
    let mut people: Vec<Uuid> = innexar_identity::queries::active_users_at_store(tx, Role::Sales, store)
        .await?
        .into_iter()
        .map(|u| u.id.0)
        .collect();
    people.sort();
    let Some(first) = people.first().copied() else { return Ok(None) };
    let next = match settings.last_assigned_to {
        Some(last) => people.iter().copied().find(|p| *p > last).unwrap_or(first),
        None => first,
    };
    if settings.version == 0 {
        settings.version = 1;
        settings.last_assigned_to = Some(next);
        store::save_store_settings(tx, &settings).await?;
    } else {
        store::set_last_assigned(tx, store, next, now).await?;
    }
    Ok(Some(next))
}

async fn source_entry(tx: &Tx, kind: ListKind, key: &str) -> Result<Option<ListEntry>, AppError> {
    Ok(store::list_entries(tx, kind).await?.into_iter().find(|e| e.key == key && e.active))
}

/// Whether leads may be opened at `store` (open, and one of the actor's).
pub(crate) async fn check_store(tx: &Tx, store: StoreId, e: &mut Vec<FieldError>) -> Result<(), AppError> {
    match innexar_org::queries::store_use(tx, tx.actor(), store).await? {
        StoreUse::Usable => {}
        StoreUse::Inactive => e.push(field("/storeId", "leads.store_inactive", "this store is inactive")),
        StoreUse::Unknown => e.push(field("/storeId", "leads.unknown_store", "no such store")),
    }
    Ok(())
}

/// Opens a lead for a customer the actor may see.
pub async fn create_lead(tx: &Tx, input: NewLead) -> Result<Lead, AppError> {
    let actor = tx.actor();
    let mut e = Vec::new();
    let customer = match queries::get_customer(tx, actor, input.customer_id).await {
        Ok(c) => Some(c),
        Err(err) if err.code == "customers.not_found" => {
            e.push(field("/customerId", "leads.unknown_customer", "no customer with this id"));
            None
        }
        Err(err) => return Err(err),
    };
    open_lead(tx, customer, input, None, e, false).await.map(|(l, _)| l)
}

/// Opens a lead (`external_id`: the source's own id, for intake). Returns the lead and whether
/// it is new: a source that sends its lead twice gets the first one back.
pub(crate) async fn open_lead(
    tx: &Tx,
    customer: Option<Customer>,
    input: NewLead,
    external_id: Option<String>,
    mut e: Vec<FieldError>,
    store_checked: bool,
) -> Result<(Lead, bool), AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let store_id = input.store_id.or(customer.as_ref().map(|c| c.store_id)).unwrap_or_default();
    if !store_checked {
        check_store(tx, store_id, &mut e).await?;
    }
    let source = input.source.trim().to_string();
    let lists = ScoringLists::read(tx).await?;
    if lists.source(&source).is_none() {
        e.push(field("/source", "leads.unknown_source", "not one of the tenant's lead sources"));
    }
    let settings = settings_of(tx, store_id, now).await?;
    let mut lead = Lead {
        id: LeadId::new(),
        customer_id: customer.as_ref().map(|c| c.id).unwrap_or_default(),
        store_id,
        owner_id: None,
        source: source.clone(),
        stage: LeadStage::New,
        vehicle_id: None,
        make: None,
        model: None,
        year_min: None,
        year_max: None,
        budget: None,
        condition: None,
        has_trade_in: false,
        trade_in_notes: None,
        notes: None,
        lost_reason: None,
        lost_note: None,
        external_id,
        score: 0,
        score_factors: ScoreFactors::default(),
        response_due_at: now + Duration::minutes(i64::from(settings.first_response_minutes)),
        first_response_at: None,
        last_activity_at: None,
        stage_changed_at: now,
        closed_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    apply_interest(tx, &mut lead, input.interest, &mut e).await?;
    if let Some(owner) = input.owner_id {
        if Some(owner) != actor.id && !actor.can(LEADS_ASSIGN) {
            e.push(field("/ownerId", "leads.cannot_assign", "only a manager hands a lead to someone else"));
        } else if e.is_empty() && !eligible_owner(tx, owner, store_id).await? {
            e.push(field("/ownerId", "leads.invalid_owner", "not an active salesperson of this store"));
        }
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    lead.owner_id = match input.owner_id {
        Some(o) => Some(o),
        None if actor.has_role(Role::Sales) => actor.id,
        None => auto_owner(tx, settings, &source).await?,
    };
    score(tx, &mut lead, &lists, (0, 0)).await?;
    // A repeated `externalId` (the caller looked for it first) that arrives at the same time as
    // the first: the unique index decides.
    if !store::insert_lead(tx, &lead).await? {
        // The same external id arrived twice at once: the other delivery made it.
        let ext = lead.external_id.clone().unwrap_or_default();
        let existing = store::find_by_external(tx, &source, &ext).await?;
        return existing.map(|l| (l, false)).ok_or_else(|| AppError::conflict("leads.duplicate", "the lead exists"));
    }
    store::record_stage_change(
        tx,
        StageChange {
            id: new_id(),
            lead_id: lead.id,
            from_stage: None,
            to_stage: LeadStage::New,
            reason: None,
            changed_by: actor.id,
            changed_at: now,
        },
    );
    outbox::record(
        tx,
        &CrmEvent::LeadCreated(LeadCreated {
            lead_id: lead.id,
            customer_id: lead.customer_id,
            store_id: lead.store_id,
            source: lead.source.clone(),
            owner_id: lead.owner_id,
        }),
    )
    .await?;
    if let Some(owner) = lead.owner_id {
        outbox::record(
            tx,
            &CrmEvent::LeadAssigned(LeadAssigned { lead_id: lead.id, owner_id: Some(owner), previous_owner_id: None }),
        )
        .await?;
        tell_owner(tx, &lead).await?;
    }
    audit::record(
        tx,
        audit::Change {
            action: "leads.created",
            entity_type: "lead",
            entity_id: Some(lead.id.uuid()),
            before: None,
            after: Some(&serde_json::to_value(&lead).unwrap_or_default()),
        },
    )
    .await?;
    Ok((lead, true))
}

/// What scoring reads of the tenant's lists, in one statement: the sources (their quality
/// points) and the weights of the factors.
pub(crate) struct ScoringLists {
    pub(crate) sources: Vec<ListEntry>,
    weights: scoring::Weights,
}

impl ScoringLists {
    pub(crate) async fn read(db: &impl sea_orm::ConnectionTrait) -> Result<Self, AppError> {
        let rows = store::list_entries_of(db, &[ListKind::Source, ListKind::ScoreWeight]).await?;
        let (sources, weights): (Vec<ListEntry>, Vec<ListEntry>) =
            rows.into_iter().partition(|e| e.kind == ListKind::Source.as_str());
        let weights = scoring::Weights(weights.into_iter().filter(|w| w.active).map(|w| (w.key, w.points)).collect());
        Ok(ScoringLists { sources, weights })
    }

    /// The active source with this key.
    pub(crate) fn source(&self, key: &str) -> Option<&ListEntry> {
        self.sources.iter().find(|e| e.key == key && e.active)
    }
}

/// Scores a lead again from what is known of it now: its contacts so far and the price of the
/// vehicle it wants.
pub(crate) async fn rescore(tx: &Tx, lead: &mut Lead, lists: &ScoringLists) -> Result<(), AppError> {
    let contacts = store::contact_counts(tx, lead.id).await?;
    score(tx, lead, lists, contacts).await
}

/// Scores `lead` with `contacts` (inbound, outbound) counted by the caller: a lead being opened
/// has none, and reading them would be a statement for nothing.
async fn score(tx: &Tx, lead: &mut Lead, lists: &ScoringLists, contacts: (u32, u32)) -> Result<(), AppError> {
    // Scored by the source it came from even if that source was since retired.
    let source = lists.sources.iter().find(|e| e.key == lead.source);
    let interest_price = match lead.vehicle_id {
        Some(v) => {
            innexar_vehicles::queries::get_vehicle(tx, &Actor::system(), VehicleId(v)).await.ok().and_then(|v| v.price)
        }
        None => None,
    };
    let inputs = scoring::Inputs {
        source_points: source.map(|s| s.points).unwrap_or(0),
        source_label: source.map(|s| s.label.clone()).unwrap_or_else(|| lead.source.clone()),
        inbound_contacts: contacts.0,
        outbound_contacts: contacts.1,
        created_at: lead.created_at,
        response_due_at: lead.response_due_at,
        first_response_at: lead.first_response_at,
        last_activity_at: lead.last_activity_at,
        budget: lead.budget,
        interest_price,
        has_trade_in: lead.has_trade_in,
        now: tx.now(),
    };
    let (score, factors) = scoring::score(&inputs, &lists.weights);
    lead.score = score;
    lead.score_factors = ScoreFactors(factors);
    Ok(())
}

fn stale() -> AppError {
    AppError::precondition_failed("the lead was changed by someone else; reload and try again")
}

/// A lead the actor may see, for a change.
async fn visible_lead(tx: &Tx, id: LeadId) -> Result<Lead, AppError> {
    store::find_visible_lead(tx, id, &lead_visibility(tx.actor()))
        .await?
        .ok_or_else(|| AppError::not_found("leads.not_found", "no lead with this id, or not one you may see"))
}

/// Changes what the lead is about (its interest and notes).
pub async fn update_lead(tx: &Tx, id: LeadId, expected: IfMatch, interest: Interest) -> Result<Lead, AppError> {
    let before = visible_lead(tx, id).await?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    let mut after = before.clone();
    let mut e = Vec::new();
    apply_interest(tx, &mut after, interest, &mut e).await?;
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    if after == before {
        return Ok(before);
    }
    rescore(tx, &mut after, &ScoringLists::read(tx).await?).await?;
    save(tx, &before, &mut after).await?;
    audit_change(tx, "leads.updated", &before, &after).await?;
    Ok(after)
}

async fn save(tx: &Tx, before: &Lead, after: &mut Lead) -> Result<(), AppError> {
    after.version = before.version + 1;
    after.updated_at = tx.now();
    if !store::update_lead(tx, after, before.version).await? {
        return Err(stale());
    }
    Ok(())
}

async fn audit_change(tx: &Tx, action: &'static str, before: &Lead, after: &Lead) -> Result<(), AppError> {
    audit::record(
        tx,
        audit::Change {
            action,
            entity_type: "lead",
            entity_id: Some(after.id.uuid()),
            before: Some(&serde_json::to_value(before).unwrap_or_default()),
            after: Some(&serde_json::to_value(after).unwrap_or_default()),
        },
    )
    .await?;
    Ok(())
}

/// A move of a lead to another stage.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StageMove {
    pub stage: LeadStage,
    /// Required to lose a lead: a key of the tenant's lost-reason list.
    #[schema(max_length = 40)]
    pub lost_reason: Option<String>,
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

pub async fn move_stage(tx: &Tx, id: LeadId, m: StageMove) -> Result<Lead, AppError> {
    let before = visible_lead(tx, id).await?;
    if before.stage == m.stage {
        return Ok(before);
    }
    if !before.stage.next().contains(&m.stage) {
        return Err(AppError::conflict(
            "leads.invalid_stage_move",
            format!("a {} lead cannot move to {}", before.stage.as_str(), m.stage.as_str()),
        ));
    }
    let mut e = Vec::new();
    let note = validate::text(&mut e, "/note", m.note, 1000, false);
    let lost_reason = m.lost_reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    if m.stage == LeadStage::Lost {
        match &lost_reason {
            None => e.push(field("/lostReason", "leads.lost_reason_required", "say why the lead was lost")),
            Some(r) if source_entry(tx, ListKind::LostReason, r).await?.is_none() => {
                e.push(field("/lostReason", "leads.unknown_lost_reason", "not one of the tenant's lost reasons"))
            }
            Some(_) => {}
        }
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let now = tx.now();
    let mut after = before.clone();
    after.stage = m.stage;
    after.stage_changed_at = now;
    after.closed_at = (!m.stage.is_open()).then_some(now);
    (after.lost_reason, after.lost_note) =
        if m.stage == LeadStage::Lost { (lost_reason.clone(), note.clone()) } else { (None, None) };
    if before.stage == LeadStage::New && after.first_response_at.is_none() {
        after.first_response_at = Some(now);
    }
    rescore(tx, &mut after, &ScoringLists::read(tx).await?).await?;
    save(tx, &before, &mut after).await?;
    record_move(tx, &before, &after, lost_reason.or(note)).await?;
    Ok(after)
}

/// The history line, events and audit entry of a stage move.
async fn record_move(tx: &Tx, before: &Lead, after: &Lead, reason: Option<String>) -> Result<(), AppError> {
    store::record_stage_change(
        tx,
        StageChange {
            id: new_id(),
            lead_id: after.id,
            from_stage: Some(before.stage),
            to_stage: after.stage,
            reason: reason.clone(),
            changed_by: tx.actor().id,
            changed_at: tx.now(),
        },
    );
    outbox::record(
        tx,
        &CrmEvent::LeadStageChanged(LeadStageChanged { lead_id: after.id, from: before.stage, to: after.stage }),
    )
    .await?;
    let closed =
        LeadClosed { lead_id: after.id, customer_id: after.customer_id, lost_reason: after.lost_reason.clone() };
    match after.stage {
        LeadStage::Won => {
            outbox::record(tx, &CrmEvent::LeadWon(closed)).await?;
        }
        LeadStage::Lost => {
            outbox::record(tx, &CrmEvent::LeadLost(closed)).await?;
        }
        _ => {}
    }
    audit_change(tx, "leads.stage_changed", before, after).await
}

/// A hand-over of a lead.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Reassignment {
    /// The new salesperson; null leaves the lead unassigned.
    pub owner_id: Option<Uuid>,
    /// Why (kept in the audit log).
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// E-mails the lead's new salesperson, unless they assigned it to themselves.
async fn tell_owner(tx: &Tx, lead: &Lead) -> Result<(), AppError> {
    let Some(owner) = lead.owner_id.filter(|o| Some(*o) != tx.actor().id) else { return Ok(()) };
    let customer = queries::customer_record(&**tx, lead.customer_id).await?;
    let interest = [lead.make.as_deref(), lead.model.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let source = store::list_entries(&**tx, crate::model::ListKind::Source)
        .await?
        .into_iter()
        .find(|e| e.key == lead.source)
        .map(|e| e.label)
        .unwrap_or_default();
    let params = serde_json::json!({"customer_name": customer.name, "interest": interest, "source": source});
    let path = format!("/leads/{}", lead.id);
    innexar_identity::mail::email_user(tx, innexar_kernel::UserId(owner), "lead_assigned", params, &path).await?;
    Ok(())
}

pub async fn assign_lead(tx: &Tx, id: LeadId, r: Reassignment) -> Result<Lead, AppError> {
    let before = visible_lead(tx, id).await?;
    let mut e = Vec::new();
    let reason = validate::text(&mut e, "/reason", Some(r.reason), 500, true).unwrap_or_default();
    if let Some(o) = r.owner_id
        && !eligible_owner(tx, o, before.store_id).await?
    {
        e.push(field("/ownerId", "leads.invalid_owner", "not an active salesperson of this store"));
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    if before.owner_id == r.owner_id {
        return Ok(before);
    }
    let mut after = before.clone();
    after.owner_id = r.owner_id;
    save(tx, &before, &mut after).await?;
    outbox::record(
        tx,
        &CrmEvent::LeadAssigned(LeadAssigned {
            lead_id: after.id,
            owner_id: after.owner_id,
            previous_owner_id: before.owner_id,
        }),
    )
    .await?;
    tell_owner(tx, &after).await?;
    audit::record(
        tx,
        audit::Change {
            action: "leads.reassigned",
            entity_type: "lead",
            entity_id: Some(after.id.uuid()),
            before: Some(&serde_json::json!({ "ownerId": before.owner_id })),
            after: Some(&serde_json::json!({ "ownerId": after.owner_id, "reason": reason })),
        },
    )
    .await?;
    Ok(after)
}

/// An activity or a task, on a lead or on a customer.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewActivity {
    pub kind: ActivityKind,
    /// The lead it belongs to (its customer is the activity's).
    #[schema(value_type = Option<uuid::Uuid>)]
    pub lead_id: Option<LeadId>,
    /// The customer, for an activity outside any lead.
    pub customer_id: Option<CustomerId>,
    pub direction: Option<Direction>,
    #[schema(max_length = 5000)]
    pub body: Option<String>,
    /// When it happened (default: now).
    pub occurred_at: Option<DateTime<Utc>>,
    /// A task's due time (required for a task).
    pub due_at: Option<DateTime<Utc>>,
    /// A task's assignee (default: the one creating it).
    pub assignee_id: Option<Uuid>,
    /// A test drive's stock vehicle.
    pub vehicle_id: Option<VehicleId>,
    /// A test drive: the driver's CNH was seen (required to be true).
    pub cnh_checked: Option<bool>,
    #[schema(minimum = 0, maximum = 2_000_000)]
    pub start_km: Option<i64>,
    #[schema(minimum = 0, maximum = 2_000_000)]
    pub end_km: Option<i64>,
}

pub async fn log_activity(tx: &Tx, input: NewActivity) -> Result<Activity, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let mut e = Vec::new();
    let lead = match input.lead_id {
        Some(id) => Some(visible_lead(tx, id).await?),
        None => None,
    };
    let customer_id = match (&lead, input.customer_id) {
        (Some(l), _) => l.customer_id,
        (None, Some(c)) => queries::get_customer(tx, actor, c).await?.id,
        (None, None) => {
            return Err(AppError::validation(vec![field(
                "/leadId",
                "activities.subject_required",
                "an activity belongs to a lead or a customer",
            )]));
        }
    };
    let store_id = match &lead {
        Some(l) => l.store_id,
        None => queries::get_customer(tx, actor, customer_id).await?.store_id,
    };
    let body = validate::text(&mut e, "/body", input.body, 5000, false);
    let occurred_at = input.occurred_at.unwrap_or(now);
    if occurred_at > now + Duration::minutes(5) {
        e.push(field("/occurredAt", "activities.in_the_future", "an activity happened already; plan it as a task"));
    }
    let mut a = Activity {
        id: ActivityId::new(),
        kind: input.kind,
        customer_id,
        lead_id: lead.as_ref().map(|l| l.id),
        store_id,
        direction: input.direction,
        body,
        occurred_at,
        due_at: None,
        assignee_id: None,
        done_at: None,
        vehicle_id: None,
        cnh_checked: None,
        start_km: None,
        end_km: None,
        created_by: actor.id,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    match input.kind {
        ActivityKind::Task => {
            match input.due_at {
                Some(d) => a.due_at = Some(d),
                None => e.push(field("/dueAt", "activities.due_required", "a task needs its due time")),
            }
            a.assignee_id = input.assignee_id.or(actor.id);
            if let Some(u) = input.assignee_id
                && Some(u) != actor.id
                && !eligible_owner(tx, u, store_id).await?
            {
                e.push(field("/assigneeId", "activities.invalid_assignee", "not an active user of this store"));
            }
        }
        ActivityKind::TestDrive => {
            match input.vehicle_id {
                Some(v) => match innexar_vehicles::queries::get_vehicle(tx, actor, v).await {
                    Ok(found) if found.status.is_in_stock() => a.vehicle_id = Some(v.uuid()),
                    _ => e.push(field("/vehicleId", "activities.unknown_vehicle", "no vehicle in stock with this id")),
                },
                None => {
                    e.push(field("/vehicleId", "activities.vehicle_required", "a test drive is in a stock vehicle"))
                }
            }
            if input.cnh_checked != Some(true) {
                e.push(field("/cnhChecked", "activities.cnh_required", "check the driver's CNH before a test drive"));
            }
            for (pointer, km) in [("/startKm", input.start_km), ("/endKm", input.end_km)] {
                if km.is_some_and(|k| !(0..=2_000_000).contains(&k)) {
                    e.push(field(pointer, "activities.invalid_km", "km between 0 and 2,000,000"));
                }
            }
            if let (Some(s), Some(f)) = (input.start_km, input.end_km)
                && f < s
            {
                e.push(field("/endKm", "activities.invalid_km", "the end km is before the start km"));
            }
            (a.cnh_checked, a.start_km, a.end_km, a.direction) =
                (input.cnh_checked, input.start_km, input.end_km, Some(Direction::Inbound));
        }
        ActivityKind::Visit => a.direction = Some(Direction::Inbound),
        _ => {}
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    store::insert_activity(tx, &a).await?;
    if let Some(before) = lead
        && a.kind.is_contact()
    {
        let mut after = before.clone();
        after.last_activity_at = Some(after.last_activity_at.map_or(occurred_at, |l| l.max(occurred_at)));
        if after.first_response_at.is_none() && a.direction != Some(Direction::Inbound) {
            after.first_response_at = Some(occurred_at);
        }
        // A lead answered is a lead contacted: the board follows the desk's work.
        let moved = before.stage == LeadStage::New && after.first_response_at.is_some();
        if moved {
            after.stage = LeadStage::Contacted;
            after.stage_changed_at = now;
        }
        rescore(tx, &mut after, &ScoringLists::read(tx).await?).await?;
        save(tx, &before, &mut after).await?;
        if moved {
            record_move(tx, &before, &after, None).await?;
        }
    }
    audit::record(
        tx,
        audit::Change {
            action: "activities.logged",
            entity_type: "activity",
            entity_id: Some(a.id.uuid()),
            before: None,
            after: Some(&serde_json::to_value(&a).unwrap_or_default()),
        },
    )
    .await?;
    Ok(a)
}

/// Marks a task done.
pub async fn complete_task(tx: &Tx, id: ActivityId) -> Result<Activity, AppError> {
    let actor = tx.actor();
    let before = store::find_activity(tx, id)
        .await?
        .filter(|a| a.kind == ActivityKind::Task)
        .ok_or_else(|| AppError::not_found("activities.not_found", "no task with this id"))?;
    // Visible through its customer (or as one's own task).
    if before.assignee_id != actor.id {
        queries::get_customer(tx, actor, before.customer_id)
            .await
            .map_err(|_| AppError::not_found("activities.not_found", "no task with this id"))?;
    }
    if before.done_at.is_some() {
        return Ok(before);
    }
    let mut after = before.clone();
    after.done_at = Some(tx.now());
    after.version += 1;
    after.updated_at = tx.now();
    if !store::update_activity(tx, &after, before.version).await? {
        return Err(AppError::precondition_failed("the task was changed by someone else; reload and try again"));
    }
    Ok(after)
}

/// A store's lead settings as a manager sets them.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoreSettingsInput {
    #[schema(minimum = 1, maximum = 10080)]
    pub first_response_minutes: i32,
    pub assignment: Assignment,
    /// For `by_source`: source key -> salesperson id.
    #[serde(default)]
    pub source_owners: std::collections::BTreeMap<String, Uuid>,
}

pub async fn set_store_settings(tx: &Tx, store: StoreId, input: StoreSettingsInput) -> Result<StoreSettings, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    if innexar_org::queries::store_use(tx, actor, store).await? == StoreUse::Unknown {
        return Err(AppError::not_found("stores.not_found", "no store with this id"));
    }
    let mut e = Vec::new();
    if !(1..=10_080).contains(&input.first_response_minutes) {
        e.push(field("/firstResponseMinutes", "leads.invalid_sla", "between 1 minute and 7 days"));
    }
    let sources = store::list_entries(tx, ListKind::Source).await?;
    for (key, user) in &input.source_owners {
        if !sources.iter().any(|s| &s.key == key) {
            e.push(FieldError::new(format!("/sourceOwners/{key}"), "leads.unknown_source", "not a lead source"));
        } else if !eligible_owner(tx, *user, store).await? {
            e.push(FieldError::new(
                format!("/sourceOwners/{key}"),
                "leads.invalid_owner",
                "not an active salesperson of this store",
            ));
        }
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let before = settings_of(tx, store, now).await?;
    let after = StoreSettings {
        store_id: store,
        first_response_minutes: input.first_response_minutes,
        assignment: input.assignment,
        last_assigned_to: before.last_assigned_to,
        source_owners: SourceOwners(input.source_owners),
        version: before.version + 1,
        updated_at: now,
    };
    store::save_store_settings(tx, &after).await?;
    audit::record(
        tx,
        audit::Change {
            action: "leads.settings_changed",
            entity_type: "store",
            entity_id: Some(store.uuid()),
            before: Some(&serde_json::to_value(&before).unwrap_or_default()),
            after: Some(&serde_json::to_value(&after).unwrap_or_default()),
        },
    )
    .await?;
    Ok(after)
}

/// One entry of a list as the Owner writes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListEntryInput {
    /// Lowercase letters, digits and `_`; kept once chosen (leads refer to it).
    #[schema(min_length = 1, max_length = 40)]
    pub key: String,
    #[schema(min_length = 1, max_length = 80)]
    pub label: String,
    /// A source's quality (0-20) or a score factor's weight (0-100); 0 for lost reasons.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub points: i32,
}

/// Replaces the active entries of one of the tenant's lists, in the order given. Keys left out
/// stay, inactive, so records filed under them keep their label.
pub async fn set_list(tx: &Tx, kind: ListKind, entries: Vec<ListEntryInput>) -> Result<Vec<ListEntry>, AppError> {
    let mut e = Vec::new();
    if entries.len() > 100 {
        e.push(field("", "lists.too_many", "at most 100 entries"));
    }
    let max = if kind == ListKind::Source { 20 } else { 100 };
    let mut out: Vec<ListEntry> = Vec::new();
    for (i, x) in entries.into_iter().enumerate() {
        let key = x.key.trim().to_string();
        if key.is_empty()
            || key.len() > 40
            || !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            e.push(FieldError::new(format!("/{i}/key"), "lists.invalid_key", "lowercase letters, digits and _"));
        }
        if out.iter().any(|o| o.key == key) {
            e.push(FieldError::new(format!("/{i}/key"), "lists.duplicate_key", "each key once"));
        }
        let label = validate::text(&mut e, &format!("/{i}/label"), Some(x.label), 80, true).unwrap_or_default();
        if !(0..=max).contains(&x.points) {
            e.push(FieldError::new(format!("/{i}/points"), "lists.invalid_points", format!("between 0 and {max}")));
        }
        out.push(ListEntry {
            kind: kind.as_str().to_string(),
            key,
            label,
            points: x.points,
            position: i as i32,
            active: true,
        });
    }
    if kind == ListKind::ScoreWeight {
        for x in &out {
            if !scoring::FACTORS.iter().any(|(k, _, _)| *k == x.key) {
                e.push(field("", "lists.unknown_factor", "score weights are for the known factors only"));
            }
        }
    }
    if out.is_empty() && kind != ListKind::ScoreWeight {
        e.push(field("", "lists.empty", "a list needs at least one entry"));
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let before = store::list_entries(tx, kind).await?;
    store::replace_list(tx, kind, &out).await?;
    audit::record(
        tx,
        audit::Change {
            action: "lists.changed",
            entity_type: "list",
            entity_id: None,
            before: Some(&serde_json::json!({ "kind": kind.as_str(), "entries": before })),
            after: Some(&serde_json::json!({ "kind": kind.as_str(), "entries": out })),
        },
    )
    .await?;
    store::list_entries(tx, kind).await
}
