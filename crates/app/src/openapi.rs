//! The OpenAPI 3.1 document's frame (title, licence, security scheme); its paths and tags come
//! from the areas (`router::document`), and [`complete`] adds what every operation of a kind
//! answers with.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Innexar API",
        description = "The open API of Innexar, the dealer management system. Every tenant (dealer group) \
            is reached at its subdomain or with the `X-Tenant` header. Errors are RFC 9457 problem+json \
            with a stable `code`. Money is in integer centavos (BRL).",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
        // A lead source's key (`POST /intake/leads`).
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Header(
                utoipa::openapi::security::ApiKeyValue::new("X-Api-Key"),
            )),
        );
    }
}

/// What a request of some kind can be answered with whatever its handler does, so that it is
/// written once here rather than by hand in every handler (where it went missing): problem
/// bodies are `application/problem+json`; inside a tenant, the `X-Tenant` header and the tenant's
/// own errors; with a token, 401 and 403; with a body, 400, 413, 415 and 422; with `If-Match`,
/// 412 and 428; a tenant `POST` with a token takes an `Idempotency-Key` (409 while the first is
/// in flight); and anything may meet a busy database (503). `public` are the path prefixes
/// reached without tenant or token (signed links).
pub fn complete(doc: utoipa::openapi::OpenApi, public: &[&str]) -> utoipa::openapi::OpenApi {
    let Ok(mut value) = serde_json::to_value(&doc) else { return doc };
    complete_value(&mut value, public);
    serde_json::from_value(value).unwrap_or(doc)
}

/// What the server refuses in any text (`validate::has_control_character`): in a body, control
/// characters but tabs and line breaks; in a parameter, every control character.
const TEXT_IN_BODY: &str = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*$";
const TEXT_IN_PARAMETER: &str = "^[^\\x00-\\x1F\\x7F-\\x9F]*$";

