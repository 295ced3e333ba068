//! Throttling of sign-in attempts (ADR 0013). An attempt is counted *before* its password is
//! checked, under one lock, so parallel guesses cannot all slip past a limit that only learned
//! of their failures afterwards; a guess still in flight counts as a failure until it is known.
//!
//! Three counters see each attempt:
//! - the account and client address together: after `per_account` failures, each further
//!   attempt waits a doubling delay (1 s, 2 s, 4 s ... up to the window);
//! - the account from every address: the same delay, capped at [`ACCOUNT_DELAY_CAP_SECS`], but
//!   only for addresses that have failed on this account themselves. An address that has not
//!   failed gets through, so a guesser cannot keep the owner out of their own account;
//! - the client address across accounts: `per_ip` failures, then a wait until the window ends.
//!
//! Failures are forgotten a window after the last one. Nothing locks an account for good.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// The longest an address that has failed waits because of failures from other addresses. A
/// legitimate user who mistypes once during an attack waits at most this long.
pub const ACCOUNT_DELAY_CAP_SECS: i64 = 60;

pub struct LoginThrottle {
    per_account: u32,
    per_ip: u32,
    window: Duration,
    counters: Mutex<HashMap<Key, Counter>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account { tenant: String, email: String },
    Pair { tenant: String, email: String, ip: String },
    Address(String),
}

#[derive(Debug, Default, Clone, Copy)]
struct Counter {
    failures: u32,
    /// Attempts whose password is being checked.
    pending: u32,
    /// When the last attempt began.
    last: Option<DateTime<Utc>>,
}

impl Counter {
    fn load(&self) -> u32 {
        self.failures + self.pending
    }

    fn is_forgotten(&self, now: DateTime<Utc>, window: Duration) -> bool {
        self.pending == 0 && self.last.is_none_or(|l| l + window <= now)
    }

    /// How long the next attempt must wait: nothing for the first `free` failures, then 1 s,
    /// doubling with each failure, at most `cap`.
    fn delay_left(&self, free: u32, cap: Duration, now: DateTime<Utc>) -> Duration {
        let Some(last) = self.last else { return Duration::zero() };
        if self.load() < free {
            return Duration::zero();
        }
        let doublings = (self.load() - free).min(30);
        let delay = Duration::seconds(1i64 << doublings).min(cap);
        (last + delay - now).max(Duration::zero())
    }
}

/// Above this many tracked keys, forgotten counters are swept on the next attempt.
const SWEEP_AT: usize = 10_000;

impl LoginThrottle {
    /// `per_account` failures per account (and per account and address) before the delay starts;
    /// `per_ip` failures per address; failures are forgotten `window_secs` after the last one.
    pub fn new(per_account: u32, per_ip: u32, window_secs: u64) -> Self {
        LoginThrottle {
            per_account: per_account.max(1),
            per_ip: per_ip.max(1),
            window: Duration::seconds(window_secs.max(1) as i64),
            counters: Mutex::new(HashMap::new()),
        }
    }

    fn keys(tenant: &str, email: &str, ip: &str) -> [Key; 3] {
        [
            Key::Pair { tenant: tenant.into(), email: email.into(), ip: ip.into() },
            Key::Account { tenant: tenant.into(), email: email.into() },
            Key::Address(ip.into()),
        ]
    }

    /// Counts an attempt to sign in as `email` from `ip`, or `Err(seconds)` to wait first.
    /// Report the outcome on the returned attempt; one dropped unreported counts as a failure.
    pub fn begin(&self, tenant: &str, email: &str, ip: &str, now: DateTime<Utc>) -> Result<LoginAttempt<'_>, u64> {
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        if counters.len() > SWEEP_AT {
            let window = self.window;
            counters.retain(|_, c| !c.is_forgotten(now, window));
        }
        let keys = Self::keys(tenant, email, ip);
        let [pair, account, address] = keys.clone().map(|k| {
            let c = counters.get(&k).copied().unwrap_or_default();
            if c.is_forgotten(now, self.window) { Counter::default() } else { c }
        });
        let mut wait = Duration::zero();
        if address.load() >= self.per_ip
            && let Some(last) = address.last
        {
            wait = wait.max(last + self.window - now);
        }
        // An address that has not failed on this account (nor has a guess in flight) skips the
        // account's delay: that is how the owner still gets in while someone else guesses.
        if pair.load() > 0 {
            wait = wait.max(pair.delay_left(self.per_account, self.window, now));
            let cap = Duration::seconds(ACCOUNT_DELAY_CAP_SECS).min(self.window);
            wait = wait.max(account.delay_left(self.per_account, cap, now));
        }
        if wait > Duration::zero() {
            // Whole seconds, rounded up, so a client that waits as told is let in.
            let ms = wait.num_milliseconds();
            return Err(((ms + 999) / 1000).max(1) as u64);
        }
        for (key, mut c) in keys.iter().cloned().zip([pair, account, address]) {
            c.pending += 1;
            c.last = Some(now);
            counters.insert(key, c);
        }
        Ok(LoginAttempt { throttle: self, keys, reported: false })
    }

    fn finish(&self, keys: &[Key; 3], succeeded: bool) {
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        for key in keys {
            let Some(c) = counters.get_mut(key) else { continue };
            c.pending = c.pending.saturating_sub(1);
            match (succeeded, key) {
                (false, _) => c.failures += 1,
                // A success clears the account's failures and this address's on it, not the
                // address's failures on other accounts.
                (true, Key::Pair { .. } | Key::Account { .. }) => c.failures = 0,
                (true, Key::Address(_)) => {}
            }
        }
    }
}

