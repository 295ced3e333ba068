//! Importing vehicles from a spreadsheet (CSV or XLSX) as a background job.
//!
//! The upload is checked at once (readable, known columns, row limit) and queued; the worker
//! then applies each row as the API's create or update would, each row in a savepoint so a bad
//! row never half-lands, in batches whose commits make the progress visible. A row matching a
//! vehicle by VIN, else placa, else stock number (as exported) updates it, so importing the same
//! file twice changes nothing the second time. A dry run does all of it and rolls every batch
//! back.
//!
//! A file is read within bounds whatever it holds (`sheet::Limits`, from `[imports]`), and only
//! as many files are read at once as `AppState::imports` allows; see [`read_off_thread`].

mod bounded;
pub mod columns;
pub mod rejected;
mod row;
pub mod sheet;
mod xlsx;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use innexar_db::{TenantDb, audit};
use innexar_http::AppState;
use innexar_http::limit::{Busy, Slot};
use innexar_jobs::runs::{self, Job, NewJob};
use innexar_jobs::{JobHandler, Progress};
use innexar_kernel::AppError;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use uuid::Uuid;

use self::columns::{BadCell, Field};
use self::row::{Applied, RowContext};
use self::sheet::{Format, Limits};
use crate::commands::MoneyAccess;
use crate::model::fold;
use crate::permissions::{VEHICLES_VIEW_COST, VEHICLES_VIEW_MINIMUM_PRICE};
use innexar_kernel::StoreId;
use innexar_org::Store;

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
    /// The cell's text as the file holds it, when the problem is in one cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The row's placa and VIN as written, to tell which vehicle the row is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placa: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
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

/// Which column holds which field. Only the columns of fields are kept from each row, in the
/// order of `kept`; `by_field` and `headers` speak of those kept columns.
#[derive(Debug, Clone)]
pub struct Columns {
    headers: Vec<String>,
    by_field: HashMap<Field, usize>,
    /// The file's column (from 0) of each kept column.
    kept: Vec<usize>,
    ignored: Vec<String>,
}

impl Columns {
    fn from_headers(headers: &[String]) -> Result<Columns, AppError> {
        let headers: Vec<String> = headers.iter().map(|c| c.trim().to_string()).collect();
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
        let mut kept: Vec<usize> = by_field.values().copied().collect();
        kept.sort_unstable();
        let by_field =
            by_field.into_iter().map(|(f, i)| (f, kept.iter().position(|k| *k == i).unwrap_or_default())).collect();
        let headers = kept.iter().map(|&i| headers[i].clone()).collect();
        Ok(Columns { headers, by_field, kept, ignored })
    }