/// Gives every free-text string schema under `schema` (no format, enum or pattern of its own) the
/// server's rule on control characters.
fn text_rule(schema: &mut serde_json::Value, pattern: &str) {
    use serde_json::Value;
    match schema {
        Value::Object(o) => {
            let is_string = match o.get("type") {
                Some(Value::String(t)) => t == "string",
                Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
                _ => false,
            };
            if is_string && !o.contains_key("format") && !o.contains_key("enum") && !o.contains_key("pattern") {
                o.insert("pattern".into(), Value::String(pattern.into()));
            }
            for (key, value) in o.iter_mut() {
                // `examples`/`example` hold data, not schemas.
                if key != "example" && key != "examples" && key != "default" {
                    text_rule(value, pattern);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| text_rule(i, pattern)),
        _ => {}
    }
}

/// A required text in a request is refused blank (`validate::text` trims it): at least one
/// character that is neither blank nor a control character.
const REQUIRED_TEXT: &str = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*$";

/// The component schemas a request body uses, directly or through other components.
fn request_components(doc: &serde_json::Value) -> std::collections::BTreeSet<String> {
    fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(name) =
                    o.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    out.push(name.to_string());
                }
                o.values().for_each(|v| refs(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut pending = Vec::new();
    for ops in doc["paths"].as_object().into_iter().flat_map(|p| p.values()) {
        for op in ops.as_object().into_iter().flat_map(|o| o.values()) {
            refs(&op["requestBody"], &mut pending);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = pending.pop() {
        if seen.insert(name.clone()) {
            refs(&doc["components"]["schemas"][name.as_str()], &mut pending);
        }
    }
    seen
}

/// A free text as `text_rule` marked it: a string, or string-or-null, with no format or enum.
fn is_text(p: &serde_json::Map<String, serde_json::Value>) -> bool {
    use serde_json::Value;
    let string = match p.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        _ => false,
    };
    string
        && !p.contains_key("format")
        && !p.contains_key("enum")
        && p.get("pattern").and_then(Value::as_str) == Some(TEXT_IN_BODY)
}

/// In request schemas: required texts are not blank, and an e-mail is what `validate::email`
/// takes (`format: email` marks the field; JSON Schema's own e-mail format is RFC 5322's).
fn request_rules(schema: &mut serde_json::Value) {
    use serde_json::Value;
    let Value::Object(o) = schema else { return };
    let required: Vec<String> = o
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|r| r.as_str().map(String::from))
        .collect();
    if let Some(Value::Object(props)) = o.get_mut("properties") {
        for (name, prop) in props.iter_mut() {
            let Value::Object(p) = prop else { continue };
            if p.get("format").and_then(Value::as_str) == Some("email") {
                p.remove("format");
                p.insert("pattern".into(), Value::String(innexar_kernel::validate::EMAIL_PATTERN.into()));
                p.insert("maxLength".into(), 254.into());
            } else if is_text(p)
                // Required, or marked `min_length = 1` (a patch's name: absent keeps it, blank is
                // refused). A field with a longer minimum (a password, not trimmed) keeps its rule.
                && match p.get("minLength").and_then(Value::as_u64) {
                    None => required.contains(name),
                    Some(min) => min == 1,
                }
            {
                p.insert("pattern".into(), Value::String(REQUIRED_TEXT.into()));
                p.insert("minLength".into(), 1.into());
            }
        }
    }
}

fn complete_value(doc: &mut serde_json::Value, public: &[&str]) {
    use serde_json::{Value, json};
    let in_requests = request_components(doc);
    let mut event_types: Vec<&str> = crate::all_event_types().iter().map(|e| e.name).collect();
    event_types.push("*");
    if let Some(schemas) = doc.pointer_mut("/components/schemas") {
        text_rule(schemas, TEXT_IN_BODY);
        for name in &in_requests {
            if let Some(schema) = schemas.get_mut(name.as_str()) {
                request_rules(schema);
                // A subscription names types from the catalogue (or `*`): stated in the document
                // so that clients generated from it offer exactly those.
                if let Some(items) = schema.pointer_mut("/properties/eventTypes/items")
                    && items["type"] == "string"
                {
                    items["enum"] = json!(event_types);
                    if let Some(o) = items.as_object_mut() {
                        o.remove("pattern");
                    }
                }
            }
        }
    }
    let problem = json!({"$ref": "#/components/schemas/Problem"});
    let shared = [
        (
            "BadRequest",
            "A malformed request: no tenant named by the host or `X-Tenant` (`tenants.missing`), a body that is not JSON (`http.malformed_json`) or cannot be read, or an `Idempotency-Key` that is not 1 to 255 visible ASCII characters (`idempotency.invalid_key`)",
        ),
        ("Unauthorized", "No access token, or one that is invalid, expired, revoked or for another tenant (`auth.*`)"),
        (
            "Forbidden",
            "Your role does not allow this (`auth.forbidden`), or the tenant is suspended (`tenants.suspended`)",
        ),
        ("NotFound", "No such record, or no such tenant (`tenants.not_found`)"),
        (
            "Conflict",
            "The record's state does not allow this, a unique value is taken, or a request with this `Idempotency-Key` is still in progress (`idempotency.in_progress`)",
        ),
        (
            "PreconditionFailed",
            "The record changed since it was read: `If-Match` holds a stale ETag (`http.precondition_failed`)",
        ),
        ("PayloadTooLarge", "The body is too large (`http.payload_too_large`)"),
        ("UnsupportedMediaType", "The body's content type is not accepted (`http.unsupported_media_type`)"),
        (
            "Invalid",
            "A field or parameter is invalid (`validation.failed`, `errors` holds each one's pointer and code), or the `Idempotency-Key` was used with another request (`idempotency.key_reused`)",
        ),
        (
            "PreconditionRequired",
            "`If-Match` is required: send the ETag the record was read with (`http.precondition_required`)",
        ),
        (
            "Unavailable",
            "The database or file storage is busy or unreachable (`db.busy`, `db.capacity_exhausted`, `files.storage_unavailable`); retry later",
        ),
    ];
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        let responses = components.entry("responses").or_insert_with(|| json!({}));
        for (name, description) in shared {
            responses[name] =
                json!({"description": description, "content": {"application/problem+json": {"schema": problem}}});
        }
    }
    let mut forms = Vec::new();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, operations) in paths.iter_mut() {
        let tenant = path.starts_with("/api/v1/")
            && !path.starts_with("/api/v1/platform/")
            && !public.iter().any(|p| path.starts_with(p));
        let Some(operations) = operations.as_object_mut() else { continue };
        for (method, op) in operations.iter_mut() {
            if !matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                continue;
            }
            let params: Vec<(String, String)> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    (
                        p["in"].as_str().unwrap_or_default().to_string(),
                        p["name"].as_str().unwrap_or_default().to_ascii_lowercase(),
                    )
                })
                .collect();
            let has = |place: &str, name: Option<&str>| {
                params.iter().any(|(i, n)| i == place && name.is_none_or(|name| n == name))
            };
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            let body = op.get("requestBody").is_some();
            let (path_params, query, if_match) =
                (has("path", None), has("query", None), has("header", Some("if-match")));
            if let Some(body) = op.get_mut("requestBody") {
                // A form takes its declared parts only: the server refuses any other.
                if let Some(name) = body
                    .pointer("/content/multipart~1form-data/schema/$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    forms.push(name.to_string());
                }
                text_rule(body, TEXT_IN_BODY);
                for media in body["content"].as_object_mut().into_iter().flat_map(|c| c.values_mut()) {
                    request_rules(&mut media["schema"]);
                }
            }
            for param in op["parameters"].as_array_mut().into_iter().flatten() {
                let is_if_match = param["in"] == "header"
                    && param["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("if-match"));
                if is_if_match {
                    param["schema"] = json!({"type": "string", "pattern": innexar_kernel::if_match::PATTERN});
                    param["description"] = json!(
                        "The record's ETag as last read (`\"3\"`), several of them \
                        (`\"3\", \"4\"`), or `*` for whatever version is current. ETags are strong: a weak one (`W/\"3\"`) \
                        matches none."
                    );
                }
                text_rule(&mut param["schema"], TEXT_IN_PARAMETER);
            }
            let mut extra_params = Vec::new();
            if tenant && !has("header", Some("x-tenant")) {
                extra_params.push(json!({"name": "X-Tenant", "in": "header", "required": false,
                    "description": "The tenant's slug, when the request is not sent to the tenant's subdomain",
                    "schema": {"type": "string", "minLength": 3, "maxLength": 40, "pattern": "^[a-z][a-z0-9-]*$"}}));
            }
            let idempotent = tenant && secured && method == "post";
            if idempotent && !has("header", Some("idempotency-key")) {
                extra_params.push(json!({"name": "Idempotency-Key", "in": "header", "required": false,
                    "description": "Replays the first response to a retried request for 24 hours: 1 to 255 visible \
                        ASCII characters, unique per user; the same key with another body is a 422",
                    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}}));
            }
            if !extra_params.is_empty() {
                let list = op.as_object_mut().map(|o| o.entry("parameters").or_insert_with(|| json!([])));
                if let Some(Value::Array(list)) = list {
                    list.extend(extra_params);
                }
            }
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            for response in responses.values_mut() {
                if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut)
                    && content.get("application/json").is_some_and(|c| c["schema"] == problem)
                    && let Some(media) = content.remove("application/json")
                {
                    content.insert("application/problem+json".into(), media);
                }
            }
            let mut add = |status: &str, name: &str| {
                responses.entry(status).or_insert_with(|| json!({"$ref": format!("#/components/responses/{name}")}));
            };
            // What each kind of operation may answer, whatever its handler does.
            let kinds: [(bool, &[(&str, &str)]); 7] = [
                (tenant, &[("400", "BadRequest"), ("403", "Forbidden"), ("404", "NotFound")]),
                (secured, &[("401", "Unauthorized"), ("403", "Forbidden")]),
                (body, &[("400", "BadRequest"), ("413", "PayloadTooLarge"), ("415", "UnsupportedMediaType")]),
                (body || query, &[("422", "Invalid")]),
                (path_params, &[("404", "NotFound")]),
                (if_match, &[("412", "PreconditionFailed"), ("428", "PreconditionRequired")]),
                (idempotent, &[("400", "BadRequest"), ("409", "Conflict"), ("422", "Invalid")]),
            ];
            for (status, name) in kinds.iter().filter(|(applies, _)| *applies).flat_map(|(_, statuses)| statuses.iter())
            {
                add(status, name);
            }
            add("503", "Unavailable");
        }
    }
    for name in forms {
        if let Some(form) = doc.pointer_mut(&format!("/components/schemas/{name}")).and_then(Value::as_object_mut) {
            form.insert("additionalProperties".into(), Value::Bool(false));
        }
    }
}
