//! Optimistic concurrency: every editable record has a row version, sent as a strong `ETag`;
//! updates must send it back in `If-Match` so two people cannot overwrite each other unseen.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use innexar_kernel::{AppError, IfMatch};

pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// The versions the client allows the write on, from `If-Match` (428 when it is missing).
pub fn required_if_match(headers: &HeaderMap) -> Result<IfMatch, AppError> {
    match headers.get(header::IF_MATCH) {
        Some(raw) => parse(raw),
        None => Err(AppError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "http.precondition_required",
            "Precondition required",
            "send the record's ETag in If-Match to update it",
        )),
    }
}

/// `If-Match` where it may be left out: without it, any version.
pub fn optional_if_match(headers: &HeaderMap) -> Result<IfMatch, AppError> {
    headers.get(header::IF_MATCH).map_or(Ok(IfMatch::Any), parse)
}

fn parse(raw: &HeaderValue) -> Result<IfMatch, AppError> {
    raw.to_str().ok().and_then(IfMatch::parse).ok_or_else(|| {
        AppError::bad_request("http.invalid_if_match", "If-Match is `*` or a list of ETags such as \"3\"")
    })
}

/// 201 with the new record's `Location` and `ETag`.
pub fn created<T: serde::Serialize>(location: String, version: i64, body: T) -> axum::response::Response {
    use axum::response::IntoResponse;
    (StatusCode::CREATED, [(header::LOCATION, location)], [(header::ETAG, etag(version))], axum::Json(body))
        .into_response()
}

/// 200 with the record's `ETag`, for the client's next `If-Match`.
pub fn with_etag<T: serde::Serialize>(version: i64, body: T) -> axum::response::Response {
    use axum::response::IntoResponse;
    ([(header::ETAG, etag(version))], axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_is_required_where_it_must_be_and_any_version_where_it_may_be_left_out() {
        let mut h = HeaderMap::new();
        assert_eq!(required_if_match(&h).unwrap_err().status, StatusCode::PRECONDITION_REQUIRED);
        assert_eq!(optional_if_match(&h).ok(), Some(IfMatch::Any));
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"7\""));
        assert_eq!(required_if_match(&h).ok(), Some(IfMatch::version(7)));
        h.insert(header::IF_MATCH, HeaderValue::from_static("W/\"8\""));
        assert_eq!(optional_if_match(&h).ok(), Some(IfMatch::OneOf(vec![])));
        h.insert(header::IF_MATCH, HeaderValue::from_static("8"));
        assert_eq!(required_if_match(&h).unwrap_err().code, "http.invalid_if_match");
    }
}