    /// The cells of the kept columns, in their order.
    fn keep(&self, mut cells: Vec<String>) -> Vec<String> {
        self.kept.iter().map(|&i| cells.get_mut(i).map(std::mem::take).unwrap_or_default()).collect()
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
            value: None,
            placa: None,
            vin: None,
        }
    }

    /// The column a field's problem is shown under: its own, else the one it was read from (a
    /// model year written as `2023/2024` under "ano"), else the name the export gives it.
    fn column_of(&self, field: Field) -> (String, Option<usize>) {
        let read_from =
            self.index(field).or_else(|| (field == Field::ModelYear).then(|| self.index(Field::Year)).flatten());
        match read_from {
            Some(i) => (self.headers.get(i).cloned().unwrap_or_else(|| field.label().into()), Some(i)),
            None => (field.label().into(), None),
        }
    }

    /// A row's problem with what a person fixing the file needs: the column, the cell's text
    /// and the vehicle (placa, VIN) the row is about.
    fn described(&self, mut e: RowError, cells: &[String]) -> RowError {
        let cell = |i: usize| cells.get(i).map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        let field = e.field.as_deref().and_then(Field::from_pointer);
        if let Some(f) = field {
            let (column, index) = self.column_of(f);
            e.column = Some(column);
            e.value = index.and_then(cell);
        }
        e.placa = self.index(Field::Placa).and_then(cell);
        e.vin = self.index(Field::Vin).and_then(cell);
        e
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
    fn resolve(&self, cell: &str) -> Result<StoreId, BadCell> {
        let unknown = || BadCell { code: "vehicles.unknown_store", message: format!("no store '{cell}'") };
        if let Ok(id) = cell.parse::<StoreId>() {
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
    fn only(&self) -> Option<StoreId> {
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

/// The rows of a file, ready to apply.
pub struct Sheet {
    pub columns: Columns,
    /// Each row's number as a spreadsheet shows it, and its kept cells.
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Reads the file far enough to refuse it now rather than in the job: unreadable, beyond the
/// limits, no known columns, no rows or too many. Keeps no row.
pub fn inspect(bytes: &[u8], limits: &Limits, cancel: &AtomicBool) -> Result<Upload, AppError> {
    scan(bytes, limits, cancel, false).map(|(upload, _)| upload)
}

/// Reads the file whole, keeping the cells of the columns an import uses.
pub fn read(bytes: &[u8], limits: &Limits, cancel: &AtomicBool) -> Result<Sheet, AppError> {
    scan(bytes, limits, cancel, true).and_then(|(_, sheet)| sheet.ok_or_else(|| AppError::internal("no rows kept")))
}

fn scan(bytes: &[u8], limits: &Limits, cancel: &AtomicBool, keep: bool) -> Result<(Upload, Option<Sheet>), AppError> {
    let format = Format::detect(bytes);
    let mut columns: Option<Columns> = None;
    let mut rows = Vec::new();
    let (mut count, mut text) = (0usize, 0usize);
    sheet::read_rows(bytes, format, limits, cancel, &mut |number, cells| {
        let Some(columns) = &columns else {
            columns = Some(Columns::from_headers(&cells)?);
            return Ok(());
        };
        count += 1;
        if count > limits.max_rows {
            return Err(AppError::field(
                "/file",
                "imports.too_many_rows",
                format!(
                    "the file has more than {} rows; import at most {} at a time",
                    limits.max_rows, limits.max_rows
                ),
            ));
        }
        let cells = columns.keep(cells);
        text += cells.iter().map(String::len).sum::<usize>();
        if text > limits.max_text_bytes {
            return Err(sheet::unpacked_too_large(format!(
                "the columns to import hold more than {} bytes of text; import the file in parts",
                limits.max_text_bytes
            )));
        }
        if keep {
            rows.push((number, cells));
        }
        Ok(())
    })?;
    let Some(columns) = columns else {
        return Err(sheet::unreadable("the file is empty: its first row must name the columns"));
    };
    if count == 0 {
        return Err(AppError::field("/file", "imports.no_rows", "the file has a header but no vehicles"));
    }
    let upload = Upload { format, rows: count };
    Ok((upload, keep.then_some(Sheet { columns, rows })))
}

/// How long a reader waits for its slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// An upload: `imports.slot_wait_ms`, then 429 `imports.busy` or 503 `imports.server_busy`.
    Briefly,
    /// A job or the CLI: background work, which takes its turn whenever it comes.
    AsLongAsItTakes,
}

/// A slot to read one file of `tenant` (`AppState::imports`).
pub async fn reading_slot(state: &AppState, tenant: Uuid, wait: Wait) -> Result<Slot, AppError> {
    let wait = (wait == Wait::Briefly).then(|| Duration::from_millis(state.settings.imports.slot_wait_ms));
    let retry = state.settings.imports.slot_wait_ms.div_ceil(1000).max(1);
    state.imports.acquire(tenant, wait).await.map_err(|busy| match busy {
        Busy::Tenant => AppError::too_many_requests(
            "imports.busy",
            retry,
            "another spreadsheet of this company is being read; send this one again in a moment",
        ),
        Busy::Process => {
            let mut e = AppError::unavailable(
                "imports.server_busy",
                "the server is reading other spreadsheets; retry in a moment",
            );
            e.retry_after = Some(retry);
            e
        }
    })
}

/// Runs `work` on the blocking threads holding `slot` until it really ends. When the caller
/// stops waiting (a request that timed out or whose client left), the cancel flag `work`
/// receives is set, so it stops at its next check instead of running on unseen.
pub async fn read_off_thread<T: Send + 'static>(
    slot: Slot,
    work: impl FnOnce(&AtomicBool) -> T + Send + 'static,
) -> Result<T, AppError> {
    struct CancelOnDrop(Arc<AtomicBool>);
    impl Drop for CancelOnDrop {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    let cancel = Arc::new(AtomicBool::new(false));
    let _guard = CancelOnDrop(cancel.clone());
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work(&cancel)
    })
    .await
    .map_err(AppError::internal)
}

/// Queues an import of `bytes` (already inspected) acting as `actor`.
pub async fn queue_import(
    tx: &innexar_db::Tx,
    bytes: Vec<u8>,
    file_name: Option<String>,
    upload: &Upload,
    dry_run: bool,
) -> Result<Job, AppError> {
    let params = serde_json::to_value(ImportParams { dry_run, format: upload.format }).map_err(AppError::internal)?;
    let job =
        runs::enqueue(tx, NewJob { kind: KIND, params, input: Some(bytes), input_name: file_name.clone() }).await?;
    let after = json!({"fileName": file_name, "rows": upload.rows, "dryRun": dry_run});
    audit::record(
        tx,
        audit::Change {
            action: "vehicles.import_queued",
            entity_type: "job",
            entity_id: Some(job.id),
            before: None,
            after: Some(&after),
        },
    )
    .await?;
    Ok(job)
}

/// Runs vehicle imports.
pub struct ImportJob {
    state: AppState,
}

impl ImportJob {
    pub fn new(state: &AppState) -> Self {
        ImportJob { state: state.clone() }
    }
}

#[async_trait]
impl JobHandler for ImportJob {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn run(&self, db: &TenantDb, job: &Job, progress: &Progress) -> Result<Value, AppError> {
        let params: ImportParams =
            serde_json::from_value(job.params.clone()).map_err(|e| AppError::internal(format!("bad params: {e}")))?;
        let slot = reading_slot(&self.state, db.tenant_id(), Wait::AsLongAsItTakes).await?;
        let bytes = runs::input(db.conn(), job.id).await?.unwrap_or_default();
        let limits = Limits::from_settings(&self.state.settings.imports);
        let Sheet { columns, rows } = read_off_thread(slot, move |cancel| read(&bytes, &limits, cancel)).await??;
        let actor = &job.actor;
        let stores = StoreIndex { stores: innexar_org::queries::list_stores(db.conn(), actor).await? };
        let access =
            MoneyAccess { cost: actor.can(VEHICLES_VIEW_COST), minimum_price: actor.can(VEHICLES_VIEW_MINIMUM_PRICE) };
        let mut outcome = ImportOutcome { ignored_columns: columns.ignored.clone(), ..Default::default() };
        // The refused rows as sent, for the file to fix them in (the upload itself is dropped
        // when the job ends); kept apart from the progress reports, which would repeat them.
        let mut refused = rejected::RejectedRows { headers: columns.headers.clone(), rows: Vec::new() };
        let total = rows.len() as u64;
        let mut done = 0u64;
        progress.report(0, total, Some(&json!(outcome))).await?;
        for batch in rows.chunks(BATCH) {
            let cx = RowContext { now: progress.now(), columns: &columns, stores: &stores, access };
            let tx = db.begin_as(actor.clone(), cx.now).await?;
            for (number, cells) in batch {
                let savepoint = tx.savepoint().await?;
                let applied = row::apply(&savepoint, &cx, *number, cells)
                    .await
                    .map_err(|errors| errors.into_iter().map(|e| columns.described(e, cells)).collect::<Vec<_>>());
                match applied {
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
                        refused.rows.push((*number, cells.clone()));
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
        let mut result = serde_json::to_value(&outcome).map_err(AppError::internal)?;
        result[rejected::KEY] = serde_json::to_value(&refused).map_err(AppError::internal)?;
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use innexar_http::limit::ConcurrencyLimit;

    use super::*;

    #[tokio::test]
    async fn a_read_whose_caller_stops_waiting_stops_too_and_only_then_gives_its_slot_back() {
        let limit = ConcurrencyLimit::new(1, 1);
        let tenant = innexar_kernel::new_id();
        let slot = limit.acquire(tenant, None).await.expect("slot");
        let (started, has_started) = tokio::sync::oneshot::channel();
        let (stopped, has_stopped) = tokio::sync::oneshot::channel();
        let read = tokio::spawn(read_off_thread(slot, move |cancel| {
            let _ = started.send(());
            // As a long read does: work until told to stop.
            while !cancel.load(Ordering::Relaxed) {
                std::thread::yield_now();
            }
            let _ = stopped.send(());
        }));
        has_started.await.expect("the read started");
        assert!(limit.acquire(tenant, Some(Duration::from_millis(10))).await.is_err(), "the slot is held");
        // The request times out: its future is dropped.
        read.abort();
        has_stopped.await.expect("the read was told to stop");
        let again = limit.acquire(tenant, Some(Duration::from_secs(10))).await;
        assert!(again.is_ok(), "the slot came back");
    }
}
