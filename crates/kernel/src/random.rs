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

/// The pause before attempt `attempts + 1` of something retried (a webhook delivery, a message):
/// `base_secs` doubled per failure, at most six hours, with ±20 % jitter so that what failed
/// together does not retry together.
pub fn backoff(base_secs: u64, attempts: i32) -> std::time::Duration {
    let exp = u32::try_from(attempts.max(1) - 1).unwrap_or(0).min(20);
    let secs = base_secs.saturating_mul(1u64 << exp).min(6 * 3600);
    let mut r = [0u8; 2];
    fill(&mut r);
    let per_mille = 800 + u64::from(u16::from_le_bytes(r)) * 400 / u64::from(u16::MAX);
    std::time::Duration::from_millis(secs * per_mille)
}

#[cfg(test)]
mod backoff_tests {
    #[test]
    fn backoff_doubles_within_its_jitter_and_stops_at_six_hours() {
        for (attempts, base) in [(1, 60u64), (2, 120), (3, 240), (30, 6 * 3600)] {
            let d = super::backoff(60, attempts).as_millis() as u64;
            assert!(d >= base * 800 && d <= base * 1200, "attempt {attempts}: {d} ms");
        }
    }
}
