//! Typed settings. Loading and layering (file, environment, flags) happens in the binary; this
//! module only says what the settings are and what they default to.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize, Serializer};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Where the embedded backend keeps its files: the control database, one SQLite file per
    /// tenant, the generated signing key.
    pub data_dir: PathBuf,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub auth: AuthSettings,
    pub log: LogSettings,
    pub storage: StorageSettings,
    pub imports: ImportSettings,
    pub amqp: AmqpSettings,
    pub secrets: SecretsSettings,
    pub webhooks: WebhookSettings,
    pub notify: NotifySettings,
}

/// Messages to people (issue #15, ADR 0032). With no `email_url`, e-mails are kept in each
/// tenant's mailbox (`/admin/messages`), as SMS and WhatsApp messages are until a tenant sets up
/// its providers: a single store runs, and a newcomer sees every message, with no server at all.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NotifySettings {
    /// The SMTP server e-mails leave through, as a URL: `smtps://user:password@host:465` (TLS),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS, refused without it),
    /// `smtp://host:25` (no TLS: a relay on the same machine or network). Empty: e-mails stay in
    /// the mailbox.
    pub email_url: Secret,
    /// The sender e-mails show, `Name <address>`; the tenant's name replaces `Name`.
    pub email_from: String,
    /// Each attempt to hand a message over must end within this.
    pub timeout_secs: u64,
    /// Attempts before a message that keeps failing for a passing reason is given up.
    pub max_attempts: u32,
    /// The pause after the first failed attempt; it doubles after each (with jitter).
    pub retry_base_secs: u64,
    /// Zenvia's API, where tenants' SMS go (their token is theirs, the address the operator's:
    /// a tenant cannot point the server at another host).
    pub zenvia_url: String,
    /// Meta's Graph API, where tenants' WhatsApp messages go, and the version of it.
    pub whatsapp_url: String,
    pub whatsapp_api_version: String,
}

impl Default for NotifySettings {
    fn default() -> Self {
        NotifySettings {
            email_url: Secret::default(),
            email_from: "Innexar <nao-responda@innexar.localhost>".into(),
            timeout_secs: 30,
            max_attempts: 8,
            retry_base_secs: 60,
            zenvia_url: "https://api.zenvia.com".into(),
            whatsapp_url: "https://graph.facebook.com".into(),
            whatsapp_api_version: "v21.0".into(),
        }
    }
}

/// The key that seals secrets kept in the database (webhook signing secrets, providers' tokens;
/// `kernel::sealed`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecretsSettings {
    /// 64 hexadecimal digits (32 bytes). Empty: generated on first start into
    /// `data_dir/secrets.key`; replicas must share one, so set it for them.
    pub key: Secret,
}

/// Outbound webhooks to integrators.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhookSettings {
    /// Allow endpoints on loopback, private and link-local addresses (tests, an integrator on the
    /// same network). Off: such targets are refused, also when a name resolves to one.
    pub allow_private_targets: bool,
    /// Each attempt must be answered within this.
    pub timeout_secs: u64,
    /// How much of an answer is read (the log keeps an excerpt).
    pub max_response_bytes: usize,
    /// The pause after the first failed attempt; it doubles after each (with jitter), up to six
    /// hours.
    pub retry_base_secs: u64,
    /// A delivery still failing this long after its event is given up.
    pub give_up_after_hours: u64,
    /// An endpoint failing this many deliveries in a row is disabled and its Owners told.
    pub disable_after_failures: u32,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            allow_private_targets: false,
            timeout_secs: 10,
            max_response_bytes: 64 * 1024,
            retry_base_secs: 30,
            give_up_after_hours: 72,
            disable_after_failures: 15,
        }
    }
}

/// The message broker events leave through (RabbitMQ, ADR 0030). With no `url`, events are
/// delivered to the process's own handlers, as on a single machine.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AmqpSettings {
    /// `amqp://user:password@host:5672/%2f` (`amqps://` for TLS). Empty: no broker.
    pub url: Secret,
    /// The durable topic exchange every event is published to, with routing key
    /// `<area>.<event type>` (`vehicles.vehicle.created`).
    pub exchange: String,
    /// Messages a consumer holds unacknowledged at once.
    pub prefetch: u16,
    /// Times a consumer tries one message before it goes to its dead-letter queue.
    pub max_attempts: u32,
}

