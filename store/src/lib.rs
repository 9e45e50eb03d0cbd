//! campaign-ops-store: [`RedbStore`], the embedded default [`Store`] of campaign-ops, on
//! [redb](https://docs.rs/redb).
//!
//! ```no_run
//! use campaign_ops_core::{CampaignQuery, ReadTx, Sequence, Store, WriteTx};
//! use campaign_ops_store::RedbStore;
//!
//! let store = RedbStore::open("campaign-ops.redb")?;
//! let id = store.write(|tx| tx.next_id(Sequence::Campaign))?;
//! let page = store.read(|tx| tx.campaign_page(&CampaignQuery::first(50)))?;
//! # Ok::<(), campaign_ops_core::Error>(())
//! ```
//!
//! # Layout (schema version 8)
//!
//! Three tables. A durable redb commit costs more the more trees a transaction dirties, so
//! every write touches at most these three, whatever it changes:
//!
//! | table     | key → value | holds |
//! |-----------|-------------|-------|
//! | `records` | `[record kind][key fields]` → `[format][postcard]` | every record |
//! | `index`   | `[index kind][key fields]` → small value | every index entry |
//! | `meta`    | `&str` → bytes | schema version, id sequences, audit head, campaign counts |
//!
//! Keys are byte tuples compared bytewise (`keys.rs`): ids and seqs `u64` big-endian;
//! instants `i64` microseconds UTC with the sign bit flipped plus a `u16` sub-microsecond
//! part (10 bytes, exact, so range bounds need no re-check on the records); strings
//! followed by more fields `u32`-length-prefixed; a string that ends a key as is.
//!
//! Records (`record/`: stored structs, never the domain types; their key is not repeated in
//! the value):
//!
//! | kind | key | record |
//! |------|-----|--------|
//! | 1 | id | campaign |
//! | 2 | id | plan |
//! | 3 | id | calendar item |
//! | 4 | id | task (a POST checklist as a reference to its SOP version) |
//! | 5 | id | metric entry |
//! | 6 | campaign, ISO year (`i32` flipped), week (`u8`) | weekly summary |
//! | 7 | run key bytes (`"<ACTION> <period>"`) | action run |
//! | 8 | seq | audit entry |
//! | 9 | id | dashboard user |
//! | 10 | token hash (32 bytes) | session |
//!
//! Index entries (value `()` unless noted) and the queries they serve:
//!
//! | kind | key → value | entries for | serves |
//! |------|-------------|-------------|--------|
//! | 1 `CAMPAIGN_NAME` | name key bytes → id | every campaign (unique) | `campaign_id_by_name`, the duplicate check |
//! | 2 `CAMPAIGN_STATUS` | status, id | every campaign | `campaign_ids`, `campaign_page` by status |
//! | 3 `CAMPAIGN_CLIENT` | folded client, id → status | every campaign | `campaign_page` by client |
//! | 4 `CAMPAIGN_SEARCH` | id → status, search text | schema 6 only: the v6 → v7 step replaces them with kind 19 | — |
//! | 5 `PLAN_BY_CAMPAIGN` | campaign, id | every plan | `plans_for_campaign` |
//! | 6 `ITEM_BY_CAMPAIGN` | campaign, scheduled_at, id | every item | `calendar_items` |
//! | 7 `ITEM_PLANNED` | scheduled_at, id | planned items with an id up to the merge mark | `planned_items_due` (with kind 20) |
//! | 8 `TASK_BY_CAMPAIGN` | campaign, id | every task | `tasks_page` |
//! | 9 `TASK_BY_ITEM` | item, id | tasks with an item | `tasks_for_calendar_item` |
//! | 10 `TASK_DUE` | campaign, open/closed, due_at, id → status | every task | `open_tasks_due` and `open_task_heads_due` (the open range), `task_counts` (both ranges) |
//! | 11 `TASK_QUEUE` | assignee, due_at, id → brief | open, assigned tasks | `open_task_briefs_for_assignee` (covering) |
//! | 12 `METRIC_BY_CAMPAIGN` | campaign, id | every metric | `metrics_page` |
//! | 13 `METRIC_BY_TIME` | campaign, recorded_at, id → the entry's other fields (`MetricPoint`, schema 7) | every metric | `metrics_recorded` (covering) |
//! | 14 `RUN_OPEN` | run key bytes | runs not final | `open_action_runs` |
//! | 15 `AUDIT_BY_CAMPAIGN` | campaign, seq | entries with a campaign | `audit_for_campaign` |
//! | 16 `USER_NAME` | login name bytes → id | every user (unique) | `user_by_name`, the duplicate check |
//! | 17 `SESSION_BY_USER` | user, token hash | every session | `delete_user_sessions` |
//! | 18 `SESSION_EXPIRY` | expires_at, token hash | every session | `delete_expired_sessions` |
//! | 19 `CAMPAIGN_SEARCH_BLOCK` | block (id / 64) → `[1]` then per campaign `[id][status][len u32][search text]` | every campaign, 64 neighbouring ids per entry (`search.rs`) | `campaign_page` by text |
//! | 20 `ITEM_PLANNED_RECENT` | scheduled_at, id | planned items with an id past the merge mark (schema 8, `planned.rs`: ~4096 ids at most, merged into kind 7 by the write transaction that passes them) | `planned_items_due` (both runs read in step, at most `limit` keys each) |
//!
//! Records keyed by their own order need no index: `weekly_summaries`, `action_runs` (both
//! directions), `audit_entries` and `users_page` are range scans of `records`. Users and
//! sessions (kinds 9, 10, 16 to 18) came within schema 6: older v6 files simply have none,
//! and `accounts.rs` keeps their code apart from the rest. `meta` keys:
//! `schema_version` (`u32`), `seq.<kind>` (`u64`, the last id handed out), `audit_head`
//! (`[seq u64][hash]`: `audit_head` and `append_audit` read no entry),
//! `planned.merged_through` (`u64`, schema 8: the planned items' merge mark) and
//! `campaigns.status.<code>` (`u64`: `campaign_page` totals without a scan). Enum codes are
//! explicit tables (`record/codes.rs`).
//!
//! Every query is a range scan bounded by its limit or its time range, except
//! `campaign_page` with a text filter: a substring may be anywhere, and the page reports the
//! total of matches, so it scans the search blocks (status and folded search text of 64
//! campaigns per entry, no record decoding: 157 entries at 10,000 campaigns), or only the
//! client's range and its campaigns' blocks when a client filter is set too. A client filter alone scans
//! the client's range for its total.
//!
//! A write derives the index entries of the old and the new record and writes only the
//! difference: a task moving between open statuses rewrites one value (its `TASK_DUE`
//! status), never its `(campaign, id)` entry. What some calls touch:
//!
//! - **Completing a POST task** (one transaction): `records`: the task, 2 metrics, 2 ENGAGE
//!   follow-ups, the calendar item, the audit entry (7 rows); `index`: the task's `TASK_DUE`
//!   entry moves from open to closed and its queue entry goes, 2 entries per metric, 3 or 4
//!   per follow-up, 1 audit-by-campaign entry (the item's entries do not change: it was
//!   already in progress); `meta`: `seq.metric`, `seq.task`, `audit_head`. Three trees.
//! - **A new campaign with plan, calendar and tasks** (one transaction per service call):
//!   the campaign with its 4 entries and its status count; the plan with 1 entry; each item
//!   with 2 (planned: its planned entry in the small recent run, so a calendar's items
//!   share a few leaves instead of ~160 scattered ones; schema 8); each POST task with 3 or 4; each call's audit entry and head. Three
//!   trees each.
//! - **A campaign update** (no status change): the campaign record, its search entry only if
//!   name, client or description changed (its name entry only on a rename), the audit entry
//!   with its campaign entry, the head. Three trees.
//!
//! Measured with a scratch benchmark on the project's machine (2 shared cores, virtual
//! disk, 100,000 tasks): that task completion took a median 4.1 ms on a durable RedbStore
//! file against 3.9 ms for SQLite (WAL, `synchronous=FULL`, the natural indexes) writing
//! the same rows: 0.95 of SQLite's speed, where the target is 0.5. Both are dominated by
//! the disk's flush there; the layout keeps redb's share (trees dirtied per commit) low.
//! Since the redo log (see Durability), a completion's commit is one 3 KiB append and one
//! `fdatasync` of `<db>.wal` whatever the trees: `cargo bench --bench ops` (10k campaigns,
//! 1M tasks, load average about 1) measured 506 µs and 636 µs in two runs against 521 µs
//! and 563 µs for SQLite (1.03×, 0.89×), one bare `fdatasync` taking 124–137 µs, where
//! redb's own durable commit had been 2.48 ms against 0.53 ms (0.22×).
//!
//! # Versions
//!
//! Record values carry a format version byte per kind (all 1 in schemas 6 and 7; see
//! `record/`).
//! The schema version in `meta` describes the table layout. Versions 1 to 5 had a table
//! per record kind and per index (see `schema/`); opening such a file runs the steps up to
//! 5 on frozen copies of the v5 records (`legacy/`), then copies everything into the v6
//! layout and drops the old tables, all in one write transaction; a v6 file (and a migrated
//! older one) then has its search entries rebuilt as blocks (`schema/v7.rs`, tested on
//! `tests/fixtures/v6/workspace.redb`, written by the v6 build). A file without `meta` but
//! with record tables is version 1. Opening a newer file fails with
//! [`StorageError::SchemaTooNew`].
//!
//! # Durability
//!
//! A file store writes each commit's physical changes as one entry to its redo log
//! `<db>.wal` ([`wal`]), `fdatasync`s it, then commits redb with `Durability::None`: a
//! commit is durable once [`Store::write`] returns, in the log; the database file catches up
//! at checkpoints ([`RedbStore::checkpoint`], [`CheckpointLimits`], and when the last clone
//! is dropped), and [`RedbStore::open`] replays what a crash left in the log. Copy the
//! database file alone only after a checkpoint; [`RedbStore::backup_to`] needs none.
//!
//! # Processes
//!
//! redb locks the file: one process at a time. A second process gets
//! [`StorageError::InUse`]. Inside one process, share one [`RedbStore`] (it is a cheap
//! `Clone` over an `Arc`). redb runs one write transaction at a time, so writes are
//! serializable without conflicts: [`Store::write`] never needs to retry here.

