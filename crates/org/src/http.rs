//! `/stores`.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use innexar_files::upload::read_upload;
use innexar_files::{logo_png, sha256_hex, sniff, unsupported};
use innexar_http::etag::{created, optional_if_match, required_if_match, with_etag};
use innexar_http::{AppState, Ctx, Json, Path};
use innexar_kernel::error::Problem;
use innexar_kernel::{AppError, StoreId};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::commands::{self, NewLogo, NewStore, StorePatch};
use crate::model::{LOGO_MAX_BYTES, LOGO_SIDE_PX, Store};
use crate::permissions::{STORES_MANAGE, STORES_READ};
use crate::queries;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    // The logo's upload is bounded by its own limit, counted as the bytes arrive, instead of the
    // server-wide body limit meant for JSON.
    let logo = OpenApiRouter::new().routes(routes!(get_logo, put_logo, delete_logo)).layer(DefaultBodyLimit::disable());
    OpenApiRouter::new().routes(routes!(list_stores, create_store)).routes(routes!(get_store, update_store)).merge(logo)
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StoreList {
    pub items: Vec<Store>,
}

/// The stores you may see.
#[utoipa::path(get, path = "/stores", tag = "stores", security(("bearer" = [])), responses((status = 200, body = StoreList)))]
async fn list_stores(ctx: Ctx) -> Result<axum::Json<StoreList>, AppError> {
    ctx.require(STORES_READ)?;
    let items = queries::list_stores(ctx.db.read().await?.conn(), &ctx.actor).await?;
    Ok(axum::Json(StoreList { items }))
}

