//! Extractors that turn every malformed request into a problem+json answer with a pointer to
//! the offending field, instead of axum's plain-text rejections.

use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use bytes::Bytes;
use innexar_kernel::{AppError, FieldError};
use serde::de::DeserializeOwned;

/// A JSON body. Wrong content type: 415; bad syntax: 400; a field of the wrong type, an unknown
/// field or enum value, a missing field: 422 with the field's JSON Pointer; too large: 413.
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
            })
            .unwrap_or(false);
        if !is_json {
            return Err(AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "http.unsupported_media_type",
                "Unsupported media type",
                "send the body as application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(body_error)?;
        parse_json(&bytes).map(Json)
    }
}

pub(crate) fn body_error(e: BytesRejection) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "http.payload_too_large",
            "Payload too large",
            "the request body is too large",
        )
    } else {
        AppError::bad_request("http.unreadable_body", "the request body could not be read")
    }
}

/// Parses JSON with the path of the first error. The body is read into a JSON value first, so
/// that what is valid JSON but a wrong value for the field (a `null` where an enum is required)
/// is a 422 with its pointer rather than a syntax error, and so that two rules hold for every
/// body of every area before any field is read: whole numbers written with a decimal point are
/// numbers like any other (`2020.0` is `2020`, as JSON Schema's `integer` says), and no text
/// holds a control character other than tabs and line breaks.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| AppError::bad_request("http.malformed_json", format!("the body is not valid JSON: {e}")))?;
    let mut errors = Vec::new();
    normalise(&mut value, &mut String::new(), &mut errors);
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    serde_path_to_error::deserialize(value).map_err(|e| field_error(pointer_of(e.path()), &e.inner().to_string()))
}

/// At most this many control-character errors are listed for one body.
const MAX_TEXT_ERRORS: usize = 20;

fn normalise(value: &mut serde_json::Value, pointer: &mut String, errors: &mut Vec<FieldError>) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            if errors.len() < MAX_TEXT_ERRORS && innexar_kernel::validate::has_control_character(s, true) {
                errors.push(control_character(pointer));
            }
        }
        Value::Number(n) => {
            // Only floats that hold a whole number exactly (|x| < 2^53); a real fraction stays a
            // float and the integer field refuses it with its pointer.
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0)
            {
                *n = serde_json::Number::from(f as i64);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                normalise(item, pointer, errors);
                pointer.truncate(len);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields.iter_mut() {
                // A key with a control character cannot be named in a pointer: point at its object.
                if innexar_kernel::validate::has_control_character(key, false) {
                    if errors.len() < MAX_TEXT_ERRORS {
                        errors.push(control_character(pointer));
                    }
                    continue;
                }
                let len = pointer.len();
                pointer.push_str(&format!("/{}", key.replace('~', "~0").replace('/', "~1")));
                normalise(item, pointer, errors);
                pointer.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

fn control_character(pointer: &str) -> FieldError {
    FieldError::new(
        pointer,
        "field.control_character",
        "text may not hold control characters (tabs and line breaks may)",
    )
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut p = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => p.push_str(&format!("/{index}")),
            Segment::Map { key } => p.push_str(&format!("/{}", key.replace('~', "~0").replace('/', "~1"))),
            Segment::Enum { variant } => p.push_str(&format!("/{variant}")),
            Segment::Unknown => {}
        }
    }
    p
}

/// Classifies serde's message into a stable code; `missing field` and `unknown field` errors
/// point at the field itself rather than its parent object.
fn field_error(mut pointer: String, message: &str) -> AppError {
    let msg = message.split(" at line ").next().unwrap_or(message).to_string();
    let quoted = msg.split('`').nth(1).map(str::to_string);
    let code = if msg.starts_with("missing field") {
        if let Some(f) = &quoted {
            pointer = format!("{pointer}/{f}");
        }
        "field.required"
    } else if msg.starts_with("unknown field") {
        // The path already ends at the unknown key.
        "field.unknown"
    } else if msg.starts_with("unknown variant") {
        "field.invalid_enum"
    } else if msg.starts_with("invalid type") || msg.starts_with("invalid value") {
        "field.invalid_type"
    } else if msg.contains("out of range") || msg.contains("invalid length") {
        "field.out_of_range"
    } else {
        "field.invalid"
    };
    AppError::validation(vec![FieldError::new(pointer, code, msg)])
}

/// A query string, with the same error shape (pointer `/<parameter>`).
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let q = parts.uri.query().unwrap_or_default();
        // A query parameter is one line: no control character at all, tabs and line breaks too.
        let bad: Vec<FieldError> = form_urlencoded::parse(q.as_bytes())
            .filter(|(k, v)| {
                innexar_kernel::validate::has_control_character(k, false)
                    || innexar_kernel::validate::has_control_character(v, false)
            })
            .take(MAX_TEXT_ERRORS)
            .map(|(k, _)| match innexar_kernel::validate::has_control_character(&k, false) {
                // A key that cannot be named in a pointer: the query string as a whole.
                true => control_character(""),
                false => control_character(&format!("/{}", k.replace('~', "~0").replace('/', "~1"))),
            })
            .collect();
        if !bad.is_empty() {
            return Err(AppError::validation(bad));
        }
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(q.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(|e| field_error(pointer_of(e.path()), &e.inner().to_string()))
    }
}

/// A path parameter; a malformed id is a 404 (no record can have it), not a 500 or plain text.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        // The rejection quotes the segment as sent, which may be anything: it is logged, not echoed.
        axum::extract::Path::<T>::from_request_parts(parts, state).await.map(|p| Path(p.0)).map_err(
            |e: PathRejection| {
                tracing::debug!(rejection = %e.body_text(), "unparsable path parameter");
                AppError::not_found("http.not_found", "no such resource: the path holds no valid id")
            },
        )
    }
}
