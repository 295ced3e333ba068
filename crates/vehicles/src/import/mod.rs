//! Importing vehicles from a spreadsheet (CSV or XLSX) as a background job.
//!
//! The upload is checked at once (readable, known columns, row limit) and queued; the worker
//! then applies each row as the API's create or update would, each row in a savepoint so a bad
//! row never half-lands, in batches whose commits make the progress visible. A row matching a
//! vehicle by VIN, else placa, else stock number (as exported) updates it, so importing the same
//! file twice changes nothing the second time. A dry run does all of it and rolls every batch
//! back.

pub mod columns;
mod row;
pub mod sheet;

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use innexar_db::{TenantDb, audit};
use innexar_jobs::runs::{self, Job, NewJob};
use innexar_jobs::{JobHandler, Progress};
use innexar_kernel::{Actor, AppError};
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use uuid::Uuid;

use self::columns::{BadCell, Field};
use self::row::{Applied, RowContext};
use self::sheet::{Format, Sheet};
use crate::commands::MoneyAccess;
use crate::model::fold;
use crate::permissions::{VEHICLES_VIEW_COST, VEHICLES_VIEW_MINIMUM_PRICE};
use crate::store::Store;

/// The job kind.
pub const KIND: &str = "vehicles.import";
/// Rows per transaction: long enough to be fast, short enough that the API's writers wait
/// little for SQLite's single write lock.
const BATCH: usize = 50;

/// A problem with one row of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// The row as the spreadsheet numbers it (the header is row 1).
    pub row: u64,
    /// The column's header as written in the file, when the problem is in one column.
    pub column: Option<String>,
    /// The vehicle field in the API's terms (`priceCents`), when the problem is about one field.
    pub field: Option<String>,
    /// The same stable code the API uses (`vin.invalid_character`, `field.required`).
    pub code: String,
    pub message: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    pub created: u64,
    pub updated: u64,
    /// Rows that matched a vehicle already holding the same data.
    pub unchanged: u64,
    /// Rows not imported; `errors` says why.
    pub rejected: u64,
    pub errors: Vec<RowError>,
    /// Headers the import does not know, left out.
    pub ignored_columns: Vec<String>,
}

/// The job's parameters.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportParams {
    pub dry_run: bool,
    pub format: Format,
}

/// Which column holds which field.
#[derive(Debug, Clone)]
pub struct Columns {
    headers: Vec<String>,
    by_field: HashMap<Field, usize>,
    ignored: Vec<String>,
}

impl Columns {
    fn from_headers(headers: &[String]) -> Result<Columns, AppError> {
        let mut by_field = HashMap::new();
        let mut ignored = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            match columns::field_for_header(h) {
                Some(Field::ReadOnly) => {}
                Some(f) => {
                    if by_field.insert(f, i).is_some() {
                        return Err(AppError::field(
                            "/file",
                            "imports.duplicate_column",
                            format!("two columns mean the same field ({}); keep one", f.api_name()),
                        ));
                    }
                }
                None if h.is_empty() => {}
                None => ignored.push(h.clone()),
            }
        }
        let has = |f| by_field.contains_key(&f);
        if !(has(Field::Vin) || has(Field::Placa) || has(Field::StockNumber) || (has(Field::Make) && has(Field::Model)))
        {
            return Err(AppError::field(
                "/file",
                "imports.missing_columns",
                "the first row must name the columns, with chassi (VIN) or placa, or marca and modelo",
            ));
        }
        Ok(Columns { headers: headers.to_vec(), by_field, ignored })
    }

    fn index(&self, field: Field) -> Option<usize> {
        self.by_field.get(&field).copied()
    }

    fn error(&self, row: u64, field: Option<Field>, code: &str, message: impl Into<String>) -> RowError {
        RowError {
            row,
            column: field.and_then(|f| self.index(f)).and_then(|i| self.headers.get(i).cloned()),
            field: field.map(|f| f.api_name().to_string()),
            code: code.to_string(),
            message: message.into(),
        }
    }

    /// A command's refusal, pointed at the columns its field errors name.
    fn errors_of(&self, row: u64, e: AppError) -> Vec<RowError> {
        if e.status.is_server_error() {
            return vec![self.error(row, None, "internal", e.to_string())];
        }
        if e.errors.is_empty() {
            let field = (e.code == "vehicles.invalid_status_transition").then_some(Field::Status);
            return vec![self.error(row, field, e.code, e.detail)];
        }
        e.errors.into_iter().map(|fe| self.error(row, Field::from_pointer(&fe.pointer), &fe.code, fe.message)).collect()
    }
}

/// The stores a row may name: by id, CNPJ or name.
pub struct StoreIndex {
    stores: Vec<Store>,
}