/// A counted sign-in attempt. Call [`LoginAttempt::succeeded`] once the password matched; any
/// other end (a wrong password, an error, a cancelled request) counts as a failure.
pub struct LoginAttempt<'a> {
    throttle: &'a LoginThrottle,
    keys: [Key; 3],
    reported: bool,
}

impl LoginAttempt<'_> {
    pub fn succeeded(mut self) {
        self.reported = true;
        self.throttle.finish(&self.keys, true);
    }

    /// The password was wrong (the same as dropping the attempt, said out loud).
    pub fn failed(self) {}
}

impl Drop for LoginAttempt<'_> {
    fn drop(&mut self) {
        if !self.reported {
            self.throttle.finish(&self.keys, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap_or_default()
    }

    fn fail(t: &LoginThrottle, email: &str, ip: &str, now: DateTime<Utc>) -> Result<(), u64> {
        t.begin("demo", email, ip, now).map(LoginAttempt::failed)
    }

    #[test]
    fn attempts_in_flight_count_so_parallel_guesses_stop_at_the_limit() {
        let t = LoginThrottle::new(5, 30, 900);
        let held: Vec<_> = (0..5).map(|_| t.begin("demo", "ana@x.com", "1.2.3.4", at(0)).expect("allowed")).collect();
        assert_eq!(t.begin("demo", "ana@x.com", "1.2.3.4", at(0)).err(), Some(1));
        drop(held);
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(0)), Err(1));
    }

    #[test]
    fn the_delay_doubles_after_the_free_failures_and_resets_after_the_window() {
        let t = LoginThrottle::new(3, 100, 900);
        for _ in 0..3 {
            assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(0)), Ok(()));
        }
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(0)), Err(1));
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(1)), Ok(()));
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(2)), Err(1));
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(3)), Ok(()));
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(4)), Err(3));
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(7)), Ok(()));
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(8)), Err(7));
        // A window after the last failure everything is forgotten.
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(7 + 900)), Ok(()));
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(7 + 900)), Ok(()));
    }

    #[test]
    fn an_address_that_has_not_failed_gets_through_and_one_that_has_waits_a_minute_at_most() {
        let t = LoginThrottle::new(5, 1000, 900);
        for i in 0..40 {
            let _ = fail(&t, "dono@x.com", "6.6.6.6", at(i * 900 / 40));
        }
        assert!(t.begin("demo", "dono@x.com", "6.6.6.6", at(900)).is_err());
        let owner = t.begin("demo", "dono@x.com", "10.0.0.1", at(900)).expect("a fresh address passes");
        owner.succeeded();
        // The success cleared the account's failures; the guesser's own delay remains.
        assert!(t.begin("demo", "dono@x.com", "6.6.6.6", at(900)).is_err());
        // Many addresses failing once each push the account's delay far up; the owner, having
        // mistyped once, still waits no more than the cap.
        for i in 0..40 {
            let _ = fail(&t, "dono@x.com", &format!("7.7.7.{i}"), at(1000));
        }
        assert_eq!(fail(&t, "dono@x.com", "10.0.0.1", at(1000)), Ok(()));
        assert_eq!(t.begin("demo", "dono@x.com", "10.0.0.1", at(1000)).err(), Some(ACCOUNT_DELAY_CAP_SECS as u64));
    }

    #[test]
    fn throttles_an_address_trying_many_accounts() {
        let t = LoginThrottle::new(100, 2, 60);
        assert_eq!(fail(&t, "a@x.com", "9.9.9.9", at(0)), Ok(()));
        assert_eq!(fail(&t, "b@x.com", "9.9.9.9", at(0)), Ok(()));
        assert_eq!(t.begin("demo", "c@x.com", "9.9.9.9", at(10)).err(), Some(50));
        assert!(t.begin("demo", "c@x.com", "1.1.1.1", at(10)).is_ok());
    }

    #[test]
    fn a_success_ends_the_account_delay_but_not_the_address_count() {
        let t = LoginThrottle::new(2, 4, 900);
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(0)), Ok(()));
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(0)), Ok(()));
        assert_eq!(t.begin("demo", "ana@x.com", "1.2.3.4", at(0)).err(), Some(1));
        t.begin("demo", "ana@x.com", "1.2.3.4", at(1)).expect("after the delay").succeeded();
        assert_eq!(fail(&t, "ana@x.com", "1.2.3.4", at(1)), Ok(()), "the account's delay ended");
        assert_eq!(fail(&t, "bia@x.com", "1.2.3.4", at(1)), Ok(()));
        assert!(t.begin("demo", "cia@x.com", "1.2.3.4", at(1)).is_err(), "four failures from this address");
    }
}
