//! What the API shows and takes: endpoints (never their secrets, but once), deliveries and their
//! attempts, and the checks on an endpoint's fields.

use chrono::{DateTime, Utc};
use innexar_http::EventType;
use innexar_kernel::{FieldError, validate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::store::{attempt, delivery, endpoint};
use crate::target;

innexar_kernel::id_type!(
    /// A webhook endpoint.
    EndpointId
);

innexar_kernel::id_type!(
    /// One event's delivery to one endpoint.
    DeliveryId
);

/// Subscribes to every event type, present and future.
pub const ALL_TYPES: &str = "*";
/// The type of a test send; never published by an area, so no endpoint subscribes to it.
pub const TEST_TYPE: &str = "webhook.test";
pub const URL_MAX_CHARS: usize = 2048;
pub const DESCRIPTION_MAX_CHARS: usize = 200;
/// How long a rotated-out secret may keep signing, at most: a week.
pub const MAX_KEEP_PREVIOUS_HOURS: u32 = 168;

/// Why an endpoint does not take deliveries.
pub const DISABLED_BY_FAILURES: &str = "failures";
pub const DISABLED_BY_USER: &str = "manual";

/// A webhook endpoint as its Owner sees it. The signing secret is not here: it is shown once,
/// when the endpoint is made or its secret rotated.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndpointView {
    pub id: EndpointId,
    pub url: String,
    pub description: Option<String>,
    /// Event types it takes (`vehicle.created`), or `*` for every one.
    pub event_types: Vec<String>,
    /// False: deliveries wait until it is enabled again.
    pub active: bool,
    /// Why it is disabled: `failures` (too many in a row) or `manual`.
    pub disabled_reason: Option<String>,
    /// Deliveries failed in a row since the last success.
    pub consecutive_failures: i32,
    /// Until when the secret replaced by the last rotation still signs deliveries beside the
    /// current one.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl EndpointView {
    pub fn of(e: &endpoint::Model, now: DateTime<Utc>) -> EndpointView {
        EndpointView {
            id: EndpointId(e.id),
            url: e.url.clone(),
            description: e.description.clone(),
            event_types: event_types_of(e),
            active: e.active,
            disabled_reason: e.disabled_reason.clone(),
            consecutive_failures: e.consecutive_failures,
            previous_secret_expires_at: e.previous_secret_expires_at.filter(|until| *until > now),
            version: e.row_version,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }

    /// What the audit log keeps of a change: never a secret.
    pub fn audit_view(&self) -> serde_json::Value {
        serde_json::json!({
            "url": self.url, "description": self.description, "eventTypes": self.event_types,
            "active": self.active, "disabledReason": self.disabled_reason,
        })
    }
}

pub(crate) fn event_types_of(e: &endpoint::Model) -> Vec<String> {
    e.event_types.as_array().into_iter().flatten().filter_map(|t| t.as_str().map(str::to_string)).collect()
}

/// An endpoint with its signing secret, answered when it is made or its secret rotated: the
/// only times the secret is shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndpointWithSecret {
    #[serde(flatten)]
    pub endpoint: EndpointView,
    /// `whsec_...`: keep it where the receiver can read it; Innexar shows it this once.
    pub secret: String,
}

/// An endpoint to register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewEndpointInput {
    /// Where deliveries are POSTed: http or https, with a host name. Private, loopback and
    /// link-local addresses are refused unless the operator allows them.
    #[schema(max_length = 2048, example = "https://integrador.example.com/innexar/webhooks")]
    pub url: String,
    #[schema(max_length = 200)]
    pub description: Option<String>,
    /// Event types from `GET /webhooks/event-types`, or `["*"]` for every one.
    #[schema(example = json!(["vehicle.created", "sale.completed"]))]
    pub event_types: Vec<String>,
}

/// A change to an endpoint: the fields sent replace the ones it has.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointPatch {
    #[schema(max_length = 2048)]
    pub url: Option<String>,
    /// An empty text removes the description.
    #[schema(max_length = 200)]
    pub description: Option<String>,
    pub event_types: Option<Vec<String>>,
    /// False stops deliveries (they wait); true resumes them and clears the failure count.
    pub active: Option<bool>,
}

/// A new signing secret.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretRotation {
    /// Hours the current secret keeps signing beside the new one, so receivers can switch
    /// without refusing deliveries (0 to 168; default 24). 0 retires it at once.
    #[schema(minimum = 0, maximum = 168)]
    pub keep_previous_for_hours: Option<u32>,
}

/// A delivery as the log lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryView {
    pub id: DeliveryId,
    pub endpoint_id: EndpointId,
    pub event_id: uuid::Uuid,
    pub event_type: String,
    /// `pending` (waiting for its first or next attempt), `succeeded` or `failed` (given up).
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's last status code; none when no answer came.
    pub last_status: Option<i32>,
    pub last_latency_ms: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl From<&delivery::Model> for DeliveryView {
    fn from(d: &delivery::Model) -> Self {
        DeliveryView {
            id: DeliveryId(d.id),
            endpoint_id: EndpointId(d.endpoint_id),
            event_id: d.event_id,
            event_type: d.event_type.clone(),
            status: d.status.clone(),
            attempts: d.attempts,
            next_attempt_at: d.next_attempt_at,
            last_status: d.last_status,
            last_latency_ms: d.last_latency_ms,
            last_error: d.last_error.clone(),
            created_at: d.created_at,
            delivered_at: d.delivered_at,
        }
    }
}