/// Open a store (branch).
#[utoipa::path(post, path = "/stores", tag = "stores", security(("bearer" = [])), request_body = NewStore,
    responses((status = 201, body = Store), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_store(ctx: Ctx, Json(input): Json<NewStore>) -> Result<Response, AppError> {
    ctx.require(STORES_MANAGE)?;
    let tx = ctx.db.begin().await?;
    let store = commands::create_store(&tx, input).await?;
    ctx.commit(tx, created(format!("/api/v1/stores/{}", store.id), store.version, &store)).await
}

/// One store.
#[utoipa::path(get, path = "/stores/{id}", tag = "stores", security(("bearer" = [])),
    params(("id" = StoreId, Path)),
    responses((status = 200, body = Store, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_store(ctx: Ctx, Path(id): Path<StoreId>) -> Result<Response, AppError> {
    ctx.require(STORES_READ)?;
    let s = queries::get_store(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    Ok(with_etag(s.version, &s))
}

/// Change a store. Requires `If-Match`.
#[utoipa::path(patch, path = "/stores/{id}", tag = "stores", security(("bearer" = [])), request_body = StorePatch,
    params(("id" = StoreId, Path), ("If-Match" = String, Header, description = "The store's ETag as last read")),
    responses((status = 200, body = Store), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn update_store(
    ctx: Ctx,
    Path(id): Path<StoreId>,
    headers: HeaderMap,
    Json(patch): Json<StorePatch>,
) -> Result<Response, AppError> {
    ctx.require(STORES_MANAGE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let s = commands::update_store(&tx, id, expected, patch).await?;
    ctx.commit(tx, with_etag(s.version, &s)).await
}

/// A logo upload, as `multipart/form-data`.
#[derive(Debug, ToSchema)]
#[expect(dead_code, reason = "describes the multipart body in the OpenAPI document; read by read_upload")]
pub struct LogoUpload {
    /// JPEG, PNG or WebP, at most 5 MiB; the type is read from the content, not the name. Stored
    /// as a PNG without metadata, scaled down to 800 px on its longer side.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// The logo's bytes.
#[derive(Debug, ToSchema)]
#[schema(value_type = String, format = Binary)]
#[expect(dead_code, reason = "describes response bodies in the OpenAPI document; never built")]
pub struct LogoImage(Vec<u8>);

/// The store's logo (PNG). Its `ETag` is the image's SHA-256; `If-None-Match` answers 304.
#[utoipa::path(get, path = "/stores/{id}/logo", tag = "stores", security(("bearer" = [])), params(("id" = StoreId, Path)),
    responses((status = 200, description = "The logo", content((LogoImage = "image/png")), headers(("ETag" = String))),
        (status = 304, description = "The copy the client holds is current"), (status = 404, body = Problem)))]
async fn get_logo(ctx: Ctx, Path(id): Path<StoreId>, headers: HeaderMap) -> Result<Response, AppError> {
    ctx.require(STORES_READ)?;
    let s = queries::get_store(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    let logo = s.logo.ok_or_else(|| AppError::not_found("stores.no_logo", "this store has no logo"))?;
    let etag = HeaderValue::from_str(&format!("\"{}\"", logo.sha256)).map_err(AppError::internal)?;
    let held = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let mut r = if held.split(',').any(|t| t.trim().trim_start_matches("W/") == etag.to_str().unwrap_or_default()) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let d = ctx.state.files.get(ctx.tenant.id, &logo.key).await?;
        d.into_response("image/png", &format!("logo-{id}.png"))
    };
    // The address stays when the logo changes: the browser asks again each time, and 304 costs
    // no bytes.
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    r.headers_mut().insert(header::ETAG, etag);
    Ok(r)
}

/// Set the store's logo (multipart field `file`), printed on its quotes and sales orders. The
/// type is read from the content; the image is stored as a PNG without metadata, at most 800 px
/// on its longer side. `If-Match` (the store's ETag) is optional: with it, a store changed since
/// is refused with 412.
#[utoipa::path(put, path = "/stores/{id}/logo", tag = "stores", security(("bearer" = [])),
    params(("id" = StoreId, Path), ("If-Match" = Option<String>, Header, description = "The store's ETag as last read")),
    request_body(content = LogoUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = Store, headers(("ETag" = String))), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn put_logo(
    ctx: Ctx,
    Path(id): Path<StoreId>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    ctx.require(STORES_MANAGE)?;
    let expected = optional_if_match(&headers)?;
    queries::get_store(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    let upload = read_upload(multipart, &headers, LOGO_MAX_BYTES, &[]).await?;
    let kind = sniff(&upload.bytes)
        .filter(|k| k.is_image())
        .ok_or_else(|| unsupported("a logo is a JPEG, PNG or WebP image; the content is none of them"))?;
    let max_side = ctx.state.settings.storage.max_image_side_px;
    let bytes = upload.bytes;
    let image = tokio::task::spawn_blocking(move || logo_png(kind, &bytes, max_side, LOGO_SIDE_PX))
        .await
        .map_err(AppError::internal)??;
    // A new key per upload: a download in flight keeps reading the old logo, and a failed
    // change leaves the recorded one intact.
    let key = format!("stores/{id}/logo-{}.png", innexar_kernel::new_id());
    let logo = NewLogo {
        key: key.clone(),
        sha256: sha256_hex(&image.bytes),
        width: image.width,
        height: image.height,
        size_bytes: image.bytes.len(),
    };
    let files = &ctx.state.files;
    let tenant = ctx.tenant.id;
    let recorded = async {
        files.put(tenant, &key, image.bytes).await?;
        let tx = ctx.db.begin().await?;
        let (store, replaced) = commands::set_logo(&tx, id, expected, Some(logo)).await?;
        Ok::<_, AppError>((ctx.commit(tx, with_etag(store.version, &store)).await?, replaced))
    }
    .await;
    match recorded {
        Ok((response, replaced)) => {
            files.delete_all(tenant, &replaced.into_iter().collect::<Vec<_>>()).await;
            Ok(response)
        }
        Err(e) => {
            files.delete_all(tenant, &[key]).await;
            Err(e)
        }
    }
}

/// Remove the store's logo; its documents show its initials instead. `If-Match` is optional, as
/// for setting it.
#[utoipa::path(delete, path = "/stores/{id}/logo", tag = "stores", security(("bearer" = [])),
    params(("id" = StoreId, Path), ("If-Match" = Option<String>, Header, description = "The store's ETag as last read")),
    responses((status = 200, body = Store, headers(("ETag" = String))), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem)))]
async fn delete_logo(ctx: Ctx, Path(id): Path<StoreId>, headers: HeaderMap) -> Result<Response, AppError> {
    ctx.require(STORES_MANAGE)?;
    let expected = optional_if_match(&headers)?;
    queries::get_store(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    let tx = ctx.db.begin().await?;
    let (store, replaced) = commands::set_logo(&tx, id, expected, None).await?;
    let response = ctx.commit(tx, with_etag(store.version, &store)).await?;
    ctx.state.files.delete_all(ctx.tenant.id, &replaced.into_iter().collect::<Vec<_>>()).await;
    Ok(response)
}
