//! The messages table (`core_messages`): every message to a person, written in the business
//! transaction that causes it, rendered from its template at that moment, then delivered by the
//! worker role's sender (`sender`) — or kept in the tenant's mailbox when no channel is set up.

use chrono::{DateTime, Utc};
use innexar_kernel::AppError;
use innexar_kernel::page::PageRequest;
use sea_orm::entity::prelude::*;
use sea_orm::{Condition, PaginatorTrait, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

innexar_kernel::string_enum!(
    /// How a message reaches its person.
    pub MessageChannel { Email = "email", Sms = "sms", Whatsapp = "whatsapp" }
);

innexar_kernel::string_enum!(
    /// What a message is for. Only `transactional` messages (a link the person asked for, a
    /// quote they are waiting for) go without the customer's consent for that purpose and
    /// channel (LGPD art. 7, 8).
    pub MessagePurpose {
        Transactional = "transactional",
        Marketing = "marketing",
        ServiceReminders = "service_reminders",
        Surveys = "surveys",
    }
);

/// The names the crate uses; the enums' own names are the API document's, unique in it.
pub type Channel = MessageChannel;
pub type Purpose = MessagePurpose;
pub type Status = MessageStatus;

innexar_kernel::string_enum!(
    /// Where a message stands.
    pub MessageStatus {
        /// Waiting for the sender (its next attempt).
        Queued = "queued",
        /// No channel is set up for it: it stays in the mailbox, where the Owner reads it.
        Kept = "kept",
        /// Handed to the provider (the SMTP server, the SMS or WhatsApp API).
        Sent = "sent",
        /// The provider reported it delivered.
        Delivered = "delivered",
        /// The person read it (WhatsApp).
        Read = "read",
        /// Given up: refused for good, or still failing after every attempt.
        Failed = "failed",
        /// Not sent: the customer did not consent to this purpose on this channel, or opted out.
        Suppressed = "suppressed",
    }
);

/// A file that goes with a message, produced when it is sent (a quote's PDF as its customer
/// was shown it), so the row stays small and the file is the document of record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentRef {
    /// What produces it, e.g. `sales.quote_pdf`.
    pub source: String,
    /// The record it is produced from.
    pub id: Uuid,
    /// Which version of it, where records have versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    /// The file name the person sees.
    pub filename: String,
    pub content_type: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, sea_orm::FromJsonQueryResult)]
pub struct Attachments(pub Vec<AttachmentRef>);

/// A WhatsApp template's parameter values, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, sea_orm::FromJsonQueryResult)]
pub struct TemplateParams(pub Vec<String>);

pub mod entity {
    use sea_orm::entity::prelude::*;

    use super::{Attachments, Channel, Purpose, Status, TemplateParams};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "core_messages")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub channel: Channel,
        pub recipient: String,
        pub kind: String,
        pub subject: String,
        pub body: String,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
        pub purpose: Purpose,
        pub customer_id: Option<Uuid>,
        pub language: String,
        pub html: Option<String>,
        pub attachments: Attachments,
        pub status: Status,
        pub attempts: i32,
        pub next_attempt_at: Option<chrono::DateTime<chrono::Utc>>,
        pub claimed_until: Option<chrono::DateTime<chrono::Utc>>,
        pub provider: Option<String>,
        pub provider_message_id: Option<String>,
        pub last_error: Option<String>,
        pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
        pub delivered_at: Option<chrono::DateTime<chrono::Utc>>,
        pub read_at: Option<chrono::DateTime<chrono::Utc>>,
        pub template_params: Option<TemplateParams>,
        pub opt_out_token: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub type Message = entity::Model;

