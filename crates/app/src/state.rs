use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use innexar_db::{Backend, ControlDb, Signals, TenantPools};
use innexar_files::Storage;
use innexar_http::AppState;
use innexar_http::grants::RoleGrants;
use innexar_http::limit::ConcurrencyLimit;
use innexar_http::sessions::Sessions;
use innexar_http::state::StateInner;
use innexar_http::throttle::LoginThrottle;
use innexar_http::token::TokenKeys;
use innexar_kernel::Clock;
use innexar_kernel::settings::Settings;

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("invalid settings: {0}")]
    Settings(String),
    #[error("control database: {0}")]
    Control(#[from] sea_orm::DbErr),
    #[error("signing key: {0}")]
    Key(String),
    #[error("file storage: {0}")]
    Storage(String),
    #[error("secrets key: {0}")]
    Secrets(String),
}

/// Opens the control database (creating and migrating it) and builds the shared state.
pub async fn build_state(settings: Settings, clock: Arc<dyn Clock>) -> Result<AppState, StateError> {
    settings.check().map_err(StateError::Settings)?;
    let backend = Backend::from_settings(&settings);
    let control = ControlDb::open(backend.clone()).await?;
    let secret = signing_key(&settings)?;
    let tokens =
        TokenKeys::new(&secret, &settings.auth.issuer, settings.auth.access_token_ttl_secs).map_err(StateError::Key)?;
    let a = &settings.auth;
    let throttle =
        LoginThrottle::new(a.login_max_failures_per_account, a.login_max_failures_per_ip, a.login_window_secs);
    let signals = Arc::new(Signals::default());
    let pools = TenantPools::new(backend, &settings.database, clock.clone(), signals.clone());
    let files = Storage::from_settings(&settings).map_err(StateError::Storage)?;
    let sealer = sealing_key(&settings)?;
    Ok(AppState::new(StateInner {
        control: Arc::new(control),
        pools: Arc::new(pools),
        files,
        clock,
        tokens,
        throttle,
        sessions: Sessions::new(Arc::new(innexar_identity::sessions::UserSessionLookup)),
        grants: RoleGrants::new(Arc::new(innexar_identity::roles::TenantGrantsLookup)),
        outbox_signal: signals.events.clone(),
        job_signal: signals.jobs.clone(),
        permissions: crate::all_permissions(),
        imports: ConcurrencyLimit::new(settings.imports.max_concurrent, settings.imports.max_concurrent_per_tenant),
        sealer,
        webhook_signal: signals.deliveries.clone(),
        message_signal: signals.messages.clone(),
        event_types: crate::all_event_types(),
        settings,
    }))
}

/// The configured key, or one generated on first start and kept in the data directory so
/// sessions survive a restart of a single-machine install.
fn signing_key(settings: &Settings) -> Result<Vec<u8>, StateError> {
    if !settings.auth.jwt_secret.is_empty() {
        return Ok(settings.auth.jwt_secret.expose().as_bytes().to_vec());
    }
    let path = settings.data_dir.join("jwt.secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let key = hex::decode(existing.trim()).map_err(|e| StateError::Key(format!("{}: {e}", path.display())))?;
        if key.len() >= 32 {
            return Ok(key);
        }
    }
    let mut key = vec![0u8; 64];
    innexar_kernel::random::fill(&mut key);
    write_private(&path, hex::encode(&key).as_bytes())
        .map_err(|e| StateError::Key(format!("{}: {e}", path.display())))?;
    Ok(key)
}

/// The configured key that seals secrets at rest, or one generated on first start and kept in
/// the data directory (0600), like the signing key.
fn sealing_key(settings: &Settings) -> Result<innexar_kernel::sealed::Sealer, StateError> {
    use innexar_kernel::sealed::Sealer;
    if !settings.secrets.key.is_empty() {
        return Sealer::from_hex(settings.secrets.key.expose()).map_err(|e| StateError::Secrets(e.to_string()));
    }
    let path = settings.data_dir.join("secrets.key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return Sealer::from_hex(existing.trim()).map_err(|e| StateError::Secrets(format!("{}: {e}", path.display())));
    }
    let mut key = vec![0u8; 32];
    innexar_kernel::random::fill(&mut key);
    write_private(&path, hex::encode(&key).as_bytes())
        .map_err(|e| StateError::Secrets(format!("{}: {e}", path.display())))?;
    Sealer::new(&key).map_err(|e| StateError::Secrets(e.to_string()))
}

fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(contents)
}
