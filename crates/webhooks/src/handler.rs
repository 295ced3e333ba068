//! The event handler that turns each event into deliveries for the endpoints that take it, in
//! the transaction that marks the event handled (a redelivered event queues nothing twice).

use async_trait::async_trait;
use innexar_db::outbox::CloudEvent;
use innexar_db::{TenantDb, Tx};
use innexar_jobs::EventHandler;
use innexar_kernel::AppError;

pub struct Webhooks;

#[async_trait]
impl EventHandler for Webhooks {
    fn name(&self) -> &'static str {
        "webhooks"
    }

    fn handles(&self, _event_type: &str) -> bool {
        true
    }

    async fn handle(&self, tx: &Tx, event: &CloudEvent) -> Result<(), AppError> {
        crate::deliveries::queue(tx, event).await.map(drop)
    }

    async fn handle_all(&self, tx: &Tx, events: &[&CloudEvent]) -> Result<(), AppError> {
        crate::deliveries::queue_all(tx, events).await.map(drop)
    }

    async fn active(&self, db: &TenantDb) -> Result<bool, AppError> {
        crate::endpoints::any_active(db.conn()).await
    }
}