/// A message as the mailbox shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MessageView)]
pub struct MessageView {
    pub id: Uuid,
    pub channel: Channel,
    /// The address it is for: an e-mail address, or a phone number in E.164.
    pub recipient: String,
    /// What it is about, e.g. `password_reset`, `quote_sent`.
    pub kind: String,
    pub purpose: Purpose,
    /// The customer it is for, when it is for one.
    pub customer_id: Option<Uuid>,
    pub language: String,
    /// E-mails only.
    pub subject: String,
    /// The text, as sent (an e-mail's plain-text part; an SMS; a WhatsApp message).
    pub body: String,
    /// An e-mail's HTML part, as sent.
    pub html: Option<String>,
    pub attachments: Vec<AttachmentRef>,
    /// WhatsApp: sent as the kind's approved template with these parameter values, in order;
    /// without them, as free text (a reply within the 24-hour window).
    pub template_parameters: Option<Vec<String>>,
    pub status: Status,
    pub attempts: i32,
    /// While queued: when the next attempt is due.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed, or why it was not sent.
    pub last_error: Option<String>,
    /// Who carried it (`smtp`, `zenvia`, `whatsapp_cloud`) and their id for it.
    pub provider: Option<String>,
    pub provider_message_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub read_at: Option<DateTime<Utc>>,
}

impl From<Message> for MessageView {
    fn from(m: Message) -> Self {
        MessageView {
            id: m.id,
            channel: m.channel,
            recipient: m.recipient,
            kind: m.kind,
            purpose: m.purpose,
            customer_id: m.customer_id,
            language: m.language,
            subject: m.subject,
            body: m.body,
            html: m.html,
            attachments: m.attachments.0,
            template_parameters: m.template_params.map(|p| p.0),
            status: m.status,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            last_error: m.last_error,
            provider: m.provider,
            provider_message_id: m.provider_message_id,
            created_at: m.created_at,
            sent_at: m.sent_at,
            delivered_at: m.delivered_at,
            read_at: m.read_at,
        }
    }
}

/// What the mailbox may be filtered by.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub channel: Option<Channel>,
    pub status: Option<Status>,
    pub kind: Option<String>,
    pub recipient: Option<String>,
}

/// A page of messages, newest first.
pub async fn list(db: &impl ConnectionTrait, f: &Filter, page: &PageRequest) -> Result<(Vec<Message>, u64), AppError> {
    let mut q = entity::Entity::find();
    if let Some(c) = f.channel {
        q = q.filter(entity::Column::Channel.eq(c));
    }
    if let Some(s) = f.status {
        q = q.filter(entity::Column::Status.eq(s));
    }
    if let Some(k) = &f.kind {
        q = q.filter(entity::Column::Kind.eq(k.as_str()));
    }
    if let Some(r) = &f.recipient {
        q = q.filter(entity::Column::Recipient.eq(r.as_str()));
    }
    let total = q.clone().count(db).await?;
    let items = q.order_by_desc(entity::Column::Id).offset(page.offset()).limit(page.page_size).all(db).await?;
    Ok((items, total))
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Message>, AppError> {
    Ok(entity::Entity::find_by_id(id).one(db).await?)
}

/// Messages whose next attempt is due and that no sender holds, soonest first.
pub async fn due(db: &impl ConnectionTrait, now: DateTime<Utc>, limit: u64) -> Result<Vec<Message>, AppError> {
    Ok(entity::Entity::find()
        .filter(entity::Column::Status.eq(Status::Queued))
        .filter(entity::Column::NextAttemptAt.lte(now))
        .filter(unclaimed(now))
        .order_by_asc(entity::Column::NextAttemptAt)
        .limit(limit)
        .all(db)
        .await?)
}

fn unclaimed(now: DateTime<Utc>) -> Condition {
    Condition::any().add(entity::Column::ClaimedUntil.is_null()).add(entity::Column::ClaimedUntil.lt(now))
}

/// How long a sender holds a message it claimed: longer than an attempt can take.
pub const LEASE: chrono::Duration = chrono::Duration::seconds(180);

/// Takes message `id` for this sender; false when another has it or it is no longer due.
pub async fn claim(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, AppError> {
    let res = entity::Entity::update_many()
        .col_expr(entity::Column::ClaimedUntil, Expr::value(now + LEASE))
        .filter(entity::Column::Id.eq(id))
        .filter(entity::Column::Status.eq(Status::Queued))
        .filter(unclaimed(now))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
