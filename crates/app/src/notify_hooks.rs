//! What the message sender asks of the business areas, which it does not depend on: the CRM's
//! record of a customer's consent, and the documents messages carry.

use innexar_db::TenantDb;
use innexar_http::AppState;
use innexar_kernel::{AppError, CustomerId};
use innexar_notify::email::File;
use innexar_notify::{AttachmentRef, Channel, Purpose};

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
        use innexar_crm::model::{ConsentChannel, ConsentPurpose};
        let purpose = match purpose {
            Purpose::Transactional => return Ok(true),
            Purpose::Marketing => ConsentPurpose::Marketing,
            Purpose::ServiceReminders => ConsentPurpose::ServiceReminders,
            Purpose::Surveys => ConsentPurpose::Surveys,
        };
        let channel = match channel {
            Channel::Email => ConsentChannel::Email,
            Channel::Sms => ConsentChannel::Sms,
            Channel::Whatsapp => ConsentChannel::Whatsapp,
        };
        innexar_crm::queries::may_contact(db.conn(), CustomerId(customer), purpose, channel).await
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
