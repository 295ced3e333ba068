//! Randomness for secrets (signing keys, invitation and refresh tokens): the one place the
//! operating system's generator is reached (see `clippy.toml`).

use rand::RngCore;

/// Fills `buf` with cryptographically secure random bytes.
#[allow(clippy::disallowed_methods)]
pub fn fill(buf: &mut [u8]) {
    rand::rng().fill_bytes(buf);
}

/// `n` random bytes.
pub fn bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    fill(&mut buf);
    buf
}