mod accounts;
mod action_settings;
mod backend;
mod backup;
pub mod check;
#[cfg(unix)]
mod control;
pub mod doctor;
mod error;
#[cfg(feature = "testing")]
pub mod faults;
mod fuzzing;
mod index;
mod keys;
mod layout;
mod legacy;
mod meta;
mod planned;
mod read;
mod record;
mod schema;
mod search;
#[cfg(feature = "testing")]
mod testing;
mod tx;
pub mod wal;
mod write;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use campaign_ops_core::{ReadTx, Result, StorageError, Store, WriteTx};
use redb::{Database, ReadableDatabase};

use crate::error::Context;
use crate::tx::{Tables, Tx};

pub use backup::BackupSummary;
pub use check::{AuditFinding, Finding, IntegrityReport};
#[cfg(unix)]
pub use control::{BackupServer, control_socket_path, request_backup};
pub use doctor::{DoctorCheck, DoctorChecks, DoctorReport, RegisteredActions, action_checks};
#[doc(hidden)]
pub use fuzzing::{DECODER_KINDS, decode_any};
pub use schema::CURRENT_VERSION as SCHEMA_VERSION;
pub use wal::{CheckpointLimits, LogStatus, WalError};

/// The frozen records of schema v5, for tests that write old files (feature `testing`).
#[cfg(feature = "testing")]
#[doc(hidden)]
pub use legacy::v5 as legacy_v5;

