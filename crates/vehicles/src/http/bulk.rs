//! HTTP handlers for bulk work on the stock: spreadsheet imports (queued as jobs) and exports.

use axum::body::Body;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use http_body_util::Limited;
use innexar_http::{AppState, Ctx, Path, Query};
use innexar_jobs::{Job, JobStatus, runs};
use innexar_kernel::error::Problem;
use innexar_kernel::{AppError, FieldError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::export::{self, FileFormat};
use crate::import::rejected::{self, RejectedRows};
use crate::import::sheet::Limits;
use crate::import::{self, ImportOutcome, ImportParams, RowError};
use crate::permissions::*;
use crate::queries::VehicleQuery;

pub fn routes() -> OpenApiRouter<AppState> {
    // The upload has its own limit (`imports.max_file_bytes` and the form around it), checked
    // while it streams in.
    let upload = OpenApiRouter::new().routes(routes!(import_vehicles)).layer(DefaultBodyLimit::disable());
    OpenApiRouter::new()
        .merge(upload)
        .routes(routes!(get_import))
        .routes(routes!(get_rejected_rows))
        .routes(routes!(export_vehicles))
}

/// The multipart form of an import.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "camelCase")]
#[expect(dead_code, reason = "documents the form; the handler reads it as a stream")]
pub struct ImportForm {
    /// A CSV (`,` `;` or tab separated, UTF-8 or Windows-1252) or XLSX file. The first row names
    /// the columns, in Portuguese or English: placa, chassi, marca, modelo, versão, ano
    /// (`2023` or `2023/2024`), ano modelo, cor, km, combustível, câmbio, condição, situação,
    /// preço (`R$ 45.990,00` or `45990.00`), custo, preço mínimo, loja (name, CNPJ or id),
    /// origem, renavam, código fipe, valor fipe, mês fipe, cor interna, portas, opcionais
    /// (`;`-separated), descrição, chaves, localização.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `true`: check every row and report, writing nothing.
    #[schema(value_type = bool)]
    dry_run: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportView {
    pub id: Uuid,
    pub status: JobStatus,
    pub dry_run: bool,
    pub file_name: Option<String>,
    /// Whole percent of rows processed.
    pub percent: u8,
    /// Data rows in the file.
    pub rows: i64,
    pub processed: i64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Headers the import did not know and left out.
    pub ignored_columns: Vec<String>,
    /// One page of the per-row problems, by row.
    pub errors: ErrorPage,
    /// Why the job as a whole failed, when it did.
    pub failure: Option<String>,
    pub created_by_email: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorPage {
    pub items: Vec<RowError>,
    pub page: u64,
    pub page_size: u64,
    /// Problems in all, across pages.
    pub total: u64,
}

fn import_view(job: Job, page: u64, page_size: u64) -> ImportView {
    let params: Option<ImportParams> = serde_json::from_value(job.params.clone()).ok();
    let outcome: ImportOutcome = job.result.clone().and_then(|r| serde_json::from_value(r).ok()).unwrap_or_default();
    let total = outcome.errors.len() as u64;
    let items = outcome.errors.into_iter().skip(((page - 1) * page_size) as usize).take(page_size as usize).collect();
    ImportView {
        id: job.id,
        status: job.status,
        dry_run: params.is_some_and(|p| p.dry_run),
        file_name: job.input_name.clone(),
        percent: job.percent(),
        rows: job.total,
        processed: job.processed,
        created: outcome.created,
        updated: outcome.updated,
        unchanged: outcome.unchanged,
        rejected: outcome.rejected,
        ignored_columns: outcome.ignored_columns,
        errors: ErrorPage { items, page, page_size, total },
        failure: job.error,
        created_by_email: job.created_by_email,
        created_at: job.created_at,
        started_at: job.started_at,
        finished_at: job.finished_at,
    }
}

fn unsupported() -> AppError {
    AppError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "http.unsupported_media_type",
        "Unsupported media type",
        "send the file as multipart/form-data in a field named file",
    )
}

fn file_too_large(limit: usize) -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "imports.file_too_large",
        "Payload too large",
        format!("the file exceeds the limit of {limit} bytes"),
    )
}

fn unreadable_form(e: MultipartError, limit: usize) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return file_too_large(limit);
    }
    AppError::bad_request("http.unreadable_body", format!("the form could not be read: {e}"))
}

/// Room in the form for what is not the file: boundaries, part headers, `dryRun`.
const FORM_OVERHEAD_BYTES: usize = 64 * 1024;
/// Longest `dryRun` value read; `false` is the longest valid one.
const MAX_FLAG_BYTES: usize = 16;
/// Longest file name kept (the report shows it).
const MAX_FILE_NAME_CHARS: usize = 255;