impl Default for AmqpSettings {
    fn default() -> Self {
        AmqpSettings { url: Secret::default(), exchange: "innexar.events".into(), prefetch: 100, max_attempts: 5 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSettings {
    pub addr: SocketAddr,
    /// Tenants are served at `<slug>.<base_domain>`.
    pub base_domain: String,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// The whole request, body included, must be answered within this; slower ones get 503.
    pub request_timeout_secs: u64,
    /// A client must send its request line and headers within this, or the connection closes
    /// (slow clients must not hold sockets and tasks).
    pub header_read_timeout_secs: u64,
    /// Set when TLS is terminated in front of Innexar: enables HSTS.
    pub behind_tls: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy you control).
    pub trust_forwarded_for: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    /// Empty: embedded SQLite under `data_dir`. `postgres://user:pass@host:port/control_db`:
    /// the control database there and one database per tenant on the same server.
    pub url: Secret,
    /// Prefix of the per-tenant PostgreSQL database names (the slug follows).
    pub tenant_db_prefix: String,
    pub max_connections_per_tenant: u32,
    /// Upper bound of open connections to tenant databases, all tenants together.
    pub max_connections_total: u32,
    /// A tenant pool unused for this long is closed.
    pub idle_timeout_secs: u64,
    pub acquire_timeout_secs: u64,
    pub sqlite_busy_timeout_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthSettings {
    /// HMAC key for access tokens (at least 32 bytes). Empty: generated once and kept in
    /// `data_dir/jwt.secret`; set it explicitly when several replicas serve the same tenants.
    pub jwt_secret: Secret,
    pub issuer: String,
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_secs: u64,
    pub invitation_ttl_secs: u64,
    /// Failed logins per account before each further attempt waits a doubling delay (ADR 0013).
    pub login_max_failures_per_account: u32,
    /// Failed logins per client address, across accounts, before it waits for the window.
    pub login_max_failures_per_ip: u32,
    /// Failures are forgotten this long after the last one; also the longest delay.
    pub login_window_secs: u64,
}

/// Spreadsheet imports (vehicles today). What a file may unpack to and how many are read at once
/// bound the memory an import takes, whatever the file holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportSettings {
    /// Largest file accepted, in bytes (413 above it). Import uploads are exempt from
    /// `server.body_limit_bytes`; the whole form may be this plus 64 KiB.
    pub max_file_bytes: usize,
    /// Most data rows in one file (422 above it). A sheet with a cell, or a declared size,
    /// beyond row `max_rows + 1` is refused before it is read.
    pub max_rows: usize,
    /// Most bytes the parts of an XLSX that an import reads (workbook, shared strings, the
    /// sheet) may unpack to, all together (422 `imports.unpacked_too_large` above it). The sheet
    /// is read as it unpacks, so this bounds the time a file takes more than its memory.
    pub max_unpacked_bytes: u64,
    /// Most text held in memory while a file is read: an XLSX's shared strings (their text plus
    /// 8 bytes each), and, separately, the text of the cells an import keeps (422 above it).
    pub max_text_bytes: usize,
    /// Most files read at once by the process (uploads being received and checked, and jobs
    /// reading their file), all tenants together.
    pub max_concurrent: usize,
    /// Most files read at once for one tenant.
    pub max_concurrent_per_tenant: usize,
    /// How long an upload waits for a free slot before it is refused (429 `imports.busy` for the
    /// tenant's bound, 503 `imports.server_busy` for the process's). Jobs wait as long as it takes.
    pub slot_wait_ms: u64,
}

impl Default for ImportSettings {
    fn default() -> Self {
        ImportSettings {
            max_file_bytes: 10 * 1024 * 1024,
            max_rows: 20_000,
            max_unpacked_bytes: 128 * 1024 * 1024,
            max_text_bytes: 32 * 1024 * 1024,
            max_concurrent: 2,
            max_concurrent_per_tenant: 1,
            slot_wait_ms: 5_000,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSettings {
    /// `json` (one object per line) or `pretty`.
    pub format: LogFormat,
    /// A tracing filter, e.g. `info` or `innexar=debug,sqlx=warn`.
    pub level: String,
}

/// Where uploaded photos and documents live, and what uploads may be. Keys are flat (`s3_bucket`
/// rather than a nested table) so that each has an `INNEXAR_STORAGE_*` variable.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageSettings {
    /// `local`: files under `data_dir/files`. `s3`: an S3-compatible service (AWS, MinIO, ...).
    pub backend: StorageBackend,
    /// Prepended to every object key (then the tenant id): lets several installs share a bucket.
    pub prefix: String,
    /// E.g. `https://s3.sa-east-1.amazonaws.com` or `http://minio:9000`. Empty: AWS by region.
    pub s3_endpoint: String,
    pub s3_region: String,
    pub s3_bucket: String,
    pub s3_access_key_id: String,
    pub s3_secret_access_key: Secret,
    /// `bucket` in the path rather than the host name, as most S3-compatible servers want.
    pub s3_path_style: bool,
    /// Largest photo accepted, in bytes (413 above it).
    pub max_photo_bytes: usize,
    /// Largest document accepted, in bytes (413 above it).
    pub max_document_bytes: usize,
    pub max_photos_per_vehicle: u32,
    /// Longest side of an image, in pixels; larger ones are refused before being decoded.
    pub max_image_side_px: u32,
    /// Longest side of a thumbnail, in pixels.
    pub thumbnail_side_px: u32,
    /// Lifetime of a signed download link when the request names none.
    pub link_ttl_secs: u64,
    /// Longest lifetime a signed download link may be given.
    pub max_link_ttl_secs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageBackend {
    Local,
    S3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Json,
    Pretty,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_dir: PathBuf::from("./data"),
            server: ServerSettings::default(),
            database: DatabaseSettings::default(),
            auth: AuthSettings::default(),
            log: LogSettings::default(),
            storage: StorageSettings::default(),
            imports: ImportSettings::default(),
            amqp: AmqpSettings::default(),
            secrets: SecretsSettings::default(),
            webhooks: WebhookSettings::default(),
            notify: NotifySettings::default(),
        }
    }
}

impl Default for StorageSettings {
    fn default() -> Self {
        StorageSettings {
            backend: StorageBackend::Local,
            prefix: String::new(),
            s3_endpoint: String::new(),
            s3_region: "us-east-1".into(),
            s3_bucket: String::new(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: Secret::default(),
            s3_path_style: true,
            max_photo_bytes: 15 * 1024 * 1024,
            max_document_bytes: 20 * 1024 * 1024,
            max_photos_per_vehicle: 40,
            max_image_side_px: 10_000,
            thumbnail_side_px: 400,
            link_ttl_secs: 3600,
            max_link_ttl_secs: 7 * 24 * 3600,
        }
    }
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            addr: SocketAddr::from(([127, 0, 0, 1], 3001)),
            base_domain: "localhost".into(),
            body_limit_bytes: 1024 * 1024,
            request_timeout_secs: 30,
            header_read_timeout_secs: 10,
            behind_tls: false,
            trust_forwarded_for: false,
        }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            url: Secret::default(),
            tenant_db_prefix: "innexar_t_".into(),
            max_connections_per_tenant: 5,
            max_connections_total: 50,
            idle_timeout_secs: 300,
            acquire_timeout_secs: 5,
            sqlite_busy_timeout_ms: 5000,
        }
    }
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            jwt_secret: Secret::default(),
            issuer: "innexar".into(),
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            invitation_ttl_secs: 7 * 24 * 3600,
            login_max_failures_per_account: 5,
            login_max_failures_per_ip: 30,
            login_window_secs: 15 * 60,
        }
    }
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings { format: LogFormat::Json, level: "info".into() }
    }
}

