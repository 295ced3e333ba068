//! Optimistic concurrency: every editable record has a row version, sent as a strong `ETag`;
//! updates must send it back in `If-Match` so two people cannot overwrite each other unseen.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use innexar_kernel::AppError;

pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// The version the client last saw, from `If-Match`. Missing: 428; unparsable: 412.
pub fn required_version(headers: &HeaderMap) -> Result<i64, AppError> {
    let Some(raw) = headers.get(header::IF_MATCH) else {
        return Err(AppError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "http.precondition_required",
            "Precondition required",
            "send the record's ETag in If-Match to update it",
        ));
    };
    let s = raw.to_str().unwrap_or_default().trim();
    let s = s.strip_prefix("W/").unwrap_or(s);
    s.trim_matches('"')
        .parse::<i64>()
        .map_err(|_| AppError::precondition_failed("If-Match does not match the record's current ETag"))
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
    fn reads_if_match() {
        let mut h = HeaderMap::new();
        assert_eq!(required_version(&h).unwrap_err().status, StatusCode::PRECONDITION_REQUIRED);
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"7\""));
        assert_eq!(required_version(&h).ok(), Some(7));
        h.insert(header::IF_MATCH, HeaderValue::from_static("W/\"8\""));
        assert_eq!(required_version(&h).ok(), Some(8));
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"abc\""));
        assert_eq!(required_version(&h).unwrap_err().status, StatusCode::PRECONDITION_FAILED);
    }
}
