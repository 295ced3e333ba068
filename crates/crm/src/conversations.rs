//! WhatsApp conversations with customers (issue #15 item 5). A message a person sends the store's
//! WhatsApp number becomes an inbound activity on their open lead; a number nobody has becomes a
//! customer and a lead from source `whatsapp`, assigned by the store's rules. Salespeople answer
//! from the lead: free text within 24 hours of the person's last message (WhatsApp's service
//! window), an approved template after it. Each store's conversations make a shared inbox, newest
//! first, with what no one has read yet.

use chrono::{DateTime, Duration, Utc};
use innexar_db::Tx;
use innexar_kernel::{Actor, AppError, CustomerId, StoreId, new_id, validate};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, Condition, PaginatorTrait, QueryOrder, QuerySelect, QueryTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::commands::{self, NewActivity, NewCustomer, NewLead};
use crate::model::{Activity, ActivityKind, CustomerKind, Direction, EmailAddress, LeadId, Phone};
use crate::queries;
use crate::store;

/// How long after the person's last message the store may write freely (WhatsApp's rule).
pub const WINDOW: Duration = Duration::hours(24);

innexar_kernel::string_enum!(
    /// Whether a conversation waits on the store.
    pub ConversationStatus { Open = "open", Closed = "closed" }
);

pub mod entity {
    use sea_orm::entity::prelude::*;

    use super::ConversationStatus;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "crm_conversations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub customer_id: Uuid,
        pub lead_id: Option<Uuid>,
        pub store_id: Uuid,
        pub channel: String,
        pub phone: String,
        pub status: ConversationStatus,
        pub last_inbound_at: Option<chrono::DateTime<chrono::Utc>>,
        pub last_message_at: chrono::DateTime<chrono::Utc>,
        pub last_preview: String,
        pub unread: i32,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub updated_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub type Conversation = entity::Model;

const CHANNEL: &str = "whatsapp";

/// A message that came in.
#[derive(Debug, Clone)]
pub struct Inbound {
    /// The numbers the sender may be, in E.164 (WhatsApp names many Brazilian mobiles without
    /// their ninth digit): the first a customer has is theirs; a new customer gets the last.
    pub phones: Vec<String>,
    pub text: String,
    /// The name the person's WhatsApp profile shows, for a new customer.
    pub profile_name: Option<String>,
    pub at: DateTime<Utc>,
    /// Where a new customer's lead goes (the WhatsApp number's store); the first active store
    /// when it is not set or no longer usable.
    pub store_id: Option<Uuid>,
}

/// What became of a message that came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub customer_id: CustomerId,
    pub lead_id: Option<LeadId>,
    pub new_customer: bool,
}

fn preview(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.chars().take(140).collect()
}

async fn store_for(tx: &Tx, wanted: Option<Uuid>) -> Result<StoreId, AppError> {
    if let Some(s) = wanted {
        let mut e = Vec::new();
        commands::check_store(tx, StoreId(s), &mut e).await?;
        if e.is_empty() {
            return Ok(StoreId(s));
        }
    }
    innexar_org::queries::list_stores(&**tx, &Actor::system())
        .await?
        .into_iter()
        .find(|s| s.active)
        .map(|s| s.id)
        .ok_or_else(|| AppError::conflict("conversations.no_store", "the tenant has no active store to take the lead"))
}

