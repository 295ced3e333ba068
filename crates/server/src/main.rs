//! `innexar`: the one binary. Serves the API (and later the web app), and administers tenants,
//! platform admins and settings from the command line.

mod config;
mod listen;
mod vehicles;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use innexar_http::AppState;
use innexar_kernel::SystemClock;
use innexar_kernel::settings::{LogFormat, Settings};
use innexar_tenants::platform::NewTenantInput;

/// jemalloc, with background threads that give memory back after a burst of load; glibc's
/// malloc kept ~150-230 MiB of a load run resident for good (ADR 0021). Its settings are in
/// `.cargo/config.toml`.
#[cfg(all(target_os = "linux", not(target_env = "musl")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(name = "innexar", version, about = "Innexar, the open dealer management system")]
struct Cli {
    /// Settings file (TOML). Default: config/default.toml when present.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Where the embedded databases and keys live (INNEXAR_DATA_DIR).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API.
    Serve {
        /// Address to listen on (default 127.0.0.1:3001).
        #[arg(long)]
        addr: Option<String>,
        /// Create the `demo` tenant with stores, users and vehicles if it does not exist.
        #[arg(long)]
        demo: bool,
        /// What this process does: `api` serves HTTP; `worker` delivers events, runs jobs and
        /// scheduled tasks, and serves only /healthz, /readyz and /metrics. Both by default.
        #[arg(long, env = "INNEXAR_ROLES", value_delimiter = ',', default_value = "api,worker")]
        roles: Vec<ProcessRole>,
    },
    /// Manage tenants.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Manage platform admins.
    #[command(subcommand, name = "platform-admin")]
    PlatformAdmin(AdminCommand),
    /// Inspect settings.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print the OpenAPI document.
    Openapi,
    /// Print every problem code the API answers with (JSON; committed as docs/problems.json).
    Problems,
    /// Demo data.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Bulk import and export of a tenant's vehicles.
    #[command(subcommand)]
    Vehicles(vehicles::VehiclesCommand),
    /// Events over the message broker (`amqp.url`).
    #[command(subcommand)]
    Events(EventsCommand),
}

#[derive(Subcommand)]
enum EventsCommand {
    /// The dead-letter queues: events a handler failed on after every attempt.
    #[command(subcommand)]
    Dlq(DlqCommand),
}

#[derive(Subcommand)]
enum DlqCommand {
    /// What each handler's dead-letter queue holds, and the last error of each.
    List {
        /// One handler (default: every handler).
        #[arg(long)]
        handler: Option<String>,
    },
    /// Send dead letters back to their handler's queue for a fresh round of attempts.
    Replay {
        /// One handler (default: every handler).
        #[arg(long)]
        handler: Option<String>,
    },
}

/// A part of the server a process runs (`serve --roles`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ProcessRole {
    Api,
    Worker,
}

#[derive(Subcommand)]
enum TenantCommand {
    /// Provision a tenant: its database, schema and first Owner.
    Create(CreateTenant),
    /// List tenants.
    List,
    /// Run pending migrations.
    Migrate {
        /// Every tenant (reports each, goes on after failures).
        #[arg(long)]
        all: bool,
        /// One tenant.
        slug: Option<String>,
    },
    /// Suspend a tenant: its requests get 403.
    Suspend { slug: String },
    /// Reactivate a suspended tenant.
    Activate { slug: String },
}

#[derive(Args)]
struct CreateTenant {
    slug: String,
    #[arg(long)]
    name: String,
    #[arg(long)]
    cnpj: String,
    #[arg(long)]
    admin_email: String,
    /// The Owner's password. WARNING: a flag is visible to other users (`ps`) and kept in shell
    /// history; leave it out to be asked (hidden) or to pipe the password on standard input.
    #[arg(long, env = PASSWORD_ENV, hide_env_values = true)]
    admin_password: Option<String>,
    #[arg(long)]
    admin_name: Option<String>,
    #[arg(long, default_value = "standard")]
    plan: String,
}

#[derive(Subcommand)]
enum AdminCommand {
    Create {
        #[arg(long)]
        email: String,
        /// WARNING: a flag is visible to other users (`ps`) and kept in shell history; leave it
        /// out to be asked (hidden) or to pipe the password on standard input.
        #[arg(long, env = PASSWORD_ENV, hide_env_values = true)]
        password: Option<String>,
        #[arg(long, default_value = "Platform admin")]
        name: String,
    },
}

/// Where `tenant create` and `platform-admin create` also find the password. The settings loader
/// skips it: it is not a setting.
const PASSWORD_ENV: &str = "INNEXAR_ADMIN_PASSWORD";