impl Settings {
    /// Checks relations between values that serde cannot express, naming the key at fault.
    pub fn check(&self) -> Result<(), String> {
        let w = &self.webhooks;
        // A pause of zero would retry a failing receiver in a tight loop.
        if w.retry_base_secs == 0 || w.timeout_secs == 0 || w.give_up_after_hours == 0 || w.disable_after_failures == 0
        {
            return Err("webhooks.retry_base_secs, timeout_secs, give_up_after_hours and disable_after_failures must be at least 1".into());
        }
        if w.max_response_bytes < 1024 {
            return Err("webhooks.max_response_bytes must be at least 1024".into());
        }
        let n = &self.notify;
        if n.timeout_secs == 0 || n.max_attempts == 0 || n.retry_base_secs == 0 {
            return Err("notify.timeout_secs, max_attempts and retry_base_secs must be at least 1".into());
        }
        let url = n.email_url.expose();
        if !url.is_empty() && !url.starts_with("smtp://") && !url.starts_with("smtps://") {
            return Err("notify.email_url must be empty (the mailbox) or an smtp:// or smtps:// URL".into());
        }
        if !n.email_from.contains('@') {
            return Err("notify.email_from must be an e-mail address, as `Name <address>`".into());
        }
        let a = &self.amqp;
        if a.prefetch == 0 || a.max_attempts == 0 {
            return Err("amqp.prefetch and amqp.max_attempts must be at least 1".into());
        }
        if !a.url.is_empty() && !a.url.expose().starts_with("amqp://") && !a.url.expose().starts_with("amqps://") {
            return Err("amqp.url must be empty (no broker) or an amqp:// or amqps:// URL".into());
        }
        let d = &self.database;
        if d.max_connections_per_tenant == 0 {
            return Err("database.max_connections_per_tenant must be at least 1".into());
        }
        if d.max_connections_total < d.max_connections_per_tenant {
            return Err("database.max_connections_total must be at least database.max_connections_per_tenant".into());
        }
        if !d.url.is_empty()
            && !d.url.expose().starts_with("postgres://")
            && !d.url.expose().starts_with("postgresql://")
        {
            return Err("database.url must be empty (embedded SQLite) or a postgres:// URL".into());
        }
        if !d.tenant_db_prefix.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            || d.tenant_db_prefix.is_empty()
            || d.tenant_db_prefix.len() > 20
        {
            return Err("database.tenant_db_prefix must be 1 to 20 lowercase letters, digits or underscores".into());
        }
        if !self.auth.jwt_secret.is_empty() && self.auth.jwt_secret.expose().len() < 32 {
            return Err("auth.jwt_secret must be at least 32 bytes".into());
        }
        if self.auth.access_token_ttl_secs == 0 || self.auth.refresh_token_ttl_secs == 0 {
            return Err("auth.access_token_ttl_secs and auth.refresh_token_ttl_secs must be positive".into());
        }
        let i = &self.imports;
        if i.max_file_bytes < 1024 || i.max_rows == 0 {
            return Err("imports.max_file_bytes must be at least 1024 and imports.max_rows at least 1".into());
        }
        if i.max_unpacked_bytes < 1024 || i.max_text_bytes < 1024 {
            return Err("imports.max_unpacked_bytes and imports.max_text_bytes must be at least 1024".into());
        }
        if i.max_concurrent == 0 || i.max_concurrent_per_tenant == 0 {
            return Err("imports.max_concurrent and imports.max_concurrent_per_tenant must be at least 1".into());
        }
        if self.server.body_limit_bytes < 1024 {
            return Err("server.body_limit_bytes must be at least 1024".into());
        }
        self.storage.check()?;
        Ok(())
    }

