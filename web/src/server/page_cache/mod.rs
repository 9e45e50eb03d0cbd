//! The rendered-page cache of the Today page: a signed-in user's page, kept compressed
//! ([`spliced`]) and sent again while nothing it shows can have changed.
//!
//! Correct by construction, not by expiry guesses. An entry is found only under a key of
//! everything the HTML depends on besides the store and the clock: the user (login name,
//! role, time zone, display name), the path and query, and the encoding the response gets
//! — so one user's page is never another's. It is used only while
//! - the store's change count ([`campaign_ops_core::Store::change_count`], bumped after
//!   every committed write, the daemon's included) is the one read *before* the page was
//!   rendered: any write since makes it stale (a write during the render too, at worst a
//!   needless miss); a store that cannot tell (PostgreSQL, shared by processes) caches
//!   nothing;
//! - the service clock is before the instant the render said its data holds until
//!   ([`note_valid_until`]: the Today read's next minute boundary, the moment the soonest
//!   task due today becomes overdue, the end of the user's day). A page whose render noted
//!   nothing is not kept.
//!
//! Each response still gets a fresh CSP nonce: the page is kept cut at the render's nonce
//! and put back together around the request's ([`spliced`]), matching the
//! `Content-Security-Policy` header [`super::security::headers`] sends with it. The
//! session is still checked per request (the sign-in middleware runs before this one).
//! Brotli responses, `HEAD`, other pages and responses that set a cookie or are not a
//! `200` page pass through uncached.
//!
//! Bounded: at most [`Limits::entries`] entries and [`Limits::bytes`] bytes; inserting
//! past either drops stale entries first, then the oldest. `CAMPAIGN_OPS_PAGE_CACHE=off`
//! turns it off (read once at start-up).

mod middleware;
pub mod spliced;

pub use middleware::{CacheState, serve};

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::HeaderMap;
use axum::response::Response;
use campaign_ops_core::Role;
use chrono::{DateTime, Utc};

use spliced::{Form, Spliced};

/// The pages kept: the Today page (any query), the operators' home and the page under load.
pub const CACHED_PATH: &str = "/today";

/// How much the cache may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most entries.
    pub entries: usize,
    /// Most bytes of kept pages, headers and keys.
    pub bytes: usize,
}

impl Limits {
    /// 4,096 pages or 32 MiB (a Today page is ~6 KB gzipped: thousands of users).
    pub const DEFAULT: Limits = Limits {
        entries: 4096,
        bytes: 32 << 20,
    };
}

/// The cache: a cheap handle (clones share it); [`PageCache::off`] keeps nothing.
#[derive(Clone, Default)]
pub struct PageCache {
    inner: Option<Arc<Inner>>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("stats", &self.stats())
            .finish()
    }
}

/// What the cache has done so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Pages sent from the cache.
    pub hits: u64,
    /// Cacheable requests rendered (and kept, when the render allowed it).
    pub misses: u64,
    /// Entries held.
    pub entries: usize,
    /// Bytes held.
    pub bytes: usize,
}

#[derive(Default)]
struct Inner {
    limits: Option<Limits>,
    map: Mutex<Map>,
    hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Default)]
struct Map {
    entries: HashMap<Key, Arc<Entry>>,
    bytes: usize,
    /// Insertions so far: an entry's age.
    inserted: u64,
}

/// Everything a kept page depends on besides the store and the clock.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    user: String,
    role: Role,
    time_zone: chrono_tz::Tz,
    display_name: String,
    path_and_query: String,
    form: Form,
}

impl Key {
    fn size(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.user.len()
            + self.display_name.len()
            + self.path_and_query.len()
    }
}

#[derive(Debug)]
struct Entry {
    /// The store's change count read before the render.
    changes: u64,
    /// The render's data holds until this instant (exclusive).
    valid_until: DateTime<Utc>,
    headers: HeaderMap,
    body: Spliced,
    size: usize,
    seq: u64,
}

impl Entry {
    fn is_current(&self, changes: u64, now: DateTime<Utc>) -> bool {
        self.changes == changes && now < self.valid_until
    }