/// The redb-backed [`Store`]: a file, or memory for tests. Clones share one database.
#[derive(Clone)]
pub struct RedbStore {
    db: Arc<Database>,
    /// The file, `None` in memory (for messages and `Debug`).
    path: Option<Arc<Path>>,
    /// The redo log of a file store (`wal/`); `None` in memory and on a custom backend,
    /// whose commits are redb's own durable ones. Dropped after `db`: the last clone's drop
    /// checkpoints through its own handle on the database.
    durable: Option<Arc<wal::Durable>>,
    /// Commits so far through this store and its clones ([`Store::change_count`]), bumped
    /// after each commit is visible to readers.
    changes: Arc<AtomicU64>,
}

impl fmt::Debug for RedbStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "RedbStore({})", path.display()),
            None => f.write_str("RedbStore(in memory)"),
        }
    }
}

impl RedbStore {
    /// Opens the database file at `path`, creating it if missing, and brings its schema up
    /// to date.
    ///
    /// Errors: [`StorageError::InUse`] when another process has the file open,
    /// [`StorageError::SchemaTooNew`] when a newer campaign-ops wrote it,
    /// [`StorageError::Backend`] for I/O and other redb failures.
    ///
    /// redb's page cache is limited to [`DEFAULT_CACHE_SIZE`]; [`RedbStore::builder`] sets
    /// another limit.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::builder().open(path)
    }

    /// A fresh, empty database in memory (redb's `InMemoryBackend`), gone when the last clone
    /// is dropped.
    pub fn in_memory() -> Result<Self> {
        Self::builder().in_memory()
    }

    /// Options for opening a store: `RedbStore::builder().cache_size(256 << 20).open(path)`.
    pub fn builder() -> RedbStoreBuilder {
        RedbStoreBuilder {
            cache_size: DEFAULT_CACHE_SIZE,
            limits: CheckpointLimits::DEFAULT,
        }
    }

    fn prepared(db: Database, path: Option<Arc<Path>>) -> Result<Self> {
        schema::prepare(&db)?;
        Ok(Self {
            db: Arc::new(db),
            path,
            durable: None,
            changes: Arc::default(),
        })
    }

    /// Makes every commit so far durable in the database file itself (a `Durability::
    /// Immediate` redb commit) and empties the redo log. The store does this by itself
    /// (see [`CheckpointLimits`]) and when its last clone is dropped; call it before
    /// copying the database file by other means than [`RedbStore::backup_to`] while the
    /// store is open. A no-op in memory.
    pub fn checkpoint(&self) -> Result<()> {
        match &self.durable {
            Some(d) => d.checkpoint(),
            None => Ok(()),
        }
    }

    /// The redo log's state (`None` in memory or on a custom backend, which have none).
    pub fn log_status(&self) -> Option<LogStatus> {
        self.durable.as_deref().map(wal::Durable::status)
    }

    /// Runs `f` in a raw redb write transaction (one that writes tables without the redo
    /// log: the test hooks) and commits it durably, checkpointing around it.
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn raw_write<R>(
        &self,
        f: impl FnOnce(&redb::WriteTransaction) -> Result<R>,
    ) -> Result<R> {
        let out = match &self.durable {
            Some(d) => d.raw_write(f),
            None => {
                let txn = self.db.begin_write().ctx("beginning a write transaction")?;
                let out = f(&txn)?;
                txn.commit().ctx("committing")?;
                Ok(out)
            }
        };
        self.changes.fetch_add(1, Ordering::Release);
        out
    }

    /// The database file, `None` for an in-memory store.
    pub fn path(&self) -> Option<PathBuf> {
        self.path.as_deref().map(Path::to_path_buf)
    }

    /// The schema version stamped in the database (always [`SCHEMA_VERSION`] once open).
    pub fn schema_version(&self) -> Result<u32> {
        let txn = self.db.begin_read().ctx("beginning a read transaction")?;
        schema::stored_version(&txn)?.ok_or_else(|| {
            campaign_ops_core::Error::Storage(StorageError::Corrupt {
                table: "meta".to_owned(),
                message: "no schema version".to_owned(),
            })
        })
    }
}