    pub fn uses_postgres(&self) -> bool {
        !self.database.url.is_empty()
    }
}

impl StorageSettings {
    fn check(&self) -> Result<(), String> {
        if self.backend == StorageBackend::S3 && self.s3_bucket.is_empty() {
            return Err("storage.s3_bucket must be set when storage.backend is s3".into());
        }
        if !self.prefix.is_empty()
            && !self.prefix.split('/').all(|p| {
                !p.is_empty()
                    && p != "."
                    && p != ".."
                    && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            })
        {
            return Err(
                "storage.prefix must be empty or segments of letters, digits, '-', '_' or '.' joined by '/'".into()
            );
        }
        if self.max_photo_bytes < 1024 || self.max_document_bytes < 1024 {
            return Err("storage.max_photo_bytes and storage.max_document_bytes must be at least 1024".into());
        }
        if self.max_photos_per_vehicle == 0 {
            return Err("storage.max_photos_per_vehicle must be at least 1".into());
        }
        if self.thumbnail_side_px < 16 || self.thumbnail_side_px > self.max_image_side_px {
            return Err("storage.thumbnail_side_px must be between 16 and storage.max_image_side_px".into());
        }
        if self.link_ttl_secs == 0 || self.link_ttl_secs > self.max_link_ttl_secs {
            return Err("storage.link_ttl_secs must be positive and at most storage.max_link_ttl_secs".into());
        }
        Ok(())
    }
}

