//! What a business area hands the application: its routes, permissions, background work and
//! event reactions. Each area crate exports one `pub fn area() -> Area`; `app` keeps a single
//! list of them and builds the router, the OpenAPI document, the permission matrix, the job
//! worker, the event dispatcher and the scheduler from it.

use std::sync::Arc;
use std::time::Duration;

use innexar_jobs::{EventHandler, JobHandler, ScheduledTask};
use innexar_kernel::{Permission, ProblemCode};
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// Builds a job handler once the state exists (handlers keep the state they need).
pub type JobFactory = fn(&AppState) -> Arc<dyn JobHandler>;
/// Builds an event handler once the state exists.
pub type EventHandlerFactory = fn(&AppState) -> Arc<dyn EventHandler>;

/// A loop the worker role runs for as long as the process lives (the webhook sender).
pub type BackgroundFactory = fn(&AppState) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>>;

/// Work run for every active tenant at a fixed interval.
#[derive(Clone)]
pub struct Scheduled {
    pub every: Duration,
    pub task: fn(&AppState) -> Arc<dyn ScheduledTask>,
}

/// An OpenAPI tag an area's operations use, with the text the API docs show for it.
#[derive(Clone, Copy, Debug)]
pub struct Tag {
    pub name: &'static str,
    pub description: &'static str,
}

/// An event type an area publishes (its CloudEvents `type`), with what it means to a subscriber.
/// The catalogue integrators subscribe from (`GET /webhooks/event-types`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventType {
    /// `vehicle.created`.
    #[serde(rename = "type")]
    pub name: &'static str,
    pub description: &'static str,
}

/// The event types named in an area's `events.rs` (string literals of the form `entity.what`
/// inside `fn event_type`) that its catalogue lacks, and those it lists that the code never
/// names, so the list integrators subscribe from cannot drift from what is published.
pub fn catalogue_drift(events_rs: &str, listed: &[EventType]) -> (Vec<String>, Vec<String>) {
    let body = events_rs
        .split_once("fn event_type")
        .map(|(_, rest)| rest.split("\n    fn ").next().unwrap_or(rest))
        .unwrap_or_default();
    let named: Vec<String> = body
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.split_once('.').is_some_and(|(a, b)| {
                [a, b].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            })
        })
        .map(str::to_string)
        .collect();
    let unlisted = named.iter().filter(|n| !listed.iter().any(|e| e.name == n.as_str())).cloned().collect();
    let unnamed = listed.iter().filter(|e| !named.iter().any(|n| n == e.name)).map(|e| e.name.to_string()).collect();
    (unlisted, unnamed)
}

/// One business area, as registered in the application's list.
pub struct Area {
    /// The crate's code name (`vehicles`, `identity`...), used in logs and the area guide.
    pub name: &'static str,
    /// Routes inside a tenant, mounted under `/api/v1` behind tenant resolution, the access
    /// token and idempotency keys.
    pub routes: OpenApiRouter<AppState>,
    /// Routes for platform admins, under `/api/v1/platform` (no tenant).
    pub platform_routes: OpenApiRouter<AppState>,
    /// Routes that carry their own proof and need neither tenant host nor token, each with the
    /// path it is mounted at (e.g. signed download links at `/api/v1/links`).
    pub public_routes: Vec<(&'static str, OpenApiRouter<AppState>)>,
    pub tags: &'static [Tag],
    pub permissions: &'static [Permission],
    /// Every problem code the area answers with (its `problems.rs`).
    pub problems: &'static [ProblemCode],
    /// Every event type the area publishes (its `events.rs`).
    pub events: &'static [EventType],
    pub jobs: Vec<JobFactory>,
    pub event_handlers: Vec<EventHandlerFactory>,
    pub scheduled: Vec<Scheduled>,
    pub background: Vec<BackgroundFactory>,
}

impl Area {
    /// An area with nothing registered yet; chain the `with_*` methods.
    pub fn new(name: &'static str) -> Self {
        Area {
            name,
            routes: OpenApiRouter::new(),
            platform_routes: OpenApiRouter::new(),
            public_routes: Vec::new(),
            tags: &[],
            permissions: &[],
            problems: &[],
            events: &[],
            jobs: Vec::new(),
            event_handlers: Vec::new(),
            scheduled: Vec::new(),
            background: Vec::new(),
        }
    }

    pub fn routes(mut self, routes: OpenApiRouter<AppState>) -> Self {
        self.routes = routes;
        self
    }

    pub fn platform_routes(mut self, routes: OpenApiRouter<AppState>) -> Self {
        self.platform_routes = routes;
        self
    }

    pub fn public_routes(mut self, path: &'static str, routes: OpenApiRouter<AppState>) -> Self {
        self.public_routes.push((path, routes));
        self
    }

    pub fn tags(mut self, tags: &'static [Tag]) -> Self {
        self.tags = tags;
        self
    }

    pub fn permissions(mut self, permissions: &'static [Permission]) -> Self {
        self.permissions = permissions;
        self
    }

    pub fn problems(mut self, problems: &'static [ProblemCode]) -> Self {
        self.problems = problems;
        self
    }

    pub fn events(mut self, events: &'static [EventType]) -> Self {
        self.events = events;
        self
    }

    pub fn job(mut self, job: JobFactory) -> Self {
        self.jobs.push(job);
        self
    }

    pub fn event_handler(mut self, handler: EventHandlerFactory) -> Self {
        self.event_handlers.push(handler);
        self
    }

    pub fn background(mut self, run: BackgroundFactory) -> Self {
        self.background.push(run);
        self
    }

    pub fn scheduled(mut self, every: Duration, task: fn(&AppState) -> Arc<dyn ScheduledTask>) -> Self {
        self.scheduled.push(Scheduled { every, task });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_between_the_code_and_the_catalogue_is_found_both_ways() {
        let src = r#"
impl Event for X {
    fn area(&self) -> &'static str {
        "x"
    }

    fn event_type(&self) -> &'static str {
        match self {
            X::A(_) => "thing.created",
            X::B(e) => match e.s { S::One => "thing.moved", S::Two => "thing.sold" },
        }
    }

    fn subject(&self) -> Option<String> {
        Some("not.this".into())
    }
}
"#;
        let listed = [
            EventType { name: "thing.created", description: "" },
            EventType { name: "thing.moved", description: "" },
            EventType { name: "thing.gone", description: "" },
        ];
        let (unlisted, unnamed) = catalogue_drift(src, &listed);
        assert_eq!(unlisted, vec!["thing.sold".to_string()]);
        assert_eq!(unnamed, vec!["thing.gone".to_string()]);
    }
}
