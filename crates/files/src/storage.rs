//! The object store behind uploads. Every operation names the tenant, and the tenant's id is
//! the first segment under the configured prefix, so no key of one tenant can name another's
//! object.

use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::{BoxStream, StreamExt};
use innexar_kernel::AppError;
use innexar_kernel::settings::{Settings, StorageBackend};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload};
use uuid::Uuid;

/// Where files live; cheap to clone.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    prefix: Vec<String>,
}

/// An object being read: its size and its bytes as they arrive.
pub struct Download {
    pub size: u64,
    pub stream: BoxStream<'static, Result<Bytes, std::io::Error>>,
}

impl Download {
    /// The object as an HTTP answer of `content_type`, offered as file `name`. Stored files never
    /// change under their key, so a private cache may keep them; shared caches may not (every
    /// download is authorised).
    pub fn into_response(self, content_type: &str, name: &str) -> axum::response::Response {
        use axum::http::{HeaderValue, header};
        use axum::response::IntoResponse;
        let mut r = axum::body::Body::from_stream(self.stream).into_response();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
        );
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(self.size));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
        if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        r
    }

    /// All the bytes, refusing an object larger than `limit` (a file replaced on storage behind
    /// the record's back must not exhaust memory).
    pub async fn bytes(mut self, limit: usize) -> Result<Vec<u8>, AppError> {
        if self.size > limit as u64 {
            return Err(AppError::internal(format!("a stored object of {} bytes exceeds {limit}", self.size)));
        }
        let mut out = Vec::with_capacity(self.size as usize);
        while let Some(chunk) = self.stream.next().await {
            let chunk = chunk.map_err(AppError::internal)?;
            if out.len() + chunk.len() > limit {
                return Err(AppError::internal(format!("a stored object exceeds {limit} bytes")));
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Storage({}, prefix {:?})", self.store, self.prefix.join("/"))
    }
}

impl Storage {
    /// The store the settings name: `data_dir/files` on local disk, or the S3 bucket.
    pub fn from_settings(settings: &Settings) -> Result<Storage, String> {
        let s = &settings.storage;
        let store: Arc<dyn ObjectStore> = match s.backend {
            StorageBackend::Local => {
                let dir = settings.data_dir.join("files");
                std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                // Documents (CRLV, invoices) are personal data: this user only.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
                        .map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                let local = LocalFileSystem::new_with_prefix(&dir)
                    .map_err(|e| format!("{}: {e}", dir.display()))?
                    // Deleting the last file of a vehicle leaves no empty folders behind.
                    .with_automatic_cleanup(true);
                Arc::new(local)
            }
            StorageBackend::S3 => {
                // reqwest is built without a bundled TLS provider so that only ring (already used
                // by the database drivers) is compiled in; it must be the process default before
                // the first client is built. An error means one is installed already.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let mut b = AmazonS3Builder::new()
                    .with_region(&s.s3_region)
                    .with_bucket_name(&s.s3_bucket)
                    .with_virtual_hosted_style_request(!s.s3_path_style)
                    .with_client_options(ClientOptions::new().with_allow_http(s.s3_endpoint.starts_with("http://")));
                if !s.s3_endpoint.is_empty() {
                    b = b.with_endpoint(&s.s3_endpoint);
                }
                if !s.s3_access_key_id.is_empty() {
                    b = b
                        .with_access_key_id(&s.s3_access_key_id)
                        .with_secret_access_key(s.s3_secret_access_key.expose());
                }
                Arc::new(b.build().map_err(|e| format!("storage: {e}"))?)
            }
        };
        let prefix = s.prefix.split('/').filter(|p| !p.is_empty()).map(str::to_string).collect();
        Ok(Storage { store, prefix })
    }

    /// The full key of `key` (e.g. `vehicles/<id>/photos/<id>.jpg`) for `tenant`.
    pub fn location(&self, tenant: Uuid, key: &str) -> Result<Path, AppError> {
        let mut parts: Vec<String> = self.prefix.clone();
        parts.push(tenant.to_string());
        for p in key.split('/') {
            // Keys are made by the areas from ids, never from user input; refuse anything else.
            if p.is_empty() || p == "." || p == ".." {
                return Err(AppError::internal(format!("malformed object key {key:?}")));
            }
            parts.push(p.to_string());
        }
        Ok(Path::from_iter(parts))
    }

    pub async fn put(&self, tenant: Uuid, key: &str, bytes: Vec<u8>) -> Result<(), AppError> {
        let location = self.location(tenant, key)?;
        self.store.put(&location, PutPayload::from(bytes)).await.map_err(storage_error)?;
        Ok(())
    }

    /// The object's bytes as a stream; 404 `files.not_found` when it is gone.
    pub async fn get(&self, tenant: Uuid, key: &str) -> Result<Download, AppError> {
        let location = self.location(tenant, key)?;
        match self.store.get(&location).await {
            Ok(r) => {
                let size = r.meta.size;
                let stream = r.into_stream().map(|chunk| chunk.map_err(std::io::Error::other)).boxed();
                Ok(Download { size, stream })
            }
            Err(object_store::Error::NotFound { .. }) => {
                Err(AppError::not_found("files.not_found", "the file is no longer stored"))
            }
            Err(e) => Err(storage_error(e)),
        }
    }

    /// Removes an object; one already gone is not an error.
    pub async fn delete(&self, tenant: Uuid, key: &str) -> Result<(), AppError> {
        let location = self.location(tenant, key)?;
        match self.store.delete(&location).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(storage_error(e)),
        }
    }

    /// Removes objects after the records naming them are gone. A failure leaves an orphan
    /// object, never a record without its file, so it is logged rather than returned.
    pub async fn delete_all(&self, tenant: Uuid, keys: &[String]) {
        for key in keys {
            if let Err(e) = self.delete(tenant, key).await {
                tracing::warn!(error = %e, key, "could not delete a stored file");
            }
        }
    }
}

fn storage_error(e: object_store::Error) -> AppError {
    AppError {
        source: Some(e.into()),
        ..AppError::unavailable("files.storage_unavailable", "file storage is unavailable")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_start_with_the_prefix_and_the_tenant() {
        let dir = std::env::temp_dir().join(format!("innexar-files-{}", innexar_kernel::new_id()));
        let mut settings = Settings { data_dir: dir.clone(), ..Default::default() };
        settings.storage.prefix = "prod/innexar".into();
        let s = Storage::from_settings(&settings).expect("storage");
        let tenant = innexar_kernel::new_id();
        let key = s.location(tenant, "vehicles/v/photos/p.jpg").expect("key");
        assert_eq!(key.as_ref(), format!("prod/innexar/{tenant}/vehicles/v/photos/p.jpg"));
        assert!(s.location(tenant, "../other/x.jpg").is_err());
        assert!(s.location(tenant, "a//b").is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
