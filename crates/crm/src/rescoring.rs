//! Scores that time changes: a lead's recency and response-time factors move while nobody
//! touches it, so open leads are scored again every hour.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use innexar_db::TenantDb;
use innexar_http::AppState;
use innexar_jobs::ScheduledTask;
use innexar_kernel::{Actor, AppError};

use crate::model::LeadStage;
use crate::store;

pub(crate) fn task(_: &AppState) -> Arc<dyn ScheduledTask> {
    Arc::new(RescoreOpenLeads)
}

struct RescoreOpenLeads;

/// Leads scored per transaction: a tenant's thousands of open leads never hold one long write.
const BATCH: u64 = 200;

#[async_trait]
impl ScheduledTask for RescoreOpenLeads {
    fn name(&self) -> &'static str {
        "crm.rescore_open_leads"
    }

    async fn run(&self, db: &TenantDb, now: DateTime<Utc>) -> Result<(), AppError> {
        let mut after: Option<crate::model::LeadId> = None;
        loop {
            let leads = store::open_leads_after(db.conn(), after, BATCH).await?;
            let Some(last) = leads.last().map(|l| l.id) else { return Ok(()) };
            let tx = db.begin_as(Actor::system(), now).await?;
            let lists = crate::commands::ScoringLists::read(&tx).await?;
            for before in leads {
                debug_assert!(before.stage != LeadStage::Won && before.stage != LeadStage::Lost);
                let mut lead = before.clone();
                crate::commands::leads_rescore(&tx, &mut lead, &lists).await?;
                if lead.score != before.score || lead.score_factors != before.score_factors {
                    // Not a change of the lead's content: no version bump, no event; a concurrent
                    // edit (which scores again itself) wins over this refresh.
                    store::set_score(&tx, &lead, before.version).await?;
                }
            }
            tx.commit().await?;
            after = Some(last);
        }
    }
}