/// redb's page-cache limit that [`RedbStore::open`] sets, in bytes: 64 MiB.
///
/// redb's own default is 1 GiB, which a long-running process fills with pages it read once
/// (an escalation pass over a million tasks grew the bench process by ~150 MiB). The hot
/// pages of the page-sized queries (the upper levels of the two trees, an operator's queue,
/// a campaign's open tasks) fit in a fraction of this; a page that is not cached is read
/// from the OS page cache. The price is in bulk passes: measured by `cargo bench --bench
/// ops` (lines 7b to 7e, each run comparing both limits), the escalation pass over 10,000
/// campaigns on tmpfs took 1.8× (4.06 s against 2.24 s) and, on a busier machine, 4.3× as
/// long as with 1 GiB, and wrote 183 MiB per pass where an earlier run with 1 GiB wrote
/// 102 MiB (redb's write buffer is half the limit, which a 1,000-campaign batch's dirty pages
/// presumably outgrow); its reads alone were as fast in one run, 2.7× slower in the other.
/// A process that runs such passes and can spare the memory opens its store with
/// [`RedbStore::builder`] and a bigger limit.
pub const DEFAULT_CACHE_SIZE: usize = 64 * 1024 * 1024;

/// How a [`RedbStore`] is opened; made by [`RedbStore::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct RedbStoreBuilder {
    cache_size: usize,
    limits: CheckpointLimits,
}

