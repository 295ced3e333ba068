//! Password hashing with Argon2id at OWASP's baseline (19 MiB, 2 passes, 1 lane), off the async
//! runtime's threads.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use innexar_kernel::AppError;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hasher().hash_password(password.as_bytes()).map(|h| h.to_string()))
        .await
        .map_err(AppError::internal)?
        .map_err(|e| AppError::internal(e.to_string()))
}

/// Whether `password` matches `hash`. With no hash (unknown user, invited user) a dummy hash is
/// checked anyway, so the answer takes as long and reveals nothing.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, AppError> {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| DUMMY_HASH.to_string());
    let ok = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| hasher().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .map_err(AppError::internal)?;
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
