//! `Innexar-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, with one
//! `v1` per secret in force (the new and the old during a rotation), and the receiver's check.

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const HEADER: &str = "Innexar-Signature";

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        unreachable!("HMAC takes a key of any length")
    };
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    hex::encode(m.finalize().into_bytes())
}

/// The header's value for `body` sent at `timestamp`, signed with every secret in `secrets`.
pub fn header(secrets: &[&str], timestamp: i64, body: &[u8]) -> String {
    let mut out = format!("t={timestamp}");
    for s in secrets {
        out.push_str(",v1=");
        out.push_str(&mac(s, timestamp, body));
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the signature header is malformed")]
    Malformed,
    #[error("the timestamp is outside the tolerance (a replay, or a clock far off)")]
    Stale,
    #[error("no signature matches the secret")]
    Mismatch,
}

/// The receiver's check, as the docs show it: the timestamp within `tolerance_secs` of `now`, and
/// one `v1` equal (in constant time) to the HMAC of `"<t>.<body>"` with the receiver's secret.
pub fn verify(header: &str, secret: &str, body: &[u8], now: i64, tolerance_secs: i64) -> Result<(), Refused> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = Some(t.parse::<i64>().map_err(|_| Refused::Malformed)?),
            Some(("v1", s)) => signatures.push(hex::decode(s).map_err(|_| Refused::Malformed)?),
            // Other schemes may come; a receiver ignores what it does not know.
            Some(_) => {}
            None => return Err(Refused::Malformed),
        }
    }
    let t = timestamp.ok_or(Refused::Malformed)?;
    if (now - t).abs() > tolerance_secs {
        return Err(Refused::Stale);
    }
    let matches = signatures.iter().any(|s| {
        let Ok(mut m) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return false };
        m.update(t.to_string().as_bytes());
        m.update(b".");
        m.update(body);
        m.verify_slice(s).is_ok()
    });
    if matches { Ok(()) } else { Err(Refused::Mismatch) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_secret_in_force_signs_and_the_receiver_checks_time_and_signature() {
        let body = br#"{"id":"01","type":"vehicle.created"}"#;
        let h = header(&["whsec_new", "whsec_old"], 1_700_000_000, body);
        assert_eq!(h.matches(",v1=").count(), 2);
        assert_eq!(verify(&h, "whsec_new", body, 1_700_000_100, 300), Ok(()));
        assert_eq!(verify(&h, "whsec_old", body, 1_700_000_100, 300), Ok(()), "during a rotation");
        assert_eq!(verify(&h, "whsec_other", body, 1_700_000_100, 300), Err(Refused::Mismatch));
        assert_eq!(verify(&h, "whsec_new", b"{}", 1_700_000_100, 300), Err(Refused::Mismatch), "a changed body");
        assert_eq!(verify(&h, "whsec_new", body, 1_700_000_301, 300), Err(Refused::Stale), "a replay");
        assert_eq!(verify("v1=abc", "whsec_new", body, 0, 300), Err(Refused::Malformed));
        assert_eq!(verify("t=1,v1=zz", "whsec_new", body, 1, 300), Err(Refused::Malformed));
    }
}
