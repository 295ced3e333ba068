//! What the message sender asks of the business areas, which it does not depend on: the CRM's
//! record of a customer's consent, and the documents messages carry.

use innexar_crm::model::{ConsentChannel, ConsentPurpose};
use innexar_db::{TenantDb, Tx};
use innexar_http::AppState;
use innexar_kernel::{AppError, CustomerId};
use innexar_notify::email::File;
use innexar_notify::{AttachmentRef, Channel, InboundMessage, OptOut, Person, Purpose};

fn consent_purpose(p: Purpose) -> Option<ConsentPurpose> {
    match p {
        Purpose::Transactional => None,
        Purpose::Marketing => Some(ConsentPurpose::Marketing),
        Purpose::ServiceReminders => Some(ConsentPurpose::ServiceReminders),
        Purpose::Surveys => Some(ConsentPurpose::Surveys),
    }
}

fn consent_channel(c: Channel) -> ConsentChannel {
    match c {
        Channel::Email => ConsentChannel::Email,
        Channel::Sms => ConsentChannel::Sms,
        Channel::Whatsapp => ConsentChannel::Whatsapp,
    }
}

#[derive(Debug, Default)]
pub struct AppHooks;

#[async_trait::async_trait]
impl innexar_notify::Hooks for AppHooks {
    async fn may_contact(
        &self,
        db: &TenantDb,
        customer: uuid::Uuid,
        purpose: Purpose,
        channel: Channel,
    ) -> Result<bool, AppError> {
        let Some(purpose) = consent_purpose(purpose) else { return Ok(true) };
        innexar_crm::queries::may_contact(db.conn(), CustomerId(customer), purpose, consent_channel(channel)).await
    }

    async fn opt_out(&self, tx: &Tx, o: &OptOut) -> Result<Vec<uuid::Uuid>, AppError> {
        let customers = match &o.who {
            Person::Customer(id) => vec![CustomerId(*id)],
            Person::Phone(phone) => innexar_crm::queries::customers_with_phone(&**tx, phone).await?,
        };
        let purposes: Vec<ConsentPurpose> = o.purposes.iter().filter_map(|p| consent_purpose(*p)).collect();
        innexar_crm::commands::opt_out(tx, &customers, consent_channel(o.channel), &purposes, &o.source).await?;
        Ok(customers.into_iter().map(|c| c.0).collect())
    }

    async fn inbound(&self, tx: &Tx, m: &InboundMessage) -> Result<(), AppError> {
        let inbound = innexar_crm::conversations::Inbound {
            phones: m.phones.clone(),
            text: m.text.clone(),
            profile_name: m.profile_name.clone(),
            at: m.at,
            store_id: m.store_id,
        };
        innexar_crm::conversations::receive(tx, inbound).await.map(drop)
    }

    async fn attachment(&self, state: &AppState, db: &TenantDb, a: &AttachmentRef) -> Result<File, AppError> {
        match a.source.as_str() {
            innexar_sales::acceptance::QUOTE_PDF => {
                let version = a.version.ok_or_else(|| AppError::internal("a quote's PDF needs its version"))?;
                let (_, bytes) = innexar_sales::documents::quote_version_file(
                    db,
                    &state.files,
                    innexar_sales::quotes::QuoteId(a.id),
                    version,
                )
                .await?;
                Ok(File { filename: a.filename.clone(), content_type: a.content_type.clone(), bytes })
            }
            other => Err(AppError::internal(format!("no attachment source {other}"))),
        }
    }
}
