//! Waking a worker in another process. In one process (the default) the commit that wrote
//! events or queued a job marks the shared [`Signals`] and the dispatcher and job worker wake at
//! once. With `serve --roles api` and `--roles worker` apart, the api process forwards each mark
//! as a PostgreSQL `NOTIFY` on the control database (the one database every process shares,
//! whichever server holds a tenant's) and each worker `LISTEN`s and marks its own signals.
//!
//! A notification is a hint, not the work: one lost while a worker restarts or its connection
//! drops costs latency, never an event, because on every (re)connection the listener marks every
//! tenant, and the loops sweep all tenants now and then anyway.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use uuid::Uuid;

use crate::ControlDb;
use crate::outbox::OutboxSignal;
use crate::pools::Signals;

/// The channel on the control database.
pub const CHANNEL: &str = "innexar_wake";

/// Tenant ids per notification: `"e:"` plus 200 ids of 36 characters and their commas stays
/// under PostgreSQL's 8000-byte payload limit.
const IDS_PER_NOTIFICATION: usize = 200;

/// What a notification wakes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Events,
    Jobs,
    /// Webhook deliveries queued by the api itself (a test send, a redelivery).
    Deliveries,
    /// Messages to people queued by the api (a password reset, a quote sent).
    Messages,
}

impl Kind {
    fn tag(self) -> &'static str {
        match self {
            Kind::Events => "e",
            Kind::Jobs => "j",
            Kind::Deliveries => "d",
            Kind::Messages => "m",
        }
    }
}

fn payload(kind: Kind, tenants: &[Uuid]) -> String {
    let ids: Vec<String> = tenants.iter().map(Uuid::to_string).collect();
    format!("{}:{}", kind.tag(), ids.join(","))
}

fn parse(payload: &str) -> Option<(Kind, Vec<Uuid>)> {
    let (tag, ids) = payload.split_once(':')?;
    let kind = match tag {
        "e" => Kind::Events,
        "j" => Kind::Jobs,
        "d" => Kind::Deliveries,
        "m" => Kind::Messages,
        _ => return None,
    };
    Some((kind, ids.split(',').filter_map(|id| id.parse().ok()).collect()))
}

/// Whether the control database can carry notifications (PostgreSQL).
pub fn supported(control: &ControlDb) -> bool {
    control.conn().get_database_backend() == DatabaseBackend::Postgres
}

/// Forwards the marks of `signals` as notifications until the process stops (the api role
/// without a worker beside it). Marks made in a burst go out as one notification.
pub async fn forward(control: Arc<ControlDb>, signals: Arc<Signals>) {
    tokio::join!(
        forward_one(control.clone(), signals.events.clone(), Kind::Events),
        forward_one(control.clone(), signals.jobs.clone(), Kind::Jobs),
        forward_one(control.clone(), signals.deliveries.clone(), Kind::Deliveries),
        forward_one(control, signals.messages.clone(), Kind::Messages),
    );
}

async fn forward_one(control: Arc<ControlDb>, signal: Arc<OutboxSignal>, kind: Kind) {
    loop {
        let marked = signal.wait(Duration::from_secs(3600)).await;
        for chunk in marked.chunks(IDS_PER_NOTIFICATION) {
            let sql = Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload(kind, chunk).into()],
            );
            if let Err(e) = control.conn().execute_raw(sql).await {
                // The worker's sweep delivers it later; nothing is lost.
                tracing::warn!(error = %e, "could not notify the workers");
            }
        }
    }
}

/// Listens for notifications and marks `signals` until the process stops (the worker role
/// without the api beside it). Reconnects after a lost connection, then marks every tenant so
/// that what was notified meanwhile is not left for the sweep.
pub async fn listen(control: Arc<ControlDb>, signals: Arc<Signals>) {
    if !supported(&control) {
        return;
    }
    let pool = control.conn().get_postgres_connection_pool().clone();
    loop {
        let mut listener = match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for work; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        // Without it, a dropped connection would be reconnected silently and what was notified
        // while it was down would wait for the sweep.
        listener.ignore_pool_close_event(false);
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "cannot listen for work; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        match control.list_tenants().await {
            Ok(tenants) => {
                for t in tenants {
                    signals.events.mark(t.id);
                    signals.jobs.mark(t.id);
                    signals.deliveries.mark(t.id);
                    signals.messages.mark(t.id);
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot read the tenant registry"),
        }
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => match parse(n.payload()) {
                    Some((Kind::Events, ids)) => ids.into_iter().for_each(|id| signals.events.mark(id)),
                    Some((Kind::Jobs, ids)) => ids.into_iter().for_each(|id| signals.jobs.mark(id)),
                    Some((Kind::Deliveries, ids)) => ids.into_iter().for_each(|id| signals.deliveries.mark(id)),
                    Some((Kind::Messages, ids)) => ids.into_iter().for_each(|id| signals.messages.mark(id)),
                    None => tracing::warn!(payload = n.payload(), "unknown wake notification"),
                },
                Ok(None) => {
                    tracing::warn!("the wake connection was lost; reconnecting");
                    break;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the wake connection failed; reconnecting");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_name_the_kind_and_the_tenants_and_fit_a_notification() {
        let ids: Vec<Uuid> = (0..IDS_PER_NOTIFICATION).map(|_| innexar_kernel::new_id()).collect();
        let p = payload(Kind::Jobs, &ids);
        assert!(p.len() < 8000, "{}", p.len());
        assert_eq!(parse(&p), Some((Kind::Jobs, ids.clone())));
        assert_eq!(parse(&payload(Kind::Events, &ids[..1])), Some((Kind::Events, ids[..1].to_vec())));
        assert_eq!(parse(&payload(Kind::Deliveries, &ids[..2])), Some((Kind::Deliveries, ids[..2].to_vec())));
        assert_eq!(parse("x:whatever"), None);
    }
}