/// Import vehicles from a CSV or XLSX file, as a background job. Answers 202 with the job;
/// poll its `Location` for progress and per-row problems. Rows matching a vehicle by VIN, else
/// placa, update it; the others create vehicles. Each row lands whole or not at all. Only a few
/// files are read at once (`imports.max_concurrent*`): past a short wait, 429 `imports.busy`
/// when the company's own are being read, 503 `imports.server_busy` when the server is full.
#[utoipa::path(post, path = "/vehicles/imports", tag = "vehicles", security(("bearer" = [])),
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses((status = 202, body = ImportView, headers(("Location" = String))), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem),
        (status = 429, body = Problem, headers(("Retry-After" = String))),
        (status = 503, body = Problem, headers(("Retry-After" = String)))))]
async fn import_vehicles(ctx: Ctx, request: Request) -> Result<Response, AppError> {
    ctx.require(VEHICLES_IMPORT)?;
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !is_form {
        return Err(unsupported());
    }
    // The slot is taken before the body is read: a file waiting its turn is not yet in memory.
    let slot = import::reading_slot(&ctx.state, ctx.tenant.id, import::Wait::Briefly).await?;
    let limit = ctx.state.settings.imports.max_file_bytes;
    // The route is exempt from the global body limit; this one is the file's, plus the form's.
    let request = request.map(|body| Body::new(Limited::new(body, limit + FORM_OVERHEAD_BYTES)));
    let mut form = Multipart::from_request(request, &ctx.state).await.map_err(|_| unsupported())?;
    let (mut file, mut file_name, mut dry_run) = (None, None, false);
    while let Some(mut field) = form.next_field().await.map_err(|e| unreadable_form(e, limit))? {
        match field.name() {
            Some("file") => {
                file_name = field
                    .file_name()
                    .map(|n| n.chars().filter(|c| !c.is_control()).take(MAX_FILE_NAME_CHARS).collect::<String>());
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| unreadable_form(e, limit))? {
                    if bytes.len() + chunk.len() > limit {
                        return Err(file_too_large(limit));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                file = Some(bytes);
            }
            Some("dryRun") => {
                let not_a_flag = || AppError::field("/dryRun", "field.invalid_type", "dryRun is true or false");
                let mut value = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| unreadable_form(e, limit))? {
                    if value.len() + chunk.len() > MAX_FLAG_BYTES {
                        return Err(not_a_flag());
                    }
                    value.extend_from_slice(&chunk);
                }
                // Any case: form libraries write `True` as often as `true`.
                dry_run = match std::str::from_utf8(&value).map(|v| v.trim().to_ascii_lowercase()).as_deref() {
                    Ok("true" | "1" | "on") => true,
                    Ok("false" | "0" | "") => false,
                    _ => return Err(not_a_flag()),
                };
            }
            // As the document says (no other parts): a misspelt `dryrun` must not import for real.
            _ => {
                return Err(AppError::field("", "field.unknown", "the form takes the parts file and dryRun only"));
            }
        }
    }
    let file = file.ok_or_else(|| AppError::field("/file", "field.required", "attach the spreadsheet as file"))?;
    let limits = Limits::from_settings(&ctx.state.settings.imports);
    let (bytes, upload) = import::read_off_thread(slot, move |cancel| {
        let upload = import::inspect(&file, &limits, cancel);
        (file, upload)
    })
    .await?;
    let upload = upload?;
    let tx = ctx.db.begin().await?;
    let job = import::queue_import(&tx, bytes, file_name, &upload, dry_run).await?;
    let mut view = import_view(job, 1, 100);
    view.rows = upload.rows as i64;
    let location = format!("/api/v1/vehicles/imports/{}", view.id);
    let response = ctx.commit(tx, (StatusCode::ACCEPTED, [(header::LOCATION, location)], axum::Json(view))).await?;
    Ok(response)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportParamsQuery {
    /// Page of the per-row problems, from 1.
    #[param(minimum = 1)]
    pub errors_page: Option<u64>,
    /// Problems per page, 1..=1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub errors_page_size: Option<u64>,
}

/// An import's progress and outcome: status, percent done, counts, and the per-row problems a
/// page at a time. Visible to whoever started it and to users not limited to some stores.
#[utoipa::path(get, path = "/vehicles/imports/{id}", tag = "vehicles", security(("bearer" = [])), params(ImportParamsQuery),
    responses((status = 200, body = ImportView), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn get_import(
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Query(q): Query<ImportParamsQuery>,
) -> Result<axum::Json<ImportView>, AppError> {
    ctx.require(VEHICLES_IMPORT)?;
    let page = q.errors_page.unwrap_or(1);
    let page_size = q.errors_page_size.unwrap_or(100);
    let mut errors = Vec::new();
    if page == 0 {
        errors.push(FieldError::new("/errorsPage", "page.out_of_range", "errorsPage starts at 1"));
    }
    if !(1..=1000).contains(&page_size) {
        errors.push(FieldError::new("/errorsPageSize", "page.size_out_of_range", "errorsPageSize is 1 to 1000"));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let job = find_import(&ctx, id).await?;
    Ok(axum::Json(import_view(job, page, page_size)))
}

/// An import the caller may see: whoever started it, and users not limited to some stores.
async fn find_import(ctx: &Ctx, id: Uuid) -> Result<Job, AppError> {
    runs::find(ctx.db.read().await?.conn(), id)
        .await?
        .filter(|j| j.kind == import::KIND)
        .filter(|j| ctx.actor.store_ids.is_none() || (ctx.actor.id.is_some() && j.created_by == ctx.actor.id))
        .ok_or_else(|| AppError::not_found("imports.not_found", "no import with this id"))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RejectedParams {
    /// `xlsx` (default) or `csv` (`;`-separated).
    #[param(inline)]
    pub format: Option<FileFormat>,
}

/// The rows an import refused, as a spreadsheet to fix and import again: the file's columns
/// the import reads, each refused row as it was sent, and a last column "Problemas" saying in
/// Portuguese what is wrong (column: problem). Empty but for the header when no row was refused;
/// 409 `imports.not_finished` while the import runs.
#[utoipa::path(get, path = "/vehicles/imports/{id}/rejected", tag = "vehicles", security(("bearer" = [])),
    params(("id" = Uuid, Path), RejectedParams),
    responses((status = 200, description = "The rejected rows: XLSX or CSV (UTF-8), as `format` asks",
        content(("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("text/csv; charset=utf-8")),
        headers(("Content-Disposition" = String))),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn get_rejected_rows(
    ctx: Ctx,
    Path(id): Path<Uuid>,
    Query(p): Query<RejectedParams>,
) -> Result<Response, AppError> {
    ctx.require(VEHICLES_IMPORT)?;
    let job = find_import(&ctx, id).await?;
    if !job.status.is_finished() {
        return Err(AppError::conflict("imports.not_finished", "the import is still running; ask again when it ends"));
    }
    let result = job.result.clone().unwrap_or_default();
    let refused: RejectedRows = serde_json::from_value(result[rejected::KEY].clone()).unwrap_or_default();
    let outcome: ImportOutcome = serde_json::from_value(result).unwrap_or_default();
    let format = p.format.unwrap_or(FileFormat::Xlsx);
    // Writing a workbook of thousands of rows is CPU work: off the request threads.
    let file = tokio::task::spawn_blocking(move || rejected::rejected_file(&refused, &outcome, format))
        .await
        .map_err(AppError::internal)??;
    let name =
        format!("attachment; filename=\"linhas-rejeitadas-{}.{}\"", ctx.now.format("%Y%m%d-%H%M"), format.extension());
    Ok(([(header::CONTENT_TYPE, format.content_type().to_string()), (header::CONTENT_DISPOSITION, name)], file)
        .into_response())
}

/// The export's own parameters; the filters are `GET /vehicles`'s.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `csv` (`;`-separated, decimal commas, as Excel in Brazil reads it) or `xlsx`.
    // Inline: a parameter's schema is not collected into the document's components.
    #[param(inline)]
    pub format: FileFormat,
    /// As in `GET /vehicles`.
    #[param(schema_with = crate::http::vehicle_sort)]
    pub sort: Option<String>,
}

/// The stock list with the filters of `GET /vehicles`, whole (not a page), as a CSV or XLSX
/// file that imports back unchanged. Cost and minimum price appear only for those who may see
/// them.
#[utoipa::path(get, path = "/vehicles/export", tag = "vehicles", security(("bearer" = [])), params(ExportParams, VehicleQuery),
    responses((status = 200, description = "The file: CSV (UTF-8) or XLSX, as `format` asks",
        content(("text/csv; charset=utf-8"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
        headers(("Content-Disposition" = String))), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn export_vehicles(ctx: Ctx, uri: axum::http::Uri) -> Result<Response, AppError> {
    ctx.require(VEHICLES_EXPORT)?;
    let (p, query) = super::split_query::<ExportParams>(&uri, &["format", "sort"]).await?;
    let bytes =
        export::export_vehicles(ctx.db.read().await?.conn(), &ctx.actor, query, p.sort, p.format, ctx.now).await?;
    let ext = p.format.extension();
    let name = format!("attachment; filename=\"veiculos-{}-{}.{ext}\"", ctx.tenant.slug, ctx.now.format("%Y%m%d-%H%M"));
    Ok(([(header::CONTENT_TYPE, p.format.content_type().to_string()), (header::CONTENT_DISPOSITION, name)], bytes)
        .into_response())
}
