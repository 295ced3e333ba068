//! HTTP handlers for vehicle photos and documents, and the public route of signed links.

mod documents;
mod photos;

use crate::ids::{DocumentId, PhotoId};
use axum::extract::State;
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use innexar_db::TenantStatus;
use innexar_files::Download;
use innexar_http::{AppState, Ctx, Path};
use innexar_kernel::AppError;
use innexar_kernel::error::Problem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::store;

/// What a signed link names, in its `kind` claim.
const PHOTO_LINK: &str = "vehicle_photo";
const DOCUMENT_LINK: &str = "vehicle_document";

pub fn routes() -> OpenApiRouter<AppState> {
    photos::routes().merge(documents::routes())
}

/// Routes that need no tenant host nor token: the link itself says whose file it is.
pub fn public_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(follow_link))
}

/// A stored file's bytes.
#[derive(Debug, ToSchema)]
#[schema(value_type = String, format = Binary)]
#[expect(dead_code, reason = "describes response bodies in the OpenAPI document; never built")]
pub struct FileContent(Vec<u8>);

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkRequest {
    /// How long the link works, in seconds; default `storage.link_ttl_secs`, at most
    /// `storage.max_link_ttl_secs` (a week unless the operator sets otherwise).
    #[schema(minimum = 1, maximum = 604_800)]
    pub ttl_secs: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkView {
    /// A path on this server that downloads the file without a token until `expiresAt`.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// Download a file through a signed link; no token needed. 403 for a link that was altered,
/// 410 once it expired, 404 when the file was deleted since.
#[utoipa::path(get, path = "/{token}", tag = "files",
    responses((status = 200, description = "The file, with its stored type", content((FileContent = "application/pdf"), (FileContent = "image/jpeg"), (FileContent = "image/png"), (FileContent = "image/webp"))),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 410, body = Problem)))]
async fn follow_link(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let claims = state.tokens.verify_link(&token, state.clock.now())?;
    let gone = || AppError::not_found("files.not_found", "the file of this link was deleted");
    let tenant = state.control.find_tenant(claims.tid).await?.ok_or_else(gone)?;
    if tenant.status == TenantStatus::Suspended {
        return Err(AppError::forbidden("tenants.suspended", "this tenant is suspended; contact support"));
    }
    let db = state.pools.get(&tenant).await?;
    let (key, content_type, name) = match claims.kind.as_str() {
        PHOTO_LINK => {
            let p = store::find_photo_by_id(db.conn(), PhotoId(claims.sub)).await?.ok_or_else(gone)?;
            let name = format!("photo-{}.{}", p.id, extension_of(&p.content_type));
            (p.object_key, p.content_type, name)
        }
        DOCUMENT_LINK => {
            let d = store::find_document_by_id(db.conn(), DocumentId(claims.sub)).await?.ok_or_else(gone)?;
            let name = format!("{}-{}.{}", d.kind, d.id, extension_of(&d.content_type));
            (d.object_key, d.content_type, name)
        }
        _ => return Err(AppError::forbidden("files.link_invalid", "this download link is not valid")),
    };
    let d = state.files.get(tenant.id, &key).await?;
    Ok(file_response(d, &content_type, &name))
}

fn sign_link(ctx: &Ctx, kind: &str, id: Uuid, input: LinkRequest) -> Result<LinkView, AppError> {
    let s = &ctx.state.settings.storage;
    let max = i64::try_from(s.max_link_ttl_secs).unwrap_or(i64::MAX);
    let ttl = input.ttl_secs.unwrap_or(i64::try_from(s.link_ttl_secs).unwrap_or(max));
    if !(1..=max).contains(&ttl) {
        return Err(AppError::field("/ttlSecs", "field.out_of_range", format!("a link lasts 1 to {max} seconds")));
    }
    let expires_at = ctx.now + Duration::seconds(ttl);
    let token = ctx.state.tokens.sign_link(ctx.tenant.id, kind, id, expires_at)?;
    Ok(LinkView { url: format!("/api/v1/links/{token}"), expires_at })
}

fn file_response(d: Download, content_type: &str, name: &str) -> Response {
    d.into_response(content_type, name)
}

fn extension_of(content_type: &str) -> &'static str {
    match content_type {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "application/pdf" => "pdf",
        _ => "bin",
    }
}
