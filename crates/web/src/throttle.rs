//! Throttling of failed logins per account and per client address. A window opens at the first
//! failure; after `max` failures inside it further attempts get 429 until it closes. Nothing
//! locks an account for good: an attacker must not be able to lock staff out of a dealership.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

pub struct LoginThrottle {
    per_account: u32,
    per_ip: u32,
    window: Duration,
    windows: Mutex<HashMap<String, Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: DateTime<Utc>,
    failures: u32,
}

/// Above this many tracked keys, expired windows are swept on the next failure.
const SWEEP_AT: usize = 10_000;

impl LoginThrottle {
    pub fn new(per_account: u32, per_ip: u32, window_secs: u64) -> Self {
        LoginThrottle {
            per_account: per_account.max(1),
            per_ip: per_ip.max(1),
            window: Duration::seconds(window_secs as i64),
            windows: Mutex::new(HashMap::new()),
        }
    }

    fn account_key(tenant: &str, email: &str) -> String {
        format!("a:{tenant}:{email}")
    }

    fn ip_key(ip: &str) -> String {
        format!("i:{ip}")
    }

    /// `Err(seconds)` when the account or address must wait before trying again.
    pub fn check(&self, tenant: &str, email: &str, ip: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = 0i64;
        for (key, max) in [(Self::account_key(tenant, email), self.per_account), (Self::ip_key(ip), self.per_ip)] {
            if let Some(w) = windows.get(&key) {
                let ends = w.started + self.window;
                if w.failures >= max && now < ends {
                    wait = wait.max((ends - now).num_seconds().max(1));
                }
            }
        }
        if wait > 0 { Err(wait as u64) } else { Ok(()) }
    }

    pub fn record_failure(&self, tenant: &str, email: &str, ip: &str, now: DateTime<Utc>) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > SWEEP_AT {
            let window = self.window;
            windows.retain(|_, w| w.started + window > now);
        }
        for key in [Self::account_key(tenant, email), Self::ip_key(ip)] {
            let w = windows.entry(key).or_insert(Window { started: now, failures: 0 });
            if w.started + self.window <= now {
                *w = Window { started: now, failures: 0 };
            }
            w.failures += 1;
        }
    }

    /// A successful login clears the account's failures (not the address's).
    pub fn record_success(&self, tenant: &str, email: &str) {
        self.windows.lock().unwrap_or_else(|e| e.into_inner()).remove(&Self::account_key(tenant, email));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_failures_until_the_window_closes() {
        let t = LoginThrottle::new(3, 100, 900);
        let now = Utc::now();
        for _ in 0..3 {
            assert_eq!(t.check("demo", "ana@x.com", "1.2.3.4", now), Ok(()));
            t.record_failure("demo", "ana@x.com", "1.2.3.4", now);
        }
        assert_eq!(t.check("demo", "ana@x.com", "1.2.3.4", now), Err(900));
        assert_eq!(t.check("demo", "ana@x.com", "1.2.3.4", now + Duration::seconds(600)), Err(300));
        assert_eq!(t.check("demo", "ana@x.com", "1.2.3.4", now + Duration::seconds(900)), Ok(()));
        // Another account from another address is not affected.
        assert_eq!(t.check("demo", "bia@x.com", "5.6.7.8", now), Ok(()));
    }

    #[test]
    fn throttles_an_address_trying_many_accounts() {
        let t = LoginThrottle::new(100, 2, 60);
        let now = Utc::now();
        t.record_failure("demo", "a@x.com", "9.9.9.9", now);
        t.record_failure("demo", "b@x.com", "9.9.9.9", now);
        assert!(t.check("demo", "c@x.com", "9.9.9.9", now).is_err());
        assert!(t.check("demo", "c@x.com", "1.1.1.1", now).is_ok());
    }
}