impl StoreIndex {
    fn resolve(&self, cell: &str) -> Result<Uuid, BadCell> {
        let unknown = || BadCell { code: "vehicles.unknown_store", message: format!("no store '{cell}'") };
        if let Ok(id) = cell.parse::<Uuid>() {
            return self.stores.iter().find(|s| s.id == id).map(|s| s.id).ok_or_else(unknown);
        }
        let key: String = cell.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_uppercase();
        if let Some(s) = self.stores.iter().find(|s| s.cnpj.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&key))) {
            return Ok(s.id);
        }
        let name = fold(cell.trim());
        let named: Vec<&Store> = self.stores.iter().filter(|s| fold(s.name.trim()) == name).collect();
        match named.as_slice() {
            [one] => Ok(one.id),
            [] => Err(unknown()),
            _ => Err(BadCell {
                code: "imports.ambiguous_store",
                message: format!("several stores are named '{cell}'; use the CNPJ"),
            }),
        }
    }

    /// The store to use when the file names none: the only active one.
    fn only(&self) -> Option<Uuid> {
        let mut active = self.stores.iter().filter(|s| s.active);
        match (active.next(), active.next()) {
            (Some(s), None) => Some(s.id),
            _ => None,
        }
    }
}

/// A file checked and read, ready to queue.
pub struct Upload {
    pub format: Format,
    pub rows: usize,
}

/// Reads the file far enough to refuse it now rather than in the job: unreadable, no known
/// columns, no rows or too many.
pub fn inspect(bytes: &[u8], max_rows: usize) -> Result<(Upload, Sheet, Columns), AppError> {
    let format = Format::detect(bytes);
    let sheet = sheet::read(bytes, format).map_err(|e| AppError::field("/file", "imports.unreadable_file", e.0))?;
    let columns = Columns::from_headers(&sheet.headers)?;
    if sheet.rows.is_empty() {
        return Err(AppError::field("/file", "imports.no_rows", "the file has a header but no vehicles"));
    }
    if sheet.rows.len() > max_rows {
        return Err(AppError::field(
            "/file",
            "imports.too_many_rows",
            format!("the file has {} rows; import at most {max_rows} at a time", sheet.rows.len()),
        ));
    }
    Ok((Upload { format, rows: sheet.rows.len() }, sheet, columns))
}

/// Queues an import of `bytes` (already inspected) acting as `actor`.
pub async fn queue_import(
    tx: &innexar_db::DatabaseTransaction,
    actor: &Actor,
    now: DateTime<Utc>,
    bytes: Vec<u8>,
    file_name: Option<String>,
    upload: &Upload,
    dry_run: bool,
) -> Result<Job, AppError> {
    let params = serde_json::to_value(ImportParams { dry_run, format: upload.format }).map_err(AppError::internal)?;
    let job =
        runs::enqueue(tx, actor, now, NewJob { kind: KIND, params, input: Some(bytes), input_name: file_name.clone() })
            .await?;
    let after = json!({"fileName": file_name, "rows": upload.rows, "dryRun": dry_run});
    audit::record(tx, actor, now, "vehicles.import_queued", "job", Some(job.id), None, Some(&after)).await?;
    Ok(job)
}

/// Runs vehicle imports.
pub struct ImportJob;

#[async_trait]
impl JobHandler for ImportJob {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn run(&self, db: &TenantDb, job: &Job, progress: &Progress) -> Result<Value, AppError> {
        let params: ImportParams =
            serde_json::from_value(job.params.clone()).map_err(|e| AppError::internal(format!("bad params: {e}")))?;
        let bytes = runs::input(db.conn(), job.id).await?.unwrap_or_default();
        let (_, sheet, columns) =
            tokio::task::spawn_blocking(move || inspect(&bytes, usize::MAX)).await.map_err(AppError::internal)??;
        let actor = &job.actor;
        let stores = StoreIndex { stores: crate::queries::list_stores(db.conn(), actor).await? };
        let access =
            MoneyAccess { cost: actor.can(VEHICLES_VIEW_COST), minimum_price: actor.can(VEHICLES_VIEW_MINIMUM_PRICE) };
        let mut outcome = ImportOutcome { ignored_columns: columns.ignored.clone(), ..Default::default() };
        let total = sheet.rows.len() as u64;
        let mut done = 0u64;
        progress.report(0, total, Some(&json!(outcome))).await?;
        for batch in sheet.rows.chunks(BATCH) {
            let cx = RowContext {
                tenant_id: db.tenant_id(),
                actor,
                now: progress.now(),
                columns: &columns,
                stores: &stores,
                access,
            };
            let tx = db.begin().await?;
            for (number, cells) in batch {
                let savepoint = tx.begin().await?;
                match row::apply(&savepoint, &cx, *number, cells).await {
                    Ok(applied) => {
                        savepoint.commit().await?;
                        match applied {
                            Applied::Created => outcome.created += 1,
                            Applied::Updated => outcome.updated += 1,
                            Applied::Unchanged => outcome.unchanged += 1,
                        }
                    }
                    Err(errors) => {
                        savepoint.rollback().await?;
                        // A failing database is the job's failure, not the row's.
                        if let Some(e) = errors.iter().find(|e| e.code == "internal") {
                            return Err(AppError::internal(format!("row {}: {}", e.row, e.message)));
                        }
                        outcome.rejected += 1;
                        outcome.errors.extend(errors);
                    }
                }
            }
            if params.dry_run {
                tx.rollback().await?;
            } else {
                tx.commit().await?;
            }
            done += batch.len() as u64;
            progress.report(done, total, Some(&json!(outcome))).await?;
        }
        serde_json::to_value(&outcome).map_err(AppError::internal)
    }
}
