//! The web app at `/`: the production build of `web/` (`make web`), embedded in release binaries
//! and read from `web/dist` by debug builds so a rebuilt web app needs no Rust rebuild.
//!
//! Hashed files under `/assets/` never change, so browsers keep them for a year; `index.html`
//! names the current ones, so it is revalidated on every load. Any other path that is not a file
//! is a client-side route and gets `index.html`; `/api/...` keeps its problem+json 404.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use innexar_kernel::AppError;

#[derive(rust_embed::Embed)]
// Relative to crates/app/Cargo.toml.
#[folder = "../../web/dist/"]
#[allow_missing = true]
// The build manifest is for scripts/size.mjs, not for browsers.
#[exclude = ".vite/*"]
struct Assets;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

pub async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return crate::middleware::not_found().await.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return crate::middleware::method_not_allowed().await.into_response();
    }
    if !path.is_empty()
        && let Some(resp) = file(path, &headers)
    {
        return resp;
    }
    // A missing hashed asset (an old tab after a deploy) must not get index.html as JavaScript.
    if path.starts_with("assets/") || last_segment_has_extension(path) {
        return crate::middleware::not_found().await.into_response();
    }
    file("index.html", &headers).unwrap_or_else(|| {
        AppError::unavailable("web.not_built", "the web app is not built into this binary; run `make web` and rebuild")
            .into_response()
    })
}

fn last_segment_has_extension(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|seg| seg.contains('.'))
}

fn file(path: &str, headers: &HeaderMap) -> Option<Response> {
    let asset = Assets::get(path)?;
    // The build writes a gzip twin of each compressible file; send it to clients that take it.
    let gz = accepts_gzip(headers).then(|| Assets::get(&format!("{path}.gz"))).flatten();
    // Each encoding is its own representation, so each has its own strong ETag.
    let hash = hex::encode(&asset.metadata.sha256_hash()[..16]);
    let etag = if gz.is_some() { format!("\"{hash}-gzip\"") } else { format!("\"{hash}\"") };
    let cache = if path.starts_with("assets/") { IMMUTABLE } else { REVALIDATE };
    let mut resp = if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut resp = match gz {
            Some(gz) => {
                let mut r = Response::new(Body::from(gz.data.into_owned()));
                r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                r
            }
            None => Response::new(Body::from(asset.data.into_owned())),
        };
        let mime = asset.metadata.mimetype();
        let mime = if mime.starts_with("text/") { format!("{mime}; charset=utf-8") } else { mime.to_string() };
        if let Ok(v) = HeaderValue::from_str(&mime) {
            resp.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        resp
    };
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    Some(resp)
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().split(';').next() == Some("gzip")))
}