impl RedbStoreBuilder {
    /// Limits redb's page cache (read cache and write buffer together) to `bytes`; default
    /// [`DEFAULT_CACHE_SIZE`]. More helps a working set that does not fit; less bounds the
    /// process's memory (0 works, every page read then goes to the file).
    pub fn cache_size(mut self, bytes: usize) -> Self {
        self.cache_size = bytes;
        self
    }

    /// When the store checkpoints its redo log by itself; default
    /// [`CheckpointLimits::DEFAULT`].
    pub fn checkpoint_limits(mut self, limits: CheckpointLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Opens (or creates) the database file at `path`, as [`RedbStore::open`] does, with its
    /// redo log `<path>.wal` ([`wal::log_path`]): a log left by a crash is replayed first.
    ///
    /// Errors besides [`RedbStore::open`]'s: a [`WalError`] (as the source of a
    /// [`StorageError::Backend`]; [`WalError::of`] finds it) when the log exists without
    /// the database, is not a log, is damaged, is of a newer format, or holds commits of
    /// another database or schema version.
    pub fn open(self, path: impl AsRef<Path>) -> Result<RedbStore> {
        let path = path.as_ref();
        let mut builder = Database::builder();
        builder.set_cache_size(self.cache_size);
        let (db, durable) = wal::open_file(path, builder, self.limits)?;
        Ok(RedbStore {
            db,
            path: Some(path.into()),
            durable: Some(Arc::new(durable)),
            changes: Arc::default(),
        })
    }

    /// A fresh, empty database in memory, as [`RedbStore::in_memory`] makes.
    pub fn in_memory(self) -> Result<RedbStore> {
        let db = Database::builder()
            .set_cache_size(self.cache_size)
            .create_with_backend(redb::backends::InMemoryBackend::new())
            .ctx("creating an in-memory database")?;
        RedbStore::prepared(db, None)
    }
}

impl Store for RedbStore {
    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R> {
        let txn = self.db.begin_read().ctx("beginning a read transaction")?;
        f(&Tx { txn })
    }

    /// The commits through this store and its clones (the dashboard's and the daemon's in
    /// one process; redb locks the file against other processes).
    fn change_count(&self) -> Option<u64> {
        Some(self.changes.load(Ordering::Acquire))
    }

    /// A read is CPU work on mapped pages of the one file (or a read of the OS page cache).
    fn reads_inline(&self) -> bool {
        true
    }

    /// One redb write transaction. redb serializes writers, so no attempt ever meets a
    /// conflict; the trait's default [`Store::write`] loop is kept for the errors that are
    /// retryable anyway.
    ///
    /// On a file, the commit goes through the redo log (`wal/`): the transaction's changes
    /// are appended to `<db>.wal` and `fdatasync`ed, then redb commits with
    /// `Durability::None`; an `Ok` means the commit is on disk in the log.
    fn write_once<R>(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        let mut txn = self.db.begin_write().ctx("beginning a write transaction")?;
        let logged = self.durable.is_some();
        if logged {
            txn.set_durability(redb::Durability::None)
                .ctx("making a commit non-durable (the log makes it durable)")?;
        }
        // The tables stay open for the whole closure and close (staging their roots) before
        // the commit.
        let out = Tables::open_logged(&txn, logged).and_then(|tables| {
            let mut tx = Tx { txn: tables };
            let value = f(&mut tx)?;
            tx.txn.flush()?;
            Ok((value, tx.txn.take_ops()))
        });
        match out {
            Ok((value, ops)) => {
                match &self.durable {
                    Some(d) => d.commit(txn, &ops)?,
                    None => txn.commit().ctx("committing a write transaction")?,
                }
                // After the commit: a reader that sees the old count may already see the
                // new data (a needless miss for a cache), never the other way round.
                self.changes.fetch_add(1, Ordering::Release);
                Ok(value)
            }
            Err(err) => {
                // The caller's error is the one that matters; if the abort itself fails, redb
                // still discards the transaction (nothing of it was committed).
                let _ = txn.abort();
                Err(err)
            }
        }
    }
}
