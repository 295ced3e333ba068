//! Use cases on a vehicle's photos and documents. The handler stores the objects first and then
//! records them here, in its transaction; removing a record returns it so the handler can
//! remove its objects once the commit succeeded.

use crate::ids::{DocumentId, PhotoId, VehicleId};
use innexar_db::{DatabaseTransaction, Tx, audit, outbox};
use innexar_kernel::{AppError, FieldError};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::DocumentKind;
use super::store::{self, Document, Photo};
use crate::commands::load_visible;
use crate::events::{PhotosChanged, VehicleEvent, VehicleRef};
use crate::model::Vehicle;

/// A photo already on storage, to be recorded.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub id: PhotoId,
    pub object_key: String,
    pub thumbnail_key: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub original_filename: Option<String>,
}

fn photo_not_found() -> AppError {
    AppError::not_found("vehicles.photo_not_found", "no such photo on this vehicle")
}

fn too_many(max: u32) -> AppError {
    AppError::conflict("vehicles.too_many_photos", format!("a vehicle has at most {max} photos; delete one first"))
}

/// 409 when the vehicle already has `max` photos; checked before an upload is processed.
pub async fn check_room_for_photo(
    db: &impl sea_orm::ConnectionTrait,
    vehicle_id: VehicleId,
    max: u32,
) -> Result<(), AppError> {
    if store::count_photos(db, vehicle_id).await? >= u64::from(max) {
        return Err(too_many(max));
    }
    Ok(())
}

/// Records a photo after the vehicle's others; the first photo becomes the cover.
/// Writes `vehicle.photos_changed`.
pub async fn add_photo(tx: &Tx, vehicle_id: VehicleId, input: NewPhoto, max_photos: u32) -> Result<Photo, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let v = load_visible(tx, actor, vehicle_id).await?;
    let photos = store::list_photos(tx, vehicle_id).await?;
    if photos.len() >= max_photos as usize {
        return Err(too_many(max_photos));
    }
    let photo = Photo {
        id: input.id,
        vehicle_id,
        object_key: input.object_key,
        thumbnail_key: input.thumbnail_key,
        content_type: input.content_type,
        size_bytes: input.size_bytes,
        sha256: input.sha256,
        width: i32::try_from(input.width).map_err(AppError::internal)?,
        height: i32::try_from(input.height).map_err(AppError::internal)?,
        position: photos.last().map(|p| p.position + 1).unwrap_or(0),
        is_cover: photos.is_empty(),
        original_filename: input.original_filename,
        created_by: actor.id,
        created_at: now,
    };
    store::insert_photo(tx, photo.clone()).await?;
    let mut all = photos;
    all.push(photo.clone());
    photos_changed(tx, &v, &all, "added", photo.id).await?;
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.photo_added",
            entity_type: "vehicle_photo",
            entity_id: Some(photo.id.uuid()),
            before: None,
            after: Some(&photo_audit(&photo)),
        },
    )
    .await?;
    Ok(photo)
}

/// Moves a photo and/or makes it the cover.
#[derive(Debug, Default, Deserialize, ToSchema)]
// Read through a JSON object: serde would otherwise take `[null, null]` as the two fields.
#[serde(rename_all = "camelCase", deny_unknown_fields, try_from = "serde_json::Map<String, serde_json::Value>")]
pub struct PhotoPatch {
    /// The photo's new place, 0 first; the others shift to make room.
    pub position: Option<i32>,
    /// `true` makes this the cover photo (there is always exactly one); to change the cover,
    /// set it on another photo.
    pub is_cover: Option<bool>,
}

impl TryFrom<serde_json::Map<String, serde_json::Value>> for PhotoPatch {
    type Error = serde_json::Error;

    fn try_from(object: serde_json::Map<String, serde_json::Value>) -> Result<Self, Self::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        struct Fields {
            position: Option<i32>,
            is_cover: Option<bool>,
        }
        let f: Fields = serde_json::from_value(serde_json::Value::Object(object))?;
        Ok(PhotoPatch { position: f.position, is_cover: f.is_cover })
    }
}

