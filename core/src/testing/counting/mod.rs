//! [`CountingStore`]: wraps any [`Store`] and counts the records its transactions return and
//! write, so a test can assert that a call reads a page, not the whole data set.
//!
//! It counts at the seam, what the [`ReadTx`] / [`WriteTx`] methods hand back or are given:
//! one per point lookup that finds something, `len()` per page, one per `task_counts` call,
//! one per put, delete or append. How a backend finds those records (an index, a scan) is
//! its own business and not counted here.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

mod tx;

use crate::{ReadTx, Result, Store, WriteTx};
use tx::Counted;

/// What kind of record a count is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum RecordKind {
    /// A campaign record.
    Campaign,
    /// A campaign id (name lookups, id batches).
    CampaignId,
    /// A plan.
    Plan,
    /// A calendar item.
    CalendarItem,
    /// A full task record.
    Task,
    /// A task brief (the queue's list view).
    TaskBrief,
    /// One `task_counts` answer (an aggregate, no record).
    TaskCounts,
    /// A metric entry.
    Metric,
    /// A stored weekly summary.
    WeeklySummary,
    /// A run ledger record.
    ActionRun,
    /// An action's stored on/off switch.
    ActionSetting,
    /// An audit entry (or the head of the log).
    Audit,
    /// A dashboard user.
    User,
    /// A session.
    Session,
}

/// The counts since the last [`CountingStore::reset`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records returned by the transactions' queries, per kind.
    pub read: BTreeMap<RecordKind, u64>,
    /// Records put, deleted or appended, per kind (in every attempt, committed or not).
    pub written: BTreeMap<RecordKind, u64>,
    /// Read transactions run.
    pub read_transactions: u64,
    /// Times a write closure was run: every attempt [`Store::write`] made.
    pub write_attempts: u64,
}

impl Tally {
    /// Records read, all kinds.
    pub fn records_read(&self) -> u64 {
        self.read.values().sum()
    }

    /// Records written, all kinds.
    pub fn records_written(&self) -> u64 {
        self.written.values().sum()
    }

    /// Records of `kind` read.
    pub fn read_of(&self, kind: RecordKind) -> u64 {
        self.read.get(&kind).copied().unwrap_or(0)
    }

    /// Records of `kind` written.
    pub fn written_of(&self, kind: RecordKind) -> u64 {
        self.written.get(&kind).copied().unwrap_or(0)
    }
}

/// A [`Store`] that forwards everything to `S` and counts what passes (see the module
/// docs). Clones share the inner store's data and the counts.
#[derive(Clone)]
pub struct CountingStore<S> {
    inner: S,
    tally: Arc<Mutex<Tally>>,
}

impl<S> CountingStore<S> {
    /// Counts what passes through to `inner`, from zero.
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            tally: Arc::default(),
        }
    }

    /// The wrapped store.
    pub fn inner(&self) -> &S {
        &self.inner
    }

    /// Starts counting again from zero.
    pub fn reset(&self) {
        *self.lock() = Tally::default();
    }

    /// The counts so far.
    pub fn tally(&self) -> Tally {
        self.lock().clone()
    }

    /// Records read so far, all kinds.
    pub fn records_read(&self) -> u64 {
        self.lock().records_read()
    }

    /// Records written so far, all kinds.
    pub fn records_written(&self) -> u64 {
        self.lock().records_written()
    }

    /// Write attempts so far.
    pub fn write_attempts(&self) -> u64 {
        self.lock().write_attempts
    }

    fn lock(&self) -> MutexGuard<'_, Tally> {
        lock(&self.tally)
    }
}

fn lock(tally: &Mutex<Tally>) -> MutexGuard<'_, Tally> {
    // Counters only: a panic elsewhere cannot leave them inconsistent.
    tally.lock().unwrap_or_else(|e| e.into_inner())
}

impl<S: fmt::Debug> fmt::Debug for CountingStore<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CountingStore")
            .field("inner", &self.inner)
            .field("tally", &*self.lock())
            .finish()
    }
}

impl<S: Store> Store for CountingStore<S> {
    fn reads_inline(&self) -> bool {
        self.inner.reads_inline()
    }

    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R> {
        self.lock().read_transactions += 1;
        let tally = &*self.tally;
        self.inner.read(|tx| f(&Counted { tx, tally }))
    }

    fn write_once<R>(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        let tally = &*self.tally;
        self.inner.write_once(&mut |tx| {
            lock(tally).write_attempts += 1;
            f(&mut Counted { tx, tally })
        })
    }

    // Forwarded, so the inner store's own retry policy applies; each attempt runs the
    // counting closure, which is how attempts are counted.
    fn write<R>(&self, mut f: impl FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        let tally = &*self.tally;
        self.inner.write(|tx| {
            lock(tally).write_attempts += 1;
            f(&mut Counted { tx, tally })
        })
    }
}