/// Files a message from `m.phone`: on its customer's open lead (a new lead from source
/// `whatsapp`, a new customer, when there is none), and in the store's inbox.
pub async fn receive(tx: &Tx, m: Inbound) -> Result<Received, AppError> {
    // Messages from one number arriving at once take turns: the first makes the customer and
    // the lead, the next find them (PostgreSQL; SQLite's writers take turns already).
    if tx.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        let key = format!("crm.whatsapp:{}", m.phones.last().map(String::as_str).unwrap_or_default());
        tx.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [key.into()],
        ))
        .await?;
    }
    let text: String = m.text.chars().filter(|c| !c.is_control() || *c == '\n').take(4096).collect();
    let mut customers = Vec::new();
    let mut phone = m.phones.last().cloned().unwrap_or_default();
    for candidate in &m.phones {
        for id in crate::queries::customers_with_phone(&**tx, candidate).await? {
            if let Some(c) = store::find(&**tx, id).await?.filter(|c| c.merged_into_id.is_none()) {
                customers.push(c);
            }
        }
        if !customers.is_empty() {
            phone = candidate.clone();
            break;
        }
    }
    if phone.is_empty() {
        return Err(AppError::bad_request("conversations.no_phone", "the message names no phone number"));
    }
    let (customer, new_customer) = match customers.into_iter().max_by_key(|c| c.updated_at) {
        Some(c) => (c, false),
        None => {
            let store_id = store_for(tx, m.store_id).await?;
            let name = m
                .profile_name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty() && !validate::has_control_character(n, false))
                .map(|n| n.chars().take(150).collect::<String>())
                .unwrap_or_else(|| innexar_kernel::br::format_phone(&phone));
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
                phones: vec![Phone { number: phone.clone(), whatsapp: true, label: None }],
                emails: Vec::<EmailAddress>::new(),
                addresses: Vec::new(),
                contacts: Vec::new(),
                preferred_channel: Some(crate::model::ContactChannel::Whatsapp),
                notes: None,
                tags: Vec::new(),
                store_id: Some(store_id),
            };
            (commands::register_customer(tx, new, false).await?.customer, true)
        }
    };
    let open = store::customer_leads(&**tx, customer.id)
        .await?
        .into_iter()
        .filter(|l| l.stage.is_open())
        .max_by_key(|l| l.created_at);
    let lead = match open {
        Some(l) => Some(l),
        None => {
            let input = NewLead {
                customer_id: customer.id,
                store_id: Some(customer.store_id),
                source: CHANNEL.into(),
                owner_id: None,
                interest: commands::Interest { notes: Some(preview(&text)), ..Default::default() },
            };
            match commands::open_lead(tx, Some(customer.clone()), input, None, Vec::new(), false).await {
                Ok((l, _)) => Some(l),
                // The tenant took `whatsapp` off its sources, or the store closed: the message
                // still reaches the customer's history.
                Err(e) if e.status.is_client_error() => None,
                Err(e) => return Err(e),
            }
        }
    };
    commands::log_activity(
        tx,
        NewActivity {
            kind: ActivityKind::Whatsapp,
            lead_id: lead.as_ref().map(|l| l.id),
            customer_id: Some(customer.id),
            direction: Some(Direction::Inbound),
            body: Some(text.clone()),
            occurred_at: Some(m.at.min(tx.now())),
            due_at: None,
            assignee_id: None,
            vehicle_id: None,
            cnh_checked: None,
            start_km: None,
            end_km: None,
        },
    )
    .await?;
    let now = tx.now();
    let store_id = lead.as_ref().map_or(customer.store_id, |l| l.store_id);
    let row = entity::ActiveModel {
        id: Set(new_id()),
        customer_id: Set(customer.id.0),
        lead_id: Set(lead.as_ref().map(|l| l.id.0)),
        store_id: Set(store_id.0),
        channel: Set(CHANNEL.into()),
        phone: Set(phone.clone()),
        status: Set(ConversationStatus::Open),
        last_inbound_at: Set(Some(m.at.min(now))),
        last_message_at: Set(now),
        last_preview: Set(preview(&text)),
        unread: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    };
    // One conversation per customer: the first message makes it, later ones move it on (an
    // upsert, so two messages at once do not make two).
    let mut insert = entity::Entity::insert(row).into_query();
    let mut on_conflict = OnConflict::columns([entity::Column::CustomerId, entity::Column::Channel]);
    on_conflict
        .value(entity::Column::StoreId, store_id.0)
        .value(entity::Column::Phone, phone.clone())
        .value(entity::Column::Status, ConversationStatus::Open.as_str())
        .value(entity::Column::LastInboundAt, m.at.min(now))
        .value(entity::Column::LastMessageAt, now)
        .value(entity::Column::LastPreview, preview(&text))
        .value(entity::Column::Unread, Expr::cust("crm_conversations.unread + 1"))
        .value(entity::Column::UpdatedAt, now);
    // Without a lead now (the tenant took `whatsapp` off its sources), the one it had stays.
    if let Some(l) = &lead {
        on_conflict.value(entity::Column::LeadId, l.id.0);
    }
    insert.on_conflict(on_conflict.to_owned());
    tx.execute(&insert).await?;
    Ok(Received { customer_id: customer.id, lead_id: lead.map(|l| l.id), new_customer })
}

/// A conversation as the inbox lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationView {
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub customer_name: String,
    #[schema(value_type = Option<Uuid>)]
    pub lead_id: Option<LeadId>,
    /// The lead's salesperson.
    pub owner_id: Option<Uuid>,
    pub store_id: StoreId,
    pub phone: String,
    pub status: ConversationStatus,
    pub last_inbound_at: Option<DateTime<Utc>>,
    pub last_message_at: DateTime<Utc>,
    pub last_preview: String,
    pub unread: i32,
    /// Until when free text may be sent; after it, only an approved template.
    pub window_ends_at: Option<DateTime<Utc>>,
    pub window_open: bool,
}

