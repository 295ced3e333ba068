//! The worker role's sender: takes a tenant's due messages (claimed with a lease, so senders in
//! several workers never send one twice at once), checks the customer's consent for what is not
//! transactional, hands each to its channel, and records the outcome — sent, kept in the mailbox
//! when no channel is set up, suppressed, or a failure retried with backoff until given up.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use innexar_db::{TenantDb, Tx};
use innexar_http::AppState;
use innexar_kernel::AppError;
use innexar_kernel::settings::NotifySettings;
use sea_orm::entity::prelude::*;

use crate::message::{self, AttachmentRef, Channel, Message, Purpose, Status, entity};
use crate::{channels, email, providers};

/// Why a hand-over failed, and whether trying again could help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub permanent: bool,
    pub detail: String,
}

impl Failure {
    pub fn permanent(detail: impl Into<String>) -> Failure {
        Failure { permanent: true, detail: detail.into() }
    }

    pub fn transient(detail: impl Into<String>) -> Failure {
        Failure { permanent: false, detail: detail.into() }
    }
}

/// What the sender asks of the business areas, which it does not depend on: the customer's
/// consent (CRM) and the files messages carry (a quote's PDF, from sales). The application
/// wires them in (`innexar_app`).
#[async_trait::async_trait]
pub trait Hooks: Send + Sync + 'static {
    /// Whether the customer consents to messages for `purpose` on `channel`.
    async fn may_contact(
        &self,
        db: &TenantDb,
        customer: Uuid,
        purpose: Purpose,
        channel: Channel,
    ) -> Result<bool, AppError>;

    /// Produces an attachment.
    async fn attachment(&self, state: &AppState, db: &TenantDb, a: &AttachmentRef) -> Result<email::File, AppError>;

    /// Records in `tx` that the person no longer wants messages for `purposes` on `channel`
    /// (an opt-out link, a SAIR reply); answers the customers it concerns (none when the number
    /// is nobody's). Saying it again records nothing new.
    async fn opt_out(&self, tx: &Tx, o: &OptOut) -> Result<Vec<Uuid>, AppError>;

    /// Files a message a person sent the tenant's WhatsApp number (the CRM: the customer's lead
    /// and the store's inbox).
    async fn inbound(&self, tx: &Tx, m: &InboundMessage) -> Result<(), AppError>;
}

/// A message a person sent.
#[derive(Debug, Clone)]
pub struct InboundMessage {
    pub channel: Channel,
    /// The numbers the sender may be, in E.164, the likeliest last.
    pub phones: Vec<String>,
    pub text: String,
    /// The name on the person's WhatsApp profile.
    pub profile_name: Option<String>,
    pub at: DateTime<Utc>,
    /// The store the channel's new leads go to.
    pub store_id: Option<Uuid>,
}

/// Who opts out, of what, and how they said it.
#[derive(Debug, Clone)]
pub struct OptOut {
    pub who: Person,
    pub channel: Channel,
    pub purposes: Vec<Purpose>,
    /// How it was said ("link no e-mail", "resposta SAIR por SMS"), kept with the record.
    pub source: String,
}

#[derive(Debug, Clone)]
pub enum Person {
    Customer(Uuid),
    /// Whoever has this number (E.164): the same person may be two records.
    Phone(String),
}

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent { provider: &'static str, provider_id: String },
    Kept,
    Suppressed(String),
    Failed(Failure),
}

/// Everything an attempt needs besides the message.
#[derive(Clone)]
pub struct Sender {
    pub state: AppState,
    pub hooks: Arc<dyn Hooks>,
    pub settings: NotifySettings,
    /// For SMS and WhatsApp providers; `None` when it could not be built (no TLS roots), and
    /// then those messages fail with the reason.
    http: Option<reqwest::Client>,
}

/// Who a tenant is to the people it writes to.
struct Sending<'a> {
    tenant_name: &'a str,
    /// The tenant's web address, for links the sender adds (List-Unsubscribe).
    origin: String,
}

