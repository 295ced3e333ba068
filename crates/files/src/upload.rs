//! Reading a multipart upload within its limit, counted as the bytes arrive (never trusting the
//! declared length), and sanitising images off the async threads.

use crate::media::{ContentKind, ImageLimits, Sanitised, sanitise_image, too_large};
use axum::extract::Multipart;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::http::{HeaderMap, StatusCode, header};
use innexar_kernel::{AppError, FieldError};

/// Room for the multipart framing and the small text fields around the file.
const MULTIPART_OVERHEAD: usize = 16 * 1024;

pub async fn sanitise(kind: ContentKind, bytes: Vec<u8>, limits: ImageLimits) -> Result<Sanitised, AppError> {
    tokio::task::spawn_blocking(move || sanitise_image(kind, &bytes, limits)).await.map_err(AppError::internal)?
}

/// A file field and the small text fields beside it.
pub struct Upload {
    pub bytes: Vec<u8>,
    pub filename: Option<String>,
    pub text: Vec<(String, String)>,
}

/// Reads the `file` field (at most `limit` bytes, counted as they arrive) and the text fields
/// named in `text_fields`; any other field is an error.
pub async fn read_upload(
    multipart: Result<Multipart, MultipartRejection>,
    headers: &HeaderMap,
    limit: usize,
    text_fields: &[&str],
) -> Result<Upload, AppError> {
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit + MULTIPART_OVERHEAD) {
        return Err(too_large(limit));
    }
    let mut multipart = multipart.map_err(|_| {
        AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "http.unsupported_media_type",
            "Unsupported media type",
            "send the file as multipart/form-data",
        )
    })?;
    let mut file: Option<(Vec<u8>, Option<String>)> = None;
    let mut text = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            if file.is_some() {
                return Err(AppError::field("/file", "files.one_file_only", "send one file per request"));
            }
            let filename = clean_filename(field.file_name());
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                if bytes.len() + chunk.len() > limit {
                    return Err(too_large(limit));
                }
                bytes.extend_from_slice(&chunk);
            }
            file = Some((bytes, filename));
        } else if text_fields.contains(&name.as_str()) {
            let mut value = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                value.extend_from_slice(&chunk);
                if value.len() > 200 {
                    return Err(AppError::field(&format!("/{name}"), "field.too_long", "use at most 200 characters"));
                }
            }
            let value = String::from_utf8_lossy(&value).trim().to_string();
            if innexar_kernel::validate::has_control_character(&value, false) {
                return Err(AppError::field(
                    &format!("/{name}"),
                    "field.control_character",
                    "text may not hold control characters",
                ));
            }
            text.push((name, value));
        } else if innexar_kernel::validate::has_control_character(&name, false) {
            // A name that cannot be shown or pointed at: the form as a whole.
            return Err(AppError::field("", "field.unknown", "the form has a field of an unreadable name"));
        } else {
            return Err(AppError::validation(vec![FieldError::new(
                format!("/{}", name.replace('~', "~0").replace('/', "~1")),
                "field.unknown",
                format!("unknown field `{name}`"),
            )]));
        }
    }
    let Some((bytes, filename)) = file else {
        return Err(AppError::field("/file", "field.required", "attach the file in the field `file`"));
    };
    Ok(Upload { bytes, filename, text })
}

/// The name a user's file had, kept for display: its last path segment, without control
/// characters, at most 200 characters.
pub fn clean_filename(name: Option<&str>) -> Option<String> {
    let last = name?.rsplit(['/', '\\']).next()?;
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim().to_string();
    (!cleaned.is_empty()).then_some(cleaned)
}

fn malformed(e: MultipartError) -> AppError {
    AppError::bad_request(
        "http.malformed_multipart",
        format!("the multipart body could not be read: {}", e.body_text()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_lose_paths_and_control_characters() {
        assert_eq!(clean_filename(Some("C:\\fotos\\frente.jpg")), Some("frente.jpg".into()));
        assert_eq!(clean_filename(Some("../../etc/passwd")), Some("passwd".into()));
        assert_eq!(clean_filename(Some("a\r\nb.png")), Some("ab.png".into()));
        assert_eq!(clean_filename(Some("  ")), None);
    }
}