/// The password given by flag or environment, else asked for twice without echo on a terminal,
/// else the first line of standard input (for scripts: `printf '%s' "$PW" | innexar ...`).
fn password(given: Option<String>, whose: &str) -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if let Some(p) = given.filter(|p| !p.is_empty()) {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {whose}: "))?;
        let again = rpassword::prompt_password("Once more: ")?;
        if first != again {
            bail!("the passwords differ");
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).context("cannot read the password from standard input")?;
    let p = line.strip_suffix('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).unwrap_or(&line);
    if p.is_empty() {
        bail!("no password: pass it on standard input, in {PASSWORD_ENV}, or answer the prompt on a terminal");
    }
    Ok(p.to_string())
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print the effective settings (secrets masked).
    Show,
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Add stores, users, generated vehicles and the demo's customers and leads to an existing
    /// tenant.
    Seed {
        #[arg(long)]
        tenant: String,
        #[arg(long, default_value_t = 300)]
        vehicles: usize,
        /// Customers the tenant ends with, the demo's 400 included (more are bulk-loaded).
        #[arg(long)]
        customers: Option<usize>,
        /// Open leads each store ends with, the demo's 100 included (plus half as many closed).
        #[arg(long)]
        open_leads_per_store: Option<usize>,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn init_logs(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{},sqlx=warn,sea_orm=warn", settings.log.level))
    });
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match settings.log.format {
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

async fn state(settings: Settings) -> anyhow::Result<AppState> {
    innexar_app::build_state(settings, Arc::new(SystemClock)).await.context("cannot open the control database")
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let addr = match &cli.command {
        Command::Serve { addr, .. } => addr.clone(),
        _ => None,
    };
    let overrides = config::Overrides { data_dir: cli.data_dir.clone(), addr };
    let settings =
        config::load(cli.config.as_deref(), &overrides).map_err(|e| anyhow::anyhow!("invalid settings: {e}"))?;
    match cli.command {
        Command::Config(ConfigCommand::Show) => {
            println!("{}", toml::to_string_pretty(&settings)?);
            Ok(())
        }
        Command::Openapi => {
            print!("{}", innexar_app::document_json());
            Ok(())
        }
        Command::Problems => {
            print!("{}", innexar_app::problems_json());
            Ok(())
        }
        Command::Serve { demo, roles, .. } => {
            if roles.is_empty() {
                bail!("--roles names at least one of api, worker");
            }
            serve(settings, demo, roles.contains(&ProcessRole::Api), roles.contains(&ProcessRole::Worker)).await
        }
        Command::Tenant(cmd) => {
            init_logs(&settings);
            tenant(state(settings).await?, cmd).await
        }
        Command::PlatformAdmin(AdminCommand::Create { email, password: given, name }) => {
            let password = password(given, &email)?;
            let state = state(settings).await?;
            let id =
                innexar_identity::platform::create_admin(&state.control, &email, &name, &password, state.clock.now())
                    .await
                    .map_err(problem)?;
            println!("platform admin {email} created ({id})");
            Ok(())
        }
        Command::Vehicles(cmd) => {
            init_logs(&settings);
            vehicles::run(state(settings).await?, cmd).await
        }
        Command::Events(EventsCommand::Dlq(cmd)) => dlq(state(settings).await?, cmd).await,
        Command::Demo(DemoCommand::Seed { tenant, vehicles, customers, open_leads_per_store }) => {
            let state = state(settings).await?;
            let record =
                state.control.find_tenant_by_slug(&tenant).await?.with_context(|| format!("no tenant '{tenant}'"))?;
            let started = std::time::Instant::now();
            let db = state.pools.get(&record).await.map_err(problem)?;
            let origin = innexar_http::app_origin(&state.settings, &record.slug);
            innexar_app::demo::seed(db.conn(), record.id, vehicles, state.clock.now(), &origin)
                .await
                .map_err(problem)?;
            println!("seeded {tenant} with {vehicles} vehicles in {:.1}s", started.elapsed().as_secs_f64());
            if customers.is_some() || open_leads_per_store.is_some() {
                let started = std::time::Instant::now();
                // The demo seed above wrote its own few hundred customers and leads: add the rest.
                let customers = customers.unwrap_or(0).saturating_sub(innexar_app::demo::DEMO_CUSTOMERS);
                let open =
                    open_leads_per_store.unwrap_or(0).saturating_sub(innexar_app::demo::DEMO_OPEN_LEADS_PER_STORE);
                seed_crm(db.conn(), customers, open, state.clock.now()).await.map_err(problem)?;
                println!(
                    "added {customers} customers and {open} open leads per store in {:.1}s",
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(())
        }
    }
}

/// Bulk CRM data for a tenant's stores, its active salespeople and store managers owning the leads.
async fn seed_crm(
    db: &sea_orm::DatabaseConnection,
    customers: usize,
    open_leads_per_store: usize,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), innexar_kernel::AppError> {
    use innexar_kernel::{Actor, Role};
    let stores = innexar_org::queries::list_stores(db, &Actor::system()).await?;
    let mut owners = Vec::new();
    for store in &stores {
        for role in [Role::Sales, Role::StoreManager] {
            for user in innexar_identity::queries::active_users_at_store(db, role, store.id).await? {
                if !owners.contains(&user.id.0) {
                    owners.push(user.id.0);
                }
            }
        }
    }
    innexar_crm::demo::seed(db, &stores, &owners, customers, open_leads_per_store, now, 13).await
}

/// A problem from the application as a CLI error, with its field errors.
fn problem(e: innexar_kernel::AppError) -> anyhow::Error {
    let mut msg = format!("{} ({})", e.detail, e.code);
    for f in &e.errors {
        msg.push_str(&format!("\n  {}: {} ({})", f.pointer, f.message, f.code));
    }
    anyhow::anyhow!(msg)
}

async fn tenant(state: AppState, cmd: TenantCommand) -> anyhow::Result<()> {
    match cmd {
        TenantCommand::Create(c) => {
            let admin_password = password(c.admin_password, &c.admin_email)?;
            let started = std::time::Instant::now();
            let input = NewTenantInput {
                slug: c.slug,
                name: c.name,
                cnpj: c.cnpj,
                plan: Some(c.plan),
                admin_email: c.admin_email,
                admin_name: c.admin_name,
                admin_password,
            };
            let t = innexar_tenants::platform::provision_tenant(&state, input).await.map_err(problem)?;
            println!(
                "tenant {} created in {} ms (database {} on {})",
                t.slug,
                started.elapsed().as_millis(),
                t.db_name,
                t.db_kind
            );
        }
        TenantCommand::List => {
            println!("{:<24} {:<10} {:<16} {:<9} NAME", "SLUG", "STATUS", "CNPJ", "BACKEND");
            for t in state.control.list_tenants().await? {
                println!("{:<24} {:<10} {:<16} {:<9} {}", t.slug, t.status.as_str(), t.cnpj, t.db_kind, t.name);
            }
        }
        TenantCommand::Migrate { all, slug } => {
            if !all && slug.is_none() {
                bail!("name a tenant or pass --all");
            }
            let only = if all { None } else { slug.as_deref() };
            let outcomes = innexar_db::provision::migrate_some(&state.control, only, |o| {
                match &o.result {
                    Ok(()) => println!("{:<24} ok", o.slug),
                    Err(e) => println!("{:<24} FAILED: {e}", o.slug),
                }
                let _ = std::io::stdout().flush();
            })
            .await?;
            if let (Some(s), true) = (&slug, outcomes.is_empty()) {
                bail!("no tenant '{s}'");
            }
            let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
            println!("{} tenant(s) migrated, {failed} failed", outcomes.len() - failed);
            if failed > 0 {
                bail!("{failed} tenant(s) failed to migrate");
            }
        }
        TenantCommand::Suspend { slug } => set_status(&state, &slug, innexar_db::TenantStatus::Suspended).await?,
        TenantCommand::Activate { slug } => set_status(&state, &slug, innexar_db::TenantStatus::Active).await?,
    }
    Ok(())
}

async fn dlq(state: AppState, cmd: DlqCommand) -> anyhow::Result<()> {
    let amqp = &state.settings.amqp;
    if amqp.url.is_empty() {
        bail!("no message broker is configured: set amqp.url (INNEXAR_AMQP_URL)");
    }
    let known = innexar_app::dispatcher(&state).handler_names();
    let (DlqCommand::List { handler } | DlqCommand::Replay { handler }) = &cmd;
    let handlers: Vec<&str> = match handler {
        Some(h) if known.contains(&h.as_str()) => vec![h.as_str()],
        Some(h) => bail!("no event handler '{h}'; the handlers are: {}", known.join(", ")),
        None => known.clone(),
    };
    if handlers.is_empty() {
        println!("no event handlers are registered");
    }
    for h in handlers {
        match &cmd {
            DlqCommand::List { .. } => {
                let letters = innexar_events::dlq::list(amqp, h).await?;
                println!("{h}: {} dead letter(s)", letters.len());
                for l in letters {
                    println!(
                        "  {} {} tenant {} after {} attempt(s): {}",
                        l.event_id.as_deref().unwrap_or("?"),
                        l.event_type.as_deref().unwrap_or("?"),
                        l.tenant.as_deref().unwrap_or("?"),
                        l.attempts,
                        l.error.as_deref().unwrap_or("-")
                    );
                }
            }
            DlqCommand::Replay { .. } => {
                let moved = innexar_events::dlq::replay(amqp, h).await?;
                println!("{h}: {moved} dead letter(s) sent back");
            }
        }
    }
    Ok(())
}

async fn set_status(state: &AppState, slug: &str, status: innexar_db::TenantStatus) -> anyhow::Result<()> {
    let t = state.control.find_tenant_by_slug(slug).await?.with_context(|| format!("no tenant '{slug}'"))?;
    state.control.set_tenant_status(t.id, status, state.clock.now()).await.map_err(problem)?;
    println!("tenant {slug} is {}", status.as_str());
    Ok(())
}

async fn serve(settings: Settings, demo: bool, api: bool, worker: bool) -> anyhow::Result<()> {
    init_logs(&settings);
    let addr = settings.server.addr;
    let state = state(settings).await?;
    if demo && innexar_app::demo::ensure_demo(&state, 300).await.map_err(problem)? {
        tracing::info!(
            "demo tenant created: sign in at http://demo.localhost:{}/ with dono@demo.innexar.com.br / {}",
            addr.port(),
            innexar_app::demo::DEMO_PASSWORD
        );
    }
    let signals = Arc::new(innexar_db::Signals {
        events: state.outbox_signal.clone(),
        jobs: state.job_signal.clone(),
        deliveries: state.webhook_signal.clone(),
        messages: state.message_signal.clone(),
    });
    let notified = innexar_db::wake::supported(&state.control);
    if api != worker && !notified {
        tracing::warn!(
            "the api and worker roles run apart on SQLite: a worker learns of new events and jobs only at its \
             sweeps (every few seconds); run them apart on PostgreSQL, where commits wake workers at once"
        );
    }
    if worker {
        // Apart from the api, a worker on SQLite cannot be woken by commits: it sweeps often.
        let (events_sweep, jobs_sweep) = if api || notified {
            (Duration::from_secs(300), Duration::from_secs(60))
        } else {
            (Duration::from_secs(2), Duration::from_secs(2))
        };
        if !api && notified {
            tokio::spawn(innexar_db::wake::listen(state.control.clone(), signals.clone()));
        }
        let dispatcher = innexar_app::dispatcher(&state);
        let amqp = &state.settings.amqp;
        if amqp.url.is_empty() {
            tokio::spawn(dispatcher.run_forever(
                state.control.clone(),
                state.pools.clone(),
                state.clock.clone(),
                state.outbox_signal.clone(),
                events_sweep,
            ));
        } else {
            // Events leave through the broker; each handler consumes its own queue (ADR 0030).
            let relay = innexar_events::Relay::new(amqp.clone(), dispatcher.handler_names());
            tokio::spawn(relay.run_forever(
                state.control.clone(),
                state.pools.clone(),
                state.clock.clone(),
                state.outbox_signal.clone(),
                events_sweep,
            ));
            for handler in dispatcher.handlers() {
                tokio::spawn(innexar_events::consumer::run_forever(
                    amqp.clone(),
                    handler.clone(),
                    state.control.clone(),
                    state.pools.clone(),
                    state.clock.clone(),
                ));
            }
        }
        tokio::spawn(innexar_app::worker(&state).run_forever(
            state.control.clone(),
            state.pools.clone(),
            state.job_signal.clone(),
            jobs_sweep,
        ));
        for run in innexar_app::background(&state) {
            tokio::spawn(run);
        }
        tokio::spawn(innexar_app::scheduler(&state).run_forever(
            state.control.clone(),
            state.pools.clone(),
            state.clock.clone(),
        ));
    } else if notified {
        tokio::spawn(innexar_db::wake::forward(state.control.clone(), signals));
    }
    let pools = state.pools.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(30)).await;
            let closed = pools.close_idle().await;
            if closed > 0 {
                tracing::debug!(closed, "idle tenant pools closed");
            }
        }
    });
    let app = if api { innexar_app::router(state.clone()) } else { innexar_app::health_router(state.clone()) };
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    let roles = match (api, worker) {
        (true, true) => "api,worker",
        (true, false) => "api",
        _ => "worker",
    };
    tracing::info!(%addr, roles, "innexar listening");
    let header_timeout = Duration::from_secs(state.settings.server.header_read_timeout_secs.max(1));
    listen::serve(listener, app, header_timeout, shutdown()).await?;
    state.pools.close_all().await;
    tracing::info!("innexar stopped");
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
