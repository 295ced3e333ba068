//! What time ends: reservations past their end release their vehicles, and sent quotes past
//! their validity expire. One scheduled task per tenant; each ending is its own transaction
//! guarded by the row's version, so a release or an answer at the same moment wins cleanly.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use innexar_db::TenantDb;
use innexar_http::AppState;
use innexar_jobs::ScheduledTask;
use innexar_kernel::{Actor, AppError};

use crate::reservations::{self, ReservationStatus};

pub(crate) fn task(state: &AppState) -> Arc<dyn ScheduledTask> {
    Arc::new(Expire { state: state.clone() })
}

struct Expire {
    state: AppState,
}

/// Rows ended per read: a backlog (a server down over a weekend) is worked through in batches.
const BATCH: u64 = 100;

#[async_trait]
impl ScheduledTask for Expire {
    fn name(&self) -> &'static str {
        "sales.expire_reservations_and_quotes"
    }

    async fn run(&self, db: &TenantDb, now: DateTime<Utc>) -> Result<(), AppError> {
        // First the reminders of what runs out soon, with links to the tenant's web app.
        let origin = match self.state.control.find_tenant(db.tenant_id()).await? {
            Some(t) => innexar_http::app_origin(&self.state.settings, &t.slug),
            None => return Ok(()),
        };
        for r in reservations::to_remind(db.conn(), now, BATCH).await? {
            let tx = db.begin_as(Actor::system(), now).await?.with_origin(origin.as_str());
            if reservations::remind(&tx, &r).await? {
                tx.commit().await?;
            }
        }
        loop {
            let due = reservations::ended_by(db.conn(), now, BATCH).await?;
            let (n, mut ended) = (due.len() as u64, 0);
            for r in due {
                let tx = db.begin_as(Actor::system(), now).await?;
                match reservations::end(&tx, &r, ReservationStatus::Expired, None).await {
                    Ok(_) => {
                        tx.commit().await?;
                        ended += 1;
                    }
                    // Released or sold meanwhile: nothing left to expire.
                    Err(e) if e.code == "sales.reservation_ended" => tx.rollback().await?,
                    Err(e) => return Err(e),
                }
            }
            // A batch that ended nothing would be read again as it is.
            if n < BATCH || ended == 0 {
                break;
            }
        }
        crate::quotes::expire_due(db, now).await
    }
}