/// Reorders or changes the cover; returns all the vehicle's photos in their new order.
/// Writes `vehicle.photos_changed`.
pub async fn update_photo(
    tx: &Tx,
    vehicle_id: VehicleId,
    photo_id: PhotoId,
    patch: PhotoPatch,
) -> Result<Vec<Photo>, AppError> {
    let actor = tx.actor();
    let v = load_visible(tx, actor, vehicle_id).await?;
    let mut photos = store::list_photos(tx, vehicle_id).await?;
    let idx = photos.iter().position(|p| p.id == photo_id).ok_or_else(photo_not_found)?;
    let mut errors = Vec::new();
    if let Some(pos) = patch.position
        && !(0..photos.len() as i32).contains(&pos)
    {
        errors.push(FieldError::new(
            "/position",
            "field.out_of_range",
            format!("the position is between 0 and {}", photos.len() - 1),
        ));
    }
    if patch.is_cover == Some(false) {
        errors.push(FieldError::new(
            "/isCover",
            "vehicles.cover_required",
            "a vehicle always has a cover photo: make another photo the cover instead",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let before = photos[idx].clone();
    if let Some(pos) = patch.position {
        let moved = photos.remove(idx);
        photos.insert(pos as usize, moved);
    }
    let cover =
        if patch.is_cover == Some(true) { Some(photo_id) } else { photos.iter().find(|p| p.is_cover).map(|p| p.id) };
    let photos = renumber(tx, photos, cover).await?;
    photos_changed(tx, &v, &photos, "reordered", photo_id).await?;
    if let Some(after) = photos.iter().find(|p| p.id == photo_id) {
        audit::record(
            tx,
            audit::Change {
                action: "vehicles.photo_updated",
                entity_type: "vehicle_photo",
                entity_id: Some(photo_id.uuid()),
                before: Some(&photo_audit(&before)),
                after: Some(&photo_audit(after)),
            },
        )
        .await?;
    }
    Ok(photos)
}

/// Removes a photo's record and returns it (its objects are the caller's to delete after the
/// commit). When it was the cover, the first remaining photo becomes the cover.
/// Writes `vehicle.photos_changed`.
pub async fn delete_photo(tx: &Tx, vehicle_id: VehicleId, photo_id: PhotoId) -> Result<Photo, AppError> {
    let actor = tx.actor();
    let v = load_visible(tx, actor, vehicle_id).await?;
    let mut photos = store::list_photos(tx, vehicle_id).await?;
    let idx = photos.iter().position(|p| p.id == photo_id).ok_or_else(photo_not_found)?;
    let removed = photos.remove(idx);
    store::delete_photo(tx, removed.id).await?;
    let cover = photos.iter().find(|p| p.is_cover).or(photos.first()).map(|p| p.id);
    let photos = renumber(tx, photos, cover).await?;
    photos_changed(tx, &v, &photos, "removed", photo_id).await?;
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.photo_deleted",
            entity_type: "vehicle_photo",
            entity_id: Some(photo_id.uuid()),
            before: Some(&photo_audit(&removed)),
            after: None,
        },
    )
    .await?;
    Ok(removed)
}

/// Positions 0, 1, 2... in the given order, and one cover.
async fn renumber(
    tx: &DatabaseTransaction,
    photos: Vec<Photo>,
    cover: Option<PhotoId>,
) -> Result<Vec<Photo>, AppError> {
    let mut out = Vec::with_capacity(photos.len());
    for (i, mut p) in photos.into_iter().enumerate() {
        let position = i as i32;
        let is_cover = Some(p.id) == cover;
        store::update_photo_order(tx, &p, position, is_cover).await?;
        p.position = position;
        p.is_cover = is_cover;
        out.push(p);
    }
    Ok(out)
}

/// Integrators publishing stock to marketplaces re-read the photos when this arrives.
async fn photos_changed(
    tx: &Tx,
    v: &Vehicle,
    photos: &[Photo],
    change: &'static str,
    photo_id: PhotoId,
) -> Result<(), AppError> {
    let e = PhotosChanged {
        vehicle: VehicleRef::new(v, tx.now()),
        change,
        photo_id,
        photo_count: photos.len(),
        cover_photo_id: photos.iter().find(|p| p.is_cover).map(|p| p.id),
    };
    outbox::record(tx, &VehicleEvent::PhotosChanged(e)).await?;
    Ok(())
}

fn photo_audit(p: &Photo) -> serde_json::Value {
    json!({
        "vehicleId": p.vehicle_id, "contentType": p.content_type, "sizeBytes": p.size_bytes, "sha256": p.sha256,
        "position": p.position, "isCover": p.is_cover, "originalFilename": p.original_filename,
    })
}

/// A document already on storage, to be recorded.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub id: DocumentId,
    pub kind: DocumentKind,
    pub object_key: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub original_filename: Option<String>,
}

pub async fn add_document(tx: &Tx, vehicle_id: VehicleId, input: NewDocument) -> Result<Document, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    load_visible(tx, actor, vehicle_id).await?;
    let d = Document {
        id: input.id,
        vehicle_id,
        kind: input.kind.as_str().into(),
        object_key: input.object_key,
        content_type: input.content_type,
        size_bytes: input.size_bytes,
        sha256: input.sha256,
        original_filename: input.original_filename,
        created_by: actor.id,
        created_at: now,
    };
    store::insert_document(tx, d.clone()).await?;
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.document_added",
            entity_type: "vehicle_document",
            entity_id: Some(d.id.uuid()),
            before: None,
            after: Some(&document_audit(&d)),
        },
    )
    .await?;
    Ok(d)
}

/// Removes a document's record and returns it (its object is the caller's to delete).
pub async fn delete_document(tx: &Tx, vehicle_id: VehicleId, document_id: DocumentId) -> Result<Document, AppError> {
    let actor = tx.actor();
    load_visible(tx, actor, vehicle_id).await?;
    let d = store::find_document(tx, vehicle_id, document_id)
        .await?
        .ok_or_else(|| AppError::not_found("vehicles.document_not_found", "no such document on this vehicle"))?;
    store::delete_document(tx, d.id).await?;
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.document_deleted",
            entity_type: "vehicle_document",
            entity_id: Some(d.id.uuid()),
            before: Some(&document_audit(&d)),
            after: None,
        },
    )
    .await?;
    Ok(d)
}

fn document_audit(d: &Document) -> serde_json::Value {
    json!({
        "vehicleId": d.vehicle_id, "kind": d.kind, "contentType": d.content_type, "sizeBytes": d.size_bytes,
        "sha256": d.sha256, "originalFilename": d.original_filename,
    })
}
