//! Answers kept for a few seconds per key, for what every signed-in request asks the database
//! (a user's session state, a tenant's grants): most requests then do not query at all, and a
//! change made in this process is seen at once by [`Memo::forget`] after its commit. Other
//! replicas see it when their answer expires.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use innexar_kernel::AppError;

/// Above this many kept answers, expired ones are swept on the next store.
const SWEEP_AT: usize = 10_000;

pub struct Memo<K, V> {
    ttl: Duration,
    state: Mutex<State<K, V>>,
}

struct State<K, V> {
    answers: HashMap<K, (V, DateTime<Utc>)>,
    /// Moves on with every `forget`: an answer read before a forget is not stored after it.
    generation: u64,
}

impl<K: Eq + Hash + Clone, V: Clone> Memo<K, V> {
    pub fn new(ttl: Duration) -> Self {
        Memo { ttl, state: Mutex::new(State { answers: HashMap::new(), generation: 0 }) }
    }

    /// The answer for `key` read at most `ttl` before `now`, else what `read` answers now.
    pub async fn get<F, Fut>(&self, key: K, now: DateTime<Utc>, read: F) -> Result<V, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, AppError>>,
    {
        let fresh = |at: DateTime<Utc>| at <= now && now < at + self.ttl;
        let generation = {
            let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((v, _)) = state.answers.get(&key).filter(|(_, at)| fresh(*at)) {
                return Ok(v.clone());
            }
            state.generation
        };
        let value = read().await?;
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.generation == generation {
            if state.answers.len() > SWEEP_AT {
                state.answers.retain(|_, (_, at)| fresh(*at));
            }
            state.answers.insert(key, (value.clone(), now));
        }
        Ok(value)
    }

    /// Drops the answer for `key`; call it after committing a change to what it answers.
    pub fn forget(&self, key: &K) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        state.answers.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_answer_is_kept_for_its_time_and_dropped_when_forgotten() {
        let memo: Memo<u8, u32> = Memo::new(Duration::seconds(5));
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(memo.get(1, t0, || async { Ok(10) }).await.expect("read"), 10);
        // Within the time: the kept answer, not a read.
        assert_eq!(memo.get(1, t0 + Duration::seconds(4), || async { Ok(11) }).await.expect("kept"), 10);
        // Past it: read again.
        assert_eq!(memo.get(1, t0 + Duration::seconds(5), || async { Ok(12) }).await.expect("expired"), 12);
        memo.forget(&1);
        assert_eq!(memo.get(1, t0 + Duration::seconds(6), || async { Ok(13) }).await.expect("forgotten"), 13);
        // A failed read keeps nothing.
        memo.forget(&1);
        assert!(memo.get(1, t0, || async { Err(AppError::internal("down")) }).await.is_err());
        assert_eq!(memo.get(1, t0, || async { Ok(14) }).await.expect("read"), 14);
    }
}
