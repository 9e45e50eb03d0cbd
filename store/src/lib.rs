//! campaign-ops-store: [`RedbStore`], the embedded default [`Store`] of campaign-ops, on
//! [redb](https://docs.rs/redb).
//!
//! ```no_run
//! use campaign_ops_core::{ReadTx, Sequence, Store, WriteTx};
//! use campaign_ops_store::RedbStore;
//!
//! let store = RedbStore::open("campaign-ops.redb")?;
//! let id = store.write(|tx| tx.next_id(Sequence::Campaign))?;
//! let campaigns = store.read(|tx| tx.campaigns(None))?;
//! # Ok::<(), campaign_ops_core::Error>(())
//! ```
//!
//! # Layout (schema version 5)
//!
//! Record tables, `u64 id -> [format version byte][postcard bytes]` (see `codec.rs`; each
//! table's value has a fixed redb type name `campaign_ops::<Type>`):
//!
//! | table            | key      | record         |
//! |------------------|----------|----------------|
//! | `campaigns`      | id       | `Campaign`     |
//! | `plans`          | id       | `CampaignPlan` |
//! | `calendar_items` | id       | `CalendarItem` |
//! | `tasks`          | id       | `OperatorTask` |
//! | `metrics`        | id       | `MetricEntry`  |
//! | `audit`          | seq      | `AuditEntry`   |
//! | `weekly_summaries` (since 3) | `(campaign, ISO year, ISO week)` | `WeeklySummary` |
//! | `action_runs` (since 3)      | `"<ACTION> <period>"` (`&str`)   | `ActionRun`     |
//!
//! Index tables (value `()` unless noted; times are UTC microseconds as `i64`):
//!
//! | table                          | key                          | since | holds                      |
//! |--------------------------------|------------------------------|-------|----------------------------|
//! | `campaign_names`               | `name_key -> id` (value id)  | 1     | every campaign, unique     |
//! | `campaigns_by_status`          | `(status code, id)`          | 2     | every campaign             |
//! | `plans_by_campaign`            | `(campaign, id)`             | 1     | every plan                 |
//! | `calendar_items_by_plan`       | `(plan, scheduled_at, id)`   | 1     | every item                 |
//! | `calendar_items_by_campaign`   | `(campaign, scheduled_at, id)` | 1   | every item                 |
//! | `tasks_by_campaign`            | `(campaign, id)`             | 1     | every task                 |
//! | `tasks_by_calendar_item`       | `(item, id)`                 | 1     | tasks with an item         |
//! | `open_tasks_by_due`            | `(due_at, id)`               | 1     | open tasks                 |
//! | `open_tasks_by_campaign_due`   | `(campaign, due_at, id)`     | 1     | open tasks                 |
//! | `open_task_briefs_by_assignee_due` | `(assignee, due_at, id) -> TaskBrief` | 4 | open, assigned tasks (covering) |
//! | `task_briefs_by_campaign_due`  | `(campaign, due_at, id) -> TaskBrief` | 5 | every task (covering) |
//! | `metrics_by_campaign`          | `(campaign, id)`             | 1     | every metric               |
//! | `metrics_by_campaign_time`     | `(campaign, recorded_at, id)` | 3    | every metric               |
//! | `audit_by_campaign`            | `(campaign, seq)`            | 1     | entries with a campaign    |
//!
//! Bookkeeping: `sequences` (`&str -> u64`, the last id handed out per
//! [`Sequence`](campaign_ops_core::Sequence)) and
//! `meta` (`&str -> u32`, `schema_version`). Status codes: draft 0, active 1, paused 2,
//! completed 3, archived 4.
//!
//! # Versions
//!
//! Version 1 lacked `campaigns_by_status` and `open_tasks_by_assignee_due`; version 2 lacked
//! `tasks_by_campaign_due`, `metrics_by_campaign_time`, `weekly_summaries` and `action_runs`;
//! version 3 had `open_tasks_by_assignee_due` (value `()`) where version 4 keeps briefs;
//! version 4 had `tasks_by_campaign_due` (value `()`) where version 5 keeps briefs. A file without
//! `meta` but with record tables is version 1. Opening an older file migrates it in one
//! write transaction; opening a newer one fails with [`StorageError::SchemaTooNew`]. See
//! `schema.rs`.
//!
//! # Processes
//!
//! redb locks the file: one process at a time. A second process gets
//! [`StorageError::InUse`]. Inside one process, share one [`RedbStore`] (it is a cheap
//! `Clone` over an `Arc`).

mod brief;
mod codec;
mod error;
mod read;
mod schema;
mod tables;
#[cfg(feature = "testing")]
mod testing;
mod write;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use campaign_ops_core::{ReadTx, Result, StorageError, Store, WriteTx};
use redb::{Database, ReadableDatabase};

use crate::error::Context;
use crate::read::Tx;

pub use schema::CURRENT_VERSION as SCHEMA_VERSION;

/// The redb-backed [`Store`]: a file, or memory for tests. Clones share one database.
#[derive(Clone)]
pub struct RedbStore {
    db: Arc<Database>,
    /// The file, `None` in memory (for messages and `Debug`).
    path: Option<Arc<Path>>,
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
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let db = Database::create(path).map_err(|e| error::open_error(path, e))?;
        Self::prepared(db, Some(path.into()))
    }

    /// A fresh, empty database in memory (redb's `InMemoryBackend`), gone when the last clone
    /// is dropped.
    pub fn in_memory() -> Result<Self> {
        let db = Database::builder()
            .create_with_backend(redb::backends::InMemoryBackend::new())
            .ctx("creating an in-memory database")?;
        Self::prepared(db, None)
    }

    fn prepared(db: Database, path: Option<Arc<Path>>) -> Result<Self> {
        schema::prepare(&db)?;
        Ok(Self {
            db: Arc::new(db),
            path,
        })
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

impl Store for RedbStore {
    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R> {
        let txn = self.db.begin_read().ctx("beginning a read transaction")?;
        f(&Tx { txn })
    }

    fn write<R>(&self, f: impl FnOnce(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        let txn = self.db.begin_write().ctx("beginning a write transaction")?;
        let mut tx = Tx { txn };
        match f(&mut tx) {
            Ok(value) => {
                tx.txn.commit().ctx("committing a write transaction")?;
                Ok(value)
            }
            Err(err) => {
                // The caller's error is the one that matters; if the abort itself fails, redb
                // still discards the transaction (nothing of it was committed).
                let _ = tx.txn.abort();
                Err(err)
            }
        }
    }
}