async fn view(db: &impl ConnectionTrait, c: Conversation, now: DateTime<Utc>) -> Result<ConversationView, AppError> {
    let customer = store::find(db, CustomerId(c.customer_id)).await?;
    let owner_id = match c.lead_id {
        Some(l) => store::customer_leads(db, CustomerId(c.customer_id))
            .await?
            .into_iter()
            .find(|x| x.id.0 == l)
            .and_then(|x| x.owner_id),
        None => None,
    };
    let window_ends_at = c.last_inbound_at.map(|t| t + WINDOW);
    Ok(ConversationView {
        id: c.id,
        customer_id: CustomerId(c.customer_id),
        customer_name: customer.map(|c| c.name).unwrap_or_default(),
        lead_id: c.lead_id.map(LeadId),
        owner_id,
        store_id: StoreId(c.store_id),
        phone: c.phone,
        status: c.status,
        last_inbound_at: c.last_inbound_at,
        last_message_at: c.last_message_at,
        last_preview: c.last_preview,
        unread: c.unread,
        window_open: window_ends_at.is_some_and(|e| e > now),
        window_ends_at,
    })
}

/// The inbox: the conversations `actor` may work, newest first — a store's all for its managers
/// (and everyone's for the Owner), a salesperson's own leads' for them, as the leads list.
pub async fn inbox(
    db: &impl ConnectionTrait,
    actor: &Actor,
    store: Option<StoreId>,
    status: Option<ConversationStatus>,
    page: &innexar_kernel::page::PageRequest,
    now: DateTime<Utc>,
) -> Result<(Vec<ConversationView>, u64), AppError> {
    use crate::store::LeadVisibility;
    let mut q = entity::Entity::find();
    if let Some(ids) = &actor.store_ids {
        q = q.filter(entity::Column::StoreId.is_in(ids.iter().map(|s| s.0)));
    }
    match queries::lead_visibility(actor) {
        LeadVisibility::All => {}
        LeadVisibility::Stores(ids) => q = q.filter(entity::Column::StoreId.is_in(ids.iter().map(|s| s.0))),
        LeadVisibility::Own(user) => {
            use crate::model::lead::entity as leads;
            let own = leads::Entity::find()
                .select_only()
                .column(leads::Column::Id)
                .filter(leads::Column::OwnerId.eq(user))
                .into_query();
            q = q.filter(entity::Column::LeadId.in_subquery(own));
        }
    }
    if let Some(s) = store {
        q = q.filter(entity::Column::StoreId.eq(s.0));
    }
    if let Some(s) = status {
        q = q.filter(entity::Column::Status.eq(s));
    }
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_desc(entity::Column::LastMessageAt)
        .order_by_desc(entity::Column::Id)
        .offset(page.offset())
        .limit(page.page_size)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(view(db, r, now).await?);
    }
    Ok((out, total))
}

/// The lead's conversation, when the customer has written.
pub async fn of_lead(
    tx_or_db: &impl ConnectionTrait,
    actor: &Actor,
    id: LeadId,
    now: DateTime<Utc>,
) -> Result<Option<ConversationView>, AppError> {
    let lead = queries::get_lead(tx_or_db, actor, id).await?;
    let c = entity::Entity::find()
        .filter(entity::Column::CustomerId.eq(lead.customer_id.0))
        .filter(entity::Column::Channel.eq(CHANNEL))
        .one(tx_or_db)
        .await?;
    match c {
        Some(c) => Ok(Some(view(tx_or_db, c, now).await?)),
        None => Ok(None),
    }
}

/// A salesperson's answer.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Reply {
    /// Free text, within the 24-hour window.
    #[schema(max_length = 4096)]
    pub text: Option<String>,
    /// After the window: send the approved follow-up template instead.
    #[serde(default)]
    pub follow_up: bool,
}

