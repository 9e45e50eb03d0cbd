//! [`MemoryStore`]: a small in-memory [`Store`] on `BTreeMap`s, the second backend that
//! proves the seam.
//!
//! It behaves like a multi-writer server database with optimistic concurrency: a write
//! attempt works on its own copy of the committed state, taken when the attempt starts, and
//! at commit time the attempt fails with a retryable conflict if any other writer committed
//! since. Nothing is locked while a closure runs, so concurrent writers really do overlap,
//! and the retry loop of [`Store::write`] is what keeps them correct. Queries scan the maps
//! (it is a test backend) but follow the contract's orders, cursors, limits and ranges
//! exactly.

mod state;
mod write;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};

use crate::{Error, ReadTx, Result, StorageError, Store, WriteTx};
use state::State;

/// The committed state and how many commits produced it.
#[derive(Default)]
struct Committed {
    state: Arc<State>,
    version: u64,
    conflicts: u64,
}

/// An in-memory [`Store`] with optimistic concurrency (see the module docs). Clones share
/// the same data, like handles on one database.
#[derive(Clone)]
pub struct MemoryStore {
    committed: Arc<Mutex<Committed>>,
}

/// The error of a write attempt that lost a race (or an append that does not link to the
/// head of the audit log): the one place this store builds it.
pub(crate) fn conflict(message: impl Into<String>) -> Error {
    // Retryable: `Store::write` runs the attempt again on the new state.
    Error::Storage(StorageError::conflict(message))
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryStore {
    /// An empty store with a workspace id of its own.
    pub fn new() -> Self {
        let state = State {
            workspace: random_hex_id().into(),
            ..State::default()
        };
        Self {
            committed: Arc::new(Mutex::new(Committed {
                state: Arc::new(state),
                version: 0,
                conflicts: 0,
            })),
        }
    }

    /// How many write transactions have committed so far.
    pub fn commits(&self) -> u64 {
        self.lock().version
    }

    /// How many write attempts have failed at commit because another writer committed
    /// first: shows whether a racing test really raced.
    pub fn conflicts(&self) -> u64 {
        self.lock().conflicts
    }

    /// A logical dump of every record (and the id sequences), in key order: compare two
    /// dumps to check that a refused or failed call changed nothing.
    pub fn dump(&self) -> Value {
        let s = self.snapshot();
        json!({
            "campaigns": s.campaigns.values().collect::<Vec<_>>(),
            "plans": s.plans.values().collect::<Vec<_>>(),
            "calendar_items": s.items.values().collect::<Vec<_>>(),
            "tasks": s.tasks.values().collect::<Vec<_>>(),
            "metrics": s.metrics.values().collect::<Vec<_>>(),
            "weekly_summaries": s.summaries.values().collect::<Vec<_>>(),
            "action_runs": s.runs.values().collect::<Vec<_>>(),
            "action_settings": s.action_settings.values().collect::<Vec<_>>(),
            "audit": s.audit.values().collect::<Vec<_>>(),
            "users": s.users.values().collect::<Vec<_>>(),
            "sessions": s.sessions.values().collect::<Vec<_>>(),
            "sequences": s.sequences,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Committed> {
        // The committed state is replaced in one assignment, so a thread that panicked
        // while holding the lock cannot have left it half-written.
        self.committed.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn snapshot(&self) -> Arc<State> {
        Arc::clone(&self.lock().state)
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (s, version, conflicts) = {
            let c = self.lock();
            (Arc::clone(&c.state), c.version, c.conflicts)
        };
        f.debug_struct("MemoryStore")
            .field("commits", &version)
            .field("conflicts", &conflicts)
            .field("campaigns", &s.campaigns.len())
            .field("tasks", &s.tasks.len())
            .field("audit_entries", &s.audit.len())
            .finish_non_exhaustive()
    }
}

impl Store for MemoryStore {
    /// A read takes a snapshot of memory.
    fn reads_inline(&self) -> bool {
        true
    }

    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R> {
        // The lock is held only to take the snapshot: readers never wait for a writer's
        // closure, and a commit meanwhile does not change what this read sees.
        let snapshot = self.snapshot();
        f(&*snapshot)
    }

    fn write_once<R>(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        let (snapshot, version) = {
            let c = self.lock();
            (Arc::clone(&c.state), c.version)
        };
        // Cheap: the tables are shared until the attempt first changes one (copy on write).
        let mut working = State::clone(&snapshot);
        drop(snapshot);
        let out = f(&mut working)?;
        let mut c = self.lock();
        // First committer wins: any commit since this attempt's snapshot may have changed
        // what the closure read, so the attempt is refused whole and may run again.
        if c.version != version {
            c.conflicts += 1;
            return Err(conflict(format!(
                "another writer committed since this attempt began (version {version}, now {})",
                c.version
            )));
        }
        c.state = Arc::new(working);
        c.version += 1;
        Ok(out)
    }
}

/// 128 random bits as hex, from the standard library's randomly keyed hasher: a test store
/// needs ids that differ between stores, not a cryptographic generator.
fn random_hex_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let half = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x5eed);
        h.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}