    fn response(&self, nonce: &str) -> Response {
        let mut res = Response::new(Body::from(self.body.with_nonce(nonce)));
        *res.headers_mut() = self.headers.clone();
        res
    }
}

impl PageCache {
    /// A cache of `limits`.
    pub fn new(limits: Limits) -> Self {
        Self {
            inner: Some(Arc::new(Inner {
                limits: Some(limits),
                ..Inner::default()
            })),
        }
    }

    /// A cache that keeps nothing.
    pub fn off() -> Self {
        Self { inner: None }
    }

    /// As `CAMPAIGN_OPS_PAGE_CACHE` says: `off` keeps nothing; unset, empty or `on`, the
    /// [`Limits::DEFAULT`]. Anything else is logged and taken as `on`.
    pub fn from_env() -> Self {
        let setting = std::env::var("CAMPAIGN_OPS_PAGE_CACHE").unwrap_or_default();
        match setting.trim() {
            "off" => Self::off(),
            "" | "on" => Self::new(Limits::DEFAULT),
            other => {
                tracing::warn!("CAMPAIGN_OPS_PAGE_CACHE: `{other}` is neither on nor off; on");
                Self::new(Limits::DEFAULT)
            }
        }
    }

    /// Whether it keeps anything.
    pub fn is_on(&self) -> bool {
        self.inner.is_some()
    }

    /// Its counts so far.
    pub fn stats(&self) -> Stats {
        let Some(inner) = &self.inner else {
            return Stats::default();
        };
        let map = inner.lock();
        Stats {
            hits: inner.hits.load(Ordering::Relaxed),
            misses: inner.misses.load(Ordering::Relaxed),
            entries: map.entries.len(),
            bytes: map.bytes,
        }
    }
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, Map> {
        // A panic while holding the lock leaves the map whole (every change is one step).
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, key: &Key, changes: u64, now: DateTime<Utc>) -> Option<Arc<Entry>> {
        let map = self.lock();
        map.entries
            .get(key)
            .filter(|e| e.is_current(changes, now))
            .cloned()
    }

    /// Keeps `entry` under `key`, dropping entries to stay within the limits: those no
    /// longer current (at `changes` and `now`) first, then the oldest.
    fn insert(&self, key: Key, mut entry: Entry, changes: u64, now: DateTime<Utc>) {
        let Some(limits) = self.limits else { return };
        let size = entry.size + key.size();
        if size > limits.bytes || limits.entries == 0 {
            return;
        }
        let mut map = self.lock();
        map.inserted += 1;
        entry.seq = map.inserted;
        if let Some(old) = map.entries.remove(&key) {
            map.bytes -= old.size + key.size();
        }
        let over =
            |map: &Map| map.entries.len() + 1 > limits.entries || map.bytes + size > limits.bytes;
        if over(&map) {
            let stale: Vec<Key> = map
                .entries
                .iter()
                .filter(|(_, e)| !e.is_current(changes, now))
                .map(|(k, _)| k.clone())
                .collect();
            for k in stale {
                map.remove(&k);
            }
        }
        while over(&map) {
            let oldest = map
                .entries
                .iter()
                .min_by_key(|(_, e)| e.seq)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => map.remove(&k),
                None => break,
            }
        }
        map.bytes += size;
        map.entries.insert(key, Arc::new(entry));
    }
}

impl Map {
    fn remove(&mut self, key: &Key) {
        if let Some(old) = self.entries.remove(key) {
            self.bytes -= old.size + key.size();
        }
    }
}

/// What a render found about how long its data holds: the earliest instant noted.
#[derive(Debug, Clone, Default)]
struct RenderNote(Arc<Mutex<Option<DateTime<Utc>>>>);

/// Called by a server function while a cacheable page renders: the data it read holds, if
/// nothing is written, until `until` (exclusive). A page is kept only when its render
/// noted this; the earliest of several notes counts. Outside such a render, a no-op.
pub fn note_valid_until(until: DateTime<Utc>) {
    let note = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RenderNote>().cloned());
    if let Some(RenderNote(slot)) = note {
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        *slot = Some(slot.map_or(until, |t| t.min(until)));
    }
}

#[cfg(test)]
mod tests;