/// Sends the salesperson's answer to the lead's customer by WhatsApp and files it on the lead.
pub async fn reply(tx: &Tx, id: LeadId, input: Reply) -> Result<Activity, AppError> {
    let now = tx.now();
    let lead = queries::get_lead(&**tx, tx.actor(), id).await?;
    let c = entity::Entity::find()
        .filter(entity::Column::CustomerId.eq(lead.customer_id.0))
        .filter(entity::Column::Channel.eq(CHANNEL))
        .one(&**tx)
        .await?
        .ok_or_else(|| AppError::conflict("conversations.not_started", "the customer has not written by WhatsApp"))?;
    if !innexar_notify::channels::enabled(&**tx, innexar_notify::Channel::Whatsapp).await? {
        return Err(AppError::conflict(
            "conversations.channel_off",
            "the store's WhatsApp is not set up or is disabled",
        ));
    }
    let window_open = c.last_inbound_at.is_some_and(|t| t + WINDOW > now);
    let customer = queries::customer_record(&**tx, lead.customer_id).await?;
    let (notice_kind, body, params) = if input.follow_up {
        let name = match tx.actor().id {
            Some(u) => innexar_identity::queries::user_names(&**tx, &[u]).await?.remove(&u).unwrap_or_default(),
            None => String::new(),
        };
        let store = innexar_org::queries::get_store(&**tx, &Actor::system(), lead.store_id).await?;
        let params = serde_json::json!({"customer_name": customer.name, "name": name, "store": store.name});
        ("conversation_follow_up", None, params)
    } else {
        let mut e = Vec::new();
        let text = validate::text(&mut e, "/text", input.text, 4096, true);
        if !e.is_empty() {
            return Err(AppError::validation(e));
        }
        if !window_open {
            return Err(AppError::conflict(
                "conversations.window_closed",
                "more than 24 hours since the customer last wrote: send the follow-up template",
            ));
        }
        let text = text.unwrap_or_default();
        ("conversation_reply", Some(text.clone()), serde_json::json!({ "text": text }))
    };
    let mut notice = innexar_notify::Notice::new(notice_kind, innexar_notify::Channel::Whatsapp, &c.phone, params)
        .for_customer(lead.customer_id.0);
    if !input.follow_up {
        notice = notice.as_reply();
    }
    let message = innexar_notify::queue(tx, notice).await?;
    let activity = commands::log_activity(
        tx,
        NewActivity {
            kind: ActivityKind::Whatsapp,
            lead_id: Some(lead.id),
            customer_id: None,
            direction: Some(Direction::Outbound),
            body: Some(body.unwrap_or_else(|| message.body.clone())),
            occurred_at: None,
            due_at: None,
            assignee_id: None,
            vehicle_id: None,
            cnh_checked: None,
            start_km: None,
            end_km: None,
        },
    )
    .await?;
    entity::Entity::update_many()
        .col_expr(entity::Column::LastMessageAt, Expr::value(now))
        .col_expr(entity::Column::LastPreview, Expr::value(preview(&message.body)))
        .col_expr(entity::Column::Unread, Expr::value(0))
        .col_expr(entity::Column::LeadId, Expr::value(Some(lead.id.0)))
        .col_expr(entity::Column::UpdatedAt, Expr::value(now))
        .filter(entity::Column::Id.eq(c.id))
        .exec(&**tx)
        .await?;
    Ok(activity)
}

/// Marks a conversation read (the inbox's count), or closes or reopens it.
pub async fn mark(tx: &Tx, id: Uuid, status: Option<ConversationStatus>) -> Result<ConversationView, AppError> {
    let actor = tx.actor();
    let c = entity::Entity::find_by_id(id).one(&**tx).await?.filter(|c| actor.can_access_store(StoreId(c.store_id)));
    let not_found = || AppError::not_found("conversations.not_found", "no conversation with this id in your stores");
    let c = c.ok_or_else(not_found)?;
    // As the inbox: a salesperson works their own leads' conversations.
    match c.lead_id {
        Some(l) => {
            queries::get_lead(&**tx, actor, LeadId(l)).await.map_err(|_| not_found())?;
        }
        None if matches!(queries::lead_visibility(actor), crate::store::LeadVisibility::Own(_)) => {
            return Err(not_found());
        }
        None => {}
    }
    let mut update = entity::Entity::update_many()
        .col_expr(entity::Column::Unread, Expr::value(0))
        .col_expr(entity::Column::UpdatedAt, Expr::value(tx.now()));
    if let Some(s) = status {
        update = update.col_expr(entity::Column::Status, Expr::value(s));
    }
    update.filter(entity::Column::Id.eq(c.id)).exec(&**tx).await?;
    let after = entity::Entity::find_by_id(id).one(&**tx).await?.ok_or_else(|| AppError::internal("gone"))?;
    view(&**tx, after, tx.now()).await
}

/// A merge moves the merged customer's conversation to the survivor, unless it has its own.
pub(crate) async fn merge(tx: &Tx, from: CustomerId, to: CustomerId) -> Result<(), AppError> {
    let has = entity::Entity::find().filter(entity::Column::CustomerId.eq(to.0)).count(&**tx).await? > 0;
    if has {
        entity::Entity::delete_many().filter(entity::Column::CustomerId.eq(from.0)).exec(&**tx).await?;
    } else {
        entity::Entity::update_many()
            .col_expr(entity::Column::CustomerId, Expr::value(to.0))
            .filter(entity::Column::CustomerId.eq(from.0))
            .exec(&**tx)
            .await?;
    }
    Ok(())
}

/// Anonymisation clears what the person wrote.
pub(crate) async fn erase(tx: &Tx, ids: &[CustomerId]) -> Result<(), AppError> {
    entity::Entity::update_many()
        .col_expr(entity::Column::LastPreview, Expr::value(""))
        .col_expr(entity::Column::Phone, Expr::value(""))
        .filter(Condition::all().add(entity::Column::CustomerId.is_in(ids.iter().map(|c| c.0))))
        .exec(&**tx)
        .await?;
    Ok(())
}
