//! Password hashing with Argon2id at OWASP's baseline (19 MiB, 2 passes, 1 lane), on a few
//! dedicated threads.
//!
//! Each hash needs 19 MiB. On tokio's blocking pool a burst of sign-ins would run hundreds at
//! once (a cheap way to exhaust memory) and glibc keeps each thread's freed buffer: RSS grew by
//! about 20 MiB per concurrent sign-in. A fixed set of hashing threads bounds both; requests
//! queue for them instead.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use innexar_kernel::AppError;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads: one per core, at most four. Process-wide, like the CPU they share.
fn workers() -> &'static tokio::sync::mpsc::Sender<Job> {
    static WORKERS: std::sync::OnceLock<tokio::sync::mpsc::Sender<Job>> = std::sync::OnceLock::new();
    WORKERS.get_or_init(|| {
        let (tx, rx) = tokio::sync::mpsc::channel::<Job>(1024);
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        let n = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(1, 4);
        for i in 0..n {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                loop {
                    let job = rx.lock().unwrap_or_else(|e| e.into_inner()).blocking_recv();
                    match job {
                        // A panicking job drops its reply channel; the caller sees the error.
                        Some(job) => drop(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))),
                        None => break,
                    }
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        tx
    })
}

/// Runs `f` on a hashing thread.
async fn on_worker<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let (reply, answer) = tokio::sync::oneshot::channel();
    workers()
        .send(Box::new(move || {
            let _ = reply.send(f());
        }))
        .await
        .map_err(|_| AppError::internal("the password hashing threads stopped"))?;
    answer.await.map_err(|_| AppError::internal("password hashing failed"))
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_worker(move || hasher().hash_password(password.as_bytes()).map(|h| h.to_string()))
        .await?
        .map_err(|e| AppError::internal(e.to_string()))
}

/// Whether `password` matches `hash`. With no hash (unknown user, invited user) a dummy hash is
/// checked anyway, so the answer takes as long and reveals nothing.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, AppError> {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| DUMMY_HASH.to_string());
    let ok = on_worker(move || {
        PasswordHash::new(&hash)
            .map(|parsed| hasher().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await?;
    Ok(known && ok)
}

/// A hash of a random password with the same parameters, for `verify` of unknown users.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$K6tV1wSXh0ZWnE4bJPp7xXn2mrO7jMEwO0O1yyiBQxE";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_and_verifies() {
        let h = hash("correct horse battery".into()).await.expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery".into(), Some(h.clone())).await.expect("verify"));
        assert!(!verify("wrong horse battery".into(), Some(h)).await.expect("verify"));
        assert!(!verify("anything".into(), None).await.expect("verify"));
    }
}
