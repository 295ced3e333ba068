//! Document handlers: upload, list, download, delete, link.

use crate::ids::{DocumentId, VehicleId};
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

use super::{DOCUMENT_LINK, FileContent, LinkRequest, LinkView, extension_of, file_response, sign_link};
use crate::media::DocumentKind;
use crate::media::commands::{self, NewDocument};
use crate::media::store::{self, Document};
use crate::permissions::*;
use crate::queries;
use innexar_files::upload::{read_upload, sanitise};

pub(super) fn routes() -> OpenApiRouter<AppState> {
    // As for photos: the storage limits bound uploads, not the JSON body limit.
    let upload =
        OpenApiRouter::new().routes(routes!(list_documents, upload_document)).layer(DefaultBodyLimit::disable());
    OpenApiRouter::new()
        .routes(routes!(download_document, delete_document))
        .routes(routes!(document_link))
        .merge(upload)
}

/// A document upload, as `multipart/form-data`.
#[derive(Debug, ToSchema)]
#[expect(dead_code, reason = "describes the multipart body in the OpenAPI document; read by read_upload")]
pub struct DocumentUpload {
    pub kind: DocumentKind,
    /// PDF, or a JPEG, PNG or WebP scan (its metadata removed).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentView {
    pub id: DocumentId,
    pub vehicle_id: VehicleId,
    pub kind: DocumentKind,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub original_filename: Option<String>,
    pub url: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<Document> for DocumentView {
    fn from(d: Document) -> Self {
        DocumentView {
            url: format!("/api/v1/vehicles/{}/documents/{}", d.vehicle_id, d.id),
            id: d.id,
            vehicle_id: d.vehicle_id,
            kind: DocumentKind::parse(&d.kind).unwrap_or(DocumentKind::Other),
            content_type: d.content_type,
            size_bytes: d.size_bytes,
            sha256: d.sha256,
            original_filename: d.original_filename,
            created_by: d.created_by,
            created_at: d.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentList {
    pub items: Vec<DocumentView>,
}

/// The documents of a vehicle, oldest first.
#[utoipa::path(get, path = "/vehicles/{id}/documents", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path)),
    responses((status = 200, body = DocumentList), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_documents(ctx: Ctx, Path(id): Path<VehicleId>) -> Result<axum::Json<DocumentList>, AppError> {
    ctx.require(VEHICLES_READ_DOCUMENTS)?;
    queries::get_vehicle(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    let items =
        store::list_documents(ctx.db.read().await?.conn(), id).await?.into_iter().map(DocumentView::from).collect();
    Ok(axum::Json(DocumentList { items }))
}

/// Add a document (multipart fields `kind` and `file`): a PDF, or a JPEG, PNG or WebP scan
/// whose metadata is removed.
#[utoipa::path(post, path = "/vehicles/{id}/documents", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path)),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn upload_document(
    ctx: Ctx,
    Path(id): Path<VehicleId>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    ctx.require(VEHICLES_MANAGE_DOCUMENTS)?;
    let settings = &ctx.state.settings.storage;
    queries::get_vehicle(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    let upload = read_upload(multipart, &headers, settings.max_document_bytes, &["kind"]).await?;
    let doc_kind = match upload.text.iter().find(|(name, _)| name == "kind").map(|(_, v)| v.as_str()) {
        None => return Err(AppError::field("/kind", "field.required", "say what the document is")),
        Some(k) => DocumentKind::parse(k).ok_or_else(|| {
            AppError::field("/kind", "field.invalid_enum", "kind is crlv, nota_fiscal, laudo_cautelar or other")
        })?,
    };
    let kind = sniff(&upload.bytes)
        .ok_or_else(|| unsupported("a document is a PDF or a JPEG, PNG or WebP image; the content is none of them"))?;
    let bytes = if kind.is_image() {
        let limits =
            ImageLimits { max_side_px: settings.max_image_side_px, thumbnail_side_px: settings.thumbnail_side_px };
        sanitise(kind, upload.bytes, limits).await?.bytes
    } else {
        upload.bytes
    };
    let document_id = DocumentId::new();
    let object_key = format!("vehicles/{id}/documents/{document_id}.{}", kind.extension());
    let input = NewDocument {
        id: document_id,
        kind: doc_kind,
        object_key: object_key.clone(),
        content_type: kind.mime().into(),
        size_bytes: bytes.len() as i64,
        sha256: sha256_hex(&bytes),
        original_filename: upload.filename,
    };
    let files = &ctx.state.files;
    let tenant = ctx.tenant.id;
    let recorded = async {
        files.put(tenant, &object_key, bytes).await?;
        let tx = ctx.db.begin().await?;
        let d = commands::add_document(&tx, id, input).await?;
        let location = format!("/api/v1/vehicles/{id}/documents/{document_id}");
        ctx.commit(tx, (StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(DocumentView::from(d)))).await
    }
    .await;
    match recorded {
        Ok(r) => Ok(r),
        Err(e) => {
            files.delete_all(tenant, std::slice::from_ref(&object_key)).await;
            Err(e)
        }
    }
}

/// Download a document.
#[utoipa::path(get, path = "/vehicles/{id}/documents/{document_id}", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path), ("document_id" = DocumentId, Path)),
    responses((status = 200, description = "The document", content((FileContent = "application/pdf"), (FileContent = "image/jpeg"), (FileContent = "image/png"), (FileContent = "image/webp"))), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn download_document(
    ctx: Ctx,
    Path((id, document_id)): Path<(VehicleId, DocumentId)>,
) -> Result<Response, AppError> {
    ctx.require(VEHICLES_READ_DOCUMENTS)?;
    let d = visible_document(&ctx, id, document_id).await?;
    let file = ctx.state.files.get(ctx.tenant.id, &d.object_key).await?;
    Ok(file_response(file, &d.content_type, &format!("{}-{}.{}", d.kind, d.id, extension_of(&d.content_type))))
}

/// Delete a document and its stored file.
#[utoipa::path(delete, path = "/vehicles/{id}/documents/{document_id}", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path), ("document_id" = DocumentId, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn delete_document(
    ctx: Ctx,
    Path((id, document_id)): Path<(VehicleId, DocumentId)>,
) -> Result<StatusCode, AppError> {
    ctx.require(VEHICLES_MANAGE_DOCUMENTS)?;
    let tx = ctx.db.begin().await?;
    let d = commands::delete_document(&tx, id, document_id).await?;
    tx.commit().await?;
    ctx.state.files.delete_all(ctx.tenant.id, &[d.object_key]).await;
    Ok(StatusCode::NO_CONTENT)
}

/// A signed link that downloads the document without a token until it expires (for the
/// despachante or the bank).
#[utoipa::path(post, path = "/vehicles/{id}/documents/{document_id}/link", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path), ("document_id" = DocumentId, Path)),
    request_body = LinkRequest,
    responses((status = 200, body = LinkView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn document_link(
    ctx: Ctx,
    Path((id, document_id)): Path<(VehicleId, DocumentId)>,
    Json(input): Json<LinkRequest>,
) -> Result<axum::Json<LinkView>, AppError> {
    ctx.require(VEHICLES_READ_DOCUMENTS)?;
    let d = visible_document(&ctx, id, document_id).await?;
    sign_link(&ctx, DOCUMENT_LINK, d.id.uuid(), input).map(axum::Json)
}

async fn visible_document(ctx: &Ctx, vehicle_id: VehicleId, document_id: DocumentId) -> Result<Document, AppError> {
    queries::get_vehicle(ctx.db.read().await?.conn(), &ctx.actor, vehicle_id).await?;
    store::find_document(ctx.db.read().await?.conn(), vehicle_id, document_id)
        .await?
        .ok_or_else(|| AppError::not_found("vehicles.document_not_found", "no such document on this vehicle"))
}