/// A secret value: deserialised as given, never printed. Serialising it (as `config show` does)
/// writes `***`, or for a URL the URL with its password masked.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn masked(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        // A database URL is useful to see; only its password is secret, in the userinfo (which may
        // itself hold an `@`) or in a query parameter such as `?password=`.
        if self.0.contains("://") {
            let Ok(mut url) = url::Url::parse(&self.0) else { return "***".into() };
            if url.password().is_some() && url.set_password(Some("***")).is_err() {
                return "***".into();
            }
            if url.query().is_some() {
                let pairs: Vec<(String, String)> = url
                    .query_pairs()
                    .map(|(k, v)| {
                        let secret =
                            ["password", "secret", "token", "key"].iter().any(|w| k.to_ascii_lowercase().contains(w));
                        (k.into_owned(), if secret { "***".to_string() } else { v.into_owned() })
                    })
                    .collect();
                url.query_pairs_mut().clear().extend_pairs(pairs);
            }
            return url.to_string();
        }
        "***".into()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked() {
        assert_eq!(Secret::new("hunter2hunter2").masked(), "***");
        assert_eq!(Secret::new("postgres://app:pw@db:5432/innexar").masked(), "postgres://app:***@db:5432/innexar");
        assert_eq!(Secret::new("postgres://app@db/innexar").masked(), "postgres://app@db/innexar");
        // An `@` inside the password once leaked the part after it.
        assert_eq!(Secret::new("postgres://app:s3cr@t-pass@db:5432/x").masked(), "postgres://app:***@db:5432/x");
        let q = Secret::new("postgres://db/x?sslmode=require&password=hunter2&sslpassword=pw").masked();
        assert_eq!(q, "postgres://db/x?sslmode=require&password=***&sslpassword=***");
        assert!(!q.contains("hunter2") && !q.contains("=pw"));
        assert_eq!(format!("{:?}", Secret::new("topsecret")), "Secret(***)");
    }

    #[test]
    fn defaults_pass_the_checks() {
        assert_eq!(Settings::default().check(), Ok(()));
        let mut s = Settings::default();
        s.database.max_connections_total = 1;
        assert!(s.check().unwrap_err().contains("database.max_connections_total"));
    }

    #[test]
    fn storage_settings_name_the_key_at_fault() {
        let mut s = Settings::default();
        s.storage.backend = StorageBackend::S3;
        assert!(s.check().unwrap_err().contains("storage.s3_bucket"));
        s.storage.s3_bucket = "fotos".into();
        assert_eq!(s.check(), Ok(()));
        for bad in ["../other", "a//b", "/abs", "dir with space"] {
            s.storage.prefix = bad.into();
            assert!(s.check().unwrap_err().contains("storage.prefix"), "{bad}");
        }
        s.storage.prefix = "prod/innexar-1".into();
        s.storage.link_ttl_secs = s.storage.max_link_ttl_secs + 1;
        assert!(s.check().unwrap_err().contains("storage.link_ttl_secs"));
    }

    #[test]
    fn broker_and_webhook_settings_name_the_key_at_fault() {
        let mut s = Settings::default();
        s.webhooks.retry_base_secs = 0;
        assert!(s.check().unwrap_err().contains("webhooks.retry_base_secs"));
        s.webhooks.retry_base_secs = 1;
        s.webhooks.max_response_bytes = 10;
        assert!(s.check().unwrap_err().contains("webhooks.max_response_bytes"));
        s.webhooks.max_response_bytes = 4096;
        s.amqp.url = Secret::new("http://broker:5672");
        assert!(s.check().unwrap_err().contains("amqp.url"));
        s.amqp.url = Secret::new("amqps://user:pw@broker:5671/%2f");
        assert_eq!(s.check(), Ok(()));
    }
}
