//! Secrets kept in the database sealed (AES-256-GCM) under a key from the configuration
//! (`secrets.key`) or generated into the data directory: a copy of the database alone — a
//! backup, a dump handed to support — does not reveal a webhook's signing secret or a provider's
//! token. Each value is bound to its place (`context`, e.g. `webhooks.endpoint:<id>`), so a
//! sealed value copied into another row does not open there.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};

/// Seals and opens values with one key; cheap to clone.
#[derive(Clone)]
pub struct Sealer {
    key: std::sync::Arc<LessSafeKey>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(***)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the sealing key must be 32 bytes, written as 64 hexadecimal digits")]
    BadKey,
    #[error("the sealed value is damaged, or was sealed with another key or for another place")]
    Unopenable,
}

const PREFIX: &str = "v1:";

impl Sealer {
    pub fn new(key: &[u8]) -> Result<Sealer, SealError> {
        let unbound = UnboundKey::new(&AES_256_GCM, key).map_err(|_| SealError::BadKey)?;
        Ok(Sealer { key: std::sync::Arc::new(LessSafeKey::new(unbound)) })
    }

    /// From 64 hexadecimal digits.
    pub fn from_hex(hex_key: &str) -> Result<Sealer, SealError> {
        let key = (0..hex_key.trim().len())
            .step_by(2)
            .map(|i| hex_key.trim().get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
            .collect::<Option<Vec<u8>>>()
            .ok_or(SealError::BadKey)?;
        if key.len() != 32 {
            return Err(SealError::BadKey);
        }
        Sealer::new(&key)
    }

    /// `v1:` and the base64 of a random nonce, the ciphertext and its tag.
    pub fn seal(&self, context: &str, plaintext: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        crate::random::fill(&mut nonce);
        let mut data = plaintext.as_bytes().to_vec();
        // Sealing only fails for inputs of gigabytes.
        let sealed = self.key.seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(context.as_bytes()),
            &mut data,
        );
        if sealed.is_err() {
            data.clear();
        }
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        format!("{PREFIX}{}", STANDARD_NO_PAD.encode(out))
    }

    pub fn open(&self, context: &str, sealed: &str) -> Result<String, SealError> {
        let raw = sealed
            .strip_prefix(PREFIX)
            .and_then(|b| STANDARD_NO_PAD.decode(b).ok())
            .filter(|r| r.len() > NONCE_LEN)
            .ok_or(SealError::Unopenable)?;
        let (nonce, rest) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SealError::Unopenable)?;
        let mut data = rest.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut data)
            .map_err(|_| SealError::Unopenable)?;
        String::from_utf8(plain.to_vec()).map_err(|_| SealError::Unopenable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_in_its_place() {
        let s = Sealer::from_hex(&"ab".repeat(32)).expect("key");
        let sealed = s.seal("webhooks.endpoint:1", "whsec_segredo");
        assert!(sealed.starts_with("v1:") && !sealed.contains("segredo"));
        assert_ne!(s.seal("webhooks.endpoint:1", "whsec_segredo"), sealed, "a nonce of its own each time");
        assert_eq!(s.open("webhooks.endpoint:1", &sealed).as_deref(), Ok("whsec_segredo"));
        assert_eq!(s.open("webhooks.endpoint:2", &sealed), Err(SealError::Unopenable), "copied to another row");
        let other = Sealer::from_hex(&"cd".repeat(32)).expect("key");
        assert_eq!(other.open("webhooks.endpoint:1", &sealed), Err(SealError::Unopenable));
        let mut tampered = sealed.clone();
        tampered.replace_range(10..11, if &sealed[10..11] == "A" { "B" } else { "A" });
        assert_eq!(s.open("webhooks.endpoint:1", &tampered), Err(SealError::Unopenable));
        assert_eq!(Sealer::from_hex("abc").err(), Some(SealError::BadKey));
        assert_eq!(Sealer::from_hex(&"zz".repeat(32)).err(), Some(SealError::BadKey));
    }
}
