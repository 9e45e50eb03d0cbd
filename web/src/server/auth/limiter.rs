//! Failed sign-ins, counted per login name and per client address: after
//! [`MAX_FAILURES`] failures within [`WINDOW`], that name (or that address) is refused until
//! the oldest of them is [`WINDOW`] old. In memory: a restart forgets the counts, which only
//! ever lets a guesser start over after the operator restarted the process.
//!
//! Time comes from the service's clock, so tests move it instead of waiting.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Failures allowed within [`WINDOW`] before sign-ins are refused.
pub const MAX_FAILURES: usize = 5;
/// The window failures are counted in.
pub const WINDOW: Duration = Duration::minutes(15);
/// Most names and addresses tracked at once; past it, keys without a recent failure go.
const MAX_KEYS: usize = 100_000;

/// Whose failures are counted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Name(String),
    Addr(IpAddr),
}

/// The failure counts (see the module docs).
#[derive(Debug, Default)]
pub struct Limiter {
    failures: Mutex<HashMap<Key, VecDeque<DateTime<Utc>>>>,
}

impl Limiter {
    fn keys(name: &str, addr: Option<IpAddr>) -> Vec<Key> {
        let mut keys = vec![Key::Name(name.trim().to_lowercase())];
        keys.extend(addr.map(Key::Addr));
        keys
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, VecDeque<DateTime<Utc>>>> {
        // The map holds plain timestamps: a panic elsewhere cannot leave it half-changed.
        self.failures.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `Err(retry_at)` when `name` or `addr` has had too many failures: the instant from which
    /// a sign-in is accepted again.
    pub fn check(
        &self,
        name: &str,
        addr: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<(), DateTime<Utc>> {
        let map = self.lock();
        let retry_at = Self::keys(name, addr)
            .iter()
            .filter_map(|k| map.get(k))
            .filter_map(|times| {
                let recent: Vec<_> = times.iter().filter(|t| now - **t < WINDOW).collect();
                (recent.len() >= MAX_FAILURES)
                    .then(|| *recent[recent.len() - MAX_FAILURES] + WINDOW)
            })
            .max();
        retry_at.map_or(Ok(()), Err)
    }

    /// Counts a failed sign-in of `name` from `addr`.
    pub fn failed(&self, name: &str, addr: Option<IpAddr>, now: DateTime<Utc>) {
        let mut map = self.lock();
        if map.len() >= MAX_KEYS {
            map.retain(|_, times| times.iter().any(|t| now - *t < WINDOW));
        }
        for key in Self::keys(name, addr) {
            let times = map.entry(key).or_default();
            times.retain(|t| now - *t < WINDOW);
            times.push_back(now);
            // Only the last MAX_FAILURES decide anything.
            while times.len() > MAX_FAILURES {
                times.pop_front();
            }
        }
    }

    /// Forgets the failures of `name` after it signed in (the address keeps its count: one
    /// address guessing many names is still limited).
    pub fn succeeded(&self, name: &str) {
        self.lock().remove(&Key::Name(name.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn five_failures_refuse_until_the_oldest_is_a_window_old() {
        let l = Limiter::default();
        let t0 = Utc.with_ymd_and_hms(2027, 1, 1, 12, 0, 0).unwrap();
        let addr: Option<IpAddr> = "10.0.0.1".parse().ok();
        for i in 0..5 {
            assert_eq!(l.check("alice", addr, t0), Ok(()));
            l.failed("alice", addr, t0 + Duration::minutes(i));
        }
        let now = t0 + Duration::minutes(5);
        assert_eq!(l.check("Alice", None, now), Err(t0 + WINDOW), "per name");
        assert_eq!(l.check("bob", addr, now), Err(t0 + WINDOW), "per address");
        assert_eq!(l.check("bob", "10.0.0.2".parse().ok(), now), Ok(()));
        assert_eq!(l.check("alice", None, t0 + WINDOW), Ok(()));
        l.succeeded("alice");
        assert_eq!(l.check("alice", None, now), Ok(()));
        assert!(
            l.check("alice", addr, now).is_err(),
            "the address keeps its count"
        );
    }
}