/// One attempt of a delivery.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttemptView {
    pub number: i32,
    pub attempted_at: DateTime<Utc>,
    /// The receiver's status code; none when no answer came (refused, timed out, a target
    /// inside).
    pub status: Option<i32>,
    pub latency_ms: i64,
    /// The start of the receiver's answer (500 characters at most).
    pub excerpt: String,
    pub error: Option<String>,
}

impl From<attempt::Model> for AttemptView {
    fn from(a: attempt::Model) -> Self {
        AttemptView {
            number: a.number,
            attempted_at: a.attempted_at,
            status: a.status,
            latency_ms: a.latency_ms,
            excerpt: a.excerpt,
            error: a.error,
        }
    }
}

/// A delivery with the body it sends and every attempt, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryDetail {
    #[serde(flatten)]
    pub delivery: DeliveryView,
    /// The CloudEvents JSON exactly as signed and sent.
    pub body: String,
    pub attempts_log: Vec<AttemptView>,
}

/// Checks an endpoint's URL: http(s) with a host, and not an address inside unless allowed. A
/// name is only resolved when a delivery goes (what it resolves to may change).
pub(crate) fn check_url(errors: &mut Vec<FieldError>, url: String, allow_private: bool) -> String {
    let url = url.trim().to_string();
    if url.chars().count() > URL_MAX_CHARS {
        errors.push(FieldError::new("/url", "field.too_long", format!("use at most {URL_MAX_CHARS} characters")));
        return url;
    }
    match target::parse(&url) {
        Err(_) => {
            errors.push(FieldError::new("/url", "webhooks.invalid_url", "use an http or https URL with a host name"))
        }
        Ok(u) if !allow_private && target::names_inside(&u) => errors.push(FieldError::new(
            "/url",
            "webhooks.private_target",
            "webhooks may not reach private, loopback or link-local addresses",
        )),
        Ok(_) => {}
    }
    url
}

pub(crate) fn check_description(errors: &mut Vec<FieldError>, d: Option<String>) -> Option<String> {
    validate::text(errors, "/description", d, DESCRIPTION_MAX_CHARS, false)
}

/// Checks the types against the catalogue; answers them without repeats, in the order given
/// (`*` alone when it is among them).
pub(crate) fn check_event_types(
    errors: &mut Vec<FieldError>,
    types: Vec<String>,
    catalogue: &[EventType],
) -> Vec<String> {
    if types.is_empty() {
        errors.push(FieldError::new("/eventTypes", "webhooks.no_event_types", "choose at least one event type, or *"));
        return types;
    }
    let mut out: Vec<String> = Vec::new();
    for (i, t) in types.into_iter().enumerate() {
        let t = t.trim().to_string();
        if t != ALL_TYPES && !catalogue.iter().any(|e| e.name == t) {
            errors.push(FieldError::new(
                format!("/eventTypes/{i}"),
                "webhooks.unknown_event_type",
                "not an event type Innexar publishes (see GET /webhooks/event-types)",
            ));
        } else if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.iter().any(|t| t == ALL_TYPES) { vec![ALL_TYPES.to_string()] } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOGUE: &[EventType] = &[
        EventType { name: "vehicle.created", description: "" },
        EventType { name: "sale.completed", description: "" },
    ];

    #[test]
    fn event_types_are_checked_against_the_catalogue_without_repeats() {
        let mut errors = Vec::new();
        let types = ["sale.completed", "vehicle.created", "sale.completed"].map(String::from).to_vec();
        assert_eq!(check_event_types(&mut errors, types, CATALOGUE), ["sale.completed", "vehicle.created"]);
        assert!(errors.is_empty());
        let all = ["vehicle.created", "*"].map(String::from).to_vec();
        assert_eq!(check_event_types(&mut errors, all, CATALOGUE), ["*"]);
        let bad = ["vehicle.created", "vehicle.exploded", "webhook.test"].map(String::from).to_vec();
        check_event_types(&mut errors, bad, CATALOGUE);
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["/eventTypes/1", "/eventTypes/2"]);
        let mut errors = Vec::new();
        check_event_types(&mut errors, Vec::new(), CATALOGUE);
        assert_eq!(errors[0].code, "webhooks.no_event_types");
    }

    #[test]
    fn urls_inside_are_refused_when_saved_unless_the_operator_allows_them() {
        for (url, code) in [
            ("ftp://x.example.com/", Some("webhooks.invalid_url")),
            ("http://127.0.0.1:9000/hook", Some("webhooks.private_target")),
            ("http://localhost/hook", Some("webhooks.private_target")),
            ("http://[::1]/hook", Some("webhooks.private_target")),
            ("http://169.254.169.254/latest", Some("webhooks.private_target")),
            ("https://hooks.example.com/innexar", None),
        ] {
            let mut errors = Vec::new();
            check_url(&mut errors, url.into(), false);
            assert_eq!(errors.first().map(|e| e.code.as_str()), code, "{url}");
        }
        let mut errors = Vec::new();
        check_url(&mut errors, "http://127.0.0.1:9000/hook".into(), true);
        assert!(errors.is_empty());
        check_url(&mut errors, format!("https://x.example.com/{}", "a".repeat(URL_MAX_CHARS)), true);
        assert_eq!(errors[0].code, "field.too_long");
    }
}
