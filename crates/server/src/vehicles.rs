//! `innexar vehicles import|export`: bulk work on a tenant's stock from the command line, as the
//! system (every store, every column).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use innexar_http::AppState;
use innexar_jobs::runs;
use innexar_kernel::Actor;
use innexar_vehicles::export::FileFormat;
use innexar_vehicles::import::sheet::Limits;
use innexar_vehicles::import::{self, ImportOutcome};

use crate::problem;

#[derive(Subcommand)]
pub enum VehiclesCommand {
    /// Import vehicles from a CSV or XLSX file (rows matching a VIN or placa update that vehicle).
    Import {
        file: PathBuf,
        #[arg(long)]
        tenant: String,
        /// Check every row and report, writing nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export the whole stock to CSV or XLSX.
    Export {
        #[arg(long)]
        tenant: String,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Where to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
}

pub async fn run(state: AppState, cmd: VehiclesCommand) -> anyhow::Result<()> {
    match cmd {
        VehiclesCommand::Import { file, tenant, dry_run } => import(state, file, &tenant, dry_run).await,
        VehiclesCommand::Export { tenant, format, output } => export(state, &tenant, format, output).await,
    }
}

async fn tenant_db(state: &AppState, slug: &str) -> anyhow::Result<innexar_db::TenantDb> {
    let record = state.control.find_tenant_by_slug(slug).await?.with_context(|| format!("no tenant '{slug}'"))?;
    state.pools.get(&record).await.map_err(problem)
}

async fn import(state: AppState, file: PathBuf, slug: &str, dry_run: bool) -> anyhow::Result<()> {
    let db = tenant_db(&state, slug).await?;
    let limit = state.settings.imports.max_file_bytes;
    let size = std::fs::metadata(&file).with_context(|| format!("cannot read {}", file.display()))?.len();
    if size > limit as u64 {
        bail!("{} has {size} bytes, more than imports.max_file_bytes ({limit})", file.display());
    }
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    // Read as an upload is: within the same limits, holding one of the slots a server has.
    let limits = Limits::from_settings(&state.settings.imports);
    let slot = import::reading_slot(&state, db.tenant_id(), import::Wait::AsLongAsItTakes).await.map_err(problem)?;
    let (bytes, upload) = import::read_off_thread(slot, move |cancel| {
        let upload = import::inspect(&bytes, &limits, cancel);
        (bytes, upload)
    })
    .await
    .map_err(problem)?;
    let upload = upload.map_err(problem)?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    let tx = db.begin().await?;
    let job = import::queue_import(&tx, bytes, name, &upload, dry_run).await.map_err(problem)?;
    tx.commit().await?;

    // The job runs here; a server sharing the database could claim it first, and then this
    // only follows its progress.
    let worker = innexar_app::worker(&state);
    let run = tokio::spawn({
        let db = db.clone();
        async move { worker.run_job(&db, job.id).await }
    });
    let bar = ProgressBar::new(upload.rows as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows ({percent}%) {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let finished = loop {
        let j = runs::find(db.conn(), job.id).await.map_err(problem)?.context("the import job disappeared")?;
        bar.set_position(j.processed.max(0) as u64);
        if j.status.is_finished() {
            break j;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    run.await?.map_err(problem)?;
    bar.finish_and_clear();
    if let Some(e) = &finished.error {
        bail!("the import failed: {e}");
    }
    let outcome: ImportOutcome = finished.result.and_then(|r| serde_json::from_value(r).ok()).unwrap_or_default();
    let verb = if dry_run { "would be " } else { "" };
    println!(
        "{} rows: {} {verb}created, {} {verb}updated, {} unchanged, {} rejected{}",
        upload.rows,
        outcome.created,
        outcome.updated,
        outcome.unchanged,
        outcome.rejected,
        if dry_run { " (dry run: nothing was written)" } else { "" }
    );
    if !outcome.ignored_columns.is_empty() {
        println!("ignored columns: {}", outcome.ignored_columns.join(", "));
    }
    for e in &outcome.errors {
        let column = e.column.as_deref().map(|c| format!(", {c}")).unwrap_or_default();
        println!("  row {}{column}: {} ({})", e.row, e.message, e.code);
    }
    if outcome.rejected > 0 {
        bail!("{} row(s) rejected", outcome.rejected);
    }
    Ok(())
}

async fn export(state: AppState, slug: &str, format: Format, output: Option<PathBuf>) -> anyhow::Result<()> {
    let db = tenant_db(&state, slug).await?;
    let format = match format {
        Format::Csv => FileFormat::Csv,
        Format::Xlsx => FileFormat::Xlsx,
    };
    let bytes = innexar_vehicles::export::export_vehicles(
        db.conn(),
        &Actor::system(),
        Default::default(),
        None,
        format,
        state.clock.now(),
    )
    .await
    .map_err(problem)?;
    match output {
        Some(path) => {
            std::fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
        }
        None => {
            use std::io::Write;
            // `| head` closing the pipe early is the reader's choice, not a failure.
            match std::io::stdout().write_all(&bytes) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
                _ => {}
            }
        }
    }
    Ok(())
}
