//! Webhooks for integrators (issue #15): a tenant's Owners register endpoints subscribed to event
//! types; every event becomes a delivery per endpoint (`handler`, `deliveries`), its CloudEvents
//! JSON signed Stripe-style (`signature`), sent by the worker role only to a public address unless
//! the operator allows private ones, without following redirects, within a deadline, reading
//! little of the answer (`target`, `send`), retried with backoff for days, each attempt logged.
//!
//! Owns the `webhooks_*` tables. Entry points: `area()`; `sender` (the worker role's loop);
//! `commands` and `queries` behind the Owner's API.

pub mod commands;
pub mod deliveries;
pub mod endpoints;
pub mod handler;
mod http;
pub mod model;
pub mod permissions;
pub mod problems;
pub mod queries;
pub mod send;
pub mod signature;
mod store;
pub mod target;

use std::sync::Arc;
use std::time::Duration;

use innexar_http::{AppState, Area, Tag};

pub fn area() -> Area {
    Area::new("webhooks")
        .routes(http::routes())
        .tags(&[Tag {
            name: "webhooks",
            description: "Endpoints that receive the tenant's events, signed, with a delivery log and redelivery",
        }])
        .permissions(permissions::ALL)
        .problems(problems::ALL)
        .event_handler(|_| Arc::new(handler::Webhooks))
        .background(|state| Box::pin(sender(state.clone())))
}

/// The worker role's sender: sends a tenant's due deliveries right after they are queued, and
/// sweeps every tenant as often as the first retry pause (at most every 15 s) for the retries
/// that came due.
pub async fn sender(state: AppState) {
    let settings = state.settings.webhooks.clone();
    let sweep = Duration::from_secs(settings.retry_base_secs.clamp(1, 15));
    let (sealer, clock) = (state.sealer.clone(), state.clock.clone());
    let work = |db: innexar_db::TenantDb| {
        let (sealer, settings, clock) = (&sealer, &settings, clock.clone());
        async move { deliveries::send_due(&db, sealer, settings, || clock.now()).await.map(drop) }
    };
    innexar_jobs::tenants::serve_marked_tenants(
        "webhook sender",
        state.control.clone(),
        state.pools.clone(),
        state.webhook_signal.clone(),
        sweep,
        work,
    )
    .await
}