impl Sender {
    pub fn new(state: AppState, hooks: Arc<dyn Hooks>) -> Sender {
        let settings = state.settings.notify.clone();
        let http = match providers::client(Duration::from_secs(settings.timeout_secs)) {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::error!(error = %e, "no HTTP client for SMS and WhatsApp providers");
                None
            }
        };
        Sender { state, hooks, settings, http }
    }

    /// Sends what is due for one tenant, a few at once; answers how many attempts were made.
    pub async fn send_due(&self, db: &TenantDb) -> Result<usize, AppError> {
        use futures_util::StreamExt;
        let tenant = match self.state.control.find_tenant(db.tenant_id()).await? {
            Some(t) => t,
            None => return Ok(0),
        };
        let sending =
            Sending { tenant_name: &tenant.name, origin: innexar_http::app_origin(&self.state.settings, &tenant.slug) };
        let sending = &sending;
        let mut made = 0;
        loop {
            let now = self.state.clock.now();
            let batch = message::due(db.conn(), now, 32).await?;
            if batch.is_empty() {
                return Ok(made);
            }
            let mut claimed = Vec::new();
            for m in batch {
                if message::claim(db.conn(), m.id, now).await? {
                    claimed.push(m);
                }
            }
            if claimed.is_empty() {
                return Ok(made);
            }
            made += claimed.len();
            let results: Vec<Result<(), AppError>> = futures_util::stream::iter(claimed)
                .map(|m| async move {
                    let outcome = self.attempt(db, sending, &m).await;
                    record(db, &self.settings, &m, outcome, self.state.clock.now()).await
                })
                .buffer_unordered(4)
                .collect()
                .await;
            for r in results {
                if let Err(e) = r {
                    tracing::warn!(error = %e, "a message's attempt could not be recorded");
                }
            }
        }
    }

    /// One attempt at message `m` (claimed).
    async fn attempt(&self, db: &TenantDb, sending: &Sending<'_>, m: &Message) -> Outcome {
        match self.try_attempt(db, sending, m).await {
            Ok(o) => o,
            // Our own failure (the database, a document that would not render): tried again.
            Err(e) => Outcome::Failed(Failure::transient(e.to_string())),
        }
    }

    async fn try_attempt(&self, db: &TenantDb, sending: &Sending<'_>, m: &Message) -> Result<Outcome, AppError> {
        if m.purpose != Purpose::Transactional {
            // Asked now, not when queued: consent withdrawn meanwhile is honoured.
            let consents = match m.customer_id {
                Some(c) => self.hooks.may_contact(db, c, m.purpose, m.channel).await?,
                None => false,
            };
            if !consents {
                return Ok(Outcome::Suppressed(format!(
                    "no consent for {} by {}",
                    m.purpose.as_str(),
                    m.channel.as_str()
                )));
            }
        }
        match m.channel {
            Channel::Email => {
                let url = self.settings.email_url.expose();
                if url.is_empty() {
                    return Ok(Outcome::Kept);
                }
                let mut files = Vec::new();
                for a in &m.attachments.0 {
                    files.push(self.hooks.attachment(&self.state, db, a).await?);
                }
                let built = email::build(email::Email {
                    id: m.id,
                    from: &self.settings.email_from,
                    sender_name: sending.tenant_name,
                    to: &m.recipient,
                    subject: &m.subject,
                    text: &m.body,
                    html: m.html.as_deref(),
                    language: &m.language,
                    files,
                    list_unsubscribe: m
                        .opt_out_token
                        .as_deref()
                        .map(|t| format!("{}{}", sending.origin, crate::opt_out::one_click_path(t))),
                });
                let message = match built {
                    Ok(b) => b,
                    Err(f) => return Ok(Outcome::Failed(f)),
                };
                let message_id =
                    message.headers().get_raw("Message-ID").map(str::to_string).unwrap_or_else(|| m.id.to_string());
                let timeout = Duration::from_secs(self.settings.timeout_secs);
                Ok(match email::send(url, timeout, message).await {
                    Ok(_) => Outcome::Sent { provider: "smtp", provider_id: message_id },
                    Err(f) => Outcome::Failed(f),
                })
            }
            Channel::Sms | Channel::Whatsapp => {
                // Until the tenant sets up (and enables) the channel's provider, the mailbox
                // shows its messages.
                let Some(provider) = channels::active(db.conn(), &self.state.sealer, m.channel).await? else {
                    return Ok(Outcome::Kept);
                };
                if let Some(f) = providers::refuse(&provider, m) {
                    return Ok(Outcome::Failed(f));
                }
                let Some(http) = &self.http else {
                    return Ok(Outcome::Failed(Failure::transient("no HTTP client (TLS roots missing)")));
                };
                Ok(match providers::send(http, &self.settings, &provider, m).await {
                    Ok(id) => Outcome::Sent { provider: provider.provider.as_str(), provider_id: id },
                    Err(f) => Outcome::Failed(f),
                })
            }
        }
    }
}

/// Records the outcome of an attempt at `m` and releases it.
pub async fn record(
    db: &TenantDb,
    settings: &NotifySettings,
    m: &Message,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let attempts = m.attempts + 1;
    let mut update = entity::Entity::update_many()
        .col_expr(entity::Column::Attempts, Expr::value(attempts))
        .col_expr(entity::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(entity::Column::UpdatedAt, Expr::value(now));
    let (status, next, error): (Status, Option<DateTime<Utc>>, Option<String>) = match &outcome {
        Outcome::Sent { provider, provider_id } => {
            update = update
                .col_expr(entity::Column::SentAt, Expr::value(now))
                .col_expr(entity::Column::Provider, Expr::value(*provider))
                .col_expr(entity::Column::ProviderMessageId, Expr::value(provider_id.clone()));
            (Status::Sent, None, None)
        }
        Outcome::Kept => (Status::Kept, None, None),
        Outcome::Suppressed(why) => (Status::Suppressed, None, Some(why.clone())),
        Outcome::Failed(f) => {
            let given_up = f.permanent || attempts >= i32::try_from(settings.max_attempts).unwrap_or(i32::MAX);
            if given_up {
                tracing::warn!(message = %m.id, error = %f.detail, "a message was given up");
                (Status::Failed, None, Some(f.detail.clone()))
            } else {
                let pause =
                    chrono::Duration::from_std(innexar_kernel::random::backoff(settings.retry_base_secs, attempts))
                        .unwrap_or_default();
                (Status::Queued, Some(now + pause), Some(f.detail.clone()))
            }
        }
    };
    update
        .col_expr(entity::Column::Status, Expr::value(status))
        .col_expr(entity::Column::NextAttemptAt, Expr::value(next))
        .col_expr(entity::Column::LastError, Expr::value(error))
        .filter(entity::Column::Id.eq(m.id))
        .exec(db.conn())
        .await?;
    Ok(())
}
