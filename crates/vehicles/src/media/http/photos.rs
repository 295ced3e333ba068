//! Photo handlers: upload, list, download, thumbnail, order and cover, delete, link.

use crate::ids::{PhotoId, VehicleId};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use innexar_files::{ImageLimits, sha256_hex, sniff, unsupported};
use innexar_http::{AppState, Ctx, Json, Path};
use innexar_kernel::AppError;
use innexar_kernel::error::Problem;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{FileContent, LinkRequest, LinkView, PHOTO_LINK, extension_of, file_response, sign_link};
use crate::media::commands::{self, NewPhoto, PhotoPatch};
use crate::media::store::{self, Photo};
use crate::permissions::*;
use crate::queries;
use innexar_files::upload::{read_upload, sanitise};

pub(super) fn routes() -> OpenApiRouter<AppState> {
    // Uploads are bounded by the storage limits, counted as the bytes arrive, instead of the
    // server-wide body limit meant for JSON.
    let upload = OpenApiRouter::new().routes(routes!(list_photos, upload_photo)).layer(DefaultBodyLimit::disable());
    OpenApiRouter::new()
        .routes(routes!(download_photo, update_photo, delete_photo))
        .routes(routes!(download_thumbnail))
        .routes(routes!(photo_link))
        .merge(upload)
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhotoView {
    pub id: PhotoId,
    pub vehicle_id: VehicleId,
    /// `image/jpeg`, `image/png` or `image/webp`, as found in the content.
    pub content_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the stored (metadata-free) image.
    pub sha256: String,
    pub width: i32,
    pub height: i32,
    /// Display order, 0 first.
    pub position: i32,
    pub is_cover: bool,
    pub original_filename: Option<String>,
    /// Where to download it (with the access token).
    pub url: String,
    pub thumbnail_url: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<Photo> for PhotoView {
    fn from(p: Photo) -> Self {
        let url = format!("/api/v1/vehicles/{}/photos/{}", p.vehicle_id, p.id);
        PhotoView {
            thumbnail_url: format!("{url}/thumbnail"),
            url,
            id: p.id,
            vehicle_id: p.vehicle_id,
            content_type: p.content_type,
            size_bytes: p.size_bytes,
            sha256: p.sha256,
            width: p.width,
            height: p.height,
            position: p.position,
            is_cover: p.is_cover,
            original_filename: p.original_filename,
            created_by: p.created_by,
            created_at: p.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoList {
    pub items: Vec<PhotoView>,
}

/// A photo upload, as `multipart/form-data`.
#[derive(Debug, ToSchema)]
#[expect(dead_code, reason = "describes the multipart body in the OpenAPI document; read by read_upload")]
pub struct PhotoUpload {
    /// JPEG, PNG or WebP; the type is read from the content, not the name. EXIF metadata is
    /// removed and the image turned upright.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// The photos of a vehicle in display order (`isCover` marks the cover).
#[utoipa::path(get, path = "/vehicles/{id}/photos", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path)),
    responses((status = 200, body = PhotoList), (status = 404, body = Problem)))]
async fn list_photos(ctx: Ctx, Path(id): Path<VehicleId>) -> Result<axum::Json<PhotoList>, AppError> {
    ctx.require(VEHICLES_READ)?;
    queries::get_vehicle(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    let items = store::list_photos(ctx.db.read().await?.conn(), id).await?.into_iter().map(PhotoView::from).collect();
    Ok(axum::Json(PhotoList { items }))
}

/// Add a photo (multipart field `file`). The type is read from the content; EXIF metadata is
/// removed, the image turned upright and a thumbnail made. The first photo is the cover.
/// Writes `vehicle.photos_changed`.
#[utoipa::path(post, path = "/vehicles/{id}/photos", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path)),
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = PhotoView), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn upload_photo(
    ctx: Ctx,
    Path(id): Path<VehicleId>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    ctx.require(VEHICLES_MANAGE_PHOTOS)?;
    let settings = &ctx.state.settings.storage;
    queries::get_vehicle(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    commands::check_room_for_photo(ctx.db.read().await?.conn(), id, settings.max_photos_per_vehicle).await?;
    let upload = read_upload(multipart, &headers, settings.max_photo_bytes, &[]).await?;
    let kind = sniff(&upload.bytes)
        .filter(|k| k.is_image())
        .ok_or_else(|| unsupported("a photo is a JPEG, PNG or WebP image; the content is none of them"))?;
    let limits = ImageLimits { max_side_px: settings.max_image_side_px, thumbnail_side_px: settings.thumbnail_side_px };
    let image = sanitise(kind, upload.bytes, limits).await?;
    let photo_id = PhotoId::new();
    let object_key = format!("vehicles/{id}/photos/{photo_id}.{}", kind.extension());
    let thumbnail_key = format!("vehicles/{id}/photos/{photo_id}-thumbnail.jpg");
    let input = NewPhoto {
        id: photo_id,
        object_key: object_key.clone(),
        thumbnail_key: thumbnail_key.clone(),
        content_type: kind.mime().into(),
        size_bytes: image.bytes.len() as i64,
        sha256: sha256_hex(&image.bytes),
        width: image.width,
        height: image.height,
        original_filename: upload.filename,
    };
    let files = &ctx.state.files;
    let tenant = ctx.tenant.id;
    let keys = [object_key.clone(), thumbnail_key.clone()];
    let recorded = async {
        files.put(tenant, &object_key, image.bytes).await?;
        files.put(tenant, &thumbnail_key, image.thumbnail).await?;
        let tx = ctx.db.begin().await?;
        let photo = commands::add_photo(&tx, id, input, settings.max_photos_per_vehicle).await?;
        let location = format!("/api/v1/vehicles/{id}/photos/{photo_id}");
        ctx.commit(tx, (StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(PhotoView::from(photo)))).await
    }
    .await;
    let response = match recorded {
        Ok(r) => r,
        Err(e) => {
            files.delete_all(tenant, &keys).await;
            return Err(e);
        }
    };
    Ok(response)
}

/// Download a photo (its stored, metadata-free image).
#[utoipa::path(get, path = "/vehicles/{id}/photos/{photo_id}", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path), ("photo_id" = PhotoId, Path)),
    responses((status = 200, description = "The image", content((FileContent = "image/jpeg"), (FileContent = "image/png"), (FileContent = "image/webp"))), (status = 404, body = Problem)))]
async fn download_photo(ctx: Ctx, Path((id, photo_id)): Path<(VehicleId, PhotoId)>) -> Result<Response, AppError> {
    ctx.require(VEHICLES_READ)?;
    let p = visible_photo(&ctx, id, photo_id).await?;
    let d = ctx.state.files.get(ctx.tenant.id, &p.object_key).await?;
    Ok(file_response(d, &p.content_type, &format!("photo-{}.{}", p.id, extension_of(&p.content_type))))
}

/// Download a photo's thumbnail (JPEG, longest side `storage.thumbnail_side_px`).
#[utoipa::path(get, path = "/vehicles/{id}/photos/{photo_id}/thumbnail", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path), ("photo_id" = PhotoId, Path)),
    responses((status = 200, description = "The thumbnail", content((FileContent = "image/jpeg"))), (status = 404, body = Problem)))]
async fn download_thumbnail(ctx: Ctx, Path((id, photo_id)): Path<(VehicleId, PhotoId)>) -> Result<Response, AppError> {
    ctx.require(VEHICLES_READ)?;
    let p = visible_photo(&ctx, id, photo_id).await?;
    let d = ctx.state.files.get(ctx.tenant.id, &p.thumbnail_key).await?;
    Ok(file_response(d, "image/jpeg", &format!("photo-{}-thumbnail.jpg", p.id)))
}

/// Move a photo and/or make it the cover; answers all the vehicle's photos in their new order.
/// Writes `vehicle.photos_changed`.
#[utoipa::path(patch, path = "/vehicles/{id}/photos/{photo_id}", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path), ("photo_id" = PhotoId, Path)),
    request_body = PhotoPatch,
    responses((status = 200, body = PhotoList), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_photo(
    ctx: Ctx,
    Path((id, photo_id)): Path<(VehicleId, PhotoId)>,
    Json(patch): Json<PhotoPatch>,
) -> Result<axum::Json<PhotoList>, AppError> {
    ctx.require(VEHICLES_MANAGE_PHOTOS)?;
    let tx = ctx.db.begin().await?;
    let photos = commands::update_photo(&tx, id, photo_id, patch).await?;
    tx.commit().await?;
    Ok(axum::Json(PhotoList { items: photos.into_iter().map(PhotoView::from).collect() }))
}

/// Delete a photo and its stored files (needs `vehicles.delete_photos`). Writes
/// `vehicle.photos_changed`.
#[utoipa::path(delete, path = "/vehicles/{id}/photos/{photo_id}", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path), ("photo_id" = PhotoId, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn delete_photo(ctx: Ctx, Path((id, photo_id)): Path<(VehicleId, PhotoId)>) -> Result<StatusCode, AppError> {
    ctx.require(VEHICLES_DELETE_PHOTOS)?;
    let tx = ctx.db.begin().await?;
    let p = commands::delete_photo(&tx, id, photo_id).await?;
    tx.commit().await?;
    ctx.state.files.delete_all(ctx.tenant.id, &[p.object_key, p.thumbnail_key]).await;
    Ok(StatusCode::NO_CONTENT)
}

/// A signed link that downloads the photo without a token until it expires (for a
/// marketplace, or a customer on WhatsApp).
#[utoipa::path(post, path = "/vehicles/{id}/photos/{photo_id}/link", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path), ("photo_id" = PhotoId, Path)),
    request_body = LinkRequest,
    responses((status = 200, body = LinkView), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn photo_link(
    ctx: Ctx,
    Path((id, photo_id)): Path<(VehicleId, PhotoId)>,
    Json(input): Json<LinkRequest>,
) -> Result<axum::Json<LinkView>, AppError> {
    ctx.require(VEHICLES_READ)?;
    let p = visible_photo(&ctx, id, photo_id).await?;
    sign_link(&ctx, PHOTO_LINK, p.id.uuid(), input).map(axum::Json)
}

async fn visible_photo(ctx: &Ctx, vehicle_id: VehicleId, photo_id: PhotoId) -> Result<Photo, AppError> {
    queries::get_vehicle(ctx.db.read().await?.conn(), &ctx.actor, vehicle_id).await?;
    store::find_photo(ctx.db.read().await?.conn(), vehicle_id, photo_id)
        .await?
        .ok_or_else(|| AppError::not_found("vehicles.photo_not_found", "no such photo on this vehicle"))
}
